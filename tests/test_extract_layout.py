"""Layout of scraped articles: title, dateline, byline, page chrome, captions and headings."""

from __future__ import annotations

import pytest

from archivegen.extract import Block, Knowledge, load_knowledge
from archivegen.extract.dates import parse_dateline
from archivegen.extract.layout import classify, parse_layout, split_byline

TITLE = "Huyện Ba Bể đẩy mạnh học tập và làm theo Bác"
P1 = (
    "Thời gian qua, Ban Thường vụ Huyện ủy đã chỉ đạo các chi bộ đưa nội dung học tập và làm theo "
    "tư tưởng, đạo đức, phong cách Hồ Chí Minh vào sinh hoạt định kỳ hằng tháng."
)
P2 = "Nhiều mô hình hay, cách làm sáng tạo đã được nhân rộng trong toàn Đảng bộ."
P_LONG = (
    "Phản hồi của người dân về các mô hình tự quản ở khu dân cư cho thấy phong trào đã đi vào chiều sâu, "
    "được cán bộ, đảng viên và nhân dân đồng tình hưởng ứng; nhiều tuyến đường nông thôn được mở rộng, "
    "nhiều ngôi nhà đại đoàn kết được bàn giao cho hộ nghèo trước dịp Tết Nguyên đán."
)


@pytest.fixture(scope="module")
def k() -> Knowledge:
    return load_knowledge()


def paragraphs(layout) -> list[str]:
    return [b.text for b in layout.blocks if b.kind == "p"]


# --- datelines ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("19/05/2021 10:30", "2021-05-19T10:30"),
        ("16:15, 18/05/2022", "2022-05-18T16:15"),
        ("Thứ Tư, 19/5/2021 - 10:30", "2021-05-19T10:30"),
        ("Cập nhật: 08:30 03/04/2023", "2023-04-03T08:30"),
        ("20/10/2022", "2022-10-20"),
        ("Thứ Hai, 05/06/2023 14:20 GMT+7", "2023-06-05T14:20"),
        ("Chủ nhật, 07-01-2024", "2024-01-07"),
        ("Ngày 30 tháng 12 năm 2020", "2020-12-30"),
        ("08h45 ngày 12.09.2019", "2019-09-12T08:45"),
    ],
    ids=["date-time", "time-date", "weekday", "cap-nhat", "date-only", "gmt", "chu-nhat", "words", "h-dots"],
)
def test_parse_dateline(line: str, expected: str) -> None:
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "Ngày 19/5/2021, Ban Thường vụ Tỉnh ủy tổ chức hội nghị.",
        "Hội nghị diễn ra ngày 19/05/2021 tại hội trường",
        "31/02/2021",
        "Sáng 20/10, tại huyện Ba Bể",
    ],
    ids=["sentence", "sentence-no-dot", "impossible-date", "no-year"],
)
def test_parse_dateline_rejects(line: str) -> None:
    assert parse_dateline(line) is None


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("19/05/2021 10:30", "2021-05-19T10:30"),
        ("16:15, 18/05/2022", "2022-05-18T16:15"),
        ("Thứ Tư, 19/5/2021 - 10:30", "2021-05-19T10:30"),
        ("Cập nhật: 08:30 03/04/2023", "2023-04-03T08:30"),
        ("20/10/2022", "2022-10-20"),
    ],
    ids=["date-time", "time-date", "weekday", "cap-nhat", "date-only"],
)
def test_layout_dateline_after_title(k: Knowledge, dateline: str, expected: str) -> None:
    layout = parse_layout(f"{TITLE}\n{dateline}\n{P1}\n{P2}", k)
    assert layout.title == TITLE
    assert layout.published == expected
    assert paragraphs(layout) == [P1, P2]


def test_layout_dateline_at_end(k: Knowledge) -> None:
    layout = parse_layout(f"{TITLE}\n{P1}\n{P2}\n19/05/2021 10:30", k)
    assert layout.published == "2021-05-19T10:30"
    assert paragraphs(layout) == [P1, P2]


def test_layout_dateline_before_byline(k: Knowledge) -> None:
    layout = parse_layout(f"{TITLE}\n{P1}\n{P2}\n20/10/2022\nVân Giang-Báo Bắc Kạn", k)
    assert layout.published == "2022-10-20"
    assert (layout.author, layout.publication) == ("Vân Giang", "Báo Bắc Kạn")
    assert paragraphs(layout) == [P1, P2]


