"""The write stage: atomic files, skipped rewrites, and what a serve session remembers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from archivegen.diagnostics import ArchivegenError
from archivegen.write import MANIFEST, MARKS, NEW, WRITING, WriteMemory, Writer

from conftest import site_files


def write_all(root: Path, outputs: dict[str, bytes], memory: WriteMemory | None) -> Writer:
    writer = Writer(root, memory)
    for path, data in outputs.items():
        writer.write_bytes(path, data)
    writer.finish()
    return writer


def test_unchanged_files_are_not_rewritten_and_gone_ones_are_removed(tmp_path: Path) -> None:
    first = write_all(tmp_path, {"a/index.html": b"A", "b/index.html": b"B"}, None)
    assert first.stats.written == 3  # and the manifest
    stamp = (tmp_path / "a" / "index.html").stat().st_mtime_ns
    second = write_all(tmp_path, {"a/index.html": b"A"}, None)
    # Only the manifest (its file list changed) is written again.
    assert (second.stats.written, second.stats.unchanged, second.stats.removed) == (1, 1, 1)
    assert (tmp_path / "a" / "index.html").stat().st_mtime_ns == stamp
    assert not (tmp_path / "b").exists()  # the emptied folder goes too


def test_a_serve_session_remembers_its_files_and_manifest(tmp_path: Path) -> None:
    memory = WriteMemory()
    page, other = b"<p>trang</p>", b"<p>khac</p>"
    write_all(tmp_path, {"a/index.html": page, "b/index.html": other}, memory)
    assert memory.files == {"a/index.html", "b/index.html"}
    manifest = (tmp_path / MANIFEST).stat().st_mtime_ns
    # The next build keeps b without looking at it, and rewrites neither a nor the manifest.
    again = Writer(tmp_path, memory)
    again.write_bytes("a/index.html", page)
    again.keep_all({"b/index.html"})
    again.finish()
    assert (again.stats.written, again.stats.unchanged, again.stats.removed) == (0, 3, 0)
    assert (tmp_path / MANIFEST).stat().st_mtime_ns == manifest
    # A build that no longer makes b removes it, using the memory, not the manifest on disk.
    (tmp_path / MANIFEST).write_text("{}", encoding="utf-8")
    quiet = write_all(tmp_path, {"a/index.html": page}, memory)
    assert quiet.stats.removed == 1 and not (tmp_path / "b").exists()
    assert memory.files == {"a/index.html"}
    assert json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))["files"] == ["a/index.html"]


def test_staged_files_appear_only_when_published_and_vanish_when_discarded(tmp_path: Path) -> None:
    write_all(tmp_path, {"a/index.html": b"old"}, None)
    writer = Writer(tmp_path)
    writer.stage()
    writer.write_bytes("a/index.html", b"new")
    writer.write_bytes("b/index.html", b"B")
    assert (tmp_path / "a" / "index.html").read_bytes() == b"old" and not (
        tmp_path / "b" / "index.html"
    ).exists()
    writer.discard()
    assert not list(tmp_path.rglob(".tmp-*"))
    assert (tmp_path / "a" / "index.html").read_bytes() == b"old"
    writer = Writer(tmp_path)
    writer.stage()
    writer.write_bytes("a/index.html", b"new")
    writer.publish()
    assert (tmp_path / "a" / "index.html").read_bytes() == b"new" and not list(tmp_path.rglob(".tmp-*"))


def test_files_written_piece_by_piece_are_skipped_when_equal_and_whole_when_they_fail(
    tmp_path: Path,
) -> None:
    import pytest

    write_all(tmp_path, {"data/big.json": b"[\n1,\n2\n]\n"}, None)
    stamp = (tmp_path / "data" / "big.json").stat().st_mtime_ns
    same = Writer(tmp_path)
    same.write_chunks("data/big.json", iter([b"[\n", b"1,\n", b"2\n]\n"]))
    assert (same.stats.written, same.stats.unchanged) == (0, 1)
    assert (tmp_path / "data" / "big.json").stat().st_mtime_ns == stamp
    # Same size, other bytes: replaced. Pieces bigger than the compare block work too.
    other = Writer(tmp_path)
    other.write_chunks("data/big.json", iter([b"[\n3,\n4\n]\n"]))
    long = Writer(tmp_path)
    long.write_chunks("data/long.json", (bytes([i]) * 700_000 for i in range(4)))
    assert (other.stats.written, long.stats.written) == (1, 1)
    assert (tmp_path / "data" / "big.json").read_bytes() == b"[\n3,\n4\n]\n"
    assert (tmp_path / "data" / "long.json").read_bytes() == b"".join(bytes([i]) * 700_000 for i in range(4))

    def failing() -> Iterator[bytes]:
        yield b"[\n5,\n"
        raise RuntimeError("a record could not be converted")

    with pytest.raises(RuntimeError):
        Writer(tmp_path).write_chunks("data/big.json", failing())
    assert (tmp_path / "data" / "big.json").read_bytes() == b"[\n3,\n4\n]\n"
    assert not list(tmp_path.rglob(".tmp-*"))


def test_pages_are_readable_by_all_but_for_the_umask_and_stale_temporaries_are_stepped_over(
    tmp_path: Path,
) -> None:
    import os
    import stat

    import pytest

    writer = Writer(tmp_path)
    folder = tmp_path / "bai" / "x"
    folder.mkdir(parents=True)
    stale = folder / f".tmp-{os.getpid()}-1.html"  # as a killed build of a process with our id left it
    stale.write_bytes(b"cu")
    old = os.umask(0o022)
    try:
        writer.write_bytes("bai/x/index.html", "Trang chủ".encode())
        writer.write_chunks("data/a.json", iter([b"[", b"]"]))
        os.umask(0o077)
        writer.write_bytes("bai/x/page.html", b"p")
    finally:
        os.umask(old)
    assert (folder / "index.html").read_text(encoding="utf-8") == "Trang chủ"
    assert stat.S_IMODE((folder / "index.html").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "data" / "a.json").stat().st_mode) == 0o644
    assert stat.S_IMODE((folder / "page.html").stat().st_mode) == 0o600
    assert stale.read_bytes() == b"cu"
    for unsafe in ("/etc/x.html", "bai/../../x.html", "bai/x/..", "bai/x/a\nb.html", "bai/x/a\x00"):
        with pytest.raises(ValueError):
            writer.write_bytes(unsafe, b"x")


def _build(root: Path, outputs: dict[str, bytes]) -> Writer:
    """As a build writes: mark the folder, stage, publish, finish."""
    writer = Writer(root)
    writer.begin()
    assert (root / WRITING).is_file()
    writer.stage()
    for path, data in outputs.items():
        writer.write_bytes(path, data)
    writer.publish()
    writer.finish()
    assert not (root / WRITING).exists()
    return writer


def test_only_a_build_after_a_killed_one_looks_for_its_temporary_files(tmp_path: Path) -> None:
    _build(tmp_path, {"a/index.html": b"A", "b/index.html": b"B"})
    # Killed while staging: its mark and a staged page stay behind.
    killed = Writer(tmp_path)
    killed.begin()
    killed.stage()
    killed.write_bytes("b/index.html", b"B2")
    (staged,) = tmp_path.rglob(".tmp-*")
    _build(tmp_path, {"a/index.html": b"A", "b/index.html": b"B3"})
    assert not staged.exists() and not list(tmp_path.rglob(".tmp-*"))
    # After a build that finished, the next one does not walk the folder: a file named like a
    # temporary one that no killed build can have left is not even seen.
    odd = tmp_path / "a" / ".tmp-not-ours"
    odd.write_bytes(b"x")
    _build(tmp_path, {"a/index.html": b"A", "b/index.html": b"B3"})
    assert odd.exists()


def test_a_folder_written_without_marks_is_looked_through_once(tmp_path: Path) -> None:
    _build(tmp_path, {"a/index.html": b"A"})
    manifest = json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))
    del manifest[MARKS]  # as a build of an archivegen that did not mark the folder left it
    (tmp_path / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    stray = tmp_path / "a" / ".tmp-123-4.html"
    stray.write_bytes(b"cut sh")
    _build(tmp_path, {"a/index.html": b"A"})
    assert not stray.exists()
    assert json.loads((tmp_path / MANIFEST).read_text(encoding="utf-8"))[MARKS] is True


def test_a_build_that_stops_removes_its_mark_with_its_staged_files(tmp_path: Path) -> None:
    from archivegen.build import _abandon

    _build(tmp_path, {"a/index.html": b"A"})
    writer = Writer(tmp_path)
    writer.begin()
    writer.stage()
    writer.write_bytes("a/index.html", b"A2")
    _abandon(writer)
    assert sorted(p.name for p in tmp_path.rglob("*")) == [MANIFEST, "a", "index.html"]
    assert (tmp_path / "a" / "index.html").read_bytes() == b"A"


def test_files_made_elsewhere_are_moved_in_or_copied_across_file_systems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    site, made = tmp_path / "site", tmp_path / "made"
    made.mkdir()
    (made / "a.pf").write_bytes(b"index a")
    (made / "b.pf").write_bytes(b"index b")
    writer = Writer(site)
    writer.move_file("pagefind/a.pf", made / "a.pf")
    assert (site / "pagefind" / "a.pf").read_bytes() == b"index a" and not (made / "a.pf").exists()

    def other_device(src: object, dst: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "rename", other_device)
    writer.move_file("pagefind/b.pf", made / "b.pf")
    assert (site / "pagefind" / "b.pf").read_bytes() == b"index b"
    (made / "a.pf").write_bytes(b"index a")  # the same bytes again: left where they are
    writer.move_file("pagefind/a.pf", made / "a.pf")
    assert (writer.stats.written, writer.stats.unchanged) == (2, 1)
    assert not list(site.rglob(".tmp-*"))


def test_a_killed_build_s_temporary_folder_goes_too(tmp_path: Path) -> None:
    _build(tmp_path, {"a/index.html": b"A"})
    left = tmp_path / ".tmp-pagefind-x1" / "fragment"
    left.mkdir(parents=True)
    (left / "f.pf").write_bytes(b"f")
    (tmp_path / WRITING).write_bytes(b"")  # the killed build's mark
    _build(tmp_path, {"a/index.html": b"A"})
    assert sorted(p.name for p in tmp_path.rglob("*")) == [MANIFEST, "a", "index.html"]


def test_files_in_folders_the_writer_made_are_not_looked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build from scratch makes the folder of nearly every page: the file cannot be there to
    compare with, and the writer does not ask. In a folder it found, it still compares."""
    import os

    _build(tmp_path, {"a/index.html": b"A"})
    looked: list[str] = []
    real_stat = os.stat

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        looked.append(os.fspath(path))  # type: ignore[arg-type]
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "stat", stat)
    writer = Writer(tmp_path)
    writer.write_bytes("b/c/index.html", b"C")
    writer.write_bytes("a/index.html", b"A")
    files = [Path(p).relative_to(tmp_path).as_posix() for p in looked if p.endswith(".html")]
    assert files == ["a/index.html"]  # (folders are looked for on the way to b/c)
    assert (writer.stats.written, writer.stats.unchanged) == (1, 1)


