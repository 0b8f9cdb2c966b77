"""People named in an article and their roles as written around the name."""

from __future__ import annotations

import pytest

from archivegen.extract import Knowledge, Person, load_knowledge
from archivegen.extract.people import extract_people


@pytest.fixture(scope="module")
def k() -> Knowledge:
    return load_knowledge()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Đồng chí Đỗ Văn Hùng, Tỉnh ủy viên, Bí thư Đảng ủy Khối các Cơ quan và Doanh nghiệp tỉnh "
            "khẳng định: phong trào đã lan tỏa.",
            Person("Đỗ Văn Hùng", "Tỉnh ủy viên, Bí thư Đảng ủy Khối các Cơ quan và Doanh nghiệp tỉnh"),
        ),
        (
            "Phó giám đốc Sở Tư pháp Phan Văn Tài cho biết, năm nay sở tổ chức 20 hội nghị.",
            Person("Phan Văn Tài", "Phó giám đốc Sở Tư pháp"),
        ),
        ("Theo ông Phan Văn Tài, kết quả rất khả quan.", Person("Phan Văn Tài", None)),
        (
            "Bà Hoàng Thị Lan, Chủ tịch Hội Liên hiệp Phụ nữ tỉnh, trao quà cho hội viên.",
            Person("Hoàng Thị Lan", "Chủ tịch Hội Liên hiệp Phụ nữ tỉnh"),
        ),
        (
            "Bí thư Tỉnh ủy Lâm Đồng Trần Văn Quang phát biểu chỉ đạo hội nghị.",
            Person("Trần Văn Quang", "Bí thư Tỉnh ủy Lâm Đồng"),
        ),
        (
            "Chủ tịch UBND tỉnh Nông Văn Chí yêu cầu các sở thực hiện nghiêm.",
            Person("Nông Văn Chí", "Chủ tịch UBND tỉnh"),
        ),
        (
            "Đồng chí Phạm Thị Kim Chung, Phó Chủ tịch Hội đồng nhân dân tỉnh, dự hội nghị.",
            Person("Phạm Thị Kim Chung", "Phó Chủ tịch Hội đồng nhân dân tỉnh"),
        ),
    ],
    ids=[
        "role-after",
        "role-before",
        "honorific-only",
        "ba-role-after",
        "place-before-name",
        "ubnd",
        "four-syllables",
    ],
)
def test_one_person(k: Knowledge, text: str, expected: Person) -> None:
    assert extract_people([text], k) == (expected,)


def test_one_entry_per_person_with_fuller_role(k: Knowledge) -> None:
    texts = [
        "Theo ông Phan Văn Tài, kết quả rất khả quan.",
        "Phó giám đốc Sở Tư pháp Phan Văn Tài cho biết, năm nay sở tổ chức 20 hội nghị.",
        "Ông Phan Văn Tài nói thêm về kế hoạch năm sau.",
    ]
    assert extract_people(texts, k) == (Person("Phan Văn Tài", "Phó giám đốc Sở Tư pháp"),)


def test_same_person_in_one_paragraph_once(k: Knowledge) -> None:
    text = "Phó giám đốc Sở Tư pháp Phan Văn Tài cho biết như vậy. Ông Phan Văn Tài nói thêm."
    assert extract_people([text], k) == (Person("Phan Văn Tài", "Phó giám đốc Sở Tư pháp"),)


@pytest.mark.parametrize(
    "text",
    [
        "Cán bộ, đảng viên học tập tấm gương đạo đức Chủ tịch Hồ Chí Minh.",
        "Thiếu nhi luôn ghi nhớ 5 điều Bác Hồ dạy.",
        "Đoàn Thanh niên ra quân làm đường giao thông nông thôn.",
        "Công ty TNHH Nguyễn Văn Hải được tặng bằng khen.",
        "Trường Tiểu học Trần Quốc Toản tổ chức lễ khai giảng.",
        "Giám đốc Công ty Hoàng Văn Thụ phát biểu tại hội nghị.",
        "Trường THCS Lê Quý Đôn đạt chuẩn quốc gia.",
        "Nguyễn Văn Hải và Lê Thị Mai là hai hộ nghèo của thôn.",
        "Đường Lê Văn Tám được chỉnh trang sạch đẹp.",
    ],
    ids=[
        "chu-tich-hcm",
        "bac-ho",
        "doan-thanh-nien",
        "company",
        "school",
        "company-director",
        "school-abbr",
        "no-context",
        "street",
    ],
)
def test_not_people(k: Knowledge, text: str) -> None:
    assert extract_people([text], k) == ()


