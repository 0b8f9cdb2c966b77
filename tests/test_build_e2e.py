"""End to end: build articles/ into a temporary folder and check the site as a browser would."""

from __future__ import annotations

import dataclasses
import posixpath
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from archivegen.build import build
from archivegen.config import load_config

from conftest import REPO, tree_hashes


class LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "html":
            self.lang = values.get("lang")
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(values[name] or "")


def internal_targets(site: Path, page: Path) -> list[tuple[str, Path]]:
    parser = LinkCollector()
    parser.feed(page.read_text(encoding="utf-8"))
    out = []
    for link in parser.links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or link.startswith("#"):
            continue
        path = unquote(parts.path)
        if path.startswith("/"):  # site-absolute (the canonical link when base_url is "/")
            rel = posixpath.normpath(path.lstrip("/") or ".")
        else:
            rel = posixpath.normpath(posixpath.join(page.parent.relative_to(site).as_posix(), path))
        target = site / rel
        if link.endswith("/") or target.is_dir():
            target = target / "index.html"
        out.append((link, target))
    return out


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    out = tmp_path_factory.mktemp("site") / "build"
    config, _ = load_config(REPO / "archivegen.yaml")
    config = dataclasses.replace(config, output_dir=out)
    report = build(config)
    return out, report


def test_the_seed_archive_builds_without_errors(built_site) -> None:
    site, report = built_site
    assert report.errors == []
    assert report.articles_read == len(list((REPO / "articles").glob("*.txt")))
    assert (site / "index.html").is_file()
    for section in ("tinh", "don-vi", "van-ban", "nhan-vat", "nam"):
        assert (site / section / "index.html").is_file(), section


def test_every_internal_link_resolves(built_site) -> None:
    site, _ = built_site
    pages = list(site.rglob("*.html"))
    assert len(pages) > 20
    broken = [
        f"{page.relative_to(site)} -> {link}"
        for page in pages
        for link, target in internal_targets(site, page)
        if not target.is_file()
    ]
    assert broken == []


def test_every_page_is_vietnamese(built_site) -> None:
    site, _ = built_site
    for page in site.rglob("*.html"):
        parser = LinkCollector()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.lang == "vi", page


def test_articles_link_to_their_terms_and_terms_link_back(built_site) -> None:
    site, _ = built_site
    article_pages = list((site / "bai").glob("*/index.html"))
    assert len(article_pages) == 5
    for page in article_pages:
        targets = {t.relative_to(site).as_posix() for _, t in internal_targets(site, page)}
        assert any(t.startswith("van-ban/") and t != "van-ban/index.html" for t in targets), page
        assert any(t.startswith("don-vi/") and t != "don-vi/index.html" for t in targets), page
        assert any(t.startswith("tinh/") and t != "tinh/index.html" for t in targets), page
        for target in targets:
            if target.split("/")[0] in ("tinh", "don-vi", "van-ban") and target.count("/") == 2:
                back = {t for _, t in internal_targets(site, site / target)}
                assert page in back, f"{target} does not link back to {page}"


def test_no_page_chrome_and_nothing_loaded_from_elsewhere(built_site) -> None:
    site, _ = built_site
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "Thống kê truy cập" not in html and "Đăng nhập" not in html
        parser = LinkCollector()
        parser.feed(html)
        external = [link for link in parser.links if link.startswith(("http:", "https:", "//"))]
        assert external == [], f"{page}: {external}"
        if page.parent.name != "tim-kiem":  # only the search page needs JavaScript
            assert "<script" not in html, page


def test_a_bad_file_is_reported_and_the_build_goes_on(make_site) -> None:
    good = "Tiêu đề bài\n\nĐảng bộ tỉnh Quảng Ninh thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị.\n"
    config, report = make_site(
        {"a.txt": good, "empty.txt": "   \n", "image.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"}
    )
    assert report.articles_read == 1
    messages = [str(d) for d in report.errors]
    assert any("empty.txt" in m and "empty" in m for m in messages), messages
    assert any("image.txt: error: not text: a PNG image" in m for m in messages), messages
    assert len(list((config.output_dir / "bai").glob("*/index.html"))) == 1


def test_rebuild_rewrites_nothing_and_removes_deleted_articles(make_site, tmp_path: Path) -> None:
    first = "Bài thứ nhất\n\nTỉnh ủy Bắc Ninh triển khai Kết luận số 01-KL/TW.\n"
    second = "Bài thứ hai\n\nTỉnh ủy Lào Cai triển khai Chỉ thị số 05-CT/TW.\n"
    config, report = make_site({"a.txt": first, "b.txt": second})
    assert report.errors == []
    _, again = make_site({})
    assert again.files_removed == 0
    assert again.pages_written == report.pages_written
    (config.content_dir / "b.txt").unlink()
    after = build(config)
    assert after.files_removed > 0
    assert not (config.output_dir / "tinh" / "lao-cai").exists()
    assert not list(config.output_dir.rglob(".tmp-*"))


