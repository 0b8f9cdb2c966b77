"""A full build rendered by several processes: the same bytes as one process, and failures in
any share leave the site as it was."""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
import threading
import time
from functools import partial
from pathlib import Path

import pytest

import archivegen.build as build_module
from archivegen.build import BuildCache, build, load_records
from archivegen.catalog import TAXONOMIES, build_catalog
from archivegen.config import Config
from archivegen.extract import Knowledge
from archivegen.forked import Forked, WorkerError
from archivegen.render import PAGES_DONE, RenderMemo, Site, site_outputs
from archivegen.render.claims import RUN, Claims
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
        shares.append(share.stats.written)
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
    assert len(shares) == 2 and all(n > 0 for n in shares)  # each took some (the first to get there)
    # This process's memo and search digests cover every share: the next build has nothing to do.
    assert cache_three.search_digests == cache_one.search_digests
    assert cache_three.render.tokens.keys() == cache_one.render.tokens.keys()
    again = build(three, cache=cache_three, jobs=3)
    assert (again.files_written, again.errors) == (0, [])
    assert not list(three.output_dir.rglob(".tmp-*"))


class Alternating:
    """Claims for two processes that do not depend on timing: this process takes the even runs
    of RUN outputs, the other the odd ones (whatever run each asks for)."""

    def __init__(self) -> None:
        self.parent, self.asked = os.getpid(), 0

    def mine(self, run: int = RUN) -> bool:
        run, self.asked = self.asked // RUN, self.asked + 1
        return (run % 2 == 0) == (os.getpid() == self.parent)


class Odd(Alternating):
    """The worker's side of Alternating, in this process."""

    def mine(self, run: int = RUN) -> bool:
        return not super().mine(run)


def test_every_output_goes_to_exactly_one_process_whatever_their_speed() -> None:
    claims = Claims()
    ready = multiprocessing.Value("i", 0)

    def ask(slow: float) -> list[int]:
        with ready.get_lock():
            ready.value += 1
        while ready.value < 3:  # all three start together, however long a fork takes
            time.sleep(0.001)
        mine = []
        for i in range(20 * RUN):
            if claims.mine(1 if i % 7 == 0 else RUN):  # some outputs are claimed one by one
                mine.append(i)
                time.sleep(slow)  # an output this process took costs it time
        return mine

    workers = [Forked(partial(ask, slow)) for slow in (0.0002, 0.001)]
    here = ask(0.0005)
    taken = [here, *(w.result() for w in workers)]
    assert sorted(i for got in taken for i in got) == list(range(20 * RUN))
    assert all(taken)  # each took some: a slower one takes fewer, not none


def _split_site(corpus: Config, knowledge: Knowledge, claims: object, first: bool) -> Site:
    records, _ = load_records(corpus, knowledge, jobs=1)
    site = Site(build_catalog(records), corpus, knowledge, RenderMemo())
    site.claims, site.first = claims, first  # type: ignore[assignment]
    return site


def test_a_worker_lists_every_output_but_computes_only_its_own_tokens(
    corpus: Config, knowledge: Knowledge
) -> None:
    alone = _split_site(corpus, knowledge, None, True)
    outputs = list(site_outputs(alone))
    worker = _split_site(corpus, knowledge, Odd(), False)
    theirs = list(site_outputs(worker))
    first = _split_site(corpus, knowledge, Alternating(), True)
    ours = list(site_outputs(first))
    assert [o.path for o in theirs] == [o.path for o in ours]
    assert ours[0].path == "data/articles.json"  # split, the big exports come first
    assert sorted(o.path for o in ours if o is not PAGES_DONE) == sorted(
        o.path for o in outputs if o is not PAGES_DONE
    )
    assert worker.memo.paths() == first.memo.paths() == alone.memo.paths()
    made = {o.path: o.data for o in theirs if o.data is not None}
    also = {o.path: o.data for o in ours if o.data is not None}
    assert made and also and not made.keys() & also.keys()
    everything = {o.path: o.data for o in outputs if o.data is not None}
    assert {**made, **also} == everything  # every page and feed, made once, the same bytes
    exports = {o.path for o in outputs if o.chunks is not None}
    assert exports and {o.path for o in theirs + ours if o.chunks is not None} == exports
    # The first process has every token; the worker only those of what it made (of the pages
    # whose generators can tell before computing the token: articles and lists).
    assert first.memo.pending.keys() == alone.memo.pending.keys()
    assert {p for p in worker.memo.pending if p.startswith("bai/")} == {
        p for p in made if p.startswith("bai/")
    }


@pytest.mark.parametrize("run", [0, 1], ids=["this process", "a worker"])
def test_a_template_error_in_either_process_leaves_the_site_untouched(
    corpus: Config,
    split: list[int],
    run: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    knowledge: Knowledge,
) -> None:
    monkeypatch.setattr(build_module, "Claims", Alternating)
    config = dataclasses.replace(corpus, output_dir=tmp_path / "out", templates_dir=tmp_path / "templates")
    templates = config.templates_dir
    templates.mkdir()
    for source in corpus.templates_dir.iterdir():
        (templates / source.name).write_bytes(source.read_bytes())
    assert build(config, jobs=1).errors == []
    before = tree_hashes(config.output_dir)
    # A split render asks first about the data exports, then about the article pages: the last
    # article of run 0 is this process's, of run 1 the worker's.
    records, _ = load_records(config, knowledge, jobs=1)
    exports = 2 + len(TAXONOMIES)  # articles.json, articles.csv, a file per taxonomy
    broken = build_catalog(records).articles[run * RUN + RUN - 1 - exports].path
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

    big = [f"bai/{i}/index.html" for i in range(200_000)]  # far more than a pipe holds
    assert Forked(lambda: big).result() == big

    def unpicklable_value() -> object:
        return threading.Lock()

    with pytest.raises(TypeError, match="lock"):
        Forked(unpicklable_value).result()

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


def test_without_a_shared_lock_this_process_renders_alone(
    corpus: Config, split: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_lock() -> None:
        raise OSError(38, "Function not implemented")  # as on a system without /dev/shm

    monkeypatch.setattr(build_module, "Claims", no_lock)
    alone, reference = _into(corpus, "nolock"), _into(corpus, "nolock-reference")
    assert build(alone, jobs=2).errors == []
    assert split == []
    assert build(reference, jobs=1).errors == []
    assert tree_hashes(alone.output_dir) == tree_hashes(reference.output_dir)
