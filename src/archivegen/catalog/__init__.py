"""Catalog stage: records into the site model: articles in date order, and one generic taxonomy
mechanism for provinces, units, directives, people and years (Hugo's lesson), with output paths
assigned and checked for collisions.

Given the previous catalog (`archivegen serve`), only the terms that a changed, added or removed
article belongs to are aggregated again; every other term keeps its name and metadata and has its
article indexes renumbered. The result is the catalog a build from scratch would make (a test
replays edits and compares the two).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from ..diagnostics import Diagnostic
from ..extract.record import ArticleRecord
from ..extract.units import unit_identity
from ..slugs import short_hash, slugify
from ..text import collation_key, key
from ..urls import SECTIONS, article_path, term_path

TAXONOMIES = ("province", "directive", "unit", "person", "year")

TermValues = Mapping[str, Mapping[str, tuple[str, Mapping[str, Any]]]]
"""Per taxonomy and term key, the (display name, meta) an article gives the term, in the order of
first mention."""


@dataclass(frozen=True)
class ArticleEntry:
    record: ArticleRecord
    slug: str
    path: str  # output path, e.g. "bai/dua-viec-hoc-tap-3f2a1c/index.html"
    # Derived from the record alone, kept so the next catalog of a serve session need not redo it.
    sort_key: tuple[int, str, str, str] = field(default=(0, "", "", ""), compare=False, repr=False)
    values: TermValues = field(default_factory=dict, compare=False, repr=False)
    terms: Mapping[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)
    moved: bool = field(default=False, compare=False, repr=False)  # see _order_entries


@dataclass(frozen=True)
class Term:
    """One value of a taxonomy (a province, a unit, ...) and the articles that carry it."""

    taxonomy: str
    key: str
    name: str
    slug: str
    articles: tuple[int, ...]  # indexes into Catalog.articles, newest first
    meta: Mapping[str, Any] = field(default_factory=dict)
    base_slug: str = field(default="", compare=False, repr=False)  # before any clash suffix
    order: tuple[Any, ...] = field(default=(), compare=False, repr=False)  # display order in its taxonomy

    def path(self, page: int = 1) -> str:
        return term_path(self.taxonomy, self.slug, page)


@dataclass(frozen=True)
class Delta:
    """How a catalog differs from the previous one it was built from: what a serve session's
    render needs to look at again. Entries are compared by identity (an unchanged record keeps
    its entry object)."""

    base: int  # id() of the previous catalog, which whoever keeps it for the next build holds
    added: tuple[int, ...]  # indexes of entries that are new or changed
    removed: tuple[int, ...]  # indexes, in the previous catalog, of entries gone or changed
    # (taxonomy, key) of the terms whose articles, name, meta or slug may differ
    terms: frozenset[tuple[str, str]]


@dataclass(frozen=True)
class Catalog:
    articles: tuple[ArticleEntry, ...]  # newest first; undated last
    taxonomies: Mapping[str, tuple[Term, ...]]  # taxonomy -> terms, sorted for display
    article_terms: tuple[Mapping[str, tuple[str, ...]], ...]  # per article: taxonomy -> term keys
    diagnostics: tuple[Diagnostic, ...] = ()
    delta: Delta | None = field(default=None, compare=False, repr=False)  # None: built from scratch
    # Each article's index by its source file: what the next catalog of a serve session looks up.
    positions: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)


def _sort_key(r: ArticleRecord) -> tuple[int, str, str, str]:
    # Newest first, undated last; ties broken by title and file so the order is stable.
    return (0 if r.published else 1, _neg(r.published or ""), key(r.title), r.source_file)


def _neg(s: str) -> str:
    return "".join(chr(0x10FFFF - ord(c)) for c in s)


def article_slug(record: ArticleRecord, digits: int = 6) -> str:
    """Title slug plus a short hash of the source path: unique without looking at other articles,
    so adding or removing articles never moves an existing article's URL. (`digits`: see
    _order_entries.)"""
    if record.slug:
        return slugify(record.slug)
    return f"{slugify(record.title, 70)}-{short_hash(record.source_file, digits)}"


def _moved(e: ArticleEntry) -> ArticleEntry:
    """The entry at a longer address, 12 hex digits, for the rare article whose 6 digits are
    those of another article of the same title."""
    slug = article_slug(e.record, 12)
    return ArticleEntry(e.record, slug, article_path(slug), e.sort_key, e.values, e.terms, moved=True)


Shared = dict[Any, Any]
"""Equal values the entries of one catalog give their terms, one object each (see _term_values)."""


def _term_values(r: ArticleRecord, shared: Shared) -> TermValues:
    """(key, display name, meta) of every term an article carries, per taxonomy; a term an
    article mentions twice counts once, with its first mention. Keys and (name, meta) pairs are
    taken from `shared` when an earlier article gave equal ones: 10,000 articles make 180,000
    such pairs but a few thousand distinct ones, and the catalog keeps them all (a third of its
    memory, which each process of a split render copies as it reads it)."""
    out: dict[str, list[tuple[str, str, dict[str, Any]]]] = defaultdict(list)
    if r.province.name:
        out["province"].append((r.province.name, r.province.name, {"now": r.province.now}))
    for d in r.directives:
        local = d.scope != "national"
        term_key = f"{d.id}@{d.scope or '?'}" if local else d.id
        meta = {
            "id": d.id,
            "kind": d.kind,
            "scope": d.scope,
            "title": d.title,
            "issued": d.issued,
            "issued_by": d.issued_by,
            "national": not local,
        }
        out["directive"].append((term_key, d.id, meta))
    for u in r.units:
        name = u.canonical or u.name
        identity = shared.get(("identity", name, u.province))
        if identity is None:
            identity = shared[("identity", name, u.province)] = unit_identity(name, u.province)
        out["unit"].append((identity, name, {"province": u.province, "kind": u.kind}))
    for p in r.people:  # one page per person: across provinces when the role is national
        province = None if p.national else r.province.name
        out["person"].append(
            (f"{key(p.name)}@{province or ''}", p.name, {"province": province, "role": p.role})
        )
    if r.published:
        year = r.published[:4]
        out["year"].append((year, year, {}))
    unique: dict[str, dict[str, tuple[str, Mapping[str, Any]]]] = {}
    for taxonomy, values in out.items():
        first = unique[taxonomy] = {}
        for term_key, name, meta in values:
            if term_key not in first:
                term_key = shared.setdefault(("key", term_key), term_key)
                first[term_key] = shared.setdefault(("value", name, *meta.items()), (name, meta))
    return unique


def _slug_for(taxonomy: str, name: str, meta: Mapping[str, Any]) -> str:
    if taxonomy == "directive" and not meta.get("national"):
        return slugify(f"{name} {meta.get('scope') or 'khong-ro-tinh'}")
    province = meta.get("province")
    if taxonomy in ("unit", "person") and province and slugify(province) not in slugify(name):
        return slugify(f"{name} {province}")
    return slugify(name)


def _entry(r: ArticleRecord, shared: Shared) -> ArticleEntry:
    slug = article_slug(r)
    values = _term_values(r, shared)
    terms = {taxonomy: tuple(found) for taxonomy, found in values.items()}
    return ArticleEntry(r, slug, article_path(slug), _sort_key(r), values, terms)


def _aggregate(taxonomy: str, term_key: str, members: tuple[int, ...], entries: list[ArticleEntry]) -> Term:
    """A term from its articles (in catalog order): the most used spelling names it (ties go to
    the alphabetically first), and each meta field comes from the first article that has it (all
    articles give a taxonomy's terms the same fields, see `_term_values`)."""
    values = [entries[i].values[taxonomy][term_key] for i in members]
    names: dict[str, int] = {}  # not a Counter: its constructor's Mapping check cost more (32,000 terms)
    for name, _ in values:
        names[name] = names.get(name, 0) + 1
    meta: dict[str, Any] = dict(values[0][1])
    missing = [k for k, v in meta.items() if v is None]
    for _, value_meta in values:
        if not missing:  # every field set: later articles cannot change it
            break
        for k in missing:
            if value_meta.get(k) is not None:
                meta[k] = value_meta[k]
        missing = [k for k in missing if meta[k] is None]
    name = min(names.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    base = _slug_for(taxonomy, name, meta)
    order = _term_order(taxonomy, term_key, name, meta)
    return Term(taxonomy, term_key, name, base, members, meta, base, order)


def _renumbered(t: Term, renumber: list[int | None]) -> Term:
    """An untouched term after articles moved: its articles keep their relative order."""
    articles = tuple(renumber[j] for j in t.articles)  # type: ignore[misc]
    if articles == t.articles:
        return t
    return Term(t.taxonomy, t.key, t.name, t.slug, articles, t.meta, t.base_slug, t.order)


def _final_slugs(taxonomy: str, terms: list[Term]) -> tuple[list[Term], list[Diagnostic], list[str]]:
    """Distinct terms with one slug (Tâm/Tám): each gets a suffix from its own key, and a warning."""
    counts = Counter(map(attrgetter("base_slug"), terms))
    clashing = {s for s, n in counts.items() if n > 1}
    final = list(terms)
    renamed = []
    sharing: dict[str, list[str]] = defaultdict(list)
    for at, t in enumerate(terms):
        if t.slug != t.base_slug or t.base_slug in clashing:
            if t.base_slug in clashing:
                sharing[t.base_slug].append(t.key)
            slug = f"{t.base_slug}-{short_hash(t.key, 4)}" if t.base_slug in clashing else t.base_slug
            if slug != t.slug:
                renamed.append(t.key)
                final[at] = Term(t.taxonomy, t.key, t.name, slug, t.articles, t.meta, t.base_slug, t.order)
    warnings = [
        Diagnostic(
            "warning",
            SECTIONS[taxonomy],
            f"terms {', '.join(sorted(sharing[s]))} share the slug '{s}'; each got a suffix from its name",
        )
        for s in sorted(clashing)
    ]
    return final, warnings, renamed


def _order_entries(
    records: Iterable[ArticleRecord], previous: Catalog | None
) -> tuple[list[ArticleEntry], list[Diagnostic]]:
    """Entries in catalog order (reusing the previous catalog's for unchanged records), with the
    output-path collisions resolved or reported.

    Two articles of the same title whose source paths share the 6 hex digits of the address
    (one pair in 50,000 generated articles; archives repeat titles) both get written: the one
    whose source path sorts first keeps the address, the other moves to 12 digits, with a
    warning. Two explicit front-matter slugs that clash are the author's to fix: an error, and
    the second article is not written."""
    # A moved entry is made again: without its partner (removed since) it gets its own address.
    known = {id(e.record): e for e in previous.articles if not e.moved} if previous else {}
    shared: Shared = {}
    candidates = [known.get(id(r)) or _entry(r, shared) for r in records]
    candidates.sort(key=lambda e: e.sort_key)
    entries: list[ArticleEntry] = []
    diagnostics: list[Diagnostic] = []
    claimed: dict[str, int] = {}  # output path -> index of the entry that has it
    for e in candidates:
        at = claimed.get(e.path)
        if at is not None and not e.record.slug and not entries[at].record.slug:
            other = entries[at]
            keep, move = (e, other) if e.record.source_file < other.record.source_file else (other, e)
            moved = _moved(move)
            if moved.path not in claimed:
                diagnostics.append(
                    Diagnostic(
                        "warning",
                        move.record.source_file,
                        f"its address {e.path} is also that of {keep.record.source_file} (same title, "
                        f"same short hash): written at {moved.path}",
                    )
                )
                if move is other:  # each entry stays at its place in catalog order
                    entries[at] = moved
                    claimed[moved.path] = at
                    claimed[e.path] = len(entries)
                    entries.append(e)
                else:
                    claimed[moved.path] = len(entries)
                    entries.append(moved)
                continue
        if at is not None:
            diagnostics.append(
                Diagnostic(
                    "error",
                    e.record.source_file,
                    f"output path {e.path} is already claimed by {entries[at].record.source_file}; "
                    "this article is not written",
                )
            )
            continue
        claimed[e.path] = len(entries)
        entries.append(e)
    return entries, diagnostics


def _edited_in_place(records: list[ArticleRecord], previous: Catalog) -> Catalog | None:
    """The common case of a serve session, in time proportional to the edit: articles whose text
    changed but whose place, address and terms did not. Their entries are replaced and every term
    is the previous one. None when anything else changed."""
    if len(records) != len(previous.articles):
        return None  # articles came or went
    position, articles = previous.positions, previous.articles
    changed: list[tuple[int, ArticleRecord]] = []
    for r in records:  # by source file, not by a set of all records: 10,000 of them, each save
        i = position.get(r.source_file)
        if i is None:
            return None  # a new file (and another one gone)
        if articles[i].record is not r:
            changed.append((i, r))
    if not changed:
        return None
    entries = list(articles)
    added: list[int] = []
    shared: Shared = {}
    for i, r in changed:
        if i in added:
            return None
        old, new = entries[i], _entry(r, shared)
        if (new.sort_key, new.path, new.values) != (old.sort_key, old.path, old.values):
            return None
        entries[i] = new
        added.append(i)
    terms = frozenset((t, k) for i in added for t, keys in entries[i].terms.items() for k in keys)
    delta = Delta(id(previous), tuple(sorted(added)), tuple(sorted(added)), terms)
    return Catalog(
        tuple(entries), previous.taxonomies, previous.article_terms, previous.diagnostics, delta, position
    )


def build_catalog(records: Iterable[ArticleRecord], previous: Catalog | None = None) -> Catalog:
    """Order articles, build every taxonomy, assign paths, report path collisions. With the
    catalog of the previous build, only terms touched by changed articles are recomputed."""
    records = list(records)
    if previous is not None:
        edited = _edited_in_place(records, previous)
        if edited is not None:
            return edited
    entries, diagnostics = _order_entries(records, previous)
    position = {id(e): i for i, e in enumerate(entries)}

    # Members of the terms to aggregate again: all of them without a previous catalog; else those
    # of the articles that came, went or changed (an article replaced by an edit does both).
    members: dict[tuple[str, str], list[int]] = defaultdict(list)
    kept: dict[str, list[Term]] = {t: [] for t in TAXONOMIES}
    touched: set[tuple[str, str]] = set()
    new: list[int] = []
    renumber: list[int | None] = []
    if previous is None:
        for i, e in enumerate(entries):
            for taxonomy, values in e.values.items():
                for term_key in values:
                    members[(taxonomy, term_key)].append(i)
    else:
        renumber = [position.get(id(e)) for e in previous.articles]
        for j, e in enumerate(previous.articles):
            if renumber[j] is None:
                touched.update((t, k) for t, values in e.values.items() for k in values)
        before = {id(e) for e in previous.articles}
        new = [i for i, e in enumerate(entries) if id(e) not in before]
        for i in new:
            touched.update((t, k) for t, values in entries[i].values.items() for k in values)
        for taxonomy in TAXONOMIES:
            for term in previous.taxonomies[taxonomy]:
                if (taxonomy, term.key) in touched:
                    found = members[(taxonomy, term.key)]
                    found.extend(n for n in (renumber[j] for j in term.articles) if n is not None)
                else:
                    kept[taxonomy].append(term)
        for i in new:
            for taxonomy, values in entries[i].values.items():
                for term_key in values:
                    members[(taxonomy, term_key)].append(i)
        if any(n is not None and n != j for j, n in enumerate(renumber)):
            kept = {taxonomy: [_renumbered(t, renumber) for t in terms] for taxonomy, terms in kept.items()}

    fresh: dict[str, list[Term]] = {t: [] for t in TAXONOMIES}
    for (taxonomy, term_key), idxs in members.items():
        if idxs:
            fresh[taxonomy].append(_aggregate(taxonomy, term_key, tuple(sorted(idxs)), entries))

    taxonomies: dict[str, tuple[Term, ...]] = {}
    for taxonomy in TAXONOMIES:
        terms, warnings, renamed = _final_slugs(taxonomy, kept[taxonomy] + fresh[taxonomy])
        diagnostics += warnings
        touched.update((taxonomy, k) for k in renamed)
        taxonomies[taxonomy] = tuple(sorted(terms, key=attrgetter("order")))
    article_terms = tuple(e.terms for e in entries)
    delta = None
    if previous is not None:
        removed = tuple(j for j, n in enumerate(renumber) if n is None)
        delta = Delta(id(previous), tuple(new), removed, frozenset(touched))
    positions = {e.record.source_file: i for i, e in enumerate(entries)}
    return Catalog(tuple(entries), taxonomies, article_terms, tuple(diagnostics), delta, positions)


def _term_order(taxonomy: str, term_key: str, name: str, meta: Mapping[str, Any]) -> tuple[Any, ...]:
    if taxonomy == "year":
        return (_neg(term_key),)
    if taxonomy == "directive":
        return (
            not meta.get("national"),
            meta.get("scope") or "",
            meta.get("kind") or "",
            int(meta.get("id", "0").split("-")[0] or 0),
            term_key,
        )
    return (collation_key(name), term_key)
