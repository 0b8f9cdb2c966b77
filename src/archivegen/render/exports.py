"""Open data for researchers: every record as JSON and CSV, and each index as JSON.

The CSV is UTF-8 with a byte-order mark so spreadsheet programs read Vietnamese correctly.
Text is written as data: nothing here is HTML, so nothing needs (or gets) escaping for a browser.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from functools import partial

from ..catalog import TAXONOMIES, ArticleEntry, Term
from .output import Output, PreviousLine
from .site import PLURAL, Site

CSV_COLUMNS = [
    "url",
    "title",
    "published",
    "author",
    "publication",
    "province",
    "province_now",
    "directives",
    "units",
    "people",
    "source_file",
]


def _json(lines: list[bytes]) -> bytes:
    """A JSON array with one item per line: as easy to diff and `grep` as indented JSON, and
    several times faster to write (only unindented output takes json's C encoder)."""
    return b"[\n" + b",\n".join(lines) + b"\n]\n" if lines else b"[]\n"


def _record_line(site: Site, entry: ArticleEntry) -> bytes:
    item = {"url": site.absolute_url(entry.path), **entry.record.to_dict()}
    return json.dumps(item, ensure_ascii=False).encode()


def _csv_line(site: Site, entry: ArticleEntry) -> bytes:
    r = entry.record
    row = {
        "url": site.absolute_url(entry.path),
        "title": r.title,
        "published": r.published or "",
        "author": r.author or "",
        "publication": r.publication or "",
        "province": r.province.name or "",
        "province_now": r.province.now or "",
        "directives": "; ".join(
            d.id if d.scope == "national" else f"{d.id} ({d.scope or '?'})" for d in r.directives
        ),
        "units": "; ".join(u.canonical or u.name for u in r.units),
        "people": "; ".join(f"{p.name} ({p.role})" if p.role else p.name for p in r.people),
        "source_file": r.source_file,
    }
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n").writerow(row)
    return buffer.getvalue().encode()


def _csv(site: Site, entries: tuple[ArticleEntry, ...]) -> bytes:
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n").writeheader()
    lines = [site.memo.piece(("csv", e.record.source_file), e, _csv_line, site, e) for e in entries]
    return ("\ufeff" + buffer.getvalue()).encode() + b"".join(lines)


def exports(site: Site) -> Iterator[Output]:
    """Each file is made again only when one of its articles or terms changed, and then from the
    lines of the last build for the articles and terms that did not."""
    catalog = site.catalog
    entries = catalog.articles
    yield site.data("records", "data/articles.json", entries, _records_json, site, entries)
    yield site.data("records", "data/articles.csv", entries, _csv, site, entries)
    for taxonomy in TAXONOMIES:
        if site.scope is not None and taxonomy not in site.scope.exports:
            continue
        terms = catalog.taxonomies[taxonomy]
        inputs = tuple((site.link(t), site.entries(t.articles)) for t in terms)
        path = f"data/{PLURAL[taxonomy]}.json"
        yield site.data(("d", taxonomy), path, inputs, _terms_json, site, terms, inputs)


def _records_json(site: Site, entries: tuple[ArticleEntry, ...]) -> Iterator[bytes | PreviousLine]:
    """data/articles.json, a line at a time as the writer writes it: it holds every record's text,
    about 16 KB per article, too much to hold whole at archive scale. A serve session keeps the
    lines between builds (`RenderMemo.hold_lines`), so an edit makes one line again, not all."""
    if not entries:
        yield b"[]\n"
        return
    # The last build's line of each article whose record has not changed, where the file on
    # disk is that build's: a build with the cache of the last one (serve holds the lines).
    last = site.memo.catalog
    line_of = {id(e): j + 1 for j, e in enumerate(last.articles)} if last and not site.memo.hold_lines else {}
    yield b"[\n"
    for i, e in enumerate(entries):
        line: bytes | PreviousLine
        if site.memo.hold_lines:
            line = site.memo.piece(("json", e.record.source_file), e, _record_line, site, e)
        elif id(e) in line_of:
            start = b'{"url": ' + json.dumps(site.absolute_url(e.path), ensure_ascii=False).encode() + b","
            line = PreviousLine(line_of[id(e)], start, partial(_record_line, site, e), b",")
        else:
            line = _record_line(site, e)
        yield line
        yield b",\n" if i < len(entries) - 1 else b"\n]\n"


def _terms_json(site: Site, terms: tuple[Term, ...], inputs: tuple[object, ...]) -> bytes:
    lines = [
        site.memo.piece(("term", t.taxonomy, t.key), these, _term_line, site, t)
        for t, these in zip(terms, inputs, strict=True)
    ]
    return _json(lines)


def _term_line(site: Site, t: Term) -> bytes:
    item = {
        "key": t.key,
        "name": t.name,
        **{k: v for k, v in t.meta.items() if v is not None},
        "url": site.absolute_url(t.path()),
        "articles": [site.absolute_url(site.catalog.articles[i].path) for i in t.articles],
    }
    return json.dumps(item, ensure_ascii=False).encode()
