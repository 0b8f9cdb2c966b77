"""The documentation says what the code does: every config key and record field is documented."""

from __future__ import annotations

import dataclasses

from archivegen.config import SETTINGS
from archivegen.extract.record import ArticleRecord, Directive, Person, Province, Unit

from conftest import REPO


def test_every_config_key_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [k for k in SETTINGS if f"`{k}`" not in readme]
    assert not missing, f"README.md does not document: {missing}"


def test_every_record_field_is_documented() -> None:
    doc = (REPO / "docs" / "record.md").read_text(encoding="utf-8")
    fields = [
        f.name for cls in (ArticleRecord, Province, Directive, Unit, Person) for f in dataclasses.fields(cls)
    ]
    missing = [f for f in fields if f"`{f}`" not in doc]
    assert not missing, f"docs/record.md does not document: {missing}"


def test_readme_gives_the_two_setup_commands() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make build" in readme and "make test" in readme
