"""Party documents cited in text: spellings, short references, issuers in words, scope, dates."""

from __future__ import annotations

import pytest

from archivegen.extract import Directive, Knowledge, load_knowledge
from archivegen.extract.directives import extract_directives

PUBLISHED = "2023-05-10"


@pytest.fixture(scope="module")
def k() -> Knowledge:
    return load_knowledge()


def run(text: str, k: Knowledge, province: str | None = "Bắc Kạn", published: str | None = PUBLISHED):
    return extract_directives(text, k, province, published)


def ids(text: str, k: Knowledge, province: str | None = "Bắc Kạn") -> list[str]:
    return [d.id for d in run(text, k, province)[0]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Các chi bộ quán triệt 05/CT-TW đến từng đảng viên.", "05-CT/TW"),
        ("Thực hiện Chỉ thị số 05-CT/TW, các chi bộ đăng ký làm theo.", "05-CT/TW"),
        ("Triển khai Kế hoạch 84 – KH/TU trong toàn Đảng bộ.", "84-KH/TU"),
        ("Cán bộ thực hiện Quy định 04 –QĐ/TU về nêu gương.", "04-QĐ/TU"),
        ("Ban hành Nghị quyết 63–NQ/ĐU về chuyển đổi số.", "63-NQ/ĐU"),
        ("Sơ kết Chỉ thị 05-CT/TƯ tại cơ sở.", "05-CT/TW"),
        ("Sơ kết Chỉ thị 05-CT/T.Ư tại cơ sở.", "05-CT/TW"),
        ("Thực hiện Quy định số 08-QĐi/TW về nêu gương.", "08-QĐi/TW"),
        ("Thực hiện Kết luận số 01 - KL/TW của Bộ Chính trị.", "01-KL/TW"),
        ("Theo Hướng dẫn số 25-HD/BTGTW, các cấp ủy tổ chức học tập.", "25-HD/BTGTW"),
        ("Thực hiện Chương trình hành động số 15-CTr/TU của Tỉnh ủy.", "15-CTr/TU"),
    ],
    ids=[
        "slash-dash",
        "so-dash-slash",
        "spaced-en-dash",
        "en-dash-left",
        "en-dash-tight",
        "TU-horn",
        "T.U-dot",
        "QDi",
        "spaced-hyphen",
        "BTGTW",
        "CTr",
    ],
)
def test_spellings_normalise(k: Knowledge, text: str, expected: str) -> None:
    assert ids(text, k) == [expected]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("Các chi bộ quán triệt 05/CT-TW đến từng đảng viên.", "05/CT-TW"),
        ("Thực hiện Chỉ thị số 05-CT/TW, các chi bộ đăng ký làm theo.", "Chỉ thị số 05-CT/TW"),
        ("Triển khai Kế hoạch 84 – KH/TU trong toàn Đảng bộ.", "Kế hoạch 84 – KH/TU"),
    ],
    ids=["bare-number", "with-type-word", "spaced"],
)
def test_written_as_is_the_text_as_written(k: Knowledge, text: str, written: str) -> None:
    assert run(text, k)[0][0].written_as == (written,)


def test_fields_of_a_national_directive(k: Knowledge) -> None:
    (d,), warnings = run("Sơ kết việc thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị.", k)
    assert d.id == "05-CT/TW"
    assert d.kind == "Chỉ thị"
    assert d.number == "05"
    assert d.issuer == "TW"
    assert d.scope == "national"
    assert d.issued_by == "Bộ Chính trị"
    assert d.title == "Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    assert d.issued == "2016-05-15"
    assert warnings == []


