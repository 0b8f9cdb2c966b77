"""URL slugs: "Đảng bộ" -> "dang-bo", the same on every machine.

Vietnamese is folded by our own rule first (đ -> d, marks dropped) and python-slugify runs with its
backend and algorithm pinned, so installing Unidecode next to archivegen cannot change a URL.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from slugify import slugify as _slugify

from .text import canonical, fold

MAX_LENGTH = 80


@lru_cache(maxsize=65536)
def slugify(text: str, max_length: int = MAX_LENGTH) -> str:
    """A safe path segment: lower-case ASCII letters, digits and single dashes; never empty."""
    slug = _slugify(
        fold(canonical(text)),
        max_length=max_length,
        word_boundary=True,
        backend="text-unidecode",
        algorithm="legacy",
    )
    return slug or "_"


def short_hash(text: str, length: int = 6) -> str:
    """A few hex digits that identify `text`: disambiguates slugs without depending on other items."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]
