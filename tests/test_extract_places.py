"""Which province an article is about: weighed evidence, visitors, Hồ Chí Minh the person."""

from __future__ import annotations

import pytest

from archivegen.extract import Knowledge, load_knowledge
from archivegen.extract.places import infer_province, publication_province


@pytest.fixture(scope="module")
def k() -> Knowledge:
    return load_knowledge()


@pytest.mark.parametrize(
    ("text", "publication", "province"),
    [
        ("Hội nghị sơ kết được tổ chức tại tỉnh Quảng Ninh.", None, "Quảng Ninh"),
        ("Chiều nay, các chi bộ tổ chức sinh hoạt chuyên đề.", "Báo Bắc Ninh", "Bắc Ninh"),
        ("Kho bạc Nhà nước Đồng Nai tổ chức hội nghị cán bộ, công chức.", None, "Đồng Nai"),
        ("Ban Thường vụ Tỉnh ủy Bình Định họp phiên thường kỳ.", None, "Bình Định"),
        ("Đại hội Đảng bộ tỉnh Hòa Bình lần thứ XVII thành công tốt đẹp.", None, "Hòa Bình"),
        ("Huyện Ba Bể, huyện Bạch Thông và huyện Pác Nặm ra quân làm đường.", None, "Bắc Kạn"),
        ("Các chi bộ ở huyện Pác Nặm đăng ký làm theo Bác.", None, "Bắc Kạn"),
        ("Hội nghị diễn ra tại TP Hồ Chí Minh.", None, "Hồ Chí Minh"),
        ("Thành ủy TP.HCM tổ chức hội nghị học tập chuyên đề.", None, "Hồ Chí Minh"),
        ("Lãnh đạo thành phố Hồ Chí Minh tiếp đoàn đại biểu người cao tuổi.", None, "Hồ Chí Minh"),
        ("Hội nghị diễn ra tại thành phố Hà Nội.", None, "Hà Nội"),
        ("UBND tỉnh Bắc Cạn chỉ đạo các sở, ngành.", None, "Bắc Kạn"),
        ("Công ty Điện lực Bắc Ninh ra quân sửa chữa lưới điện.", None, "Bắc Ninh"),
    ],
    ids=[
        "tinh-x",
        "newspaper-only",
        "unit",
        "tinh-uy",
        "dang-bo-tinh",
        "districts",
        "one-district",
        "tp-hcm",
        "tp.hcm",
        "thanh-pho-hcm-lower",
        "thanh-pho-ha-noi",
        "alias-bac-can",
        "company",
    ],
)
def test_province_found(k: Knowledge, text: str, publication: str | None, province: str) -> None:
    assert infer_province(text, k, publication).name == province


@pytest.mark.parametrize(
    ("text", "publication"),
    [
        ("Đảng viên học tập và làm theo tư tưởng Hồ Chí Minh.", None),
        ("Các cháu thiếu nhi nhớ ơn Bác Hồ kính yêu.", None),
        ("Chủ tịch Hồ Chí Minh luôn quan tâm đến công tác dân vận.", None),
        ("Học tập tư tưởng Hồ Chí Minh, làm theo Bác Hồ, Chủ tịch Hồ Chí Minh.", None),
        ("Nhân dân được sống trong hòa bình; quân ta bình định vùng biên.", None),
        ("Sản phẩm của hợp tác xã được bán ra tận Bắc Ninh.", None),
        ("Hội nghị được tổ chức tại Bắc Ninh.", None),
        ("Các chi bộ tổ chức sinh hoạt chuyên đề theo kế hoạch.", None),
        ("Các chi bộ tổ chức sinh hoạt chuyên đề theo kế hoạch.", "Báo Nhân Dân"),
    ],
    ids=[
        "tu-tuong-hcm",
        "bac-ho",
        "chu-tich-hcm",
        "all-hcm",
        "lower-case-words",
        "single-bare",
        "single-bare-hoi-nghi",
        "nothing",
        "national-paper",
    ],
)
def test_no_province(k: Knowledge, text: str, publication: str | None) -> None:
    province = infer_province(text, k, publication)
    assert (province.name, province.now) == (None, None)
    assert province.evidence


