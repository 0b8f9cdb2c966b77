"""Domain data for extraction, read once from the package's data files and compiled.

Extraction functions receive a `Knowledge` object instead of reading files, so they stay pure.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from typing import Any

from ..text import canonical, key
from ..yamlload import load_yaml

DATA_FILES = (
    "gazetteer.json",
    "places.yaml",
    "chrome.yaml",
    "directives.yaml",
    "abbreviations.yaml",
    "units.yaml",
    "people.yaml",
    "publications.yaml",
)


def alternation(words: list[str]) -> str:
    """A regex matching any of the words, preferring the longest, as a trie: "Bắc Kạn|Bắc Ninh"
    becomes "Bắc\\ (?:Kạn|Ninh)". Python's re tries a flat alternation word by word at every
    position; the trie form shares prefixes and is several times faster on long name lists."""
    trie = _trie(w for w in words if w)
    return _trie_regex(trie) if trie else r"(?!x)x"


def _trie(words: Iterable[str]) -> dict[str, Any]:
    """The words as nested dicts, one level per character; "" marks where a word ends."""
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return trie


def word_branches(words: list[str], *, caseless: bool = False, after: str = "") -> str:
    r"""`(?<!\w)(?:ALTERNATION)AFTER` (ALTERNATION case-insensitive with `caseless`) written so
    that Python's regex engine skips ahead to a possible first letter: a pattern that begins
    with a lookbehind is tried at every position of the text, one whose branches each begin
    with a letter is tried only where such a letter is. Each branch is the first letter (in
    both cases with `caseless`), the no-letter-before check, then the rest of the words' trie
    and `after`. Put it at the top of a pattern, alone or as the whole of a group."""
    rests: dict[str, list[str]] = {}
    for word in set(words):
        if word:
            rests.setdefault(word[0].lower() if caseless else word[0], []).append(word[1:])
    branches = []
    for first, tails in sorted(rests.items()):
        rest = _trie_regex(_trie(tails))
        if caseless and rest:
            rest = f"(?i:{rest})"
        for variant in dict.fromkeys((first, first.upper()) if caseless else (first,)):
            ch = re.escape(variant)
            branches.append(rf"{ch}(?<!\w{ch}){rest}{after}")
    return "|".join(branches) or r"(?!x)x"


def _trie_regex(node: dict[str, Any]) -> str:
    ends_here = "" in node
    branches = [re.escape(ch) + _trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:  # a word ends here, longer ones continue: try the longer first (greedy ?)
        return f"(?:{body})?" if len(branches) > 1 or len(branches[0]) > 1 else f"{body}?"
    return body


@dataclass(frozen=True)
class ProvinceInfo:
    name: str
    type: str
    now: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class HistoricalProvince:
    """A province of an earlier time (places.yaml `history`)."""

    name: str
    type: str
    until: str  # ISO date of its last day
    now: str  # the 2025 province its land is in (the main part of it)
    districts: dict[str, str]  # its districts of the time that are another province's today
    split_into: tuple[str, ...]


@dataclass(frozen=True)
class DirectiveType:
    code: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Issuer:
    code: str
    scope: str  # "national" or "local"
    bodies: tuple[str, ...]


@dataclass(frozen=True)
class RegistryEntry:
    id: str
    title: str
    issued: str | None
    issued_by: str | None


@dataclass(frozen=True, eq=False)
class Knowledge:
    """Everything extraction knows about Vietnamese places, documents, units and people.

    Hashed by identity, so the modules can cache their compiled patterns per Knowledge object.
    """

    provinces: dict[str, ProvinceInfo]  # canonical name -> info
    province_names: dict[str, str]  # every spelling (name or alias) -> canonical name
    districts: dict[str, tuple[str, ...]]  # district name -> provinces that have one of that name
    district_types: tuple[str, ...]
    district_places: dict[str, tuple[tuple[str, str], ...]]  # district name -> ((province, type), ...)
    gazetteer: dict[str, Any]  # gazetteer.json as read: the communes are indexed when first asked for
    province_bodies: tuple[str, ...]
    province_kinds: tuple[str, ...]
    district_kinds: dict[str, str]  # word before a district's name -> its type
    commune_kinds: dict[str, str]  # word before a commune's name -> its type
    venue_words: tuple[str, ...]
    delegation_cues: tuple[str, ...]
    delegation_not: tuple[str, ...]  # lower case: a province's body that starts like a delegation
    newspaper_words: tuple[str, ...]
    visit_verbs: tuple[str, ...]
    visitor_cues: tuple[str, ...]
    historical_names: tuple[str, ...]
    countries: frozenset[str]  # countries, continents, regions and foreign capitals (canonical)
    history: dict[str, HistoricalProvince]
    split_off: dict[str, tuple[str, str]]  # province -> (first day, the province it came from)
    districts_moved: dict[str, tuple[str, str, str, str]]  # district -> (type, from, to, first day in `to`)
    provinces_2025: dict[str, tuple[str, ...]]  # 2025 province -> pre-2025 provinces it was formed from
    chrome_trailer: tuple[str, ...]
    chrome_lines: frozenset[str]
    chrome_patterns: tuple[re.Pattern[str], ...]
    chrome_prefixes: re.Pattern[str]  # put in front of a line by a scraper or an index: removed
    caption_starts: tuple[str, ...]
    menu_words: re.Pattern[str]  # section names of news sites, on a key()-ed line
    types: dict[str, DirectiveType]
    issuer_spellings: dict[str, str]  # spelling (upper case, no dots/spaces) -> code
    issuers: dict[str, Issuer]
    state_issuers: frozenset[str]  # issuer codes of State bodies: their documents are not the Party's
    registry: dict[str, RegistryEntry]
    topic_references: dict[tuple[str, int], tuple[str, tuple[str, ...]]]  # (type, number) -> (id, topic)
    abbreviations: dict[str, str]
    contextual_abbreviations: dict[str, tuple[str, tuple[str, ...]]]  # abbreviation -> (meaning, not before)
    names_of_their_own: frozenset[str]  # province spellings kept as written in unit names
    national_units: tuple[str, ...]
    provincial_units: tuple[str, ...]
    unit_heads: tuple[str, ...]
    party_prefixes: tuple[str, ...]
    unit_stopwords: tuple[str, ...]
    honorifics: tuple[str, ...]
    roles: tuple[str, ...]
    speech_verbs: tuple[str, ...]
    role_stopwords: frozenset[str]
    name_introducers: tuple[str, ...]
    place_levels: tuple[str, ...]
    surnames: frozenset[str]
    not_people: frozenset[str]  # keys
    historical_people: frozenset[str]  # keys: people only where the headline names them
    namesake_levels: tuple[str, ...]  # lower case: a role at one of these makes a namesake of today
    street_words: tuple[str, ...]
    national_roles: tuple[str, ...]  # lower case
    publication_prefixes: tuple[str, ...]
    byline_heads: tuple[str, ...]
    outlets: dict[str, str | None]  # outlet key -> province (None: national)
    outlet_names: dict[str, str]  # outlet key -> its name as listed
    version: str  # hash of the data files: part of every cache key

    @cached_property
    def chrome_pattern(self) -> re.Pattern[str]:
        """The chrome patterns as one: matching a line once, not once per pattern."""
        return re.compile("|".join(f"(?:{p.pattern})" for p in self.chrome_patterns))

    @cached_property  # asked for once per article
    def dashed_places(self) -> tuple[str, ...]:
        """Place spellings with a dash inside ("Bà Rịa - Vũng Tàu"), longest first."""
        names = [n for n in (*self.province_names, *self.districts) if "-" in n or "–" in n]
        return tuple(sorted(names, key=len, reverse=True))

    @cached_property  # asked for once per article
    def province_regex(self) -> str:
        return alternation(list(self.province_names))

    @cached_property
    def communes(self) -> dict[str, tuple[tuple[str, str, str], ...]]:
        """Commune name (every spelling) -> ((province, district, type), ...), before 1 July 2025.
        Indexed on first use: a build that extracts nothing (a warm rebuild) never needs it."""
        found: dict[str, list[tuple[str, str, str]]] = {}
        for p in self.gazetteer["provinces"]:
            for d in p["districts"]:
                for kind, names in d.get("communes", {}).items():
                    for name in names:  # generated in canonical form
                        for spelling in spelling_variants(name):
                            found.setdefault(spelling, []).append((p["name"], d["name"], kind))
        return {c: tuple(dict.fromkeys(ps)) for c, ps in found.items()}

    @cached_property
    def communes_2025(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """Commune name (every spelling) -> ((2025 province, type), ...), from 1 July 2025."""
        found: dict[str, list[tuple[str, str]]] = {}
        for p in self.gazetteer["provinces_2025"]:
            for kind, names in p.get("communes", {}).items():
                for name in names:
                    for spelling in spelling_variants(name):
                        found.setdefault(spelling, []).append((p["name"], kind))
        return {c: tuple(dict.fromkeys(ps)) for c, ps in found.items()}

    @cached_property  # asked for once per article
    def district_regex(self) -> str:
        return alternation(list(self.district_places))


def _read(name: str) -> tuple[Any, bytes]:
    data = (resources.files("archivegen") / "data" / name).read_bytes()
    text = data.decode("utf-8")
    return (json.loads(text) if name.endswith(".json") else load_yaml(text)), data


def _canon_list(items: list[Any] | None) -> tuple[str, ...]:
    return tuple(canonical(str(i)).strip() for i in items or [] if str(i).strip())


@lru_cache(maxsize=1)
def load_knowledge() -> Knowledge:
    """Read and compile the data files (cached: the data is immutable for a process)."""
    raw: dict[str, Any] = {}
    digest = hashlib.sha256()
    for name in DATA_FILES:
        raw[name], data = _read(name)
        digest.update(name.encode() + b"\0" + data)

    gaz = raw["gazetteer.json"]
    places = raw["places.yaml"]
    provinces: dict[str, ProvinceInfo] = {}
    names: dict[str, str] = {}
    districts: dict[str, list[str]] = {}
    district_places: dict[str, list[tuple[str, str]]] = {}
    types: set[str] = set()
    for p in gaz["provinces"]:
        info = ProvinceInfo(canonical(p["name"]), p["type"], canonical(p["now"]), _canon_list(p["aliases"]))
        provinces[info.name] = info
        for spelling in (info.name, *info.aliases):
            names[spelling] = info.name
        for d in p["districts"]:
            district = canonical(d["name"])
            districts.setdefault(district, []).append(info.name)
            for spelling in spelling_variants(district):
                district_places.setdefault(spelling, []).append((info.name, d["type"]))
            types.add(d["type"])
    # "Hồ Chí Minh" alone names the person and the ideology; only the city's own forms count.
    names.pop("Hồ Chí Minh", None)
    formed = {canonical(p["name"]): _canon_list(p["formed_from"]) for p in gaz["provinces_2025"]}
    history = {}
    for h in places.get("history", []):
        district_types = {canonical(n): kind for kind, ns in (h.get("districts") or {}).items() for n in ns}
        history[canonical(h["name"])] = HistoricalProvince(
            canonical(h["name"]),
            h["type"],
            str(h["until"]),
            canonical(h["now"]),
            district_types,
            _canon_list(h.get("split_into")),
        )

    chrome = raw["chrome.yaml"]
    docs = raw["directives.yaml"]
    doc_types = {code: DirectiveType(code, _canon_list(words)) for code, words in docs["types"].items()}
    issuers: dict[str, Issuer] = {}
    spellings: dict[str, str] = {}
    for code, spec in docs["issuers"].items():
        issuers[code] = Issuer(code, spec["scope"], _canon_list(spec.get("bodies")))
        for s in [code, *spec.get("spellings", [])]:
            spellings[issuer_form(s)] = code
    registry = {
        e["id"]: RegistryEntry(
            e["id"], canonical(e["title"]), str(e["issued"]) if e.get("issued") else None, e.get("issued_by")
        )
        for e in docs.get("registry", [])
    }

    units = raw["units.yaml"]
    people = raw["people.yaml"]
    pubs = raw["publications.yaml"]
    abbreviations = {
        canonical(str(k)): canonical(str(v)) for k, v in (raw["abbreviations.yaml"] or {}).items()
    }
    return Knowledge(
        provinces=provinces,
        province_names=names,
        districts={d: tuple(dict.fromkeys(ps)) for d, ps in districts.items()},
        district_types=tuple(sorted(types)),
        district_places={d: tuple(dict.fromkeys(ps)) for d, ps in district_places.items()},
        gazetteer=gaz,
        province_bodies=_canon_list(places["province_bodies"]),
        province_kinds=_canon_list(places["province_kinds"]),
        district_kinds={canonical(w): kind for kind, ws in places["district_kinds"].items() for w in ws},
        commune_kinds={canonical(w): kind for kind, ws in places["commune_kinds"].items() for w in ws},
        venue_words=_canon_list(places["venue_words"]),
        delegation_cues=_canon_list(places["delegation_cues"]),
        delegation_not=tuple(w.lower() for w in _canon_list(places["delegation_not"])),
        newspaper_words=_canon_list(places["newspaper_words"]),
        visit_verbs=_canon_list(places["visit_verbs"]),
        visitor_cues=_canon_list(places["visitor_cues"]),
        historical_names=_canon_list(places["historical_names"]),
        countries=frozenset(_canon_list(places.get("countries"))),
        history=history,
        split_off={
            canonical(e["name"]): (str(e["since"]), canonical(e["from"])) for e in places["split_off"]
        },
        districts_moved={
            canonical(e["name"]): (e["type"], canonical(e["from"]), canonical(e["to"]), str(e["since"]))
            for e in places["districts_moved"]
        },
        provinces_2025=formed,
        chrome_trailer=tuple(key(t) for t in chrome["trailer"]),
        chrome_lines=frozenset(key(t) for t in chrome["lines"]),
        chrome_patterns=tuple(re.compile(p) for p in chrome["patterns"]),
        chrome_prefixes=re.compile("|".join(f"(?:{p})" for p in chrome.get("prefixes", [])) or r"(?!x)x"),
        caption_starts=tuple(key(c) for c in chrome.get("caption_starts", [])),
        menu_words=re.compile(
            rf"(?<!\w)(?:{alternation([key(w) for w in chrome.get('menu_words', [])])})(?!\w)"
        ),
        types=doc_types,
        issuer_spellings=spellings,
        issuers=issuers,
        state_issuers=frozenset(issuer_form(c) for c in docs.get("state_issuers", [])),
        registry=registry,
        topic_references={
            (ref["id"].split("-")[1].split("/")[0], int(ref["id"].split("-")[0])): (
                ref["id"],
                tuple(t.casefold() for t in _canon_list(ref["topic"])),
            )
            for ref in docs.get("topic_references", [])
        },
        abbreviations=abbreviations,
        national_units=_canon_list(units.get("national")),
        provincial_units=_canon_list(units.get("provincial")),
        contextual_abbreviations={
            canonical(str(a)): (canonical(spec["means"]), _canon_list(spec.get("not_before")))
            for a, spec in (units.get("contextual_abbreviations") or {}).items()
        },
        names_of_their_own=frozenset(_canon_list(units.get("names_of_their_own"))),
        unit_heads=_canon_list(units.get("heads")),
        party_prefixes=_canon_list(units.get("party_prefixes")),
        unit_stopwords=_canon_list(units.get("name_stopwords")),
        honorifics=_canon_list(people.get("honorifics")),
        roles=_canon_list(people.get("roles")),
        speech_verbs=_canon_list(people.get("speech_verbs")),
        role_stopwords=frozenset(_canon_list(people.get("role_stopwords"))),
        name_introducers=_canon_list(people.get("name_introducers")),
        place_levels=_canon_list(people.get("place_levels")),
        surnames=frozenset(_canon_list(people.get("surnames"))),
        not_people=frozenset(key(n) for n in _canon_list(people.get("not_people"))),
        historical_people=frozenset(key(n) for n in _canon_list(people.get("historical_people"))),
        namesake_levels=tuple(key(n) for n in _canon_list(people.get("namesake_levels"))),
        street_words=_canon_list(people.get("street_words")),
        national_roles=tuple(r.lower() for r in _canon_list(people.get("national_roles"))),
        publication_prefixes=_canon_list(pubs.get("prefixes")),
        byline_heads=_canon_list(pubs.get("signers")),
        outlets={
            key(o["name"]): (canonical(o["province"]) if o.get("province") else None) for o in pubs["outlets"]
        },
        outlet_names={key(o["name"]): canonical(o["name"]) for o in pubs["outlets"]},
        version=digest.hexdigest()[:16],
    )


# Spellings of one sound that sites use for the same place: Đắk, Đắc and Đăk (Đắk Mil, Đắc Mil).
_DAK = re.compile(r"Đ[ắă][kc]\b")


def spelling_variants(name: str) -> tuple[str, ...]:
    """The name and the spellings sites also write it with ("Đắk Mil", "Đắc Mil", "Đăk Mil")."""
    if not _DAK.search(name):
        return (name,)
    return tuple(dict.fromkeys([name, *(_DAK.sub(form, name) for form in ("Đắk", "Đắc", "Đăk"))]))


def issuer_form(spelling: str) -> str:
    """Issuer spellings compare without dots and spaces, in upper case: T.Ư = TƯ."""
    return re.sub(r"[.\s]", "", canonical(spelling)).upper()
