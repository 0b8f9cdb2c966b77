"""The build cache on disk (persist.py): `archivegen build` after a change does the work of that
change, writes what a build from scratch writes, and never trusts a cache it should not."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archivegen.cli import main
from archivegen.config import load_config
from archivegen.persist import cache_dir, cache_path

from conftest import corpus_site, tree_hashes


@pytest.fixture
def project(tmp_path: Path) -> Path:
    corpus_site(tmp_path / "site", 25, 7, "page_size: 6\n")
    return tmp_path / "site"


def build(root: Path, *extra: str) -> int:
    return main(["build", "-q", "-c", str(root / "archivegen.yaml"), *extra])


def cold_hashes(root: Path, tmp_path: Path) -> dict[str, str]:
    out = tmp_path / "cold"
    assert build(root, "--fresh", "-o", str(out)) in (0, 1)
    return tree_hashes(out)


def test_a_warm_build_after_edits_writes_what_a_cold_build_writes(project: Path, tmp_path: Path) -> None:
    assert build(project) in (0, 1)
    config, _ = load_config(project / "archivegen.yaml")
    assert cache_path(config).is_file()
    assert not cache_path(config).is_relative_to(project)  # never published, never committed
    before = {p: p.stat().st_mtime_ns for p in config.output_dir.rglob("*") if p.is_file()}
    articles = sorted(config.content_dir.glob("*.txt"))
    text = articles[3].read_text(encoding="utf-8").split("\n")
    text[0] = "Tiêu đề đã sửa " + text[0]
    articles[3].write_text("\n".join(text), encoding="utf-8")
    articles[5].unlink()
    assert build(project) in (0, 1)
    rewritten = [p for p, t in before.items() if p.exists() and p.stat().st_mtime_ns != t]
    assert 0 < len(rewritten) < len(before) / 2  # the change's work, not the whole site's
    assert tree_hashes(config.output_dir) == cold_hashes(project, tmp_path)


# Imported only where they are used: reading files (a charset detector, the mojibake repairer,
# the Markdown converter, the extraction steps and their patterns), extracting many in worker
# processes, splitting a render between processes. Together a third of the start-up of a warm
# build, which does none of that.
LAZY_IMPORTS = (
    "ftfy",
    "charset_normalizer",
    "markdown",
    "archivegen.extract.article",
    "archivegen.extract.directives",
    "concurrent.futures.process",
    "multiprocessing",
)
_REPORT_IMPORTS = f"""
import sys
from archivegen.cli import main
main(["build", "-q", "-c", sys.argv[1]])
print(" ".join(m for m in {LAZY_IMPORTS!r} if m in sys.modules))
"""


def test_a_warm_build_does_not_import_what_only_reading_files_needs(project: Path, tmp_path: Path) -> None:
    (project / "articles" / "ghi-chu.md").write_text(
        "---\ntitle: Ghi chú\ndate: 2024-05-01\n---\nHọc tập và làm theo *tư tưởng* Hồ Chí Minh.\n",
        encoding="utf-8",
    )

    def imported() -> set[str]:
        run = [sys.executable, "-c", _REPORT_IMPORTS, str(project / "archivegen.yaml")]
        done = subprocess.run(run, capture_output=True, text=True, env=os.environ, check=True)
        return set(done.stdout.split())

    assert {"markdown", "archivegen.extract.article"} <= imported()  # the first build reads files
    assert imported() == set()  # the next one reads nothing


@pytest.mark.parametrize(
    "damage", ["deleted page", "other manifest", "emptied output", "broken cache", "other settings"]
)
def test_a_cache_that_does_not_describe_the_output_is_not_used(
    project: Path, tmp_path: Path, damage: str
) -> None:
    assert build(project) in (0, 1)
    config, _ = load_config(project / "archivegen.yaml")
    page = next(config.output_dir.glob("bai/*/index.html"))
    if damage == "deleted page":
        page.unlink()
    elif damage == "other manifest":
        manifest = config.output_dir / ".archivegen-manifest.json"
        manifest.write_text(manifest.read_text(encoding="utf-8") + " ", encoding="utf-8")
    elif damage == "emptied output":  # rejected from the cache's header, before its bulk loads
        shutil.rmtree(config.output_dir)
    elif damage == "broken cache":
        cache_path(config).write_bytes(b"not a pickle")
    else:
        (project / "archivegen.yaml").write_text(
            "title: Khác\nsearch: false\npage_size: 6\n", encoding="utf-8"
        )
    assert build(project) in (0, 1)
    assert tree_hashes(config.output_dir) == cold_hashes(project, tmp_path)
    if damage == "deleted page":
        assert page.is_file()  # put back by the build from scratch


def test_nothing_changed_leaves_the_cache_as_it_is_and_old_caches_go(project: Path, tmp_path: Path) -> None:
    assert build(project) in (0, 1)
    config, _ = load_config(project / "archivegen.yaml")
    stamp = cache_path(config).stat().st_mtime_ns
    assert build(project) in (0, 1)
    assert cache_path(config).stat().st_mtime_ns == stamp  # the cache on disk still describes the site
    for n in range(4):  # builds into other folders: only the three most recent caches stay
        assert build(project, "-o", str(tmp_path / f"out{n}")) in (0, 1)
    assert len(list(cache_dir().glob("*.pickle"))) == 3


def test_a_cache_in_use_is_not_trusted_by_the_next_build(project: Path, tmp_path: Path) -> None:
    """A build that loaded the cache and was killed before replacing it leaves no cache behind."""
    from archivegen.persist import load_cache

    assert build(project) in (0, 1)
    config, _ = load_config(project / "archivegen.yaml")
    assert load_cache(config) is not None  # as a build does, which is then killed
    assert not cache_path(config).exists() and load_cache(config) is None
    assert build(project) in (0, 1)
    assert tree_hashes(config.output_dir) == cold_hashes(project, tmp_path)


def test_record_parts_share_their_repeated_names_through_pickling() -> None:
    """Unit names, kinds and provinces repeat across thousands of records: records unpickled
    from a worker or the cache hold one string per spelling, not one per mention."""
    import pickle

    from archivegen.extract.record import Directive, Person, Province, Unit

    def parts() -> tuple[object, ...]:
        return (
            Unit("".join(["Sở ", "Tư pháp"]), "provincial", "".join(["Bắc ", "Ninh"]), "Sở Tư pháp"),
            Directive("".join(["05-", "CT/TW"]), "Chỉ thị", "05", "TW", "national", ("05/CT-TW",)),
            Person("".join(["Nguyễn ", "Văn A"]), "".join(["Bí ", "thư"])),
            Province("".join(["Bắc ", "Kạn"]), "Thái Nguyên", "Báo Bắc Kạn"),
        )

    first, second = pickle.loads(pickle.dumps(parts())), pickle.loads(pickle.dumps(parts()))
    assert first == second == parts()
    for a, b, names in zip(
        first, second, (("name", "province"), ("id",), ("name", "role"), ("name",)), strict=True
    ):
        for name in names:
            assert getattr(a, name) is getattr(b, name), name


@pytest.mark.parametrize("enabled", [True, False])
def test_saving_and_loading_the_cache_leave_the_collector_as_they_found_it(
    project: Path, enabled: bool
) -> None:
    """The collector is paused while the cache is pickled and unpickled (collector.paused), and
    the build's caller gets it back as it was, on or off."""
    import gc

    from archivegen.build import BuildCache
    from archivegen.persist import load_cache, save_cache

    config, _ = load_config(project / "archivegen.yaml")
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        assert build(project) in (0, 1)  # loads (none yet), builds, saves
        assert gc.isenabled() is enabled
        assert isinstance(load_cache(config), BuildCache)
        assert gc.isenabled() is enabled
        save_cache(config, BuildCache())
        assert gc.isenabled() is enabled
    finally:
        gc.unfreeze()  # load_cache froze what it loaded, for the build it was loaded for
        (gc.enable if was else gc.disable)()


def test_the_command_freezes_what_is_left_before_it_exits(monkeypatch: pytest.MonkeyPatch) -> None:
    """`archivegen` (cli.run) freezes what its work left, after that work and before exiting."""
    import gc

    from archivegen import cli

    calls: list[str] = []
    monkeypatch.setattr(cli, "main", lambda: calls.append("main") or 1)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    assert cli.run() == 1
    assert calls == ["main", "freeze"]
