"""Incremental builds (what `serve` does after each save) write exactly what a cold build writes.

The render of a serve rebuild looks only at what the catalog's delta can reach (render/scope.py);
these tests replay seeded random edits on a generated site, building with the cache after each,
and compare every output file with a build from scratch of the same articles.
"""

from __future__ import annotations

import dataclasses
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from archivegen.build import BuildCache, BuildReport, build
from archivegen.config import Config

from conftest import corpus_site, tree_hashes

PROVINCES = ["Nghệ An", "Thái Bình", "Cà Mau", "Lào Cai"]


def _edit(rng: random.Random, folder: Path, step: int) -> str:
    """One random edit of the kinds users make; returns what it did, for the failure message."""
    files = sorted(folder.glob("*.txt"))
    path = rng.choice(files)
    lines = path.read_text(encoding="utf-8").split("\n")
    kind = rng.choice(["body", "body", "title", "province", "directive", "date", "delete", "add", "rename"])
    if kind == "body":
        longest = max(range(len(lines)), key=lambda n: len(lines[n]))
        lines[longest] += f" Sửa lần {step}."
    elif kind == "title":
        lines[0] = f"Tiêu đề số {step} {lines[0]}"
    elif kind == "province":
        lines.append(f"Tỉnh ủy {rng.choice(PROVINCES)} chỉ đạo thực hiện.")
    elif kind == "directive":
        lines.append(f"Thực hiện Kết luận số {rng.randint(1, 3):02d}-KL/TW và Kế hoạch số {step}-KH/TU.")
    elif kind == "date":
        lines.insert(1, f"{rng.randint(1, 28):02d}/0{rng.randint(1, 9)}/20{rng.randint(16, 24)}")
    elif kind == "delete":
        path.unlink()
        return f"delete {path.name}"
    elif kind == "add":
        shutil.copy(path, folder / f"copy{step}.txt")
        return f"add copy of {path.name}"
    else:
        path.rename(folder / f"renamed{step}.txt")
        return f"rename {path.name}"
    path.write_text("\n".join(lines), encoding="utf-8")
    return f"{kind} {path.name}"


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_build_incrementally_what_a_cold_build_makes(tmp_path: Path, seed: int) -> None:
    config = corpus_site(tmp_path / "site", 60, seed, "page_size: 7\n")
    cache = BuildCache()
    assert build(config, cache=cache).errors == []
    rng = random.Random(seed)
    done = []
    for step in range(12):
        done.append(_edit(rng, config.content_dir, step))
        build(config, cache=cache)
        if step % 4 == 3:
            cold = dataclasses.replace(config, output_dir=tmp_path / f"cold{step}")
            build(cold)
            assert tree_hashes(config.output_dir) == tree_hashes(cold.output_dir), done


def test_a_template_edit_renders_again_only_the_pages_that_use_it(tmp_path: Path) -> None:
    root = tmp_path / "site"
    config = corpus_site(root, 30, 4)
    cache = BuildCache()
    build(config, cache=cache)
    before = {p: p.stat().st_mtime_ns for p in config.output_dir.rglob("*.html")}
    month = root / "templates" / "month.html"
    month.write_text(month.read_text(encoding="utf-8").replace("</h1>", " (tháng)</h1>", 1), encoding="utf-8")
    report = build(config, cache=cache)
    assert report.errors == []
    changed = {
        p.relative_to(config.output_dir).as_posix() for p, t in before.items() if p.stat().st_mtime_ns != t
    }
    assert changed and all(p.startswith("nam/") and p.count("/") >= 3 for p in changed), sorted(changed)[:5]
    cold = dataclasses.replace(config, output_dir=tmp_path / "cold")
    build(cold)
    assert tree_hashes(config.output_dir) == tree_hashes(cold.output_dir)


