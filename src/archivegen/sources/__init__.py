"""Sources stage: find article files, decode them, hand on canonical text.

Nothing after this stage reads a file: extraction works on `Source.text` only.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import ArchivegenError, Diagnostic
from ..text import normalise_document
from .decode import DecodeError, decode

ARTICLE_SUFFIXES = {".txt": "txt", ".md": "md", ".markdown": "md"}
# An article is a few to a few hundred kilobytes; a bigger file is a dump or a mistake, and reading it
# as one article would stall the build.
MAX_BYTES = 5 * 1024 * 1024
# Editors' temporary and backup files are never articles.
_TEMP_SUFFIXES = (".swp", ".swx", ".tmp", "~", ".bak", ".part")


@dataclass(frozen=True)
class Source:
    """One article file, decoded and normalised."""

    path: Path  # absolute path on disk
    rel: str  # path relative to the content folder, with '/' separators; the article's identity
    kind: str  # "txt" or "md"
    text: str  # canonical text: NFC, new-style tone marks, LF line ends, clean spaces
    sha256: str  # of the raw bytes
    warnings: tuple[Diagnostic, ...] = ()
    sidecar: str | None = None  # the editor's sidecar file beside it ("foo.yaml"), as text
    sidecar_name: str | None = None  # that file's name


SIDECAR_SUFFIX = ".yaml"  # "foo.txt" + "foo.yaml": an editor's corrections to the scraped article


def sidecar_of(path: Path) -> Path:
    """Where the sidecar file of an article file is: beside it, same name, ".yaml"."""
    return path.with_suffix(SIDECAR_SUFFIX)


def articles_of_sidecar(path: Path) -> list[Path]:
    """The article files a sidecar file is beside (the names a watcher must read again)."""
    return [path.with_suffix(suffix) for suffix in ARTICLE_SUFFIXES]


def is_sidecar_name(name: str) -> bool:
    """True for names of sidecar files: ".yaml", not hidden, not an editor's temp file."""
    return name.endswith(SIDECAR_SUFFIX) and not name.startswith((".", "#", "~"))


def is_article_name(name: str) -> bool:
    """True for names of article files: known suffix, not hidden, not an editor's temp file."""
    if name.startswith((".", "#", "~")) or name.endswith(_TEMP_SUFFIXES) or name == "4913":
        return False
    return Path(name).suffix.lower() in ARTICLE_SUFFIXES


def is_source(path: Path, content_dir: Path) -> bool:
    """True for a path `find_sources` would list (whether or not the file exists now)."""
    if not path.is_relative_to(content_dir):
        return False
    folders = path.relative_to(content_dir).parts[:-1]
    return is_article_name(path.name) and not any(part.startswith(".") for part in folders)


def find_sources(content_dir: Path) -> Iterator[Path]:
    """Article files under content_dir, in a stable order. Symlinked folders are not followed,
    so a link loop cannot trap the walk."""
    for folder, dirs, files in os.walk(content_dir, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if is_article_name(name):
                yield Path(os.path.join(folder, name))  # one Path made, not two: 10,000s of files


def read_source(path: Path, content_dir: Path) -> Source:
    """Read and decode one article file. Raises ArchivegenError naming the file."""
    rel = path.relative_to(content_dir).as_posix() if path.is_relative_to(content_dir) else path.name
    shown = str(path)
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):  # a named pipe would block the read forever
            raise ArchivegenError(Diagnostic("error", shown, "not a regular file: skipped"))
        size = st.st_size
        if size > MAX_BYTES:
            raise ArchivegenError(
                Diagnostic(
                    "error",
                    shown,
                    f"file is {size / 2**20:.1f} MB, over the {MAX_BYTES // 2**20} MB limit "
                    "for one article: split it or remove it",
                )
            )
        data = path.read_bytes()
    except OSError as exc:
        raise ArchivegenError(Diagnostic("error", shown, f"cannot read file: {exc.strerror or exc}")) from exc
    try:
        raw, note = decode(data)
    except DecodeError as exc:
        raise ArchivegenError(Diagnostic("error", shown, str(exc))) from exc
    kind = ARTICLE_SUFFIXES.get(path.suffix.lower(), "txt")
    text = normalise_document(raw, keep_indent=kind == "md")
    if not text.strip():
        raise ArchivegenError(Diagnostic("error", shown, "file is empty (no text after decoding)"))
    warnings = (Diagnostic("warning", shown, note),) if note else ()
    sidecar_text, sidecar_name = _read_sidecar(path)
    return Source(
        path, rel, kind, text, hashlib.sha256(data).hexdigest(), warnings, sidecar_text, sidecar_name
    )


def _read_sidecar(path: Path) -> tuple[str | None, str | None]:
    """The text of the article's sidecar file, if there is one. Raises ArchivegenError naming it
    when it cannot be read: the article is not built from half of what its editor wrote."""
    sidecar = sidecar_of(path)
    try:
        data = sidecar.read_bytes()
    except FileNotFoundError:
        return None, None
    except OSError as exc:
        raise ArchivegenError(
            Diagnostic("error", str(sidecar), f"cannot read file: {exc.strerror or exc}")
        ) from exc
    try:
        return normalise_document(data.decode("utf-8-sig"), keep_indent=True), sidecar.name
    except UnicodeDecodeError as exc:
        raise ArchivegenError(Diagnostic("error", str(sidecar), f"not UTF-8 text: {exc}")) from exc


def source_from_text(text: str, rel: str = "snippet.txt") -> Source:
    """A Source built from a string: for tests and tools that have text, not files."""
    kind = ARTICLE_SUFFIXES.get(Path(rel).suffix.lower(), "txt")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Source(Path(rel), rel, kind, normalise_document(text, keep_indent=kind == "md"), digest)
