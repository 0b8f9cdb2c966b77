"""sitemap.xml and robots.txt, from the pages the other output kinds produced."""

from __future__ import annotations

from collections.abc import Iterator
from xml.sax.saxutils import escape

from .output import Output
from .site import Site


def _sitemap(site: Site, pages: frozenset[str]) -> Iterator[bytes]:
    """Made piece by piece: the 55,000 addresses of a site of 10,000 articles held at once were
    14 MB, at the end of a render, when memory is at its peak."""
    yield (
        b'<?xml version="1.0" encoding="utf-8"?>\n'
        b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
    )
    urls = [p for p in sorted(pages) if p.endswith(".html") and p != "404.html"]

    def lines(part: list[str]) -> str:
        return "".join(f"<url><loc>{escape(site.absolute_url(p))}</loc></url>\n" for p in part)

    whole = len(urls) - len(urls) % 1000  # batches of 1,000; the rest goes with the end
    for at in range(0, whole, 1000):
        yield lines(urls[at : at + 1000]).encode("utf-8")
    yield (lines(urls[whole:]) + ("" if urls else "\n") + "</urlset>\n").encode("utf-8")


def sitemap(site: Site, outputs: set[str]) -> Iterator[Output]:
    """From the paths of all other outputs (so it comes last). A sitemap lists absolute URLs
    only: without the site's address (`base_url`) there is none (the build says so)."""
    yield site.data("sitemap", "robots.txt", (), _robots, site)
    if not site.config.published_at:
        return
    previous = site.memo.tokens.get("sitemap.xml")
    if site.scope is not None and previous is not None and outputs == site.memo.paths_on_disk:
        listed = previous[1]  # type: ignore[index]  # (version, pages): the same pages as last time
    else:
        listed = frozenset(p for p in outputs if p.endswith(".html"))
    yield site.data("sitemap", "sitemap.xml", listed, _sitemap, site, listed)


def _robots(site: Site) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if site.config.published_at:
        lines.append(f"Sitemap: {site.config.published_at}sitemap.xml")
    return ("\n".join(lines) + "\n").encode("utf-8")
