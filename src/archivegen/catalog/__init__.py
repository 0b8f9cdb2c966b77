"""Catalog stage: records into the site model: articles in date order, and one generic taxonomy
mechanism for provinces, units, directives, people and years (Hugo's lesson), with output paths
assigned and checked for collisions."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..diagnostics import Diagnostic
from ..extract.record import ArticleRecord
from ..extract.units import unit_identity
from ..slugs import short_hash, slugify
from ..text import collation_key, key
from ..urls import SECTIONS, article_path, term_path

TAXONOMIES = ("province", "directive", "unit", "person", "year")


@dataclass(frozen=True)
class ArticleEntry:
    record: ArticleRecord
    slug: str
    path: str  # output path, e.g. "bai/dua-viec-hoc-tap-3f2a1c/index.html"


@dataclass(frozen=True)
class Term:
    """One value of a taxonomy (a province, a unit, ...) and the articles that carry it."""

    taxonomy: str
    key: str
    name: str
    slug: str
    articles: tuple[int, ...]  # indexes into Catalog.articles, newest first
    meta: Mapping[str, Any] = field(default_factory=dict)

    def path(self, page: int = 1) -> str:
        return term_path(self.taxonomy, self.slug, page)


@dataclass(frozen=True)
class Catalog:
    articles: tuple[ArticleEntry, ...]  # newest first; undated last
    taxonomies: Mapping[str, tuple[Term, ...]]  # taxonomy -> terms, sorted for display
    article_terms: tuple[Mapping[str, tuple[str, ...]], ...]  # per article: taxonomy -> term keys
    diagnostics: tuple[Diagnostic, ...] = ()


def _sort_key(r: ArticleRecord) -> tuple[int, str, str, str]:
    # Newest first, undated last; ties broken by title and file so the order is stable.
    return (0 if r.published else 1, _neg(r.published or ""), key(r.title), r.source_file)


def _neg(s: str) -> str:
    return "".join(chr(0x10FFFF - ord(c)) for c in s)


def article_slug(record: ArticleRecord) -> str:
    """Title slug plus a short hash of the source path: unique without looking at other articles,
    so adding or removing articles never moves an existing article's URL."""
    if record.slug:
        return slugify(record.slug)
    return f"{slugify(record.title, 70)}-{short_hash(record.source_file)}"


def _term_values(r: ArticleRecord) -> dict[str, list[tuple[str, str, dict[str, Any]]]]:
    """(key, display name, meta) of every term an article carries, per taxonomy."""
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
        out["unit"].append(
            (
                unit_identity(u.canonical or u.name, u.province),
                u.canonical or u.name,
                {"province": u.province, "kind": u.kind},
            )
        )
    for p in r.people:
        out["person"].append(
            (f"{key(p.name)}@{r.province.name or ''}", p.name, {"province": r.province.name, "role": p.role})
        )
    if r.published:
        year = r.published[:4]
        out["year"].append((year, year, {}))
    return out


def _slug_for(taxonomy: str, name: str, meta: Mapping[str, Any]) -> str:
    if taxonomy == "directive" and not meta.get("national"):
        return slugify(f"{name} {meta.get('scope') or 'khong-ro-tinh'}")
    province = meta.get("province")
    if taxonomy in ("unit", "person") and province and slugify(province) not in slugify(name):
        return slugify(f"{name} {province}")
    return slugify(name)


def build_catalog(records: Iterable[ArticleRecord]) -> Catalog:
    """Order articles, build every taxonomy, assign paths, report path collisions."""
    diagnostics: list[Diagnostic] = []
    ordered = sorted(records, key=_sort_key)

    entries: list[ArticleEntry] = []
    claimed: dict[str, str] = {}  # output path -> source that claimed it
    for r in ordered:
        slug = article_slug(r)
        path = article_path(slug)
        if path in claimed:
            diagnostics.append(
                Diagnostic(
                    "error",
                    r.source_file,
                    f"output path {path} is already claimed by {claimed[path]}; this article is not written",
                )
            )
            continue
        claimed[path] = r.source_file
        entries.append(ArticleEntry(r, slug, path))

    members: dict[str, dict[str, list[int]]] = {t: defaultdict(list) for t in TAXONOMIES}
    names: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    metas: dict[tuple[str, str], dict[str, Any]] = {}
    article_terms: list[dict[str, tuple[str, ...]]] = []
    for i, entry in enumerate(entries):
        per_article: dict[str, tuple[str, ...]] = {}
        for taxonomy, values in _term_values(entry.record).items():
            keys = []
            for term_key, name, meta in values:
                if term_key in keys:
                    continue
                keys.append(term_key)
                members[taxonomy][term_key].append(i)
                names[(taxonomy, term_key)][name] += 1
                merged = metas.setdefault((taxonomy, term_key), {})
                for k, v in meta.items():
                    if merged.get(k) is None:
                        merged[k] = v
            per_article[taxonomy] = tuple(keys)
        article_terms.append(per_article)

    taxonomies: dict[str, tuple[Term, ...]] = {}
    for taxonomy in TAXONOMIES:
        terms = []
        slugs: dict[str, list[str]] = defaultdict(list)
        for term_key, idxs in members[taxonomy].items():
            # The most used spelling names the term; ties go to the alphabetically first.
            name = min(names[(taxonomy, term_key)].items(), key=lambda kv: (-kv[1], kv[0]))[0]
            meta = metas[(taxonomy, term_key)]
            slug = _slug_for(taxonomy, name, meta)
            slugs[slug].append(term_key)
            terms.append(Term(taxonomy, term_key, name, slug, tuple(idxs), meta))
        # Distinct terms with one slug (Tâm/Tám): each gets a suffix from its own key.
        clashing = {s for s, ks in slugs.items() if len(ks) > 1}
        if clashing:
            fixed = []
            for t in terms:
                if t.slug in clashing:
                    fixed.append(
                        Term(
                            t.taxonomy, t.key, t.name, f"{t.slug}-{short_hash(t.key, 4)}", t.articles, t.meta
                        )
                    )
                else:
                    fixed.append(t)
            terms = fixed
            for s in sorted(clashing):
                diagnostics.append(
                    Diagnostic(
                        "warning",
                        SECTIONS[taxonomy],
                        f"terms {', '.join(sorted(slugs[s]))} share the slug '{s}'; "
                        "each got a suffix from its name",
                    )
                )
        taxonomies[taxonomy] = tuple(sorted(terms, key=lambda t: _term_order(taxonomy, t)))
    return Catalog(tuple(entries), taxonomies, tuple(article_terms), tuple(diagnostics))


def _term_order(taxonomy: str, t: Term) -> tuple[Any, ...]:
    if taxonomy == "year":
        return (_neg(t.key),)
    if taxonomy == "directive":
        return (
            not t.meta.get("national"),
            t.meta.get("scope") or "",
            t.meta.get("kind") or "",
            int(t.meta.get("id", "0").split("-")[0] or 0),
            t.key,
        )
    return (collation_key(t.name), t.key)
