"""Problems found while building, each tied to the file (and line) a person must open."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Diagnostic:
    """One message in the `path:line: level: message` form that editors can jump to."""

    level: Level
    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.level}: {self.message}"


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """The count and the noun agreeing with it ("1 article", "2 articles"), for messages."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


class ArchivegenError(Exception):
    """An error that stops one unit of work (a file, a config) with a message for a person."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


class Refused(ArchivegenError):
    """A build that stopped before it wrote or removed anything, because going on would have
    cost the user their site (a missing folder, an output folder that is not archivegen's, most
    of the articles gone). The output folder is left byte for byte as it was; the command exits 2."""
