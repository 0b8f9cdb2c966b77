"""Organisations ("units") named in an article, folded to one canonical entry each.

Abbreviations are expanded first (Sở KH&CN = Sở Khoa học và Công nghệ), party-organisation
prefixes are looked through ("Đảng bộ Sở Tư pháp", "Đảng ủy Sở Tư pháp" = "Sở Tư pháp"),
"Đảng bộ Khối X" and "Đảng ủy Khối X" are one unit, and generic provincial units ("Công an tỉnh")
belong to the article's province, so Sở Tư pháp of two provinces are two units.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from ..text import UPPER, fold, key
from .knowledge import Knowledge, word_branches
from .record import Unit

_LEVELS = ("tỉnh", "thành phố", "huyện", "thị xã", "quận")
_DISTRICT_LEVELS = ("huyện", "thị xã", "quận")
# Party bodies that lead an organisation but are units of their own (they issue /ĐĐ, /BCS documents).
_OWN_PARTY_BODIES = re.compile(r"(?:Đảng đoàn|Ban cán sự đảng)\s+$")
_WORD = r"[^\s,.;:()“”\"'!?]+"
_JOB_AFTER_HEAD = re.compile(r"\s+(?:trưởng|phó)\b")  # "Cục trưởng", "Chi cục phó": a person's job
_ADDRESS = re.compile(r"\s[-–]\s+\d")  # "Công ty Phát hành sách - 01 Hai Bà Trưng": an address follows
_PAREN = r"\((?:[A-ZĐ][A-ZĐ&,\-]{1,11})\)"  # "(CCQ&DN)" after its long form
_PAREN_ABBREVIATION = " ?" + _PAREN


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    name: str  # as written (expanded), party prefix dropped
    kind: str
    province: str | None
    district: str | None = None  # the district a "district" mention names
    unnamed_district: bool = False  # "UBND huyện": a district body whose district is not named


@dataclass(frozen=True)
class _Patterns:
    lexicon: re.Pattern[str]
    levelled: dict[str, str]  # folded base -> level word the name carries ("công an" -> "tỉnh")
    spelling: dict[str, str]  # folded name or base -> its official spelling in the lexicon
    national: frozenset[str]  # folded names
    expansion: re.Pattern[str]  # abbreviations, "&", and "(ABBR)" after a long form
    khoi: re.Pattern[str]
    party_province: re.Pattern[str]
    district: re.Pattern[str]
    open_class: re.Pattern[str]
    commune: re.Pattern[str]  # "Công an xã X": a unit's base and a commune level
    commune_party: re.Pattern[str]  # "Chi bộ thôn X": a party cell and a level down to the hamlet
    place_spellings: re.Pattern[str]  # other spellings of a province inside a unit's name
    place_names: dict[str, str]  # such a spelling -> the one a unit's name is filed under


def _lexicon_names(k: Knowledge) -> tuple[list[str], dict[str, str]]:
    """Lexicon names to match, and the level word each levelled base carries."""
    plain = {fold(n) for n in k.provincial_units}
    # Party prefixes (units.yaml) name the same unit: "Đảng ủy Công an tỉnh" is "Công an tỉnh", so a
    # lexicon entry with one is redundant when its remainder is an entry of its own.
    prefixes = sorted((p + " " for p in k.party_prefixes), key=len, reverse=True)
    names: list[str] = []
    levelled: dict[str, str] = {}
    for name in k.provincial_units:
        if "Khối" in name:
            continue  # party blocs have their own pattern
        prefix = next((pre for pre in prefixes if name.startswith(pre)), None)
        if prefix and fold(name[len(prefix) :]) in plain:
            continue
        for level in _LEVELS:
            if name.endswith(" " + level):
                base = name[: -len(level) - 1]
                levelled.setdefault(fold(base), level)
                names.append(base)
                break
        else:
            names.append(name)
    return names, levelled


@lru_cache(maxsize=4)
def _patterns(k: Knowledge) -> _Patterns:
    prov, dist = k.province_regex, k.district_regex
    place = rf"(?:{prov}|{dist})"
    names, levelled = _lexicon_names(k)
    names.extend(k.national_units)
    spelling = {fold(n): n for n in names}
    level_words = "|".join(rf"[{lv[0]}{lv[0].upper()}]{re.escape(lv[1:])}" for lv in _LEVELS)
    # Patterns start with a letter, not a lookbehind, so the regex engine skips ahead to where
    # a match can start (see word_branches): they run over every paragraph of every article.
    lexicon = re.compile(
        rf"(?P<name>{word_branches(names, caseless=True)})"
        rf"(?:\s+(?P<level>(?:{level_words})(?!\s+\d)))?(?:\s+(?P<place>{place}))?(?!\w)(?!\s+viên\b)"
    )
    # "(ABBR)" after a long form, "&", or an abbreviation; the spaces around the first two are
    # taken by expand_abbreviations.
    abbreviations = word_branches(list(k.abbreviations), after=r"(?!\w)")
    contextual = "|".join(
        rf"{re.escape(a)}(?=\s+(?!(?:{'|'.join(map(re.escape, not_before))})\b)[{UPPER}])"
        for a, (_, not_before) in k.contextual_abbreviations.items()
    )
    expansion = re.compile(rf"{_PAREN}|&|{abbreviations}" + (f"|{contextual}" if contextual else ""))
    khoi = re.compile(
        rf"Đ(?<!\wĐ)ảng (?:bộ|ủy) [Kk]hối"
        rf"(?P<rest>(?:\s+{_WORD}){{0,8}}?\s+(?:[tT]ỉnh|[Tt]hành phố)(?:\s+(?P<place>{prov}))?(?!\w))?"
    )
    # "Đảng bộ tỉnh (X)" is the provincial party organisation; "Đảng bộ thành phố Đồng Hới" is not.
    party_province = re.compile(
        rf"Đ(?<!\wĐ)ảng bộ (?:tỉnh|thành phố)(?:\s+(?P<place>{prov})(?!\w)|(?!\s+[{UPPER}]))"
    )
    levels = word_branches(["Huyện", "huyện", "Thị xã", "thị xã", "Quận", "quận", "Thành phố", "thành phố"])
    # A district by name, or a numbered urban district ("Quận 5": only quận have numbers).
    district = re.compile(rf"(?P<level>{levels})\s+(?:(?P<name>{dist})|(?P<number>\d{{1,2}}))(?!\w)")
    open_class = re.compile(
        rf"(?P<head>{word_branches(list(k.unit_heads))})(?P<mid>(?:\s+{_WORD}){{0,16}}?)\s+"
        rf"(?P<anchor>[tT]ỉnh(?:\s+(?P<aprov>{prov}))?|(?P<place>{prov}|{dist})"
        rf"|(?:huyện|thị xã|thành phố|quận)\s+(?P<adist>{dist}))(?!\w)"
    )
    # Bodies of a commune, village or residential area: "Công an xã Phước Hậu", "UBND phường Mân
    # Thái", "Chi bộ làng Kép", "Chi bộ khu dân cư số 5". Communes are below the gazetteer's level,
    # so the name is taken as written (capitalised words or a number).
    bases = word_branches([n for n in names if fold(n) in levelled], caseless=True)
    place_name = rf"(?:số\s+)?\d+[A-Za-z]?|[{UPPER}][\w’'-]*(?:\s+(?:[{UPPER}][\w’'-]*|\d+)){{0,2}}"
    commune = re.compile(rf"(?P<base>{bases})\s+(?P<level>xã|phường|thị trấn)\s+(?P<name>{place_name})(?!\w)")
    commune_party = re.compile(
        rf"(?P<party>{word_branches(['Chi bộ', 'Đảng bộ', 'Đảng ủy'])})\s+(?P<level>xã|phường|thị trấn|thôn|"
        rf"làng|bản|buôn|ấp|khu dân cư|khu phố|tổ dân phố|xóm|sóc|khóm)\s+(?P<name>{place_name})(?!\w)"
    )
    # "Công ty Điện lực TP HCM / TP.HCM / TPHCM / TP Hồ Chí Minh / Sài Gòn" are one unit: every
    # other spelling of a province is filed under its name ("TP" kept where it was written).
    spellings = {}
    for written, province in k.province_names.items():  # every name, itself too: the longest wins
        city = written.startswith(("TP", "Tp", "Thành phố", "thành phố"))
        spellings[written] = (
            written if written in k.names_of_their_own else f"TP {province}" if city else province
        )
    return _Patterns(
        lexicon,
        levelled,
        spelling,
        frozenset(fold(n) for n in k.national_units),
        expansion,
        khoi,
        party_province,
        district,
        open_class,
        commune,
        commune_party,
        re.compile(word_branches(list(spellings), after=r"(?![\w])")),
        spellings,
    )


@dataclass(frozen=True)
class Expanded:
    """Text with abbreviations written out, and where each of its offsets came from."""

    text: str
    original: str
    segments: tuple[tuple[int, int, int, int], ...]  # (start, end) in text, (start, end) in original

    def written(self, start: int, end: int) -> str:
        """The original spelling of text[start:end] ("Sở KH&CN" for "Sở Khoa học và Công nghệ")."""
        return self.original[self._to_original(start, False) : self._to_original(end, True)].strip()

    @cached_property
    def _starts(self) -> list[int]:
        return [seg[0] for seg in self.segments]

    def _to_original(self, pos: int, is_end: bool) -> int:
        # Start at the segments around pos (bisect), then walk as from the beginning.
        i = bisect_right(self._starts, pos) - 1
        while i > 0 and self.segments[i - 1][1] >= pos:
            i -= 1
        i = max(i, 0)
        delta = self.segments[i - 1][3] - self.segments[i - 1][1] if i > 0 else 0
        for start, end, o_start, o_end in self.segments[i:]:
            if pos < start:
                break
            if pos < end or (is_end and pos == end):
                return o_end if is_end else o_start
            delta = o_end - end
        return pos + delta


def expand_abbreviations(text: str, k: Knowledge) -> Expanded:
    """Write abbreviations out so short and long forms of a name meet; "&" reads "và"."""
    pattern = _patterns(k).expansion
    out: list[str] = []
    segments: list[tuple[int, int, int, int]] = []
    pos = length = 0
    for m in pattern.finditer(text):
        start, end = m.span()
        first = text[start]
        if first in "(&":  # " (ABBR)" is dropped, " & " reads " và ": with a space before
            if start > pos and text[start - 1] == " ":
                start -= 1
            if first == "&" and text[end : end + 1] == " ":
                end += 1
            replacement = "" if first == "(" else " và "
        else:
            word = m.group(0)
            replacement = k.abbreviations.get(word) or k.contextual_abbreviations[word][0]
        out.append(text[pos:start])
        length += start - pos
        segments.append((length, length + len(replacement), start, end))
        out.append(replacement)
        length += len(replacement)
        pos = end
    out.append(text[pos:])
    return Expanded("".join(out), text, tuple(segments))


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
        prov = _province_of_place(m.group("place"), k, province)
        found.append(_Mention(m.start(), m.end(), f"Đảng bộ Khối {m.group('rest').strip()}", "party", prov))

    for m in p.party_province.finditer(text):
        prov = _province_of_place(m.group("place"), k, province)
        found.append(_Mention(m.start(), m.end(), "Tỉnh ủy", "provincial", prov))

    for m in p.district.finditer(text):
        if m.group("number"):
            if m.group("level").lower() != "quận":
                continue
            name = "Quận " + m.group("number")
            if name not in k.districts:
                continue
            label = name
        else:
            name = m.group("name")
            if name in k.province_names and k.provinces[k.province_names[name]].type == "thành phố":
                continue  # "thành phố Hà Nội" is the province itself
            label = f"{m.group('level').lower()} {name}"
        # A district is a place, not a unit: its mention is kept only to know which district an
        # unnamed "UBND huyện" means, and to keep its words from being read as a shorter unit.
        found.append(
            _Mention(m.start(), m.end(), label, "place", _province_of_place(name, k, province), district=name)
        )

    for m in p.lexicon.finditer(text):
        if not m.group("name")[0].isupper():
            continue
        base = fold(m.group("name"))
        name = p.spelling[base]
        level, place = m.group("level"), m.group("place")
        if base in p.levelled and not (level or place):
            continue  # "Công an" alone, or "Công an xã": not the provincial unit
        if base in p.national and not (level or place):
            if not _foreign(text, m.end(), k):  # "Bộ Y tế công cộng Thái Lan": that country's
                found.append(_Mention(m.start(), m.end(), name, "national", None))
            continue
        lvl = (level or p.levelled.get(base, "")).lower()
        in_district = lvl in _DISTRICT_LEVELS or (place is not None and place not in k.province_names)
        canonical_place = k.province_names.get(place, place) if place else None  # "TP.HCM" -> "Hồ Chí Minh"
        canonical = " ".join(filter(None, (name, level and level.lower(), canonical_place)))
        kind = "district" if in_district else "provincial"
        prov = _province_of_place(place, k, province)
        found.append(
            _Mention(m.start(), m.end(), canonical, kind, prov, unnamed_district=in_district and not place)
        )

    for m in p.open_class.finditer(text):
        mid = m.group("mid")
        if any(f" {w} " in f" {mid} " for w in k.unit_stopwords) or _ADDRESS.search(mid):
            continue
        if _JOB_AFTER_HEAD.match(mid) or (" " not in m.group("head") and mid[1:2].islower()):
            continue  # "Chi cục trưởng Thú y": a job title; "Viện trợ lương thực": aid, not an institute
        place = m.group("aprov") or m.group("place") or m.group("adist")
        found.append(
            _Mention(m.start(), m.end(), m.group(0), "organisation", _province_of_place(place, k, province))
        )

    # The commune level words are rare: a paragraph without them needs only the party pattern.
    if "xã" in text or "phường" in text or "thị trấn" in text:
        communes = _either(p.commune, p.commune_party, text)
    else:
        communes = p.commune_party.finditer(text)
    for m in communes:
        words = m.group("name").split()
        if words[0] in k.surnames and len(words) >= 3:
            continue  # "UBND phường Lê Thị Ngọc Dung": the phường is named before; this is a person
        # "Chi bộ làng Kép Siu Thị Hoa": the name stops where a person's full name (a family name and
        # two more capitalised syllables) starts; "phường Vĩnh Lạc" keeps its "Lạc".
        after = text[m.start("name") : m.start("name") + 120].split()
        cut = next(
            (
                i
                for i, w in enumerate(words)
                if i
                and w in k.surnames
                and len(after) > i + 2
                and all(x[:1].isupper() for x in after[i : i + 3])
            ),
            len(words),
        )
        name = " ".join(words[:cut])
        end = m.start("name") + len(name)
        if m.re is p.commune:
            if not m.group("base")[0].isupper():
                continue
            head = f"{p.spelling[fold(m.group('base'))]} {m.group('level')}"
        else:
            head = f"{m.group('party')} {m.group('level')}"
        found.append(_Mention(m.start(), end, f"{head} {name}", "commune", province))

    # "Đảng đoàn Hội Nông dân tỉnh" leads the association but is a unit of its own.
    return [
        _Mention(m.start - len(own.group(0)), m.end, own.group(0) + m.name, "party", m.province)
        if (own := _OWN_PARTY_BODIES.search(text, max(0, m.start - 30), m.start))
        and m.kind != "party-bloc-ref"
        else m
        for m in found
    ]


def _foreign(text: str, end: int, k: Knowledge) -> bool:
    """A country named within the next words of a national body's name: it is that country's
    ("Bộ Y tế Thái Lan"); "Chính phủ Việt Nam" is Việt Nam's own."""
    words = text[end : end + 60].split()[:5]
    named = {" ".join(words[i:j]).strip(",.;:") for i in range(len(words)) for j in (i + 1, i + 2, i + 3)}
    return bool(named & k.countries - {"Việt Nam"})


