"""Shared fixtures: the repository's paths, the domain data, and a throw-away site builder."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from archivegen.build import BuildReport, build
from archivegen.config import Config, load_config
from archivegen.extract import Knowledge, load_knowledge

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"

# Property tests draw the same examples on every run (a test run must not pass or fail by the
# luck of the draw), keep no example database between runs, and do not fail on a slow machine.
settings.register_profile(
    "deterministic", derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("deterministic")


@pytest.fixture(autouse=True)
def _own_cache_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's build caches (persist.py) go to a folder of its own, not the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_knowledge()


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., tuple[Config, BuildReport]]:
    """Build a site in tmp_path from {relative path: text or bytes} articles, with the repository's
    templates and static files. Returns the config and the build report."""

    def _make(files: dict[str, str | bytes], settings: str = "") -> tuple[Config, BuildReport]:
        root = tmp_path / "site"
        articles = root / "articles"
        articles.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            path = articles / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        for folder in ("templates", "static"):
            if not (root / folder).exists():
                shutil.copytree(REPO / folder, root / folder)
        (root / "archivegen.yaml").write_text(
            "title: Thử nghiệm\npage_size: 2\n" + settings, encoding="utf-8"
        )
        config, _ = load_config(root / "archivegen.yaml")
        return config, build(config)

    return _make


def build_fixture_site(root: Path, settings: str, *articles: tuple[Path, str]) -> Path:
    """Build, in `root`, a site from copies of article folders ((source, place under articles/)),
    rendered with the repository's templates and static files in place. Returns the output
    folder; the build must report no errors."""
    for source, place in articles:
        shutil.copytree(source, root / "articles" / place)
    (root / "archivegen.yaml").write_text(
        settings + f"templates_dir: {REPO / 'templates'}\nstatic_dir: {REPO / 'static'}\n",
        encoding="utf-8",
    )
    config, _ = load_config(root / "archivegen.yaml")
    report = build(config)
    assert report.errors == []
    return config.output_dir


def site_files(site: Path) -> dict[str, bytes]:
    """The bytes of every file under `site`, by its path relative to it."""
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def tree_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under `folder`, by its path relative to the folder."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


def corpus_site(root: Path, n: int, seed: int, settings: str = "") -> Config:
    """A project of n articles from bench/make_corpus.py with the repository's templates and
    static files, search off; its configuration."""
    from test_bench_corpus import make_corpus  # imported late: that module imports this one

    make_corpus.generate(n, seed, root / "articles")
    (root / "articles" / "manifest.json").unlink()
    for folder in ("templates", "static"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "archivegen.yaml").write_text("title: Thử\nsearch: false\n" + settings, encoding="utf-8")
    return load_config(root / "archivegen.yaml")[0]
