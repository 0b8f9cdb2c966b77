"""The whole build, top to bottom: config → sources → extract → catalog → render → write."""

from __future__ import annotations

import gc
import itertools
import logging
import os
import time
from collections.abc import Callable, Collection, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from functools import partial
from itertools import takewhile
from pathlib import Path
from typing import Any

from . import collector
from .catalog import build_catalog
from .config import CONFIG_NAME, Config
from .diagnostics import ArchivegenError, Diagnostic, Refused
from .extract import ArticleRecord, Knowledge, load_knowledge
from .forked import Forked, WorkerError, can_fork
from .guards import ARTICLES_NOTE, CONTENT_NOTE, check_inputs, check_removals
from .render import PAGES_DONE, Output, RenderError, RenderMemo, Site, site_outputs
from .render.claims import Claims
from .search_index import (
    INDEX_DIR,
    SearchIndexError,
    build_search_index,
    index_files,
    page_digest,
    search_fingerprint,
)
from .sources import articles_of_sidecar, find_sources, is_sidecar_name, is_source, read_source, sidecar_of
from .urls import SECTIONS
from .write import WriteMemory, Writer, WriterShare, check_output_dir

log = logging.getLogger("archivegen")

# progress(stage, done, total): called as work advances, for the CLI's progress line.
Progress = Callable[[str, int, int], None]


@dataclass
class BuildReport:
    articles_read: int = 0
    pages_written: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    search_stale: str | None = None  # fingerprint of pages left for a later index (see build)
    files_written: int = 0
    articles_reread: int = 0  # with a cache: files read again because they changed
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0
    refused: bool = False  # stopped before touching the output folder (guards): exit 2

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.level == "warning"]


def load_record(
    path: Path, content_dir: Path, knowledge: Knowledge
) -> tuple[ArticleRecord, list[Diagnostic]]:
    """Read and extract one file. Raises ArchivegenError with the file named."""
    from .extract.article import extract  # loaded with the first file read (see extract.__getattr__)

    source = read_source(path, content_dir)
    try:
        record = extract(source, knowledge)
    except ArchivegenError:
        raise
    except Exception as exc:  # a bug must cost one article, not the build
        log.debug("extraction failed for %s", path, exc_info=True)
        raise ArchivegenError(
            Diagnostic("error", str(path), f"internal error while extracting: {type(exc).__name__}: {exc}")
        ) from exc
    found = [
        Diagnostic(
            p.level, str(path.with_name(p.file) if p.file else path), p.message, p.line
        )  # its sidecar's
        for p in record.problems
    ]
    return record, list(source.warnings) + found


# Extraction and the render of a whole site are CPU-bound: from this many articles on, they
# run in a process per core.
PARALLEL_FROM = 200


def default_jobs() -> int:
    """Processes to use: one per core, at most 8."""
    return min(os.cpu_count() or 1, 8)


Loaded = tuple[ArticleRecord | None, list[Diagnostic]]


def _load_one(path: Path, content_dir: Path) -> Loaded:
    """One file, never raising: the record and its warnings, or None and the error."""
    try:
        return load_record(path, content_dir, load_knowledge())
    except ArchivegenError as exc:
        return None, [exc.diagnostic]


@dataclass
class BuildCache:
    """What one build can hand the next in the same process (`archivegen serve`): each file's
    record, keyed by its modification time and size; the render memo (the last catalog, so only
    terms an edit touches are recomputed, and what each output was made from); what the writer left; and
    the digest of each page the search index reads. All of it only skips work: the output is the
    bytes a cold build writes."""

    records: dict[Path, tuple[tuple[int, int], Loaded]] = field(default_factory=dict)
    scanned: bool = False  # `records` holds every file of the content folder
    reread: int = 0  # files the last load_records read again
    render: RenderMemo = field(default_factory=RenderMemo)
    written: WriteMemory = field(default_factory=WriteMemory)
    search_digests: dict[str, bytes] = field(default_factory=dict)


