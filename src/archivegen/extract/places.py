"""Which province an article reports on, weighed from every piece of evidence in it.

Each clue points to a province with a weight, strongest first: the province's own Party and
State bodies ("Tỉnh ủy Bình Định", "UBND tỉnh Bắc Cạn"); a place dateline ("Tây Ninh, ngày …")
or a headline that opens with the province ("Nam Định: …"); the province as a place ("tỉnh
Quảng Ninh"); the newspaper, and the site's banner in capitals; units carrying the name ("Kho
bạc Nhà nước Đồng Nai"); districts, named as places or by their bodies ("Huyện ủy Bến Cầu"),
whose type tells a quận of one province from a huyện of another; communes; bare mentions.

What a clue says is weighed by where it stands: a province that is only the venue ("tổ chức
tại tỉnh Nghệ An"), the destination ("Đoàn Vĩnh Long về Nghệ An") or a visiting delegation's
counts for less; in a photo caption, for less; in the headline, for more. Names of history
("tỉnh Quảng Nam - Đà Nẵng", "Sài Gòn - Gia Định") count for nothing, and places are read as
provinces of the article's date (Thạch Thất was in Hà Tây until August 2008). A district name
shared by several provinces (Châu Thành) is resolved by the communes and provinces named near
it, or left out. Names are matched case-sensitively, so "hòa bình" the word is never Hòa Bình.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from ..text import key
from .knowledge import Knowledge, word_branches
from .record import Clue, Province

BODY, DATELINE, HEADLINE, PLACE, NEWSPAPER, BANNER, UNIT = 4.0, 4.0, 4.0, 3.0, 3.0, 3.0, 2.0
DISTRICT_BODY, DISTRICT, COMMUNE, BARE = 2.0, 1.5, 1.5, 1.0
VISITOR_FACTOR = 0.3  # a delegation from elsewhere, a comparison
VENUE_FACTOR = 0.7  # where it happened, where someone went: often also the subject
CAPTION_FACTOR = 0.5  # a photo's caption names where it was taken
IN_HEADLINE_FACTOR = 1.5  # what the headline names is what the article is about
MIN_SCORE = 1.5  # a single bare mention is not enough to name a province
MARGIN = 1.5  # the winner must outweigh the runner-up by this factor
AFTER_2025 = "2025-07-01"  # from this day the 34 provinces are in force

# An organisation name running into the place: "Kho bạc Nhà nước Đồng Nai", "Công ty Điện lực Bắc Ninh".
_UNIT_BEFORE = re.compile(
    r"\b(?:Công ty|Tổng công ty|Kho bạc|Cục|Chi cục|Ngân hàng|Bảo hiểm|Điện lực|Bưu điện|Viettel|VNPT|"
    r"Công an|Bộ Chỉ huy|Bộ đội Biên phòng|Liên đoàn|Hội|Trường|Bệnh viện|Trung tâm|Sở|Ban|Văn phòng|"
    r"Đoàn|Tỉnh đoàn|Viện|Tòa án|Thanh tra|Đài)\b(?:\s+[^\s,.;:()“”\"]+){0,6}\s+$"
)
_SENTENCE_END = re.compile(r"[.!?\n]")
SENTENCE_REACH = 400
# The words of a place phrase that may stand between a venue word and a name ("tại huyện Nam
# Đàn, tỉnh Nghệ An"; "về xã Tân Phú (Đồng Nai)").
# "Đoàn Đại biểu Quốc hội (ĐBQH) Thanh Hóa": an abbreviation in brackets between a body and its place.
_ABBREVIATION_AFTER = re.compile(r"\s*\([A-ZĐ]{2,8}\)\s*$")
_TOKENS = re.compile(r"[^\W\d_][\w’']*|[,()\-–]")
_CLAUSE_END = re.compile(r"[.;:!?\n]")
VENUE_REACH = 8  # words of a place phrase between a venue word and the name ("tại huyện Nam Đàn, tỉnh")


def _ends_with(before: str, words: tuple[str, ...]) -> str | None:
    """The word of `words` that `before` ends with (spaces after it), whole: "UBND tỉnh " ends
    with "tỉnh", "Thành ủy " with "Thành ủy". Plain string tests: a regex anchored at the end
    is tried from every position of the text before it."""
    stripped = before.rstrip()
    if len(stripped) == len(before):
        return None  # the name is glued to what precedes it
    for word in words:
        if stripped.endswith(word) and not stripped[-len(word) - 1 : -len(word)].isalnum():
            return word
    return None


def _after_venue_word(p: _Patterns, before: str) -> bool:
    """ "… tổ chức tại tỉnh Nghệ An", "tại huyện Nam Đàn, tỉnh Nghệ An": a venue word (tại, ở,
    về, đến …), then at most a few words of a place phrase, then the name, within the clause."""
    clause = before[max((m.end() for m in _CLAUSE_END.finditer(before)), default=0) :]
    tokens = _TOKENS.findall(clause)[-(VENUE_REACH + 2) :]
    lowered = [t.lower() for t in tokens]
    for i in range(len(lowered) - 1, max(-1, len(lowered) - VENUE_REACH - 2), -1):
        if lowered[i] in p.venue or (i and f"{lowered[i - 1]} {lowered[i]}" in p.venue):
            return True
    return False


@dataclass(frozen=True)
class Segment:
    """A part of the article and how much what it names weighs: the headline, the text, the
    captions."""

    text: str
    factor: float = 1.0
    note: str = ""  # given to the clues found in it ("caption")


@dataclass(frozen=True)
class _Patterns:
    names: re.Pattern[str]
    districts: re.Pattern[str]
    sloppy_districts: re.Pattern[str]  # "huyện Bắc yên": a district name a site wrote in lower case
    communes: re.Pattern[str]
    masks: re.Pattern[str]
    bodies: tuple[str, ...]  # the words right before a name, longest first
    kinds: tuple[str, ...]
    newspapers: tuple[str, ...]
    not_delegation: tuple[str, ...]
    bare_districts: re.Pattern[str]  # a district named without its kind, after a venue word
    venue: frozenset[str]  # lower case, one or two words
    visitor: tuple[str, ...]  # lower case
    delegation: re.Pattern[str]
    visit: re.Pattern[str]
    venue_word: re.Pattern[str]  # a venue word before a capitalised name ("tại Sa Pa")


@lru_cache(maxsize=4)
def _patterns(knowledge: Knowledge) -> _Patterns:
    # Each starts with a letter, not a lookbehind, so the regex engine skips ahead (word_branches).
    names = re.compile(word_branches(list(knowledge.province_names), after=r"(?![\w])"))
    district_words = word_branches(list(knowledge.district_kinds))
    districts = re.compile(rf"(?P<kind>{district_words})\s+(?P<name>{knowledge.district_regex})(?![\w])")
    commune_words = word_branches(list(knowledge.commune_kinds))
    # Later syllables in any case: sites write "xã Mường khoa"; the gazetteer decides.
    communes = re.compile(rf"(?P<kind>{commune_words})\s+(?P<name>[A-ZĐÀ-Ỹ][\w’']*(?:[ -][\w’']+){{0,3}})")
    sloppy = re.compile(
        rf"(?P<kind>{district_words})\s+(?P<name>[A-ZĐÀ-Ỹ][\w’']*(?:\s[a-zđà-ỹ][\w’']*){{1,3}})"
    )
    history = [*knowledge.historical_names, *knowledge.history]
    masks = re.compile(word_branches(history, after=r"(?![\w])"))

    def longest_first(words: Iterable[str]) -> tuple[str, ...]:
        return tuple(sorted(words, key=len, reverse=True))

    def phrase(words: Iterable[str]) -> str:
        return "|".join(re.escape(w) for w in longest_first(words))

    return _Patterns(
        names=names,
        districts=districts,
        sloppy_districts=sloppy,
        communes=communes,
        masks=masks,
        bodies=longest_first(knowledge.province_bodies),
        kinds=longest_first(knowledge.province_kinds),
        newspapers=longest_first(knowledge.newspaper_words),
        not_delegation=knowledge.delegation_not,
        bare_districts=re.compile(rf"(?:{knowledge.district_regex})(?![\w])"),  # matched after a venue word
        venue=frozenset(w.lower() for w in knowledge.venue_words),
        visitor=tuple(w.lower() for w in knowledge.visitor_cues),
        # Caseless, but written so the engine skips ahead to a possible first letter (word_branches).
        delegation=re.compile(word_branches(list(knowledge.delegation_cues), caseless=True, after=r"(?!\w)")),
        visit=re.compile(word_branches(list(knowledge.visit_verbs), caseless=True, after=r"(?!\w)")),
        venue_word=re.compile(
            "(?:" + word_branches(list(knowledge.venue_words), caseless=True) + r")\s+(?=[A-ZĐÀ-Ỹ])"
        ),
    )


def _in_delegation(p: _Patterns, text: str, pos: int) -> bool:
    """True when pos lies in a delegation's description: after the cue, before the visit verb."""
    floor = max(0, pos - SENTENCE_REACH)
    start = max(max(text.rfind(ch, floor, pos) for ch in ".!?\n") + 1, floor)
    end_match = _SENTENCE_END.search(text, pos, pos + SENTENCE_REACH)
    sentence_end = end_match.start() if end_match else min(len(text), pos + SENTENCE_REACH)
    for cue in p.delegation.finditer(text, start, pos):
        if text[cue.start() : cue.start() + 24].lower().startswith(p.not_delegation):
            continue  # "Đoàn đại biểu Quốc hội tỉnh": the province's own body
        visit = p.visit.search(text, cue.end(), sentence_end)
        if visit is None or pos < visit.start():
            return True
    return False


