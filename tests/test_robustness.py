"""Whatever the article folder holds, the build reports it, goes on, and never loses or corrupts
anything: oversized files, a one-megabyte line, dangling links, a killed build."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from archivegen.build import build

from conftest import REPO, site_files, tree_hashes

ARTICLE = (
    "Tiêu đề bài {n} về học tập và làm theo Bác\n\n19/05/2021 10:30\n\n"
    "Đảng bộ tỉnh Nghệ An thực hiện Chỉ thị số 05-CT/TW. {body}\n"
)


def test_oversized_file_is_refused_and_the_build_goes_on(make_site) -> None:
    huge = "Tiêu đề\n\n" + ("Đoạn văn dài về học tập và làm theo Bác. " * 40 + "\n") * 4000  # ~6.5 MB
    _, report = make_site({"huge.txt": huge, "ok.txt": ARTICLE.format(n=1, body="")})
    assert report.articles_read == 1
    assert any("huge.txt" in d.path and "MB limit" in d.message for d in report.errors)


def test_a_one_megabyte_line_is_read(make_site) -> None:
    line = "Đảng bộ tỉnh Nghệ An thực hiện Chỉ thị số 05-CT/TW " * 20_000  # ~1 MB, no line break
    started = time.perf_counter()
    _, report = make_site({"long.txt": "Tiêu đề bài dài\n\n" + line + "\n"})
    assert report.errors == [] and report.articles_read == 1
    assert time.perf_counter() - started < 60


def test_a_dangling_link_is_reported_with_its_name(make_site, tmp_path: Path) -> None:
    config, _ = make_site({"ok.txt": ARTICLE.format(n=1, body="")})
    (config.content_dir / "gone.txt").symlink_to(tmp_path / "does-not-exist.txt")
    report = build(config)
    assert report.articles_read == 1
    assert any(d.path.endswith("gone.txt") and "cannot read" in d.message for d in report.errors)


def test_a_build_never_modifies_its_inputs(make_site) -> None:
    config, _ = make_site({f"a{n}.txt": ARTICLE.format(n=n, body="") for n in range(5)})
    folders = (config.content_dir, config.templates_dir, config.static_dir)
    before = {f: tree_hashes(f) for f in folders}
    build(config)
    assert {f: tree_hashes(f) for f in folders} == before


@pytest.mark.parametrize("where", ["home", "root", "project", "articles"])
def test_dangerous_output_folders_are_refused(make_site, where: str) -> None:
    import dataclasses

    config, _ = make_site({"a.txt": ARTICLE.format(n=1, body="")})
    target = {
        "home": Path.home(),
        "root": Path("/"),
        "project": config.root,
        "articles": config.content_dir,
    }[where]
    report = build(dataclasses.replace(config, output_dir=target))
    assert any("refusing to use as output folder" in d.message for d in report.errors)


def broken_links(site: Path) -> dict[str, list[str]]:
    """Each page (by path in the site) whose internal links do not all resolve, with those links."""
    sys.path.insert(0, str(REPO / "tests"))
    from test_build_e2e import internal_targets

    broken: dict[str, list[str]] = {}
    for page in site.rglob("*.html"):
        if "pagefind" in page.parts or page.name.startswith(".tmp-"):
            continue
        for link, target in internal_targets(site, page):
            if not target.is_file():
                broken.setdefault(page.relative_to(site).as_posix(), []).append(link)
    return broken


# Run as the interrupted build: exits like a SIGKILL right after the 30th page it removes (in the
# prune at the end of a build; staged .tmp-* files are not pages).
KILLED_IN_PRUNE = """
import os, pathlib, sys
from archivegen.cli import main
real, removed = pathlib.Path.unlink, []
def unlink(self, *args, **kwargs):
    real(self, *args, **kwargs)
    if self.suffix == ".html" and not self.name.startswith(".tmp-"):
        removed.append(self)
        if len(removed) == 30:
            os._exit(137)
