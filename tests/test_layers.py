"""Dependencies point one way along the pipeline: sources → extract → catalog → render → write."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "archivegen"
ORDER = ["sources", "extract", "catalog", "render", "write"]


def imported_stages(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level >= 1 and node.module:
            top = node.module.split(".")[0]
            if node.level == 2 or (node.level == 1 and path.parent == PACKAGE):
                found.add(top)
            elif node.level == 1:
                found.add(path.parent.name)
    return found & set(ORDER)


@pytest.mark.parametrize("stage", ORDER)
def test_a_stage_never_imports_a_later_stage(stage: str) -> None:
    files = (
        [PACKAGE / f"{stage}.py"]
        if (PACKAGE / f"{stage}.py").exists()
        else list((PACKAGE / stage).glob("*.py"))
    )
    assert files
    later = set(ORDER[ORDER.index(stage) + 1 :])
    for path in files:
        bad = imported_stages(path) & later
        assert not bad, f"{path.relative_to(PACKAGE)} imports later stage(s) {bad}"


def test_extraction_does_no_file_io() -> None:
    """Extract functions are pure: they get text and a Knowledge object (only knowledge.py reads data)."""
    for path in (PACKAGE / "extract").glob("*.py"):
        if path.name == "knowledge.py":
            continue
        source = path.read_text(encoding="utf-8")
        for call in ("open(", "read_text(", "read_bytes(", "write_text(", "os.walk", ".iterdir("):
            assert call not in source, f"{path.name} calls {call}"
