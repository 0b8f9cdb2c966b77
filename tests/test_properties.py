"""Property-based tests: for any input, extraction returns a record or a reported error (never an
uncaught exception), and slugs are always safe path segments."""

from __future__ import annotations

import posixpath
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archivegen.diagnostics import ArchivegenError
from archivegen.extract import extract, load_knowledge
from archivegen.slugs import slugify
from archivegen.sources import source_from_text
from archivegen.sources.decode import DecodeError, decode
from archivegen.write import safe_relative

from conftest import REPO

KNOWLEDGE = load_knowledge()
SEED_LINES = [
    line
    for path in sorted((REPO / "articles").glob("*.txt"))
    for line in path.read_text(encoding="utf-8").splitlines()
    if line.strip()
]
VIETNAMESE = st.text(
    alphabet=st.sampled_from(
        list('aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐEÊOÔƠƯáàảãạấầẩẫậéèẻẽẹốồổỗộớờởỡợ0123456789 ,.:;-–/()"“”\n\t')
    ),
    max_size=400,
)
MUTATED = st.lists(
    st.one_of(st.sampled_from(SEED_LINES), VIETNAMESE, st.text(max_size=80)), min_size=0, max_size=25
).map("\n".join)


def _extract(text: str, name: str) -> None:
    try:
        record = extract(source_from_text(text, name), KNOWLEDGE)
    except ArchivegenError as exc:
        assert exc.diagnostic.message
        return
    assert record.title
    assert all(re.fullmatch(r"\d+-[^/\s]+/\S+", d.id) for d in record.directives)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MUTATED)
def test_extraction_of_any_text_returns_a_record_or_an_error(text: str) -> None:
    _extract(text, "x.txt")


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_markdown_of_any_text_returns_a_record_or_an_error(text: str) -> None:
    _extract("---\ntitle: t\n---\n" + text, "x.md")
    _extract(text, "y.md")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000))
def test_any_bytes_decode_or_raise_decode_error(data: bytes) -> None:
    try:
        text, _ = decode(data)
    except DecodeError:
        return
    assert isinstance(text, str)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_slugs_are_safe_path_segments(text: str) -> None:
    slug = slugify(text)
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*|_", slug), slug
    assert len(slug) <= 80
    assert safe_relative(f"bai/{slug}/index.html").parts[1] == slug


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_unsafe_output_paths_are_refused(segment: str) -> None:
    path = f"bai/{segment}/index.html"
    try:
        parts = safe_relative(path).parts
    except ValueError:
        return
    assert ".." not in parts and not path.startswith("/") and all(ord(c) >= 32 for c in path)


SEGMENT = st.sampled_from(["bai", "tinh", "page", "2", "a", "ab", "x-y", "index.html", "feed.xml", "static"])
OUTPUT_PATH = st.lists(SEGMENT, min_size=1, max_size=4).map("/".join)


@given(OUTPUT_PATH, OUTPUT_PATH, st.booleans())
def test_links_resolve_to_their_target(here: str, there: str, pretty: bool) -> None:
    """A link made for a page (urls.linker, each page's `url`) is the one `href` makes, and it
    leads from the page's folder to the target (its folder, for a pretty link to an index)."""
    from archivegen.urls import href, linker, pretty_url

    link = linker(here, pretty=pretty)(there)
    assert link == href(here, there, pretty=pretty)
    target = pretty_url(there) if pretty else there
    folder = posixpath.dirname(here)
    resolved = posixpath.normpath(posixpath.join(folder, link))
    assert resolved == (posixpath.normpath(target) if target else "."), (here, there, link)
