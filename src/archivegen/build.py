"""The whole build, top to bottom: config → sources → extract → catalog → render → write."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .catalog import build_catalog
from .config import Config
from .diagnostics import ArchivegenError, Diagnostic
from .extract import ArticleRecord, Knowledge, extract, load_knowledge
from .render import RenderError, render_site
from .search_index import INDEX_DIR, SearchIndexError, build_search_index, search_fingerprint
from .sources import find_sources, read_source
from .write import Writer, check_output_dir

log = logging.getLogger("archivegen")

# progress(stage, done, total): called as work advances, for the CLI's progress line.
Progress = Callable[[str, int, int], None]


@dataclass
class BuildReport:
    articles_read: int = 0
    pages_written: int = 0
    files_unchanged: int = 0
    files_removed: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)
    seconds: float = 0.0

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
    warnings = list(source.warnings) + [Diagnostic("warning", str(path), w) for w in record.warnings]
    return record, warnings


# Extraction is pure and CPU-bound: above this many files it runs in a process per core.
PARALLEL_FROM = 200

Loaded = tuple[ArticleRecord | None, list[Diagnostic]]


def _load_one(path: Path, content_dir: Path) -> Loaded:
    """One file, never raising: the record and its warnings, or None and the error."""
    try:
        return load_record(path, content_dir, load_knowledge())
    except ArchivegenError as exc:
        return None, [exc.diagnostic]


def load_records(
    config: Config, knowledge: Knowledge, progress: Progress | None = None
) -> tuple[list[ArticleRecord], list[Diagnostic]]:
    """Every article of the content folder extracted, in a stable order; files that fail are
    reported, not raised."""
    if not config.content_dir.is_dir():
        return [], [Diagnostic("error", str(config.content_dir), "content folder does not exist")]
    paths = list(find_sources(config.content_dir))
    workers = min(os.cpu_count() or 1, 8)
    if len(paths) >= PARALLEL_FROM and workers > 1:
        pool = ProcessPoolExecutor(max_workers=workers)
        results: Iterator[Loaded] = pool.map(
            _load_one, paths, [config.content_dir] * len(paths), chunksize=max(1, len(paths) // (workers * 8))
        )
    else:
        pool = None
        results = (_load_one(path, config.content_dir) for path in paths)
    records: list[ArticleRecord] = []
    diagnostics: list[Diagnostic] = []
    try:
        for i, (record, found) in enumerate(results, 1):
            if record is not None:
                records.append(record)
            diagnostics.extend(found)
            if progress:
                progress("extract", i, len(paths))
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return records, diagnostics


def _update_search_index(config: Config, writer: Writer, fingerprint: str) -> None:
    """Re-index only when the indexed pages changed. Pagefind's file names are not the same from
    one run to the next, so re-running it on unchanged pages would rewrite the index for nothing."""
    previous = writer.previous_manifest()
    if previous.get("search_fingerprint") == fingerprint:
        kept = [p for p in previous.get("files", []) if p.startswith(INDEX_DIR + "/")]
        if kept and all(writer.keep(p) for p in kept):
            return
    for path, source in build_search_index(config.output_dir):
        writer.write_bytes(path, source.read_bytes())


def build(config: Config, progress: Progress | None = None) -> BuildReport:
    """Build the site. Problems with single files are reported and skipped; a template error or an
    unusable output folder stops the build before anything is written."""
    started = time.perf_counter()
    report = BuildReport()
    knowledge = load_knowledge()

    phase = time.perf_counter()
    records, diagnostics = load_records(config, knowledge, progress)
    report.diagnostics.extend(diagnostics)
    report.articles_read = len(records)
    log.info("extract: %d articles in %.2fs", len(records), time.perf_counter() - phase)

    phase = time.perf_counter()
    catalog = build_catalog(records)
    for d in catalog.diagnostics:
        path = config.content_dir / d.path if d.level == "error" else Path(d.path)
        report.diagnostics.append(Diagnostic(d.level, str(path), d.message, d.line))
    log.info("catalog: %.2fs", time.perf_counter() - phase)

    phase = time.perf_counter()
    try:
        check_output_dir(
            config.output_dir, [config.root, config.content_dir, config.templates_dir, config.static_dir]
        )
        outputs = list(render_site(catalog, config, knowledge))
    except ArchivegenError as exc:
        report.diagnostics.append(exc.diagnostic)
        report.seconds = time.perf_counter() - started
        return report
    except RenderError as exc:
        report.diagnostics.append(Diagnostic("error", str(config.templates_dir), str(exc)))
        report.seconds = time.perf_counter() - started
        return report
    log.info("render: %d files in %.2fs", len(outputs), time.perf_counter() - phase)

    phase = time.perf_counter()
    writer = Writer(config.output_dir)
    for i, out in enumerate(outputs, 1):
        if out.copy_from is not None:
            writer.copy_file(out.path, out.copy_from)
        else:
            assert out.data is not None
            writer.write_bytes(out.path, out.data)
        if progress:
            progress("write", i, len(outputs))
    log.info("write: %.2fs", time.perf_counter() - phase)

    notes: dict[str, str] = {}
    if config.search:
        phase = time.perf_counter()
        notes["search_fingerprint"] = search_fingerprint(outputs)
        try:
            _update_search_index(config, writer, notes["search_fingerprint"])
        except SearchIndexError as exc:
            notes.pop("search_fingerprint")
            report.diagnostics.append(
                Diagnostic("warning", str(config.output_dir), f"search index not built: {exc}")
            )
        log.info("search index: %.2fs", time.perf_counter() - phase)
    writer.finish(notes)

    report.pages_written = sum(1 for o in outputs if o.path.endswith(".html"))
    report.files_unchanged = writer.stats.unchanged
    report.files_removed = writer.stats.removed
    report.seconds = time.perf_counter() - started
    return report
