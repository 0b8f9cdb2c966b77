"""People named in an article, with their roles as written around the name.

A capitalised name starting with a family name counts as a person only in a personal context:
an honorific before it ("Đồng chí", "ông"), a role before it ("Phó giám đốc Sở Tư pháp Phan
Quang Tuấn") or a role after it ("Đỗ Đình Hữu, Tỉnh ủy viên, Bí thư …"). One entry per person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..text import UPPER, key
from .knowledge import Knowledge, alternation, word_branches
from .record import Person

# Between two people of a list: "bà Đặng Thị Mít, Nguyễn Thị Nhành", "X và Y".
_LIST_GAP = re.compile(r"\s*(?:,|và|cùng)\s*(?:(?:các\s+)?(?:đồng chí|ông|bà)\s+)?")
_SENTENCE = re.compile(r"[.!?\n]")
_LIST_BEFORE = re.compile(r"(?:[,:]\s*(?:và\s+)?(?:Bà\s+|Ông\s+)?|\s[-–]\s)$")  # the next item of a list
# A full stop ends a clause; the dots of "TP.HCM" do not.
_CLAUSE_BREAK = re.compile(r"\.(?!\w)|[!?:;“”\"()\n]")
_AFTER_SEP = re.compile(r"^\s*(?:,|[-–—])\s*")


@dataclass(frozen=True)
class _Patterns:
    surname: re.Pattern[str]
    honorific_before: re.Pattern[str]
    role_start: re.Pattern[str]  # a role word at the start of a string
    # An honorific of two words, in any case: "Đồng Chí" (Đồng is a family name).
    honorific_at: re.Pattern[str]
    role_anywhere: re.Pattern[str]
    verb: re.Pattern[str]
    introduced: re.Pattern[str]  # an honorific always followed by a name, then a capital
    place_before: re.Pattern[str]  # a place-level word right before a capitalised name
    street_before: re.Pattern[str]  # a street word or a house number right before a name
    street_in: re.Pattern[str]  # a street word anywhere in a clause
    inner_places: dict[str, tuple[tuple[str, int], ...]]  # syllable -> (place, offset of it in place)


@lru_cache(maxsize=4)
def _patterns(k: Knowledge) -> _Patterns:
    roles = alternation(list(k.roles))
    return _Patterns(
        surname=re.compile(word_branches(list(k.surnames), after=r"(?![\w])")),
        honorific_before=re.compile(rf"(?<![\w])(?:{alternation(list(k.honorifics))})\s*:?\s*$"),
        role_start=re.compile(rf"^(?i:{roles})(?![\w])"),
        honorific_at=re.compile(rf"(?i:{alternation([h for h in k.honorifics if ' ' in h])})\s"),
        role_anywhere=re.compile(word_branches(list(k.roles), caseless=True, after=r"(?![\w])")),
        verb=re.compile(rf"\s(?:{alternation(list(k.speech_verbs))})(?![\w])"),
        introduced=re.compile(word_branches(list(k.name_introducers), after=rf"\s+(?=[{UPPER}])")),
        place_before=re.compile(rf"(?<![\w])(?:{alternation(list(k.place_levels))})\s+$"),
        street_before=re.compile(
            rf"(?:(?<![\w])(?<!thành )(?:{alternation(list(k.street_words))})\s+"  # not "thành phố"
            rf"|(?<![Qq]uận )(?<![Pp]hường )\b\d+[A-Za-z]?(?:/\d+)?\s+(?:Ông\s+|Bà\s+)?)$"  # not "Quận 11"
        ),
        street_in=re.compile(rf"(?<![\w])(?<!thành )(?:{alternation(list(k.street_words))})(?![\w])"),
        inner_places=_inner_places(set(k.province_names) | set(k.districts)),
    )


def _inner_places(places: set[str]) -> dict[str, tuple[tuple[str, int], ...]]:
    """Where each capitalised syllable sits inside place names: "Ma" is in "Buôn Ma Thuột" at 5."""
    found: dict[str, list[tuple[str, int]]] = {}
    for place in sorted(places):
        offset = 0
        for syllable in place.split(" "):
            found.setdefault(syllable, []).append((place, offset))
            offset += len(syllable) + 1
    return {s: tuple(v) for s, v in found.items()}


def _in_place_name(text: str, start: int, syllable: str, p: _Patterns) -> bool:
    """True when the syllable at `start` is part of a place name ("Lâm Đồng", "Buôn Ma Thuột")."""
    for place, offset in p.inner_places.get(syllable, ()):
        begin = start - offset
        if begin >= 0 and text.startswith(place, begin):
            end = begin + len(place)
            if end == len(text) or not text[end].isalnum():
                return True
    return False


def _first_name_start(text: str, p: _Patterns) -> int | None:
    """Where the first personal name (family name + capitalised syllables) in the text starts."""
    for m in p.surname.finditer(text):
        if _name_at(text, m.start()) and not _in_place_name(text, m.start(), m.group(0), p):
            return m.start()
    return None


def _has_name(text: str, p: _Patterns) -> bool:
    return _first_name_start(text, p) is not None


# Initial consonants of two letters that careless typing puts both in capitals: "NHung", "THanh".
_DIGRAPHS = ("CH", "GH", "GI", "KH", "NG", "NH", "PH", "QU", "TH", "TR")


def _is_name_syllable(token: str) -> bool:
    """ "Tuấn", and minority names' "H’Hoa": capitalised letters, apostrophe-joined parts."""
    parts = re.split(r"[’']", token)
    if len(token) <= 1:  # "Giàng A Tủa", "Y Kiên": one-letter syllables of Mông and Ê Đê names
        return token.isupper() and token.isalpha()
    if not token[0].isupper() or not all(parts):
        return False
    return all(
        part.isalpha()
        and (len(part) == 1 or part[1:].islower() or (part[:2] in _DIGRAPHS and part[2:].islower()))
        for part in parts
    )


