"""The command line: help texts, exit codes, inspect --json output, messages on stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from archivegen.cli import main

from conftest import REPO

RECORD_KEYS = {
    "source_file",
    "title",
    "published",
    "author",
    "publication",
    "province",
    "directives",
    "units",
    "people",
    "headings",
    "captions",
    "body_text",
    "paragraphs",
    "warnings",
    "problems",
}


def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "archivegen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["inspect", "--help"]])
def test_help_explains_itself(args: list[str]) -> None:
    result = run(*args)
    assert result.returncode == 0
    assert "usage: archivegen" in result.stdout
    assert len(result.stdout.splitlines()) > 5


def test_usage_error_exits_2() -> None:
    assert run("frobnicate").returncode == 2
    assert run().returncode == 2
    for jobs in ("0", "two"):
        result = run("build", "--jobs", jobs)
        assert result.returncode == 2
        assert f"expected a whole number of at least 1, got '{jobs}'" in result.stderr


def test_inspect_prints_one_record_per_file(capsys: pytest.CaptureFixture[str]) -> None:
    files = sorted(str(p) for p in (REPO / "articles").glob("*.txt"))[:2]
    assert main(["inspect", "--json", *files]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == 2
    assert all(set(r) >= RECORD_KEYS for r in records)
    assert {r["source_file"] for r in records} == {Path(f).name for f in files}
    assert set(records[0]["province"]) == {"name", "now", "evidence", "confidence", "clues"}
    assert all(
        set(d) >= {"id", "kind", "number", "issuer", "scope", "written_as"} for d in records[0]["directives"]
    )


def test_inspect_reports_unreadable_files_and_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Tiêu đề\n\nNội dung bài viết.\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    assert main(["inspect", "--json", str(missing), str(good)]) == 1
    out = capsys.readouterr()
    assert [r["title"] for r in json.loads(out.out)] == ["Tiêu đề"]
    assert "missing.txt" in out.err and "cannot read" in out.err


def make_project(tmp_path: Path, config: str) -> Path:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(
        "Tiêu đề\n\nTỉnh ủy Nghệ An thực hiện Chỉ thị số 05-CT/TW.\n", encoding="utf-8"
    )
    for folder in ("templates", "static"):
        (tmp_path / folder).symlink_to(REPO / folder)
    (tmp_path / "archivegen.yaml").write_text(config, encoding="utf-8")
    return tmp_path


def test_build_exit_codes_and_summary(tmp_path: Path) -> None:
    project = make_project(tmp_path, "title: Thử\n")
    result = run("build", "-j", "1", cwd=project)
    assert result.returncode == 0, result.stderr
    assert (
        "1 article read" in result.stderr and "pages written" in result.stderr and "0 errors" in result.stderr
    )
    assert (project / "build" / "index.html").is_file()


def test_bad_config_exits_2_before_reading_articles(tmp_path: Path) -> None:
    project = make_project(tmp_path, "page_size: lots\n")
    result = run("build", cwd=project)
    assert result.returncode == 2
    assert "archivegen.yaml:1: error: page_size" in result.stderr
    assert not (project / "build").exists()


def test_build_errors_exit_1_and_strict_fails_on_warnings(tmp_path: Path) -> None:
    project = make_project(tmp_path, "title: Thử\n")
    (project / "articles" / "broken.md").write_text("---\ntitle: [x\n---\nbody\n", encoding="utf-8")
    result = run("build", cwd=project)
    assert result.returncode == 1
    assert "broken.md:2: error: invalid YAML front matter" in result.stderr
    (project / "articles" / "broken.md").unlink()
    (project / "articles" / "warn.md").write_text(
        "---\ntitle: Bài\ncolour: red\n---\nNội dung.\n", encoding="utf-8"
    )
    assert run("build", cwd=project).returncode == 0
    strict = run("build", "--strict", cwd=project)
    assert strict.returncode == 1 and "unknown field 'colour'" in strict.stderr


def test_check_lists_every_warning_with_its_file(tmp_path: Path) -> None:
    project = make_project(tmp_path, "title: Thử\n")
    (project / "articles" / "nowhere.txt").write_text(
        "Bài không rõ tỉnh\n\nCán bộ học tập và làm theo Bác.\n", encoding="utf-8"
    )
    (project / "articles" / "empty.txt").write_text("\n", encoding="utf-8")
    result = run("check", cwd=project)
    assert result.returncode == 1
    assert "nowhere.txt: warning: province unknown" in result.stdout
    assert "empty.txt: error: file is empty" in result.stdout
    assert "2 articles checked: 1 error, 1 warning in 2 files" in result.stderr
    (project / "articles" / "empty.txt").unlink()
    assert run("check", cwd=project).returncode == 0
    assert run("check", "--strict", cwd=project).returncode == 1
    assert not (project / "build").exists()  # check never builds


def test_a_wrong_option_shows_its_commands_usage_and_the_closest_option() -> None:
    """`build --wrong-flag` printed the top-level usage, which lists no option of build."""
    result = run("build", "--fresch")
    assert result.returncode == 2
    assert result.stderr.startswith("usage: archivegen build ")
    assert (
        "archivegen build: error: unrecognized arguments: --fresch (did you mean --fresh?)" in result.stderr
    )
    result = run("serve", "--prot", "8001")
    assert result.stderr.startswith("usage: archivegen serve ")
    assert "(did you mean --port?)" in result.stderr
    result = run("build", "--wrong-flag")
    assert result.returncode == 2 and result.stderr.startswith("usage: archivegen build ")
    assert "did you mean" not in result.stderr  # nothing close: no guess


def test_a_mistyped_command_gets_the_closest_one() -> None:
    result = run("biuld")
    assert result.returncode == 2
    assert "unknown command 'biuld' (did you mean 'build'?)" in result.stderr


def test_summaries_agree_in_number(tmp_path: Path) -> None:
    """ "1 articles checked: 1 errors, 1 warnings in 1 files"."""
    project = make_project(tmp_path, "title: Thử\nbase_url: https://example.org/\n")
    result = run("check", cwd=project)
    assert "1 article checked: 0 errors, 0 warnings in 0 files" in result.stderr
    result = run("build", "-j", "1", cwd=project)
    assert "1 article read, " in result.stderr and "0 errors, 0 warnings" in result.stderr