def test_visiting_delegation_gives_host(k: Knowledge) -> None:
    text = (
        "Đoàn công tác tỉnh Lào Cai đến thăm và làm việc tại huyện Mèo Vạc. "
        "Đoàn được lãnh đạo tỉnh Hà Giang đón tiếp chu đáo."
    )
    province = infer_province(text, k)
    assert province.name == "Hà Giang"
    assert province.now == "Tuyên Quang"
    assert "Lào Cai" in province.evidence
    assert "visitor" in province.evidence


def test_visitor_only_district_of_host(k: Knowledge) -> None:
    text = "Đoàn công tác tỉnh Lào Cai đến thăm và làm việc tại huyện Mèo Vạc."
    assert infer_province(text, k).name == "Hà Giang"


def test_conflict_gives_none_with_both_named(k: Knowledge) -> None:
    province = infer_province("Hội nghị giữa tỉnh Quảng Ninh và tỉnh Hải Dương.", k)
    assert province.name is None
    assert "Quảng Ninh" in province.evidence
    assert "Hải Dương" in province.evidence


def test_newspaper_against_other_province_conflict(k: Knowledge) -> None:
    assert infer_province("Hội nghị tại tỉnh Quảng Ninh.", k, "Báo Bắc Ninh").name is None


def test_repeated_strong_mentions_outweigh_one(k: Knowledge) -> None:
    text = (
        "Tỉnh ủy Bắc Kạn chỉ đạo. Các huyện của tỉnh Bắc Kạn thực hiện; học tập kinh nghiệm tỉnh Thái Nguyên."
    )
    province = infer_province(text, k)
    assert province.name == "Bắc Kạn"
    assert "Thái Nguyên" in province.evidence


@pytest.mark.parametrize(
    ("text", "publication", "fragments"),
    [
        ("Hội nghị tại tỉnh Quảng Ninh.", None, ["tỉnh Quảng Ninh"]),
        ("Chi bộ sinh hoạt.", "Báo Bắc Ninh", ["Báo Bắc Ninh"]),
        ("Kho bạc Nhà nước Đồng Nai tổng kết năm.", None, ["Kho bạc Nhà nước Đồng Nai"]),
        ("Huyện Bạch Thông ra quân.", None, ["Bạch Thông", "Bắc Kạn"]),
        (
            "Lãnh đạo tỉnh Hòa Bình làm việc với Đài PT-TH Hòa Bình.",
            None,
            ["tỉnh Hòa Bình", "Đài PT-TH Hòa Bình"],
        ),
    ],
    ids=["strong", "newspaper", "unit", "district", "station"],
)
def test_evidence_names_what_was_found(
    k: Knowledge, text: str, publication: str | None, fragments: list[str]
) -> None:
    evidence = infer_province(text, k, publication).evidence
    for fragment in fragments:
        assert fragment in evidence


@pytest.mark.parametrize(
    ("text", "name", "now"),
    [
        ("Hội nghị tại tỉnh Bắc Kạn.", "Bắc Kạn", "Thái Nguyên"),
        ("Hội nghị tại tỉnh Hà Giang.", "Hà Giang", "Tuyên Quang"),
        ("Hội nghị tại tỉnh Hòa Bình.", "Hòa Bình", "Phú Thọ"),
        ("Hội nghị tại tỉnh Bình Định.", "Bình Định", "Gia Lai"),
        ("Hội nghị tại tỉnh Quảng Nam.", "Quảng Nam", "Đà Nẵng"),
        ("Hội nghị tại tỉnh Thừa Thiên Huế.", "Thừa Thiên Huế", "Huế"),
        ("Hội nghị tại tỉnh Quảng Ninh.", "Quảng Ninh", "Quảng Ninh"),
    ],
    ids=["bac-kan", "ha-giang", "hoa-binh", "binh-dinh", "quang-nam", "hue", "unmerged"],
)
def test_now_after_2025_merger(k: Knowledge, text: str, name: str, now: str) -> None:
    province = infer_province(text, k)
    assert (province.name, province.now) == (name, now)


@pytest.mark.parametrize(
    ("publication", "province"),
    [
        ("Báo Bắc Ninh", "Bắc Ninh"),
        ("Báo Lào Cai", "Lào Cai"),
        ("Báo Nhân Dân", None),
        ("Báo Lào Cai và Báo Hà Giang", None),
    ],
    ids=["bac-ninh", "lao-cai", "national", "two"],
)
def test_publication_province(k: Knowledge, publication: str, province: str | None) -> None:
    assert publication_province(publication, k) == province


