"""Feeds and sitemaps checked as their readers and their specifications see them: feedparser
(what feed readers use), the Atom grammar and the sitemap schema in tests/schemas/ (lxml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import urljoin

import feedparser
from lxml import etree

SCHEMAS = Path(__file__).resolve().parent / "schemas"
ATOM = "{http://www.w3.org/2005/Atom}"


@cache
def _atom_grammar() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "atom.rng")))


@cache
def _sitemap_schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / "sitemap.xsd")))


def atom_problems(path: Path, url: str) -> list[str]:
    """What is wrong with the Atom feed at `path`, published at `url` (relative links resolve
    against it): nothing, for a valid feed."""
    data = path.read_bytes()
    problems = []
    grammar = _atom_grammar()
    root = etree.fromstring(data)
    if not grammar.validate(root):
        problems += [f"{path}:{e.line}: {e.message}" for e in grammar.error_log]
    # RFC 4287 4.1.1: an author for the feed, or for every entry; 4.1.2: an entry without content
    # has an alternate link.
    entries = root.findall(f"{ATOM}entry")
    if root.find(f"{ATOM}author") is None and any(e.find(f"{ATOM}author") is None for e in entries):
        problems.append(f"{path}: neither the feed nor every entry has an author")
    for entry in entries:
        links = [link.get("rel", "alternate") for link in entry.findall(f"{ATOM}link")]
        if entry.find(f"{ATOM}content") is None and "alternate" not in links:
            problems.append(f"{path}: an entry with neither content nor an alternate link")
    headers = {"content-location": url, "content-type": "application/atom+xml; charset=utf-8"}
    parsed = feedparser.parse(data, response_headers=headers)
    if parsed.bozo:
        problems.append(f"{path}: feedparser: {parsed.bozo_exception}")
    if parsed.version != "atom10":
        problems.append(f"{path}: feedparser reads it as {parsed.version!r}, not Atom 1.0")
    return problems


def entry_links(path: Path, url: str) -> list[str]:
    """The alternate links of a feed's entries, as a feed reader resolves them."""
    headers = {"content-location": url, "content-type": "application/atom+xml; charset=utf-8"}
    parsed = feedparser.parse(path.read_bytes(), response_headers=headers)
    return [urljoin(url, entry.link) for entry in parsed.entries]


def sitemap_problems(path: Path) -> list[str]:
    schema = _sitemap_schema()
    if schema.validate(etree.parse(str(path))):
        return []
    return [f"{path}:{e.line}: {e.message}" for e in schema.error_log]