@pytest.mark.parametrize(
    ("text", "expected_id", "written_as"),
    [
        (
            "Chỉ thị số 05-CT/TW đã đi vào cuộc sống. Sau 5 năm thực hiện Chỉ thị 05, nhiều mô hình ra đời.",
            "05-CT/TW",
            ("Chỉ thị số 05-CT/TW", "Chỉ thị 05"),
        ),
        (
            "Kết luận số 01-KL/TW được quán triệt sâu rộng. Thực hiện Kết luận số 01, các chi bộ đăng ký.",
            "01-KL/TW",
            ("Kết luận số 01-KL/TW", "Kết luận số 01"),
        ),
        (
            "Kế hoạch số 84-KH/TU được triển khai. Theo Kế hoạch 84, mỗi đảng viên đăng ký một việc làm.",
            "84-KH/TU",
            ("Kế hoạch số 84-KH/TU", "Kế hoạch 84"),
        ),
        (
            "Chỉ thị số 05-CT/TW được quán triệt. Qua một năm thực hiện Chỉ thị số 5, phong trào lan tỏa.",
            "05-CT/TW",
            ("Chỉ thị số 05-CT/TW", "Chỉ thị số 5"),
        ),
    ],
    ids=["chi-thi-05", "ket-luan-so-01", "local-plan", "without-leading-zero"],
)
def test_short_reference_resolves_to_full_mention(
    k: Knowledge, text: str, expected_id: str, written_as: tuple[str, ...]
) -> None:
    (d,), _ = run(text, k)
    assert d.id == expected_id
    assert d.written_as == written_as


def test_short_reference_prefers_national_document(k: Knowledge) -> None:
    text = (
        "Tỉnh ủy ban hành Chỉ thị 05-CT/TU về an toàn giao thông. Chỉ thị 05-CT/TW cũng được sơ kết. "
        "Thực hiện Chỉ thị 05, các chi bộ đăng ký."
    )
    directives, _ = run(text, k)
    by_id = {d.id: d for d in directives}
    assert set(by_id) == {"05-CT/TU", "05-CT/TW"}
    assert "Chỉ thị 05" in by_id["05-CT/TW"].written_as
    assert "Chỉ thị 05" not in by_id["05-CT/TU"].written_as


@pytest.mark.parametrize(
    ("text", "expected_id", "issued_by"),
    [
        (
            "Đảng bộ huyện thực hiện Nghị quyết 45 của Bộ Chính trị về xây dựng Đảng.",
            "45-NQ/TW",
            "Bộ Chính trị",
        ),
        (
            "Các chi bộ thực hiện Kế hoạch số 12 ngày 03/02/2022 của Ban Thường vụ Huyện ủy về học tập.",
            "12-KH/HU",
            "Ban Thường vụ Huyện ủy",
        ),
        (
            "Các chi bộ thực hiện Kế hoạch số 12 của Ban Thường vụ Huyện ủy về học tập.",
            "12-KH/HU",
            "Ban Thường vụ Huyện ủy",
        ),
        (
            "Quán triệt Kết luận số 21 của Ban Chấp hành Trung ương Đảng.",
            "21-KL/TW",
            "Ban Chấp hành Trung ương Đảng",
        ),
        (
            "Thực hiện Chỉ thị số 17 của Ban Thường vụ Tỉnh ủy về phòng chống dịch.",
            "17-CT/TU",
            "Ban Thường vụ Tỉnh ủy",
        ),
    ],
    ids=["nq-bct", "kh-btv-huyen-uy-date", "kh-btv-huyen-uy", "kl-bch", "ct-btv-tinh-uy"],
)
def test_issuer_in_words(k: Knowledge, text: str, expected_id: str, issued_by: str) -> None:
    (d,), _ = run(text, k)
    assert d.id == expected_id
    assert d.issued_by == issued_by


def test_issuer_in_words_date_read(k: Knowledge) -> None:
    (d,), _ = run("Thực hiện Kế hoạch số 12 ngày 03/02/2022 của Ban Thường vụ Huyện ủy.", k)
    assert d.issued == "2022-02-03"
    assert d.scope == "Bắc Kạn"