def test_layout_body_sentence_with_date_is_not_a_dateline(k: Knowledge) -> None:
    first = "Ngày 19/5/2021, Ban Thường vụ Huyện ủy tổ chức hội nghị sơ kết."
    layout = parse_layout(f"{TITLE}\n{first}\n{P2}", k)
    assert layout.published is None
    assert paragraphs(layout) == [first, P2]


# --- bylines -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Vân Giang-Báo Bắc Ninh", ("Vân Giang", "Báo Bắc Ninh")),
        ("Theo Báo Lào Cai", (None, "Báo Lào Cai")),
        ("Minh Thu - Báo Cà Mau", ("Minh Thu", "Báo Cà Mau")),
        ("Hồng Nhung", ("Hồng Nhung", None)),
        ("Nguồn: Báo Nhân Dân", (None, "Báo Nhân Dân")),
        ("(Theo Báo Lào Cai)", (None, "Báo Lào Cai")),
        ("Thu Hà – Đài PT-TH Bắc Kạn", ("Thu Hà", "Đài PT-TH Bắc Kạn")),
    ],
    ids=["name-paper", "theo", "spaced-dash", "lone-name", "nguon", "parenthesised", "en-dash-station"],
)
def test_split_byline(k: Knowledge, line: str, expected: tuple[str | None, str | None]) -> None:
    assert split_byline(line, k) == expected


@pytest.mark.parametrize(
    ("byline", "author", "publication"),
    [
        ("Vân Giang-Báo Bắc Ninh", "Vân Giang", "Báo Bắc Ninh"),
        ("Theo Báo Lào Cai", None, "Báo Lào Cai"),
        ("Minh Thu - Báo Cà Mau", "Minh Thu", "Báo Cà Mau"),
        ("Hồng Nhung", "Hồng Nhung", None),
    ],
    ids=["name-paper", "theo", "spaced-dash", "lone-name"],
)
def test_layout_byline_last_line(
    k: Knowledge, byline: str, author: str | None, publication: str | None
) -> None:
    layout = parse_layout(f"{TITLE}\n19/05/2021\n{P1}\n{P2}\n{byline}", k)
    assert (layout.author, layout.publication) == (author, publication)
    assert paragraphs(layout) == [P1, P2]
    assert all(byline not in b.text for b in layout.blocks)


@pytest.mark.parametrize(
    "last",
    [
        "Toàn cảnh hội nghị",
        "Các đại biểu tham quan mô hình trồng rau sạch",
        "Niềm vui của người dân trong ngày hội",
    ],
    ids=["toan-canh", "tham-quan", "niem-vui"],
)
def test_layout_short_caption_like_last_line_is_not_a_byline(k: Knowledge, last: str) -> None:
    layout = parse_layout(f"{TITLE}\n19/05/2021\n{P1}\n{P2}\n{last}", k)
    assert layout.author is None
    assert layout.publication is None
    assert layout.blocks[-1].text == last


# --- page chrome -------------------------------------------------------------------------------

TRAILERS = {
    "phan-hoi": ["Phản hồi", "Họ tên", "Email", "Nội dung", "Mã kiểm tra", "Gửi"],
    "cac-tin-khac": [
        "Các tin khác",
        "Huyện Pác Nặm ra quân làm đường giao thông nông thôn",
        "Hội nghị Ban Chấp hành Đảng bộ huyện lần thứ 12",
        "Bạch Thông tổng kết công tác dân vận năm 2022",
    ],
    "tin-lien-quan": [
        "Tin liên quan",
        "Ba Bể: Sơ kết 5 năm thực hiện Chỉ thị 05",
        "Kiểm tra công tác xây dựng Đảng tại xã Khang Ninh",
    ],
    "thong-ke": ["Thống kê truy cập", "Đang online: 27", "Hôm nay: 1623", "Tổng truy cập: 4.512.300"],
    "tin-lien-quan-colon": ["Tin liên quan:", "Tỉnh ủy Bắc Kạn ban hành kế hoạch mới"],
}


@pytest.mark.parametrize("trailer", list(TRAILERS.values()), ids=list(TRAILERS))
def test_layout_trailing_chrome_removed(k: Knowledge, trailer: list[str]) -> None:
    text = "\n".join([TITLE, "19/05/2021", P1, P2, *trailer])
    layout = parse_layout(text, k)
    assert paragraphs(layout) == [P1, P2]
    assert [b.text for b in layout.blocks] == [P1, P2]


