"""Organisations ("units") named in an article, folded to one canonical entry each.

Abbreviations are expanded first (Sở KH&CN = Sở Khoa học và Công nghệ), party-organisation
prefixes are looked through ("Đảng bộ Sở Tư pháp", "Đảng ủy Sở Tư pháp" = "Sở Tư pháp"),
"Đảng bộ Khối X" and "Đảng ủy Khối X" are one unit, and generic provincial units ("Công an tỉnh")
belong to the article's province, so Sở Tư pháp of two provinces are two units.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from ..text import fold, key
from .knowledge import Knowledge, _alternation
from .record import Unit

_LEVELS = ("tỉnh", "thành phố", "huyện", "thị xã", "quận")
# Prefixes whose remainder is the unit itself; the lexicon's entries with them are redundant.
_LOOK_THROUGH = ("Ban Thường vụ ", "Thường trực ", "Ban Chấp hành ", "Đảng ủy ", "Đảng bộ ")
_WORD = r"[^\s,.;:()“”\"'!?]+"


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    name: str  # as written (expanded), party prefix dropped
    kind: str
    province: str | None


@dataclass(frozen=True)
class _Patterns:
    lexicon: re.Pattern[str]
    levelled: dict[str, str]  # folded base -> level word the name carries ("công an" -> "tỉnh")
    spelling: dict[str, str]  # folded name or base -> its official spelling in the lexicon
    national: frozenset[str]  # folded names
    abbreviations: re.Pattern[str] | None
    khoi: re.Pattern[str]
    party_province: re.Pattern[str]
    district: re.Pattern[str]
    open_class: re.Pattern[str]


@lru_cache(maxsize=4)
def _patterns(k: Knowledge) -> _Patterns:
    prov, dist = k.province_regex, k.district_regex
    place = rf"(?:{prov}|{dist})"
    names: list[str] = []
    levelled: dict[str, str] = {}
    for name in k.provincial_units:
        if name.startswith(_LOOK_THROUGH) or "Khối" in name:
            continue
        for level in _LEVELS:
            if name.endswith(" " + level):
                base = name[: -len(level) - 1]
                levelled[fold(base)] = level
                names.append(base)
                break
        else:
            names.append(name)
    names.extend(k.national_units)
    spelling = {fold(n): n for n in names}
    level_words = "|".join(rf"[{lv[0]}{lv[0].upper()}]{re.escape(lv[1:])}" for lv in _LEVELS)
    lexicon = re.compile(
        rf"(?<!\w)(?P<name>(?i:{_alternation(names)}))"
        rf"(?:\s+(?P<level>{level_words}))?(?:\s+(?P<place>{place}))?(?!\w)(?!\s+viên\b)"
    )
    abbreviations = (
        re.compile(rf"(?<!\w)(?:{_alternation(list(k.abbreviations))})(?!\w)") if k.abbreviations else None
    )
    khoi = re.compile(
        rf"(?<!\w)(?:Ban Thường vụ |Ban Chấp hành )?Đảng (?:bộ|ủy) [Kk]hối"
        rf"(?P<rest>(?:\s+{_WORD}){{0,8}}?\s+(?:[tT]ỉnh|[Tt]hành phố)(?:\s+(?P<place>{prov}))?(?!\w))?"
    )
    party_province = re.compile(rf"(?<!\w)Đảng bộ (?:tỉnh|thành phố)(?:\s+(?P<place>{prov}))?(?!\w)")
    district = re.compile(
        rf"(?<!\w)(?P<level>[Hh]uyện|[Tt]hị xã|[Qq]uận|[Tt]hành phố)\s+(?P<name>{dist})(?!\w)"
    )
    heads = _alternation(list(k.unit_heads))
    open_class = re.compile(
        rf"(?<!\w)(?P<head>{heads})(?P<mid>(?:\s+{_WORD}){{0,16}}?)\s+"
        rf"(?P<anchor>[tT]ỉnh(?:\s+(?P<aprov>{prov}))?|(?P<place>{prov})"
        rf"|(?:huyện|thị xã|thành phố|quận)\s+(?P<adist>{dist}))(?!\w)"
    )
    return _Patterns(
        lexicon,
        levelled,
        spelling,
        frozenset(fold(n) for n in k.national_units),
        abbreviations,
        khoi,
        party_province,
        district,
        open_class,
    )


def expand_abbreviations(text: str, k: Knowledge) -> str:
    """Write abbreviations out so short and long forms of a name meet; "&" reads "và"."""
    p = _patterns(k)
    text = re.sub(r"\s*\((?:[A-ZĐ][A-ZĐ&,\-]{1,11})\)", "", text)  # "(CCQ&DN)" after its long form
    if p.abbreviations:
        text = p.abbreviations.sub(lambda m: k.abbreviations[m.group(0)], text)
    text = re.sub(r"\s*&\s*", " và ", text)
    return re.sub(r" {2,}", " ", text)


def _province_of_place(place: str | None, k: Knowledge, article_province: str | None) -> str | None:
    if not place:
        return article_province
    if place in k.province_names:
        return k.province_names[place]
    candidates = k.districts.get(place, ())
    if len(candidates) == 1:
        return candidates[0]
    return article_province if article_province in candidates else None


def _mentions(text: str, k: Knowledge, province: str | None) -> list[_Mention]:
    p = _patterns(k)
    found: list[_Mention] = []

    for m in p.khoi.finditer(text):
        if m.group("rest") is None:
            found.append(_Mention(m.start(), m.end(), "", "party-bloc-ref", None))
            continue
        rest = m.group("rest").strip()
        prov = _province_of_place(m.group("place"), k, province)
        found.append(_Mention(m.start(), m.end(), f"Đảng bộ Khối {rest}", "party", prov))

    for m in p.party_province.finditer(text):
        prov = _province_of_place(m.group("place"), k, province)
        found.append(_Mention(m.start(), m.end(), "Tỉnh ủy", "provincial", prov))

    for m in p.district.finditer(text):
        name = m.group("name")
        if name in k.province_names and k.provinces[k.province_names[name]].type == "thành phố":
            continue  # "thành phố Hà Nội" is the province itself
        level = m.group("level").lower()
        prov = _province_of_place(name, k, province)
        found.append(_Mention(m.start(), m.end(), f"{level} {name}", "district", prov))

    for m in p.lexicon.finditer(text):
        if not m.group("name")[0].isupper():
            continue
        base = fold(m.group("name"))
        name = p.spelling[base]
        level = m.group("level")
        place = m.group("place")
        if base in p.levelled and not (level or place):
            continue  # "Công an" alone, or "Công an xã": not the provincial unit
        if base in p.national and not (level or place):
            found.append(_Mention(m.start(), m.end(), name, "national", None))
            continue
        written = " ".join(filter(None, (name, level, place)))
        prov = _province_of_place(place, k, province)
        lvl = (level or p.levelled.get(base, "")).lower()
        kind = "district" if lvl in ("huyện", "thị xã", "quận") else "provincial"
        if kind == "district" and not place:
            continue  # "Ủy ban nhân dân huyện" without the district's name: which one is unknowable
        found.append(_Mention(m.start(), m.end(), written, kind, prov))

    for m in p.open_class.finditer(text):
        mid = m.group("mid")
        if any(f" {w} " in f" {mid} " for w in k.unit_stopwords):
            continue
        place = m.group("aprov") or m.group("place") or m.group("adist")
        prov = _province_of_place(place, k, province)
        found.append(_Mention(m.start(), m.end(), m.group(0), "organisation", prov))
    return found


def _select(mentions: list[_Mention]) -> list[_Mention]:
    """Leftmost-longest, non-overlapping."""
    chosen: list[_Mention] = []
    end = -1
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if m.start >= end:
            chosen.append(m)
            end = m.end
    return chosen


def unit_identity(name: str, province: str | None) -> str:
    """Key under which spellings of one unit meet: "Kho bạc Nhà nước tỉnh", "Kho bạc Nhà nước Đồng
    Nai" and "Kho bạc Nhà nước tỉnh Đồng Nai" of Đồng Nai are one unit; of Bắc Ninh, another."""
    k = key(name)
    k = re.sub(r"^đảng (?:bộ|ủy) khối (?:các )?", "đảng bộ khối ", k)
    if province:
        k = re.sub(rf"(?:\s+(?:tỉnh|thành phố))?\s+{re.escape(key(province))}$", "", k)
    k = re.sub(r"\s+(?:tỉnh|thành phố)$", "", k)
    return f"{k}@{province or ''}"


def extract_units(texts: list[str], province: str | None, k: Knowledge) -> tuple[Unit, ...]:
    """Units named in the texts (title, paragraphs, captions), one entry per unit, in order of
    first mention. The displayed name is the spelling the article uses most (the longest on a tie)."""
    by_identity: dict[str, list[_Mention]] = {}
    for text in texts:
        for m in _select(_mentions(expand_abbreviations(text, k), k, province)):
            if m.kind == "party-bloc-ref":  # a bare "Đảng ủy Khối" refers back to the full name
                continue
            by_identity.setdefault(unit_identity(m.name, m.province), []).append(m)
    units = []
    for mentions in by_identity.values():
        counts = Counter(m.name for m in mentions)
        name = max(counts, key=lambda n: (counts[n], len(n)))
        units.append(Unit(name, mentions[0].kind, mentions[0].province))
    return tuple(units)
