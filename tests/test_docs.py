"""The documentation says what the code does: every config key and record field is documented."""

from __future__ import annotations

import dataclasses
import json

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


def test_every_interface_language_has_every_string() -> None:
    import yaml

    folder = REPO / "src" / "archivegen" / "data"
    vietnamese = yaml.safe_load((folder / "strings.vi.yaml").read_text(encoding="utf-8"))
    for path in folder.glob("strings.*.yaml"):
        strings = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert set(strings) == set(vietnamese), path.name
        assert all(isinstance(v, str) and v.strip() for v in strings.values()), path.name


def test_templates_use_only_known_strings() -> None:
    import re

    import yaml

    keys = set(yaml.safe_load((REPO / "src/archivegen/data/strings.vi.yaml").read_text(encoding="utf-8")))
    used = {
        m for path in (REPO / "templates").glob("*.html") for m in re.findall(r"\bt\.(\w+)", path.read_text())
    }
    assert used - keys == set()


def test_record_dict_is_asdict_without_the_page_blocks(knowledge) -> None:
    """`to_dict` is what `inspect --json` and data/articles.json print: the documented fields,
    nested records as objects, tuples as lists; `blocks` only on request."""
    from pathlib import Path

    from archivegen.extract import extract
    from archivegen.sources import Source

    text = (
        "Đảng bộ Khối các cơ quan tỉnh làm theo Bác\n\n19/05/2021 10:30\n\n## Kết quả\n\n"
        "Tỉnh ủy Nghệ An triển khai Chỉ thị số 05-CT/TW. Bí thư Tỉnh ủy Nguyễn Văn A phát biểu.\n"
    )
    record = extract(Source(Path("/x/a.txt"), "a.txt", "txt", text, "0" * 64), knowledge)
    expected = json.loads(json.dumps(dataclasses.asdict(record)))  # asdict keeps tuples as tuples
    assert record.blocks and record.to_dict(blocks=True) == expected
    del expected["blocks"]
    assert record.to_dict() == expected
    assert isinstance(record.to_dict()["directives"], list)
    assert record.to_dict()["directives"][0]["id"] == "05-CT/TW"