def _name_at(text: str, start: int) -> tuple[int, int] | None:
    """Span of a 2–5 syllable capitalised name starting at start, or None. A name of two
    syllables that the text cuts ("Nguyễn Văn…", or the end of an excerpt) may be half of one:
    None."""
    end, count, cut = start, 0, False
    window = text[start : start + 60]
    for token in window.split(" "):
        word = token.rstrip(",.;:!?)”\"'-–—…")
        if (glued := _GLUED_ROLE.match(word)) and count >= 2:
            word = glued.group(1)  # "Phạm Duy Quang-PBT TT Thị ủy": the role glued on by a dash
        if count == 5 or not _is_name_syllable(word):
            break
        count += 1
        end = end + (1 if count > 1 else 0) + len(word)
        if word != token:  # punctuation ends the name
            cut = token[len(word) :].startswith(("…", "..."))
            break
    name = text[start:end]
    if count < 2 or len(name.replace(" ", "")) <= count or name.endswith(" Thị"):
        return None  # "Chu Thị": no woman's name ends with its middle word; a name cut short
    if count == 2 and (cut or end == len(text.rstrip())):
        return None
    return start, end


_GLUED_ROLE = re.compile(r"^(\w+)[-–][A-ZĐ]")


def _without_role(text: str, span: tuple[int, int], p: _Patterns) -> tuple[int, int]:
    """The name's span without a role its last syllables begin: "Nguyễn Quế Anh Bí thư đảng ủy"
    ("Bí" is a name syllable; "Bí thư" a role). Two syllables at least are kept."""
    syllables = text[span[0] : span[1]].split(" ")
    at = span[0]
    for i, syllable in enumerate(syllables):
        if i >= 2 and p.role_start.match(text[at : at + 60]):
            return span[0], at - 1
        at += len(syllable) + 1
    return span


def _cut_at_stopword(words: list[str], stop: frozenset[str]) -> list[str]:
    for i, w in enumerate(words):
        if w in stop:
            return words[:i]
    return words


def _tidy(role: str) -> str | None:
    return role.strip(" ,-–—") or None


def _names_an_organisation(role: str, k: Knowledge) -> bool:
    """True when the role ends in an unfinished organisation name whose proper name is what follows:
    "Hiệu trưởng Trường THPT chuyên" (Lê Quý Đôn), but not "Chủ tịch Hội Nông dân tỉnh" (a person)."""
    padded = f" {role} "
    last = max((padded.rfind(f" {h} ") for h in k.unit_heads), default=-1)
    if last < 0:
        return False
    after = padded[last:].split(" ", 2)[-1] if last >= 0 else ""
    words = set(after.split())
    has_place = any(place in after for place in k.province_names) or any(d in after for d in k.districts)
    return not (words & {"tỉnh", "huyện", "quận", "xã", "phường", "thị", "thành", "trấn"} or has_place)


def _role_before(before: str, p: _Patterns, k: Knowledge) -> str | None:
    """Role phrase ending right before a name: comma-separated parts, each starting with a role
    word; in the part next to the name the role word may come after a lead-in ("Theo Giám đốc …")."""
    clause = _CLAUSE_BREAK.split(before)[-1]
    parts = [part.strip() for part in clause.split(",")]
    last = parts[-1] if parts else ""
    # The role starts at the earliest role word with no clause word between it and the name.
    start = None
    for m in p.role_anywhere.finditer(last):
        if not any(w in k.role_stopwords for w in last[m.start() :].split()):
            start = m.start()
            break
    if start is None:
        return None
    role = last[start:]
    if _names_an_organisation(role, k) or _has_name(role, p):
        return None  # "Giám đốc Công ty Hoàng Sơn", "Trường THPT chuyên Lê Quý Đôn": the org's name
    kept = [role]
    if start == 0:
        for part in reversed(parts[:-1]):
            if not p.role_start.match(part) or any(w in k.role_stopwords for w in part.split()):
                break
            if _has_name(part, p):
                break
            kept.insert(0, part)
    return _tidy(", ".join(kept))