def _where(
    p: _Patterns, text: str, start: int, *, local: bool = False, delegation: bool = True, venue: bool = True
) -> tuple[float, str]:
    """How a place at `start` counts: a visitor's, the venue, or the article's. A district or
    commune (`local`) where a delegation went or something took place is the host's: only a
    delegation's own places count less."""
    if local:
        return (VISITOR_FACTOR, "visitor") if delegation and _in_delegation(p, text, start) else (1.0, "")
    before = text[max(0, start - 80) : start]
    tail = before[-40:].lower()
    for cue in p.visitor:
        at = tail.rfind(cue)
        if at >= 0 and not _CLAUSE_END.search(tail, at) and not tail[at:].startswith(p.not_delegation):
            return VISITOR_FACTOR, "visitor"
    if delegation and _in_delegation(p, text, start):
        return VISITOR_FACTOR, "visitor"
    if venue and _after_venue_word(p, before):
        return VENUE_FACTOR, "venue"
    return 1.0, ""


def _masked(
    p: _Patterns, text: str, knowledge: Knowledge, published: str | None
) -> tuple[list[range], list[Clue]]:
    """Spans of names of history, which no name inside may count from, and the clues they give:
    a province of the article's time is evidence (Hà Tây in 2006), any other none."""
    spans, clues = [], []
    for m in p.masks.finditer(text):
        spans.append(range(m.start(), m.end()))
        old = knowledge.history.get(m.group(0))
        if old is not None and published is not None and published[:10] <= old.until:
            clues.append(Clue("place", m.group(0), old.name, PLACE))
        else:
            clues.append(Clue("historical", m.group(0), None, 0.0))
    return spans, clues


