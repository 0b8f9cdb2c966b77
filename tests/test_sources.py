"""Sources stage: decoding bytes, reading files, finding article files."""

from __future__ import annotations

import codecs
import dataclasses
import os
import random
import unicodedata
from pathlib import Path

import pytest

from archivegen.diagnostics import ArchivegenError
from archivegen.sources import find_sources, is_article_name, read_source, source_from_text
from archivegen.sources.decode import _MOJIBAKE_PAIR, DecodeError, decode

_TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}


def cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese legacy files have it: base letters precomposed, tone marks combining."""
    out = bytearray()
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in decomposed if c in _TONES)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
        out += (base + tones).encode("cp1258")
    return bytes(out)


ARTICLE = "Đảng bộ tỉnh Khánh Hòa học tập và làm theo Bác\nNgày 19/05/2021, Ban Thường vụ Tỉnh ủy họp.\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (ARTICLE.encode("utf-8"), ARTICLE),
        (codecs.BOM_UTF8 + ARTICLE.encode("utf-8"), ARTICLE),
        (codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"), ARTICLE),
        (codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"), ARTICLE),
        (ARTICLE.encode("utf-16"), ARTICLE),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16-native-bom"],
)
def test_decode_without_note(data: bytes, expected: str) -> None:
    assert decode(data) == (expected, None)


@pytest.mark.parametrize(
    "encoding",
    ["utf-16-le", "utf-16-be"],
    ids=["le", "be"],
)
def test_decode_utf16_without_bom(encoding: str) -> None:
    text, note = decode(ARTICLE.encode(encoding))
    assert text == ARTICLE
    assert note is not None and "UTF-16" in note


@pytest.mark.parametrize(
    "encoding",
    ["utf-16-le", "utf-16-be"],
    ids=["le", "be"],
)
def test_decode_ascii_only_utf16_without_bom(encoding: str) -> None:
    """Plain-ASCII UTF-16 is also valid UTF-8 full of NUL bytes: it must still read as UTF-16."""
    text, _ = decode("Tin tuc trong ngay\nBao Bac Ninh\n".encode(encoding))
    assert text == "Tin tuc trong ngay\nBao Bac Ninh\n"
    assert "\x00" not in text


def test_decode_windows_1258_fallback_with_note() -> None:
    data = cp1258("Đảng bộ tỉnh Khánh Hòa")
    text, note = decode(data)
    assert unicodedata.normalize("NFC", text) == "Đảng bộ tỉnh Khánh Hòa"
    assert note == "not valid UTF-8; decoded as Windows-1258"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(0).randbytes(4000),
        bytes([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5, 6, 7, 0x80, 0x81, 0x82, 0x83]),
        bytes(range(256)),
    ],
    ids=["png", "jpeg", "all-bytes"],
)
def test_decode_binary_raises(data: bytes) -> None:
    with pytest.raises(DecodeError):
        decode(data)


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(512), "a PNG image"),  # once "decoded as UTF-16", NULs in its title
        (b"\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(512), "NUL characters"),  # the header cut off
        ("Tiêu đề\nNội dung".encode() + b"\x00" + "tiếp".encode(), "not text"),
        (("Tiêu đề\n" + "\x01\x02\x03\x1b" * 40 + "\nNội dung").encode("utf-16"), "control characters"),
        (b"%PDF-1.7\n" + random.Random(1).randbytes(300), "a PDF document"),
        (b"PK\x03\x04" + random.Random(2).randbytes(300), "a ZIP archive"),
    ],
    ids=["png-padded-with-zeros", "zeros", "a-nul-in-utf8", "controls-in-utf16", "pdf", "docx"],
)
def test_bytes_that_decode_but_are_not_text_are_reported_not_read(data: bytes, says: str) -> None:
    with pytest.raises(DecodeError, match=says):
        decode(data)


def test_text_with_a_stray_control_character_is_still_text() -> None:
    """A form feed, a vertical tab from a word processor, a DOS end-of-file mark: text."""
    text = "Tiêu đề\f\nNội dung\vtiếp theo\x1a"
    assert decode(text.encode())[0] == text
    assert decode(text.encode("utf-16"))[0] == text


def test_decode_bad_bom_raises() -> None:
    with pytest.raises(DecodeError, match="byte-order mark"):
        decode(codecs.BOM_UTF8 + b"\xff\xfe\xfa bad")


@pytest.mark.parametrize(
    "content",
    [b"", b"   \n\t\n  ", codecs.BOM_UTF8, "\u00a0\u200b\r\n".encode()],
    ids=["empty", "whitespace", "bom-only", "invisible-only"],
)
def test_read_source_empty_file_raises_naming_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "trong.txt"
    path.write_bytes(content)
    with pytest.raises(ArchivegenError) as info:
        read_source(path, tmp_path)
    assert "trong.txt" in str(info.value)
    assert info.value.diagnostic.path == str(path)
    assert info.value.diagnostic.level == "error"


def test_read_source_binary_raises_naming_file(tmp_path: Path) -> None:
    path = tmp_path / "anh.txt"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(ArchivegenError, match=r"anh\.txt"):
        read_source(path, tmp_path)


def test_read_source_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(ArchivegenError, match=r"khong-co\.txt"):
        read_source(tmp_path / "khong-co.txt", tmp_path)


_CANON = "Đảng bộ tỉnh Khánh Hòa\nNgày 19/05/2021, Ban Thường vụ Tỉnh ủy họp.\nBáo Khánh Hòa"
_OLD_STYLE = "Đảng bộ tỉnh Khánh Hoà\nNgày 19/05/2021, Ban Thường vụ Tỉnh uỷ họp.\nBáo Khánh Hoà"


@pytest.mark.parametrize(
    "data",
    [
        _CANON.encode("utf-8"),
        codecs.BOM_UTF8 + _CANON.encode("utf-8"),
        _CANON.encode("utf-16"),
        codecs.BOM_UTF16_BE + _CANON.encode("utf-16-be"),
        unicodedata.normalize("NFD", _CANON).replace("\n", "\r\n").encode("utf-8"),
        _OLD_STYLE.replace("\n", "\r").encode("utf-8"),
        _CANON.replace(" ", "\u00a0").replace("\n", " \t\n").encode("utf-8"),
    ],
    ids=["utf8", "utf8-bom", "utf16", "utf16be", "nfd-crlf", "old-style-cr", "nbsp-trailing"],
)
def test_read_source_same_text_in_any_form(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bai.txt"
    path.write_bytes(data)
    source = read_source(path, tmp_path)
    assert source.text == _CANON
    assert source.kind == "txt"
    assert source.rel == "bai.txt"
    assert source.warnings == ()


def test_read_source_windows_1258_warns(tmp_path: Path) -> None:
    path = tmp_path / "cu.txt"
    path.write_bytes(cp1258("Đảng bộ tỉnh Khánh Hòa"))
    source = read_source(path, tmp_path)
    assert source.text == "Đảng bộ tỉnh Khánh Hòa"
    assert len(source.warnings) == 1
    assert source.warnings[0].level == "warning"
    assert "Windows-1258" in source.warnings[0].message


def test_read_source_rel_uses_slashes_and_md_kind(tmp_path: Path) -> None:
    sub = tmp_path / "2021" / "05"
    sub.mkdir(parents=True)
    path = sub / "bai.MD"
    path.write_text("# Tiêu đề\n", encoding="utf-8")
    source = read_source(path, tmp_path)
    assert source.rel == "2021/05/bai.MD"
    assert source.kind == "md"


def test_source_from_text_normalises() -> None:
    source = source_from_text("Tỉnh uỷ\r\nHoà\u00a0Bình ", "x.md")
    assert source.text == "Tỉnh ủy\nHòa Bình"
    assert source.kind == "md"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bai.txt", True),
        ("bai.md", True),
        ("bai.markdown", True),
        ("BAI.TXT", True),
        (".an.txt", False),
        (".bai.txt.swp", False),
        ("bai.txt.swp", False),
        ("bai.txt~", False),
        ("4913", False),
        (".#bai.txt", False),
        ("#bai.txt#", False),
        ("bai.txt.tmp", False),
        ("bai.pdf", False),
        ("anh.jpg", False),
        ("bai.html", False),
        ("bai", False),
    ],
)
def test_is_article_name(name: str, expected: bool) -> None:
    assert is_article_name(name) is expected


def test_find_sources_filters_and_sorts(tmp_path: Path) -> None:
    files = [
        "b.txt",
        "a.md",
        "sub/c.markdown",
        ".hidden.txt",
        ".git/config.txt",
        ".cache/x.md",
        "b.txt.swp",
        ".b.txt.swp",
        "b.txt~",
        "4913",
        ".#b.txt",
        "anh.jpg",
        "ghi-chu.docx",
        "sub/d.txt.bak",
    ]
    for name in files:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Tiêu đề\n", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in find_sources(tmp_path)]
    assert found == ["a.md", "b.txt", "sub/c.markdown"]


def test_find_sources_symlink_loop_does_not_hang(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "bai.txt").write_text("Tiêu đề\n", encoding="utf-8")
    os.symlink(tmp_path, tmp_path / "a" / "vong")  # a/vong -> root: a loop
    os.symlink(tmp_path / "a", tmp_path / "lien-ket")  # a second way into a/
    found = [p.relative_to(tmp_path).as_posix() for p in find_sources(tmp_path)]
    assert found == ["a/bai.txt"]


SAMPLE = "Đảng bộ tỉnh Bắc Ninh học tập và làm theo Bác. Chỉ thị số 05-CT/TW của Bộ Chính trị."


def test_mojibake_is_repaired_and_reported() -> None:
    broken = SAMPLE.encode("utf-8").decode("latin-1").encode("utf-8")  # UTF-8 read as Latin-1, saved
    text, note = decode(broken)
    assert text == SAMPLE
    assert note is not None and "mojibake" in note


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252", "cp1250"])
def test_mojibake_of_each_western_code_page_is_found(encoding: str) -> None:
    broken = SAMPLE.encode("utf-8").decode(encoding, errors="ignore")
    text, note = decode(broken.encode("utf-8"))
    assert note is not None and "mojibake" in note
    assert "Bắc Ninh" in text


def test_curly_quotes_are_text_not_mojibake() -> None:
    """ftfy alone would straighten them and the build would report a repair that never was."""
    quoted = "Ông nói: “Hành dân” là căn bệnh, “cắt cơn” ngay, “về quê”. " * 3
    assert decode(quoted.encode("utf-8")) == (quoted, None)
    # ê is a lead byte's character and ” a continuation byte's: one continuation after an
    # E0-EF lead is not UTF-8, so ftfy's costly test is not even asked.
    assert _MOJIBAKE_PAIR.search(quoted) is None


def test_windows_1258_article_reads_as_the_same_text() -> None:
    text, note = decode(cp1258(SAMPLE))
    assert unicodedata.normalize("NFC", text) == SAMPLE
    assert note == "not valid UTF-8; decoded as Windows-1258"


def test_tcvn3_legacy_encoding_is_reported() -> None:
    # "Đảng bộ tỉnh" in the TCVN3 (ABC) font encoding, as bytes; read as a Western code page it shows
    # its tell-tale letters.
    tcvn3 = "§¶ng bé tØnh B¾c Ninh häc tËp vµ lµm theo B¸c".encode("cp1252")
    _, note = decode(tcvn3)
    assert note is not None and "TCVN3" in note


def test_clean_utf8_gets_no_note() -> None:
    assert decode(SAMPLE.encode("utf-8")) == (SAMPLE, None)


def test_the_same_article_in_every_form_gives_the_same_record(tmp_path: Path) -> None:
    """UTF-8, UTF-8 with BOM, UTF-16 LE/BE, Windows-1258, NFD, old tone marks, CRLF, lone CR,
    non-breaking and zero-width spaces, tabs and trailing spaces: one record."""
    from archivegen.extract import extract, load_knowledge

    article = (
        "Đảng bộ tỉnh Khánh Hòa học tập và làm theo Bác\n\n19/05/2021 10:30\n\n"
        "Tỉnh ủy Khánh Hòa thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị; Sở Tư pháp đi đầu.\n\n"
        "Đồng chí Nguyễn Văn Hòa, Giám đốc Sở Tư pháp cho biết: cán bộ đã đăng ký làm theo Bác.\n\n"
        "Minh Thủy - Báo Khánh Hòa\n"
    )
    old_marks = article.replace("Hòa", "Hoà").replace("Thủy", "Thuỷ")
    variants = {
        "utf8": article.encode("utf-8"),
        "bom": codecs.BOM_UTF8 + article.encode("utf-8"),
        "utf16le": codecs.BOM_UTF16_LE + article.encode("utf-16-le"),
        "utf16be": codecs.BOM_UTF16_BE + article.encode("utf-16-be"),
        "cp1258": cp1258(article),
        "nfd-crlf": unicodedata.normalize("NFD", old_marks).replace("\n", "\r\n").encode("utf-8"),
        "lone-cr": old_marks.replace("\n", "\r").encode("utf-8"),
        "spaces": article.replace(" ", "\u00a0", 3)
        .replace("\n", " \t\n")
        .replace("Bác", "B\u200bác")
        .encode(),
    }
    knowledge = load_knowledge()
    records = {}
    for name, data in variants.items():
        path = tmp_path / f"{name}.txt"
        path.write_bytes(data)
        record = extract(read_source(path, tmp_path), knowledge)
        records[name] = dataclasses.replace(record, source_file="x", problems=())
    first = records["utf8"]
    assert first.province.name == "Khánh Hòa" and first.people and first.directives
    assert all(r == first for r in records.values()), [n for n, r in records.items() if r != first]