@pytest.mark.parametrize(
    "text",
    [
        "Thực hiện Nghị định 30/2020/NĐ-CP của Chính phủ về công tác văn thư.",
        "Theo Quyết định 1234/QĐ-UBND của UBND tỉnh, dự án được phê duyệt.",
        "Theo Quyết định số 567/QĐ-TTg ngày 12/4/2022 của Thủ tướng Chính phủ.",
        "Thông tư số 01/2011/TT-BNV hướng dẫn thể thức văn bản.",
        "Đưa Nghị quyết Đại hội XIII của Đảng vào cuộc sống.",
        "Thực hiện Chỉ thị 05, các xã ra quân phòng chống thiên tai.",
        "Năm 2023, huyện có 12 chi bộ đạt trong sạch vững mạnh.",
        "Luật số 15/2012/QH13 về xử lý vi phạm hành chính.",
    ],
    ids=["nd-cp", "qd-ubnd", "qd-ttg", "tt-bnv", "nq-dai-hoi", "bare-short-ref", "number-only", "luat"],
)
def test_not_party_documents(k: Knowledge, text: str) -> None:
    assert run(text, k) == ((), [])


@pytest.mark.parametrize(
    ("text", "province", "scope"),
    [
        ("Thực hiện Chỉ thị số 05-CT/TW.", "Bắc Kạn", "national"),
        ("Thực hiện Chỉ thị số 05-CT/TW.", None, "national"),
        ("Thực hiện Kế hoạch số 84-KH/TU.", "Bắc Kạn", "Bắc Kạn"),
        ("Thực hiện Kế hoạch số 84-KH/TU.", "Lào Cai", "Lào Cai"),
        ("Thực hiện Kế hoạch số 84-KH/TU.", None, None),
        ("Thực hiện Nghị quyết số 10-NQ/HU.", "Hà Giang", "Hà Giang"),
        ("Thực hiện Nghị quyết số 63-NQ/ĐU.", "Bắc Ninh", "Bắc Ninh"),
        ("Thực hiện Hướng dẫn số 25-HD/BTGTW.", "Bắc Ninh", "national"),
    ],
    ids=["tw", "tw-no-province", "tu", "tu-other", "tu-unknown", "hu", "du", "btgtw"],
)
def test_scope(k: Knowledge, text: str, province: str | None, scope: str | None) -> None:
    (d,), _ = run(text, k, province)
    assert d.scope == scope


def test_local_document_has_no_registry_title(k: Knowledge) -> None:
    (d,), _ = run("Thực hiện Chỉ thị số 05-CT/TU của Tỉnh ủy.", k)
    assert d.title is None
    assert d.issued is None
    assert d.scope == "Bắc Kạn"


@pytest.mark.parametrize(
    ("text", "issued"),
    [
        ("Chỉ thị số 05-CT/TW ngày 04/11/2016 của Bộ Chính trị được quán triệt.", "2016-11-04"),
        ("Kế hoạch số 84-KH/TU ngày 30 tháng 12 năm 2020 của Tỉnh ủy được triển khai.", "2020-12-30"),
        ("Ngày 15-5-2016, Bộ Chính trị đã ban hành Chỉ thị số 05-CT/TW về đẩy mạnh học tập.", "2016-05-15"),
        ("Ngày 20/3/2021, Ban Thường vụ Tỉnh ủy ban hành Kế hoạch số 84-KH/TU về học tập.", "2021-03-20"),
        ("Kế hoạch số 84-KH/TU, ban hành ngày 02.06.2022, được triển khai.", "2022-06-02"),
    ],
    ids=["numeric", "words", "date-before-ban-hanh", "local-date-before", "ban-hanh-ngay-dots"],
)
def test_issue_dates(k: Knowledge, text: str, issued: str) -> None:
    (d,), warnings = run(text, k)
    assert d.issued == issued
    assert warnings == []


def test_issue_date_after_article_warns_and_is_kept(k: Knowledge) -> None:
    (d,), warnings = run(
        "Thực hiện Kế hoạch số 84-KH/TU ngày 10/6/2024 của Tỉnh ủy.", k, published="2023-05-10T08:30"
    )
    assert d.issued == "2024-06-10"
    assert len(warnings) == 1
    assert "84-KH/TU" in warnings[0]
    assert "2024-06-10" in warnings[0]


def test_issue_date_same_day_as_article_no_warning(k: Knowledge) -> None:
    (d,), warnings = run(
        "Thực hiện Kế hoạch số 84-KH/TU ngày 10/5/2023 của Tỉnh ủy.", k, published="2023-05-10T08:30"
    )
    assert d.issued == "2023-05-10"
    assert warnings == []