def _inside(spans: Sequence[range], start: int) -> bool:
    return any(start in span for span in spans)


def _province_clues(
    p: _Patterns, segment: Segment, knowledge: Knowledge, spans: Sequence[range], delegation: bool = True
) -> list[Clue]:
    """`delegation`: the segment names a delegation (most do not: no sentence to look at)."""
    text = segment.text
    clues = []
    for m in p.names.finditer(text):
        if _inside(spans, m.start()):
            continue
        province = knowledge.province_names[m.group(0)]
        before = _ABBREVIATION_AFTER.sub(" ", text[max(0, m.start() - 60) : m.start()])
        before, predecessor = _without_predecessor(before, province, knowledge)
        name = predecessor + m.group(0)
        own = False  # the province's own body, newspaper or unit: never a venue, but a visitor's
        if name.startswith(("TP", "Tp", "Thành phố", "thành phố")):  # "TP.HCM": the type is in the name
            kind, weight, what = "place", PLACE, name
        elif body := _ends_with(before, p.bodies):
            kind, weight, what, own = "body", BODY, f"{body} {name}", True
        elif place := _ends_with(before, p.kinds):
            kind, weight, what = "place", PLACE, f"{place} {name}"
        elif outlet := _ends_with(before, p.newspapers):
            kind, weight, what = "newspaper", NEWSPAPER, f"{outlet} {name}"
        elif (unit := _UNIT_BEFORE.search(before)) and not _has_clause_word(unit.group(0), knowledge):
            kind, weight, what, own = "unit", UNIT, f"{unit.group(0).strip()} {name}", True
        elif _inside_longer_name(text, m.start(), m.end(), knowledge):
            continue  # "Đồng Tháp Mười" (a region), "Nguyễn Hà Nam" (a person): not the province
        else:
            kind, weight, what = "mention", BARE, name
        if kind == "newspaper":
            factor, note = 1.0, ""
        else:
            factor, note = _where(p, text, m.start(), delegation=delegation, venue=not own)
        if segment.factor != 1.0 and note != "visitor":
            factor, note = factor * segment.factor, note or segment.note
        clues.append(Clue(kind, what, province, weight * factor, note))
    return clues


