"""Canonical forms of Vietnamese text, shared by every stage.

Sources arrive in NFC or NFD, with old or new tone-mark placement (hoà/hòa, uỷ/ủy) and a zoo
of invisible characters. Everything downstream compares, indexes and slugs the canonical form:
NFC, new-style tone marks (as in official names), plain spaces.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Old-style placement puts the tone on the second vowel of a final oa/oe/uy; official names put
# it on the first (hòa, khỏe, thủy). "qu" is a consonant, so "quý" keeps its mark. The pattern
# starts with its first letter (no lookbehind first) so that the regex engine skips ahead to the
# next o or u; _move_tone checks which pairs move.
_OLD_STYLE = re.compile(r"([oOuU])([àáảãạÀÁẢÃẠèéẻẽẹÈÉẺẼẸỳýỷỹỵỲÝỶỸỴ])(?!\w)")
_TONED = {"o": "aàáảãạeèéẻẽẹ", "u": "yỳýỷỹỵ"}

# Deleted by a regex, not str.translate: translate looks up every character of a Vietnamese
# (non-Latin-1) text in a dict, and took a tenth of extraction time.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
_RUNS = re.compile(r" {2,}")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")


def _move_tone(m: re.Match[str]) -> str:
    first, second = m.group(1), m.group(2)
    if second.lower() not in _TONED[first.lower()]:
        return m.group(0)  # "ùy", "oỳ": not a pair whose tone moves
    if second.lower() not in "eèéẻẽẹ" and m.start() and m.string[m.start() - 1] in "qQ":
        return m.group(0)  # "quý", "qoà": after q the vowel is the only one
    decomposed = unicodedata.normalize("NFD", second)
    return unicodedata.normalize("NFC", first + decomposed[1:]) + decomposed[0]


# Some sites write the Icelandic eth (Ð U+00D0, ð U+00F0) for Vietnamese Đ/đ: they look alike.
_LOOKALIKES = str.maketrans({"Ð": "Đ", "ð": "đ"})


def canonical(text: str) -> str:
    """NFC with new-style tone marks; the form every comparison and display uses."""
    text = unicodedata.normalize("NFC", text)
    if "Ð" in text or "ð" in text:  # rare: translate costs a dict lookup per character
        text = text.translate(_LOOKALIKES)
    return _OLD_STYLE.sub(_move_tone, text)


def _clean_spaces(text: str) -> str:
    """No invisible characters, single plain spaces (line breaks are left as they are)."""
    text = _SPACES.sub(" ", _ZERO_WIDTH.sub("", text))
    # The regex tries every space of the text; most texts have no two in a row (5 KB: 43 µs).
    return _RUNS.sub(" ", text) if "  " in text else text


def clean_line(line: str) -> str:
    """One line of source text: no invisible characters, single plain spaces, trimmed."""
    return _clean_spaces(line).strip()


def normalise_document(text: str, *, keep_indent: bool = False) -> str:
    """Whole-document canonical form: LF line ends, canonical letters, clean lines.

    `keep_indent` keeps each line's leading whitespace, which is syntax in Markdown and YAML front
    matter (nested lists, folded scalars, code blocks); only the rest of the line is cleaned.
    """
    text = canonical(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not keep_indent:  # clean_line on every line, the substitutions made on the whole text at once
        return "\n".join(line.strip() for line in _clean_spaces(text).split("\n"))
    lines = []
    for line in text.split("\n"):
        body = line.lstrip(" \t\u00a0")
        indent = line[: len(line) - len(body)].replace("\u00a0", " ")
        cleaned = clean_line(body)
        lines.append(indent + cleaned if cleaned else "")
    return "\n".join(lines)


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """Identity key for names: canonical, case-folded, dashes unified, spaces collapsed."""
    text = _DASHES.sub("-", canonical(text)).casefold()
    return " ".join(text.split()).strip(" .,;:")


# Upper-case letters of Vietnamese (and other Latin) text, for regex character classes: a range
# such as À-Ỹ would also take lower-case letters.
UPPER = "".join(c for c in map(chr, range(0x41, 0x1F00)) if c.isupper() and c.isalpha())

_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D"})


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """ASCII-ish folding for search and slugs: no diacritics, đ → d, lower case.

    U+0111 (đ) has no Unicode decomposition, so stripping combining marks alone leaves it.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold()


def collation_key(text: str) -> tuple[str, str]:
    """Sort key in Vietnamese alphabetical order, near enough: Đồng Nai beside Đà Nẵng and Bắc Ninh
    before Cà Mau (plain code-point order puts every Đ after Z)."""
    return fold(text), key(text)
