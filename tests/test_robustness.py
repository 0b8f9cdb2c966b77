"""Whatever the article folder holds, the build reports it, goes on, and never loses or corrupts
anything: oversized files, a one-megabyte line, dangling links, a killed build."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from archivegen.build import build

from conftest import REPO, tree_hashes

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


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def links_resolve(site: Path) -> list[str]:
    sys.path.insert(0, str(REPO / "tests"))
    from test_build_e2e import internal_targets

    return [
        f"{page.relative_to(site)} -> {link}"
        for page in site.rglob("*.html")
        if "pagefind" not in page.parts and not page.name.startswith(".tmp-")
        for link, target in internal_targets(site, page)
        if not target.is_file()
    ]


@pytest.mark.parametrize("delay", [0.4, 1.0, 1.8])
def test_a_killed_build_leaves_a_whole_site(tmp_path: Path, delay: float) -> None:
    """SIGKILL part way through a rebuild: every file is whole (old or new), every link resolves,
    and the next build leaves nothing temporary behind and equals a build from scratch."""
    root = tmp_path / "site"
    (root / "articles").mkdir(parents=True)
    for n in range(120):
        (root / "articles" / f"a{n:03}.txt").write_text(ARTICLE.format(n=n, body="Nội dung. " * 200), "utf-8")
    for folder in ("templates", "static"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "archivegen.yaml").write_text("title: Thử\nsearch: false\n", encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    command = [sys.executable, "-m", "archivegen", "build", "-q"]
    assert subprocess.run(command, cwd=root, env=env, timeout=300).returncode == 0
    for n in range(0, 120, 2):  # a new version of half the articles, and new articles
        (root / "articles" / f"a{n:03}.txt").write_text(
            ARTICLE.format(n=f"{n} mới", body="Khác. " * 150), "utf-8"
        )
    for n in range(120, 140):
        (root / "articles" / f"a{n:03}.txt").write_text(ARTICLE.format(n=n, body=""), "utf-8")
    process = subprocess.Popen(command, cwd=root, env=env)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    site = root / "build"
    for path, data in site_files(site).items():
        if path.endswith(".html") and not Path(path).name.startswith(".tmp-"):
            assert data.rstrip().endswith(b"</html>"), f"{path} is cut short"
    assert links_resolve(site) == []  # staged pages (.tmp-*) are not part of the site yet
    assert subprocess.run(command, cwd=root, env=env, timeout=300).returncode == 0
    assert not list(site.rglob(".tmp-*"))
    rebuilt = site_files(site)
    shutil.rmtree(site)
    assert subprocess.run(command, cwd=root, env=env, timeout=300).returncode == 0
    assert site_files(site) == rebuilt


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