def test_delegation_described_at_length_counts_as_visitor(k: Knowledge) -> None:
    text = (
        "Ngày 14/9, đoàn công tác tỉnh Hà Tĩnh do đồng chí Trần Thị Nguyệt, Phó Trưởng Ban Tuyên giáo "
        "Tỉnh ủy Hà Tĩnh làm trưởng đoàn đã đến thăm và làm việc tại huyện Bố Trạch.\n"
        "Đại diện Ban Tuyên giáo Tỉnh ủy Quảng Bình thông tin về kết quả thực hiện Chỉ thị 05."
    )
    province = infer_province(text, k)
    assert province.name == "Quảng Bình"
    assert "Hà Tĩnh" in province.evidence and "visitor" in province.evidence


# --- real pages' evidence (issue 21) -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "province"),
    [
        ("Ban Thường vụ Huyện ủy Bến Cầu tổ chức hội nghị tổng kết.", "Tây Ninh"),
        ("Ngày 3-12, Huyện ủy Định Hóa tổ chức hội nghị học tập chỉ thị.", "Thái Nguyên"),
        ("UBND huyện Pác Nặm triển khai kế hoạch.", "Bắc Kạn"),
        ("Quận ủy Hoàng Mai tổ chức hội nghị.", "Hà Nội"),  # the quận; Nghệ An's is a thị xã
        ("Thị ủy Hoàng Mai tổ chức hội nghị.", "Nghệ An"),
        ("Công an huyện Tân Phú ra quân.", "Đồng Nai"),  # Hồ Chí Minh's Tân Phú is a quận
    ],
    ids=["huyen-uy", "huyen-uy-2", "ubnd-huyen", "quan-uy", "thi-uy", "cong-an-huyen"],
)
def test_a_district_named_by_its_bodies_and_its_type(k: Knowledge, text: str, province: str) -> None:
    assert infer_province(text, k).name == province


def test_a_district_name_of_many_provinces_is_resolved_by_its_commune(k: Knowledge) -> None:
    """Châu Thành is a district of ten provinces; of them only Tiền Giang's has a xã Tam Hiệp."""
    text = "Đảng ủy xã Tam Hiệp, huyện Châu Thành tổ chức lễ kết nạp đảng viên."
    province = infer_province(text, k)
    assert province.name == "Tiền Giang"
    assert infer_province("Huyện ủy Châu Thành tổ chức hội nghị.", k).name is None  # nothing resolves it


def test_a_district_located_by_its_province_in_brackets(k: Knowledge) -> None:
    assert infer_province("Các chi bộ ở huyện Châu Thành (Tiền Giang) sinh hoạt.", k).name == "Tiền Giang"


def test_names_of_history_are_not_todays_province(k: Knowledge) -> None:
    text = (
        "Kỷ niệm 35 năm thành lập Đảng bộ Khối các cơ quan thành phố Đà Nẵng. Ngày 28/10/1975, Ban "
        "Thường vụ Tỉnh ủy Quảng Nam - Đà Nẵng quyết định thành lập Đảng bộ Dân Chính Đảng Quảng Nam - "
        "Đà Nẵng; năm 1983, Tỉnh ủy Quảng Nam - Đà Nẵng chia tách các Đảng bộ Khối."
    )
    province = infer_province(text, k, published="2022-05-15")
    assert province.name == "Đà Nẵng"
    assert any(c.kind == "historical" and c.weight == 0 for c in province.clues)


def test_a_delegation_going_elsewhere_is_its_own_provinces_story(k: Knowledge) -> None:
    """The headline names the destination; the text names the delegation's Tỉnh ủy."""
    from archivegen.extract.places import IN_HEADLINE_FACTOR, Segment

    segments = [
        Segment("Đoàn Vĩnh Long về Nghệ An báo công dâng Bác", IN_HEADLINE_FACTOR),
        Segment(
            "Thực hiện chỉ đạo của Tỉnh ủy Vĩnh Long, Ban Thường vụ Tỉnh ủy tổ chức đoàn về nguồn tại "
            "huyện Nam Đàn (Nghệ An). Đoàn đến Khu di tích Kim Liên tại huyện Nam Đàn, tỉnh Nghệ An. "
            "Trưởng đoàn báo cáo thành tích của Đảng bộ và nhân dân tỉnh Vĩnh Long."
        ),
    ]
    assert infer_province(segments, k).name == "Vĩnh Long"


