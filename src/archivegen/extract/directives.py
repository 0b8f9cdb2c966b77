"""Party documents cited in an article, normalised to NUMBER-TYPE/ISSUER.

Sources write `05-CT/TW`, `05/CT-TW`, `84 – KH/TU`, `04 –QĐ/TU`; also "Nghị quyết 45 của Bộ Chính
trị" (type, number and issuer in words) and short references ("Chỉ thị 05") after a full mention.
A central (TW) document is national; a TU/HU/ĐU document belongs to the article's province.
State legal documents (`30/2020/NĐ-CP`) are another kind and are not matched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .dates import ANY_DATE, date_from_match
from .knowledge import Knowledge, alternation, issuer_form, word_branches
from .record import Directive

_DASH = r"\s*[-–—/]\s*"


@dataclass
class _Found:
    id: str
    code: str
    number: str
    issuer: str
    written_as: list[str] = field(default_factory=list)
    issued: str | None = None
    issued_by: str | None = None
    word: str | None = None  # type word of the first mention that has one ("Quyết định")
    place: str | None = None  # province named with a local document ("Hà Tĩnh đã ban hành Kế hoạch …")


@dataclass(frozen=True)
class _Patterns:
    full: re.Pattern[str]
    word_ref: re.Pattern[str]
    word_to_codes: dict[str, tuple[str, ...]]  # lower-case type word -> type codes
    word_spelling: dict[str, str]  # lower-case type word -> its spelling in the data file
    leading_word: re.Pattern[str]  # a type word at the start of a mention
    body_after: re.Pattern[str]
    body_to_issuer: dict[str, str]  # lower-case body -> issuer code
    date_after: re.Pattern[str]
    date_before: re.Pattern[str]
    province: re.Pattern[str]
    unknown_type: re.Pattern[str]
    type_word_before: re.Pattern[str]  # "Chỉ thị số " at the end of a window
    other_issuer: re.Pattern[str]  # NUMBER-TYPE/ISSUER in the Party's order, the issuer not in the data
    body_far: re.Pattern[str]  # "… về X của Ban Thường vụ Tỉnh ủy": the issuer later in the clause
    body_before: re.Pattern[str]  # "Ban Tổ chức Tỉnh ủy đã ban hành " right before a type word


@lru_cache(maxsize=4)
def _patterns(k: Knowledge) -> _Patterns:
    codes = alternation(list(k.types))
    # Issuer spellings may carry dots and spaces ("T.Ư", "T. Ư"): allow them between letters.
    issuer_re = "|".join(
        r"\.?\s?".join(re.escape(ch) for ch in s) for s in sorted(k.issuer_spellings, key=len, reverse=True)
    )
    words: dict[str, list[str]] = {}
    for t in k.types.values():
        for w in t.words:
            words.setdefault(w.lower(), []).append(t.code)
    word_alt = alternation([w for t in k.types.values() for w in t.words])
    bodies: dict[str, str] = {}
    for issuer in k.issuers.values():
        for body in issuer.bodies:
            bodies.setdefault(body.lower(), issuer.code)
    full = re.compile(
        rf"(?P<num>\d(?<![\w/.-]\d)\d{{0,3}}){_DASH}(?P<type>{codes}){_DASH}(?P<issuer>{issuer_re})(?![\w])"
    )
    # The finditer patterns start with a letter or digit, not a lookbehind, so the regex engine
    # skips ahead to where a match can start (see word_branches).
    type_words = word_branches([w for t in k.types.values() for w in t.words], caseless=True)
    word_ref = re.compile(
        rf"(?P<word>{type_words})(?:\s+(?:chuyên đề|liên tịch))?\s+"
        rf"(?:\([A-ZĐ][A-Za-zĐđ]{{1,3}}\)\s+)?(?:(?i:số)\s+)?"  # "Nghị quyết (NQ) 28", "Chỉ thị số 11"
        rf"(?P<num>\d{{1,4}})(?![\w/-]|[.,]\d|\s*[-–—/]\s*[A-ZĐ])"
    )
    body_after = re.compile(
        rf"^(?:\s*,?\s*ngày\s+{ANY_DATE})?\s*,?\s*(?:của|do)\s+(?P<body>(?i:{alternation(list(bodies))}))"
        rf"(?![\w])(?P<term>\s*\((?:khóa|khoá)\s+[IVXL]+\))?"
    )
    date_after = re.compile(rf"^\s*,?\s*(?:ban hành\s+)?(?:ngày|ngày ban hành)\s+{ANY_DATE}")
    date_before = re.compile(rf"[Nn]gày\s+{ANY_DATE}\s*,?[^.;:]{{0,60}}?ban hành\s+$")
    return _Patterns(
        full,
        word_ref,
        {w: tuple(c) for w, c in words.items()},
        {w.lower(): w for t in k.types.values() for w in t.words},
        re.compile(rf"^(?i:{word_alt})(?![\w])"),
        body_after,
        bodies,
        date_after,
        date_before,
        re.compile(word_branches(list(k.province_names), after=r"(?![\w])")),
        re.compile(
            rf"\d(?<![\w/.-]\d)\d{{0,3}}{_DASH}(?P<type>[A-ZĐ][A-Za-zĐđ]{{1,4}}){_DASH}(?P<issuer>{issuer_re})(?![\w])"
        ),
        re.compile(rf"(?i:{word_alt})(?:\s+[^\s\d,.;:]+){{0,2}}?\s+(?:số\s+)?$"),
        re.compile(
            rf"(?P<num>\d(?<![\w/.-]\d)\d{{0,3}})\s*[-–]\s*(?P<type>{codes})\s*/\s*(?P<issuer>[A-ZĐ][A-ZĐa-z]{{1,9}})(?![\w/-])"
        ),
        # The topic first ("về …", a quoted title), then whose: a Party committee's, not any body's.
        re.compile(
            rf"^\s*(?:,?\s*ngày\s+{ANY_DATE}\s*)?,?\s*(?:về|“|\")[^.;!?\n]{{0,160}}?\s(?:của|do)\s+"
            rf"(?P<body>{alternation([b for b in bodies_of(k) if _COMMITTEE.search(b)])})(?![\w])"
        ),
        re.compile(rf"(?P<body>(?i:{alternation(list(bodies))}))\s+(?:(?:đã|vừa|mới)\s+)?ban hành\s+$"),
    )


# The bodies whose documents a later "của …" can name with confidence: the Party's committees.
_COMMITTEE = re.compile(r"ủy\b|Bộ Chính trị|Ban Bí thư|Ban Chấp hành")


def bodies_of(k: Knowledge) -> list[str]:
    """The issuing bodies named in words, as written in the data."""
    return [body for issuer in k.issuers.values() for body in issuer.bodies]


def _scope(k: Knowledge, issuer: str) -> str:
    """ "national" or "local": an issuer the data does not list is a local party body's."""
    known = k.issuers.get(issuer)
    return known.scope if known else "local"


