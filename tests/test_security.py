"""Nothing a source file contains reaches a page as live markup; exports carry it as inert data."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

PAYLOADS = [
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">bấm</a>',
]
EVIL = " ".join(PAYLOADS)

TXT = (
    f"Tiêu đề {PAYLOADS[0]} về Tỉnh ủy Bắc Ninh\n\n19/05/2021 10:30\n\n"
    f"Đoạn văn có {PAYLOADS[1]} và {PAYLOADS[2]} trong Chỉ thị số 05-CT/TW của Bộ Chính trị.\n\n"
    f"Cán bộ dự hội nghị {PAYLOADS[3]}. Ảnh: <b onmouseover=alert(1)>Thu Hà</b>\n\n"
    f"Đoạn cuối của bài viết, tỉnh Bắc Ninh.\n\nMinh <script>x</script> Anh - Báo Bắc Ninh\n"
)
MD = (
    "---\n"
    f'title: "Bài {PAYLOADS[0]}"\n'
    f"author: '{PAYLOADS[1]}'\n"
    f'publication: "Báo <iframe src=javascript:alert(1)></iframe> Lào Cai"\n'
    "date: 2022-01-01\n"
    "---\n"
    f"Đoạn một tỉnh Lào Cai {PAYLOADS[0]}\n\n"
    f"<script>alert('raw')</script>\n\n"
    f'<div onclick="alert(1)">khối HTML</div>\n\n'
    '[liên kết](javascript:alert(1)) và ![ảnh](x.png "t" ) \n\n'
    f'<iframe src="https://evil.example"></iframe>\n'
)


class LiveMarkup(HTMLParser):
    """Collects what a browser would execute or load."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("iframe", "object", "embed"):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"{tag} {name}={value}")
        if tag == "script" and not dict(attrs).get("src", "").endswith(("pagefind-ui.js", "search.js")):
            self.problems.append("<script> without an allowed src")


def test_planted_markup_never_becomes_live(make_site) -> None:
    config, report = make_site({"evil.txt": TXT, "evil.md": MD})
    assert report.errors == []
    site: Path = config.output_dir
    pages = [p for p in site.rglob("*.html") if "pagefind" not in p.parts]
    assert len(pages) > 10
    for page in pages:
        parser = LiveMarkup()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.problems == [], f"{page.relative_to(site)}: {parser.problems}"
    # the payloads are shown as text, escaped
    article = next(p for p in (site / "bai").glob("*/index.html") if "tieu-de" in p.parent.name)
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in article.read_text(encoding="utf-8")


def test_feeds_carry_markup_as_text(make_site) -> None:
    config, _ = make_site({"evil.txt": TXT, "evil.md": MD})
    for feed in config.output_dir.rglob("feed.xml"):
        root = ET.parse(feed).getroot()  # well-formed XML whatever the titles contain
        for element in root.iter():
            assert element.attrib.get("type", "text") == "text" or element.tag.endswith("link")
        assert "<script" not in feed.read_text(encoding="utf-8")


def test_exports_carry_markup_as_inert_data(make_site) -> None:
    config, _ = make_site({"evil.txt": TXT, "evil.md": MD})
    data = config.output_dir / "data"
    records = json.loads((data / "articles.json").read_text(encoding="utf-8"))
    assert any("<script>alert('x')</script>" in r["title"] for r in records)
    rows = list(csv.DictReader(io.StringIO((data / "articles.csv").read_text(encoding="utf-8-sig"))))
    assert any("<script>" in row["title"] for row in rows)


def test_templates_escape_as_markupsafe_does(tmp_path: Path) -> None:
    """The escaper the site's templates use (render.site._escape) gives markupsafe's text for
    every kind of value, and leaves Markup (a macro's HTML, `| safe`) alone. A str comes back a
    str, not Markup: what a template escapes is only joined into its output, and the output of
    a macro or a `{% set %}` block, which a template prints again, is made Markup by Jinja."""
    import markupsafe

    from archivegen.config import Config
    from archivegen.render.site import _escape, make_environment

    class Html:
        def __html__(self) -> str:
            return "<em>đã an toàn</em>"

    values = [*PAYLOADS, "Đảng bộ & \"Sở\" 'Tư pháp'", "", 5, 2.5, None, Html()]
    values.append(markupsafe.Markup("<b>x</b>"))
    for value in values:
        assert _escape(value) == markupsafe.escape(value), value
        assert type(_escape(value)) is (str if type(value) is str else markupsafe.Markup)
    assert _escape(values[-1]) is values[-1]
    (tmp_path / "t.html").write_text(
        "{% macro em(v) %}<em>{{ v }}</em>{% endmacro %}{% set b %}<b>{{ x }}</b>{% endset %}"
        "{{ x }}|{{ m }}|{{ x | safe }}|{{ em(x) }}|{{ b }}|{{ x | e }}",
        encoding="utf-8",
    )
    env = make_environment(Config(root=tmp_path, templates_dir=tmp_path))
    template = env.get_template("t.html")
    assert template.root_render_func.__globals__["escape"] is _escape  # what the template calls
    page = template.render(x=PAYLOADS[0], m=markupsafe.Markup("<i>y</i>"))
    escaped = markupsafe.escape(PAYLOADS[0])
    assert page == f"{escaped}|<i>y</i>|{PAYLOADS[0]}|<em>{escaped}</em>|<b>{escaped}</b>|{escaped}"
