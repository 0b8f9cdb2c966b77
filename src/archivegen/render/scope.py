"""Which owners of outputs an incremental build (serve, or build with its cache) must look at
again, from the catalog's delta.

An output's token lists everything it is made from (see memo.py); this module only narrows down
whose tokens can have changed, so a rebuild after one edit does not compute 30,000 tokens to find
the 20 that differ. Each rule below says which inputs of a token a change can reach; a rule that
forgot one would leave a stale page, which tests/test_incremental.py looks for by replaying
random edits and comparing every output with a build from scratch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..catalog import ArticleEntry, Catalog, Delta
from .context import COMMON_TERM, RELATED_WEIGHTS

if TYPE_CHECKING:
    from .site import Site

RELATED_WINDOW = 26  # related_indexes looks 25 articles either side in a common term


@dataclass
class Scope:
    articles: set[int] = field(default_factory=set)  # article pages to check (catalog indexes)
    terms: set[tuple[str, str]] = field(default_factory=set)  # terms whose pages and feeds to check
    # Of those, terms with the same articles, link and order: the only articles whose page can show
    # something new (their other pages are kept unlooked at).
    changed_in: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    vanished: set[tuple[str, str]] = field(default_factory=set)  # terms with no article left
    years: set[str] = field(default_factory=set)  # years whose month pages to check
    taxonomies: set[str] = field(default_factory=set)  # whose list of term links changed
    exports: set[str] = field(default_factory=set)  # taxonomies whose data file to check
    removed_sources: set[str] = field(default_factory=set)  # articles with no page any more
    # Indexes of the changed articles when no other article moved (each took the place of its
    # old version); None when articles came, went or moved.
    unshifted: tuple[int, ...] | None = None


def scope_of(site: Site, previous: Catalog, delta: Delta) -> Scope:
    catalog = site.catalog
    articles = catalog.articles
    scope = Scope()
    added = set(delta.added)
    if delta.added == delta.removed and len(articles) == len(previous.articles):
        scope.unshifted = delta.added

    # An edit that left its articles in their places and what lists show of them (title, date,
    # province, lead: their summaries) as it was: no other article's page shows anything new of
    # them, as a neighbour in time or as a related article. (Their terms' links and members are
    # looked at below, as for any edit.)
    quiet = scope.unshifted is not None and all(_same_summary(site, articles[i]) for i in delta.added)

    # An article page shows the article, its neighbours in time, its terms' links, related articles.
    scope.articles.update(added)
    if not quiet:
        for i in delta.added:
            scope.articles.update((i - 1, i + 1))
    for j in delta.removed:
        scope.removed_sources.add(previous.articles[j].record.source_file)
        if quiet:
            continue  # its neighbours show nothing new (see above)
        for k in (j - 1, j + 1):  # the neighbours of a removed article, where they are now
            if 0 <= k < len(previous.articles):
                now = catalog.positions.get(previous.articles[k].record.source_file)
                if now is not None and articles[now] is previous.articles[k]:
                    scope.articles.add(now)
    old_paths = {previous.articles[j].record.source_file: previous.articles[j].path for j in delta.removed}
    moved = False  # an article's address changed: the data files list addresses
    for i in delta.added:
        source = articles[i].record.source_file
        scope.removed_sources.discard(source)
        moved = moved or old_paths.get(source) != articles[i].path

    for taxonomy, key in delta.terms:
        if moved:
            scope.exports.add(taxonomy)
        term = site.lookup.terms.get((taxonomy, key))
        if term is None:
            scope.vanished.add((taxonomy, key))
            scope.taxonomies.add(taxonomy)
            scope.exports.add(taxonomy)
            continue
        scope.terms.add((taxonomy, key))
        before = site.memo.pieces.get(("link", taxonomy, key))
        same_link = before is not None and before[1] is site.link(term)
        if not same_link:
            scope.taxonomies.add(taxonomy)
            scope.exports.add(taxonomy)
            scope.articles.update(term.articles)  # each of them shows the link
        before = site.memo.pieces.get(("members", taxonomy, key))
        same_members = before is not None and before[1] is site.members(term)
        if not same_members:
            scope.exports.add(taxonomy)
        elif same_link:
            scope.changed_in[(taxonomy, key)] = [at for at, i in enumerate(term.articles) if i in added]
        if taxonomy not in RELATED_WEIGHTS:
            continue
        if not same_members:
            scope.articles.update(term.articles)  # any member's related list may change
        elif quiet:
            continue  # the same related lists, showing the same summaries
        elif len(term.articles) <= COMMON_TERM:
            scope.articles.update(term.articles)  # any member may list a changed article
        else:  # same members in the same order: only the windows around the changed ones
            for at, i in enumerate(term.articles):
                if i in added:
                    scope.articles.update(
                        term.articles[max(0, at - RELATED_WINDOW) : at + RELATED_WINDOW + 1]
                    )

    scope.articles = {i for i in scope.articles if 0 <= i < len(articles)}
    for entry in [articles[i] for i in delta.added] + [previous.articles[j] for j in delta.removed]:
        if entry.record.published:
            scope.years.add(entry.record.published[:4])
    return scope


def _same_summary(site: Site, entry: ArticleEntry) -> bool:
    """Whether lists show the article as the last build did: its summary is the last build's
    object (memo.piece keeps that object while the summary is equal)."""
    before = site.memo.pieces.get(("summary", entry.record.source_file))
    return before is not None and site.summaries((entry,))[0] is before[1]
