"""Atom feeds: the whole archive, and one per province and per directive (newest articles first)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from xml.sax.saxutils import escape, quoteattr

from ..catalog import ArticleEntry
from .output import Output
from .site import Site

FEED_SIZE = 50  # entries per feed: feeds announce what is new, the pages list everything
EPOCH = "1970-01-01T00:00:00Z"


def _instant(iso: str | None) -> str | None:
    """Atom wants RFC 3339 instants; dates and minutes-only times are completed (Vietnam, UTC+7)."""
    if not iso:
        return None
    if len(iso) == 10:
        return f"{iso}T00:00:00+07:00"
    return f"{iso}:00+07:00" if len(iso) == 16 else f"{iso}+07:00"


def atom(
    site: Site, owner: object, path: str, title: str, page_path: str, entries: Sequence[ArticleEntry]
) -> Output:
    """One feed, made again only when its title or its entries changed. Undated articles carry
    the feed's own `updated`, so the bytes stay stable."""
    entries = tuple(entries[:FEED_SIZE])
    return site.data(owner, path, (title, page_path, entries), _atom, site, path, title, page_path, entries)


def _atom(site: Site, path: str, title: str, page_path: str, entries: Sequence[ArticleEntry]) -> bytes:
    dated = [_instant(e.record.published) for e in entries if e.record.published]
    updated = max(dated) if dated else EPOCH
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang={quoteattr(site.config.language)}>',
        f"<title>{escape(title)}</title>",
        f"<id>{escape(site.absolute_url(path))}</id>",
        f'<link rel="self" href={quoteattr(site.absolute_url(path))}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(site.absolute_url(page_path))}/>',
        f"<updated>{updated}</updated>",
        f"<author><name>{escape(site.config.title)}</name></author>",
    ]
    for e, summary in zip(entries, site.summaries(entries), strict=True):
        r = e.record
        url = site.absolute_url(e.path)
        lead = summary["lead"]
        lines += [
            "<entry>",
            f"<title>{escape(r.title)}</title>",
            f"<id>{escape(url)}</id>",
            f'<link rel="alternate" type="text/html" href={quoteattr(url)}/>',
            f"<updated>{_instant(r.published) or updated}</updated>",
            *([f"<published>{_instant(r.published)}</published>"] if r.published else []),
            *([f"<author><name>{escape(r.author)}</name></author>"] if r.author else []),
            *([f"<category term={quoteattr(r.province.name)}/>"] if r.province.name else []),
            f'<summary type="text">{escape(lead[:600])}</summary>',
            "</entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def feeds(site: Site) -> Iterator[Output]:
    catalog = site.catalog
    yield atom(site, "feed", "feed.xml", site.config.title, "index.html", catalog.articles)
    for taxonomy in ("province", "directive"):
        for term in site.terms_to_visit(taxonomy, "f"):
            page = term.path()
            entries = site.entries(term.articles[:FEED_SIZE])
            title = f"{site.config.title}: {term.name}"
            if taxonomy == "directive" and not term.meta.get("national"):
                title += f" ({term.meta.get('scope') or site.strings['unknown_province']})"
            owner = ("f", taxonomy, term.key)
            yield atom(site, owner, page.replace("index.html", "feed.xml"), title, page, entries)
