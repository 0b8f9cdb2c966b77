"""Render stage: the catalog into the files of the site. One module per output kind, each a
function from the shared `Site` context to `Output`s, all listed in OUTPUTS. Nothing here writes."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from .exports import exports
from .feeds import feeds
from .memo import RenderMemo
from .output import Output, RenderError
from .pages import (
    all_articles_pages,
    article_pages,
    home_pages,
    month_pages,
    not_found_page,
    search_page,
    taxonomy_pages,
    term_pages,
)
from .site import Site
from .sitemap import sitemap

# In the order they are written: pages are written before the pages that link to them (articles,
# then term pages, then indexes and home), so a build that is killed part way leaves no link to a
# page that does not exist yet.
OUTPUTS: tuple[Callable[[Site], Iterator[Output]], ...] = (
    article_pages,
    term_pages,
    month_pages,
    taxonomy_pages,
    all_articles_pages,
    search_page,
    not_found_page,
    feeds,
    home_pages,
)

# Yielded by site_outputs after the pages, feeds and sitemap, before the data exports.
PAGES_DONE = Output("")


def static_files(site: Site) -> Iterator[Output]:
    """The theme's static folder, copied under static/ (the writer skips unchanged copies)."""
    root = site.config.static_dir
    site.memo.visit("static")
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                target = "static/" + path.relative_to(root).as_posix()
                site.memo.unchanged("static", target, None)
                yield Output(target, copy_from=path)


def site_outputs(site: Site) -> Iterator[Output]:
    """Every output of the site, in a stable order. Raises RenderError on a template error.
    With the memo of the last build (a serve session), outputs whose inputs did not change come
    as `keep` outputs, unrendered, and outputs that no change can reach do not come at all:
    `memo.paths()` lists every output of the site. Call `memo.commit()` once they are written.
    The Site is made by the caller, which can look at its scope and fork first (see Site.claims:
    then the processes share out the pages, feeds and data exports, the exports first: the
    biggest outputs, taken first, leave the small pages to even out the end)."""
    split = site.claims is not None
    if split:
        yield from exports(site)
    yield from static_files(site)  # stylesheets before the pages that use them
    for output_kind in OUTPUTS:
        yield from output_kind(site)
    yield from sitemap(site, site.memo.paths())
    yield PAGES_DONE
    if not split:
        yield from exports(site)
    site.memo.rendered()


__all__ = [
    "OUTPUTS",
    "PAGES_DONE",
    "Output",
    "RenderError",
    "RenderMemo",
    "Site",
    "site_outputs",
]
