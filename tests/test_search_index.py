"""The search index stage: which pages Pagefind is pointed at, and that it indexes all of them."""

from __future__ import annotations

import json
from pathlib import Path

from archivegen.search_index import pages_glob, run_pagefind


def test_glob_names_each_section_and_file_of_the_indexed_pages() -> None:
    pages = ["bai/a-1/index.html", "bai/b-2/index.html", "bai/c-3/index.html"]
    assert pages_glob(pages) == "bai/*/index.html"


def test_glob_lists_every_shape_once_in_order() -> None:
    pages = ["tin/2024/05/x.html", "bai/a/index.html", "index.html", "bai/b/index.html"]
    assert pages_glob(pages) == "{bai/*/index.html,index.html,tin/*/*/x.html}"


def test_no_glob_without_pages_or_for_names_a_glob_would_read_otherwise() -> None:
    assert pages_glob([]) is None
    assert pages_glob(["bai/a/index.html", "bài/b/index.html"]) is None  # not plain ASCII
    assert pages_glob(["bai/a/{x}.html"]) is None
    assert pages_glob(["b[a]i/a/index.html"]) is None


def test_no_glob_for_pages_of_too_many_shapes() -> None:
    pages = [f"s{i}/index.html" for i in range(40)]
    assert pages_glob(pages) is None
    assert pages_glob(pages[:30]) is not None


def _page(root: Path, path: str, body: bool) -> None:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    marked = " data-pagefind-body" if body else ""
    target.write_text(
        f'<!doctype html><html lang="vi"><head><title>{path}</title></head>'
        f"<body><main{marked}><h1>{path}</h1><p>Chỉ thị 05-CT/TW ở {path}</p></main></body></html>",
        encoding="utf-8",
    )


def test_pagefind_indexes_every_marked_page_through_the_glob(tmp_path: Path) -> None:
    """The glob (braces included) is one Pagefind reads as meant: the marked pages of two
    sections are all in the index, and nothing breaks on the unmarked ones left out."""
    site, out = tmp_path / "site", tmp_path / "index"
    marked = ["bai/mot/index.html", "bai/hai/index.html", "ghi-chu/ba/index.html"]
    for path in marked:
        _page(site, path, body=True)
    for path in ("tinh/bac-kan/index.html", "index.html"):
        _page(site, path, body=False)
    run_pagefind(site, out, pages=marked)
    entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert [language["page_count"] for language in entry["languages"].values()] == [3]
