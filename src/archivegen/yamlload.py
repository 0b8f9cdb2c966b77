"""YAML reading with libyaml's C parser when PyYAML has it: several times faster than the
pure-Python one, which took most of a warm build's start (the data files) and is paid again
for every Markdown article's front matter."""

from __future__ import annotations

from typing import Any

import yaml

_FAST: type | None = getattr(yaml, "CSafeLoader", None)


def load_yaml(text: str) -> Any:
    """`yaml.safe_load`, on the C parser where there is one. libyaml rejects a few things
    PyYAML reads (a plain "x:" inside a flow list), so on an error the pure parser decides,
    and its error (with line marks) is the one raised: what a file means never depends on
    whether libyaml is installed."""
    if _FAST is not None:
        try:
            return yaml.load(text, Loader=_FAST)  # CSafeLoader: the safe loader, in C
        except yaml.YAMLError:
            pass
    return yaml.safe_load(text)


def yaml_problem(exc: Exception, text: str, first_line: int = 1) -> tuple[str, int | None]:
    """What a person needs from a YAML error: the problem in one line, then the line to fix with
    a caret under the place, and that line's number in the file (`first_line`: the file's line
    of the text's first line). PyYAML's own message names "<unicode string>" and often points
    one line past the construct left open (an unclosed quote: the end of the file); the
    construct's start is where the fix goes."""
    mark = getattr(exc, "context_mark", None) or getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    context = getattr(exc, "context", None)
    message = f"{problem} {context}" if context else problem
    if mark is None:
        return message, None
    lines = text.splitlines()
    if mark.line < len(lines):
        source = lines[mark.line]
        message += f"\n    {source}\n    {' ' * mark.column}^"
    return message, mark.line + first_line
