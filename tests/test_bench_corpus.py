"""bench/make_corpus.py: the benchmark corpus is deterministic, well-formed, and what it says it is
(archivegen's extractor recovers the provinces and national documents the manifest intends)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from archivegen.build import load_record
from archivegen.extract import Knowledge

from conftest import REPO

N = 30


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_corpus", REPO / "bench" / "make_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


make_corpus = _load_generator()


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[dict[str, Any]]]:
    out = tmp_path_factory.mktemp("corpus")
    md = tmp_path_factory.mktemp("corpus-md")
    entries = make_corpus.generate(N, 1, out, markdown=md)
    return out, md, entries


def test_same_seed_gives_identical_bytes(
    corpus: tuple[Path, Path, list[dict[str, Any]]], tmp_path: Path
) -> None:
    out, md, _ = corpus
    make_corpus.generate(N, 1, tmp_path / "a", markdown=tmp_path / "b")
    assert _files(tmp_path / "a") == _files(out)
    assert _files(tmp_path / "b") == _files(md)


def test_other_seed_differs_and_prefix_is_stable(
    corpus: tuple[Path, Path, list[dict[str, Any]]], tmp_path: Path
) -> None:
    out, _, _ = corpus
    make_corpus.generate(N, 2, tmp_path / "s2")
    ours, theirs = _files(out), _files(tmp_path / "s2")
    texts = {v for k, v in ours.items() if k.endswith(".txt")}
    assert not texts & {v for k, v in theirs.items() if k.endswith(".txt")}
    make_corpus.main(["--n", "5", "--seed", "1", "--out", str(tmp_path / "five")])
    five = _files(tmp_path / "five")
    assert len(five) == 6  # 5 articles and the manifest
    assert all(ours[name] == data for name, data in five.items() if name != "manifest.json")


def test_files_are_utf8_sized_and_named(corpus: tuple[Path, Path, list[dict[str, Any]]]) -> None:
    out, md, entries = corpus
    txt = sorted(out.glob("*.txt"))
    assert [p.name for p in txt] == [e["file"] for e in entries]
    assert [p.name[:7] for p in txt] == [f"a{i:05d}_" for i in range(1, N + 1)]
    for path in txt:
        data = path.read_bytes()
        assert 2_048 <= len(data) <= 12_000, (path.name, len(data))
        text = data.decode("utf-8")
        assert "\r" not in text and text.endswith("\n")
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["n"] == N and manifest["seed"] == 1 and len(manifest["articles"]) == N
    for entry in entries:
        front = (md / entry["markdown_file"]).read_text(encoding="utf-8").split("---\n")[1]
        fields = yaml.safe_load(front)
        assert fields["title"] == entry["title"] and fields["province"] == entry["province"]
        assert fields["directives"] == entry["directives"]
        assert str(fields["date"]).startswith(entry["date"])


def agreement(out: Path, entries: list[dict[str, Any]], knowledge: Knowledge) -> dict[str, Any]:
    """How often the extractor finds the manifest's province (where stated outright) and national
    documents; with the mismatches."""
    province_ok, province_n, docs_ok, mismatches = 0, 0, 0, []
    for entry in entries:
        record, _ = load_record(out / entry["file"], out, knowledge)
        if entry["province_stated"]:
            province_n += 1
            if record.province.name == entry["province"]:
                province_ok += 1
            else:
                mismatches.append((entry["file"], "province", entry["province"], record.province.name))
        found = {d.id for d in record.directives if d.scope == "national"}
        if found == set(entry["national_directives"]):
            docs_ok += 1
        else:
            mismatches.append((entry["file"], "directives", entry["national_directives"], sorted(found)))
    return {
        "province": province_ok / max(province_n, 1),
        "province_n": province_n,
        "directives": docs_ok / len(entries),
        "mismatches": mismatches,
    }


def test_extractor_recovers_intended_province_and_directives(
    corpus: tuple[Path, Path, list[dict[str, Any]]], knowledge: Knowledge
) -> None:
    out, _, entries = corpus
    result = agreement(out, entries, knowledge)
    for mismatch in result["mismatches"]:
        print("mismatch:", *mismatch)
    print(
        f"province {result['province']:.1%} of {result['province_n']}, directives {result['directives']:.1%}"
    )
    assert result["province_n"] >= N // 3
    assert result["province"] >= 0.9
    assert result["directives"] >= 0.9
