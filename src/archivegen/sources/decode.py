"""Bytes to text: BOMs, UTF-8, UTF-16 without BOM, and Windows-1258 as the legacy fallback."""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Bytes that never occur in text: their presence means an image or other binary file.
_BINARY = set(range(0, 9)) | {11, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31}


class DecodeError(ValueError):
    """The bytes are not text in any encoding archivegen reads."""


def decode(data: bytes) -> tuple[str, str | None]:
    """Return (text, note). The note, when set, says which fallback was used and why."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding), None
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"starts with a {encoding} byte-order mark but is not {encoding}: {exc}"
                ) from exc
    if b"\x00" not in data:  # NUL is valid UTF-8, but text never has it: UTF-16 or binary
        try:
            return data.decode("utf-8"), None
        except UnicodeDecodeError:
            pass
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16, "no byte-order mark; decoded as UTF-16"
    sample = data[:65536]
    if sum(b in _BINARY for b in sample) > len(sample) // 100:
        raise DecodeError("binary data, not text (is it an image or a document renamed .txt?)")
    return data.decode("cp1258", errors="replace"), "not valid UTF-8; decoded as Windows-1258"


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
