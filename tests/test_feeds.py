"""The feeds and the sitemap never state what the input did not say, and are valid whatever
`base_url` is: checked by feedparser and against the Atom grammar and the sitemap schema."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from xml_validation import ATOM, atom_problems, entry_links, sitemap_problems

from archivegen.cli import main

from conftest import REPO, build_fixture_site

FIXTURES = REPO / "tests" / "fixtures" / "site"
PUBLISHED = "https://archive.example.org/vn/"
HOSTED = "http://example.test/mot/thu-muc/"  # where a site without base_url is put, for the tests


def _site(tmp_path_factory: pytest.TempPathFactory, settings: str) -> Path:
    return build_fixture_site(
        tmp_path_factory.mktemp("feeds"),
        "title: Lưu trữ\npage_size: 3\n" + settings,
        (FIXTURES, "."),
        (REPO / "articles", "seeds"),  # three of the five seeds are undated
    )


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _site(tmp_path_factory, f"base_url: {PUBLISHED}\n")


@pytest.fixture(scope="module")
def unpublished(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _site(tmp_path_factory, "")


def _feeds(site: Path) -> list[Path]:
    feeds = sorted(site.rglob("feed.xml"))
    assert len(feeds) > 5
    return feeds


def test_every_feed_of_a_published_site_is_valid_atom(published: Path) -> None:
    for feed in _feeds(published):
        url = PUBLISHED + feed.relative_to(published).as_posix()
        assert atom_problems(feed, url) == []
        for link in entry_links(feed, url):
            assert link.startswith(PUBLISHED + "bai/")


def test_every_feed_of_a_site_without_base_url_is_valid_atom(unpublished: Path) -> None:
    """Ids were "/bai/…/", relative, which Atom forbids; links were site-absolute, wrong for a
    site put in a folder. Ids are now name-based UUIDs; links are relative to the feed and lead,
    wherever the site is put, to its pages."""
    for feed in _feeds(unpublished):
        url = HOSTED + feed.relative_to(unpublished).as_posix()
        assert atom_problems(feed, url) == []
        root = _parse(feed)
        assert all(i.text.startswith("urn:uuid:") for i in root.iter(f"{ATOM}id"))
        for link in entry_links(feed, url):
            assert link.startswith(HOSTED + "bai/")
            path = urlsplit(link).path.removeprefix(urlsplit(HOSTED).path)
            assert (unpublished / path / "index.html").is_file(), link


def test_atom_ids_are_unique_and_the_same_from_build_to_build(unpublished: Path, tmp_path) -> None:
    feeds = _feeds(unpublished)
    feed_ids = [_parse(feed).find(f"{ATOM}id").text for feed in feeds]
    assert len(set(feed_ids)) == len(feeds)
    by_article: dict[str, set[str]] = {}
    for feed in feeds:
        for entry in _parse(feed).iter(f"{ATOM}entry"):
            article = entry.find(f"{ATOM}link").get("href").rsplit("bai/", 1)[1]
            by_article.setdefault(article, set()).add(entry.find(f"{ATOM}id").text)
    assert all(len(ids) == 1 for ids in by_article.values())  # one id per article, in every feed
    assert len(set().union(*by_article.values())) == len(by_article)
    again = build_fixture_site(
        tmp_path, "title: Lưu trữ\npage_size: 3\n", (FIXTURES, "."), (REPO / "articles", "seeds")
    )
    for feed in feeds:
        twin = again / feed.relative_to(unpublished)
        assert [i.text for i in _parse(twin).iter(f"{ATOM}id")] == [
            i.text for i in _parse(feed).iter(f"{ATOM}id")
        ]


def _parse(feed: Path):
    from lxml import etree

    return etree.parse(str(feed)).getroot()


def test_undated_articles_are_left_out_of_feeds_and_the_feed_says_so(published: Path) -> None:
    """Undated articles were given the feed's own date as theirs."""
    records = json.loads((published / "data" / "articles.json").read_text(encoding="utf-8"))
    undated = {r["title"] for r in records if not r["published"]}
    assert len(undated) >= 3
    feed = _parse(published / "feed.xml")
    titles = {e.find(f"{ATOM}title").text for e in feed.iter(f"{ATOM}entry")}
    assert titles == {r["title"] for r in records if r["published"]}
    assert feed.find(f"{ATOM}subtitle").text == (
        f"Chỉ gồm các bài có ngày đăng: {len(undated)} bài không rõ ngày không có trong nguồn tin này."
    )
    for entry in feed.iter(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}published").text == entry.find(f"{ATOM}updated").text