@pytest.mark.parametrize(
    ("doc_id", "kind", "issued"),
    [
        ("05-CT/TW", "Chỉ thị", "2016-05-15"),
        ("01-KL/TW", "Kết luận", "2021-05-18"),
        ("08-QĐi/TW", "Quy định", "2018-10-25"),
        ("04-NQ/TW", "Nghị quyết", "2016-10-30"),
    ],
    ids=["ct05", "kl01", "qdi08", "nq04"],
)
def test_registry_fills_title_and_date(k: Knowledge, doc_id: str, kind: str, issued: str) -> None:
    (d,), _ = run(f"Các chi bộ quán triệt {doc_id} đến đảng viên.", k)
    assert d.id == doc_id
    assert d.kind == kind
    assert d.issued == issued
    assert d.title == k.registry[doc_id].title
    assert d.issued_by == k.registry[doc_id].issued_by


def test_registry_title_of_05_ct_tw(k: Knowledge) -> None:
    (d,), _ = run("Chỉ thị 05/CT-TW", k)
    assert d.title == "Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    assert d.issued_by == "Bộ Chính trị (khóa XII)"


def test_quyet_dinh_kind(k: Knowledge) -> None:
    (d,), _ = run("Ban Thường vụ Tỉnh ủy ban hành Quyết định số 99-QĐ/TU về thành lập đoàn kiểm tra.", k)
    assert d.id == "99-QĐ/TU"
    assert d.kind == "Quyết định"


def test_order_is_first_mention_and_one_entry_each(k: Knowledge) -> None:
    text = (
        "Kết luận số 01-KL/TW tiếp tục thực hiện Chỉ thị số 05-CT/TW. "
        "Tỉnh ủy ban hành Kế hoạch số 84-KH/TU. Chỉ thị 05-CT/TW được sơ kết; "
        "Kết luận 01-KL/TW được quán triệt."
    )
    directives, _ = run(text, k)
    assert [d.id for d in directives] == ["01-KL/TW", "05-CT/TW", "84-KH/TU"]
    assert directives[1].written_as == ("Chỉ thị số 05-CT/TW", "Chỉ thị 05-CT/TW")


def test_returns_directive_objects(k: Knowledge) -> None:
    directives, _ = run("Thực hiện Nghị quyết 45 của Bộ Chính trị.", k)
    assert directives == (
        Directive(
            id="45-NQ/TW",
            kind="Nghị quyết",
            number="45",
            issuer="TW",
            scope="national",
            written_as=("Nghị quyết 45",),
            issued=None,
            issued_by="Bộ Chính trị",
            title=None,
        ),
    )


def test_local_document_belongs_to_the_province_named_with_it(k: Knowledge) -> None:
    text = (
        "Ban Thường vụ Tỉnh ủy đã ban hành Kế hoạch số 38-KH/TU. "
        "Đoàn cho biết, Hà Tĩnh cũng đã ban hành Kế hoạch số 52-KH/TU về thực hiện Kết luận 01-KL/TW. "
        "Tỉnh cũng học tập Kế hoạch số 7-KH/TU của Tỉnh ủy Lào Cai."
    )
    directives, _ = extract_directives(text, k, "Quảng Bình", None)
    assert {d.id: d.scope for d in directives} == {
        "38-KH/TU": "Quảng Bình",
        "52-KH/TU": "Hà Tĩnh",
        "01-KL/TW": "national",
        "7-KH/TU": "Lào Cai",
    }


def test_central_military_commission_documents_are_national(k: Knowledge) -> None:
    text = "Thực hiện Chỉ thị số 855-CT/QUTW và Nghị quyết số 847-NQ/QUTW của Quân ủy Trung ương."
    directives, _ = extract_directives(text, k, "Điện Biên", None)
    assert {(d.id, d.scope) for d in directives} == {("855-CT/QUTW", "national"), ("847-NQ/QUTW", "national")}


