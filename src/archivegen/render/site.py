"""The rendering context shared by every output kind: templates, UI strings, links, pagination."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import math
import re
import types
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, MutableMapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import jinja2.runtime
import markupsafe

from ..catalog import TAXONOMIES, ArticleEntry, Catalog, Term
from ..config import Config
from ..extract import Knowledge
from ..urls import linker, page_path, pretty_url, taxonomy_path
from ..yamlload import load_yaml
from .claims import RUN, Claims
from .context import Lookup, article_summary, format_date
from .memo import RenderMemo
from .output import Output, RenderError
from .scope import scope_of

PLURAL = {
    "province": "provinces",
    "directive": "directives",
    "unit": "units",
    "person": "people",
    "year": "years",
}
SEARCH_PATH = page_path("tim-kiem")


@functools.cache  # package data: it does not change while the process runs
def load_strings(language: str = "vi") -> dict[str, str]:
    """The site's interface text: one file per language, Vietnamese when the language has none."""
    folder = resources.files("archivegen") / "data"
    name = f"strings.{language}.yaml"
    if not (folder / name).is_file():
        name = "strings.vi.yaml"
    return load_yaml((folder / name).read_text(encoding="utf-8"))


class _Environment(jinja2.Environment):
    """Jinja2 where `x.name` on a dict looks up the key first. Every context is made of dicts,
    and Jinja's own order (attribute first) pays for a raised AttributeError on each of the
    millions of lookups of a large site. A key that shares its name with a dict method (`items`)
    now means the key: the template asked for the value, not the method."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as one dict, not Jinja's ChainMap over the environment's: each
        context is made from them, and iterating a ChainMap runs in Python, twice per context,
        three contexts a page (5 % of the time of a term page). Nothing changes the
        environment's globals once templates are loaded (Site makes a new environment instead)."""
        return {**self.globals, **(d or {})}