def test_an_article_url_does_not_move_when_others_are_added(make_site) -> None:
    text = "Đảng bộ Khối các cơ quan tỉnh học tập và làm theo Bác\n\nNội dung bài viết tỉnh Nghệ An.\n"
    config, _ = make_site({"a.txt": text})
    before = sorted(p.parent.name for p in (config.output_dir / "bai").glob("*/index.html"))
    _, _ = make_site({"b.txt": text, "c.txt": text})
    after = sorted(p.parent.name for p in (config.output_dir / "bai").glob("*/index.html"))
    assert set(before) <= set(after) and len(after) == 3


def test_two_sources_claiming_one_path_are_both_named(make_site) -> None:
    md = "---\ntitle: Bài A\nslug: trung-nhau\n---\nNội dung.\n"
    md2 = "---\ntitle: Bài B\nslug: trung-nhau\n---\nNội dung khác.\n"
    config, report = make_site({"a.md": md, "b.md": md2})
    message = " ".join(str(d) for d in report.errors)
    assert "a.md" in message and "b.md" in message and "bai/trung-nhau/index.html" in message
    page = (config.output_dir / "bai" / "trung-nhau" / "index.html").read_text(encoding="utf-8")
    assert "Bài A" in page


def test_refuses_to_write_into_a_folder_it_does_not_own(make_site, tmp_path: Path) -> None:
    config, _ = make_site({"a.txt": "Tiêu đề\n\nNội dung.\n"})
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "thesis.docx").write_text("do not delete", encoding="utf-8")
    report = build(dataclasses.replace(config, output_dir=foreign))
    assert any("refusing" in d.message for d in report.errors)
    assert (foreign / "thesis.docx").read_text(encoding="utf-8") == "do not delete"


def test_static_files_are_copied(built_site) -> None:
    site, _ = built_site
    assert (site / "static" / "style.css").read_bytes() == (REPO / "static" / "style.css").read_bytes()


def test_template_error_names_template_and_line(make_site, tmp_path: Path) -> None:
    config, _ = make_site({"a.txt": "Tiêu đề\n\nNội dung.\n"})
    shutil.copy(config.templates_dir / "article.html", tmp_path / "article.bak")
    (config.templates_dir / "article.html").write_text(
        '{% extends "base.html" %}\n{% block content %}\n{{ article.no_such_field }}\n{% endblock %}\n',
        encoding="utf-8",
    )
    report = build(config)
    message = " ".join(d.message for d in report.errors)
    assert "article.html:3" in message and "no_such_field" in message


def test_a_template_error_late_in_the_build_leaves_the_last_site_untouched(make_site) -> None:
    config, _ = make_site({"a.txt": "Tiêu đề\n\nTỉnh ủy Nghệ An thực hiện Chỉ thị số 05-CT/TW.\n"})
    before = tree_hashes(config.output_dir)
    (config.templates_dir / "article.html").write_text(
        (config.templates_dir / "article.html").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )  # article pages change, and are rendered before the term pages fail
    (config.templates_dir / "term.html").write_text("{{ no_such_variable }}\n", encoding="utf-8")
    report = build(config)
    assert any("term.html" in d.message for d in report.errors)
    assert tree_hashes(config.output_dir) == before
    assert not list(config.output_dir.rglob(".tmp-*"))


def test_an_english_interface_is_one_setting(make_site) -> None:
    config, report = make_site(
        {"a.txt": "Tiêu đề\n\nTỉnh ủy Nghệ An thực hiện Chỉ thị số 05-CT/TW.\n"}, "language: en\n"
    )
    assert report.errors == []
    home = (config.output_dir / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in home and "Latest articles" in home and "Bài mới nhất" not in home


def test_parallel_extraction_gives_the_same_records(make_site, monkeypatch) -> None:
    import archivegen.build as build_module
    from archivegen.extract import load_knowledge

    files = {
        f"a{n}.txt": f"Bài {n} về học tập\n\nTỉnh ủy Nghệ An thực hiện Chỉ thị số 05-CT/TW lần {n}.\n"
        for n in range(12)
    }
    files["bad.txt"] = "  \n"
    config, _ = make_site(files)
    serial = build_module.load_records(config, load_knowledge())
    monkeypatch.setattr(build_module, "PARALLEL_FROM", 1)
    parallel = build_module.load_records(config, load_knowledge())
    assert parallel == serial and len(parallel[0]) == 12 and len(parallel[1]) == 1
