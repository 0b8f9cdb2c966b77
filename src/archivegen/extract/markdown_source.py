"""Markdown articles: YAML front matter for the fields, Markdown for the body.

The body is rendered with Python-Markdown and read back as plain blocks (headings, paragraphs,
captions), so Markdown and scraped text articles reach the templates in the same shape and no
raw HTML from a source file is ever passed through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html import escape
from html.parser import HTMLParser
from typing import Any, ClassVar

import nh3
import yaml

from ..text import canonical, clean_line
from ..yamlload import yaml_problem
from .dates import parse_date_value
from .layout import _caption
from .record import Block, Problem

FRONT_MATTER_KEYS = {
    "title": "article title",
    "date": "publication date (ISO 8601 or dd/mm/yyyy [hh:mm]); 'published' is accepted too",
    "published": "same as date",
    "author": "author's name",
    "publication": "newspaper or outlet",
    "province": "province at publication time, when the text does not make it clear",
    "slug": "URL slug of the article page, instead of one made from the title",
}
_FENCE = re.compile(r"^---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)", re.DOTALL)


class FrontMatterError(ValueError):
    """Front matter that cannot be used; `line` is 1-based within the file when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class MarkdownArticle:
    fields: dict[str, Any]
    title: str | None
    published: str | None
    blocks: tuple[Block, ...]
    problems: tuple[Problem, ...]  # every problem of the front matter, each with its line
    body_line: int  # line of the file where the body starts
    lines: dict[str, int]  # the file's line of each front-matter field


def _without_timestamps(loader: type) -> type:
    """A YAML safe loader that leaves dates as the strings they are written as: YAML would make
    `date: 2021-13-45` a date and fail with "month must be in 1..12", naming neither the field
    nor the line. parse_date_value reads them, and says what is wrong with one."""
    resolvers = {
        first: [(tag, regexp) for tag, regexp in found if tag != "tag:yaml.org,2002:timestamp"]
        for first, found in loader.yaml_implicit_resolvers.items()
    }
    return type(f"FrontMatter{loader.__name__}", (loader,), {"yaml_implicit_resolvers": resolvers})


# libyaml's parser where PyYAML has it (several times faster); PyYAML's own decides on an error
# (see yamlload.load_yaml).
_LOADERS = tuple(_without_timestamps(c) for c in (getattr(yaml, "CSafeLoader", None), yaml.SafeLoader) if c)


def _load_front_matter(text: str) -> Any:
    for loader in _LOADERS[:-1]:
        try:
            return yaml.load(text, Loader=loader)  # a safe loader
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=_LOADERS[-1])  # a safe loader


_ISO_DAY = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\b")


def _date_problem(raw: object) -> str:
    """Why a front-matter date value is not a date, in words."""
    m = _ISO_DAY.match(raw) if isinstance(raw, str) else None
    if m:
        try:
            date(*map(int, m.groups()))
        except ValueError as exc:
            return f"{raw!r} is not a date: {exc}"
    return f"{raw!r} is not a date (write YYYY-MM-DD, YYYY-MM-DD HH:MM or DD/MM/YYYY)"


def _key_lines(front_matter: str, first_line: int) -> dict[str, int]:
    """The line of the file where each top-level field of the front matter is written."""
    lines = {}
    for n, line in enumerate(front_matter.splitlines()):
        m = re.match(r"""["']?([^\s:"'#][^:"']*)["']?\s*:""", line)
        if m and m.group(1) not in lines:
            lines[m.group(1).strip()] = n + first_line
    return lines


