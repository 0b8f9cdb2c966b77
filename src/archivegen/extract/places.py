"""Which province an article reports on, weighed from every piece of evidence in it.

Evidence, strongest first: "tỉnh X"/"Tỉnh ủy X"/"Đảng bộ tỉnh X" phrases; the newspaper ("Báo X");
unit names carrying a province ("Kho bạc Nhà nước Đồng Nai"); district names from the gazetteer
("huyện Bạch Thông" → Bắc Kạn); bare mentions. A province named only as a visitor or comparison
weighs less. Names are matched case-sensitively, so "hòa bình" the word is never Hòa Bình.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from ..text import key
from .knowledge import Knowledge, word_branches
from .record import Province

STRONG, NEWSPAPER, UNIT, DISTRICT, BARE = 3.0, 3.0, 2.0, 1.5, 1.0
VISITOR_FACTOR = 0.3
MIN_SCORE = 1.5  # a single bare mention is not enough to name a province
MARGIN = 1.5  # the winner must outweigh the runner-up by this factor

_STRONG_BEFORE = re.compile(
    r"(?:\b(?:tỉnh|Tỉnh|thành phố|Thành phố|TP\.?|Tp\.?)|Tỉnh ủy|Thành ủy|Đảng bộ tỉnh|Đảng bộ thành phố"
    r"|UBND tỉnh|Ủy ban nhân dân tỉnh|HĐND tỉnh|Hội đồng nhân dân tỉnh)\s+$"
)
_NEWSPAPER_BEFORE = re.compile(r"\b(?:Báo|Đài Phát thanh và Truyền hình|Đài PT-TH|Đài PTTH)\s+$")
# An organisation name running into the place: "Kho bạc Nhà nước Đồng Nai", "Công ty Điện lực Bắc Ninh".
_UNIT_BEFORE = re.compile(
    r"\b(?:Công ty|Tổng công ty|Kho bạc|Cục|Chi cục|Ngân hàng|Bảo hiểm|Điện lực|Bưu điện|Viettel|VNPT|"
    r"Công an|Bộ Chỉ huy|Bộ đội Biên phòng|Liên đoàn|Hội|Trường|Bệnh viện|Trung tâm|Sở|Ban|Văn phòng|"
    r"Đoàn|Tỉnh đoàn|Viện|Tòa án|Thanh tra|Đài)\b(?:\s+[^\s,.;:()“”\"]+){0,6}\s+$"
)
_VISITOR_BEFORE = re.compile(
    r"(?i)(?:đoàn công tác|đoàn đại biểu|đoàn cán bộ|đoàn khảo sát|đến thăm|thăm và làm việc|"
    r"học tập kinh nghiệm|so với|kết nghĩa|giáp ranh|giáp với|tỉnh bạn)[^.;]{0,30}$"
)


# A delegation from elsewhere: the provinces named from the cue up to the visit verb are the
# visitors' ("đoàn công tác tỉnh Hà Tĩnh do … làm trưởng đoàn đã đến thăm …").
_DELEGATION = re.compile(
    r"(?i)\b(?:đoàn công tác|đoàn đại biểu|đoàn cán bộ|đoàn khảo sát|đoàn học tập|đoàn lãnh đạo)\b"
)
_VISIT = re.compile(
    r"(?i)\b(?:đến thăm|tới thăm|về thăm|thăm và làm việc|thăm, làm việc|đến làm việc|làm việc tại|"
    r"làm việc với|tham quan|đến dự|đến)\b"
)
_SENTENCE_END = re.compile(r"[.!?\n]")
SENTENCE_REACH = 400


def _in_delegation(text: str, pos: int) -> bool:
    """True when pos lies in a delegation's description: after the cue, before the visit verb."""
    # The sentence around pos, looked for within a few hundred characters (a run-on line has none).
    floor = max(0, pos - SENTENCE_REACH)
    start = max(max(text.rfind(ch, floor, pos) for ch in ".!?\n") + 1, floor)
    end_match = _SENTENCE_END.search(text, pos, pos + SENTENCE_REACH)
    sentence_end = end_match.start() if end_match else min(len(text), pos + SENTENCE_REACH)
    for cue in _DELEGATION.finditer(text, start, pos):
        visit = _VISIT.search(text, cue.end(), sentence_end)
        if visit is None or pos < visit.start():
            return True
    return False


