"""Extraction of one article: a decoded source to its `ArticleRecord` (see the package's
docstring). Imported on first use: a build that reads no file does not load the patterns."""

from __future__ import annotations

from functools import cached_property

from ..diagnostics import ArchivegenError, Diagnostic
from ..sources import Source
from ..text import canonical, clean_line, key
from . import directives, layout, people, places, units
from .directives import extract_directives
from .knowledge import Knowledge
from .layout import Layout, parse_layout
from .markdown_source import FrontMatterError, parse_markdown
from .people import extract_people
from .places import CAPTION_FACTOR, IN_HEADLINE_FACTOR, Segment, infer_province
from .record import ArticleRecord, Person, Problem, Province, pack_blocks
from .units import extract_units


def prepare(knowledge: Knowledge) -> None:
    """Build now what extraction otherwise builds on first use: its regular expressions, a fifth
    of a second to compile. Worker processes forked afterwards then share them instead of each
    compiling its own, and the first edit of a `serve` session, extracted in the process whose
    first build ran in workers, does not wait for them."""
    for name, attribute in vars(Knowledge).items():
        if isinstance(attribute, cached_property):
            getattr(knowledge, name)  # made when first read
    layout._trailer_marks(knowledge)
    for module in (directives, people, places, units):
        module._patterns(knowledge)


def extract(source: Source, knowledge: Knowledge) -> ArticleRecord:
    """The record of one source. Raises ArchivegenError for sources that cannot be parsed."""
    problems: list[Problem] = []
    slug = None
    province_override = None
    province_line = None
    if source.kind == "md":
        try:
            md = parse_markdown(source.text)
        except FrontMatterError as exc:
            raise ArchivegenError(Diagnostic("error", str(source.path), str(exc), exc.line)) from exc
        fields = md.fields
        problems.extend(md.problems)
        title = md.title or next((b.text for b in md.blocks if b.kind == "h"), None)
        blocks = md.blocks
        if title and blocks and blocks[0].kind == "h" and blocks[0].text == title:
            blocks = blocks[1:]
        layout = Layout(
            title or "",
            md.published,
            _field(fields, "author"),
            _field(fields, "publication"),
            blocks,
        )
        slug = _field(fields, "slug")
        province_override = _field(fields, "province")
        province_line = md.lines.get("province")
    else:
        layout = parse_layout(source.text, knowledge)

    if not layout.title:
        raise ArchivegenError(Diagnostic("error", str(source.path), "no title: the article has no text"))
    return _assemble(source, layout, knowledge, problems, slug, (province_override, province_line))


def _field(fields: dict[str, object], name: str) -> str | None:
    value = fields.get(name)
    return canonical(clean_line(str(value))) or None if value is not None else None


def _assemble(
    source: Source,
    layout: Layout,
    knowledge: Knowledge,
    problems: list[Problem],
    slug: str | None,
    override: tuple[str | None, int | None],
) -> ArticleRecord:
    """The record of an article's parts. `override`: the front matter's province and its line."""
    warnings: list[str] = []
    province_override, province_line = override
    texts = [layout.title, *(b.text for b in layout.blocks)]
    full_text = "\n".join(texts)
    segments = (
        Segment(layout.title, IN_HEADLINE_FACTOR),
        Segment("\n".join(b.text for b in layout.blocks if b.kind != "caption")),
        Segment("\n".join(b.text for b in layout.blocks if b.kind == "caption"), CAPTION_FACTOR, "caption"),
    )

    def inferred() -> Province:
        return infer_province(
            segments,
            knowledge,
            layout.publication,
            published=layout.published,
            banners=layout.banners,
            dateline_place=layout.place,
        )

    if province_override:
        name = knowledge.province_names.get(province_override) or next(
            (p for p in knowledge.provinces if key(p) == key(province_override)), None
        )
        if name:
            province = Province(name, knowledge.provinces[name].now, "front matter 'province'", "editor")
        else:
            problems.append(
                Problem(
                    "warning",
                    f"front matter: province {province_override!r} is not one of the 63; inferred instead",
                    province_line,
                )
            )
            province = inferred()
    else:
        province = inferred()

    directives, directive_warnings = extract_directives(full_text, knowledge, province.name, layout.published)
    warnings.extend(directive_warnings)
    units = extract_units(texts, province.name, knowledge)
    people = extract_people(texts, knowledge, layout.title)  # the headline names people too
    if layout.author and layout.author_role and all(key(p.name) != key(layout.author) for p in people):
        people = (Person(layout.author, layout.author_role), *people)  # the writer, with her position
    if province.name is None:
        warnings.append(f"province unknown: {province.evidence}")
    if len(layout.title) > 300:
        warnings.append(f"title is {len(layout.title)} characters long: is the first line really the title?")

    if not any(b.kind == "p" for b in layout.blocks):
        warnings.append("no body paragraphs found")
    return ArticleRecord(
        source_file=source.rel,
        title=layout.title,
        published=layout.published,
        author=layout.author,
        publication=layout.publication,
        province=province,
        directives=directives,
        units=units,
        people=people,
        problems=(*problems, *(Problem("warning", w) for w in warnings)),
        body=pack_blocks(layout.blocks),
        slug=slug,
    )