def test_layout_trailing_chrome_after_byline_keeps_byline(k: Knowledge) -> None:
    text = "\n".join([TITLE, "19/05/2021", P1, P2, "Vân Giang-Báo Bắc Kạn", "Phản hồi", "Họ tên", "Email"])
    layout = parse_layout(text, k)
    assert paragraphs(layout) == [P1, P2]
    assert (layout.author, layout.publication) == ("Vân Giang", "Báo Bắc Kạn")


@pytest.mark.parametrize(
    "line",
    ["Hôm nay: 1623", "Đang truy cập: 45", "Lượt xem: 1.204", "Chia sẻ", "In bài viết", "Cỡ chữ", "GMT+7"],
    ids=["hom-nay", "dang-truy-cap", "luot-xem", "chia-se", "in-bai", "co-chu", "gmt"],
)
def test_layout_chrome_lines_removed_anywhere(k: Knowledge, line: str) -> None:
    layout = parse_layout(f"{TITLE}\n{line}\n{P1}\n{line}\n{P2}", k)
    assert [b.text for b in layout.blocks] == [P1, P2]


def test_layout_long_paragraph_after_trailer_word_keeps_body(k: Knowledge) -> None:
    """A short line starting with a trailer word is not chrome when real body text follows it."""
    layout = parse_layout(f"{TITLE}\n{P1}\nPhản hồi\n{P_LONG}\n{P2}", k)
    texts = [b.text for b in layout.blocks]
    assert P1 in texts
    assert P_LONG in texts
    assert P2 in texts


def test_layout_paragraph_starting_with_trailer_word_is_body(k: Knowledge) -> None:
    layout = parse_layout(f"{TITLE}\n{P1}\n{P_LONG}", k)
    assert paragraphs(layout) == [P1, P_LONG]


# --- captions and headings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "text", "credit"),
    [
        (
            "Đồng chí Bí thư Huyện ủy phát biểu tại hội nghị. Ảnh: H.Thảo",
            "Đồng chí Bí thư Huyện ủy phát biểu tại hội nghị.",
            "H.Thảo",
        ),
        ("Các đại biểu dự hội nghị (Ảnh: Hải Yến)", "Các đại biểu dự hội nghị", "Hải Yến"),
        ("Quang cảnh buổi lễ - Ảnh: TTXVN", "Quang cảnh buổi lễ", "TTXVN"),
    ],
    ids=["tail", "paren", "dash"],
)
def test_classify_caption_with_credit(line: str, text: str, credit: str) -> None:
    assert classify([P1, line, P2]) == [Block("p", P1), Block("caption", text, credit), Block("p", P2)]


def test_classify_credit_on_its_own_line_joins_previous_caption() -> None:
    blocks = classify([P1, "Các đại biểu tham quan mô hình nuôi cá lồng", "Ảnh: Minh Thu", P2])
    assert blocks == [
        Block("p", P1),
        Block("caption", "Các đại biểu tham quan mô hình nuôi cá lồng", "Minh Thu"),
        Block("p", P2),
    ]


def test_layout_caption_broken_over_two_lines(k: Knowledge) -> None:
    text = f"{TITLE}\n{P1}\nĐồng chí Bí thư Huyện ủy trao quà\ncho các gia đình chính sách. Ảnh: H.Thảo\n{P2}"
    layout = parse_layout(text, k)
    assert list(layout.blocks) == [
        Block("p", P1),
        Block("caption", "Đồng chí Bí thư Huyện ủy trao quà cho các gia đình chính sách.", "H.Thảo"),
        Block("p", P2),
    ]


def test_layout_alt_text_repeated_as_caption(k: Knowledge) -> None:
    cap = "Lãnh đạo huyện thăm mô hình trồng cam"
    layout = parse_layout(f"{TITLE}\n{P1}\n{cap}\n{cap}\n{P2}", k)
    assert [b.kind for b in layout.blocks] == ["p", "caption", "p"]
    assert layout.blocks[1].text == cap


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("* Nêu gương trong thực hiện nhiệm vụ", "Nêu gương trong thực hiện nhiệm vụ"),
        ("- Kết quả nổi bật", "Kết quả nổi bật"),
        ("1. Những kết quả đạt được", "1. Những kết quả đạt được"),  # numbering is part of the heading
        ("II. Nhiệm vụ trọng tâm", "II. Nhiệm vụ trọng tâm"),
        ("Lan tỏa những việc làm tốt", "Lan tỏa những việc làm tốt"),
    ],
    ids=["star", "dash", "number", "roman", "unmarked"],
)
def test_classify_headings(line: str, heading: str) -> None:
    assert classify([P1, line, P2]) == [Block("p", P1), Block("h", heading), Block("p", P2)]