def test_a_first_build_killed_part_way_leaves_a_folder_the_next_build_takes(tmp_path: Path) -> None:
    """Killed before its first manifest, a build leaves its mark and staged files in a folder
    archivegen would otherwise refuse as someone else's: the next build takes it and tidies it.
    (The folder was there, empty: a build into a folder not there yet writes beside it.)"""
    from archivegen.write import check_output_dir

    out = tmp_path / "build"
    out.mkdir()
    killed = Writer(out)
    killed.begin()
    killed.stage()
    killed.write_bytes("a/index.html", b"A")
    assert not (out / MANIFEST).exists() and list(out.rglob(".tmp-*"))
    check_output_dir(out, [])  # no error
    _build(out, {"a/index.html": b"A2"})
    assert sorted(p.name for p in out.rglob("*")) == [MANIFEST, "a", "index.html"]
    (out / "a" / "index.html").unlink()
    (out / MANIFEST).unlink()
    (out / "notes.txt").write_text("someone's", encoding="utf-8")
    with pytest.raises(ArchivegenError, match="not written by archivegen"):
        check_output_dir(out, [])


def test_a_build_into_a_new_folder_writes_beside_it_and_renames_it_into_place(tmp_path: Path) -> None:
    """No output folder yet: every file goes straight to its name in a folder beside it (no
    temporary names, nothing to rename one by one), and publish renames that folder into place.
    Nothing is at the output path before; afterwards the writer stages into it as usual."""
    import os

    out = tmp_path / "site"
    made_elsewhere = tmp_path / "made.bin"
    made_elsewhere.write_bytes(b"index")
    static = tmp_path / "style.css"
    static.write_text("body{}", encoding="utf-8")
    writer = Writer(out)
    writer.begin()
    writer.stage()
    new = tmp_path / f"{NEW}site-{os.getpid()}"
    assert writer.root == new and writer.direct
    writer.write_bytes("bai/x/index.html", b"X")
    writer.write_chunks("data/a.json", iter([b"[", b"1", b"]"]))
    writer.copy_file("static/style.css", static)
    writer.move_file("pagefind/a.pf", made_elsewhere)
    worker = Writer(new, direct=True)  # a forked process of the same build
    worker.stage()
    worker.write_bytes("bai/y/index.html", b"Y")
    writer.adopt(worker.share())
    assert not out.exists()
    assert sorted(site_files(new)) == [
        WRITING,
        "bai/x/index.html",
        "bai/y/index.html",
        "data/a.json",
        "pagefind/a.pf",
        "static/style.css",
    ]
    writer.publish()
    assert not new.exists() and writer.root == out and not writer.direct
    writer.stage()
    writer.write_bytes("data/b.csv", b"b")  # after publish: staged in the output folder
    assert not (out / "data" / "b.csv").exists() and list(out.rglob(".tmp-*"))
    writer.publish()
    writer.finish()
    assert site_files(out) == {
        MANIFEST: (out / MANIFEST).read_bytes(),
        "bai/x/index.html": b"X",
        "bai/y/index.html": b"Y",
        "data/a.json": b"[1]",
        "data/b.csv": b"b",
        "pagefind/a.pf": b"index",
        "static/style.css": b"body{}",
    }
    assert json.loads((out / MANIFEST).read_text(encoding="utf-8"))["files"] == sorted(
        site_files(out).keys() - {MANIFEST}
    )
    assert (writer.stats.written, writer.stats.unchanged) == (7, 0)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "style.css"]