class _BlockReader(HTMLParser):
    """Collects the text of block elements from rendered Markdown."""

    _BLOCKS: ClassVar[dict[str, str]] = {
        "p": "p",
        "li": "p",
        "blockquote": "p",
        "h1": "h",
        "h2": "h",
        "h3": "h",
        "h4": "h",
        "h5": "h",
        "h6": "h",
        "figcaption": "caption",
        "td": "p",
        "pre": "p",
    }

    # Elements whose content is code or an embedded document, never text for a reader.
    _SKIP: ClassVar[frozenset[str]] = frozenset(
        {"script", "style", "iframe", "object", "template", "noscript"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, str]] = []  # (kind, text, sanitised inline HTML)
        self._stack: list[tuple[str, list[str], list[str]]] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self._skipping += 1
        elif tag in self._BLOCKS:
            self._stack.append((tag, [], []))
        elif self._stack and not self._skipping:
            if tag == "br":
                self._stack[-1][1].append(" ")
            attributes = "".join(f' {name}="{escape(value or "")}"' for name, value in attrs)
            self._stack[-1][2].append(f"<{tag}{attributes}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        elif self._stack and self._stack[-1][0] == tag:
            tag, parts, markup = self._stack.pop()
            text = clean_line("".join(parts))
            if text:
                self.blocks.append((self._BLOCKS[tag], text, sanitise("".join(markup))))
        elif self._stack and not self._skipping:
            self._stack[-1][2].append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self._stack and not self._skipping:
            self._stack[-1][1].append(data)
            self._stack[-1][2].append(escape(data))


# What a paragraph of a Markdown article may keep: emphasis, code and links to web pages. The rest
# (scripts, frames, event handlers, javascript: URLs, styles) is removed by nh3, a maintained HTML
# sanitiser (ammonia), not by our own filtering.
INLINE_TAGS = {"em", "strong", "b", "i", "code", "a", "br", "sub", "sup", "abbr", "mark", "s"}


def sanitise(fragment: str) -> str:
    return nh3.clean(
        fragment,
        tags=INLINE_TAGS,
        attributes={"a": {"href", "title"}, "abbr": {"title"}},
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    ).strip()


def parse_markdown(text: str) -> MarkdownArticle:
    """Split front matter from body and read both. Every problem of a field is reported with its
    line, all of them at once; a value that cannot be used is left out (an error), and the
    article is read without it. Raises FrontMatterError when the front matter cannot be read."""
    fields: dict[str, Any] = {}
    problems: list[Problem] = []
    lines: dict[str, int] = {}
    body, body_line = text, 1
    m = _FENCE.match(text)
    if m:
        front_matter = m.group(1) or ""
        try:
            loaded = _load_front_matter(front_matter)
        except (yaml.YAMLError, ValueError) as exc:  # ValueError: a value YAML cannot make
            problem, line = yaml_problem(exc, front_matter, first_line=2)
            raise FrontMatterError(f"invalid YAML front matter: {problem}", line or 1) from exc
        if loaded is not None and not isinstance(loaded, dict):
            raise FrontMatterError("front matter must be a mapping of fields (key: value)", 2)
        fields = loaded or {}
        lines = _key_lines(front_matter, 2)
        body = text[m.end() :]
        body_line = text[: m.end()].count("\n") + 1
        for k in fields:
            if k not in FRONT_MATTER_KEYS:
                problems.append(
                    Problem(
                        "warning",
                        f"front matter: unknown field '{k}' ignored (known: {', '.join(FRONT_MATTER_KEYS)})",
                        lines.get(str(k)),
                    )
                )
    elif text.startswith("---"):
        raise FrontMatterError("front matter starts with '---' but has no closing '---'", 1)

    published = None
    name = "date" if "date" in fields else "published"
    raw_date = fields.get(name)
    if raw_date is not None:
        published = parse_date_value(raw_date)
        if published is None:
            problems.append(
                Problem(
                    "error",
                    f"{name}: {_date_problem(raw_date)}; the article is built without a date",
                    lines.get(name),
                )
            )

    problems.sort(key=lambda p: p.line or 0)  # in the order of the file
    reader = _BlockReader()
    import markdown  # 13 ms to import, for Markdown sources only: not for a warm rebuild

    reader.feed(markdown.markdown(body, extensions=["tables"], output_format="html"))
    reader.close()
    blocks = []
    for kind, block_text, markup in reader.blocks:
        block_text = canonical(block_text)
        if kind == "p":
            plain = escape(block_text, quote=False) == markup  # nothing but text: no HTML to keep
            blocks.append(
                _caption(block_text) or Block("p", block_text, html=None if plain else canonical(markup))
            )
        else:
            blocks.append(Block(kind, block_text))
    title = fields.get("title")
    return MarkdownArticle(
        fields=fields,
        title=canonical(clean_line(str(title))) if title is not None else None,
        published=published,
        blocks=tuple(blocks),
        problems=tuple(problems),
        body_line=body_line,
        lines=lines,
    )