def _type_word_before(text: str, start: int, p: _Patterns) -> int:
    """Start of "Chỉ thị số " (or "Nghị quyết chuyên đề số ") right before a number, else start."""
    window = text[max(0, start - 40) : start]
    m = p.type_word_before.search(window)
    return start - len(window) + m.start() if m else start


def _named_province(text: str, start: int, end: int, p: _Patterns, k: Knowledge) -> str | None:
    """The province a local document is attributed to in its own clause: "Hà Tĩnh cũng đã ban hành
    Kế hoạch số 52-KH/TU", "Kế hoạch số 12-KH/TU của Tỉnh ủy Lào Cai"."""
    clause_start = max(
        (m.end() for m in re.finditer(r"[.;!?\n]", text[max(0, start - 100) : start])), default=0
    )
    before = text[max(0, start - 100) + clause_start : start]
    after = re.split(r"[.;!?\n]", text[end : end + 80])[0]
    owner = re.match(
        r"^[^,]{0,40}?\bcủa\s+(?:Ban Thường vụ\s+)?(?:Tỉnh ủy|Thành ủy|UBND tỉnh|tỉnh)\s+", after
    )
    if owner and (m := p.province.match(after, owner.end())):
        return k.province_names[m.group(0)]
    found = [k.province_names[m.group(0)] for m in p.province.finditer(before)]
    return found[-1] if found else None


def _after_details(text: str, end: int, p: _Patterns) -> tuple[str | None, str | None]:
    """Issue date and issuing body written right after a mention."""
    after = text[end : end + 160]
    issued = issued_by = None
    d = p.date_after.match(after)
    if d:
        day = date_from_match(d)
        issued = day.isoformat() if day else None
    b = p.body_after.match(after)
    if b:
        issued_by = b.group("body") + (b.group("term") or "")
        if issued is None and (b.group("d") or b.group("wd")):
            day = date_from_match(b)
            issued = day.isoformat() if day else None
    return issued, issued_by


