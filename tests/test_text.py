"""canonical(), fold(), key() and normalise_document(): the shared forms of Vietnamese text."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from archivegen.text import canonical, clean_line, fold, key, normalise_document


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("hoà", "hòa"),
        ("uỷ", "ủy"),
        ("khoẻ", "khỏe"),
        ("Khánh Hoà", "Khánh Hòa"),
        ("Tỉnh uỷ", "Tỉnh ủy"),
        ("Thuỷ", "Thủy"),
        ("hoạ sĩ", "họa sĩ"),
        ("HOÀ BÌNH", "HÒA BÌNH"),
        ("Hoà Bình", "Hòa Bình"),
    ],
    ids=["hoa", "uy", "khoe", "khanh-hoa", "tinh-uy", "thuy", "hoa-nang", "upper", "hoa-binh"],
)
def test_canonical_moves_old_style_tone_marks(old: str, new: str) -> None:
    assert canonical(old) == new


@pytest.mark.parametrize(
    "word",
    ["quý", "Quý", "quà", "hoàng", "Hoàng Văn Thụ", "thuở", "khuya", "toàn", "hòa", "ủy"],
    ids=["quy", "Quy", "qua", "hoang", "hoang-name", "thuo", "khuya", "toan", "already-new", "already-uy"],
)
def test_canonical_leaves_other_words_alone(word: str) -> None:
    assert canonical(word) == word


@pytest.mark.parametrize(
    "text",
    ["Đảng bộ tỉnh Khánh Hòa", "Nghị quyết", "Ủy ban nhân dân", "học tập và làm theo"],
    ids=["dang-bo", "nghi-quyet", "uy-ban", "hoc-tap"],
)
def test_canonical_nfd_input_gives_nfc_output(text: str) -> None:
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert canonical(nfd) == text
    assert unicodedata.is_normalized("NFC", canonical(nfd))


def test_canonical_nfd_old_style_gives_new_style_nfc() -> None:
    assert canonical(unicodedata.normalize("NFD", "Khánh Hoà")) == "Khánh Hòa"


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đảng bộ", "dang bo"),
        ("Bắc Kạn", "bac kan"),
        ("Thừa Thiên Huế", "thua thien hue"),
        ("ĐỒNG NAI", "dong nai"),
        ("Ủy ban", "uy ban"),
    ],
    ids=["dang-bo", "bac-kan", "hue", "upper", "uy-ban"],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_nfd_equals_fold_nfc() -> None:
    assert fold(unicodedata.normalize("NFD", "Đảng bộ")) == "dang bo"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Dòng một\r\nDòng hai", "Dòng một\nDòng hai"),
        ("Dòng một\rDòng hai", "Dòng một\nDòng hai"),
        ("Sở\u00a0Tư pháp", "Sở Tư pháp"),
        ("Tỉnh\u200b ủy", "Tỉnh ủy"),
        ("Đảng\u200c\u200d bộ\ufeff", "Đảng bộ"),
        ("Cột\tthứ hai", "Cột thứ hai"),
        ("Câu có khoảng trắng cuối.   ", "Câu có khoảng trắng cuối."),
        ("  Hai   khoảng   trắng  ", "Hai khoảng trắng"),
        ("Một\r\n\r\nHai", "Một\n\nHai"),
        ("Hoà bình\r\n", "Hòa bình\n"),
    ],
    ids=[
        "crlf",
        "lone-cr",
        "nbsp",
        "zwsp",
        "zwnj-zwj-bom",
        "tab",
        "trailing",
        "runs",
        "blank-line",
        "tone+crlf",
    ],
)
def test_normalise_document(raw: str, expected: str) -> None:
    assert normalise_document(raw) == expected


def test_normalise_document_nfd_crlf_equals_nfc_lf() -> None:
    text = "Đảng bộ tỉnh Khánh Hòa\nHọc tập và làm theo Bác."
    nfd_crlf = unicodedata.normalize("NFD", text).replace("\n", "\r\n")
    assert normalise_document(nfd_crlf) == text


def test_clean_line_soft_hyphen_removed() -> None:
    assert clean_line("Tỉnh\u00ad ủy") == "Tỉnh ủy"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Khánh Hoà", "Khánh Hòa"),
        ("Tỉnh Uỷ", "tỉnh ủy"),
        ("Sở  Tư   pháp", "Sở Tư pháp"),
        ("Lao động – Thương binh", "Lao động - Thương binh"),
        ("Bắc Ninh.", "Bắc Ninh"),
        (unicodedata.normalize("NFD", "Đảng bộ"), "đảng bộ"),
    ],
    ids=["tone", "case+tone", "spaces", "dash", "trailing-dot", "nfd"],
)
def test_key_equal_for_variants(a: str, b: str) -> None:
    assert key(a) == key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Bắc Ninh", "Bắc Kạn"), ("Hòa Bình", "Hoa Binh"), ("quý", "qúy")],
    ids=["different-name", "diacritics-matter", "qu-not-moved"],
)
def test_key_differs(a: str, b: str) -> None:
    assert key(a) != key(b)


def test_key_value() -> None:
    assert key("  Ban Thường vụ Tỉnh Uỷ: ") == "ban thường vụ tỉnh ủy"


# The tone rule as first written (a lookbehind per alternative): the faster pattern must agree.
_REFERENCE = re.compile(
    r"(?<![qQ])([oO])([àáảãạÀÁẢÃẠ])(?!\w)"
    r"|([oO])([èéẻẽẹÈÉẺẼẸ])(?!\w)"
    r"|(?<![qQ])([uU])([ỳýỷỹỵỲÝỶỸỴ])(?!\w)"
)


def _reference_tone(m: re.Match[str]) -> str:
    first, second = (g for g in m.groups() if g is not None)
    decomposed = unicodedata.normalize("NFD", second)
    return unicodedata.normalize("NFC", first + decomposed[1:]) + decomposed[0]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="qQoOuUaàáeèẹyỳýỴ hđ.", max_size=12))
def test_tone_moves_like_the_reference_rule(text: str) -> None:
    assert canonical(text) == _REFERENCE.sub(_reference_tone, text)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("quý", "quý"),
        ("qoà", "qoà"),
        ("quẹ", "quẹ"),
        ("qoè", "qòe"),
        ("ùy", "ùy"),
        ("oỳ", "oỳ"),
        ("Oà", "Òa"),
    ],
)
def test_tone_rule_edge_cases(old: str, new: str) -> None:
    assert canonical(old) == new