def _without_predecessor(before: str, province: str, knowledge: Knowledge) -> tuple[str, str]:
    """A body named by its province then and now ("Ban Dân vận Tỉnh ủy Sông Bé – Bình Dương",
    "Đảng bộ tỉnh Minh Hải - Cà Mau") is the province's of today: the old name between the body
    and the province is taken out of what stands before it. (before, the old name and its dash)."""
    stripped = before.rstrip()
    if not stripped.endswith(("-", "–")):
        return before, ""
    stripped = stripped[:-1].rstrip()
    for old in knowledge.history.values():
        if (province in old.split_into or province == old.now) and stripped.endswith(old.name):
            cut = len(stripped) - len(old.name)
            return before[:cut], before[cut:]
    return before, ""


@dataclass(frozen=True)
class _Pending:
    """A district or commune whose name more than one province has: resolved by what else the
    text names, or left out."""

    kind: str
    text: str
    candidates: tuple[tuple[str, str], ...]  # (province, district) pairs it may be
    weight: float
    note: str
    # Of a commune, the candidates of the type the text gives ("xã", "phường"): the likelier ones,
    # though a xã becomes a phường and the gazetteer knows only the latest type.
    typed: tuple[tuple[str, str], ...] = ()


def _district_clues(
    p: _Patterns,
    segment: Segment,
    knowledge: Knowledge,
    spans: Sequence[range],
    published: str | None,
    delegation: bool = True,
) -> tuple[list[Clue], list[_Pending]]:
    text = segment.text
    clues, pending = [], []
    for m, name in _district_mentions(p, text, knowledge):
        if _inside(spans, m.start()):
            continue
        word = m.group("kind")
        district_type = knowledge.district_kinds[word]
        if district_type == "thành phố" and name in knowledge.province_names:
            continue  # "thành phố Cần Thơ": the province, counted as such
        places = knowledge.district_places[name]
        # The type tells namesakes apart (quận Tân Phú, huyện Tân Phú); a district whose type has
        # changed since (huyện đảo Phú Quốc, a thành phố from 2020) keeps its name.
        typed = [prov for prov, t in places if t == district_type] or [prov for prov, _ in places]
        by_body = word.lower() not in ("huyện", "quận", "thị xã", "thành phố", "tp", "tp.", "tx", "tx.")
        weight = DISTRICT_BODY if by_body else DISTRICT
        factor, note = (1.0, "") if by_body else _where(p, text, m.start(), local=True, delegation=delegation)
        if segment.factor != 1.0 and note != "visitor":
            factor, note = factor * segment.factor, note or segment.note
        what = f"{word} {name}"
        located = _locator(text, m.start("name") + len(name), knowledge)
        if located and located in typed:
            typed = [located]
        if located and not by_body and note != "visitor":  # "huyện Nam Đàn (Nghệ An)": somewhere else
            factor, note = factor * VENUE_FACTOR, "venue"
        if len(set(typed)) == 1:
            province = _district_at_the_time(name, typed[0], knowledge, published)
            clues.append(Clue("district", what, province, weight * factor, note))
        else:
            pending.append(
                _Pending("district", what, tuple((prov, name) for prov in typed), weight * factor, note)
            )
    for venue in p.venue_word.finditer(text):  # "tại Sa Pa": a district named as a place, without its kind
        m = p.bare_districts.match(text, venue.end())
        if m is None:
            continue
        name = m.group(0)
        if " " not in name:
            continue
        places = {prov for prov, _ in knowledge.district_places[name]}
        if (
            len(places) != 1
            or name in knowledge.province_names
            or " " not in name
            or _inside(spans, m.start())
        ):
            continue
        if _inside_longer_name(text, m.start(), m.end(), knowledge):
            continue
        (province,) = places
        factor, note = _where(p, text, m.start(), local=True, delegation=delegation)
        province = _district_at_the_time(name, province, knowledge, published)
        clues.append(Clue("district", name, province, DISTRICT * factor, note))
    return clues, pending


