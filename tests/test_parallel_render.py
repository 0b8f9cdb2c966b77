"""A full build rendered by several processes: the same bytes as one process, and failures in
any share leave the site as it was."""

from __future__ import annotations

import dataclasses
import os
import signal
from collections import Counter
from itertools import takewhile
from pathlib import Path

import pytest

import archivegen.build as build_module
from archivegen.build import BuildCache, build, load_records
from archivegen.catalog import build_catalog
from archivegen.config import Config
from archivegen.extract import Knowledge
from archivegen.forked import Forked, WorkerError
from archivegen.render import PAGES_DONE, Output, RenderMemo, Site, site_outputs
from archivegen.render.site import share_of
from archivegen.write import Writer, WriterShare

from conftest import corpus_site, tree_hashes


@pytest.fixture
def split(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Split renders for any number of articles; the list counts the worker processes forked.
    Forking is allowed even if an earlier test left an idle thread behind (can_fork would say
    no): these builds must split."""
    forked: list[int] = []

    class Counted(Forked):  # type: ignore[type-arg]
        def __init__(self, work):  # type: ignore[no-untyped-def]
            super().__init__(work)
            forked.append(self.pid)

    monkeypatch.setattr(build_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(build_module, "can_fork", lambda: True)
    monkeypatch.setattr(build_module, "Forked", Counted)
    return forked


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Config:
    return corpus_site(tmp_path_factory.mktemp("split"), 40, 7)


def _into(config: Config, name: str) -> Config:
    return dataclasses.replace(config, output_dir=config.root / name)


def test_a_split_render_writes_what_one_process_writes(
    corpus: Config, split: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    shares: list[int] = []
    adopt = Writer.adopt

    def counted(self: Writer, share: WriterShare) -> None:
        shares.append(len(share.written))
        adopt(self, share)

    monkeypatch.setattr(Writer, "adopt", counted)
    one, three = _into(corpus, "one"), _into(corpus, "three")
    cache_one, cache_three = BuildCache(), BuildCache()
    serial = build(one, cache=cache_one, jobs=1)
    assert split == []
    parallel = build(three, cache=cache_three, jobs=3)
    assert len(split) == 2
    assert serial.errors == parallel.errors == []
    assert tree_hashes(one.output_dir) == tree_hashes(three.output_dir)
    assert (serial.pages_written, serial.files_written) == (parallel.pages_written, parallel.files_written)
    assert parallel.files_written > 300
    assert len(shares) == 2 and all(n > parallel.files_written / 5 for n in shares)  # each did a third
    # This process's memo and search digests cover every share: the next build has nothing to do.
    assert cache_three.search_digests == cache_one.search_digests
    assert cache_three.render.tokens.keys() == cache_one.render.tokens.keys()
    again = build(three, cache=cache_three, jobs=3)
    assert (again.files_written, again.errors) == (0, [])
    assert not list(three.output_dir.rglob(".tmp-*"))


def test_shares_cover_every_path_and_the_first_process_takes_less() -> None:
    paths = [f"bai/bai-{i}/index.html" for i in range(20_000)]
    for shares in range(1, 9):
        counts = Counter(share_of(p, shares) for p in paths)
        assert set(counts) <= set(range(shares)) and sum(counts.values()) == len(paths)
        assert [share_of(p, shares) for p in paths[:50]] == [share_of(p, shares) for p in paths[:50]]
        if shares > 1:  # the first also computes every token: a smaller part, or none
            assert counts[0] < min(counts[k] for k in range(1, shares))
    assert 0.44 < Counter(share_of(p, 2) for p in paths)[0] / len(paths) < 0.50
    assert Counter(share_of(p, 11) for p in paths)[0] == 0  # it only computes the tokens


def test_a_worker_lists_every_output_but_computes_only_its_own_tokens(
    corpus: Config, knowledge: Knowledge
) -> None:
    records, _ = load_records(corpus, knowledge, jobs=1)
    catalog = build_catalog(records)

    def outputs(shard: tuple[int, int] | None) -> tuple[list[Output], RenderMemo]:
        site = Site(catalog, corpus, knowledge, RenderMemo())
        site.shard = shard
        return list(takewhile(lambda out: out is not PAGES_DONE, site_outputs(site))), site.memo

    alone, memo = outputs(None)
    worker, worker_memo = outputs((1, 2))
    assert [o.path for o in worker] == [o.path for o in alone]
    assert worker_memo.paths() == memo.paths()
    rendered = {o.path: o.data for o in worker if o.data is not None}  # static files: copied by all
    assert rendered and all(share_of(p, 2) == 1 for p in rendered)
    assert rendered == {o.path: o.data for o in alone if o.path in rendered}
    # Tokens only of its own pages (those a full pass computes, less the others' pages).
    assert set(worker_memo.pending) < set(memo.pending)
    assert {p for p in worker_memo.pending if p.startswith("bai/")} == {
        p for p in rendered if p.startswith("bai/")
    }


def _article_page(config: Config, share: int, shares: int) -> str:
    """The path of an article page that share `share` of `shares` renders."""
    for page in sorted((config.output_dir / "bai").glob("*/index.html")):
        path = page.relative_to(config.output_dir).as_posix()
        if share_of(path, shares) == share and "/page/" not in path:
            return path
    raise AssertionError(f"no article page in share {share}")


@pytest.mark.parametrize("share", [0, 1], ids=["this process", "a worker"])
def test_a_template_error_in_one_share_leaves_the_site_untouched(
    corpus: Config, split: list[int], share: int, tmp_path: Path
) -> None:
    config = dataclasses.replace(corpus, output_dir=tmp_path / "out", templates_dir=tmp_path / "templates")
    templates = config.templates_dir
    templates.mkdir()
    for source in corpus.templates_dir.iterdir():
        (templates / source.name).write_bytes(source.read_bytes())
    assert build(config, jobs=1).errors == []
    before = tree_hashes(config.output_dir)
    broken = _article_page(config, share, 2)
    article = (templates / "article.html").read_text(encoding="utf-8")
    (templates / "article.html").write_text(
        article.replace(
            "{% block content %}",
            "{% block content %}{% if page.path == '" + broken + "' %}{{ no_such_variable }}{% endif %}",
            1,
        ),
        encoding="utf-8",
    )
    report = build(config, jobs=2)
    assert len(split) == 1
    messages = " ".join(d.message for d in report.errors)
    assert "article.html" in messages and "no_such_variable" in messages and broken in messages
    assert tree_hashes(config.output_dir) == before
    assert not list(config.output_dir.rglob(".tmp-*"))


def test_a_worker_that_dies_is_an_error_and_nothing_is_written(
    corpus: Config, split: list[int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = _into(corpus, "dies")

    def die(*args: object) -> None:
        os._exit(3)

    monkeypatch.setattr(build_module, "_render_share", die)
    report = build(config, jobs=2)
    assert len(split) == 1
    assert [d.message for d in report.errors] == [
        f"nothing written: worker process {split[0]} died (exit status 3)"
    ]
    assert not config.output_dir.exists() or not any(config.output_dir.rglob("*.html"))


def test_forked_work_returns_its_value_or_raises_its_exception() -> None:
    assert Forked(lambda: {"pid": os.getpid()}).result()["pid"] != os.getpid()

    def fails() -> None:
        raise ValueError("sai")

    with pytest.raises(ValueError, match="sai"):
        Forked(fails).result()

    class Unpicklable(Exception):
        def __init__(self, a: int, b: int):
            super().__init__(a)  # pickling calls Unpicklable(a): it fails

    def fails_oddly() -> None:
        raise Unpicklable(1, 2)

    with pytest.raises(WorkerError, match="Unpicklable"):
        Forked(fails_oddly).result()

    def killed() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    with pytest.raises(WorkerError, match="killed by signal 9"):
        Forked(killed).result()


def test_when_no_worker_can_start_this_process_renders_alone(
    corpus: Config, split: list[int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    started: list[int] = []

    class SecondFails(Forked):  # type: ignore[type-arg]
        def __init__(self, work):  # type: ignore[no-untyped-def]
            if started:
                raise OSError(11, "Resource temporarily unavailable")
            super().__init__(work)
            started.append(self.pid)

    monkeypatch.setattr(build_module, "Forked", SecondFails)
    alone, reference = _into(corpus, "alone"), _into(corpus, "reference")
    report = build(alone, jobs=3)
    assert len(started) == 1 and report.errors == []
    assert build(reference, jobs=1).errors == []
    assert tree_hashes(alone.output_dir) == tree_hashes(reference.output_dir)
    assert not list(alone.output_dir.rglob(".tmp-*"))
