"""Bytes to text: BOMs, UTF-8, UTF-16 without BOM, legacy Vietnamese code pages, mojibake.

UTF-8 is tried first. Text that is not UTF-8 is decoded with each plausible legacy encoding
(Windows-1258 first, then charset-normalizer's guess) and the reading with the most Vietnamese
letters wins. UTF-8 that was once decoded with the wrong code page ("Äáº£ng" for "Đảng") is
repaired with ftfy. TCVN3 (ABC), the pre-Unicode Vietnamese font encoding, cannot be told from
Windows-1252 by its bytes alone: it is recognised by its characteristic letters and reported.
Every fallback and repair is reported as a note, so the archivist knows which files to check.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from types import ModuleType

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Bytes that never occur in text: their presence means an image or other binary file.
_BINARY = set(range(0, 9)) | {11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31}
# Marks of Vietnamese letters (NFD): tones and the vowel modifiers.
_VIETNAMESE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0302", "\u0306", "\u031b"}
# Letters TCVN3 text shows when read as Windows-1252/Latin-1: "¸", "µ", "¶", "·", "¹", "®", "§".
_TCVN3_LETTERS = "¸µ¶·¹¨®§©ª«¬"
_TCVN3 = re.compile(f"[{re.escape(_TCVN3_LETTERS)}]")


class DecodeError(ValueError):
    """The bytes are not text in any encoding archivegen reads."""


# The first bytes of the files most often saved or renamed as .txt by mistake.
_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or a .docx/.odt document)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Excel document"),
    (b"{\\rtf", "an RTF document"),
    (b"RIFF", "a RIFF file (WebP image, WAV sound, AVI video)"),
)
# Control characters that no text has (tab, line and page breaks are text); NUL least of all.
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _check_text(text: str) -> str:
    """`text`, if it reads as text: a NUL, or more than a few control characters, means the
    bytes were not text in the encoding tried (a PNG header padded with zeros "decodes" as
    UTF-16, with NULs in its title)."""
    if "\x00" in text:
        raise DecodeError("not text: it holds NUL characters (is it an image or a document renamed .txt?)")
    sample = text[:65536]
    controls = len(_CONTROLS.findall(sample))
    if controls > max(4, len(sample) // 200):
        raise DecodeError(
            f"not text: {controls} control characters in its first {len(sample)} characters "
            "(is it an image or a document renamed .txt?)"
        )
    return text


def vietnamese_share(text: str) -> float:
    """Share of letters that are Vietnamese letters (ASCII or with Vietnamese marks, or đ)."""
    letters = good = 0
    for ch in text:
        if not ch.isalpha():
            continue
        letters += 1
        if ch.isascii() or ch in "đĐ":
            good += 1
            continue
        decomposed = unicodedata.normalize("NFD", ch)
        if decomposed[0].isascii() and all(m in _VIETNAMESE_MARKS for m in decomposed[1:]):
            good += 1
    return good / letters if letters else 1.0


def _mojibake_pairs() -> re.Pattern[str]:
    """UTF-8 read with a Western or Central European code page leaves, for every accented
    letter, a lead byte's character followed by as many continuation bytes' characters as the
    lead announces (one after C2-DF, two after E0-EF, three after F0-F4). Text without such a
    run has no mojibake for ftfy to find, and looking for it is 20 times cheaper than ftfy's own
    test (which took a sixth of the extraction time). A run is looked for from its first
    continuation character: leads after E0 are Vietnamese letters (à, á, â, ê, ...), found
    everywhere, and a word ending in ê before a closing quote ("ê”") is not mojibake."""
    leads: dict[int, set[str]] = {1: set(), 2: set(), 3: set()}
    continuations: set[str] = set()
    for encoding in ("latin-1", "cp1252", "cp1250"):
        for byte in range(0x80, 0xF5):
            try:
                char = bytes([byte]).decode(encoding)
            except UnicodeDecodeError:
                continue
            if byte < 0xC0:
                continuations.add(char)
            elif byte >= 0xC2:
                leads[1 if byte < 0xE0 else 2 if byte < 0xF0 else 3].add(char)

    def chars(found: set[str]) -> str:
        return "[" + re.escape("".join(sorted(found))) + "]"

    cont = chars(continuations)
    runs = "|".join(f"{cont * (n - 1)}(?<={chars(leads[n])}{cont * n})" for n in (1, 2, 3))
    return re.compile(f"{cont}(?:{runs})")


_MOJIBAKE_PAIR = _mojibake_pairs()


def _ftfy() -> ModuleType:
    """ftfy, imported when a text first needs it: its import takes 50 ms, more than a tenth of
    a warm rebuild, which reads no file."""
    import ftfy

    return ftfy


def _repair(text: str) -> tuple[str, str | None]:
    """Undo mojibake (UTF-8 read with a Western code page), reporting it; flag TCVN3."""
    note = None
    if _MOJIBAKE_PAIR.search(text) and _ftfy().badness.is_bad(text):
        fixed = _ftfy().fix_text(text, normalization="NFC")
        if fixed != text and vietnamese_share(fixed) >= vietnamese_share(text):
            text, note = fixed, "mojibake (UTF-8 read with a wrong code page) repaired; check the text"
    tcvn3 = len(_TCVN3.findall(text))  # most texts have none: then no letter is counted
    if tcvn3 and tcvn3 / (sum(ch.isalpha() for ch in text) or 1) > 0.02:
        note = "looks like TCVN3 (ABC), a legacy font encoding archivegen cannot read: convert it to Unicode"
    return text, note


def decode(data: bytes) -> tuple[str, str | None]:
    """Return (text, note). The note, when set, says which fallback or repair was used and why.
    Raises DecodeError for bytes that are not text."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            raise DecodeError(f"not text: {kind} (renamed .txt?)")
    text, note = _decode(data)
    return _check_text(text), note


def _decode(data: bytes) -> tuple[str, str | None]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _repair(data[len(bom) :].decode(encoding))
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"starts with a {encoding} byte-order mark but is not {encoding}: {exc}"
                ) from exc
    if b"\x00" not in data:  # NUL is valid UTF-8, but text never has it: UTF-16 or binary
        try:
            return _repair(data.decode("utf-8"))
        except UnicodeDecodeError:
            pass
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        text, note = _repair(utf16)
        return text, note or "no byte-order mark; decoded as UTF-16"
    sample = data[:65536]
    if sum(b in _BINARY for b in sample) > len(sample) // 100:
        raise DecodeError("binary data, not text (is it an image or a document renamed .txt?)")
    return _legacy(data)


def _legacy(data: bytes) -> tuple[str, str | None]:
    candidates = ["cp1258"]
    import charset_normalizer  # see _ftfy: only for the rare file in a legacy encoding

    guess = charset_normalizer.from_bytes(data[:200_000]).best()
    if guess and guess.encoding not in candidates:
        candidates.append(guess.encoding)
    readings = []
    for encoding in candidates:
        try:
            text = unicodedata.normalize("NFC", data.decode(encoding, errors="replace"))
        except LookupError:
            continue
        readings.append((vietnamese_share(text), encoding, text))
    _, encoding, text = max(readings, key=lambda r: (r[0], r[1] == "cp1258"))
    text, note = _repair(text)
    name = {"cp1258": "Windows-1258", "cp1252": "Windows-1252", "cp1250": "Windows-1250"}.get(
        encoding, encoding
    )
    return text, note or f"not valid UTF-8; decoded as {name}"


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text of mostly Latin letters has a zero in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    even, odd = data[0::2], data[1::2]
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros.count(0) > len(zeros) * 0.3:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    return None
