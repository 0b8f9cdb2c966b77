"""Render stage: the catalog into pages. One function per output kind, all listed in OUTPUTS;
each yields `Output`s (path + bytes, or a file to copy). Nothing here writes to disk."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import yaml

from ..catalog import TAXONOMIES, Catalog, Term
from ..config import Config
from ..text import collation_key
from ..urls import SECTIONS, href, page_path, pretty_url, taxonomy_path
from .context import Lookup, article_summary, article_view, format_date, term_link


@dataclass(frozen=True)
class Output:
    """One file of the site: rendered bytes, or a source file to copy as is."""

    path: str  # relative to the output folder, '/' separated
    data: bytes | None = None
    copy_from: Path | None = None


_PLURAL = {
    "province": "provinces",
    "directive": "directives",
    "unit": "units",
    "person": "people",
    "year": "years",
}


class RenderError(Exception):
    """A template failed; the message names the template file and line."""


def load_strings(language: str = "vi") -> dict[str, str]:
    name = f"strings.{language}.yaml"
    folder = resources.files("archivegen") / "data"
    if not (folder / name).is_file():
        name = "strings.vi.yaml"
    return yaml.safe_load((folder / name).read_text(encoding="utf-8"))


def make_environment(config: Config) -> jinja2.Environment:
    """Jinja2 with autoescaping on and StrictUndefined: a typo in a template is an error, not a blank."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(config.templates_dir)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["date_vi"] = format_date
    return env


class _Renderer:
    def __init__(self, catalog: Catalog, config: Config):
        self.catalog = catalog
        self.config = config
        self.env = make_environment(config)
        self.lookup = Lookup(catalog)
        self.site = {
            "title": config.title,
            "description": config.description,
            "language": config.language,
            "base_url": config.base_url,
        }
        self.strings = load_strings(config.language)
        self.nav = [
            {"label": self.strings["home"], "path": "index.html"},
            *({"label": self.label(t), "path": taxonomy_path(t)} for t in TAXONOMIES),
        ]

    def label(self, taxonomy: str) -> str:
        """Plural label of a taxonomy ("Văn bản", "Nhân vật")."""
        return self.strings[_PLURAL[taxonomy]]

    def render(self, template: str, path: str, title: str, **context: Any) -> Output:
        def url(target: str) -> str:
            return href(path, target, pretty=self.config.pretty_links)

        page = {"path": path, "title": title, "canonical": self.config.base_url + pretty_url(path)}
        try:
            html = self.env.get_template(template).render(
                site=self.site,
                page=page,
                url=url,
                t=self.strings,
                nav=self.nav,
                **context,
            )
        except jinja2.TemplateSyntaxError as exc:
            raise RenderError(
                f"{exc.filename or template}:{exc.lineno}: template error: {exc.message}"
            ) from exc
        except jinja2.TemplateError as exc:
            where = _template_frame(exc) or str(self.config.templates_dir / template)
            raise RenderError(f"{where}: {type(exc).__name__}: {exc} (rendering {path})") from exc
        return Output(path, html.encode("utf-8"))

    def paginate(
        self, items: list[Any], path_of: Callable[[int], str]
    ) -> Iterator[tuple[int, list[Any], dict]]:
        size = self.config.page_size
        pages = max(1, math.ceil(len(items) / size))
        for n in range(1, pages + 1):
            pager = {
                "number": n,
                "count": pages,
                "previous": path_of(n - 1) if n > 1 else None,
                "next": path_of(n + 1) if n < pages else None,
                "pages": [{"number": i, "path": path_of(i)} for i in range(1, pages + 1)],
            }
            yield n, items[(n - 1) * size : n * size], pager


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


def home_pages(r: _Renderer) -> Iterator[Output]:
    summaries = [article_summary(a) for a in r.catalog.articles]
    counts = {t: len(r.catalog.taxonomies[t]) for t in TAXONOMIES}
    for n, items, pager in r.paginate(summaries, lambda i: page_path(page=i)):
        yield r.render(
            "home.html",
            page_path(page=n),
            r.config.title,
            articles=items,
            pager=pager,
            counts=counts,
            total=len(summaries),
        )


