"""The documentation says what the code does: every config key and record field is documented."""

from __future__ import annotations

import dataclasses
import json
import re

from archivegen.config import SETTINGS
from archivegen.extract.record import RECORD_KEYS, ArticleRecord, Directive, Person, Province, Unit

from conftest import REPO


def test_every_config_key_is_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [k for k in SETTINGS if f"`{k}`" not in readme]
    assert not missing, f"README.md does not document: {missing}"


def test_every_record_field_is_documented() -> None:
    doc = (REPO / "docs" / "record.md").read_text(encoding="utf-8")
    fields = [
        f.name for cls in (ArticleRecord, Province, Directive, Unit, Person) for f in dataclasses.fields(cls)
    ] + list(RECORD_KEYS)
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
    """`to_dict` is what `inspect --json` and data/articles.json print: the documented fields in
    their documented order (`body_text`, derived from the blocks, after `captions`), nested
    records as objects, tuples as lists; `blocks` only on request."""
    from pathlib import Path

    from archivegen.extract import extract
    from archivegen.sources import Source

    text = (
        "Đảng bộ Khối các cơ quan tỉnh làm theo Bác\n\n19/05/2021 10:30\n\n## Kết quả\n\n"
        "Tỉnh ủy Nghệ An triển khai Chỉ thị số 05-CT/TW. Bí thư Tỉnh ủy Nguyễn Văn A phát biểu.\n"
    )
    record = extract(Source(Path("/x/a.txt"), "a.txt", "txt", text, "0" * 64), knowledge)
    printed = record.to_dict(blocks=True)
    doc = (REPO / "docs" / "record.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `(\w+)` \|", doc, re.M)
    assert list(printed) == documented[: len(printed)]  # the Article table, in its order
    assert printed["blocks"] == [
        {"kind": b.kind, "text": b.text, "credit": b.credit, "html": b.html} for b in record.blocks
    ]
    assert printed["body_text"] == "\n\n".join(b["text"] for b in printed["blocks"])
    assert printed["paragraphs"] == [b["text"] for b in printed["blocks"] if b["kind"] == "p"]
    assert printed["headings"] == [b["text"] for b in printed["blocks"] if b["kind"] == "h"]
    assert "Kết quả" in printed["body_text"] and "Tỉnh ủy Nghệ An" in printed["body_text"]
    assert printed["province"] == json.loads(json.dumps(dataclasses.asdict(record.province)))  # lists
    expected = dict(printed)
    del expected["blocks"]
    assert record.to_dict() == expected
    assert isinstance(record.to_dict()["directives"], list)
    assert record.to_dict()["directives"][0]["id"] == "05-CT/TW"


def test_a_record_stores_its_body_packed_and_gives_it_back_whole() -> None:
    from archivegen.extract.record import Block, pack_blocks, unpack_blocks

    blocks = (
        Block("p", "Đoàn kết, đoàn kết, đại đoàn kết."),
        Block("h", "Kết quả"),
        Block("caption", "Lễ ra quân", "H.Thảo"),
        Block("p", "Chỉ thị 05-CT/TW", None, "Chỉ thị <em>05-CT/TW</em>"),
    )
    body = pack_blocks(blocks)
    assert isinstance(body, bytes) and unpack_blocks(body) == blocks
    assert unpack_blocks(pack_blocks(())) == () and unpack_blocks(b"") == ()
    record = ArticleRecord(
        "a.txt", "Tiêu đề", None, None, None, Province(None, None, "-"), (), (), (), body=body
    )
    assert record.paragraphs == ("Đoàn kết, đoàn kết, đại đoàn kết.", "Chỉ thị 05-CT/TW")
    assert record.headings == ("Kết quả",) and record.captions[0].credit == "H.Thảo"
    assert record.body_text.split("\n\n")[1] == "Kết quả"
    assert record == ArticleRecord(
        "a.txt", "Tiêu đề", None, None, None, Province(None, None, "-"), (), (), (), body=pack_blocks(blocks)
    )


def test_the_lead_is_read_from_a_body_without_unpacking_it() -> None:
    """The first paragraph, which every list and feed shows, is packed apart (body_lead): it is
    the first "p" block wherever that block stands, and the blocks come back whole."""
    from archivegen.extract.record import Block, body_lead, pack_blocks, unpack_blocks, unpack_fields

    headed = (
        Block("h", "Kết quả"),
        Block("caption", "Ảnh", "H.Thảo"),
        Block("p", "Đoạn đầu."),
        Block("p", "Sau."),
    )
    assert body_lead(pack_blocks(headed)) == "Đoạn đầu."
    assert unpack_blocks(pack_blocks(headed)) == headed
    # What pages read: the same blocks as plain tuples, the lead in its place.
    assert unpack_fields(pack_blocks(headed)) == tuple((b.kind, b.text, b.credit, b.html) for b in headed)
    alone = (Block("h", "Chỉ có tiêu đề"),)
    assert body_lead(pack_blocks(alone)) == "" and unpack_blocks(pack_blocks(alone)) == alone
    assert body_lead(pack_blocks(())) == "" and body_lead(b"") == ""
    province = Province(None, None, "-")
    record = ArticleRecord("a.txt", "T", None, None, None, province, (), (), (), body=pack_blocks(headed))
    assert record.lead == "Đoạn đầu." == record.paragraphs[0]