def test_a_venue_in_a_caption_does_not_make_a_national_article_provincial(k: Knowledge) -> None:
    from archivegen.extract.places import CAPTION_FACTOR, Segment

    segments = [
        Segment("Bộ Chính trị ban hành chỉ thị về công tác dân vận trong tình hình mới."),
        Segment("Quang cảnh hội nghị tại tỉnh Quảng Ninh.", CAPTION_FACTOR, "caption"),
    ]
    province = infer_province(segments, k)
    assert province.name is None and province.confidence == "weak"


def test_the_sites_banner_in_capitals_a_place_dateline_and_a_headline_opening(k: Knowledge) -> None:
    text = "Các chi bộ tổ chức sinh hoạt chuyên đề."
    assert infer_province(text, k, banners=("TRANG THÔNG TIN ĐIỆN TỬ ĐẢNG BỘ TỈNH NINH BÌNH",)).name == (
        "Ninh Bình"
    )
    assert infer_province(text, k, dateline_place="Tây Ninh").name == "Tây Ninh"
    from archivegen.extract.places import IN_HEADLINE_FACTOR, Segment

    headline = Segment("Nam Định: Tôn vinh 65 điển hình tiên tiến", IN_HEADLINE_FACTOR)
    assert infer_province([headline, Segment(text)], k).name == "Nam Định"


def test_one_clear_clue_is_evidence_and_says_so(k: Knowledge) -> None:
    province = infer_province("Bưu điện tỉnh Kon Tum phát động phong trào thi đua.", k)
    assert (province.name, province.confidence) == ("Kon Tum", "single")
    assert infer_province("Tỉnh ủy Bắc Kạn chỉ đạo; tỉnh Bắc Kạn thực hiện.", k).confidence == "strong"
    assert infer_province("Các chi bộ sinh hoạt.", k).confidence == "none"


@pytest.mark.parametrize(
    ("text", "published", "name", "now"),
    [
        ("Huyện ủy Thạch Thất tổ chức hội nghị.", "2006-05-10", "Hà Tây", "Hà Nội"),
        ("Huyện ủy Thạch Thất tổ chức hội nghị.", "2009-05-10", "Hà Nội", "Hà Nội"),
        ("Huyện ủy Thạch Thất tổ chức hội nghị.", None, "Hà Nội", "Hà Nội"),  # undated: today's reading
        ("Các xã của tỉnh Hà Tây ra quân làm đường.", "2007-03-01", "Hà Tây", "Hà Nội"),
        ("Huyện ủy Mê Linh tổ chức hội nghị.", "2007-03-01", "Vĩnh Phúc", "Phú Thọ"),
        ("Huyện ủy Mê Linh tổ chức hội nghị.", "2010-03-01", "Hà Nội", "Hà Nội"),
        ("Huyện ủy Đắk Mil tổ chức hội nghị.", "2003-06-01", "Đắk Lắk", "Đắk Lắk"),
        ("Huyện ủy Đắk Mil tổ chức hội nghị.", "2004-06-01", "Đắk Nông", "Lâm Đồng"),
        ("Tỉnh ủy Bắc Kạn tổ chức hội nghị.", "1996-06-01", "Bắc Thái", "Thái Nguyên"),
        ("Tỉnh ủy Vĩnh Phúc tổ chức hội nghị.", "2025-08-01", "Phú Thọ", "Phú Thọ"),  # the 34 provinces
    ],
)
def test_the_province_of_the_articles_date(
    k: Knowledge, text: str, published: str | None, name: str, now: str
) -> None:
    province = infer_province(text, k, published=published)
    assert (province.name, province.now) == (name, now)


def test_communes_after_july_2025_are_the_new_provinces(k: Knowledge) -> None:
    """From 1 July 2025 communes belong to the 34 provinces (two levels, no districts)."""
    name, entries = next((n, e) for n, e in k.communes_2025.items() if len(e) == 1 and e[0][1] == "xã")
    province = infer_province(f"Đảng ủy xã {name} tổ chức đại hội.", k, published="2025-09-01")
    assert (province.name, province.now) == (entries[0][0], entries[0][0])


