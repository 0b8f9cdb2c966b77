"""Atom feeds: the whole archive, and one per province and per directive (newest articles first)."""

from __future__ import annotations

import bisect
import uuid
from collections.abc import Iterator, Sequence
from xml.sax.saxutils import escape, quoteattr

from ..catalog import ArticleEntry
from ..urls import href
from .output import Output
from .site import Site

FEED_SIZE = 50  # entries per feed: feeds announce what is new, the pages list everything
FEEDS = ("province", "directive")  # the taxonomies whose terms have a feed beside their page


def _instant(iso: str) -> str:
    """Atom wants RFC 3339 instants; dates and minutes-only times are completed (Vietnam, UTC+7)."""
    if len(iso) == 10:
        return f"{iso}T00:00:00+07:00"
    return f"{iso}:00+07:00" if len(iso) == 16 else f"{iso}+07:00"


def atom_id(site: Site, path: str) -> str:
    """An Atom id, which must be an absolute IRI that never changes: the page's address where the
    site has one (`base_url`), else a name-based UUID of its path, which needs no host."""
    if site.config.published_at:
        return site.absolute_url(path)
    return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, "archivegen:" + path))


def _href(site: Site, feed: str, path: str) -> str:
    """A link from a feed: absolute where the site has an address, else relative to the feed
    itself (Atom resolves it against the feed's own URL), so it holds wherever the site is put."""
    if site.config.published_at:
        return site.absolute_url(path)
    return href(feed, path, pretty=True)


def dated(site: Site, indexes: Sequence[int]) -> int:
    """How many of these articles (in catalog order: the undated come last) have a date."""
    articles = site.catalog.articles
    return bisect.bisect_left(indexes, 1, key=lambda i: articles[i].sort_key[0])


def atom(
    site: Site, owner: object, path: str, title: str, page_path: str, indexes: Sequence[int]
) -> Iterator[Output]:
    """One feed of articles (catalog indexes, in catalog order), made again only when its title
    or its entries changed. A feed lists dated articles only: Atom requires a date for every
    entry and for the feed, and archivegen states no date the articles do not give. A feed
    with no dated article is not made (and its page does not link it); a feed that leaves some
    out says how many in its subtitle."""
    with_date = dated(site, indexes)
    if not with_date:
        return
    entries = site.entries(indexes[: min(with_date, FEED_SIZE)])
    undated = len(indexes) - with_date
    yield site.data(
        owner,
        path,
        (title, page_path, entries, undated),
        _atom,
        site,
        path,
        title,
        page_path,
        entries,
        undated,
    )


def _atom(
    site: Site, path: str, title: str, page_path: str, entries: Sequence[ArticleEntry], undated: int
) -> bytes:
    updated = max(_instant(e.record.published) for e in entries if e.record.published)
    left_out = site.strings["feed_undated"].format(n=undated)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(site.config.language)}>',
        f"<title>{escape(title)}</title>",
        *([f"<subtitle>{escape(left_out)}</subtitle>"] if undated else []),
        f"<id>{escape(atom_id(site, path))}</id>",
        f'<link rel="self" href={quoteattr(_href(site, path, path))}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(_href(site, path, page_path))}/>',
        f"<updated>{updated}</updated>",
        f"<author><name>{escape(site.config.title)}</name></author>",
    ]
    for e, summary in zip(entries, site.summaries(entries), strict=True):
        r = e.record
        assert r.published is not None  # atom() passes dated articles only
        lead = summary["lead"]
        lines += [
            "<entry>",
            f"<title>{escape(r.title)}</title>",
            f"<id>{escape(atom_id(site, e.path))}</id>",
            f'<link rel="alternate" type="text/html" href={quoteattr(_href(site, path, e.path))}/>',
            f"<updated>{_instant(r.published)}</updated>",
            f"<published>{_instant(r.published)}</published>",
            *([f"<author><name>{escape(r.author)}</name></author>"] if r.author else []),
            *([f"<category term={quoteattr(r.province.name)}/>"] if r.province.name else []),
            f'<summary type="text">{escape(lead[:600])}</summary>',
            "</entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def feed_of(site: Site, indexes: Sequence[int], page_path: str) -> str | None:
    """The path of the feed beside a list page of these articles, or None: no feed is made for a
    list without a dated article."""
    return page_path.replace("index.html", "feed.xml") if dated(site, indexes[:1]) else None


def feeds(site: Site) -> Iterator[Output]:
    catalog = site.catalog
    yield from atom(site, "feed", "feed.xml", site.config.title, "index.html", range(len(catalog.articles)))
    for taxonomy in FEEDS:
        for term in site.terms_to_visit(taxonomy, "f"):
            page = term.path()
            title = f"{site.config.title}: {term.name}"
            if taxonomy == "directive" and not term.meta.get("national"):
                title += f" ({term.meta.get('scope') or site.strings['unknown_province']})"
            owner = ("f", taxonomy, term.key)
            yield from atom(site, owner, page.replace("index.html", "feed.xml"), title, page, term.articles)
