"""What every output kind yields: a file of the site, as bytes or as a file to copy."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Output:
    """One file of the site: rendered bytes, bytes made piece by piece as the file is written
    (`chunks`: files too big to hold whole, such as data/articles.json), a source file to copy
    as is, or (`keep`) the file the last build of a serve session wrote, whose inputs have not
    changed since; or (`elsewhere`) a file another process of the build renders and writes
    (see Site.claims)."""

    path: str  # relative to the output folder, '/' separated
    data: bytes | None = None
    chunks: Iterable[bytes] | None = None
    copy_from: Path | None = None
    keep: bool = False
    elsewhere: bool = False


class RenderError(Exception):
    """A template failed; the message names the template file and line."""