def test_list_of_officials_each_with_own_role(k: Knowledge) -> None:
    text = (
        "Dự hội nghị có đồng chí Nguyễn Văn Hải, Phó Bí thư Thường trực Tỉnh ủy; đồng chí Lê Thị Mai, "
        "Trưởng ban Dân vận Tỉnh ủy; ông Trần Quốc Bảo, Giám đốc Sở Y tế."
    )
    assert extract_people([text], k) == (
        Person("Nguyễn Văn Hải", "Phó Bí thư Thường trực Tỉnh ủy"),
        Person("Lê Thị Mai", "Trưởng ban Dân vận Tỉnh ủy"),
        Person("Trần Quốc Bảo", "Giám đốc Sở Y tế"),
    )


def test_list_with_comma_separated_officials(k: Knowledge) -> None:
    text = (
        "Tham dự có các đồng chí: Hà Văn Sơn, Phó Chủ tịch UBND tỉnh và Lý Thị Hoa, "
        "Giám đốc Sở Giáo dục và Đào tạo."
    )
    people = {p.name: p.role for p in extract_people([text], k)}
    assert people == {
        "Hà Văn Sơn": "Phó Chủ tịch UBND tỉnh",
        "Lý Thị Hoa": "Giám đốc Sở Giáo dục và Đào tạo",
    }


def test_role_does_not_swallow_speech(k: Knowledge) -> None:
    text = "Đồng chí Đỗ Văn Hùng, Bí thư Huyện ủy nhấn mạnh việc nêu gương của người đứng đầu."
    assert extract_people([text], k) == (Person("Đỗ Văn Hùng", "Bí thư Huyện ủy"),)


def test_people_in_order_of_first_mention(k: Knowledge) -> None:
    texts = ["Ông Lê Văn Bình phát biểu.", "Bà Triệu Thị Hoa cho biết thêm.", "Ông Lê Văn Bình kết luận."]
    assert [p.name for p in extract_people(texts, k)] == ["Lê Văn Bình", "Triệu Thị Hoa"]


def test_minority_names_after_an_honorific(k: Knowledge) -> None:
    people = extract_people(["Ở xã Ea Kênh, bà H’Hoa Byă, Bí thư Chi bộ buôn Ea Khít, vận động bà con."], k)
    assert [(p.name, p.role) for p in people] == [("H’Hoa Byă", "Bí thư Chi bộ buôn Ea Khít")]


def test_commune_name_after_a_role_is_a_place(k: Knowledge) -> None:
    people = extract_people(["Ông Giàng Mí Sử, Chủ tịch UBND xã Sơn Vĩ cho hay, bà con đồng thuận."], k)
    assert [p.name for p in people] == ["Giàng Mí Sử"]


def test_head_of_a_provincial_association(k: Knowledge) -> None:
    people = extract_people(["Chủ tịch Hội Nông dân tỉnh Trần Văn Thoại cho hay, năm 2022 có 120 lớp."], k)
    assert [(p.name, p.role) for p in people] == [("Trần Văn Thoại", "Chủ tịch Hội Nông dân tỉnh")]


def test_one_letter_syllables_of_mong_and_ede_names(k: Knowledge) -> None:
    people = extract_people(["Đồng chí Giàng A Tủa, đảng viên người Mông, cho biết bà con đã đồng thuận."], k)
    assert [p.name for p in people] == ["Giàng A Tủa"]


# --- real pages and real news (issue 21) ----------------------------------------------------------


def names(texts: list[str], k: Knowledge, headline: str = "") -> list[str]:
    from archivegen.extract.people import extract_people

    return [p.name for p in extract_people(texts, k, headline)]


def test_a_role_after_the_honorific_is_not_the_name(k: Knowledge) -> None:
    """ "Đồng chí Tổng Bí thư Lê Duẩn": "Tổng Bí" was taken for a name."""
    headline = "Đồng chí Tổng Bí thư Lê Duẩn - Người con ưu tú của quê hương Quảng Trị"
    assert names([headline], k, headline) == ["Lê Duẩn"]


def test_leaders_of_history_are_people_of_the_article_only_when_its_headline_names_them(k: Knowledge) -> None:
    text = "Noi gương đồng chí Trần Phú, cán bộ học tập và làm theo Bác."
    assert names([text], k) == []
    assert names([text], k, "Noi gương đồng chí Trần Phú") == ["Trần Phú"]


def test_people_of_a_list_after_one_honorific(k: Knowledge) -> None:
    text = "Nhiều tập thể điển hình như bà Đặng Thị Mít, Nguyễn Thị Nhành ở xã Ea Lê đã hiến đất."
    assert names([text], k) == ["Đặng Thị Mít", "Nguyễn Thị Nhành"]


def test_a_name_the_text_cuts_is_not_emitted_half(k: Knowledge) -> None:
    assert names(["Dự hội nghị có đồng chí Nguyễn Văn…"], k) == []
    assert names(["Dự hội nghị có đồng chí Nguyễn Văn"], k) == []  # the excerpt ends there
    assert names(["Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ Mai Tiến Dũng… cùng dự."], k) == ["Mai Tiến Dũng"]