def extract_directives(
    text: str, k: Knowledge, province: str | None, published: str | None
) -> tuple[tuple[Directive, ...], list[str]]:
    """Directives cited in the text, first-mentioned first, and warnings (suspicious dates)."""
    p = _patterns(k)
    found: dict[str, _Found] = {}
    spans: list[tuple[int, int]] = []

    def add(doc_id: str, code: str, number: str, issuer: str, written: str, start: int, end: int) -> _Found:
        f = found.setdefault(doc_id, _Found(doc_id, code, number, issuer))
        lead = p.leading_word.match(written)
        if f.word is None and lead and code in p.word_to_codes.get(lead.group(0).lower(), ()):
            f.word = p.word_spelling[lead.group(0).lower()]
        if written not in f.written_as:
            f.written_as.append(written)
        spans.append((start, end))
        issued, issued_by = _after_details(text, end, p)
        if issued is None:
            before = p.date_before.search(text[max(0, start - 120) : start])
            day = date_from_match(before) if before else None
            issued = day.isoformat() if day else None
        f.issued = f.issued or issued
        f.issued_by = f.issued_by or issued_by
        if _scope(k, issuer) == "local":
            f.place = f.place or _named_province(text, start, end, p, k)
        return f

    for m in p.full.finditer(text):
        code = m.group("type")
        issuer = k.issuer_spellings[issuer_form(m.group("issuer"))]
        number = m.group("num")
        start = _type_word_before(text, m.start(), p)
        add(f"{number}-{code}/{issuer}", code, number, issuer, text[start : m.end()], start, m.end())

    unlisted: list[str] = []
    for m in p.other_issuer.finditer(text):  # "02-QĐ/BTCG": a party body the data does not list
        issuer = issuer_form(m.group("issuer"))
        if (
            issuer in k.issuer_spellings
            or issuer in k.state_issuers
            or any(s <= m.start() < e for s, e in spans)
        ):
            continue
        code, number = m.group("type"), m.group("num")
        note = "is not in directives.yaml; taken as a local party body"
        unlisted.append(f"{number}-{code}/{issuer}: issuer '{issuer}' {note}")
        start = _type_word_before(text, m.start(), p)
        add(f"{number}-{code}/{issuer}", code, number, issuer, text[start : m.end()], start, m.end())

    folded = text.casefold()
    for m in p.word_ref.finditer(text):
        if any(s <= m.start() < e for s, e in spans):
            continue
        codes = p.word_to_codes.get(m.group("word").lower(), ())
        number = m.group("num")
        candidates = [f for f in found.values() if f.code in codes and int(f.number) == int(number)]
        written = m.group(0)
        if len(candidates) >= 1:
            # Prefer the national document when a local one shares type and number.
            chosen = min(candidates, key=lambda f: _scope(k, f.issuer) != "national")
            add(chosen.id, chosen.code, chosen.number, chosen.issuer, written, m.start(), m.end())
            continue
        body = p.body_after.match(text[m.end() : m.end() + 160]) or p.body_before.search(
            text[max(0, m.start() - 100) : m.start()]
        )
        if body and codes:
            issuer = p.body_to_issuer[body.group("body").lower()]
            code = codes[0]
            add(f"{number}-{code}/{issuer}", code, number, issuer, written, m.start(), m.end())
            continue
        topical = next(
            (k.topic_references[(c, int(number))] for c in codes if (c, int(number)) in k.topic_references),
            None,
        )
        if topical and any(phrase in folded for phrase in topical[1]):
            doc_id = topical[0]
            code, issuer = doc_id.split("-", 1)[1].split("/")
            add(doc_id, code, doc_id.split("-")[0], issuer, written, m.start(), m.end())
            continue
        # "Nghị quyết (NQ) 19 về … của Ban Thường vụ Thành ủy": the issuer further on in the clause.
        # Only for a document cited as one (its type capitalised, a number that is no year).
        if not m.group("word")[0].isupper() or len(number) > 3:
            continue
        far = p.body_far.match(text[m.end() : m.end() + 240])
        if far and codes and not p.word_ref.search(text, m.end(), m.end() + far.start("body")):
            issuer = p.body_to_issuer[far.group("body").lower()]  # as written in the data: same case
            add(f"{number}-{codes[0]}/{issuer}", codes[0], number, issuer, written, m.start(), m.end())

    directives, warnings = _finish(found, k, province, published)
    return directives, warnings + list(dict.fromkeys(unlisted)) + _unknown_types(text, p, k)


def _unknown_types(text: str, p: _Patterns, k: Knowledge) -> list[str]:
    """Party-numbered documents whose type code archivegen does not know ("15-ĐA/TU"): reported,
    so the type can be added to directives.yaml, not silently dropped."""
    out = []
    for m in p.unknown_type.finditer(text):
        if m.group("type") not in k.types and issuer_form(m.group("issuer")) in k.issuer_spellings:
            out.append(f"unknown party document type '{m.group('type')}' in '{m.group(0)}'")
    return list(dict.fromkeys(out))


def _finish(
    found: dict[str, _Found], k: Knowledge, province: str | None, published: str | None
) -> tuple[tuple[Directive, ...], list[str]]:
    warnings: list[str] = []
    out: list[Directive] = []
    for f in found.values():
        scope = "national" if _scope(k, f.issuer) == "national" else (f.place or province)
        entry = k.registry.get(f.id) if scope == "national" else None
        issued = f.issued or (entry.issued if entry else None)
        if issued and published and issued > published[:10]:
            warnings.append(
                f"{f.id}: issue date {issued} is later than the article ({published[:10]}); kept as written"
            )
        out.append(
            Directive(
                id=f.id,
                kind=f.word or k.types[f.code].words[0],
                number=f.number,
                issuer=f.issuer,
                scope=scope,
                written_as=tuple(f.written_as),
                issued=issued,
                issued_by=f.issued_by or (entry.issued_by if entry else None),
                title=entry.title if entry else None,
            )
        )
    return tuple(out), warnings
