"""Markdown articles: front matter fields, errors with line numbers, body blocks, no raw HTML."""

from __future__ import annotations

import pytest

from archivegen.diagnostics import ArchivegenError
from archivegen.extract import Block, Knowledge, extract, load_knowledge
from archivegen.extract.markdown_source import FrontMatterError, parse_markdown
from archivegen.sources import source_from_text

ARTICLE = """---
title: Chi bộ thôn Nà Làng học tập và làm theo Bác
date: 2021-05-19 10:30
author: Vân Giang
publication: Báo Bắc Kạn
province: Bắc Kạn
---

## Những cách làm hay

Chi bộ thôn Nà Làng, huyện Ba Bể đưa việc học tập và làm theo Bác vào sinh hoạt định kỳ.

Mỗi đảng viên đăng ký một việc làm cụ thể để rèn luyện.
"""


@pytest.fixture(scope="module")
def k() -> Knowledge:
    return load_knowledge()


def md(text: str):
    return parse_markdown(source_from_text(text, "x.md").text)


def test_front_matter_fields(k: Knowledge) -> None:
    record = extract(source_from_text(ARTICLE, "x.md"), k)
    assert record.title == "Chi bộ thôn Nà Làng học tập và làm theo Bác"
    assert record.published == "2021-05-19T10:30"
    assert record.author == "Vân Giang"
    assert record.publication == "Báo Bắc Kạn"
    assert (record.province.name, record.province.now) == ("Bắc Kạn", "Thái Nguyên")
    assert record.warnings == ()


def test_body_blocks(k: Knowledge) -> None:
    record = extract(source_from_text(ARTICLE, "x.md"), k)
    assert record.headings == ("Những cách làm hay",)
    assert record.paragraphs == (
        "Chi bộ thôn Nà Làng, huyện Ba Bể đưa việc học tập và làm theo Bác vào sinh hoạt định kỳ.",
        "Mỗi đảng viên đăng ký một việc làm cụ thể để rèn luyện.",
    )
    assert [b.kind for b in record.blocks] == ["h", "p", "p"]


def test_title_from_first_heading_when_no_title_field(k: Knowledge) -> None:
    text = "# Huyện Ba Bể ra quân làm đường\n\nNgười dân hiến đất, góp công làm đường bê tông.\n"
    record = extract(source_from_text(text, "x.md"), k)
    assert record.title == "Huyện Ba Bể ra quân làm đường"
    assert record.headings == ()
    assert record.paragraphs == ("Người dân hiến đất, góp công làm đường bê tông.",)


def test_old_style_tone_marks_in_front_matter_are_canonical(k: Knowledge) -> None:
    text = "---\ntitle: Đảng bộ tỉnh Khánh Hoà\nauthor: Thuỷ Tiên\n---\n\nNội dung bài viết.\n"
    record = extract(source_from_text(text, "x.md"), k)
    assert record.title == "Đảng bộ tỉnh Khánh Hòa"
    assert record.author == "Thủy Tiên"


@pytest.mark.parametrize(
    ("value", "published"),
    [
        ("2021-05-19", "2021-05-19"),
        ("2021-05-19 10:30", "2021-05-19T10:30"),
        ("'2021-05-19T10:30:00'", "2021-05-19T10:30"),
        ("19/05/2021", "2021-05-19"),
        ("19/05/2021 10:30", "2021-05-19T10:30"),
    ],
    ids=["iso-date", "iso-datetime", "iso-string", "vn-date", "vn-datetime"],
)
def test_dates(value: str, published: str) -> None:
    assert md(f"---\ntitle: Bài\ndate: {value}\n---\nNội dung.\n").published == published


def test_published_key_accepted() -> None:
    assert md("---\ntitle: Bài\npublished: 2022-01-02\n---\nNội dung.\n").published == "2022-01-02"


@pytest.mark.parametrize(
    "value",
    ["hôm qua", "32/13/2021", "'2021-02-30'"],
    ids=["words", "impossible", "feb-30"],
)
def test_a_date_that_is_not_one_is_an_error_on_its_line(value: str) -> None:
    article = md(f"---\ntitle: Bài\ndate: {value}\n---\nNội dung.\n")
    assert article.published is None
    [problem] = article.problems
    assert (problem.level, problem.line) == ("error", 3)
    assert problem.message.startswith(f"date: {value.strip(chr(39))!r} is not a date")
    assert problem.message.endswith("the article is built without a date")


def test_an_impossible_iso_date_says_why_and_the_other_problems_are_reported_too() -> None:
    """YAML made `2021-13-45` a date and failed ("month must be in 1..12", an internal error
    naming no field and no line), and the unknown field beside it went unreported."""
    article = md("---\ntitle: Bài\ndate: 2021-13-45\ntags: [a]\n---\nNội dung.\n")
    assert [(p.level, p.line) for p in article.problems] == [("error", 3), ("warning", 4)]
    assert article.problems[0].message.startswith("date: '2021-13-45' is not a date: month must be in 1..12")
    assert "'tags'" in article.problems[1].message
    assert article.title == "Bài" and article.published is None


