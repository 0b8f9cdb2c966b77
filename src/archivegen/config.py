"""Site configuration: `archivegen.yaml`, validated once, then passed down as one frozen object."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic
from .yamlload import yaml_problem

CONFIG_NAME = "archivegen.yaml"


@dataclass(frozen=True)
class Config:
    """Every setting of a site. Paths are absolute, resolved against the config file's folder."""

    root: Path
    title: str = "Lưu trữ bài viết"
    description: str = ""
    base_url: str = "/"
    language: str = "vi"
    content_dir: Path = Path("articles")
    output_dir: Path = Path("build")
    templates_dir: Path = Path("templates")
    static_dir: Path = Path("static")
    page_size: int = 20
    pretty_links: bool = False
    search: bool = True

    @property
    def published_at(self) -> str | None:
        """The absolute address the site is published at (`base_url` set to an http(s) URL), or
        None: then sitemap.xml and canonical links, which need absolute URLs, are not made."""
        return self.base_url if self.base_url.startswith(("http://", "https://")) else None


# key -> (python type, description). The description is the documentation: a test checks that
# every key is documented in the README.
SETTINGS: dict[str, tuple[type, str]] = {
    "title": (str, "site title shown in every page header"),
    "description": (str, "one-line description of the archive (home page, meta description)"),
    "base_url": (str, "absolute URL the site is published at, or '/'; canonical links and sitemap need it"),
    "language": (str, "BCP 47 language tag of the pages (`lang` attribute)"),
    "content_dir": (str, "folder of article files (.txt, .md), relative to the config file"),
    "output_dir": (str, "folder the site is written to, relative to the config file"),
    "templates_dir": (str, "folder of Jinja2 templates"),
    "static_dir": (str, "folder copied as is into the output's static/ folder"),
    "page_size": (int, "number of articles on one page of a list before it paginates"),
    "pretty_links": (bool, "links end in '/' (needs a web server) instead of 'index.html' (works from disk)"),
    "search": (bool, "build the full-text search index (Pagefind) and the search page"),
}
_PATH_KEYS = {"content_dir", "output_dir", "templates_dir", "static_dir"}


class ConfigError(Exception):
    """The configuration is unusable; carries every problem found, not just the first."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(map(str, diagnostics)))
        self.diagnostics = diagnostics


def load_config(path: Path | None = None, *, root: Path | None = None) -> tuple[Config, list[Diagnostic]]:
    """Load and validate a config file. Returns the config and warnings; raises ConfigError.

    Without a path, `archivegen.yaml` in `root` (default: the current folder) is used if present,
    else the defaults.
    """
    if path is None:
        root = (root or Path.cwd()).resolve()
        path = root / CONFIG_NAME
        if not path.exists():
            return _resolve(Config(root=root)), []
    path = path.resolve()
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError([Diagnostic("error", name, f"cannot read config: {exc}")]) from exc
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        problem, line = yaml_problem(exc, text)
        raise ConfigError([Diagnostic("error", name, f"invalid YAML: {problem}", line)]) from exc
    values, warnings = _validate(node, name)
    return _resolve(Config(root=path.parent, **values)), warnings


def _validate(node: yaml.Node | None, name: str) -> tuple[dict[str, Any], list[Diagnostic]]:
    if node is None:
        return {}, []
    if not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + 1
        raise ConfigError([Diagnostic("error", name, "the config must be a mapping of settings", line)])
    errors: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    values: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = key_node.value
        line = key_node.start_mark.line + 1
        if key not in SETTINGS:
            known = ", ".join(sorted(SETTINGS))
            warnings.append(
                Diagnostic("warning", name, f"{key}: unknown setting, ignored (known: {known})", line)
            )
            continue
        if key in values:
            errors.append(Diagnostic("error", name, f"{key}: set twice", line))
            continue
        expected, _ = SETTINGS[key]
        value = yaml.safe_load(yaml.serialize(value_node))
        problem = _check(key, value, expected)
        if problem:
            errors.append(Diagnostic("error", name, f"{key}: {problem}", line))
        else:
            values[key] = Path(value) if key in _PATH_KEYS else value
    if errors:
        raise ConfigError(errors)
    return values, warnings


def _check(key: str, value: Any, expected: type) -> str | None:
    if expected is int and (isinstance(value, bool) or not isinstance(value, int)):
        return f"expected a whole number, got {value!r}"
    if not isinstance(value, expected):
        return f"expected {expected.__name__}, got {value!r}"
    if key == "page_size" and not 1 <= value <= 10000:
        return f"must be between 1 and 10000, got {value}"
    if expected is str and key != "description" and not value.strip():
        return "must not be empty"
    if key == "base_url" and not (value.startswith(("http://", "https://")) or value.startswith("/")):
        return f"must be an absolute http(s) URL or start with '/', got {value!r}"
    if key == "language" and not value.replace("-", "").isalnum():
        return f"not a language tag: {value!r}"
    return None


def _resolve(config: Config) -> Config:
    """Make paths absolute and base_url end in '/'."""
    changes: dict[str, Any] = {k: (config.root / getattr(config, k)).resolve() for k in _PATH_KEYS}
    base = config.base_url if config.base_url.endswith("/") else config.base_url + "/"
    return dataclasses.replace(config, base_url=base, **changes)
