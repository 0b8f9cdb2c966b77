"""The write stage: atomic files, skipped rewrites, and what a serve session remembers."""

from __future__ import annotations

import os
from pathlib import Path

from archivegen.write import MANIFEST, WriteMemory, Writer


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


def test_a_serve_session_trusts_its_memory_only_while_the_file_is_untouched(tmp_path: Path) -> None:
    memory: WriteMemory = {}
    page, other = b"<p>trang</p>", b"<p>khac</p>"
    write_all(tmp_path, {"a/index.html": page, "b/index.html": other}, memory)
    assert set(memory) == {"a/index.html", "b/index.html", MANIFEST}
    # Someone edits a built file by hand (same size) and deletes another with its folder.
    target = tmp_path / "a" / "index.html"
    target.write_bytes(b"<p>TRANG</p>")
    os.utime(target, ns=(1, 1))
    (tmp_path / "b" / "index.html").unlink()
    (tmp_path / "b").rmdir()
    again = write_all(tmp_path, {"a/index.html": page, "b/index.html": other}, memory)
    assert again.stats.written == 2 and again.stats.unchanged == 1  # the manifest
    assert target.read_bytes() == page and (tmp_path / "b" / "index.html").read_bytes() == other
    quiet = write_all(tmp_path, {"a/index.html": page}, memory)
    assert quiet.stats.written == 1 and quiet.stats.unchanged == 1 and quiet.stats.removed == 1
    assert "b/index.html" not in memory  # forgotten with the file