@dataclass(frozen=True)
class _Hit:
    province: str
    weight: float
    what: str  # human description


@lru_cache(maxsize=4)
def _patterns(knowledge: Knowledge) -> tuple[re.Pattern[str], re.Pattern[str]]:
    # Both start with a letter, not a lookbehind, so the regex engine skips ahead (word_branches).
    names = re.compile(word_branches(list(knowledge.province_names), after=r"(?![\w])"))
    kinds = {*knowledge.district_types, "TP", "TP.", "TX", "TX."}
    kinds_cap = word_branches(list(kinds | {k[:1].upper() + k[1:] for k in kinds}))
    districts = re.compile(rf"(?P<kind>{kinds_cap})\s+(?P<name>{knowledge.district_regex})(?![\w])")
    return names, districts


def province_hits(text: str, knowledge: Knowledge, publication: str | None) -> list[_Hit]:
    """Every piece of province evidence in the text, weighed."""
    names, districts = _patterns(knowledge)
    hits: list[_Hit] = []
    if publication:
        prov = publication_province(publication, knowledge)
        if prov:
            hits.append(_Hit(prov, NEWSPAPER, f"newspaper '{publication}'"))
    for m in names.finditer(text):
        province = knowledge.province_names[m.group(0)]
        before = text[max(0, m.start() - 60) : m.start()]
        name = m.group(0)
        if name.startswith(("TP", "Tp", "Thành phố", "thành phố")):  # "TP.HCM": the type is in the name
            weight, what = STRONG, f"'{name}'"
        elif strong := _STRONG_BEFORE.search(before):
            weight, what = STRONG, f"'{strong.group(0).strip()} {name}'"
        elif outlet := _NEWSPAPER_BEFORE.search(before):
            weight, what = NEWSPAPER, f"newspaper '{outlet.group(0).strip()} {name}'"
        elif (unit := _UNIT_BEFORE.search(before)) and not _has_clause_word(unit.group(0), knowledge):
            weight, what = UNIT, f"unit '{unit.group(0).strip()} {name}'"
        elif _inside_longer_name(text, m.start(), m.end(), knowledge):
            continue  # "Đồng Tháp Mười" (a region), "Nguyễn Hà Nam" (a person): not the province
        else:
            weight, what = BARE, f"mention '{name}'"
        if _VISITOR_BEFORE.search(before[-40:]) or _in_delegation(text, m.start()):
            weight, what = weight * VISITOR_FACTOR, what + " (as visitor or comparison)"
        hits.append(_Hit(province, weight, what))
    for m in districts.finditer(text):
        candidates = knowledge.districts[m.group("name")]
        if len(candidates) == 1 and m.group("name") not in knowledge.province_names:
            kind = m.group("kind").lower()
            hits.append(_Hit(candidates[0], DISTRICT, f"{kind} {m.group('name')} ({candidates[0]})"))
    return hits


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
    names, _ = _patterns(knowledge)
    found = {knowledge.province_names[m.group(0)] for m in names.finditer(publication)}
    return found.pop() if len(found) == 1 else None


def infer_province(text: str, knowledge: Knowledge, publication: str | None = None) -> Province:
    """Weigh the evidence; name a province only when it clearly wins, else None."""
    hits = province_hits(text, knowledge, publication)
    if not hits:
        return Province(None, None, "no province, district, provincial unit or newspaper named")
    scores: dict[str, float] = defaultdict(float)
    reasons: dict[str, list[str]] = defaultdict(list)
    for h in hits:
        scores[h.province] += h.weight
        if h.what not in reasons[h.province]:
            reasons[h.province].append(h.what)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    best, score = ranked[0]
    runner = ranked[1] if len(ranked) > 1 else None

    def describe(p: str) -> str:
        listed = reasons[p][:4]
        more = len(reasons[p]) - len(listed)
        return ", ".join(listed) + (f" and {more} more" if more > 0 else "")

    if score < MIN_SCORE:
        return Province(None, None, f"too little evidence: {describe(best)}")
    if runner and score < runner[1] * MARGIN:
        return Province(
            None,
            None,
            f"conflicting evidence: {best} ({describe(best)}) against {runner[0]} ({describe(runner[0])})",
        )
    evidence = describe(best)
    if runner:
        evidence += f"; outweighs {runner[0]} ({describe(runner[0])})"
    return Province(best, knowledge.provinces[best].now, evidence)
