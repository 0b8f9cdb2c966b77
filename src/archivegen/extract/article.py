"""Extraction of one article: a decoded source to its `ArticleRecord` (see the package's
docstring). Imported on first use: a build that reads no file does not load the patterns."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

from ..diagnostics import ArchivegenError, Diagnostic
from ..sources import Source
from ..text import key
from . import directives, layout, people, places, units
from .directives import extract_directives
from .fields import EDITABLE, FieldsError, read_fields
from .knowledge import Knowledge
from .layout import Layout, parse_layout
from .markdown_source import FrontMatterError, parse_markdown
from .people import extract_people
from .places import CAPTION_FACTOR, IN_HEADLINE_FACTOR, Segment, infer_province, now_of
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


@dataclass(frozen=True)
class _Given:
    """What a person wrote about the article besides its text: the front matter's or the
    sidecar's slug, province (with its line and file) and source address, and which fields an
    editor's sidecar set."""

    slug: str | None = None
    province: str | None = None
    province_where: tuple[int | None, str | None] = (None, None)  # line, file
    province_from: str = "front matter"
    source_url: str | None = None
    edited: tuple[str, ...] = ()


def extract(source: Source, knowledge: Knowledge) -> ArticleRecord:
    """The record of one source. Raises ArchivegenError for sources that cannot be parsed."""
    problems: list[Problem] = []
    given = _Given()
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
        layout = Layout(title or "", md.published, fields.get("author"), fields.get("publication"), blocks)
        given = _Given(
            fields.get("slug"),
            fields.get("province"),
            (md.lines.get("province"), None),
            source_url=fields.get("source_url"),
        )
    else:
        layout = parse_layout(source.text, knowledge)
    if source.sidecar is not None:
        layout, given = _apply_sidecar(source, layout, given, problems)

    if not layout.title:
        raise ArchivegenError(Diagnostic("error", str(source.path), "no title: the article has no text"))
    return _assemble(source, layout, knowledge, problems, given)


def _apply_sidecar(
    source: Source, layout: Layout, given: _Given, problems: list[Problem]
) -> tuple[Layout, _Given]:
    """An editor's corrections (`foo.yaml` beside `foo.txt`): each field written there replaces
    what extraction found; the scraped text is left as it came. A sidecar that cannot be read is
    reported with its line and not used: the article is built from its text alone."""
    try:
        read = read_fields(source.sidecar or "", what="sidecar", file=source.sidecar_name)
    except FieldsError as exc:
        problems.append(Problem("error", f"{exc}; the sidecar is not used", exc.line, source.sidecar_name))
        return layout, given
    problems.extend(read.problems)
    edits = read.values
    layout = replace(
        layout,
        title=edits.get("title", layout.title),
        published=edits.get("published", layout.published),
        author=edits.get("author", layout.author),
        publication=edits.get("publication", layout.publication),
    )
    given = _Given(
        edits.get("slug", given.slug),
        edits.get("province", given.province),
        (read.lines.get("province"), source.sidecar_name) if "province" in edits else given.province_where,
        "sidecar" if "province" in edits else given.province_from,
        edits.get("source_url", given.source_url),
        tuple(f for f in EDITABLE if f in edits),
    )
    return layout, given


def _assemble(
    source: Source, layout: Layout, knowledge: Knowledge, problems: list[Problem], given: _Given
) -> ArticleRecord:
    """The record of an article's parts and of what a person wrote about it (`given`)."""
    warnings: list[str] = []
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

    if given.province:
        name = knowledge.province_names.get(given.province) or next(
            (p for p in (*knowledge.provinces, *knowledge.history) if key(p) == key(given.province)), None
        )
        if name:
            evidence = f"{given.province_from} 'province'"
            province = Province(name, now_of(name, knowledge), evidence, "editor")
        else:
            line, file = given.province_where
            message = (
                f"{given.province_from}: province {given.province!r} is not one of the 63; inferred instead"
            )
            problems.append(Problem("warning", message, line, file))
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
        slug=given.slug,
        source_url=given.source_url,
        edited=given.edited,
    )
