"""HTML pages: home, articles, taxonomy indexes and term pages, month archives, search, 404."""

from __future__ import annotations

import functools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from ..catalog import TAXONOMIES, Term
from ..text import collation_key, fold
from ..urls import page_path, taxonomy_path
from .charts import bar_chart, column_chart
from .context import article_view, neighbours, related_indexes, related_terms, term_link
from .feeds import FEEDS, feed_of
from .output import Output
from .site import SEARCH_PATH, Site

LATEST = 10  # articles on the home page's "latest" list
ALL_ARTICLES = page_path("bai")
TOP_PROVINCES = 15  # bars in the home page's articles-per-province chart


def _by_name(item: tuple[str, Any]) -> tuple[str, str]:
    return collation_key(item[0])


def _years(site: Site, indexes: list[int] | tuple[int, ...]) -> list[tuple[str, int]]:
    counts = Counter((site.catalog.articles[i].record.published or "")[:4] for i in indexes)
    counts.pop("", None)
    return sorted(counts.items())


def home_pages(site: Site) -> Iterator[Output]:
    """The archive at a glance: counts, the latest articles, articles per year and per province."""
    catalog = site.catalog
    token = (
        site.summaries(catalog.articles[:LATEST]),
        len(catalog.articles),
        tuple(site.taxonomy_links(t) for t in TAXONOMIES),
    )

    yield site.page("home", "home.html", "index.html", token, _home_context, site)


def _home_context(site: Site) -> dict[str, Any]:
    catalog = site.catalog
    provinces = sorted(
        ((t.name, len(t.articles)) for t in catalog.taxonomies["province"]),
        key=lambda kv: (-kv[1], collation_key(kv[0])),
    )[:TOP_PROVINCES]
    years = _years(site, range(len(catalog.articles)))
    return {
        "title": site.config.title,
        "articles": list(site.summaries(catalog.articles[:LATEST])),
        "counts": {t: len(catalog.taxonomies[t]) for t in TAXONOMIES},
        "total": len(catalog.articles),
        "charts": {
            "years": column_chart(years, site.strings["chart_years"]),
            "provinces": bar_chart(provinces, site.strings["chart_provinces"]),
        },
        "all_path": ALL_ARTICLES,
    }


def _all_articles_path(n: int) -> str:
    return page_path("bai", page=n)


