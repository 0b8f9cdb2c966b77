"""A user's mistake never costs them their site: every way a build could remove files it should
not stops before the first file is touched, exits 2 with one line naming the path, and leaves the
output folder byte for byte as it was (guards.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from archivegen.cli import main
from archivegen.write import MANIFEST, NEW, WRITING

from conftest import REPO, tree_hashes

ARTICLE = (
    "Bài số {n} về học tập và làm theo Bác ở {province}\n\n19/05/2021 10:30\n\n"
    "Đảng bộ tỉnh {province} thực hiện Chỉ thị số 05-CT/TW. Đoạn {n}.\n"
)


def project(root: Path, count: int = 6, province: str = "Nghệ An") -> Path:
    """A project of `count` articles with the repository's templates and static files, search
    off; its config file."""
    (root / "articles").mkdir(parents=True)
    for n in range(count):
        (root / "articles" / f"a{n}.txt").write_text(ARTICLE.format(n=n, province=province), "utf-8")
    for folder in ("templates", "static"):
        shutil.copytree(REPO / folder, root / folder)
    config = root / "archivegen.yaml"
    config.write_text("title: Thử\nsearch: false\n", encoding="utf-8")
    return config


def built(tmp_path: Path, count: int = 6) -> tuple[Path, Path, dict[str, str]]:
    """A project built once: its config file, its output folder and the hashes of every file of it."""
    config = project(tmp_path / "site", count)
    assert main(["build", "-q", "-c", str(config)]) == 0
    output = tmp_path / "site" / "build"
    return config, output, tree_hashes(output)


def refused(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run `archivegen build ARGS`: it must exit 2 and print one error line; that line."""
    capsys.readouterr()
    assert main(["build", "-q", *args]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert len(errors) == 1, errors
    return errors[0]


def untouched(output: Path, before: dict[str, str]) -> None:
    """The site is byte for byte as it was, and nothing of a build was left beside it."""
    assert tree_hashes(output) == before
    assert not (output / WRITING).exists()
    assert not [p for p in output.parent.iterdir() if p.name.startswith(NEW)]


def test_a_mistyped_content_folder_leaves_the_site_as_it_was(tmp_path: Path, capsys) -> None:
    """The bug as a new user met it: 68 of 108 files of a good site removed."""
    config, output, before = built(tmp_path)
    typo = tmp_path / "articels-typo"
    line = refused(capsys, "-c", str(config), "--content", str(typo))
    assert line.startswith(f"{typo}: error: content folder does not exist")
    untouched(output, before)


def test_an_empty_content_folder_after_a_build_with_articles(tmp_path: Path, capsys) -> None:
    """A network mount that is not mounted reads as an empty folder."""
    config, output, before = built(tmp_path)
    empty = tmp_path / "unmounted"
    empty.mkdir()
    (empty / "notes.odt").write_bytes(b"not an article")
    line = refused(capsys, "-c", str(config), "--content", str(empty))
    assert line.startswith(f"{empty}: error: content folder holds no article file")
    assert "6 article pages" in line and "--prune" in line
    untouched(output, before)


def test_a_content_folder_whose_files_cannot_be_read(tmp_path: Path, capsys) -> None:
    """A mount that lists its files but fails every read (here: each file a dangling link)."""
    config, output, before = built(tmp_path)
    content = tmp_path / "site" / "articles"
    for path in content.iterdir():
        path.unlink()
        path.symlink_to(tmp_path / "gone" / path.name)
    capsys.readouterr()
    assert main(["build", "-q", "-c", str(config)]) == 2
    err = capsys.readouterr().err
    assert "would remove 6 article pages of the 6 the last build wrote, leaving 0" in err
    assert err.count("cannot read file") == 6  # each file is still named
    untouched(output, before)


@pytest.mark.parametrize("folder", ["templates", "static"])
def test_a_missing_templates_or_static_folder(tmp_path: Path, capsys, folder: str) -> None:
    """Without static/, a build removed the site's stylesheets; without templates/, it failed
    with a template error naming one page."""
    config, output, before = built(tmp_path)
    shutil.move(tmp_path / "site" / folder, tmp_path / f"{folder}.moved")
    line = refused(capsys, "-c", str(config))
    assert line.startswith(f"{tmp_path / 'site' / folder}: error: {folder} folder does not exist")
    untouched(output, before)


def test_a_folder_given_where_a_file_is(tmp_path: Path, capsys) -> None:
    config, output, before = built(tmp_path)
    article = tmp_path / "site" / "articles" / "a0.txt"
    line = refused(capsys, "-c", str(config), "--content", str(article))
    assert line.startswith(f"{article}: error: content folder is a file, not a folder")
    untouched(output, before)


def test_an_output_folder_that_is_not_archivegens(tmp_path: Path, capsys) -> None:
    config, _, _ = built(tmp_path)
    theirs = tmp_path / "photos"
    theirs.mkdir()
    (theirs / "holiday.jpg").write_bytes(b"\xff\xd8 a photo")
    before = tree_hashes(theirs)
    line = refused(capsys, "-c", str(config), "-o", str(theirs))
    assert line.startswith(f"{theirs}: error: refusing to use as output folder")
    untouched(theirs, before)


def test_output_pointed_at_another_archives_site(tmp_path: Path, capsys) -> None:
    """Another archive's site has a manifest, so it looked like ours: every page of it not made
    by this build was removed."""
    other_config = project(tmp_path / "other", 4, province="Bắc Kạn")
    assert main(["build", "-q", "-c", str(other_config)]) == 0
    other = tmp_path / "other" / "build"
    before = tree_hashes(other)
    config = project(tmp_path / "site", 6)
    line = refused(capsys, "-c", str(config), "-o", str(other))
    assert line.startswith(f"{other}: error: was built from {tmp_path / 'other' / 'articles'}")
    assert "would remove 4 article pages of 4" in line
    untouched(other, before)
    capsys.readouterr()
    assert main(["build", "-q", "-c", str(config), "-o", str(other), "--prune"]) == 0  # meant: replaced
    assert len(list((other / "bai").glob("*/index.html"))) == 6


def test_a_moved_project_builds_without_a_false_alarm(tmp_path: Path) -> None:
    """The manifest names the content folder, but a project moved elsewhere with its articles
    removes no article page: nothing to guard against."""
    built(tmp_path)
    moved = tmp_path / "moved"
    shutil.move(tmp_path / "site", moved)
    assert main(["build", "-q", "-c", str(moved / "archivegen.yaml")]) == 0
    assert len(list((moved / "build" / "bai").glob("*/index.html"))) == 6


def test_removing_more_than_half_of_the_articles_needs_prune(tmp_path: Path, capsys) -> None:
    config, output, before = built(tmp_path, count=6)
    content = tmp_path / "site" / "articles"
    for n in range(4):
        (content / f"a{n}.txt").unlink()
    line = refused(capsys, "-c", str(config))
    assert (
        "would remove 4 article pages of the 6 the last build wrote, leaving 2 (2 articles read from" in line
    )
    untouched(output, before)
    assert main(["build", "-q", "-c", str(config), "--prune"]) == 0
    assert len(list((output / "bai").glob("*/index.html"))) == 2


def test_removing_half_of_the_articles_or_fewer_goes_ahead(tmp_path: Path) -> None:
    """Articles deleted on purpose, a few at a time, as archives are tended: no flag needed."""
    config, output, _ = built(tmp_path, count=6)
    for n in range(3):
        (tmp_path / "site" / "articles" / f"a{n}.txt").unlink()
    assert main(["build", "-q", "-c", str(config)]) == 0
    assert len(list((output / "bai").glob("*/index.html"))) == 3


def test_retitled_articles_are_not_lost_articles(tmp_path: Path) -> None:
    """Every article retitled: every article page moves to a new address, but the archive lost
    nothing, and the build goes ahead without --prune."""
    config, output, _ = built(tmp_path, count=3)
    for path in (tmp_path / "site" / "articles").iterdir():
        path.write_text(path.read_text("utf-8").replace("Bài số", "Bài viết số"), "utf-8")
    before = {p.parent.name for p in (output / "bai").glob("*/index.html")}
    assert main(["build", "-q", "-c", str(config)]) == 0
    after = {p.parent.name for p in (output / "bai").glob("*/index.html")}
    assert len(after) == 3 and not before & after


def test_a_refused_build_keeps_the_cache_of_the_good_site(tmp_path: Path, capsys) -> None:
    """The refused build loaded the cache (set aside while a build uses it); it is put back, so
    the next build still starts from it."""
    from archivegen.config import load_config
    from archivegen.persist import cache_path

    config, output, before = built(tmp_path)
    cache = cache_path(load_config(config)[0])
    assert cache.is_file()
    (tmp_path / "site" / "articles" / "a0.txt").unlink()
    (tmp_path / "site" / "articles" / "a1.txt").unlink()
    (tmp_path / "site" / "articles" / "a2.txt").unlink()
    (tmp_path / "site" / "articles" / "a3.txt").unlink()
    refused(capsys, "-c", str(config))
    assert cache.is_file()
    untouched(output, before)


def test_the_manifest_names_the_content_folder(tmp_path: Path) -> None:
    import json

    _, output, _ = built(tmp_path)
    manifest = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["content_dir"] == str(tmp_path / "site" / "articles")


@pytest.mark.parametrize("inside", ["articles", "static"])
def test_an_output_folder_inside_an_input_folder(tmp_path: Path, capsys, inside: str) -> None:
    """Inside articles/, the next build would read its robots.txt as an article; inside static/,
    every build would copy the last one into itself."""
    config, _, _ = built(tmp_path)
    output = tmp_path / "site" / inside / "site"
    line = refused(capsys, "-c", str(config), "-o", str(output))
    assert line.startswith(f"{output}: error: refusing to use as output folder: it is inside")
    assert not output.exists()


def test_a_stale_page_reached_through_a_link_out_of_the_site_is_not_removed(tmp_path: Path) -> None:
    """A folder of the site replaced by a link to someone's folder: the pages the next build
    drops are removed only where they really are inside the output folder."""
    config, output, _ = built(tmp_path, count=4)
    theirs = tmp_path / "theirs"
    shutil.copytree(output / "bai", theirs)
    shutil.rmtree(output / "bai")
    (output / "bai").symlink_to(theirs)
    before = tree_hashes(theirs)
    (tmp_path / "site" / "articles" / "a0.txt").unlink()
    assert main(["build", "-q", "-c", str(config)]) == 0
    assert set(before) <= set(tree_hashes(theirs))  # the dropped article's page is still theirs
