"""The one URL rule: every page kind and key maps to one output path, and links are derived from
paths. Pretty URLs (`tinh/bac-kan/`), pagination as `…/page/2/`."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

# URL section of each taxonomy, in Vietnamese like the rest of the site.
SECTIONS = {
    "article": "bai",
    "province": "tinh",
    "unit": "don-vi",
    "directive": "van-ban",
    "person": "nhan-vat",
    "year": "nam",
}


@lru_cache(maxsize=1 << 17)  # a site asks for the same paths many times per build
def page_path(*segments: str, page: int = 1) -> str:
    """Output path of a page: page_path("tinh", "bac-kan") -> "tinh/bac-kan/index.html"."""
    parts = [s for s in segments if s]
    if page > 1:
        parts += ["page", str(page)]
    return "/".join([*parts, "index.html"])


def article_path(slug: str) -> str:
    return page_path(SECTIONS["article"], slug)


def is_article_page(path: str) -> bool:
    """Whether an output path is an article's page ("bai/<slug>/index.html"), not the list of
    all articles or one of its pages."""
    parts = path.split("/")
    if len(parts) != 3 or parts[2] != "index.html":
        return False
    return parts[0] == SECTIONS["article"] and parts[1] != "page"


def term_path(taxonomy: str, slug: str, page: int = 1) -> str:
    return page_path(SECTIONS[taxonomy], slug, page=page)


def taxonomy_path(taxonomy: str) -> str:
    return page_path(SECTIONS[taxonomy])


def pretty_url(path: str) -> str:
    """Site-relative URL of an output path: "tinh/bac-kan/index.html" -> "tinh/bac-kan/"."""
    if path == "index.html":
        return ""
    return path[: -len("index.html")] if path.endswith("/index.html") else path


def href(from_path: str, to_path: str, *, pretty: bool = False) -> str:
    """Relative link from one output file to another. Without `pretty`, links name index.html,
    so the site also works opened from disk (file://).

    Output paths are clean site-relative paths (no "." or ".." segments), so the link is computed
    from their common folders directly: posixpath.relpath resolves both against the working folder
    and took a third of the render time on a large site."""
    target = pretty_url(to_path) if pretty else to_path
    here = from_path.split("/")[:-1]
    there = target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    rel = "../" * (len(here) - common) + "/".join(there[common:])
    return rel or "./"


def linker(from_path: str, *, pretty: bool = False) -> Callable[[str], str]:
    """`href` from one page, as a function of the target: what depends on the page alone is
    worked out once, and a link into another section, most of a page's 20 (the navigation,
    lists of articles from a term page), is made without comparing folders."""
    cut = from_path.find("/") + 1
    first = from_path[:cut]  # the page's section, "bai/"; "" for a page at the top
    up = "../" * from_path.count("/")

    def link(to_path: str) -> str:
        target = pretty_url(to_path) if pretty else to_path
        if not target.startswith(first) or not cut:  # no folder in common
            return up + target or "./"
        return href(from_path, to_path, pretty=pretty)

    return link
