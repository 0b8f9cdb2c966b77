"""Feeds, sitemap, open data, charts and the extra page kinds, on a small fixture site."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import REPO, build_fixture_site

ATOM = "{http://www.w3.org/2005/Atom}"
FIXTURES = REPO / "tests" / "fixtures" / "site"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_fixture_site(
        tmp_path_factory.mktemp("outputs"),
        "title: Lưu trữ\nbase_url: https://archive.example.org/vn\npage_size: 3\n",
        (FIXTURES, "."),
        (REPO / "articles", "seeds"),
    )


def parse_feed(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    for child in ("title", "id", "updated"):
        assert root.find(f"{ATOM}{child}") is not None, child
    for entry in root.findall(f"{ATOM}entry"):
        for child in ("title", "id", "updated", "link"):
            assert entry.find(f"{ATOM}{child}") is not None, child
        assert entry.find(f"{ATOM}id").text.startswith("https://archive.example.org/vn/bai/")
    return root


def test_site_feed_lists_every_dated_article_newest_first(site: Path) -> None:
    """Four of the eight articles are undated: Atom has no place for them (tests/test_feeds.py)."""
    feed = parse_feed(site / "feed.xml")
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 4
    published = [e.find(f"{ATOM}published").text for e in entries]
    assert published == sorted(published, reverse=True)
    assert feed.find(f"{ATOM}updated").text == max(published)


def test_province_and_directive_feeds(site: Path) -> None:
    province = parse_feed(site / "tinh" / "bac-kan" / "feed.xml")
    assert len(province.findall(f"{ATOM}entry")) == 2
    directive = parse_feed(site / "van-ban" / "05-ct-tw" / "feed.xml")
    assert len(directive.findall(f"{ATOM}entry")) == 4  # of 7 articles, 3 undated
    local = parse_feed(site / "van-ban" / "12-kh-tu-quang-ninh" / "feed.xml")
    assert "(Quảng Ninh)" in local.find(f"{ATOM}title").text


def test_sitemap_and_robots(site: Path) -> None:
    root = ET.parse(site / "sitemap.xml").getroot()
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert "https://archive.example.org/vn/" in locs
    assert all(loc.startswith("https://archive.example.org/vn/") for loc in locs)
    assert not any("404" in loc for loc in locs)
    assert len(locs) == len(
        [p for p in site.rglob("*.html") if p.name != "404.html" and "pagefind" not in p.parts]
    )
    assert "Sitemap: https://archive.example.org/vn/sitemap.xml" in (site / "robots.txt").read_text()


def test_csv_opens_in_a_spreadsheet(site: Path) -> None:
    raw = (site / "data" / "articles.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 8
    row = next(r for r in rows if r["source_file"] == "ba-be.txt")
    assert row["province"] == "Bắc Kạn" and row["province_now"] == "Thái Nguyên"
    assert "05-CT/TW" in row["directives"] and "12-KH/TU (Bắc Kạn)" in row["directives"]
    assert "Hoàng Văn Minh (Bí thư Huyện ủy Ba Bể)" in row["people"]


def test_json_exports(site: Path) -> None:
    raw = (site / "data" / "articles.json").read_text(encoding="utf-8")
    articles = json.loads(raw)
    lines = raw.splitlines()  # one record per line, so `grep` and diffs work on records
    assert lines[0] == "[" and lines[-1] == "]" and len(lines) == len(articles) + 2
    assert json.loads(lines[1].rstrip(",")) == articles[0] and "Bắc Kạn" in raw  # not \u-escaped
    assert len(articles) == 8 and all(a["url"].startswith("https://") for a in articles)
    assert "blocks" not in articles[0] and "province" in articles[0]
    provinces = json.loads((site / "data" / "provinces.json").read_text(encoding="utf-8"))
    bac_kan = next(p for p in provinces if p["name"] == "Bắc Kạn")
    assert bac_kan["now"] == "Thái Nguyên" and len(bac_kan["articles"]) == 2
    for name in ("directives", "units", "people", "years"):
        assert json.loads((site / "data" / f"{name}.json").read_text(encoding="utf-8"))


def test_charts_are_inline_svg_with_text_alternatives(site: Path) -> None:
    home = (site / "index.html").read_text(encoding="utf-8")
    assert home.count('<svg class="chart" role="img"') == 2
    assert "<title id=" in home and "<desc id=" in home and "2022: 2" in home


def test_province_index_lists_the_34_provinces_of_2025(site: Path) -> None:
    html = (site / "tinh" / "index.html").read_text(encoding="utf-8")
    assert html.count('<section class="group">') == 34
    assert '<a href="bac-kan/index.html">Bắc Kạn</a>' in html


def test_province_page_has_its_documents_units_and_timeline(site: Path) -> None:
    html = (site / "tinh" / "bac-kan" / "index.html").read_text(encoding="utf-8")
    for fragment in (
        "Văn bản Trung ương được nhắc đến",
        "Văn bản của tỉnh Bắc Kạn",
        "Kế hoạch 12-KH/TU",
        "Cơ quan, đơn vị của tỉnh Bắc Kạn",
        "Công an tỉnh",
        '<svg class="chart"',
    ):
        assert fragment in html, fragment


def test_directive_page_by_province(site: Path) -> None:
    html = (site / "van-ban" / "05-ct-tw" / "index.html").read_text(encoding="utf-8")
    assert "Theo tỉnh, thành phố" in html and 'Quảng Ninh <span class="count">(2)</span>' in html


def test_months_and_pagination(site: Path) -> None:
    assert (site / "nam" / "2022" / "06" / "index.html").is_file()
    assert (site / "bai" / "page" / "3" / "index.html").is_file()
    assert not (site / "bai" / "page" / "4" / "index.html").exists()


def test_article_has_related_neighbours_and_citation(site: Path) -> None:
    page = next(p for p in (site / "bai").glob("*/index.html") if "huyen-ba-be" in p.parent.name)
    html = page.read_text(encoding="utf-8")
    assert "Bài liên quan" in html and "Trích dẫn" in html
    assert "https://archive.example.org/vn/bai/huyen-ba-be" in html
    assert 'rel="prev"' in html or 'rel="next"' in html


def test_search_words_fold_d_for_pagefind(site: Path) -> None:
    page = next(p for p in (site / "bai").glob("*/index.html") if "huyen-ba-be" in p.parent.name)
    html = page.read_text(encoding="utf-8")
    assert 'class="search-only" aria-hidden="true"' in html
    hidden = html.split('class="search-only" aria-hidden="true">')[1].split("<")[0]
    assert "dang" in hidden.split() and "đ" not in hidden.lower()
    assert (site / "pagefind" / "pagefind-ui.js").is_file()
    assert "data-pagefind-filter" in html


def test_search_index_holds_every_article_page(site: Path) -> None:
    """Pagefind is pointed at the article pages only (search_index.pages_glob): none is missed."""
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    articles = [p for p in (site / "bai").glob("*/index.html") if p.parent.name != "page"]
    assert len(articles) > 5
    assert [language["page_count"] for language in entry["languages"].values()] == [len(articles)]


def test_404_links_work_from_any_address(site: Path) -> None:
    html = (site / "404.html").read_text(encoding="utf-8")
    assert 'href="https://archive.example.org/vn/"' in html
    assert 'href="../' not in html


def test_pager_links_a_window_of_pages_not_all_of_them() -> None:
    from archivegen.render.site import Site

    def numbers(n: int, pages: int) -> list[int | None]:
        pager = Site.pager(n, pages, lambda i: f"bai/page/{i}/index.html")
        for link in pager["pages"]:
            assert (link["path"] is None) == (link["number"] is None)
        return [link["number"] for link in pager["pages"]]

    assert numbers(1, 1) == [1]
    assert numbers(2, 5) == [1, 2, 3, 4, 5]
    assert numbers(1, 500) == [1, 2, 3, None, 500]
    assert numbers(250, 500) == [1, None, 248, 249, 250, 251, 252, None, 500]
    assert numbers(500, 500) == [1, None, 498, 499, 500]
    assert numbers(5, 9) == [1, 2, 3, 4, 5, 6, 7, 8, 9]  # a gap of one page shows the page
    assert numbers(6, 9) == [1, None, 4, 5, 6, 7, 8, 9]
    pager = Site.pager(3, 500, lambda i: f"p{i}")
    assert (pager["previous"], pager["next"], pager["count"]) == ("p2", "p4", 500)


def test_long_lists_show_a_gap_between_page_links(tmp_path: Path) -> None:
    site = build_fixture_site(
        tmp_path, "title: Lưu trữ\npage_size: 1\n", (FIXTURES, "."), (REPO / "articles", "seeds")
    )
    pages = sorted((site / "bai" / "page").glob("*/index.html"), key=lambda p: int(p.parent.name))
    assert len(pages) >= 6
    html = (site / "bai" / "index.html").read_text(encoding="utf-8")
    nav = html.split('<nav class="pagination"')[1].split("</nav>")[0]
    assert '<span aria-current="page">1</span>' in nav
    assert '<span class="gap" aria-hidden="true">…</span>' in nav
    last = pages[-1].parent.name
    assert f">{last}</a>" in nav and ">4</a>" not in nav


def test_templates_read_dict_keys_before_dict_methods(tmp_path: Path) -> None:
    from archivegen.config import Config
    from archivegen.render.site import make_environment

    (tmp_path / "t.html").write_text(
        "{{ d.items }}|{{ d.get('x', 'none') }}|{{ d.title }}|{{ n.real }}", encoding="utf-8"
    )
    env = make_environment(Config(root=tmp_path, templates_dir=tmp_path))
    out = env.get_template("t.html").render(d={"items": "bài", "title": "Tiêu đề"}, n=3)
    assert out == "bài|none|Tiêu đề|3"


def test_template_calls_keep_jinjas_meaning(tmp_path: Path) -> None:
    """Plain functions and macros are called directly (the short way); what asks for the
    context still gets it, in loops too; a StopIteration is Jinja's undefined value."""
    import jinja2

    from archivegen.config import Config
    from archivegen.render.site import make_environment

    (tmp_path / "t.html").write_text(
        "{% macro m(x, y='b') %}[{{ x }}{{ y }}]{% endmacro %}"
        "{{ f('a', sep='-') }}|{{ m('a') }}{{ m('c', y='d') }}|{{ g() }}|"
        "{% for i in [1, 2] %}{% set v = i * 10 %}{{ g() }}{{ f(i, sep=v) }};{% endfor %}",
        encoding="utf-8",
    )
    (tmp_path / "s.html").write_text("{{ h() }}", encoding="utf-8")
    env = make_environment(Config(root=tmp_path, templates_dir=tmp_path))

    def f(x: object, *, sep: object) -> str:
        return f"{x}{sep}"

    @jinja2.pass_context
    def g(context: jinja2.runtime.Context) -> str:
        return context.resolve("who")

    def h() -> str:
        raise StopIteration

    out = env.get_template("t.html").render(f=f, g=g, who="Bác")
    assert out == "a-|[ab][cd]|Bác|Bác110;Bác220;"

    class Holder:
        def plain(self, x: object) -> str:
            return f"<{x}>"

        @jinja2.pass_context
        def asks(self, context: jinja2.runtime.Context) -> str:
            return context.resolve("who")

    (tmp_path / "m.html").write_text("{{ d.get('k') }}|{{ o.plain(1) }}|{{ o.asks() }}", encoding="utf-8")
    methods = env.get_template("m.html").render(d={"k": "v"}, o=Holder(), who="Bác")
    assert methods == "v|&lt;1&gt;|Bác"  # methods, built in or not, and one that asks for the context
    with pytest.raises(jinja2.UndefinedError, match="StopIteration"):
        env.get_template("s.html").render(h=h)


def test_a_sitemap_of_thousands_of_pages_is_written_in_pieces_that_make_one_document() -> None:
    from archivegen.render.sitemap import _sitemap

    class Site:
        def absolute_url(self, path: str) -> str:
            return "https://archive.example.org/vn/" + path.removesuffix("index.html") + "?a&b"

    for n in (0, 1, 2500):
        pages = frozenset([f"bai/{i:05d}/index.html" for i in range(n)] + ["404.html", "feed.xml"])
        pieces = list(_sitemap(Site(), pages))  # type: ignore[arg-type]
        assert len(pieces) == 2 + n // 1000  # the head, full batches, the last batch and the end
        root = ET.fromstring(b"".join(pieces))
        locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
        assert locs == [f"https://archive.example.org/vn/bai/{i:05d}/?a&b" for i in range(n)]