def test_articles_json_copies_the_unchanged_lines_of_the_last_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an edit, data/articles.json is made from the file on disk for every record that
    did not change (exports.PreviousLine), with the bytes of a cold build; a line on disk that is
    not the one expected is made again."""
    import importlib

    exports = importlib.import_module("archivegen.render.exports")  # the module, not its function
    config = corpus_site(tmp_path / "site", 30, 5, "")
    cache = BuildCache()
    assert build(config, cache=cache).errors == []
    made: list[str] = []
    encode = exports._record_line

    def counted(site: object, entry: object) -> bytes:
        made.append(entry.record.source_file)  # type: ignore[attr-defined]
        return encode(site, entry)  # type: ignore[arg-type]

    monkeypatch.setattr(exports, "_record_line", counted)
    articles = sorted(config.content_dir.glob("*.txt"))

    def edit_and_compare(path: Path, step: int) -> list[str]:
        lines = path.read_text(encoding="utf-8").split("\n")
        longest = max(range(len(lines)), key=lambda n: len(lines[n]))  # body text
        lines[longest] += f" Sửa lần {step}."
        path.write_text("\n".join(lines), encoding="utf-8")
        made.clear()
        build(config, cache=cache)
        encoded = list(made)
        cold = dataclasses.replace(config, output_dir=tmp_path / f"cold{step}")
        build(cold)
        exported = "data/articles.json"
        assert (config.output_dir / exported).read_bytes() == (cold.output_dir / exported).read_bytes()
        return encoded

    assert edit_and_compare(articles[3], 1) == [articles[3].name]
    on_disk = config.output_dir / "data" / "articles.json"
    lines = on_disk.read_bytes().split(b"\n")
    lines[5], lines[6] = lines[6], lines[5]  # changed by hand since: two records out of place
    on_disk.write_bytes(b"\n".join(lines))
    encoded = edit_and_compare(articles[7], 2)
    assert articles[7].name in encoded and 2 <= len(encoded) < len(articles)


def test_an_edit_lists_do_not_show_looks_at_no_other_article_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit below an article's lead leaves what lists show of it (its summary) as it was: no
    other article page is looked at again, not its neighbours in time, not the articles that
    list it as related. An edit of its lead changes its summary, which a template may show
    (this one does, for neighbours and related articles): those pages are made again."""
    import importlib

    from archivegen.build import load_record
    from archivegen.extract import load_knowledge

    pages = importlib.import_module("archivegen.render.pages")
    config = corpus_site(tmp_path / "site", 40, 7, "")
    template = config.templates_dir / "article.html"
    shown = template.read_text(encoding="utf-8")
    for name in ("a", "neighbours.older", "neighbours.newer"):
        assert f"{{{{ {name}.title }}}}" in shown
        shown = shown.replace(f"{{{{ {name}.title }}}}", f"{{{{ {name}.title }}}} ({{{{ {name}.lead }}}})")
    template.write_text(shown, encoding="utf-8")
    cache = BuildCache()
    assert build(config, cache=cache).errors == []
    looked_at: list[str] = []
    related = pages._related  # asked for by every article page looked at

    def counted(site: Any, index: int) -> Any:
        looked_at.append(site.catalog.articles[index].record.source_file)
        return related(site, index)

    monkeypatch.setattr(pages, "_related", counted)

    def edit_and_compare(path: Path, old: str, new: str, step: int) -> list[str]:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        looked_at.clear()
        build(config, cache=cache)
        pages_looked_at = list(looked_at)
        cold = dataclasses.replace(config, output_dir=tmp_path / f"cold{step}")
        build(cold)
        assert tree_hashes(config.output_dir) == tree_hashes(cold.output_dir)
        return pages_looked_at

    path = sorted(config.content_dir.glob("*.txt"))[11]
    record, _ = load_record(path, config.content_dir, load_knowledge())
    last = record.paragraphs[-1]
    assert last != record.lead
    assert edit_and_compare(path, last, last + " Sửa ở cuối bài.", 1) == [path.name]
    again = edit_and_compare(path, record.lead, record.lead + " Sửa ở đầu bài.", 2)
    assert path.name in again and len(again) > 1


def test_a_documents_first_page_follows_the_provinces_of_its_articles(
    tmp_path: Path, make_site: Callable[..., tuple[Config, BuildReport]]
) -> None:
    """A document's first page counts its articles by province. An article on its second page
    that moves to another province leaves the first page's list as it was, not its counts."""

    def article(day: str, province: str) -> str:
        return (
            f"---\ntitle: Bài ngày {day}\ndate: {day}\nprovince: {province}\n---\n"
            "Các chi bộ thực hiện Chỉ thị 05-CT/TW của Bộ Chính trị.\n"
        )

    config, _ = make_site(
        {
            "a.md": article("2024-05-03", "Nghệ An"),
            "b.md": article("2024-05-02", "Nghệ An"),
            "c.md": article("2024-05-01", "Thái Bình"),
        },
        "search: false\n",
    )  # page_size 2: c.md is alone on the second page
    cache = BuildCache()
    assert build(config, cache=cache).errors == []
    (config.content_dir / "c.md").write_text(article("2024-05-01", "Cà Mau"), encoding="utf-8")
    assert build(config, cache=cache).errors == []
    cold = dataclasses.replace(config, output_dir=tmp_path / "cold")
    build(cold)
    assert tree_hashes(config.output_dir) == tree_hashes(cold.output_dir)
    page = (config.output_dir / "van-ban" / "05-ct-tw" / "index.html").read_text(encoding="utf-8")
    assert "Cà Mau" in page and "Thái Bình" not in page