def _district_mentions(p: _Patterns, text: str, knowledge: Knowledge) -> Iterable[tuple[re.Match[str], str]]:
    """Each district named with its kind, and its name as the gazetteer writes it: "huyện Bến
    Cầu", and "huyện Bắc yên" as a site may write it."""
    yield from ((m, m.group("name")) for m in p.districts.finditer(text))
    for m in p.sloppy_districts.finditer(text):
        words = m.group("name").split()
        for n in range(len(words), 1, -1):
            name = _capitalised(words[:n])
            if name in knowledge.district_places and name != " ".join(words[:n]):
                yield m, name
                break


def _capitalised(words: list[str]) -> str:
    """Words as the gazetteer writes a place name, each with its first letter in capitals ("Bắc
    yên" -> "Bắc Yên"); the other letters are left as they are."""
    return " ".join(w[:1].upper() + w[1:] for w in words)


_LOCATOR = re.compile(r"\s*(?:\(|,\s*(?:tỉnh|thành phố|TP\.?)?\s*|[-–]\s*)([^\W\d_][^(),.;:\n]{0,30})")


def _locator(text: str, end: int, knowledge: Knowledge) -> str | None:
    """The province a place is located in by the words right after it: "huyện Nam Đàn (Nghệ
    An)", "huyện Châu Thành, tỉnh Tiền Giang"."""
    m = _LOCATOR.match(text, end)
    if not m:
        return None
    words = m.group(1).split()
    for n in range(min(len(words), 5), 0, -1):
        found = knowledge.province_names.get(" ".join(words[:n]))
        if found:
            return found
    return None


