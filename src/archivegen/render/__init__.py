"""Render stage: the catalog into the files of the site. One module per output kind, each a
function from the shared `Site` context to `Output`s, all listed in OUTPUTS. Nothing here writes."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from ..catalog import Catalog
from ..config import Config
from ..extract import Knowledge
from .exports import exports
from .feeds import feeds
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
    exports,
    home_pages,
)


def static_files(site: Site) -> Iterator[Output]:
    """The theme's static folder, copied under static/."""
    root = site.config.static_dir
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file() and not path.name.startswith("."):
                yield Output("static/" + path.relative_to(root).as_posix(), copy_from=path)


def render_site(
    catalog: Catalog,
    config: Config,
    knowledge: Knowledge,
    page_cache: dict[str, tuple[bytes, bytes]] | None = None,
) -> Iterator[Output]:
    """Every output of the site, in a stable order. Raises RenderError on a template error.
    `page_cache` (path -> fingerprint, bytes) lets a serve session skip pages whose inputs are unchanged."""
    site = Site(catalog, config, knowledge, page_cache)
    yield from static_files(site)  # stylesheets before the pages that use them
    pages: list[str] = []
    for output_kind in OUTPUTS:
        for output in output_kind(site):
            pages.append(output.path)
            yield output
    yield from sitemap(site, pages)


__all__ = ["OUTPUTS", "Output", "RenderError", "render_site"]