def test_dates_yaml_would_read_are_still_read() -> None:
    for value, iso in [
        ("2021-05-19", "2021-05-19"),
        ("2021-05-19 10:30", "2021-05-19T10:30"),
        ("2021-05-19T10:30:15", "2021-05-19T10:30:15"),
        ("19/05/2021", "2021-05-19"),
        ("'2021-05-19'", "2021-05-19"),
    ]:
        article = md(f"---\ntitle: Bài\ndate: {value}\n---\nNội dung.\n")
        assert (article.published, article.problems) == (iso, ()), value


def test_unknown_keys_warn() -> None:
    article = md("---\ntitle: Bài\ntags: [a, b]\ntac_gia: Vân Giang\n---\nNội dung.\n")
    assert [(p.level, p.line) for p in article.problems] == [("warning", 3), ("warning", 4)]
    assert "'tags'" in article.problems[0].message
    assert "'tac_gia'" in article.problems[1].message
    assert article.title == "Bài"


def test_unknown_keys_reach_record_warnings(k: Knowledge) -> None:
    record = extract(
        source_from_text("---\ntitle: Bài\nchuyen_muc: Xây dựng Đảng\n---\nNội dung.\n", "x.md"), k
    )
    assert any("chuyen_muc" in w for w in record.warnings)


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("---\ntitle: Bài\nauthor: Vân: Giang\n---\nNội dung.\n", 3),
        ("---\ntitle: Bài\nauthor: Vân Giang\ndate: [2021\n---\nNội dung.\n", 4),
        ('---\ntitle: "Bài chưa đóng ngoặc\nauthor: A\n---\nNội dung.\n', 2),
    ],
    ids=["colon-in-value", "unclosed-bracket", "unclosed-quote"],
)
def test_malformed_yaml_raises_with_line(text: str, line: int) -> None:
    with pytest.raises(FrontMatterError) as info:
        md(text)
    assert info.value.line == line
    assert "YAML" in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        "---\n- một\n- hai\n---\nNội dung.\n",
        "---\nchỉ một chuỗi\n---\nNội dung.\n",
        "---\n42\n---\nNội dung.\n",
    ],
    ids=["list", "string", "number"],
)
def test_non_mapping_front_matter_raises(text: str) -> None:
    with pytest.raises(FrontMatterError, match="mapping"):
        md(text)


def test_unclosed_front_matter_raises() -> None:
    with pytest.raises(FrontMatterError) as info:
        md("---\ntitle: Bài\n\nNội dung.\n")
    assert info.value.line == 1


def test_extract_turns_front_matter_error_into_archivegen_error(k: Knowledge) -> None:
    with pytest.raises(ArchivegenError) as info:
        extract(source_from_text("---\ntitle: Bài\nauthor: Vân: Giang\n---\nNội dung.\n", "bai.md"), k)
    assert info.value.diagnostic.path == "bai.md"
    assert info.value.diagnostic.line == 3


def test_empty_front_matter_is_fine() -> None:
    article = md("---\n---\n# Tiêu đề\n\nNội dung.\n")
    assert article.fields == {}
    assert article.problems == ()
    assert article.blocks == (Block("h", "Tiêu đề"), Block("p", "Nội dung."))


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert('x')</script>",
        "Đoạn văn <script>alert('x')</script> tiếp theo.",
        '<div class="quang-cao"><p>Khối <b>HTML</b> thô</p></div>',
        "Ảnh <img src=x onerror=alert(1)> trong đoạn.",
        '<iframe src="https://example.com"></iframe>',
        "Chữ <b>đậm</b> và <a href='javascript:alert(1)'>liên kết</a>.",
    ],
    ids=["script-block", "script-inline", "div", "img", "iframe", "inline-tags"],
)
def test_raw_html_never_comes_through_as_markup(k: Knowledge, body: str) -> None:
    text = f"---\ntitle: Bài\n---\n\nĐoạn đầu tiên.\n\n{body}\n\nĐoạn cuối.\n"
    record = extract(source_from_text(text, "x.md"), k)
    for block in record.blocks:
        assert "<" not in block.text
        assert ">" not in block.text
    assert record.paragraphs[0] == "Đoạn đầu tiên."
    assert record.paragraphs[-1] == "Đoạn cuối."


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert('x')</script>",
        "Đoạn văn <script>alert('x')</script> tiếp theo.",
        "<style>p{color:red}</style>",
    ],
    ids=["script-block", "script-inline", "style"],
)
def test_script_and_style_contents_are_not_text(k: Knowledge, body: str) -> None:
    text = f"---\ntitle: Bài\n---\n\nĐoạn đầu tiên.\n\n{body}\n"
    record = extract(source_from_text(text, "x.md"), k)
    assert all("alert" not in b.text and "color" not in b.text for b in record.blocks)