@pytest.mark.parametrize(
    "line",
    ["Nhiều mô hình hay đã được nhân rộng.", "đó là kết quả của quá trình bền bỉ"],
    ids=["ends-with-period", "lower-case"],
)
def test_classify_not_headings(line: str) -> None:
    assert classify([P1, line, P_LONG])[1].kind == "p"


def test_layout_lower_case_continuation_joins_paragraph(k: Knowledge) -> None:
    layout = parse_layout(
        f"{TITLE}\nBan Thường vụ Huyện ủy đã chỉ đạo\ncác chi bộ thực hiện nghiêm túc.\n{P2}", k
    )
    assert paragraphs(layout) == ["Ban Thường vụ Huyện ủy đã chỉ đạo các chi bộ thực hiện nghiêm túc.", P2]


def test_layout_empty_text(k: Knowledge) -> None:
    layout = parse_layout("", k)
    assert (layout.title, layout.published, layout.blocks) == ("", None, ())


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Hoàng Anh (Báo Nghệ An)", ("Hoàng Anh", "Báo Nghệ An")),
        ("Bài, ảnh: Trúc Linh", ("Trúc Linh", None)),
        ("Bài và ảnh: Minh Thu - Báo Lào Cai", ("Minh Thu", "Báo Lào Cai")),
    ],
    ids=["paren-outlet", "bai-anh", "bai-va-anh-outlet"],
)
def test_more_byline_forms(k: Knowledge, line: str, expected: tuple[str | None, str | None]) -> None:
    assert split_byline(line, k) == expected


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Cập nhật lúc 22:22, Thứ Sáu, 05/01/2018 (GMT+7)", "2018-01-05T22:22"),
        ("Thứ Hai, 02/03/2020 - 08:15", "2020-03-02T08:15"),
        ("Ngày cập nhật: 12/10/2023", "2023-10-12"),
        ("Ngày đăng: 02/03/2020 08:15", "2020-03-02T08:15"),
        ("08:15 | 02/03/2020", "2020-03-02T08:15"),
        ("02/03/2020 08:15:30", "2020-03-02T08:15"),
        ("Cập nhật ngày: 03-04-2023 10h20", "2023-04-03T10:20"),
        ("Thứ Năm, ngày 12/08/2021 09:15:00 PM", "2021-08-12T21:15"),
        ("Đăng ngày 12/08/2021 | 09:15 GMT+7", "2021-08-12T09:15"),
        ("Ngày 19 tháng 5 năm 2024", "2024-05-19"),
    ],
)
def test_every_common_dateline_form(line: str, iso: str) -> None:
    assert parse_dateline(line) == iso


@pytest.mark.parametrize(
    "line",
    [
        "Hà Nội, 12/08/2021",
        "Tin tức ngày 12/08/2021",
        "31/02/2021 10:00",
        "Ngày 15-5-2016, Bộ Chính trị ban hành",
    ],
)
def test_not_datelines(line: str) -> None:
    assert parse_dateline(line) is None


def layout_of(k: Knowledge, *lines: str):
    return parse_layout("\n".join(lines), k)


def test_page_chrome_above_the_headline_is_skipped(k: Knowledge) -> None:
    layout = layout_of(
        k,
        "Thứ sáu, 17-10-25 06:32:45",
        "Cà Mau, 32°C/ 32°C - 33°C",
        "Đăng nhập | Đăng ký",
        "Trang chủ > Xây dựng Đảng > Học và làm theo Bác",
        "Làm theo gương Bác Hồ",
        "Chi bộ ấp Tân Lập học và làm theo Bác bằng việc làm cụ thể",
        "Thứ Hai, 02/03/2020 - 08:15",
        "Chi bộ ấp Tân Lập có 35 đảng viên, nhiều năm liền hoàn thành tốt nhiệm vụ.",
    )
    assert layout.title == "Chi bộ ấp Tân Lập học và làm theo Bác bằng việc làm cụ thể"
    assert layout.published == "2020-03-02T08:15"  # the article's date, not the site clock
    assert [b.text for b in layout.blocks] == [
        "Chi bộ ấp Tân Lập có 35 đảng viên, nhiều năm liền hoàn thành tốt nhiệm vụ."
    ]


def test_a_short_real_title_is_kept(k: Knowledge) -> None:
    layout = layout_of(k, "Làm theo Bác", "Cán bộ xã gần dân, sát dân.", "Nhiều mô hình hay được nhân rộng.")
    assert layout.title == "Làm theo Bác"