def article_pages(r: _Renderer) -> Iterator[Output]:
    for i, entry in enumerate(r.catalog.articles):
        yield r.render("article.html", entry.path, entry.record.title, article=article_view(i, r.lookup))


def _by_name(item: tuple[str, Any]) -> tuple[str, str]:
    return collation_key(item[0])


def _province_groups(r: _Renderer, terms: tuple[Term, ...]) -> list[dict[str, Any]]:
    """Provinces grouped under the 2025 province that absorbed them."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for t in terms:
        groups[t.meta.get("now") or t.name].append(term_link(t))
    return [{"name": now, "terms": members} for now, members in sorted(groups.items(), key=_by_name)]


def _directive_groups(r: _Renderer, terms: tuple[Term, ...]) -> list[dict[str, Any]]:
    national = [term_link(t) for t in terms if t.meta.get("national")]
    local: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for t in terms:
        if not t.meta.get("national"):
            local[t.meta.get("scope") or r.strings["unknown_province"]].append(term_link(t))
    groups = [{"name": r.strings["national_directives"], "terms": national}] if national else []
    groups += [
        {"name": f"{r.strings['local_directives']}: {p}", "terms": ts}
        for p, ts in sorted(local.items(), key=_by_name)
    ]
    return groups


def _by_province(r: _Renderer, terms: tuple[Term, ...]) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for t in terms:
        groups[t.meta.get("province") or r.strings["nationwide"]].append(term_link(t))
    return [{"name": p, "terms": ts} for p, ts in sorted(groups.items(), key=_by_name)]


_GROUPERS: dict[str, Callable[[_Renderer, tuple[Term, ...]], list[dict[str, Any]]]] = {
    "province": _province_groups,
    "directive": _directive_groups,
    "unit": _by_province,
    "person": _by_province,
    "year": lambda r, terms: [{"name": "", "terms": [term_link(t) for t in terms]}],
}


def taxonomy_pages(r: _Renderer) -> Iterator[Output]:
    for taxonomy in TAXONOMIES:
        terms = r.catalog.taxonomies[taxonomy]
        label = r.label(taxonomy)
        yield r.render(
            "taxonomy.html",
            taxonomy_path(taxonomy),
            label,
            taxonomy=taxonomy,
            label=label,
            groups=_GROUPERS[taxonomy](r, terms),
            total=len(terms),
        )


def term_pages(r: _Renderer) -> Iterator[Output]:
    for taxonomy in TAXONOMIES:
        label = r.label(taxonomy)
        for term in r.catalog.taxonomies[taxonomy]:
            summaries = [article_summary(r.catalog.articles[i]) for i in term.articles]
            for n, items, pager in r.paginate(summaries, term.path):
                yield r.render(
                    "term.html",
                    term.path(n),
                    term.name,
                    taxonomy=taxonomy,
                    label=label,
                    section_path=taxonomy_path(taxonomy),
                    term=term_link(term),
                    articles=items,
                    pager=pager,
                )


def static_files(r: _Renderer) -> Iterator[Output]:
    root = r.config.static_dir
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            yield Output("static/" + path.relative_to(root).as_posix(), copy_from=path)


OUTPUTS: tuple[Callable[[_Renderer], Iterator[Output]], ...] = (
    home_pages,
    article_pages,
    taxonomy_pages,
    term_pages,
    static_files,
)


def render_site(catalog: Catalog, config: Config) -> Iterator[Output]:
    """Every output of the site, in a stable order. Raises RenderError on a template error."""
    renderer = _Renderer(catalog, config)
    for output_kind in OUTPUTS:
        yield from output_kind(renderer)


__all__ = ["OUTPUTS", "SECTIONS", "Output", "RenderError", "render_site"]