def _commune_clues(
    p: _Patterns, segment: Segment, knowledge: Knowledge, published: str | None, delegation: bool = True
) -> list[_Pending]:
    """Each commune named with its kind ("xã Đồng Thái"), with every province and district the
    gazetteer has it in: which one is _resolve's call, once the districts the text names are known."""
    text = segment.text
    pending = []
    after_2025 = published is not None and published[:10] >= AFTER_2025
    for m in p.communes.finditer(text):
        words = m.group("name").split()
        for n in range(len(words), 0, -1):  # the longest name the gazetteer has, as written first
            written = " ".join(words[:n])
            for name in dict.fromkeys((written, _capitalised(words[:n]))):
                found = knowledge.communes_2025.get(name) if after_2025 else knowledge.communes.get(name)
                if found:
                    break
            if found:
                break
        else:
            continue
        commune_type = knowledge.commune_kinds[m.group("kind")]
        if after_2025:
            candidates = [((prov, ""), t) for prov, t in found]
        else:
            candidates = [((prov, district), t) for prov, district, t in found]
        factor, note = _where(p, text, m.start(), local=True, delegation=delegation)
        if segment.factor != 1.0 and note != "visitor":
            factor, note = factor * segment.factor, note or segment.note
        what = f"{m.group('kind')} {name}"
        located = _locator(text, m.start("name") + len(name), knowledge)
        if located:
            candidates = [c for c in candidates if c[0][0] == located] or candidates
        pairs = tuple(dict.fromkeys(pair for pair, _ in candidates))
        typed = tuple(dict.fromkeys(pair for pair, t in candidates if t == commune_type))
        pending.append(_Pending("commune", what, pairs, COMMUNE * factor, note, typed))
    return pending


def _resolve(pending: list[_Pending], clues: list[Clue], districts_named: set[tuple[str, str]]) -> list[Clue]:
    """Each shared district or commune name, resolved to the one of its provinces that the rest
    of the text names: a commune of that district, a district of that commune, or the province
    itself. A name nothing resolves is left out."""
    supported = {c.province for c in clues if c.weight > 0}
    resolved = []
    for item in pending:
        provinces = {prov for prov, _ in item.candidates}
        if item.kind == "commune":
            # The district the text names decides (a commune's type may have changed since);
            # else the commune of the type the text gives, if one province has it.
            by_place = {prov for prov, district in item.candidates if (prov, district) in districts_named}
            of_type = {prov for prov, _ in item.typed}
            if len(by_place) == 1 or len(of_type) == 1:
                (province,) = by_place if len(by_place) == 1 else of_type
                plain = of_type == {province}  # the gazetteer alone says it
                resolved.append(
                    Clue(
                        item.kind,
                        item.text,
                        province,
                        item.weight,
                        item.note or ("" if plain else "resolved"),
                    )
                )
                continue
            provinces = of_type
        else:
            others = [c for c in pending if c is not item and c.kind == "commune"]
            by_place = {
                prov
                for prov, district in item.candidates
                if any((prov, district) in c.candidates for c in others)
            }
        choice = by_place if len(by_place) == 1 else provinces & supported
        if len(choice) == 1:
            (province,) = choice
            resolved.append(Clue(item.kind, item.text, province, item.weight, item.note or "resolved"))
    return resolved


def _district_at_the_time(district: str, province: str, knowledge: Knowledge, published: str | None) -> str:
    """The province a district was in on the article's date: Thạch Thất was Hà Tây's until
    August 2008, Mê Linh Vĩnh Phúc's (later changes of province are _at_the_time's)."""
    if published is None:
        return province
    day = published[:10]
    moved = knowledge.districts_moved.get(district)
    if moved and moved[2] == province and day < moved[3]:
        return moved[1]
    for old in knowledge.history.values():
        if day <= old.until and district in old.districts:
            return old.name
    return province


def _at_the_time(clue: Clue, knowledge: Knowledge, published: str | None) -> Clue:
    """The clue's province as it was on the article's date: Bắc Kạn in 1996 was Bắc Thái;
    from 1 July 2025 the 34 provinces are in force."""
    province = clue.province
    if province is None or published is None:
        return clue
    day = published[:10]
    seen = set()
    while province in knowledge.split_off and day < knowledge.split_off[province][0] and province not in seen:
        seen.add(province)
        province = knowledge.split_off[province][1]
    if day >= AFTER_2025 and province in knowledge.provinces:
        province = knowledge.provinces[province].now
    if province == clue.province:
        return clue
    return Clue(clue.kind, clue.text, province, clue.weight, clue.note or "by date")