def _either(first: re.Pattern[str], second: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """finditer of `first|second` (at one position, `first` wins), for two patterns that could
    not be one and still start with a letter (see word_branches)."""
    a = first.search(text)
    b = second.search(text)
    while a is not None or b is not None:
        m = a if b is None or (a is not None and a.start() <= b.start()) else b
        yield m
        pos = m.end()
        if a is not None and a.start() < pos:
            a = first.search(text, pos)
        if b is not None and b.start() < pos:
            b = second.search(text, pos)


def _select(mentions: list[_Mention]) -> list[_Mention]:
    """Leftmost-longest, non-overlapping."""
    chosen: list[_Mention] = []
    end = -1
    for m in sorted(mentions, key=lambda m: (m.start, -(m.end - m.start))):
        if m.start >= end:
            chosen.append(m)
            end = m.end
    return chosen


def _filed_places(name: str, k: Knowledge) -> str:
    """A unit's name with the province written as units are filed ("TP HCM" -> "TP Hồ Chí Minh")."""
    p = _patterns(k)
    return p.place_spellings.sub(lambda m: p.place_names[m.group(0)], name) if name else name


def unit_identity(name: str, province: str | None) -> str:
    """Key under which spellings of one unit meet: "Kho bạc Nhà nước tỉnh", "Kho bạc Nhà nước Đồng
    Nai" and "Kho bạc Nhà nước tỉnh Đồng Nai" of Đồng Nai are one unit; of Bắc Ninh, another."""
    k = key(name)
    k = re.sub(r"^đảng (?:bộ|ủy) khối (?:các )?", "đảng bộ khối ", k)
    if province:
        k = re.sub(rf"(?:\s+(?:tỉnh|thành phố|tp\.?))?\s+{re.escape(key(province))}$", "", k)
    k = re.sub(r"\s+(?:tỉnh|thành phố)$", "", k)
    return f"{k}@{province or ''}"


def extract_units(texts: list[str], province: str | None, k: Knowledge) -> tuple[Unit, ...]:
    """Units named in the texts (title, paragraphs, captions), one entry per unit, in order of
    first mention. `name` is the spelling the article uses most (the longest on a tie), party
    prefix dropped; `canonical` has abbreviations written out and is what identifies the unit."""
    by_identity: dict[str, list[tuple[_Mention, str]]] = {}
    expanded = [expand_abbreviations(text, k) for text in texts]
    found = [_mentions(e.text, k, province) for e in expanded]
    # The district the article is mostly about (named most often, first on a tie) is the one an
    # unnamed "UBND huyện" means.
    districts = Counter(m.district for ms in found for m in ms if m.district)
    main = max(districts, key=lambda d: districts[d]) if districts else None
    for e, mentions in zip(expanded, found, strict=True):
        for m in _select(mentions):
            if m.kind in (
                "party-bloc-ref",
                "place",
            ):  # a bare "Đảng ủy Khối" refers back; a district is a place
                continue
            if m.unnamed_district and main:
                m = replace(m, name=f"{m.name} {main}", province=_province_of_place(main, k, province))
            elif m.province is None and (m.unnamed_district or m.kind == "provincial"):
                continue  # "VKSND huyện", "Công an tỉnh" of no known province: no unit a page is about
            written = re.sub(_PAREN_ABBREVIATION, "", e.written(m.start, m.end))
            m = replace(m, name=_filed_places(m.name, k))
            by_identity.setdefault(unit_identity(m.name, m.province), []).append((m, written))
    units = []
    for mentions in by_identity.values():
        names = Counter(w for _, w in mentions)
        canonicals = Counter(m.name for m, _ in mentions)
        first = mentions[0][0]
        units.append(
            Unit(
                name=max(names, key=lambda n: (names[n], len(n))),
                kind=first.kind,
                province=first.province,
                canonical=max(canonicals, key=lambda n: (canonicals[n], len(n))),
            )
        )
    return tuple(units)