def test_headline_noise_and_repeated_headline(k: Knowledge) -> None:
    layout = layout_of(
        k,
        "(TTV) Nhân rộng điển hình học và làm theo Bác In trang",
        "Nhân rộng điển hình học và làm theo Bác",
        "Nội dung bài viết về các điển hình tiên tiến.",
    )
    assert layout.title == "Nhân rộng điển hình học và làm theo Bác"
    assert [b.text for b in layout.blocks] == ["Nội dung bài viết về các điển hình tiên tiến."]


@pytest.mark.parametrize(
    "tag", ["(QBĐT) - ", "(QNO) - ", "(GLO)- ", "(Baohatinh.vn) - ", "BBK - ", "QĐND - ", "[ĐCSVN]- "]
)
def test_outlet_code_before_the_first_paragraph_is_removed(k: Knowledge, tag: str) -> None:
    layout = layout_of(
        k, "Tiêu đề bài viết về học tập", tag + "Sáng 12/5, Tỉnh ủy tổ chức hội nghị.", "Đoạn hai."
    )
    assert layout.blocks[0].text == "Sáng 12/5, Tỉnh ủy tổ chức hội nghị."


def test_uppercase_heading_and_unmarked_photo_caption(k: Knowledge) -> None:
    layout = layout_of(
        k,
        "Tiêu đề bài viết về học tập",
        "Đoạn mở đầu của bài viết về học tập và làm theo Bác.",
        "Quang cảnh hội nghị.",
        "CHẮP CÁNH CHO NHỮNG ƯỚC MƠ",
        "Đoạn nội dung tiếp theo của bài viết, dài hơn tiêu đề mục ở trên.",
    )
    assert [(b.kind, b.text) for b in layout.blocks] == [
        ("p", "Đoạn mở đầu của bài viết về học tập và làm theo Bác."),
        ("caption", "Quang cảnh hội nghị."),
        ("h", "CHẮP CÁNH CHO NHỮNG ƯỚC MƠ"),
        ("p", "Đoạn nội dung tiếp theo của bài viết, dài hơn tiêu đề mục ở trên."),
    ]


def test_footer_lines_never_reach_the_body(k: Knowledge) -> None:
    layout = layout_of(
        k,
        "Tiêu đề bài viết về học tập",
        "Nội dung chính của bài viết về học tập và làm theo Bác.",
        "Minh Anh - Báo Lạng Sơn",
        "Cơ quan chủ quản: Tỉnh ủy Lạng Sơn",
        "Giấy phép số 123/GP-BTTTT",
        "Địa chỉ: 12 Lê Lợi, TP Lạng Sơn",
        "© Bản quyền thuộc về Báo Lạng Sơn",
    )
    assert [b.text for b in layout.blocks] == ["Nội dung chính của bài viết về học tập và làm theo Bác."]
    assert (layout.author, layout.publication) == ("Minh Anh", "Báo Lạng Sơn")


def test_byline_labelled_under_the_headline(k: Knowledge) -> None:
    layout = layout_of(k, "Tiêu đề bài viết về học tập", "Tác giả: Minh Anh", "Nội dung bài.", "Đoạn hai.")
    assert (layout.author, layout.publication) == ("Minh Anh", None)
    assert [b.text for b in layout.blocks] == ["Nội dung bài.", "Đoạn hai."]


def test_compiled_byline(k: Knowledge) -> None:
    assert split_byline("T/h: Lệ Quyên", k) == ("Lệ Quyên", None)


def test_eth_lookalike_is_read_as_d_stroke() -> None:
    from archivegen.text import canonical

    assert canonical("Ðảng bộ tỉnh") == "Đảng bộ tỉnh"


def test_byline_outlet_named_after_a_dashed_province(k: Knowledge) -> None:
    assert split_byline("Trí Thơ – Báo Bà Rịa - Vũng Tàu", k) == ("Trí Thơ", "Báo Bà Rịa - Vũng Tàu")


def test_vov_page_with_a_menu_that_lost_its_separators(k: Knowledge) -> None:
    layout = layout_of(
        k,
        "VOV.VN",
        "Đài Tiếng nói Việt Nam",
        "Thời sự Chính trị Thế giới Kinh tế Xã hội Pháp luật Đời sống Văn hóa Thể thao",
        "Chính trị > Xây dựng Đảng",
        "Cao Bằng: Chi bộ nơi Bác Hồ về nước làm theo lời Bác",
        "VOV.VN - Dưới chân núi Các Mác, bên dòng suối Lê-nin, những đảng viên ở xóm Pác Bó "
        "học và làm theo Bác.",
        "Thứ Hai, 20:05, 03/06/2024",
        "Đoạn tiếp theo của bài viết.",
        "Trường Sơn/VOV-Đông Bắc",
    )
    assert layout.title == "Cao Bằng: Chi bộ nơi Bác Hồ về nước làm theo lời Bác"
    assert layout.published == "2024-06-03T20:05"
    assert (layout.author, layout.publication) == ("Trường Sơn", "VOV")


