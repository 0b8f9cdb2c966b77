"""What every output kind yields: a file of the site, as bytes or as a file to copy."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PreviousLine:
    """A piece of a file of lines (data/articles.json) that is unchanged since the last build:
    the writer copies line `index` of the file on disk (0-based, its newline and `suffix` left
    out) when that line starts with `start`, a check that it is the line meant, and writes
    `make()` otherwise. An export of 10,000 records then encodes the few that changed."""

    index: int
    start: bytes
    make: Callable[[], bytes]
    suffix: bytes = b""


@dataclass(frozen=True)
class Output:
    """One file of the site: rendered bytes, bytes made piece by piece as the file is written
    (`chunks`: files too big to hold whole, such as data/articles.json), a source file to copy
    as is, or (`keep`) the file the last build of a serve session wrote, whose inputs have not
    changed since; or (`elsewhere`) a file another process of the build renders and writes
    (see Site.claims)."""

    path: str  # relative to the output folder, '/' separated
    data: bytes | None = None
    chunks: Iterable[bytes | PreviousLine] | None = None
    copy_from: Path | None = None
    keep: bool = False
    elsewhere: bool = False


class RenderError(Exception):
    """A template failed; the message names the template file and line."""
