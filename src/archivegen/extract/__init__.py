"""Extract stage: pure functions from a decoded source to an `ArticleRecord`. No I/O here:
domain data arrives as a `Knowledge` object, text as a `Source`."""

from __future__ import annotations

from typing import Any

from .knowledge import Knowledge, load_knowledge
from .record import ArticleRecord, Block, Caption, Directive, Person, Province, Unit

# Bumped when extraction changes meaning: part of the record cache key.
EXTRACTOR_VERSION = "1"

__all__ = [
    "EXTRACTOR_VERSION",
    "ArticleRecord",
    "Block",
    "Caption",
    "Directive",
    "Knowledge",
    "Person",
    "Province",
    "Unit",
    "extract",
    "load_knowledge",
    "prepare",
]


def __getattr__(name: str) -> Any:
    """`extract` and `prepare`, from the module that holds them (article.py), loaded when first
    asked for: its imports (the patterns of every extraction step, the Markdown reader) are 30 ms
    that a build reading no file, a warm rebuild, does not spend. The record types load at once."""
    if name in ("extract", "prepare"):
        from . import article

        return getattr(article, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