def test_masthead_outlet_and_capital_byline(k: Knowledge) -> None:
    layout = layout_of(
        k,
        "BÁO ĐẮK NÔNG - ĐIỆN TỬ",
        "Thứ Ba, 22/10/2024",
        "Trang chủ › Xây dựng Đảng",
        "Chi bộ thôn vùng cao tự soi, tự sửa theo Kết luận 21",
        "HOÀNG NGUYÊN",
        "Thứ Năm, 12-09-2024, 06:15",
        "Ở huyện vùng cao, nhiều chi bộ thôn đã đổi mới sinh hoạt, gắn với học tập và làm theo Bác, "
        "rất thiết thực.",
    )
    assert layout.title == "Chi bộ thôn vùng cao tự soi, tự sửa theo Kết luận 21"
    assert (layout.author, layout.publication) == ("Hoàng Nguyên", "Báo Đắk Nông")
    assert layout.published == "2024-09-12T06:15"


def test_a_heading_in_capitals_is_not_a_byline(k: Knowledge) -> None:
    layout = layout_of(
        k,
        "Tiêu đề bài viết về học tập",
        "NGƯỜI ĐỨNG ĐẦU ĐI TRƯỚC",
        "Nội dung bài viết dài hơn tiêu đề mục ở trên.",
    )
    assert layout.author is None and layout.blocks[0] == Block("h", "NGƯỜI ĐỨNG ĐẦU ĐI TRƯỚC")


# --- forms real sites print (issue 21) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Thứ 5: 08:15 ngày 12/09/2019", "2019-09-12T08:15"),  # "5: 08" is not a time
        ("Đăng ngày 03 - 11 - 2022", "2022-11-03"),
        ("Thứ Ba, ngày 16/01/2024 | 04:44", "2024-01-16T04:44"),
        ("In bài viết 12/03/2021 Nguồn: Báo Bắc Giang", "2021-03-12"),  # between print and source
    ],
)
def test_datelines_as_real_sites_print_them(line: str, expected: str) -> None:
    assert parse_dateline(line) == expected


@pytest.mark.parametrize(
    ("line", "author", "published"),
    [
        ("Đình Minh 03/10/2024 14:22", "Đình Minh", "2024-10-03T14:22"),
        ("NGUYÊN ĐOAN (thực hiện) 10/10/2018 03:09", "Nguyên Đoan", "2018-10-10T03:09"),
        ("T.Hằng - 12/3/2021", "T.Hằng", "2021-03-12"),
    ],
)
def test_a_byline_and_its_date_on_one_line(k: Knowledge, line: str, author: str, published: str) -> None:
    """It was taken for the headline (a short line followed by the text)."""
    layout = parse_layout(f"Chuyên mục\n\n{TITLE}\n\n{line}\n\n{P_LONG}\n{P2}\n", k)
    assert (layout.title, layout.author, layout.published) == (TITLE, author, published)
    assert paragraphs(layout) == [P_LONG, P2]


def test_a_place_and_a_date_is_a_dateline_without_an_author(k: Knowledge) -> None:
    layout = parse_layout(f"{TITLE}\n\nTây Ninh, 12/3/2021\n\n{P_LONG}\n", k)
    assert (layout.published, layout.author) == ("2021-03-12", None)


def test_a_date_glued_to_the_headline_is_split_off(k: Knowledge) -> None:
    layout = parse_layout(f"{TITLE} (03/02/2019 21:20)\n\n{P_LONG}\n", k)
    assert (layout.title, layout.published) == (TITLE, "2019-02-03T21:20")


def test_headlines_of_other_articles_above_the_headline_are_not_it(k: Knowledge) -> None:
    """A ticker headline and a banner above the real one: the headline is the one the text
    follows, and a banner of 80 characters without a full stop is not the text."""
    ticker = "Đẩy mạnh thực hiện dịch vụ công trực tuyến khi thực hiện thủ tục hành chính"
    banner = "Chào mừng Kỷ niệm 90 năm Ngày thành lập Đảng Cộng sản Việt Nam (3/2/1930- 3/2/2020)"
    layout = parse_layout(f"Thứ 6 - 26/02/2016\n{ticker}\n{banner}\n{TITLE}\n\n{P_LONG}\n", k)
    assert layout.title == TITLE