def test_a_list_with_no_dated_article_has_no_feed(make_site) -> None:
    """Atom needs a date for the feed: a province whose only article is undated has no feed, and
    its page links none; an archive with no dated article has no feed.xml and no page links it."""
    undated = "Bài không có ngày ở Lào Cai\n\nTỉnh ủy Lào Cai thực hiện Chỉ thị số 05-CT/TW.\n"
    dated = "Bài có ngày ở Nghệ An\n\n19/05/2021 10:30\n\nTỉnh ủy Nghệ An thực hiện Chỉ thị số 05-CT/TW.\n"
    config, _ = make_site({"a.txt": undated, "b.txt": dated})
    site = config.output_dir
    assert (site / "feed.xml").is_file() and (site / "tinh" / "nghe-an" / "feed.xml").is_file()
    assert not (site / "tinh" / "lao-cai" / "feed.xml").exists()
    assert 'href="feed.xml"' not in (site / "tinh" / "lao-cai" / "index.html").read_text(encoding="utf-8")
    assert 'href="feed.xml"' in (site / "tinh" / "nghe-an" / "index.html").read_text(encoding="utf-8")
    (config.content_dir / "b.txt").write_text(dated.replace("19/05/2021 10:30\n\n", ""), encoding="utf-8")
    assert main(["build", "-q", "-c", str(config.root / "archivegen.yaml")]) == 0
    assert not list(site.rglob("feed.xml"))
    assert not [p for p in site.rglob("*.html") if "feed.xml" in p.read_text(encoding="utf-8")]


def test_the_sitemap_of_a_published_site_is_valid(published: Path) -> None:
    assert sitemap_problems(published / "sitemap.xml") == []
    assert "Sitemap: " + PUBLISHED + "sitemap.xml" in (published / "robots.txt").read_text()
    page = (published / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{PUBLISHED}">' in page


def test_a_site_without_base_url_has_no_sitemap_and_no_canonical_links(unpublished: Path) -> None:
    """A sitemap's <loc> must be absolute: without the site's address there is none to give."""
    assert not (unpublished / "sitemap.xml").exists()
    assert "Sitemap:" not in (unpublished / "robots.txt").read_text()
    assert not [p for p in unpublished.rglob("*.html") if 'rel="canonical"' in p.read_text(encoding="utf-8")]


def test_a_build_without_base_url_says_once_what_it_costs(make_site) -> None:
    config, report = make_site({"a.txt": "Bài\n\n19/05/2021\n\nTỉnh ủy Nghệ An họp.\n"})
    said = [d for d in report.warnings if "base_url" in d.message]
    assert len(said) == 1
    assert said[0].path == str(config.root / "archivegen.yaml")
    assert "no sitemap.xml and no canonical links" in said[0].message
    _, report = make_site({}, settings="base_url: https://example.org/\n")
    assert not [d for d in report.warnings if "base_url" in d.message]


def test_the_checks_see_what_was_wrong_before(tmp_path: Path) -> None:
    """The grammar and the schema reject what archivegen wrote before: a relative id, an entry
    dated by the feed, a sitemap of relative addresses."""
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>T</title><id>/feed.xml</id><updated>2021-05-19T10:30:00+07:00</updated>"
        "<author><name>A</name></author><entry><title>B</title><id>/bai/b/</id>"
        '<link href="/bai/b/"/><updated>2021-05-19</updated></entry></feed>\n',
        encoding="utf-8",
    )
    problems = atom_problems(feed, HOSTED + "feed.xml")
    assert any("id" in p for p in problems) and len(problems) >= 2
    sitemap = tmp_path / "sitemap.xml"
    sitemap.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/bai/b/</loc></url></urlset>\n',
        encoding="utf-8",
    )
    assert sitemap_problems(sitemap)
