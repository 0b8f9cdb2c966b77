"""Config: defaults, validation with file:line:key messages, unknown keys, path resolution."""

from __future__ import annotations

from pathlib import Path

import pytest

from archivegen.config import SETTINGS, ConfigError, load_config


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "archivegen.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file(tmp_path: Path) -> None:
    config, warnings = load_config(root=tmp_path)
    assert warnings == []
    assert config.content_dir == tmp_path / "articles"
    assert config.output_dir == tmp_path / "build"
    assert config.page_size == 20
    assert config.language == "vi"
    assert config.base_url == "/"


def test_values_are_read_and_paths_resolved_against_the_file(tmp_path: Path) -> None:
    path = write(tmp_path, "title: Lưu trữ\nbase_url: https://example.org/archive\noutput_dir: out/site\n")
    config, _ = load_config(path)
    assert config.title == "Lưu trữ"
    assert config.base_url == "https://example.org/archive/"
    assert config.output_dir == tmp_path / "out" / "site"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("title: x\npage_size: many\n", 2, "page_size: expected a whole number"),
        ("page_size: 0\n", 1, "page_size: must be between 1 and 10000"),
        ("page_size: true\n", 1, "page_size: expected a whole number"),
        ("\n\nbase_url: example.org\n", 3, "base_url: must be an absolute http(s) URL"),
        ("title: ''\n", 1, "title: must not be empty"),
        ("pretty_links: 3\n", 1, "pretty_links: expected bool"),
        ("title: a\ntitle: b\n", 2, "title: set twice"),
    ],
)
def test_invalid_values_name_file_line_and_key(tmp_path: Path, text: str, line: int, fragment: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path)
    messages = [str(d) for d in info.value.diagnostics]
    assert any(m.startswith(f"{path}:{line}: error: {fragment}") for m in messages), messages


def test_every_error_is_reported_not_just_the_first(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, "page_size: x\nbase_url: nope\n"))
    assert len(info.value.diagnostics) == 2


def test_broken_yaml_gives_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "title: ok\nbase_url: [unclosed\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert "invalid YAML" in str(info.value)
    assert info.value.diagnostics[0].line is not None


def test_a_list_is_not_a_config(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="must be a mapping"):
        load_config(write(tmp_path, "- a\n- b\n"))


def test_unknown_keys_warn_with_line_and_are_ignored(tmp_path: Path) -> None:
    config, warnings = load_config(write(tmp_path, "title: x\ntheme: dark\n"))
    assert config.title == "x"
    assert len(warnings) == 1
    assert warnings[0].line == 2 and "theme: unknown setting" in warnings[0].message


def test_every_setting_has_a_description() -> None:
    assert all(description.strip() for _, description in SETTINGS.values())
