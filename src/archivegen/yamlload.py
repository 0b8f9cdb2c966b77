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
