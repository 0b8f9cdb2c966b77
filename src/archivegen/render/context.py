"""View models: records and terms turned into plain data for templates (Zola's `ser.rs`).

Templates never see records or the catalog; they get dicts with display text and output paths.
Links are made in templates with `url(path)`, relative to the page being rendered.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections.abc import Mapping
from typing import Any

from ..catalog import ArticleEntry, Catalog, Term
from ..extract.record import Province, unpack_fields


def format_date(iso: str | None) -> str | None:
    """ "2021-05-19T10:30" -> "19/05/2021 10:30", the way Vietnamese readers write dates."""
    if not iso:
        return None
    day = f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}"
    return f"{day} {iso[11:16]}" if len(iso) > 10 else day


class Lookup:
    """Term lookup by (taxonomy, key), built once per render."""

    def __init__(self, catalog: Catalog, previous: Lookup | None = None):
        self.catalog = catalog
        if previous is not None and previous.catalog.taxonomies is catalog.taxonomies:
            self.terms = previous.terms  # the same terms: an edit that changed no term
        else:
            self.terms = {(t.taxonomy, t.key): t for terms in catalog.taxonomies.values() for t in terms}

    def term(self, taxonomy: str, key: str) -> Term:
        return self.terms[(taxonomy, key)]


def term_link(term: Term) -> dict[str, Any]:
    return {"name": term.name, "path": term.path(), "count": len(term.articles), "key": term.key, **term.meta}


def article_summary(entry: ArticleEntry) -> dict[str, Any]:
    """What a list item needs: title, link, date, province, source."""
    r = entry.record
    return {
        "title": r.title,
        "path": entry.path,
        "published": r.published,
        "date": format_date(r.published),
        "province": r.province.name,
        "publication": r.publication,
        "lead": r.lead,
    }


def article_view(index: int, lookup: Lookup) -> dict[str, Any]:
    """Everything the article page shows, with the entity links resolved to term pages."""
    catalog = lookup.catalog
    entry = catalog.articles[index]
    r = entry.record
    terms: Mapping[str, tuple[str, ...]] = catalog.article_terms[index]

    def linked(taxonomy: str) -> list[Term]:
        return [lookup.term(taxonomy, k) for k in terms.get(taxonomy, ())]

    province = None
    if r.province.name:
        term = lookup.term("province", r.province.name)
        province = {
            "name": r.province.name,
            "now": r.province.now,
            "path": term.path(),
            "evidence": r.province.evidence,
        }
    directives = [
        {**term_link(t), "written_as": list(d.written_as), "issued_here": d.issued}
        for t, d in zip(linked("directive"), r.directives, strict=True)
    ]
    people = [{**term_link(t), "role": p.role} for t, p in zip(linked("person"), r.people, strict=True)]
    year = linked("year")
    return {
        **article_summary(entry),
        "author": r.author,
        "source_file": r.source_file,
        "source_url": r.source_url,
        "edited": list(r.edited),
        "province": province,
        "province_evidence": r.province.evidence,
        "province_confidence": r.province.confidence,
        "province_clues": evidence_clues(r.province),
        "directives": directives,
        "units": [term_link(t) for t in linked("unit")],
        "people": people,
        "year": term_link(year[0]) if year else None,
        "blocks": [
            {"kind": kind, "text": text, "credit": credit, "html": html}
            for kind, text, credit, html in unpack_fields(r.body)
        ],
        "warnings": list(r.warnings),
    }


EVIDENCE_SHOWN = 6  # clues an article page lists; the record keeps them all


def evidence_clues(province: Province) -> list[dict[str, Any]]:
    """The clues a reader checks the province by: those for the province named first, then
    what spoke for another; none that counted for nothing but the names of history."""
    clues = [c for c in province.clues if c.weight > 0 or c.kind == "historical"]
    clues.sort(key=lambda c: (c.province != province.name, -c.weight))
    shown, seen = [], set()
    for c in clues:
        if (c.text, c.province) in seen:
            continue
        seen.add((c.text, c.province))
        shown.append({"kind": c.kind, "text": c.text, "province": c.province, "note": c.note})
        if len(shown) == EVIDENCE_SHOWN:
            break
    return shown


# Terms shared with more articles than this say little about relatedness (every article cites
# 05-CT/TW); only their nearest articles in time are considered, which keeps the work linear.
COMMON_TERM = 200
RELATED_WEIGHTS = {"directive": 3.0, "unit": 2.0, "person": 2.0, "province": 1.0}


def related_indexes(index: int, lookup: Lookup, limit: int = 5) -> list[int]:
    """Articles sharing directives, units, people or the province, the rarer the term the stronger.
    Depends only on the article's terms and on who is in them in what order (see `related_inputs`).
    Best score first, ties to the earlier article."""
    catalog = lookup.catalog
    scores: dict[int, float] = {}
    get = scores.get
    for taxonomy, weight in RELATED_WEIGHTS.items():
        for key in catalog.article_terms[index].get(taxonomy, ()):
            members = lookup.term(taxonomy, key).articles
            boost = weight / (1 + len(members) ** 0.5)
            if len(members) > COMMON_TERM:
                at = bisect_left(members, index)  # members are in catalog (time) order
                members = members[max(0, at - 25) : at + 26]
            for other in members:
                scores[other] = get(other, 0.0) + boost
    scores.pop(index, None)
    if len(scores) <= limit:
        return sorted(scores, key=lambda i: (-scores[i], i))
    # Only the articles scoring at least the limit-th best score can be among the best: sorting
    # those few, not the hundreds an article shares a province with, is what keeps this cheap.
    floor = heapq.nlargest(limit, scores.values())[-1]
    return sorted((i for i, s in scores.items() if s >= floor), key=lambda i: (-scores[i], i))[:limit]


def related_terms(index: int, lookup: Lookup) -> list[Term]:
    """The terms `related_indexes` reads, in the order it reads them."""
    terms = lookup.catalog.article_terms[index]
    return [lookup.term(taxonomy, key) for taxonomy in RELATED_WEIGHTS for key in terms.get(taxonomy, ())]


def neighbours(index: int, catalog: Catalog) -> dict[str, dict[str, Any] | None]:
    """The articles just before and after in time (the catalog is newest first)."""
    articles = catalog.articles
    dated = articles[index].record.published is not None
    older = (
        articles[index + 1] if index + 1 < len(articles) and articles[index + 1].record.published else None
    )
    newer = articles[index - 1] if index > 0 and dated else None
    return {
        "older": article_summary(older) if older and dated else None,
        "newer": article_summary(newer) if newer else None,
    }