def test_streets_and_house_numbers_are_not_people(k: Knowledge) -> None:
    text = (
        "Xe được hoạt động trên các tuyến phố: Phan Đình Phùng, Hoàng Diệu, Bà Huyện Thanh Quan, Tôn Thất "
        "Đàm, Nguyễn Tri Phương. Nhà sách Cẩm Lệ - 42 Ông Ích Khiêm. Xe đậu trên đường Huỳnh Tấn Phát."
    )
    assert names([text], k) == []
    assert names(["Theo Phó chủ tịch UBND thành phố Đỗ Hoàng Ân, đầu năm sẽ làm."], k) == ["Đỗ Hoàng Ân"]


def test_a_country_is_not_a_person_and_belongs_to_the_role(k: Knowledge) -> None:
    from archivegen.extract.people import extract_people

    people = extract_people(["Thủ tướng Thái Lan Thaksin Shinawatra thăm Việt Nam."], k)
    assert [(p.name, p.role) for p in people] == [("Thaksin Shinawatra", "Thủ tướng Thái Lan")]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Các đồng chí Thào Hồng Sơn; Sèn Chỉn Ly, Ủy viên Ban Thường vụ Tỉnh ủy dự.", "Sèn Chỉn Ly"),
        ("Đồng chí Y Ngông Niê Kdăm, Bí thư Tỉnh ủy phát biểu.", "Y Ngông Niê Kdăm"),
        ("Bà H’Hen Niê, Hoa hậu Hoàn vũ Việt Nam, về thăm buôn làng.", "H’Hen Niê"),
        ("Đ/C Nguyễn Tiềm được bầu làm Bí thư.", "Nguyễn Tiềm"),
        ("Tòa án đưa ra xét xử Danh Minh Quang, ngụ xã Đại Tâm.", "Danh Minh Quang"),
    ],
    ids=["hmong", "ede", "h-apostrophe", "dc-capitals", "xet-xu"],
)
def test_more_ways_of_naming_people(k: Knowledge, text: str, name: str) -> None:
    assert name in names([text], k)


def test_a_national_role_makes_one_person_across_provinces(k: Knowledge) -> None:
    from archivegen.extract.people import extract_people

    [minister] = extract_people(["Bộ trưởng Bộ Y tế Trần Thị Trung Chiến phát biểu."], k)
    [local] = extract_people(["Giám đốc Sở Y tế Nguyễn Văn An phát biểu."], k)
    assert (minister.national, local.national) == (True, False)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Dự buổi lễ có đồng chí Phạm Văn Quang-PBT TT Thị ủy, Chủ tịch HĐND thị xã.", "Phạm Văn Quang"),
        ("2. Đ/c: Lò Thị NHung- PBTCB", "Lò Thị NHung"),
        ("Tới dự có đồng chí Nguyễn Quế Anh Bí thư đảng ủy phường Ngọc Hà.", "Nguyễn Quế Anh"),
        ("Phó Trưởng ban Tuyên giáo Quận ủy Quận 11 Đỗ Thanh Bình triển khai kế hoạch.", "Đỗ Thanh Bình"),
        ("Phó Trưởng ban Tuyên giáo Thành ủy TP.HCM Phạm Đức Hải cho biết: năm nay làm tốt.", "Phạm Đức Hải"),
    ],
    ids=["role-glued-by-dash", "digraph-in-capitals", "lower-case-role-after", "quan-11", "tp-hcm"],
)
def test_names_as_careless_pages_write_them(k: Knowledge, text: str, name: str) -> None:
    assert names([text], k) == [name]


def test_the_role_is_not_part_of_the_name_and_the_dots_of_tp_hcm_are_no_full_stop(k: Knowledge) -> None:
    from archivegen.extract.people import extract_people

    [person] = extract_people(["Phó Trưởng ban Tuyên giáo Thành ủy TP.HCM Phạm Đức Hải cho biết."], k)
    assert person.role == "Phó Trưởng ban Tuyên giáo Thành ủy TP.HCM"


def test_a_name_cut_after_its_middle_word_is_no_name(k: Knowledge) -> None:
    assert names(["3. Đ/c: Chu Thị NHUNG - PBTCB"], k) == []


def test_a_namesake_of_a_leader_of_history_with_a_role_of_today(k: Knowledge) -> None:
    """Nguyễn Tất Thành is Hồ Chí Minh's young name, and the name of a district's deputy secretary."""
    assert names(["Đồng Chí Nguyễn Tất Thành – Phó bí thư huyện ủy phát biểu tại hội nghị."], k) == [
        "Nguyễn Tất Thành"
    ]
    assert names(["Năm 1911, người thanh niên Nguyễn Tất Thành ra đi tìm đường cứu nước."], k) == []