def test_a_build_into_a_new_folder_that_stops_leaves_nothing(tmp_path: Path) -> None:
    out = tmp_path / "site"
    writer = Writer(out)
    writer.begin()
    writer.stage()
    writer.write_bytes("bai/x/index.html", b"X")
    writer.discard()
    writer.end()
    assert list(tmp_path.iterdir()) == []


def test_new_folders_of_killed_builds_are_removed_by_the_next_build(tmp_path: Path) -> None:
    """A build killed before its new folder was renamed into place leaves it: the next build
    into the same output folder removes it, unless the process that made it still runs."""
    import os
    import subprocess
    import sys

    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead = tmp_path / f"{NEW}site-{int(gone.stdout)}"
    (dead / "bai" / "x").mkdir(parents=True)
    (dead / "bai" / "x" / "index.html").write_bytes(b"half")
    alive = tmp_path / f"{NEW}site-{os.getppid()}"  # a build still running (the parent process)
    alive.mkdir()
    other = tmp_path / f"{NEW}site2-123"  # another output folder's
    other.mkdir()
    ours = tmp_path / f"{NEW}site-{os.getpid()}"  # an earlier process with this one's id, killed
    (ours / "b").mkdir(parents=True)
    (ours / "b" / "index.html").write_bytes(b"stale")
    writer = Writer(tmp_path / "site")
    writer.begin()
    writer.stage()
    writer.write_bytes("a/index.html", b"A")
    writer.publish()
    writer.finish()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", alive.name, other.name])
    assert site_files(tmp_path / "site") == {
        MANIFEST: (tmp_path / "site" / MANIFEST).read_bytes(),
        "a/index.html": b"A",
    }
