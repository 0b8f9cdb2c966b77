"""The article record: what extraction produces, `inspect --json` prints and templates receive.

Field names are a public contract (documented in docs/record.md, read by scoring tools): keep them.
"""

from __future__ import annotations

import marshal
import sys
import zlib
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache, lru_cache
from typing import Any, Literal


class _Plain:
    """Base of the record classes: pickled as the class and its field values. The default of a
    slotted dataclass goes through Python-level __getstate__/__setstate__, which made loading
    the build cache's records about 3 times slower."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), tuple(getattr(self, name) for name in _field_names(type(self))))


def _share(obj: object, names: tuple[str, ...]) -> None:
    """Intern the fields `names` of a record part: names of units, roles, document kinds repeat
    across thousands of records (92,000 unit mentions of 1,600 spellings at 10,000 articles).
    A record part is made again when it is unpickled (from a worker, from the build cache), so
    the parent process and the cache share them too."""
    for name in names:
        value = getattr(obj, name)
        if value is not None:
            object.__setattr__(obj, name, sys.intern(value))


@dataclass(frozen=True, slots=True)
class Clue(_Plain):
    """One piece of evidence for a province, as the text gives it: what kind ("body": a Party
    or State body of the province, "place": "tỉnh X", "newspaper", "banner", "dateline",
    "headline", "unit", "district", "commune", "mention", "historical"), the words, the
    province they point to and their weight (0 when they count for nothing, e.g. history)."""

    kind: str
    text: str
    province: str | None
    weight: float
    note: str = ""  # "venue", "visitor", "caption", "resolved by …", "by date"

    def __post_init__(self) -> None:
        _share(self, ("kind", "province", "note"))


@dataclass(frozen=True, slots=True)
class Province(_Plain):
    name: str | None  # province at publication time (one of the 63 before 1 July 2025, or of its time)
    now: str | None  # the 2025 province (one of 34) that absorbed it
    evidence: str  # why, in words a person can check
    confidence: str = ""  # "strong", "single" (one clue), "conflicting", "weak", "none" (no clue), "editor"
    clues: tuple[Clue, ...] = ()  # every clue found, strongest first

    def __post_init__(self) -> None:
        _share(self, ("name", "now", "confidence"))


@dataclass(frozen=True, slots=True)
class Directive(_Plain):
    id: str  # normalised "NUMBER-TYPE/ISSUER", e.g. "05-CT/TW"
    kind: str  # document type in words: "Chỉ thị", "Kết luận", ...
    number: str  # as numbered, leading zeros kept: "05"
    issuer: str  # issuer code: "TW", "TU", "HU", "ĐU", ...
    scope: str | None  # "national" for central documents, else the province it belongs to (None: unknown)
    written_as: tuple[str, ...]  # every spelling found in the text, first first
    issued: str | None = None  # ISO date of issue when the text gives it
    issued_by: str | None = None  # issuing body in words when the text says it ("Bộ Chính trị")
    title: str | None = None  # from the registry of national documents

    def __post_init__(self) -> None:
        _share(self, ("id", "kind", "number", "issuer", "scope", "issued_by", "title"))


@dataclass(frozen=True, slots=True)
class Unit(_Plain):
    name: str  # as the article writes it, party prefix dropped ("Sở KH&CN")
    kind: str  # "national", "provincial", "district", "party", "organisation"
    province: str | None  # province the unit belongs to (None for national units or when unknown)
    canonical: str = ""  # abbreviations written out ("Sở Khoa học và Công nghệ"): identifies the unit

    def __post_init__(self) -> None:
        _share(self, ("name", "kind", "province", "canonical"))


@dataclass(frozen=True, slots=True)
class Person(_Plain):
    name: str
    role: str | None  # as written around the name
    national: bool = False  # the role is one of the whole country's: one person wherever named

    def __post_init__(self) -> None:
        _share(self, ("name", "role"))


@dataclass(frozen=True, slots=True)
class Caption(_Plain):
    text: str
    credit: str | None


@dataclass(frozen=True, slots=True)
class Block(_Plain):
    """One piece of the body in reading order: a paragraph, a heading or a photo caption."""

    kind: str  # "p", "h" or "caption"
    text: str
    credit: str | None = None
    html: str | None = None  # Markdown paragraphs: the text with its emphasis and links, sanitised


def pack_blocks(blocks: tuple[Block, ...] | list[Block]) -> bytes:
    """The body as one compressed string of bytes: a record holds its text this way, about a
    third of its size as Python strings and one object instead of a hundred, which is what
    keeps 10,000s of records in memory, in the build cache and between processes cheap.

    The first paragraph (the lead that lists and feeds show) is packed apart, in front: it is
    read for every article of every build, and unpacking whole bodies for it was 3.5 % of a
    10,000-article build. It is not compressed: 325 characters on average, whose compression
    (24 us, zlib's set-up mostly) cost more than it saved (about 150 bytes). Layout: 4 bytes
    (little-endian) giving the length of the lead in UTF-8, the lead, the compressed blocks with
    the lead's text left out (None)."""
    fields = [(b.kind, b.text, b.credit, b.html) for b in blocks]
    at = next((i for i, f in enumerate(fields) if f[0] == "p"), None)
    lead = ""
    if at is not None:
        kind, lead, credit, html = fields[at]
        fields[at] = (kind, None, credit, html)  # type: ignore[assignment]
    head = lead.encode("utf-8")
    return len(head).to_bytes(4, "little") + head + zlib.compress(marshal.dumps(tuple(fields)), 1)


def _parts(body: bytes) -> tuple[memoryview, memoryview]:
    """The lead, in UTF-8, and the compressed rest of a packed body (see pack_blocks)."""
    size = int.from_bytes(body[:4], "little")
    view = memoryview(body)
    return view[4 : 4 + size], view[4 + size :]


def body_lead(body: bytes) -> str:
    """The first paragraph of a packed body, without unpacking the rest ("" if there is none)."""
    return str(_parts(body)[0], "utf-8") if body else ""


BlockFields = tuple[str, str, str | None, str | None]
"""A block as (kind, text, credit, html)."""


@lru_cache(maxsize=64)  # a page asks for the same body several times in a row
def unpack_fields(body: bytes) -> tuple[BlockFields, ...]:
    """The blocks of a packed body as plain tuples: what pages and exports read, made without a
    Block object each (a frozen dataclass costs a microsecond to make, and an article has 26)."""
    if not body:
        return ()
    head, rest = _parts(body)
    fields: tuple[BlockFields, ...] = marshal.loads(zlib.decompress(rest))
    for i, (kind, text, credit, html) in enumerate(fields):
        if text is None:  # the lead, packed apart
            lead = str(head, "utf-8")
            return (*fields[:i], (kind, lead, credit, html), *fields[i + 1 :])
    return fields


def unpack_blocks(body: bytes) -> tuple[Block, ...]:
    """The blocks as Block objects (`ArticleRecord.blocks`), from unpack_fields' cache."""
    return tuple(Block(*f) for f in unpack_fields(body))


@dataclass(frozen=True, slots=True)
class Problem(_Plain):
    """Something in one article a person should fix or check: an error (the value was not used,
    the build fails) or a warning, with the line of the file to open when there is one."""

    level: Literal["error", "warning"]
    message: str
    line: int | None = None  # 1-based, in the source file
    file: str | None = None  # the file it is in, when not the article's (its sidecar: "foo.yaml")


@dataclass(frozen=True, slots=True)
class ArticleRecord(_Plain):
    source_file: str  # path relative to the content folder
    title: str
    published: str | None  # ISO 8601 date or date-time (no seconds when the source has none)
    author: str | None
    publication: str | None  # newspaper or outlet ("Báo Bắc Ninh")
    province: Province
    directives: tuple[Directive, ...]
    units: tuple[Unit, ...]
    people: tuple[Person, ...]
    problems: tuple[Problem, ...] = ()
    body: bytes = field(default=b"", repr=False)  # pack_blocks(blocks): see the properties below
    slug: str | None = None  # front-matter override of the article's URL slug
    source_url: str | None = None  # the original article on the web (front matter or sidecar)
    edited: tuple[str, ...] = ()  # the fields an editor's sidecar file set ("title", "province", …)

    @property
    def warnings(self) -> tuple[str, ...]:
        """The warnings' messages (the record's field before problems carried levels and lines)."""
        return tuple(p.message for p in self.problems if p.level == "warning")

    # The body's views, all made from `body` when asked for (docs/record.md lists them as fields).
    @property
    def blocks(self) -> tuple[Block, ...]:
        """The body in reading order (paragraphs, headings, captions), for pages."""
        return unpack_blocks(self.body)

    @property
    def lead(self) -> str:
        """The first paragraph ("" if none), read without unpacking the rest of the body."""
        return body_lead(self.body)

    @property
    def headings(self) -> tuple[str, ...]:
        return tuple(text for kind, text, _, _ in unpack_fields(self.body) if kind == "h")

    @property
    def captions(self) -> tuple[Caption, ...]:
        blocks = unpack_fields(self.body)
        return tuple(Caption(text, credit) for kind, text, credit, _ in blocks if kind == "caption")

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(text for kind, text, _, _ in unpack_fields(self.body) if kind == "p")

    @property
    def body_text(self) -> str:
        """Paragraphs, headings and captions joined by blank lines, page chrome removed."""
        return "\n\n".join(f[1] for f in unpack_fields(self.body))

    def to_dict(self, *, blocks: bool = False) -> dict[str, Any]:
        """Plain JSON-ready dict (tuples become lists), keys in the documented order. `blocks`
        repeats the body in page form, so exports leave it out unless asked."""
        return {n: _plain(getattr(self, n)) for n in RECORD_KEYS if blocks or n != "blocks"}


# The record's keys as docs/record.md lists them: stored fields and the body's views.
RECORD_KEYS = (
    "source_file",
    "title",
    "published",
    "author",
    "publication",
    "province",
    "directives",
    "units",
    "people",
    "headings",
    "captions",
    "body_text",
    "paragraphs",
    "warnings",
    "problems",
    "blocks",
    "slug",
    "source_url",
    "edited",
)


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def _plain(value: Any) -> Any:
    """`dataclasses.asdict` without its deep copies of every string: the records are immutable,
    and exports convert every record on every build."""
    kind = type(value)
    if kind in _SCALARS:  # most values: one set lookup (this ran a million times per 10k records)
        return value
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(kind)}
    return value


_SCALARS = frozenset({str, int, float, bool, type(None), bytes})