def test_a_caption_printed_twice_under_the_headline_is_not_the_headline(k: Knowledge) -> None:
    caption = "Lễ hội du lịch Thác Bản Giốc huyện Trùng Khánh lần thứ II - 2018 - Nguồn: baocaobang.vn"
    layout = parse_layout(f"Thứ Tư, 27/3/2019 15:54\n\n{TITLE}\n\n{caption}\n\n{caption}\n\n{P_LONG}\n", k)
    assert (layout.title, layout.published) == (TITLE, "2019-03-27T15:54")


def test_a_page_that_starts_with_its_dateline_has_the_first_sentence_for_a_title(k: Knowledge) -> None:
    """No headline in the excerpt: the dateline is the date (it was taken for the title), the
    title is the text's first sentence, and the text stays whole."""
    layout = parse_layout(f"Thứ Ba, ngày 16/01/2024 | 04:44\n(HG) - {P_LONG}\n{P2}\n", k)
    assert layout.published == "2024-01-16T04:44"
    assert layout.title.startswith("Phản hồi của người dân") and layout.title.endswith("…")
    assert len(layout.title) <= 201  # the first sentence is long: cut at a word
    assert paragraphs(layout)[0] == P_LONG


def test_a_numbered_section_heading_is_not_the_headline(k: Knowledge) -> None:
    sections = "I. CHI BỘ ĐẦU TIÊN RA ĐỜI\n1. Bối cảnh lịch sử ra đời chi bộ"
    text = f"Skip to main content\n{TITLE}\n{sections}\n{P_LONG}\n"
    assert parse_layout(text, k).title == TITLE


def test_a_headline_printed_twice_is_the_headline(k: Knowledge) -> None:
    """The page's h1 and its title tag, or the headline and the image's alt text."""
    chrome = "Quay về E-magazine Theo dõi Báo Lào Cai trên Google News"
    text = f"{chrome}\n{TITLE}\n{TITLE}\nTS. Đặng Văn An\n{P_LONG}\n"
    layout = parse_layout(text, k)
    assert (layout.title, layout.author) == (TITLE, "Đặng Văn An")


def test_a_headline_in_capitals_with_its_dateline(k: Knowledge) -> None:
    caps = "HUYỆN BA BỂ: 70 NĂM PHẤN ĐẤU - XÂY DỰNG - TRƯỞNG THÀNH"
    dateline = "  • Thời gian đăng: 22/07/2020 10:02:18 AM"
    text = f"CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN BA BỂ\n  • {caps}\n{dateline}\n{P_LONG}\n"
    layout = parse_layout(text, k)
    assert (layout.title, layout.published) == (caps, "2020-07-22T10:02")
    assert layout.banners == ("CỔNG THÔNG TIN ĐIỆN TỬ HUYỆN BA BỂ",)


def test_sharing_and_contrast_widgets_are_chrome(k: Knowledge) -> None:
    widgets = (
        "A- A A+ | Chia sẻ bài viết lên facebook Chia sẻ bài viết lên twitter Tăng tương phản Giảm tương phản"
    )
    assert parse_layout(f"{widgets}\n{TITLE}\n{P_LONG}\n", k).title == TITLE


def test_a_relative_date_is_no_date_and_no_title(k: Knowledge) -> None:
    layout = parse_layout(f"{TITLE}\n2 tháng 2 tuần trước\n{P_LONG}\n", k)
    assert (layout.title, layout.published, layout.author) == (TITLE, None, None)


def test_a_writer_with_an_academic_title_and_her_position(k: Knowledge) -> None:
    """She is the author, and a person of the article with her position (the dev set's rule)."""
    from archivegen.extract import extract
    from archivegen.sources import source_from_text

    text = f"{TITLE}\n19/05/2023 06:17\n  ThS. Mai Thị Thu Hiền\nGiảng viên khoa Lý luận cơ sở\n{P_LONG}\n"
    record = extract(source_from_text(text), k)
    assert record.author == "Mai Thị Thu Hiền"
    assert [(p.name, p.role) for p in record.people][:1] == [
        ("Mai Thị Thu Hiền", "Giảng viên khoa Lý luận cơ sở")
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Đăng ngày: 20/01/2020 - 8:28:04 AM | Lượt xem: 1231 | Trần Thị Thanh Thủy", "2020-01-20T08:28"),
        ("Print Thứ Tư, 15/01/2020 08:22 Gốc", "2020-01-15T08:22"),
        ("Ngày đăng 17/07/2019 | 09:15  | View count: 85", "2019-07-17T09:15"),
        ("(10/10/1949 - 10/10/2019)", None),  # an anniversary's span, not a dateline
    ],
)
def test_more_datelines_of_real_sites(line: str, expected: str | None) -> None:
    assert parse_dateline(line) == expected