def test_folded_yaml_title_keeps_its_indentation(k: Knowledge) -> None:
    text = (
        "---\ntitle: >\n  Chi bộ thôn Nà Làng\n  học tập và làm theo Bác\nauthor: Vân Giang\n---\nNội dung.\n"
    )
    record = extract(source_from_text(text, "x.md"), k)
    assert record.title == "Chi bộ thôn Nà Làng học tập và làm theo Bác"
    assert record.author == "Vân Giang"


def test_inline_markup_kept_as_text() -> None:
    article = md("---\ntitle: Bài\n---\n\nChữ **đậm** và [liên kết](https://example.com) ở đây.\n")
    assert [(b.kind, b.text) for b in article.blocks] == [("p", "Chữ đậm và liên kết ở đây.")]
    # the emphasis and the web link are kept, sanitised (nh3), with a safe rel
    assert article.blocks[0].html == (
        'Chữ <strong>đậm</strong> và <a href="https://example.com" rel="noopener noreferrer nofollow">'
        "liên kết</a> ở đây."
    )


def test_markdown_links_to_scripts_lose_their_target() -> None:
    article = parse_markdown('[bấm](javascript:alert(1)) <a href="x" onclick="alert(1)">y</a> **đậm**\n')
    html = article.blocks[0].html or ""
    assert "javascript" not in html and "onclick" not in html and "<strong>đậm</strong>" in html


def test_markdown_caption_with_credit() -> None:
    article = md("---\ntitle: Bài\n---\n\nCác đại biểu dự hội nghị (Ảnh: Hải Yến)\n")
    assert article.blocks == (Block("caption", "Các đại biểu dự hội nghị", "Hải Yến"),)


def test_list_items_become_paragraphs() -> None:
    article = md("---\ntitle: Bài\n---\n\n- Nêu gương\n- Làm theo\n")
    assert article.blocks == (Block("p", "Nêu gương"), Block("p", "Làm theo"))


def test_slug_field(k: Knowledge) -> None:
    record = extract(source_from_text("---\ntitle: Bài\nslug: chi-bo-na-lang\n---\nNội dung.\n", "x.md"), k)
    assert record.slug == "chi-bo-na-lang"


def test_unknown_province_in_front_matter_warns_and_infers(k: Knowledge) -> None:
    text = "---\ntitle: Bài\nprovince: Xứ Mộng\n---\n\nHội nghị tại tỉnh Quảng Ninh thành công.\n"
    record = extract(source_from_text(text, "x.md"), k)
    assert record.province.name == "Quảng Ninh"
    assert any("Xứ Mộng" in w for w in record.warnings)


def test_front_matter_reads_the_same_with_or_without_libyaml() -> None:
    """The C parser is only a speed-up: YAML it rejects but PyYAML reads still reads, and
    YAML neither reads still fails with PyYAML's line marks."""
    import yaml

    from archivegen.yamlload import load_yaml

    lenient = "tags: [đồng chí:, Bác Hồ]\ntitle: Học tập và làm theo\n"
    if hasattr(yaml, "CSafeLoader"):
        with pytest.raises(yaml.YAMLError):
            yaml.load(lenient, Loader=yaml.CSafeLoader)
    assert (
        load_yaml(lenient)
        == yaml.safe_load(lenient)
        == {
            "tags": [{"đồng chí": None}, "Bác Hồ"],  # PyYAML's reading: "x:" in a flow list is a pair
            "title": "Học tập và làm theo",
        }
    )
    with pytest.raises(yaml.YAMLError) as caught:
        load_yaml("title: x\ntags: [a, b\n")
    assert caught.value.problem_mark is not None


def test_a_bad_date_in_a_built_site_is_an_error_with_its_line_and_the_article_stays(make_site) -> None:
    """Reported as `file:line: error: date: …` naming the value, the build's other articles and
    the article itself (undated: nothing is invented) are built, and the build exits 1."""
    text = "---\ntitle: Bài có ngày sai\ndate: 2021-13-45\ntags: [a]\n---\nTỉnh ủy Nghệ An họp.\n"
    config, report = make_site({"bad.md": text, "ok.md": "---\ntitle: Bài đúng\n---\nNội dung.\n"})
    shown = [str(d) for d in report.diagnostics if d.path.endswith("bad.md")]
    assert shown == [
        f"{config.content_dir / 'bad.md'}:3: error: date: '2021-13-45' is not a date: month must be in "
        "1..12; the article is built without a date",
        f"{config.content_dir / 'bad.md'}:4: warning: front matter: unknown field 'tags' ignored "
        "(known: title, date, published, author, publication, province, slug, source_url)",
    ]
    assert report.articles_read == 2
    assert any(
        "Bài có ngày sai" in p.read_text("utf-8") for p in (config.output_dir / "bai").glob("*/index.html")
    )