def test_party_cell_plan(k: Knowledge) -> None:
    directives, _ = extract_directives("Chi bộ ban hành Kế hoạch số 07-KH/CB.", k, None, None)
    assert [(d.id, d.scope) for d in directives] == [("07-KH/CB", None)]


def test_unknown_party_document_type_is_reported_not_dropped_silently(k: Knowledge) -> None:
    directives, warnings = extract_directives(
        "Thực hiện Đề án 15-ĐA/TU và văn bản số 7-XY/TU.", k, "Bắc Ninh", None
    )
    assert [d.id for d in directives] == ["15-ĐA/TU"]
    assert warnings == ["unknown party document type 'XY' in '7-XY/TU'"]


def test_state_documents_give_no_unknown_type_warning(k: Knowledge) -> None:
    _, warnings = extract_directives("Quyết định số 1234/QĐ-UBND và Nghị định 30/2020/NĐ-CP.", k, None, None)
    assert warnings == []


def test_short_reference_names_the_topic_document_in_articles_on_its_topic(k: Knowledge) -> None:
    text = (
        "Chi bộ thực hiện Chỉ thị 05 gắn với học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh."
    )
    directives, _ = extract_directives(text, k, "Gia Lai", None)
    assert [(d.id, d.written_as) for d in directives] == [("05-CT/TW", ("Chỉ thị 05",))]


def test_short_reference_off_topic_stays_unresolved(k: Knowledge) -> None:
    directives, _ = extract_directives("Thực hiện Chỉ thị 05 về phòng chống thiên tai.", k, "Gia Lai", None)
    assert directives == ()


# --- cited by number and issuer in words, on real pages (issue 21) --------------------------------


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        (
            "Ban Thường vụ Thành ủy tổng kết 10 năm thực hiện Nghị quyết (NQ) 19 về “Xây dựng, củng cố tổ "
            "chức Đảng trong doanh nghiệp” của Ban Thường vụ Thành ủy.",
            ["19-NQ/TU"],
        ),
        ("Thực hiện Chỉ thị số 11 về đẩy mạnh cải cách hành chính của Ban Thường vụ Tỉnh ủy.", ["11-CT/TU"]),
        (
            "Ban Tổ chức Tỉnh ủy đã ban hành Hướng dẫn số 16 ngày 18/3/2024 về mô hình chi bộ bốn tốt.",
            ["16-HD/BTCTU"],
        ),
        (
            "Ban Tổ chức giải đã ban hành Quyết định số 02-QĐ/BTCG, ngày 16/5/2023 về Thể lệ giải.",
            ["02-QĐ/BTCG"],
        ),
    ],
    ids=["nq-abbreviation", "chi-thi-so-11", "ban-hanh", "unlisted-issuer"],
)
def test_documents_cited_by_number_and_issuer_in_words(k: Knowledge, text: str, ids: list[str]) -> None:
    directives, warnings = extract_directives(text, k, "Hải Phòng", None)
    assert [d.id for d in directives] == ids
    unlisted = [w for w in warnings if "not in directives.yaml" in w]
    if ids == ["02-QĐ/BTCG"]:
        assert unlisted == [
            "02-QĐ/BTCG: issuer 'BTCG' is not in directives.yaml; taken as a local party body"
        ]
    else:
        assert unlisted == []


@pytest.mark.parametrize(
    "text",
    [
        "UBND tỉnh ban hành Quyết định số 12-QĐ/UBND về quy chế làm việc.",  # a State document
        "Theo công văn 4337, sau khi xem xét báo cáo của Ban chỉ đạo 127 TW về buôn lậu xăng dầu.",
        "Những mục tiêu đề ra cho kế hoạch 1975 là tấn công trong địa bàn của Trung ương Cục miền Nam.",
        "Học viên của chương trình 300 Thạc sĩ - Tiến sĩ trẻ của Thành ủy - Ủy ban Nhân dân Thành phố.",
    ],
    ids=["state-issuer", "cong-van-ban-chi-dao", "ke-hoach-1975", "chuong-trinh-300"],
)
def test_what_is_not_a_party_document(k: Knowledge, text: str) -> None:
    directives, _ = extract_directives(text, k, "Hải Phòng", None)
    assert directives == ()