def all_articles_pages(site: Site) -> Iterator[Output]:
    """bai/: every article, newest first, paginated."""
    articles = site.catalog.articles
    unshifted = site.scope.unshifted if site.scope is not None else None
    only = None if unshifted is None else {i // site.config.page_size + 1 for i in unshifted}
    for n, pages, part in site.pages(len(articles)):
        path = _all_articles_path(n)
        if only is not None and n not in only and site.keep("all", path):
            yield Output(path, keep=True)
            continue
        if site.skip("all", path):
            yield Output(path, elsewhere=True)
            continue
        items = site.summaries(articles[part])
        token = (n, pages, len(articles), items)
        yield site.page("all", "articles.html", path, token, _all_articles_context, site, n, pages, items)


def _all_articles_context(
    site: Site, n: int, pages: int, items: tuple[dict[str, Any], ...]
) -> dict[str, Any]:
    return {
        "title": site.strings["all_articles"],
        "articles": list(items),
        "pager": site.pager(n, pages, _all_articles_path),
        "total": len(site.catalog.articles),
    }


def _search_words(text: str) -> str:
    """Words with đ written with d, for the search index: Pagefind folds tone and vowel marks but
    not đ (U+0111 has no decomposition), so "dang bo" would not find "Đảng bộ" without them."""
    words = {w for w in text.split() if "đ" in w.lower()}
    return " ".join(sorted(fold(w) for w in words))


def _related(site: Site, index: int) -> tuple[dict[str, Any], ...]:
    """The related articles, computed again only when the article or the membership of one of
    its terms changed: an edit to one article's text does not redo the other 5,000."""
    entry = site.catalog.articles[index]
    inputs = (entry, tuple(site.members(t) for t in related_terms(index, site.lookup)))
    found = site.memo.piece(("related", entry.record.source_file), inputs, _related_sources, site, index)
    return site.summaries(site.by_source[source] for source in found)


def _related_sources(site: Site, index: int) -> tuple[str, ...]:
    return tuple(site.catalog.articles[i].record.source_file for i in related_indexes(index, site.lookup))


def article_pages(site: Site) -> Iterator[Output]:
    articles = site.catalog.articles
    for i in site.articles_to_visit():
        entry = articles[i]
        owner = ("a", entry.record.source_file)
        if site.skip(owner, entry.path):
            yield Output(entry.path, elsewhere=True)
            continue
        related = _related(site, i)
        links = tuple(
            site.link(site.lookup.term(taxonomy, key))
            for taxonomy, keys in site.catalog.article_terms[i].items()
            for key in keys
        )
        around = site.summaries(articles[max(0, i - 1) : i + 2])  # neighbours show as in lists
        token = (entry, around, links, related)
        yield site.page(owner, "article.html", entry.path, token, _article_context, site, i, related)


def _article_context(site: Site, i: int, related: tuple[dict[str, Any], ...]) -> dict[str, Any]:
    entry = site.catalog.articles[i]
    view = article_view(i, site.lookup)
    r = entry.record
    return {
        "title": r.title,
        "article": view,
        "related": list(related),
        "neighbours": neighbours(i, site.catalog),
        "cite": {
            "title": r.title,
            "publication": r.publication,
            "date": view["date"],
            "url": site.absolute_url(entry.path),
        },
        "search_words": _search_words(r.title + " " + r.body_text) if site.config.search else "",
    }


def _province_index(site: Site, terms: tuple[Term, ...]) -> list[dict[str, Any]]:
    """The 34 provinces from 1 July 2025, each with the pre-2025 provinces that formed it."""
    by_name = {t.name: t for t in terms}
    knowledge = site.knowledge
    groups = []
    for now, formed_from in knowledge.provinces_2025.items():
        members = []
        for name in formed_from:
            term = by_name.get(name)
            members.append(term_link(term) if term else {"name": name, "path": None, "count": 0})
        # Provinces of other times with articles: Hà Tây (until 2008), the 2025 province itself
        # for articles after 1 July 2025 when its name is new ("Huế").
        earlier = [h.name for h in knowledge.history.values() if h.now == now]
        later = [now] if now not in formed_from else []
        members += [term_link(by_name[name]) for name in (*earlier, *later) if name in by_name]
        total = sum(m["count"] for m in members)
        groups.append({"name": now, "terms": members, "count": total})
    return sorted(groups, key=lambda g: collation_key(g["name"]))


def _directive_groups(site: Site, terms: tuple[Term, ...]) -> list[dict[str, Any]]:
    national = [term_link(t) for t in terms if t.meta.get("national")]
    local: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for t in terms:
        if not t.meta.get("national"):
            local[t.meta.get("scope") or site.strings["unknown_province"]].append(term_link(t))
    groups = [{"name": site.strings["national_directives"], "terms": national}] if national else []
    groups += [
        {"name": f"{site.strings['local_directives']}: {p}", "terms": ts}
        for p, ts in sorted(local.items(), key=_by_name)
    ]
    return groups


def _by_province(site: Site, terms: tuple[Term, ...]) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for t in terms:
        groups[t.meta.get("province") or site.strings["nationwide"]].append(term_link(t))
    return [{"name": p, "terms": ts} for p, ts in sorted(groups.items(), key=_by_name)]


_GROUPERS: dict[str, Callable[[Site, tuple[Term, ...]], list[dict[str, Any]]]] = {
    "province": _province_index,
    "directive": _directive_groups,
    "unit": _by_province,
    "person": _by_province,
    "year": lambda site, terms: [{"name": "", "terms": [term_link(t) for t in terms]}],
}


def taxonomy_pages(site: Site) -> Iterator[Output]:
    for taxonomy in TAXONOMIES:
        if site.visits(taxonomy):
            token = (taxonomy, site.taxonomy_links(taxonomy))
            path = taxonomy_path(taxonomy)
            yield site.page(("x", taxonomy), "taxonomy.html", path, token, _taxonomy_context, site, taxonomy)


def _taxonomy_context(site: Site, taxonomy: str) -> dict[str, Any]:
    terms = site.catalog.taxonomies[taxonomy]
    label = site.label(taxonomy)
    return {
        "title": label,
        "taxonomy": taxonomy,
        "label": label,
        "groups": _GROUPERS[taxonomy](site, terms),
        "total": len(terms),
    }


def _province_extras(site: Site, term: Term) -> dict[str, Any]:
    """A province's units, its local documents, the national directives it reported on, timeline."""
    articles = set(term.articles)
    units_of, documents_of = site.by_province
    units = [term_link(t) for t in units_of.get(term.name, ())]
    local = [term_link(t) for t in documents_of.get(term.name, ())]
    national = []
    for t in documents_of.get(None, ()):
        shared = len(articles.intersection(t.articles))
        if shared:
            national.append({**term_link(t), "count": shared})
    return {
        "units": units,
        "local_directives": local,
        "national_directives": national,
        "chart": column_chart(_years(site, term.articles), site.strings["chart_timeline"] + " " + term.name),
    }


def _directive_extras(site: Site, term: Term) -> dict[str, Any]:
    """Where and when a directive was reported on: by province, and per year."""
    provinces = Counter(
        site.catalog.articles[i].record.province.name or site.strings["unknown_province"]
        for i in term.articles
    )
    return {
        "by_province": sorted(provinces.items(), key=lambda kv: (-kv[1], collation_key(kv[0]))),
        "chart": column_chart(_years(site, term.articles), site.strings["chart_timeline"] + " " + term.name),
    }


def _month_links(site: Site, term: Term) -> list[dict[str, Any]]:
    months = Counter((site.catalog.articles[i].record.published or "")[5:7] for i in term.articles)
    return [
        {"name": m, "path": page_path("nam", term.key, m), "count": c} for m, c in sorted(months.items()) if m
    ]


def _extras_inputs(site: Site, term: Term) -> object:
    """What the extras on a term's first page are made from. A document's and a year's are made
    from their articles' dates and provinces only, so an edit to an article's text does not make
    the first page of every document it cites again (05-CT/TW's counts 5,000 articles at 10,000)."""
    if term.taxonomy == "province":
        return (site.taxonomy_links("unit"), site.taxonomy_links("directive"), site.entries(term.articles))
    if term.taxonomy == "directive":
        return (site.members(term), site.provinces(term))  # members: in date order, dates included
    if term.taxonomy == "year":
        return site.members(term)
    return None


def _extras(site: Site, term: Term) -> dict[str, Any]:
    if term.taxonomy == "province":
        return _province_extras(site, term)
    if term.taxonomy == "directive":
        return _directive_extras(site, term)
    if term.taxonomy == "year":
        return {"months": _month_links(site, term)}
    return {}


def term_pages(site: Site) -> Iterator[Output]:
    for taxonomy in TAXONOMIES:
        for term in site.terms_to_visit(taxonomy, "t"):
            link = site.link(term)
            owner = ("t", taxonomy, term.key)
            only = site.pages_to_check(term)
            for n, pages, part in site.pages(len(term.articles)):
                path = term.path(n)
                if only is not None and n not in only and site.keep(owner, path):
                    yield Output(path, keep=True)
                    continue
                if site.skip(owner, path):
                    yield Output(path, elsewhere=True)
                    continue
                items = site.summaries(site.entries(term.articles[part]))
                feed = feed_of(site, term.articles, term.path()) if taxonomy in FEEDS else None
                token = (link, n, pages, items, feed, _extras_inputs(site, term) if n == 1 else None)
                yield site.page(
                    owner, "term.html", path, token, _term_context, site, term, n, pages, items, feed
                )


def _term_context(
    site: Site, term: Term, n: int, pages: int, items: tuple[dict[str, Any], ...], feed: str | None
) -> dict[str, Any]:
    taxonomy = term.taxonomy
    return {
        "title": term.name,
        "taxonomy": taxonomy,
        "label": site.label(taxonomy),
        "section_path": taxonomy_path(taxonomy),
        "term": term_link(term),
        "articles": list(items),
        "pager": site.pager(n, pages, term.path),
        "extras": _extras(site, term) if n == 1 else {},
        "feed": feed,
    }


def _month_path(year: str, month: str, n: int) -> str:
    return page_path("nam", year, month, page=n)


def month_pages(site: Site) -> Iterator[Output]:
    """nam/2021/05/: the articles of one month."""
    articles = site.catalog.articles
    years = site.catalog.taxonomies["year"]
    if site.scope is not None:
        for key in site.scope.years:
            site.memo.visit(("m", key))
        years = tuple(y for y in years if y.key in site.scope.years)
    for year in years:
        link = site.link(year)
        months: dict[str, list[int]] = defaultdict(list)
        for i in year.articles:
            months[articles[i].record.published[5:7]].append(i)
        for month in sorted(m for m in months if m):
            indexes = months[month]
            for n, pages, part in site.pages(len(indexes)):
                path = _month_path(year.key, month, n)
                owner = ("m", year.key)
                if site.skip(owner, path):
                    yield Output(path, elsewhere=True)
                    continue
                items = site.summaries(site.entries(indexes[part]))
                token = (link, month, n, pages, items)
                yield site.page(
                    owner, "month.html", path, token, _month_context, site, year, month, n, pages, items
                )


def _month_context(
    site: Site, year: Term, month: str, n: int, pages: int, items: tuple[dict[str, Any], ...]
) -> dict[str, Any]:
    return {
        "title": f"{site.strings['month']} {month}/{year.key}",
        "year": term_link(year),
        "articles": list(items),
        "pager": site.pager(n, pages, functools.partial(_month_path, year.key, month)),
    }


def search_page(site: Site) -> Iterator[Output]:
    if site.config.search:
        yield site.page("search", "search.html", SEARCH_PATH, (), dict, title=site.strings["search"])


def not_found_page(site: Site) -> Iterator[Output]:
    yield site.page("404", "404.html", "404.html", (), dict, title=site.strings["not_found"], rooted=True)
