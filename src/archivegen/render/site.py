"""The rendering context shared by every output kind: templates, UI strings, links, pagination."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Iterator
from importlib import resources
from typing import Any

import jinja2
import yaml

from ..catalog import TAXONOMIES, Catalog
from ..config import Config
from ..extract import Knowledge
from ..urls import href, page_path, pretty_url, taxonomy_path
from .context import Lookup, format_date
from .output import Output, RenderError

PLURAL = {
    "province": "provinces",
    "directive": "directives",
    "unit": "units",
    "person": "people",
    "year": "years",
}
SEARCH_PATH = page_path("tim-kiem")


def load_strings(language: str = "vi") -> dict[str, str]:
    """The site's interface text: one file per language, Vietnamese when the language has none."""
    folder = resources.files("archivegen") / "data"
    name = f"strings.{language}.yaml"
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
    """Everything an output kind needs to render: catalog, config, templates, strings, lookups."""

    def __init__(
        self,
        catalog: Catalog,
        config: Config,
        knowledge: Knowledge,
        page_cache: dict[str, tuple[bytes, bytes]] | None = None,
    ):
        self.page_cache = page_cache
        self.catalog = catalog
        self.config = config
        self.knowledge = knowledge
        self.env = make_environment(config)
        self.lookup = Lookup(catalog)
        self.strings = load_strings(config.language)
        self.site = {
            "title": config.title,
            "description": config.description,
            "language": config.language,
            "base_url": config.base_url,
            "search": config.search,
        }
        self.nav = [
            {"label": self.strings["home"], "path": "index.html"},
            *({"label": self.label(t), "path": taxonomy_path(t)} for t in TAXONOMIES),
        ]
        if config.search:
            self.nav.append({"label": self.strings["search"], "path": SEARCH_PATH})
        # Everything every page depends on besides its own context: templates, strings, settings.
        digest = hashlib.blake2b(repr((self.site, self.strings, self.nav, config.pretty_links)).encode())
        for path in sorted(config.templates_dir.rglob("*")) if config.templates_dir.is_dir() else ():
            if path.is_file():
                digest.update(path.name.encode() + path.read_bytes())
        self.version = digest.digest()

    def label(self, taxonomy: str) -> str:
        """Plural label of a taxonomy ("Văn bản", "Nhân vật")."""
        return self.strings[PLURAL[taxonomy]]

    def absolute_url(self, path: str) -> str:
        """The page's public URL: base_url + pretty path (site-absolute when base_url is '/')."""
        return self.config.base_url + pretty_url(path)

    def render(self, template: str, path: str, title: str, *, rooted: bool = False, **context: Any) -> Output:
        """Render a template to `path`. Links are relative to the page, or site-absolute when
        `rooted` (the 404 page is served at any address)."""

        def url(target: str) -> str:
            if rooted:
                return self.absolute_url(target)
            return href(path, target, pretty=self.config.pretty_links)

        fingerprint = b""
        if self.page_cache is not None:
            fingerprint = hashlib.blake2b(
                repr((template, path, title, rooted, sorted(context.items()))).encode() + self.version
            ).digest()
            cached = self.page_cache.get(path)
            if cached and cached[0] == fingerprint:
                return Output(path, cached[1])
        page = {"path": path, "title": title, "canonical": self.absolute_url(path)}
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
        data = text.encode("utf-8")
        if self.page_cache is not None:
            self.page_cache[path] = (fingerprint, data)
        return Output(path, data)

    def paginate(
        self, items: list[Any], path_of: Callable[[int], str]
    ) -> Iterator[tuple[int, list[Any], dict[str, Any]]]:
        """Pages of `page_size` items with stable URLs: page 1 at the list's own path."""
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