def _cached_loads(
    paths: list[Path], content_dir: Path, cache: BuildCache
) -> tuple[list[Path], dict[Path, Loaded]]:
    """Results still valid for unchanged files, and the files that must be read again."""
    fresh: dict[Path, Loaded] = {}
    stale: list[Path] = []
    for path in paths:
        try:
            stamp = _stamp(path)
        except OSError:
            stale.append(path)
            continue
        hit = cache.records.get(path)
        if hit and hit[0] == stamp:
            fresh[path] = hit[1]
        else:
            stale.append(path)
    return stale, fresh


def load_records(
    config: Config,
    knowledge: Knowledge,
    progress: Progress | None = None,
    cache: BuildCache | None = None,
    changed: Collection[Path] | None = None,
    jobs: int | None = None,
) -> tuple[list[ArticleRecord], list[Diagnostic]]:
    """Every article of the content folder extracted, in a stable order; files that fail are
    reported, not raised. With a cache, only files changed since the last build are read; with
    `changed` too (the files a watcher saw change, folders excluded), only those are looked at.
    `jobs`: processes to extract with (default: one per core)."""
    if not config.content_dir.is_dir():
        return [], [Diagnostic("error", str(config.content_dir), "content folder does not exist")]
    if cache is not None and cache.scanned and changed is not None:
        return _load_changed(config, cache, changed, progress, jobs)
    all_paths = list(find_sources(config.content_dir))
    if cache is not None:
        paths, known = _cached_loads(all_paths, config.content_dir, cache)
        loaded = dict(zip(paths, _load_all(paths, config, progress, jobs), strict=True))
        cache.reread = len(loaded)
        _remember(cache, loaded)
        for gone in set(cache.records) - set(all_paths):
            del cache.records[gone]
        results = [known[p] if p in known else loaded[p] for p in all_paths]
        cache.scanned = True
    else:
        results = _load_all(all_paths, config, progress, jobs)
    return _split(results)


def _load_changed(
    config: Config, cache: BuildCache, changed: Collection[Path], progress: Progress | None, jobs: int | None
) -> tuple[list[ArticleRecord], list[Diagnostic]]:
    """load_records for the files a watcher saw change: every other file's result is the cache's,
    taken in the cache's order without a look at its path (at 10,000 articles, looking each path
    up, several times over, was 30 ms of every save)."""
    present = []
    # A sidecar changed: its article is read again (with it, or without it when it was removed).
    changed = {*changed, *(a for p in changed if is_sidecar_name(p.name) for a in articles_of_sidecar(p))}
    for path in sorted(p for p in changed if is_source(p, config.content_dir)):
        if path.is_file():
            present.append(path)
        else:  # deleted, or renamed away
            cache.records.pop(path, None)
    paths, _ = _cached_loads(present, config.content_dir, cache)
    loaded = dict(zip(paths, _load_all(paths, config, progress, jobs), strict=True))
    cache.reread = len(loaded)
    lost = _remember(cache, loaded)
    return _split([result for _, result in cache.records.values()] + lost)


def _stamp(path: Path) -> tuple[int, ...]:
    """What says a file and its sidecar (an editor's corrections beside it) are as they were read:
    their modification times and sizes. Raises OSError for a file that is gone."""
    st = path.stat()
    try:
        side = sidecar_of(path).stat()
    except FileNotFoundError:
        return (st.st_mtime_ns, st.st_size)
    return (st.st_mtime_ns, st.st_size, side.st_mtime_ns, side.st_size)


def _remember(cache: BuildCache, loaded: dict[Path, Loaded]) -> list[Loaded]:
    """Keep what was read in the cache, under the file's stamp; the results of files gone
    before their stamp could be taken are returned (they are not kept)."""
    lost = []
    for path, result in loaded.items():
        try:
            cache.records[path] = (_stamp(path), result)
        except OSError:
            cache.records.pop(path, None)
            lost.append(result)
    return lost