class _Context(jinja2.runtime.Context):
    """Jinja2's context, with a short way for calls of plain functions and macros (`url(...)`,
    about 20 per page). Jinja's `call` looks at every callable for the decorators that ask for
    the context (`pass_context` and the like) before calling it: a fifth of the template time of
    a large site. Functions that carry such a decorator still go Jinja's way."""

    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if type(__obj) not in _PLAIN_CALLABLES or hasattr(__obj, "jinja_pass_arg"):
            return super().call(__obj, *args, **kwargs)
        if kwargs:
            kwargs.pop("_loop_vars", None)
            kwargs.pop("_block_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Jinja does: a generator's end is not the template's
            return __self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


# Functions, macros, and methods such as a dict's `get` (`extras.get("chart")`: six per term page).
_PLAIN_CALLABLES = (types.FunctionType, jinja2.runtime.Macro, types.BuiltinMethodType, types.MethodType)

try:  # markupsafe's C escaper: the one markupsafe.escape calls
    from markupsafe._speedups import _escape_inner
except ImportError:  # markupsafe without its compiled part: templates use markupsafe.escape
    _escape_inner = None


def _escape(value: Any) -> str:
    """markupsafe.escape, with a short way for what pages print most. The compiled code of a
    template only ever joins what it escapes into its output (a macro's or a `{% set %}`
    block's output is made Markup by Jinja afterwards), so a str is escaped and left a str: a
    new Markup object for each of the 60 values a page prints was 2.4 million of them for the
    term pages alone at 10,000 articles. Markup passes as it is: markupsafe.escape would copy
    it (the HTML of a macro, a list of 20 articles) once more each time a template printed it.
    The bytes are the same."""
    kind = type(value)
    if kind is str:
        return _escape_inner(value)  # type: ignore[misc]  # only installed where it exists
    if kind is markupsafe.Markup:
        return value
    return markupsafe.escape(value)


class _Template(jinja2.Template):
    """Jinja2's template, whose compiled code escapes with _escape: that code looks `escape` up
    in its module's namespace at each call."""

    @classmethod
    def _from_namespace(cls, environment: Any, namespace: Any, globals: Any) -> Any:
        if _escape_inner is not None:
            namespace["escape"] = _escape
        return super()._from_namespace(environment, namespace, globals)


def make_environment(config: Config) -> jinja2.Environment:
    """Jinja2 with autoescaping on and StrictUndefined: a typo in a template is an error, not a blank."""
    env = _Environment(
        loader=jinja2.FileSystemLoader(str(config.templates_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Site() makes a new environment whenever a template's bytes change: Jinja need not
        # stat every template file again each time a page imports or extends it.
        auto_reload=False,
    )
    env.context_class = _Context
    env.template_class = _Template
    env.filters["date_vi"] = format_date
    return env


def _template_sources(folder: Path) -> dict[str, bytes]:
    """Every template file's bytes, by its name as templates refer to it."""
    if not folder.is_dir():
        return {}
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


_COMPUTED = re.compile(rb"""{%-?\s*(?:extends|include|import|from)\s+[^\s"']""")
_REFERENCE = re.compile(rb"""{%-?\s*(?:extends|include|import|from)\s+["']([^"']+)["']""")


def _template_versions(sources: dict[str, bytes], base: bytes) -> dict[str, bytes]:
    """Per template, a digest of its source and of every template it extends, includes or imports
    (transitively): a page is rendered again when one of those changes, and only then. A name
    the templates build at run time is not seen here; then every template counts as used."""
    refs = {name: set(m.decode() for m in _REFERENCE.findall(src)) for name, src in sources.items()}
    dynamic = any(_COMPUTED.search(src) for src in sources.values())
    versions = {}
    for name in sources:
        used = set(sources) if dynamic else _closure(name, refs)
        digest = hashlib.blake2b(base)
        for used_name in sorted(used | {name}):
            digest.update(used_name.encode() + b"\0" + sources.get(used_name, b"") + b"\0")
        versions[name] = digest.digest()
    return versions


def _closure(name: str, refs: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    todo = [name]
    while todo:
        for ref in refs.get(todo.pop(), ()):
            if ref not in seen:
                seen.add(ref)
                todo.append(ref)
    return seen


def _member_keys(entries: tuple[ArticleEntry, ...]) -> tuple[tuple[Any, ...], ...]:
    return tuple(e.sort_key for e in entries)


def _provinces(entries: tuple[ArticleEntry, ...]) -> tuple[str | None, ...]:
    return tuple(e.record.province.name for e in entries)


def _link_token(term: Term) -> tuple[Any, ...]:
    return (term.name, term.slug, len(term.articles), term.meta)


def _template_frame(exc: BaseException) -> str | None:
    """`templates/x.html:LINE` of the innermost template frame in a rendering traceback."""
    where = None
    tb = exc.__traceback__
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt")):
            where = f"{filename}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


class Site:
    """Everything an output kind needs to render: catalog, config, templates, strings, lookups,
    and the memo of the last build (a fresh one for a build from scratch)."""

    def __init__(
        self, catalog: Catalog, config: Config, knowledge: Knowledge, memo: RenderMemo | None = None
    ):
        self.memo = memo if memo is not None else RenderMemo()
        self.catalog = catalog
        self.config = config
        self.knowledge = knowledge
        self.lookup = Lookup(catalog, self.memo.lookup)
        self.strings = load_strings(config.language)
        # The archive's feed is made when an article has a date (render/feeds.py): every page's
        # header links it, so that is part of what every page is made from (self.version).
        articles = catalog.articles
        feed = "feed.xml" if articles and articles[0].record.published else None
        self.site = {
            "title": config.title,
            "description": config.description,
            "language": config.language,
            "base_url": config.base_url,
            "search": config.search,
            "feed": feed,
        }
        self.nav = [
            {"label": self.strings["home"], "path": "index.html"},
            *({"label": self.label(t), "path": taxonomy_path(t)} for t in TAXONOMIES),
        ]
        if config.search:
            self.nav.append({"label": self.strings["search"], "path": SEARCH_PATH})
        # What every output depends on besides its own inputs: settings and interface text.
        self.version = hashlib.blake2b(
            repr((config, self.strings, knowledge.version, feed)).encode()
        ).digest()
        sources = _template_sources(config.templates_dir)
        self.templates = _template_versions(sources, self.version)
        everything = hashlib.blake2b(b"".join(self.templates.values())).digest()
        if self.memo.env is None or self.memo.env[0] != everything:
            self.memo.env = (everything, make_environment(config))
        self.env = self.memo.env[1]
        self._links: dict[object, Any] = {}
        # A serve rebuild whose settings and templates are those of the last build looks again
        # only at what the catalog's delta can reach; any other build looks at everything.
        version = (self.version, tuple(sorted(self.templates.items())))
        previous, delta = self.memo.catalog, catalog.delta
        scoped = (
            previous is not None
            and delta is not None
            and delta.base == id(previous)
            and self.memo.version == version
        )
        self.memo.begin(catalog, version, scoped, self.lookup)
        self.scope = scope_of(self, previous, delta) if scoped else None  # type: ignore[arg-type]
        # When several processes render one build (build._write_pages): which outputs are this
        # process's (the first to reach them takes them), and whether it is the first process,
        # which goes through every output's token so that its memo is the whole build's. The
        # others, whose memo is thrown away, compute only the tokens of their own outputs.
        self.claims: Claims | None = None
        self.first = True
        self._decided: tuple[str, bool] | None = None  # skip()'s answer, for page() or data()

    def elsewhere(self, path: str, run: int = RUN) -> bool:
        """Whether another process renders and writes the output at `path`: asked once per
        output, in the order of the outputs, by every process (see Claims; `run`: how many
        outputs to take at once if this one is the first of a new claim)."""
        if self.claims is None:
            return False
        decided, self._decided = self._decided, None
        if decided is not None and decided[0] == path:
            return not decided[1]
        return not self.claims.mine(run)

    def skip(self, owner: object, path: str) -> bool:
        """Whether a generator can pass over `owner`'s output at `path` without computing its
        token: in a forked worker, for another process's output. The path is still listed
        (memo.paths(), which the sitemap reads). Generators ask before the token; page() and
        data() then take this answer for the same output instead of asking again."""
        if self.claims is None:
            return False
        mine = self.claims.mine()
        if self.first or mine:
            self._decided = (path, mine)
            return False
        self.memo.visit(owner)
        self.memo.listed(owner, path)
        return True

    def load_templates(self) -> None:
        """Compile every template now: processes forked afterwards share them. A template that
        does not compile is left for render() to report, if a page uses it."""
        for name in self.templates:
            if name.endswith((".html", ".xml", ".txt")):
                with contextlib.suppress(jinja2.TemplateError):
                    self.env.get_template(name)

    def page(
        self,
        owner: object,
        template: str,
        path: str,
        token: object,
        context: Callable[..., dict[str, Any]],
        *args: Any,
        **kw: Any,
    ) -> Output:
        """The page at `path`, rendered from `context(*args, **kw)` (title, optional `rooted`, and
        the template's variables) unless its inputs are those of the page on disk: `token`, which
        must hold everything the context is made from, and the template's version. `owner` is
        what the page belongs to (an article, a term, ...): see RenderMemo."""
        self.memo.visit(owner)
        elsewhere = self.elsewhere(path)  # asked even of a page kept: every process asks the same
        if self.memo.unchanged(owner, path, (self.templates.get(template), token)):
            return Output(path, keep=True)
        if elsewhere:
            return Output(path, elsewhere=True)
        return self.render(template, path, **context(*args, **kw))

    def data(
        self,
        owner: object,
        path: str,
        token: object,
        make: Callable[..., bytes | Iterator[bytes]],
        *args: Any,
    ) -> Output:
        """A file made without templates (feeds, exports) by `make(*args)`, made again only when
        `token` changed. `make` returns the bytes, or a generator of them for a file too big to
        hold whole (its pieces are made as the writer writes them)."""
        self.memo.visit(owner)
        elsewhere = self.elsewhere(path, 1)  # taken one by one: a data export is big
        if self.memo.unchanged(owner, path, (self.version, token)):
            return Output(path, keep=True)
        if elsewhere:
            return Output(path, elsewhere=True)
        made = make(*args)
        return Output(path, made) if isinstance(made, bytes) else Output(path, chunks=made)

    def articles_to_visit(self) -> Iterable[int]:
        """Indexes of the articles whose pages to check; the others are kept as they are. The
        pages of articles that are gone are dropped here."""
        if self.scope is None:
            return range(len(self.catalog.articles))
        for source in self.scope.removed_sources:
            self.memo.visit(("a", source))
        return sorted(self.scope.articles)

    def terms_to_visit(self, taxonomy: str, owner: str) -> Iterable[Term]:
        """The terms of a taxonomy whose `owner` outputs (pages "t", feeds "f", data lines) to
        check. Outputs of terms that are gone are dropped here."""
        terms = self.catalog.taxonomies[taxonomy]
        if self.scope is None:
            return terms
        for gone_taxonomy, key in self.scope.vanished:
            if gone_taxonomy == taxonomy:
                self.memo.visit((owner, taxonomy, key))
        if taxonomy == "province" and owner == "t" and {"unit", "directive"} & self.scope.taxonomies:
            return terms  # a province's first page lists its units and documents
        return [self.lookup.terms[(taxonomy, key)] for t, key in sorted(self.scope.terms) if t == taxonomy]

    def visits(self, taxonomy: str) -> bool:
        """Whether to check the outputs that only a taxonomy's list of term links reaches."""
        return self.scope is None or taxonomy in self.scope.taxonomies

    def pages_to_check(self, term: Term) -> set[int] | None:
        """The pages of a term's list that an edit can reach (None: all): the first (its extras
        sum up every article) and those showing a changed article, when the term kept its
        articles in the same order."""
        if self.scope is None:
            return None
        at = self.scope.changed_in.get((term.taxonomy, term.key))
        if at is None:
            return None
        return {1} | {p // self.config.page_size + 1 for p in at}

    def keep(self, owner: object, path: str) -> bool:
        """Keep, unlooked at, an output of `owner` that no change can reach; False if the last
        build did not make it (then it must be checked)."""
        self.memo.visit(owner)
        return self.memo.keep(owner, path)

    def link(self, term: Term) -> tuple[Any, ...]:
        """What a link to a term shows (name, address, count, meta): the token of those pages."""
        name = ("link", term.taxonomy, term.key)
        got = self._links.get(name)
        if got is None:
            got = self._links[name] = self.memo.piece(name, term, _link_token, term)
        return got

    def taxonomy_links(self, taxonomy: str) -> tuple[tuple[Any, ...], ...]:
        """The links of all terms of a taxonomy, in display order."""
        got = self._links.get(taxonomy)
        if got is None and self.scope is not None and taxonomy not in self.scope.taxonomies:
            kept = self.memo.pieces.get(("links", taxonomy))
            if kept is not None:  # no link of the taxonomy changed since the last build
                got = self._links[taxonomy] = kept[1]
        if got is None:
            links = tuple(self.link(t) for t in self.catalog.taxonomies[taxonomy])
            got = self._links[taxonomy] = self.memo.piece(("links", taxonomy), links, tuple, links)
        return got

    def members(self, term: Term) -> tuple[tuple[Any, ...], ...]:
        """The order keys of a term's articles: who is in it, and in what order, but not what they
        say (an edit to an article's text leaves this equal)."""
        return self._of_articles(("members", term.taxonomy, term.key), term, _member_keys)

    def provinces(self, term: Term) -> tuple[str | None, ...]:
        """The province of each of a term's articles, in the term's order."""
        return self._of_articles(("provinces", term.taxonomy, term.key), term, _provinces)

    def _of_articles(self, name: tuple[str, str, str], term: Term, make: Callable[..., Any]) -> Any:
        """`make(entries)` of a term's articles: one object per build, the last build's while equal."""
        got = self._links.get(name)
        if got is None:
            # By the entries themselves: equal indexes can hold other articles after a rename.
            entries = self.entries(term.articles)
            got = self._links[name] = self.memo.piece(name, entries, make, entries)
        return got

    @functools.cached_property
    def by_source(self) -> dict[str, ArticleEntry]:
        """Each article's catalog entry by its source file."""
        return {e.record.source_file: e for e in self.catalog.articles}

    @functools.cached_property
    def by_province(self) -> tuple[dict[str, list[Term]], dict[str | None, list[Term]]]:
        """The unit terms of each province, and its local document terms (the national documents
        under None), in display order: each province's page lists them, and looking through all
        15,000 such terms for each of the 63 provinces cost 2 s at 10,000 articles."""
        units: dict[str, list[Term]] = defaultdict(list)
        documents: dict[str | None, list[Term]] = defaultdict(list)
        for t in self.catalog.taxonomies["unit"]:
            if t.meta.get("province"):
                units[t.meta["province"]].append(t)
        for t in self.catalog.taxonomies["directive"]:
            if t.meta.get("national"):
                documents[None].append(t)
            elif t.meta.get("scope"):
                documents[t.meta["scope"]].append(t)
        return units, documents

    def summaries(self, entries: Iterable[ArticleEntry]) -> tuple[dict[str, Any], ...]:
        """What lists show of each article: the same object from one build to the next while it
        is equal, so a list page's token does not change when an article's body does."""
        piece = self.memo.piece
        return tuple(piece(("summary", e.record.source_file), e, article_summary, e) for e in entries)

    def entries(self, indexes: Sequence[int]) -> tuple[ArticleEntry, ...]:
        return tuple(map(self.catalog.articles.__getitem__, indexes))

    def label(self, taxonomy: str) -> str:
        """Plural label of a taxonomy ("Văn bản", "Nhân vật")."""
        return self.strings[PLURAL[taxonomy]]

    def absolute_url(self, path: str) -> str:
        """The page's public URL: base_url + pretty path (site-absolute when base_url is '/')."""
        return self.config.base_url + pretty_url(path)

    def render(self, template: str, path: str, title: str, *, rooted: bool = False, **context: Any) -> Output:
        """Render a template to `path`. Links are relative to the page, or site-absolute when
        `rooted` (the 404 page is served at any address)."""

        url = self.absolute_url if rooted else linker(path, pretty=self.config.pretty_links)
        published_at = self.config.published_at  # a canonical link must be absolute
        page = {"path": path, "title": title, "canonical": published_at and published_at + pretty_url(path)}
        try:
            text = self.env.get_template(template).render(
                site=self.site, page=page, url=url, t=self.strings, nav=self.nav, **context
            )
        except jinja2.TemplateSyntaxError as exc:
            raise RenderError(
                f"{exc.filename or template}:{exc.lineno}: template error: {exc.message}"
            ) from exc
        except jinja2.TemplateError as exc:
            where = _template_frame(exc) or str(self.config.templates_dir / template)
            raise RenderError(f"{where}: {type(exc).__name__}: {exc} (rendering {path})") from exc
        return Output(path, text.encode("utf-8"))

    def pages(self, count: int) -> Iterator[tuple[int, int, slice]]:
        """(page number, number of pages, slice of the items) for a list of `count` items shown
        `page_size` at a time; an empty list still has its page 1."""
        size = self.config.page_size
        pages = max(1, math.ceil(count / size))
        for n in range(1, pages + 1):
            yield n, pages, slice((n - 1) * size, n * size)

    @staticmethod
    def pager(n: int, pages: int, path_of: Callable[[int], str], window: int = 2) -> dict[str, Any]:
        """Links to the other pages of a list, with stable URLs: page 1 at the list's own path.
        Only the first and last pages and `window` pages either side of this one are linked,
        with a gap (number None) for the pages left out: linking every page from every page
        would make a list of N pages cost N² links (500 pages of 10,000 articles: 250,000)."""
        shown = sorted({1, pages, *range(max(1, n - window), min(pages, n + window) + 1)})
        links: list[dict[str, Any]] = []
        for i in shown:
            if links and i > links[-1]["number"] + 1:
                if i == links[-1]["number"] + 2:  # a gap of one page: the page itself is shorter
                    links.append({"number": i - 1, "path": path_of(i - 1)})
                else:
                    links.append({"number": None, "path": None})
            links.append({"number": i, "path": path_of(i)})
        return {
            "number": n,
            "count": pages,
            "previous": path_of(n - 1) if n > 1 else None,
            "next": path_of(n + 1) if n < pages else None,
            "pages": links,
        }