pathlib.Path.unlink = unlink
sys.exit(main(["build", "-q"]))
"""


def make_project(root: Path, count: int, body: str) -> dict[str, str]:
    """A project of `count` articles, with the repository's templates and search off; the
    environment to run archivegen in."""
    (root / "articles").mkdir(parents=True)
    for n in range(count):
        (root / "articles" / f"a{n:03}.txt").write_text(ARTICLE.format(n=n, body=body), "utf-8")
    for folder in ("templates", "static"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "archivegen.yaml").write_text("title: Thử\nsearch: false\n", encoding="utf-8")
    return {**os.environ, "PYTHONIOENCODING": "utf-8"}


KILLED_IN_FIRST_BUILD = """
import os, sys
from archivegen import write
from archivegen.cli import main
real, written = write.Writer.write_bytes, []
def write_bytes(self, path, data):
    real(self, path, data)
    written.append(path)
    if len(written) == 40:
        os._exit(137)
write.Writer.write_bytes = write_bytes
sys.exit(main(["build", "-q", "-j", "1"]))
"""


def test_a_first_build_killed_part_way_leaves_no_site_and_the_next_build_tidies_up(tmp_path: Path) -> None:
    """A first build writes beside the output folder and renames its folder into place at the
    end: killed after 40 pages, it leaves no build/ at all (nothing half made to be served),
    only its new folder, which the next build removes before it makes the whole site."""
    root = tmp_path / "site"
    env = make_project(root, 60, "Nội dung. " * 50)
    killed = subprocess.run([sys.executable, "-c", KILLED_IN_FIRST_BUILD], cwd=root, env=env, timeout=300)
    assert killed.returncode == 137
    assert not (root / "build").exists()
    left = [p for p in root.iterdir() if p.name.startswith(".archivegen-new-build-")]
    assert len(left) == 1 and len(list(left[0].rglob("*.html"))) == 40
    command = [sys.executable, "-m", "archivegen", "build", "-q"]
    assert subprocess.run(command, cwd=root, env=env, timeout=300).returncode == 0
    assert sorted(p.name for p in root.iterdir()) == [
        "archivegen.yaml",
        "articles",
        "build",
        "static",
        "templates",
    ]
    once = tree_hashes(root / "build")
    shutil.rmtree(root / "build")
    assert subprocess.run(command, cwd=root, env=env, timeout=300).returncode == 0
    assert tree_hashes(root / "build") == once


def interrupted_rebuild(root: Path, interrupt: Callable[[list[str], dict[str, str]], None]) -> None:
    """Build 120 articles, change half of them and add 20, `interrupt` a rebuild, then check the
    interrupted site and the one the next build makes.

    Every file is whole (old or new); every link of a page the site keeps resolves; the next build
    leaves nothing temporary behind and equals a build from scratch. Pages the new build drops are
    removed one by one at its end, and they link to each other (related articles, neighbours), so
    an interruption inside that removal can leave one dropped page linking to another already
    gone: no order of removal avoids it. Nothing the site keeps links to them, and the next build
    removes the rest, so the links checked are those of every page still there after that build."""
    env = make_project(root, 120, "Nội dung. " * 200)
    command = [sys.executable, "-m", "archivegen", "build", "-q"]
    assert subprocess.run(command, cwd=root, env=env, timeout=300).returncode == 0
    for n in range(0, 120, 2):  # a new version of half the articles, and new articles
        (root / "articles" / f"a{n:03}.txt").write_text(
            ARTICLE.format(n=f"{n} mới", body="Khác. " * 150), "utf-8"
        )
    for n in range(120, 140):
        (root / "articles" / f"a{n:03}.txt").write_text(ARTICLE.format(n=n, body=""), "utf-8")
    interrupt(command, env)
    site = root / "build"
    for path, data in site_files(site).items():
        if path.endswith(".html") and not Path(path).name.startswith(".tmp-"):
            assert data.rstrip().endswith(b"</html>"), f"{path} is cut short"
    broken = broken_links(site)  # staged pages (.tmp-*) are not part of the site yet
    assert subprocess.run(command, cwd=root, env=env, timeout=300).returncode == 0
    assert not list(site.rglob(".tmp-*"))
    rebuilt = site_files(site)
    assert {page: links for page, links in broken.items() if page in rebuilt} == {}
    shutil.rmtree(site)
    assert subprocess.run(command, cwd=root, env=env, timeout=300).returncode == 0
    assert site_files(site) == rebuilt


@pytest.mark.parametrize("delay", [0.4, 1.0, 1.8])
def test_a_killed_build_leaves_a_whole_site(tmp_path: Path, delay: float) -> None:
    """SIGKILL part way through a rebuild, wherever `delay` lands on this machine."""

    def kill(command: list[str], env: dict[str, str]) -> None:
        process = subprocess.Popen(command, cwd=tmp_path / "site", env=env)
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)

    interrupted_rebuild(tmp_path / "site", kill)


def test_a_build_killed_while_removing_dropped_pages_leaves_a_whole_site(tmp_path: Path) -> None:
    """The one moment a timed kill hits only by chance: inside the removal of the pages the new
    build no longer makes, with half of them removed."""
    root = tmp_path / "site"
    left: list[str] = []
    dangling: list[str] = []

    def kill_in_prune(command: list[str], env: dict[str, str]) -> None:
        env = {**env, "PYTHONHASHSEED": "0"}  # the order of removal, so the run is the same each time
        result = subprocess.run([sys.executable, "-c", KILLED_IN_PRUNE], cwd=root, env=env, timeout=300)
        assert result.returncode == 137  # it did reach the removal
        left.extend(p.as_posix() for p in (root / "build" / "bai").glob("*/index.html"))
        dangling.extend(broken_links(root / "build"))

    interrupted_rebuild(root, kill_in_prune)
    now = {p.as_posix() for p in (root / "build" / "bai").glob("*/index.html")}
    assert len(set(left) - now) == 30  # of the 60 dropped pages, 30 were removed before the kill
    assert dangling  # the case this test is for: dropped pages that link to dropped pages gone


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX-only")
def test_things_that_are_not_files_are_reported_not_read(make_site) -> None:
    """A named pipe called .txt would block a naive read forever; a folder called .txt is no file."""
    config, _ = make_site({"ok.txt": ARTICLE.format(n=1, body="")})
    os.mkfifo(config.content_dir / "pipe.txt")
    (config.content_dir / "folder.txt").mkdir()
    report = build(config)
    assert report.articles_read == 1
    assert any(d.path.endswith("pipe.txt") and "not a regular file" in d.message for d in report.errors)


def test_an_unreadable_file_is_reported_and_the_build_goes_on(make_site, monkeypatch) -> None:
    """Permission bits do not stop root (CI runs as root), so the refusal is simulated where it
    happens: reading the bytes."""
    config, _ = make_site(
        {"ok.txt": ARTICLE.format(n=1, body=""), "secret.txt": ARTICLE.format(n=2, body="")}
    )
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "secret.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    report = build(config)
    assert report.articles_read == 1
    [error] = [d for d in report.errors if d.path.endswith("secret.txt")]
    assert error.message == "cannot read file: Permission denied"


def test_a_two_thousand_character_title_builds_a_short_safe_url(make_site) -> None:
    title = ("Đảng bộ Khối các cơ quan tỉnh học tập và làm theo tư tưởng Hồ Chí Minh " * 30)[:2000]
    config, report = make_site({"long-title.txt": f"{title}\n\n19/05/2021\n\nNội dung bài.\n"})
    assert report.errors == [] and report.articles_read == 1
    [page] = (config.output_dir / "bai").glob("*/index.html")
    assert len(page.parent.name.encode()) <= 120  # well under the 255-byte file-name limit
    assert title.split()[0] in page.read_text(encoding="utf-8")
