"""Open data for researchers: every record as JSON and CSV, and each index as JSON.

The CSV is UTF-8 with a byte-order mark so spreadsheet programs read Vietnamese correctly.
Text is written as data: nothing here is HTML, so nothing needs (or gets) escaping for a browser.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from ..catalog import TAXONOMIES
from .output import Output
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


def _json(items: list[Any]) -> bytes:
    """A JSON array with one item per line: as easy to diff and `grep` as indented JSON, and
    several times faster to write (only unindented output takes json's C encoder)."""
    lines = ",\n".join(json.dumps(item, ensure_ascii=False) for item in items)
    return f"[\n{lines}\n]\n".encode() if items else b"[]\n"


def exports(site: Site) -> Iterator[Output]:
    catalog = site.catalog
    records = []
    rows = []
    for entry in catalog.articles:
        record = entry.record.to_dict()
        url = site.absolute_url(entry.path)
        records.append({"url": url, **record})
        r = entry.record
        rows.append(
            {
                "url": url,
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
        )
    yield Output("data/articles.json", _json(records))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    yield Output("data/articles.csv", ("\ufeff" + buffer.getvalue()).encode("utf-8"))
    for taxonomy in TAXONOMIES:
        terms = [
            {
                "key": t.key,
                "name": t.name,
                **{k: v for k, v in t.meta.items() if v is not None},
                "url": site.absolute_url(t.path()),
                "articles": [site.absolute_url(catalog.articles[i].path) for i in t.articles],
            }
            for t in catalog.taxonomies[taxonomy]
        ]
        yield Output(f"data/{PLURAL[taxonomy]}.json", _json(terms))
