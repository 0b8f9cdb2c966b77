"""Units (organisations) named in an article: abbreviations, party prefixes, provinces."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archivegen.extract import Knowledge, Unit, load_knowledge
from archivegen.extract.knowledge import alternation, word_branches
from archivegen.extract.units import _either, expand_abbreviations, extract_units


@pytest.fixture(scope="module")
def k() -> Knowledge:
    return load_knowledge()


def canon(units: tuple[Unit, ...]) -> list[tuple[str, str, str | None]]:
    """What identifies each unit: its name with abbreviations written out, kind and province."""
    return [(u.canonical, u.kind, u.province) for u in units]


@pytest.mark.parametrize(
    ("text", "expanded"),
    [
        ("Đảng ủy Khối CCQ&DN tỉnh", "Đảng ủy Khối các Cơ quan và Doanh nghiệp tỉnh"),
        (
            "Đảng bộ Khối các Cơ quan và Doanh nghiệp (CCQ&DN) tỉnh",
            "Đảng bộ Khối các Cơ quan và Doanh nghiệp tỉnh",
        ),
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("Sở KH & CN", "Sở Khoa học và Công nghệ"),
        ("Sở Nông nghiệp&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("Sở NN&PTNT", "Sở Nông nghiệp và Phát triển nông thôn"),
        ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
        ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
        ("Trường THPT Bắc Kạn", "Trường Trung học phổ thông Bắc Kạn"),
    ],
    ids=[
        "ccq-dn",
        "paren-after-long",
        "kh-cn",
        "kh-cn-spaced",
        "nn-ampersand",
        "nn-ptnt",
        "ubnd",
        "ldtbxh",
        "thpt",
    ],
)
def test_expand_abbreviations(k: Knowledge, text: str, expanded: str) -> None:
    result = expand_abbreviations(text, k)
    assert result.text == expanded
    assert result.written(0, len(result.text)) == text  # the original spelling is recoverable


@pytest.mark.parametrize(
    "text",
    ["Các DN trên địa bàn", "Cuộc thi TWITTER", "Nhóm UBNDX"],
    ids=["not-listed", "inside-word", "longer-token"],
)
def test_expand_abbreviations_leaves_other_tokens(k: Knowledge, text: str) -> None:
    assert expand_abbreviations(text, k).text == text


def test_khoi_party_and_committee_fold_to_one(k: Knowledge) -> None:
    texts = [
        "Đảng bộ Khối các Cơ quan và Doanh nghiệp tỉnh tổ chức hội nghị.",
        "Đảng ủy Khối CCQ&DN tỉnh chỉ đạo các chi bộ trực thuộc.",
    ]
    units = extract_units(texts, "Bắc Ninh", k)
    assert canon(units) == [("Đảng bộ Khối các Cơ quan và Doanh nghiệp tỉnh", "party", "Bắc Ninh")]
    assert units[0].name == "Đảng bộ Khối các Cơ quan và Doanh nghiệp tỉnh"


def test_party_committee_of_department_is_the_department(k: Knowledge) -> None:
    texts = ["Đảng ủy Sở Tư pháp tổ chức hội nghị.", "Sở Tư pháp triển khai nhiệm vụ năm 2023."]
    assert canon(extract_units(texts, "Bắc Kạn", k)) == [("Sở Tư pháp", "provincial", "Bắc Kạn")]


def test_department_with_and_without_province_name_is_one_unit(k: Knowledge) -> None:
    texts = ["Sở Tư pháp tỉnh Bắc Kạn tổ chức hội nghị.", "Sở Tư pháp đã phổ biến pháp luật."]
    units = extract_units(texts, "Bắc Kạn", k)
    assert len(units) == 1
    assert units[0].province == "Bắc Kạn"
    assert units[0].name == "Sở Tư pháp tỉnh Bắc Kạn"


def test_same_department_of_two_provinces_is_two_units(k: Knowledge) -> None:
    units = extract_units(
        ["Sở Tư pháp tỉnh Bắc Kạn và Sở Tư pháp tỉnh Lào Cai ký kết chương trình."], "Bắc Kạn", k
    )
    assert [(u.province, u.kind) for u in units] == [("Bắc Kạn", "provincial"), ("Lào Cai", "provincial")]


def test_department_province_follows_article(k: Knowledge) -> None:
    a = extract_units(["Sở Tư pháp tổ chức hội nghị."], "Bắc Kạn", k)
    b = extract_units(["Sở Tư pháp tổ chức hội nghị."], "Cà Mau", k)
    assert canon(a) == [("Sở Tư pháp", "provincial", "Bắc Kạn")]
    assert canon(b) == [("Sở Tư pháp", "provincial", "Cà Mau")]
    assert a != b


@pytest.mark.parametrize(
    ("texts", "province", "expected"),
    [
        (
            ["Sở KH&CN phối hợp.", "Sở Khoa học và Công nghệ chủ trì."],
            "Bắc Kạn",
            [("Sở Khoa học và Công nghệ", "provincial", "Bắc Kạn")],
        ),
        (
            ["Sở Nông nghiệp&PTNT hướng dẫn nông dân."],
            "Bắc Kạn",
            [("Sở Nông nghiệp và Phát triển nông thôn", "provincial", "Bắc Kạn")],
        ),
        (
            ["UBND tỉnh chỉ đạo các địa phương."],
            "Bắc Kạn",
            [("Ủy ban nhân dân tỉnh", "provincial", "Bắc Kạn")],
        ),
        (["Công an tỉnh Bắc Kạn ra quân."], None, [("Công an tỉnh Bắc Kạn", "provincial", "Bắc Kạn")]),
        (
            ["Ban Thường vụ Tỉnh ủy họp phiên thường kỳ."],
            "Bắc Kạn",
            [("Tỉnh ủy", "provincial", "Bắc Kạn")],
        ),
        (
            ["Công ty Điện lực Bắc Ninh ra quân."],
            "Bắc Ninh",
            [("Công ty Điện lực Bắc Ninh", "organisation", "Bắc Ninh")],
        ),
        (["Bộ Chính trị ban hành Kết luận."], "Bắc Kạn", [("Bộ Chính trị", "national", None)]),
        (["Quốc hội thông qua luật."], "Bắc Kạn", [("Quốc hội", "national", None)]),
    ],
    ids=[
        "kh-cn-fold",
        "nn-ptnt",
        "ubnd-tinh",
        "cong-an-from-text",
        "btv-tinh-uy",
        "company",
        "politburo",
        "quoc-hoi",
    ],
)
def test_units(k: Knowledge, texts: list[str], province: str | None, expected: list[tuple]) -> None:
    assert canon(extract_units(texts, province, k)) == expected


def test_province_member_title_is_not_the_provincial_committee(k: Knowledge) -> None:
    units = extract_units(["Đồng chí Hà Văn Bình, Tỉnh ủy viên, Giám đốc Sở Y tế phát biểu."], "Bắc Kạn", k)
    assert canon(units) == [("Sở Y tế", "provincial", "Bắc Kạn")]


def test_province_member_title_alone_gives_no_unit(k: Knowledge) -> None:
    assert extract_units(["Có 3 đồng chí Tỉnh ủy viên dự họp."], "Bắc Kạn", k) == ()


@pytest.mark.parametrize(
    "text",
    [
        "Các sở, ngành phối hợp chặt chẽ.",
        "Lãnh đạo sở tư pháp và các ban, ngành dự họp.",
        "Công an tiếp nhận tin báo của người dân.",
    ],
    ids=["so-nganh", "lower-case-so", "cong-an-alone"],
)
def test_no_unit(k: Knowledge, text: str) -> None:
    assert extract_units([text], "Bắc Kạn", k) == ()


def test_unnamed_district_body_is_the_district_the_article_is_about(k: Knowledge) -> None:
    texts = [
        "Huyện Ba Bể triển khai mô hình mới.",
        "UBND huyện chỉ đạo các xã; huyện Ba Bể và huyện Pác Nặm phối hợp.",
    ]
    units = {u.canonical: u for u in extract_units(texts, "Bắc Kạn", k)}
    assert units["Ủy ban nhân dân huyện Ba Bể"].kind == "district"
    assert units["Ủy ban nhân dân huyện Ba Bể"].province == "Bắc Kạn"


def test_unnamed_district_body_without_any_district_named(k: Knowledge) -> None:
    units = extract_units(["Ủy ban nhân dân huyện chỉ đạo các xã."], "Bắc Kạn", k)
    assert canon(units) == [("Ủy ban nhân dân huyện", "district", "Bắc Kạn")]


def test_party_group_of_an_association_is_its_own_unit(k: Knowledge) -> None:
    units = {
        u.name
        for u in extract_units(["Đảng đoàn Hội Nông dân tỉnh và Hội Nông dân tỉnh phối hợp."], "Long An", k)
    }
    assert units == {"Đảng đoàn Hội Nông dân tỉnh", "Hội Nông dân tỉnh"}


def test_numbered_urban_districts(k: Knowledge) -> None:
    units = extract_units(
        ["Quận ủy Quận 3 và UBND Quận 3 làm việc với quận 10. Quận 3 có 10 phường."], "TP Hồ Chí Minh", k
    )
    canonicals = {u.canonical for u in units}
    assert {"Quận ủy Quận 3", "Ủy ban nhân dân Quận 3"} <= canonicals
    assert not {"Quận 3", "Quận 10"} & canonicals  # districts are places, not units (issue 21)
    assert "UBND Quận 3" in {u.name for u in units}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Các chi bộ ở huyện Bạch Thông sinh hoạt chuyên đề.",
            [],  # a district is a place, not a unit
        ),
        (
            "UBND huyện Bạch Thông triển khai kế hoạch.",
            [("Ủy ban nhân dân huyện Bạch Thông", "district", "Bắc Kạn")],
        ),
    ],
    ids=["district", "district-committee"],
)
def test_district_units(k: Knowledge, text: str, expected: list[tuple]) -> None:
    assert canon(extract_units([text], None, k)) == expected


def test_name_is_as_written_and_canonical_is_written_out(k: Knowledge) -> None:
    units = extract_units(
        ["Đảng ủy cơ quan Sở KH&CN họp.", "Sở KH&CN triển khai.", "Sở Khoa học và Công nghệ."],
        "Quảng Ninh",
        k,
    )
    assert [(u.name, u.canonical) for u in units] == [("Sở KH&CN", "Sở Khoa học và Công nghệ")]


def test_unit_order_is_first_mention_and_name_is_fullest(k: Knowledge) -> None:
    texts = ["Sở Y tế và Sở Tư pháp ký kết quy chế.", "Sở Y tế tỉnh Bắc Kạn sẽ chủ trì."]
    units = extract_units(texts, "Bắc Kạn", k)
    assert [u.name for u in units] == ["Sở Y tế tỉnh Bắc Kạn", "Sở Tư pháp"]


def test_city_committee_spellings_meet(k: Knowledge) -> None:
    texts = [
        "Thành ủy TP.HCM ban hành kế hoạch.",
        "Thành ủy chỉ đạo các quận.",
        "Thành ủy TP Hồ Chí Minh họp.",
    ]
    units = extract_units(texts, "Hồ Chí Minh", k)
    assert len(units) == 1 and units[0].province == "Hồ Chí Minh"


def test_commune_bodies_and_where_their_names_end(k: Knowledge) -> None:
    texts = ["Công an phường Vĩnh Lạc phối hợp với Chi bộ làng Kép Siu Thị Hoa và UBND xã Trường Hà."]
    assert [u.name for u in extract_units(texts, "Kiên Giang", k)] == [
        "Công an phường Vĩnh Lạc",
        "Chi bộ làng Kép",
        "UBND xã Trường Hà",
    ]


# The unit patterns run over every paragraph; they are written to start with a letter (not a
# lookbehind) so the regex engine skips ahead. These tests hold them to the plain form's answers.
_WORDS = ["Công an", "công đoàn", "Cục", "UBND", "U", "Sở Tư pháp", "Đảng bộ"]
_TEXT = st.text(alphabet="CcôÔngaUBNDSởTưpháĐđảbộụ ,.-x", max_size=40)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.booleans())
def test_word_branches_match_what_a_bounded_alternation_matches(text: str, caseless: bool) -> None:
    fast = re.compile(word_branches(_WORDS, caseless=caseless, after=r"(?!\w)"))
    words = alternation(_WORDS)
    plain = re.compile(rf"(?<!\w)(?i:{words})(?!\w)" if caseless else rf"(?<!\w)(?:{words})(?!\w)")
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_word_branches_let_the_engine_skip_ahead() -> None:
    # What makes them fast: Python's compiler finds the set of possible first characters.
    from re import _compiler, _parser  # type: ignore[attr-defined]

    for caseless in (False, True):
        parsed = _parser.parse(f"(?P<name>{word_branches(_WORDS, caseless=caseless)})x", 0)
        assert _compiler._get_charset_prefix(parsed, 0) is not None


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcx", max_size=30))
def test_either_finds_what_one_alternation_finds(text: str) -> None:
    first, second = re.compile("ab|bcb|a"), re.compile("bc|cab|c")
    both = re.compile("ab|bcb|a|bc|cab|c")
    assert [m.span() for m in _either(first, second, text)] == [m.span() for m in both.finditer(text)]


def test_expansion_keeps_the_spaces_around_ampersands_and_parentheses() -> None:
    k = load_knowledge()
    e = expand_abbreviations("Sở KH & CN, Sở GD&ĐT (GD&ĐT) và A & B (UBND)", k)
    assert e.text == "Sở Khoa học và Công nghệ, Sở Giáo dục và Đào tạo và A và B"
    assert e.written(0, len("Sở Khoa học và Công nghệ")) == "Sở KH & CN"


# --- precision on real news (issue 21) ------------------------------------------------------------


def test_spellings_of_one_city_are_one_unit(k: Knowledge) -> None:
    texts = [
        "Công ty Điện lực TP HCM cắt điện. Công ty Điện lực TP.HCM cho biết. Công ty Điện lực TPHCM "
        "và Công ty Điện lực TP Hồ Chí Minh thông báo."
    ]
    units = extract_units(texts, "Hồ Chí Minh", k)
    assert [u.canonical for u in units] == ["Công ty Điện lực TP Hồ Chí Minh"]


def test_dh_is_a_university_before_its_name_and_a_congress_before_the_party(k: Knowledge) -> None:
    units = extract_units(["Sinh viên ĐH Ngân hàng TP HCM dự ĐH Đảng bộ."], "Hồ Chí Minh", k)
    assert "Đại học Ngân hàng TP Hồ Chí Minh" in {u.canonical for u in units}


def test_a_body_of_another_country_is_not_vietnams(k: Knowledge) -> None:
    units = extract_units(["Bộ Y tế Thái Lan cho biết; Chính phủ Việt Nam khẳng định."], None, k)
    assert [u.canonical for u in units] == ["Chính phủ"]


def test_a_generic_unit_of_no_known_province_is_no_unit(k: Knowledge) -> None:
    """ "Ủy ban nhân dân tỉnh" with no province was a bucket of every province's committee."""
    assert extract_units(["VKSND huyện truy tố; Công an tỉnh điều tra."], None, k) == ()
    assert {u.province for u in extract_units(["Công an tỉnh điều tra."], "Nghệ An", k)} == {"Nghệ An"}


def test_an_address_after_a_company_is_not_its_name(k: Knowledge) -> None:
    units = extract_units(["Công ty Phát hành sách Đaklak - 01 Hai Bà Trưng, Hà Nội bán sách."], None, k)
    assert not [u for u in units if "Hai Bà Trưng" in u.name]


@pytest.mark.parametrize(
    "text",
    ["Chi cục trưởng Thú y tỉnh Bắc Ninh cho biết.", "Viện trợ lương thực khẩn cấp các tỉnh Ninh Thuận."],
    ids=["job-title", "vien-tro"],
)
def test_a_job_title_or_a_word_is_not_a_unit(k: Knowledge, text: str) -> None:
    assert [u.canonical for u in extract_units([text], None, k) if "Thú y" in u.name or "trợ" in u.name] == []


def test_a_name_of_its_own_is_kept_as_written(k: Knowledge) -> None:
    units = extract_units(
        ["Đại học Huế tuyển sinh; Công an tỉnh Thừa Thiên - Huế điều tra."], "Thừa Thiên Huế", k
    )
    assert {u.canonical for u in units} == {"Đại học Huế", "Công an tỉnh Thừa Thiên Huế"}
