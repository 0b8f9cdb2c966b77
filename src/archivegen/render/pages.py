"""HTML pages: home, articles, taxonomy indexes and term pages, month archives, search, 404."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from ..catalog import TAXONOMIES, Term
from ..text import collation_key, fold
from ..urls import page_path, taxonomy_path
from .charts import bar_chart, column_chart
from .context import article_summary, article_view, neighbours, related_articles, term_link
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
    provinces = sorted(
        ((t.name, len(t.articles)) for t in catalog.taxonomies["province"]),
        key=lambda kv: (-kv[1], collation_key(kv[0])),
    )[:TOP_PROVINCES]
    yield site.render(
        "home.html",
        "index.html",
        site.config.title,
        articles=[article_summary(a) for a in catalog.articles[:LATEST]],
        counts={t: len(catalog.taxonomies[t]) for t in TAXONOMIES},
        total=len(catalog.articles),
        charts={
            "years": column_chart(_years(site, range(len(catalog.articles))), site.strings["chart_years"]),
            "provinces": bar_chart(provinces, site.strings["chart_provinces"]),
        },
        all_path=ALL_ARTICLES,
    )


def all_articles_pages(site: Site) -> Iterator[Output]:
    """bai/: every article, newest first, paginated."""
    summaries = [article_summary(a) for a in site.catalog.articles]
    for n, items, pager in site.paginate(summaries, lambda i: page_path("bai", page=i)):
        yield site.render(
            "articles.html",
            page_path("bai", page=n),
            site.strings["all_articles"],
            articles=items,
            pager=pager,
            total=len(summaries),
        )


def _search_words(text: str) -> str:
    """Words with đ written with d, for the search index: Pagefind folds tone and vowel marks but
    not đ (U+0111 has no decomposition), so "dang bo" would not find "Đảng bộ" without them."""
    words = {w for w in text.split() if "đ" in w.lower()}
    return " ".join(sorted(fold(w) for w in words))


def article_pages(site: Site) -> Iterator[Output]:
    for i, entry in enumerate(site.catalog.articles):
        view = article_view(i, site.lookup)
        r = entry.record
        yield site.render(
            "article.html",
            entry.path,
            r.title,
            article=view,
            related=related_articles(i, site.lookup),
            neighbours=neighbours(i, site.catalog),
            cite={
                "title": r.title,
                "publication": r.publication,
                "date": view["date"],
                "url": site.absolute_url(entry.path),
            },
            search_words=_search_words(r.title + " " + r.body_text) if site.config.search else "",
        )


def _province_index(site: Site, terms: tuple[Term, ...]) -> list[dict[str, Any]]:
    """The 34 provinces from 1 July 2025, each with the pre-2025 provinces that formed it."""
    by_name = {t.name: t for t in terms}
    groups = []
    for now, formed_from in site.knowledge.provinces_2025.items():
        members = []
        for name in formed_from:
            term = by_name.get(name)
            members.append(term_link(term) if term else {"name": name, "path": None, "count": 0})
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
        terms = site.catalog.taxonomies[taxonomy]
        label = site.label(taxonomy)
        yield site.render(
            "taxonomy.html",
            taxonomy_path(taxonomy),
            label,
            taxonomy=taxonomy,
            label=label,
            groups=_GROUPERS[taxonomy](site, terms),
            total=len(terms),
        )


def _province_extras(site: Site, term: Term) -> dict[str, Any]:
    """A province's units, its local documents, the national directives it reported on, timeline."""
    articles = set(term.articles)
    units = [term_link(t) for t in site.catalog.taxonomies["unit"] if t.meta.get("province") == term.name]
    local = [
        term_link(t)
        for t in site.catalog.taxonomies["directive"]
        if not t.meta.get("national") and t.meta.get("scope") == term.name
    ]
    national = []
    for t in site.catalog.taxonomies["directive"]:
        if t.meta.get("national"):
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


def term_pages(site: Site) -> Iterator[Output]:
    for taxonomy in TAXONOMIES:
        label = site.label(taxonomy)
        for term in site.catalog.taxonomies[taxonomy]:
            extras: dict[str, Any] = {}
            if taxonomy == "province":
                extras = _province_extras(site, term)
            elif taxonomy == "directive":
                extras = _directive_extras(site, term)
            elif taxonomy == "year":
                extras = {"months": _month_links(site, term)}
            summaries = [article_summary(site.catalog.articles[i]) for i in term.articles]
            for n, items, pager in site.paginate(summaries, term.path):
                yield site.render(
                    "term.html",
                    term.path(n),
                    term.name,
                    taxonomy=taxonomy,
                    label=label,
                    section_path=taxonomy_path(taxonomy),
                    term=term_link(term),
                    articles=items,
                    pager=pager,
                    extras=extras if n == 1 else {},
                    feed=term.path().replace("index.html", "feed.xml")
                    if taxonomy in ("province", "directive")
                    else None,
                )


def month_pages(site: Site) -> Iterator[Output]:
    """nam/2021/05/: the articles of one month."""
    for year in site.catalog.taxonomies["year"]:
        for month in _month_links(site, year):
            indexes = [
                i for i in year.articles if site.catalog.articles[i].record.published[5:7] == month["name"]
            ]
            summaries = [article_summary(site.catalog.articles[i]) for i in indexes]
            title = f"{site.strings['month']} {month['name']}/{year.key}"
            for n, items, pager in site.paginate(
                summaries, lambda p, m=month["name"], y=year.key: page_path("nam", y, m, page=p)
            ):
                yield site.render(
                    "month.html",
                    page_path("nam", year.key, month["name"], page=n),
                    title,
                    year=term_link(year),
                    articles=items,
                    pager=pager,
                )


def search_page(site: Site) -> Iterator[Output]:
    if site.config.search:
        yield site.render("search.html", SEARCH_PATH, site.strings["search"])


def not_found_page(site: Site) -> Iterator[Output]:
    yield site.render("404.html", "404.html", site.strings["not_found"], rooted=True)