def _role_after(after: str, p: _Patterns, k: Knowledge) -> str | None:
    """Role phrase after a name: ", Tỉnh ủy viên, Bí thư … khẳng định" up to the verb."""
    sep = _AFTER_SEP.match(after)
    if not sep:
        return None
    rest = _CLAUSE_BREAK.split(after[sep.end() :])[0]
    verb = p.verb.search(rest)
    if verb:
        rest = rest[: verb.start()]
    kept = []
    for part in rest.split(","):
        part = part.strip()
        if not p.role_start.match(part):
            break
        other = _first_name_start(part, p)
        if other is not None:  # "Phó Chủ tịch UBND tỉnh và Lý Thị Hoa": the next person starts
            part = re.sub(r"\s+(?:và|cùng)$", "", part[:other].rstrip())
            if part:
                kept.append(part)
            break
        words = part.split()
        cut = _cut_at_stopword(words, k.role_stopwords)
        kept.append(" ".join(cut))
        if len(cut) < len(words):
            break
    return _tidy(", ".join(kept))


def _after_country(text: str, span: tuple[int, int], k: Knowledge) -> tuple[int, int] | None:
    """The name's span without a country it starts with, or None when the name is a country."""
    words = text[span[0] : span[1]].split(" ")
    for n in (3, 2, 1):
        if " ".join(words[:n]) in k.countries:
            if n == len(words):
                return None
            return _name_at(text, span[0] + len(" ".join(words[:n])) + 1)
    return span


def _of_today(role: str | None, k: Knowledge) -> bool:
    """A role that makes a leader's name a namesake of today: "Phó bí thư huyện ủy"."""
    words = f" {key(role)} " if role else ""
    return any(f" {level} " in words for level in k.namesake_levels)


def _end_of_role(text: str, end: int, role: str | None) -> int:
    """Where what is said of a person ends: after the role written after the name, if any."""
    if role and text.startswith(
        role, _AFTER_SEP.match(text, end).end() if _AFTER_SEP.match(text, end) else end
    ):
        sep = _AFTER_SEP.match(text, end)
        return (sep.end() if sep else end) + len(role)
    return end


def extract_people(texts: list[str], k: Knowledge, headline: str = "") -> tuple[Person, ...]:
    """People in the texts, one entry each, with the fullest role written about them. Leaders of
    history count only where the `headline` names them (the article is about them)."""
    p = _patterns(k)
    found: dict[str, Person] = {}
    for text in texts:
        taken = -1  # end of the last name found: "Kim" in "Phạm Thị Kim Chung" is no new name
        previous_end = -1  # end of the last person found: a list goes on from it
        introduced = {
            m.end()
            for m in p.introduced.finditer(text)
            if not p.role_start.match(text[m.end() : m.end() + 60])
        }  # "Đồng chí Tổng Bí thư Lê Duẩn": after the honorific comes a role, the name after it
        starts = sorted({m.start() for m in p.surname.finditer(text)} | introduced)
        for start in starts:
            span = None if start < taken else _name_at(text, start)
            if (
                span is None
                or p.role_start.match(text[start : start + 60])
                or p.honorific_at.match(text, start)
            ):
                continue  # "Tổng Bí thư Lê Duẩn", "Đồng Chí Lê …": the name is after the role, the honorific
            span = _without_role(text, span, p)
            syllables = text[start : span[1]].split(" ")
            if _in_place_name(text, start, syllables[0], p):
                continue  # "Lâm Đồng Trần …": a place; a name after it is found on its own
            sentence = _SENTENCE.split(text[max(0, start - 300) : start])[-1]
            if p.street_before.search(sentence[-24:]) or (
                p.street_in.search(sentence) and _LIST_BEFORE.search(sentence)
            ):  # "đường Huỳnh Tấn Phát", "42 Ông Ích Khiêm", "các tuyến phố: Phan Đình Phùng, …"
                taken = span[1]
                continue
            if p.place_before.search(text[max(0, start - 20) : start]) and (
                len(syllables) < 3 or syllables[0] not in k.surnames
            ):
                continue  # "xã Sơn Vĩ" is a commune; "phường Lê Thị Ngọc Dung" (full name) is a person
            taken = span[1]
            span = _after_country(
                text, span, k
            )  # "Thủ tướng Hàn Quốc Lee Hae Chan": the country is the role's
            if span is None:
                continue  # "Việt Nam", "Thái Lan": a country
            name = text[span[0] : span[1]]
            if key(name) in k.not_people:
                continue
            before, after = text[max(0, span[0] - 200) : span[0]], text[span[1] : span[1] + 200]
            role = _role_after(after, p, k) or _role_before(before, p, k)
            if key(name) in k.historical_people and name not in headline and not _of_today(role, k):
                continue
            listed = (
                previous_end >= 0
                and _LIST_GAP.fullmatch(text, previous_end, span[0]) is not None
                and not p.street_in.search(_CLAUSE_BREAK.split(before)[-1])  # "các phố X, Y, Z"
            )
            if role is None and not p.honorific_before.search(before) and not listed:
                continue  # no role, no honorific, not the next in a list of people
            previous_end = _end_of_role(text, span[1], role)
            current = found.get(key(name))
            if current is None or len(role or "") > len(current.role or ""):
                national = bool(role) and any(r in role.lower() for r in k.national_roles)
                found[key(name)] = Person(name, role, national or bool(current and current.national))
    return tuple(found.values())