def province_clues(
    segments: Sequence[Segment],
    knowledge: Knowledge,
    publication: str | None = None,
    *,
    published: str | None = None,
    banners: Sequence[str] = (),
    dateline_place: str | None = None,
) -> list[Clue]:
    """Every piece of province evidence in the article, weighed, as of its date."""
    p = _patterns(knowledge)
    clues: list[Clue] = []
    if publication:
        prov = publication_province(publication, knowledge)
        if prov:
            clues.append(Clue("newspaper", publication, prov, NEWSPAPER))
    for banner in banners:  # the site's name in capitals: "TRANG THÔNG TIN ĐIỆN TỬ ĐẢNG BỘ TỈNH NINH BÌNH"
        for clue in _province_clues(p, Segment(_title_case(banner)), knowledge, ()):
            if clue.kind in ("body", "place", "newspaper"):
                clues.append(Clue("banner", banner, clue.province, BANNER))
                break
    if dateline_place:
        prov = knowledge.province_names.get(dateline_place)
        places = {q for q, _ in knowledge.district_places.get(dateline_place, ())}
        if prov is None and len(places) == 1:
            prov = places.pop()
        if prov:
            clues.append(Clue("dateline", dateline_place, prov, DATELINE))
    pending: list[_Pending] = []
    districts_named: set[tuple[str, str]] = set()
    for segment in segments:
        if not segment.text:
            continue
        spans, historical = _masked(p, segment.text, knowledge, published)
        clues += historical
        delegation = p.delegation.search(segment.text) is not None
        found = _province_clues(p, segment, knowledge, spans, delegation)
        if segment.factor == IN_HEADLINE_FACTOR:
            found = _headline(found, segment.text, knowledge)
        clues += found
        in_districts, unsure = _district_clues(p, segment, knowledge, spans, published, delegation)
        clues += in_districts
        pending += unsure
        districts_named |= {(c.province, c.text.split(" ", 1)[-1]) for c in in_districts if c.province}
        districts_named |= {pair for item in unsure for pair in item.candidates}
        pending += _commune_clues(p, segment, knowledge, published, delegation)
    clues += _resolve(pending, clues, districts_named)
    return [_at_the_time(c, knowledge, published) for c in clues]


def _headline(found: list[Clue], headline: str, knowledge: Knowledge) -> list[Clue]:
    """ "Nam Định: Tôn vinh …": a headline that opens with the province names the article's."""
    opening = re.match(r"\s*([^:–\-]{3,40}?)\s*[:–-]\s", headline)
    if opening and opening.group(1) in knowledge.province_names:
        province = knowledge.province_names[opening.group(1)]
        return [Clue("headline", opening.group(1), province, HEADLINE), *found]
    return found


def _title_case(line: str) -> str:
    """A line set in capitals, in the case names are matched in: "TỈNH NINH BÌNH" -> "Tỉnh Ninh Bình"."""
    return " ".join(w[:1] + w[1:].lower() for w in line.split())


def _has_clause_word(phrase: str, knowledge: Knowledge) -> bool:
    """ "Hội nghị được tổ chức tại": a clause, not a unit name ("Hội Nông dân")."""
    padded = f" {phrase.strip()} "
    return any(f" {w} " in padded for w in knowledge.unit_stopwords)


_NEXT_WORD = re.compile(r" ([^\W\d_][\w’']*)")
_PREVIOUS_WORD = re.compile(r"(?:^|[^\w\s])?\s*([^\W\d_][\w’']*) $")


def _inside_longer_name(text: str, start: int, end: int, knowledge: Knowledge) -> bool:
    """A bare province name that runs on into another capitalised word, or follows a family name
    inside a sentence, is part of a longer proper name."""
    after = _NEXT_WORD.match(text, end)
    if after and after.group(1)[0].isupper():
        return True
    before = text[max(0, start - 20) : start]
    word = _PREVIOUS_WORD.search(before)
    if word and word.group(1) in knowledge.surnames:
        preceding = before[: word.start(1)].rstrip()
        return bool(preceding) and preceding[-1] not in '.!?:;\n“"('
    return False