def _split(results: list[Loaded]) -> tuple[list[ArticleRecord], list[Diagnostic]]:
    """The records, and every diagnostic, of load results."""
    records = [record for record, _ in results if record is not None]
    diagnostics = [d for _, found in results for d in found]
    return records, diagnostics


def _load_all(paths: list[Path], config: Config, progress: Progress | None, jobs: int | None) -> list[Loaded]:
    workers = jobs or default_jobs()
    if len(paths) >= PARALLEL_FROM and workers > 1:
        from concurrent.futures import ProcessPoolExecutor  # 20 ms to import: not for a warm rebuild

        from .extract.article import prepare

        prepare(load_knowledge())  # here, once, before the workers are forked
        pool = ProcessPoolExecutor(max_workers=workers)
        # Chunks of at most 64 files (a quarter of a second's work): with 16 chunks in all, each of
        # 625 files at 10k, the last one kept a core busy alone for seconds at the end, and map's
        # in-order results came late (10k: 18.0 -> 16.1 s; the first result 2.3 -> 0.4 s).
        chunk = max(1, min(64, len(paths) // (workers * 8)))
        folders = [config.content_dir] * len(paths)
        results: Iterator[Loaded] = pool.map(_load_one, paths, folders, chunksize=chunk)
    else:
        pool = None
        results = (_load_one(path, config.content_dir) for path in paths)
    loaded: list[Loaded] = []
    try:
        for i, result in enumerate(results, 1):
            loaded.append(result)
            if progress:
                progress("extract", i, len(paths))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return loaded


def _index_files_of(manifest: dict[str, Any]) -> list[str]:
    return [p for p in manifest.get("files", []) if p.startswith(INDEX_DIR + "/")]


def _update_search_index(config: Config, writer: Writer, fingerprint: str, pages: Iterable[str]) -> None:
    """Re-index only when the indexed pages changed. Pagefind's file names are not the same from
    one run to the next, so re-running it on unchanged pages would rewrite the index for nothing."""
    previous = writer.previous_manifest()
    if previous.get("search_fingerprint") == fingerprint:
        kept = _index_files_of(previous)
        if kept and all(writer.keep(p) for p in kept):
            return
    for path, source in build_search_index(config.output_dir, pages):
        writer.move_file(path, source)


def build(
    config: Config,
    progress: Progress | None = None,
    cache: BuildCache | None = None,
    write_lock: AbstractContextManager[object] | None = None,
    pages_written: Callable[[BuildReport], None] | None = None,
    changed: Collection[Path] | None = None,
    search_later: bool = False,
    jobs: int | None = None,
    prune: bool = False,
) -> BuildReport:
    """Build the site. Problems with single files are reported and skipped; a template error or an
    unusable output folder stops the build before anything is written. `cache` carries work over
    from the previous build of a serve session; `write_lock` is held while files are written, so a
    server never shows half a site's pages; `pages_written` is called once the pages are written,
    before the data exports, whose files are big and whose readers are not waiting on a reload.
    `changed` lists the article files a watcher saw change (see load_records). With
    `search_later`, the last search index is kept and `report.search_stale` says whether the
    pages need a new one (see install_search_index). `jobs`: processes to extract and render
    with (default: one per core, at most 8). `prune` lets the build remove more than half of the
    article pages of the last build (see guards.check_removals)."""
    started = time.perf_counter()
    report = BuildReport()
    try:  # before anything is read: a mistyped folder must not cost the site
        check_inputs(config)
        inputs = [config.content_dir, config.templates_dir, config.static_dir]
        check_output_dir(config.output_dir, [config.root, *inputs], inputs)
    except Refused as exc:
        return _refused(report, exc, started)
    knowledge = load_knowledge()
    if not config.published_at:
        report.diagnostics.append(_no_address(config))

    # Records and the catalog are many long-lived objects and make no cyclic garbage (measured on
    # 3,000 articles): the collector would walk them over and again for nothing (1.6 s at 10k).
    # They live to the end of the build, so they are then frozen out of its sight, or the first
    # collection after the pause would walk all of them still (0.36 s at 10k). (A split render
    # unfreezes them when it is done; `serve` freezes what a build leaves, and so does the command
    # before it exits.)
    with collector.paused():
        phase = time.perf_counter()
        records, diagnostics = load_records(config, knowledge, progress, cache, changed, jobs)
        report.diagnostics.extend(diagnostics)
        report.articles_read = len(records)
        report.articles_reread = cache.reread if cache else len(records)
        log.info("extract: %d articles in %.2fs", len(records), time.perf_counter() - phase)

        phase = time.perf_counter()
        catalog = build_catalog(records, cache.render.catalog if cache else None)
        gc.freeze()
    for d in catalog.diagnostics:  # a section's (its folder, "don-vi") or an article's source file
        path = Path(d.path) if d.path in SECTIONS.values() else config.content_dir / d.path
        report.diagnostics.append(Diagnostic(d.level, str(path), d.message, d.line))
    log.info("catalog: %.2fs", time.perf_counter() - phase)

    phase = time.perf_counter()
    memo = cache.render if cache else RenderMemo()
    writer = Writer(config.output_dir, cache.written if cache else None)
    digests = cache.search_digests if cache else {}
    try:  # before the first file is written or removed
        found = len(records) or sum(1 for _ in itertools.islice(find_sources(config.content_dir), 1))
        check_removals(config, writer.previous_manifest(), found, [e.path for e in catalog.articles], prune)
    except Refused as exc:
        return _refused(report, exc, started)
    try:
        site = Site(catalog, config, knowledge, memo)
        rendering = site_outputs(site)
        # Pages are rendered and written one at a time into temporary files, put in place only
        # once all of them rendered: a template error leaves the site as it was.
        writer.begin()
        writer.stage()
        count = _write_pages(site, rendering, writer, digests, report, progress, jobs or default_jobs())
    except (ArchivegenError, RenderError, WorkerError) as exc:
        _abandon(writer)
        report.diagnostics.append(_render_failure(exc, config))
        report.seconds = time.perf_counter() - started
        return report
    except BaseException:
        _abandon(writer)
        raise
    log.info("render and write: %d files in %.2fs", count, time.perf_counter() - phase)
    phase = time.perf_counter()
    with write_lock or nullcontext():
        writer.publish()
    log.info("publish: %.2fs", time.perf_counter() - phase)
    if pages_written is not None:
        pages_written(report)
    # The data exports come after the pages: a serve session shows the edited page first. They
    # are staged too, and made as they are written: articles.json is never held whole. (A render
    # split between processes made them already, with the pages: nothing is left here.)
    phase = time.perf_counter()
    try:
        writer.stage()
        _write(writer, rendering, digests, report, progress)
    except (ArchivegenError, RenderError) as exc:  # the exports are made here, by no worker
        _abandon(writer)
        report.diagnostics.append(_render_failure(exc, config))
        report.seconds = time.perf_counter() - started
        return report
    except BaseException:
        _abandon(writer)
        raise
    writer.publish()
    log.info("data exports: %.2fs", time.perf_counter() - phase)
    phase = time.perf_counter()
    _finish(config, writer, memo.paths(), len(catalog.articles), digests, report, search_later)
    log.info("finish (prune, manifest, search index): %.2fs", time.perf_counter() - phase)
    if cache is not None:
        memo.commit()
    report.seconds = time.perf_counter() - started
    return report


def _no_address(config: Config) -> Diagnostic:
    """What a site without its address (`base_url`) goes without: absolute URLs."""
    settings = config.root / CONFIG_NAME
    return Diagnostic(
        "warning",
        str(settings if settings.is_file() else config.root),
        "base_url is not the site's address (https://…): no sitemap.xml and no canonical links are "
        "made, and feeds link relatively; set base_url to where the site is published",
    )


def _refused(report: BuildReport, exc: Refused, started: float) -> BuildReport:
    """The report of a build stopped before it touched the output folder."""
    report.diagnostics.append(exc.diagnostic)
    report.refused = True
    report.seconds = time.perf_counter() - started
    return report


def _abandon(writer: Writer) -> None:
    """A build that stops: its staged files go, and with them the mark that it was writing."""
    writer.discard()
    writer.end()


def _render_failure(exc: ArchivegenError | RenderError | WorkerError, config: Config) -> Diagnostic:
    if isinstance(exc, ArchivegenError):
        return exc.diagnostic
    if isinstance(exc, WorkerError):
        return Diagnostic("error", str(config.output_dir), f"nothing written: {exc}")
    return Diagnostic("error", str(config.templates_dir), str(exc))


def _write_pages(
    site: Site,
    rendering: Iterator[Output],
    writer: Writer,
    digests: dict[str, bytes],
    report: BuildReport,
    progress: Progress | None,
    jobs: int,
) -> int:
    """Render and write the pages (the outputs up to PAGES_DONE). A build that renders the
    whole site, of many articles, is shared out between this process and `jobs - 1` forked ones
    (see Claims): the data exports too, then, which this process would otherwise make alone
    after the pages. Each process writes what it took, staged, and this writer publishes it all."""
    pages = takewhile(lambda out: out is not PAGES_DONE, rendering)  # taken from lazily
    split = jobs > 1 and site.scope is None and len(site.catalog.articles) >= PARALLEL_FROM and can_fork()
    if not split:
        return _write(writer, pages, digests, report, progress)
    try:
        site.claims = Claims()
    except (OSError, ImportError) as exc:  # no shared lock on this system (no /dev/shm, ...)
        log.warning("rendering in one process: %s", exc)
        return _write(writer, pages, digests, report, progress)
    site.load_templates()  # compiled once, before the fork
    # The garbage collector writes into every object it looks at: a worker's collections would
    # copy all the pages it shares with this process. What exists now lives to the end anyway.
    gc.freeze()
    with collector.young_only():  # in the forked workers too
        workers: list[Forked[tuple[WriterShare, dict[str, bytes]]]] = []
        try:
            for _ in range(1, jobs):
                workers.append(Forked(partial(_render_share, site, writer.root, writer.direct)))
        except OSError as exc:  # no process could be made (limits, memory): render here, alone
            log.warning("rendering in one process: cannot start another (%s)", exc)
            site.claims = None
            _discard(workers, writer.root)
            gc.unfreeze()
            return _write(writer, pages, digests, report, progress)
        started = time.perf_counter()
        try:
            rest = (out for out in rendering if out is not PAGES_DONE)
            count = _write(writer, rest, digests, report, progress)
            log.debug("render: this process done at %.2fs", time.perf_counter() - started)
        finally:  # the workers' staged files are published or discarded with this writer's
            gc.unfreeze()
            failure: BaseException | None = None
            for worker in workers:
                try:
                    share, their_digests = worker.result()
                except BaseException as exc:
                    failure = failure or exc
                    continue
                writer.adopt(share)
                digests.update(their_digests)
            log.debug("render: the workers done at %.2fs", time.perf_counter() - started)
        if failure is not None:
            raise failure
        return count


def _discard(workers: list[Forked[tuple[WriterShare, dict[str, bytes]]]], root: Path) -> None:
    """Wait for workers whose work is not wanted, and remove the files they staged."""
    for worker in workers:
        try:
            share, _ = worker.result()
        except BaseException:  # a worker that failed removed its own files
            continue
        writer = Writer(root)
        writer.adopt(share)
        writer.discard()


def _render_share(site: Site, root: Path, direct: bool) -> tuple[WriterShare, dict[str, bytes]]:
    """In a forked process: render and write, staged, the outputs this process takes (see
    _write_pages); the static files are the first process's. `direct`: the build writes into a
    new folder, where files go straight to their names (see Writer.begin)."""
    site.first = False
    site.memo.keep_tokens = False  # this process's memo is not the one the next build gets
    writer = Writer(root, direct=direct)
    writer.stage()
    digests: dict[str, bytes] = {}
    try:
        outputs = site_outputs(site)
        _write(writer, (out for out in outputs if out.data is not None or out.chunks is not None), digests)
    except BaseException:
        writer.discard()
        raise
    return writer.share(), digests


def _write(
    writer: Writer,
    outputs: Iterable[Output],
    digests: dict[str, bytes],
    report: BuildReport | None = None,
    progress: Progress | None = None,
) -> int:
    """Write outputs as they come; the number written."""
    i = 0
    for i, out in enumerate(outputs, 1):
        if out.elsewhere:
            pass  # another process writes it
        elif out.keep:
            assert report is not None
            if not writer.keep(out.path):
                report.diagnostics.append(
                    Diagnostic(
                        "error", str(writer.root / out.path), "removed by hand while serving: restart serve"
                    )
                )
        elif out.copy_from is not None:
            writer.copy_file(out.path, out.copy_from)
        elif out.chunks is not None:
            writer.write_chunks(out.path, out.chunks)
            digests.pop(out.path, None)
        else:
            assert out.data is not None
            writer.write_bytes(out.path, out.data)
            digest = page_digest(out)
            if digest is None:
                digests.pop(out.path, None)
            else:
                digests[out.path] = digest
        if progress:
            progress("write", i, 0)
    return i


def _finish(
    config: Config,
    writer: Writer,
    everything: set[str],
    articles: int,
    digests: dict[str, bytes],
    report: BuildReport,
    search_later: bool = False,
) -> None:
    """Keep what no change reached, index for search, remove what the site no longer has, and
    note in the manifest what the next build's guards look at (`articles`: article pages)."""
    writer.keep_all(everything - writer.paths)  # outputs no change reached (serve)
    notes: dict[str, Any] = {CONTENT_NOTE: str(config.content_dir), ARTICLES_NOTE: articles}
    if config.search:
        phase = time.perf_counter()
        for gone in set(digests) - everything:
            del digests[gone]
        notes["search_fingerprint"] = search_fingerprint(digests)
        if search_later:  # the last index stays until the one made in the background replaces it
            previous = writer.previous_manifest()
            for path in _index_files_of(previous):
                writer.keep(path)
            if previous.get("search_fingerprint") != notes["search_fingerprint"]:
                report.search_stale = notes["search_fingerprint"]
                notes["search_fingerprint"] = previous.get("search_fingerprint", "")
        else:
            try:
                _update_search_index(config, writer, notes["search_fingerprint"], digests)
            except SearchIndexError as exc:
                notes.pop("search_fingerprint")
                report.diagnostics.append(
                    Diagnostic("warning", str(config.output_dir), f"search index not built: {exc}")
                )
            log.info("search index: %.2fs", time.perf_counter() - phase)
    writer.finish(notes)
    report.pages_written = sum(1 for path in everything if path.endswith(".html"))
    report.files_unchanged = writer.stats.unchanged
    report.files_removed = writer.stats.removed
    report.files_written = writer.stats.written


def install_search_index(config: Config, cache: BuildCache, index_dir: Path, fingerprint: str) -> None:
    """Put an index Pagefind made in the background (of the pages whose fingerprint is given)
    in place of the last one, in a serve session, between two builds."""
    files = cache.written.files
    if files is None:  # no build of this session has finished (settings changed): index later
        return
    writer = Writer(config.output_dir, cache.written)
    writer.keep_all({p for p in files if not p.startswith(INDEX_DIR + "/")})
    for path, source in index_files(index_dir):
        writer.move_file(path, source)
    writer.finish({**cache.written.notes, "search_fingerprint": fingerprint})