def test_spellings_of_one_place(k: Knowledge) -> None:
    """Đắk, Đắc and Đăk; 'Ð' (U+00D0) typed for 'Đ' is folded in the canonical text."""
    from archivegen.text import canonical

    for spelling in ("huyện Đắk Mil", "huyện Đắc Mil", "huyện Đăk Mil", canonical("huyện Ðắk Mil")):
        assert infer_province(f"Các chi bộ ở {spelling} sinh hoạt.", k).name == "Đắk Nông", spelling


@pytest.mark.parametrize(
    ("text", "province"),
    [
        ("Cấp ủy đảng các cấp tại Sa Pa đã kiểm tra, giám sát 637 tổ chức đảng.", "Lào Cai"),
        ("Tổng Bí thư đến thăm, làm việc tại huyện đảo Phú Quốc (Kiên Giang).", "Kiên Giang"),
        ("Trưởng Đoàn Đại biểu Quốc hội (ĐBQH) Thanh Hóa phát biểu tại hội nghị.", "Thanh Hóa"),
        ("Nhân dịp này, phóng viên Báo và Phát thanh, Truyền hình Hưng Yên phỏng vấn.", "Hưng Yên"),
        ("Đảng bộ An Giang ra đời và phát triển.", "An Giang"),
    ],
    ids=["bare-district-after-tai", "huyen-dao", "doan-dbqh", "merged-outlet", "dang-bo-x"],
)
def test_more_ways_real_pages_name_a_province(k: Knowledge, text: str, province: str) -> None:
    assert infer_province(text, k).name == province


def test_a_bare_district_name_needs_its_venue_word(k: Knowledge) -> None:
    """A district's name alone, not after tại/ở/về/đến, may be a person's or a word."""
    assert infer_province("Anh Sa Pa kể lại chuyến đi.", k).name is None


def test_a_commune_whose_type_changed_is_resolved_by_its_district(k: Knowledge) -> None:
    """The gazetteer has a xã Đồng Thái in Hà Nội and, since it became a phường, one in Hải
    Phòng's An Dương. The text names An Dương: that is the commune, whatever the type."""
    text = (
        "Đảng bộ xã Đồng Thái, huyện An Dương tổng kết năm. Huyện ủy An Dương ghi nhận xã Đồng Thái "
        "dẫn đầu phong trào; xã Đồng Thái có 9 chi bộ."
    )
    province = infer_province(text, k, published="2020-01-10")
    assert province.name == "Hải Phòng"
    assert {c.province for c in province.clues if c.kind == "commune"} == {"Hải Phòng"}
    # Named alone, a xã Đồng Thái is the one that is still a xã.
    assert infer_province("Đảng ủy xã Đồng Thái tổ chức hội nghị.", k).name == "Hà Nội"


def test_place_names_a_site_wrote_in_lower_case(k: Knowledge) -> None:
    """ "huyện Bắc yên", "xã Mường khoa": the kind word and a capital first, then the gazetteer."""
    text = "Trung tâm bồi dưỡng chính trị huyện Bắc yên mở lớp cho đảng viên xã Mường khoa."
    province = infer_province(text, k)
    assert province.name == "Sơn La"
    assert any(c.text == "huyện Bắc Yên" for c in province.clues)
    assert infer_province("Cuộc sống yên bình ở huyện nhà.", k).name is None


def test_a_body_named_by_its_province_then_and_now(k: Knowledge) -> None:
    """ "Tỉnh ủy Sông Bé – Bình Dương": Sông Bé is history, the body is Bình Dương's."""
    text = "Kỷ niệm 40 năm ngày thành lập Ban Dân vận Tỉnh ủy Sông Bé – Bình Dương (1983-2023)."
    province = infer_province(text, k, published="2023-11-28")
    assert province.name == "Bình Dương"
    assert [c.kind for c in province.clues if c.province == "Bình Dương"] == ["body"]
    assert infer_province("Ông từng là Bí thư Tỉnh ủy Sông Bé.", k, published="2023-11-28").name is None