def publication_province(publication: str, knowledge: Knowledge) -> str | None:
    """Province of a newspaper: from the outlets list, or its name ("Báo Bắc Ninh")."""
    k = key(publication)
    if k in knowledge.outlets:
        return knowledge.outlets[k]
    names = _patterns(knowledge).names
    found = {knowledge.province_names[m.group(0)] for m in names.finditer(publication)}
    return found.pop() if len(found) == 1 else None


_KIND_WORDS = {
    "body": "",
    "place": "",
    "newspaper": "newspaper ",
    "banner": "site banner ",
    "dateline": "dateline ",
    "headline": "headline ",
    "unit": "unit ",
    "mention": "mention ",
    "historical": "historical name ",
}


def _describe(clue: Clue) -> str:
    if clue.kind in ("district", "commune"):
        text = f"{clue.text} ({clue.province})"
    else:
        text = f"{_KIND_WORDS.get(clue.kind, '')}'{clue.text}'"
    if clue.note in ("visitor", "venue"):
        text += " (as visitor or comparison)" if clue.note == "visitor" else " (as venue)"
    elif clue.note == "caption":
        text += " (in a caption)"
    return text


def infer_province(
    text: str | Sequence[Segment],
    knowledge: Knowledge,
    publication: str | None = None,
    *,
    published: str | None = None,
    banners: Sequence[str] = (),
    dateline_place: str | None = None,
) -> Province:
    """Weigh the evidence; name a province only when it clearly wins, else None. `text` is the
    article as one string, or as segments (headline, text, captions) weighed apart."""
    segments = [Segment(text)] if isinstance(text, str) else list(text)
    clues = province_clues(
        segments, knowledge, publication, published=published, banners=banners, dateline_place=dateline_place
    )
    counted = [c for c in clues if c.weight > 0 and c.province]
    ordered = tuple(sorted(clues, key=lambda c: -c.weight))
    if not counted:
        return Province(
            None, None, "no province, district, provincial unit or newspaper named", "none", ordered
        )
    scores: dict[str, float] = defaultdict(float)
    reasons: dict[str, list[str]] = defaultdict(list)
    count: dict[str, int] = defaultdict(int)
    for c in counted:
        scores[c.province] += c.weight  # type: ignore[index]
        count[c.province] += 1  # type: ignore[index]
        described = _describe(c)
        if described not in reasons[c.province]:  # type: ignore[index]
            reasons[c.province].append(described)  # type: ignore[index]
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    best, score = ranked[0]
    runner = ranked[1] if len(ranked) > 1 else None

    def describe(p: str) -> str:
        listed = reasons[p][:4]
        more = len(reasons[p]) - len(listed)
        return ", ".join(listed) + (f" and {more} more" if more > 0 else "")

    if score < MIN_SCORE:
        return Province(None, None, f"too little evidence: {describe(best)}", "weak", ordered)
    if runner and score < runner[1] * MARGIN:
        return Province(
            None,
            None,
            f"conflicting evidence: {best} ({describe(best)}) against {runner[0]} ({describe(runner[0])})",
            "conflicting",
            ordered,
        )
    evidence = describe(best)
    if runner:
        evidence += f"; outweighs {runner[0]} ({describe(runner[0])})"
    confidence = "single" if count[best] == 1 and runner is None else "strong"
    return Province(best, now_of(best, knowledge), evidence, confidence, ordered)


def now_of(province: str, knowledge: Knowledge) -> str | None:
    """The 2025 province a province of any time is part of."""
    if province in knowledge.provinces:
        return knowledge.provinces[province].now
    if province in knowledge.history:
        return knowledge.history[province].now
    if province in knowledge.provinces_2025:
        return province
    return None
