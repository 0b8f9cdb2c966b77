"""Markdown articles: YAML front matter for the fields, Markdown for the body.

The body is rendered with Python-Markdown and read back as plain blocks (headings, paragraphs,
captions), so Markdown and scraped text articles reach the templates in the same shape and no
raw HTML from a source file is ever passed through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser
from typing import ClassVar

import nh3

from ..text import canonical, clean_line
from .fields import FieldsError, read_fields
from .layout import _caption
from .record import Block, Problem

_FENCE = re.compile(r"^---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|$)", re.DOTALL)


class FrontMatterError(FieldsError):
    """Front matter that cannot be used; `line` is 1-based within the file when known."""


@dataclass(frozen=True)
class MarkdownArticle:
    fields: dict[str, str]  # the usable values (fields.read_fields), the date as ISO ("published")
    title: str | None
    published: str | None
    blocks: tuple[Block, ...]
    problems: tuple[Problem, ...]  # every problem of the front matter, each with its line
    body_line: int  # line of the file where the body starts
    lines: dict[str, int]  # the file's line of each front-matter field


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
    fields: dict[str, str] = {}
    problems: tuple[Problem, ...] = ()
    lines: dict[str, int] = {}
    body, body_line = text, 1
    m = _FENCE.match(text)
    if m:
        try:
            read = read_fields(m.group(1) or "", first_line=2)
        except FieldsError as exc:
            raise FrontMatterError(str(exc), exc.line) from exc
        fields, problems, lines = read.values, read.problems, read.lines
        body = text[m.end() :]
        body_line = text[: m.end()].count("\n") + 1
    elif text.startswith("---"):
        raise FrontMatterError("front matter starts with '---' but has no closing '---'", 1)
    published = fields.get("published")

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
    return MarkdownArticle(
        fields=fields,
        title=fields.get("title"),
        published=published,
        blocks=tuple(blocks),
        problems=problems,
        body_line=body_line,
        lines=lines,
    )