def test_stray_index_tokens_are_removed_from_lines(k: Knowledge) -> None:
    layout = parse_layout(f" date 2025-10-07 {TITLE}\n{P_LONG}\n", k)
    assert layout.title == TITLE


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Thứ bảy - 13/08/2022 21:18   Đã xem: 66   Phản hồi: 0", "2022-08-13T21:18"),
        ("Ngày 26/01/2015 09:25:58", "2015-01-26T09:25"),
        ("Đăng ngày 08-10-2018 15:27", "2018-10-08T15:27"),
        ("Bình luận: 3 | 14/05/2021 07:30", "2021-05-14T07:30"),
    ],
)
def test_datelines_with_counters_after_them(line: str, expected: str) -> None:
    assert parse_dateline(line) == expected


def test_a_visitor_counter_and_a_poll_above_the_headline(k: Knowledge) -> None:
    """A counter whose labels and numbers stand on lines of their own, then a poll: chrome. The
    headline ends with a full stop, as some sites print it, and its dateline follows."""
    title = "Huyện Triển Khai Các Giải Pháp Thực Hiện Nghị Quyết Năm 2021 Và Công Bố Quyết định Khen Thưởng."
    counter = "Truy cập\nHôm nay:\n12\nHôm qua:\n40\nTất cả:\n1017728\nÝ kiến thăm dò\n"
    poll = "Bạn thấy giao diện mới của trang thế nào?\n"
    layout = parse_layout(f"{counter}{poll}{title}\nNgày 26/01/2021 09:25:58\n{P_LONG}\n", k)
    assert (layout.title, layout.published) == (title, "2021-01-26T09:25")


def test_a_loading_line_and_a_site_name_are_not_the_headline(k: Knowledge) -> None:
    page = (
        "Cổng thông tin điện tử\n\nThanh tra tỉnh Hà Tĩnh\n\nLoading...\nTrang chủ Tin hoạt động\n\n"
        f"{TITLE}\n\nĐăng ngày 08-10-2021 15:27\n235 Lượt xem\n\n{P_LONG}\n"
    )
    layout = parse_layout(page, k)
    assert (layout.title, layout.published) == (TITLE, "2021-10-08T15:27")


def test_a_breadcrumb_with_the_headline_glued_on(k: Knowledge) -> None:
    """ "Trang chủ", the section, the headline on one line; the headline again below: that one."""
    title = f"{TITLE} gắn với phát triển kinh tế, bảo đảm quốc phòng - an ninh ở các xã biên giới của tỉnh"
    page = f"Trang chủ Thực tiễn {title}\nThứ hai, 26 Tháng 8 2019 09:06\n1365 Lượt xem\n{title}\n{P_LONG}\n"
    layout = parse_layout(page, k)
    assert (layout.title, layout.published) == (title, "2019-08-26T09:06")


def test_unfilled_template_code_is_chrome(k: Knowledge) -> None:
    widgets = (
        "{{ getLanguage('FontSize', 'Cỡ chữ', 'Font size') }}: "
        "{{ getLanguage('Reduce', 'Giảm', 'reduce') }} (A-)\n"
        "{title}\n{publish}\n"
    )
    short_title = "Các Ban tham mưu của Đảng luôn phát huy truyền thống vẻ vang."
    layout = parse_layout(f"Sign In\n{widgets}{short_title}\n{P_LONG}\n", k)
    assert layout.title == short_title
    assert not any("getLanguage" in b.text or "{title}" in b.text for b in layout.blocks)


def test_a_caption_ending_in_a_full_stop_under_the_headline_is_not_it(k: Knowledge) -> None:
    caption = "Các đại biểu dự phiên khai mạc đại hội nhiệm kỳ 2020-2025."
    layout = parse_layout(f"{TITLE}\n{caption}\n{P_LONG}\n", k)
    assert layout.title == TITLE


def test_a_short_body_sentence_is_not_taken_for_a_headline(k: Knowledge) -> None:
    layout = parse_layout("Tin vắn\n\nHội nghị diễn ra sáng nay.\n", k)
    assert layout.title == "Tin vắn"
