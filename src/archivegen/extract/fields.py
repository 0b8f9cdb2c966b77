"""The fields a person writes about an article in YAML: a Markdown article's front matter, and the
sidecar file an editor puts beside a scraped one (`foo.txt` + `foo.yaml`) to correct what
extraction got wrong without touching the scraped text. Both are read here, the same way: every
problem reported at once with its line, a value that cannot be used left out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml

from ..text import canonical, clean_line
from ..yamlload import yaml_problem
from .dates import parse_date_value
from .record import Problem

FRONT_MATTER_KEYS = {
    "title": "article title",
    "date": "publication date (ISO 8601 or dd/mm/yyyy [hh:mm]); 'published' is accepted too",
    "published": "same as date",
    "author": "author's name",
    "publication": "newspaper or outlet",
    "province": "province at publication time, when the text does not make it clear",
    "slug": "URL slug of the article page, instead of one made from the title",
    "source_url": "address of the original article on the web",
}
# The fields an editor may set; what the record calls them.
EDITABLE = ("title", "published", "author", "publication", "province", "slug", "source_url")


class FieldsError(ValueError):
    """YAML that cannot be read as fields; `line` is 1-based within the file when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Fields:
    """What a person wrote, checked: each usable value as a string (the date as ISO), the
    problems, and the line of each field."""

    values: dict[str, str]
    problems: tuple[Problem, ...]
    lines: dict[str, int]
    raw: dict[str, Any]  # as YAML read it


def _without_timestamps(loader: type) -> type:
    """A YAML safe loader that leaves dates as the strings they are written as: YAML would make
    `date: 2021-13-45` a date and fail with "month must be in 1..12", naming neither the field
    nor the line. parse_date_value reads them, and says what is wrong with one."""
    resolvers = {
        first: [(tag, regexp) for tag, regexp in found if tag != "tag:yaml.org,2002:timestamp"]
        for first, found in loader.yaml_implicit_resolvers.items()
    }
    return type(f"Fields{loader.__name__}", (loader,), {"yaml_implicit_resolvers": resolvers})


# libyaml's parser where PyYAML has it (several times faster); PyYAML's own decides on an error
# (see yamlload.load_yaml).
_LOADERS = tuple(_without_timestamps(c) for c in (getattr(yaml, "CSafeLoader", None), yaml.SafeLoader) if c)


def _load(text: str) -> Any:
    for loader in _LOADERS[:-1]:
        try:
            return yaml.load(text, Loader=loader)  # a safe loader
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=_LOADERS[-1])  # a safe loader


_ISO_DAY = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})\b")


def _date_problem(raw: object) -> str:
    """Why a date value is not a date, in words."""
    m = _ISO_DAY.match(raw) if isinstance(raw, str) else None
    if m:
        try:
            date(*map(int, m.groups()))
        except ValueError as exc:
            return f"{raw!r} is not a date: {exc}"
    return f"{raw!r} is not a date (write YYYY-MM-DD, YYYY-MM-DD HH:MM or DD/MM/YYYY)"


def _key_lines(text: str, first_line: int) -> dict[str, int]:
    """The line of the file where each top-level field is written."""
    lines = {}
    for n, line in enumerate(text.splitlines()):
        m = re.match(r"""["']?([^\s:"'#][^:"']*)["']?\s*:""", line)
        if m and m.group(1) not in lines:
            lines[m.group(1).strip()] = n + first_line
    return lines


_URL = re.compile(r"^https?://[^\s<>\"']+$")


def read_fields(
    text: str, *, first_line: int = 1, what: str = "front matter", file: str | None = None
) -> Fields:
    """The fields of YAML `text` whose first line is the file's `first_line`. `what` names them in
    messages ("front matter", "sidecar"); `file` is the file the problems are in, when it is not
    the article's own. Raises FieldsError when the YAML cannot be read as a mapping."""
    try:
        loaded = _load(text)
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: a value YAML cannot make
        problem, line = yaml_problem(exc, text, first_line=first_line)
        raise FieldsError(f"invalid YAML {what}: {problem}", line or first_line) from exc
    if loaded is not None and not isinstance(loaded, dict):
        raise FieldsError(f"{what} must be a mapping of fields (key: value)", first_line)
    raw: dict[str, Any] = loaded or {}
    lines = _key_lines(text, first_line)
    problems: list[Problem] = []
    values: dict[str, str] = {}
    for name, value in raw.items():
        if name not in FRONT_MATTER_KEYS:
            known = ", ".join(FRONT_MATTER_KEYS)
            message = f"{what}: unknown field '{name}' ignored (known: {known})"
            problems.append(Problem("warning", message, lines.get(str(name)), file))
        elif value is not None and name not in ("date", "published"):
            written = canonical(clean_line(str(value)))
            if name == "source_url" and not _URL.match(written):
                message = f"source_url: {written!r} is not a web address (http:// or https://); ignored"
                problems.append(Problem("error", message, lines.get(name), file))
            elif written:
                values[name] = written
    name = "date" if "date" in raw else "published"
    if raw.get(name) is not None:
        published = parse_date_value(raw[name])
        if published is None:
            unused = "the article is built without a date" if what == "front matter" else "not used"
            message = f"{name}: {_date_problem(raw[name])}; {unused}"
            problems.append(Problem("error", message, lines.get(name), file))
        else:
            values["published"] = published
    problems.sort(key=lambda p: p.line or 0)  # in the order of the file
    return Fields(values, tuple(problems), lines, raw)
