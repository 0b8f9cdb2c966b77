"""Command line: thin commands over the library. Exit codes: 0 ok, 1 build errors, 2 usage or
config errors."""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import gc
import json
import logging
import re
import sys
import time
from pathlib import Path

from . import __version__
from .build import build, load_record, load_records
from .config import Config, ConfigError, load_config
from .diagnostics import ArchivegenError, Diagnostic, counted
from .extract import load_knowledge

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _parser() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The command line's parser, and each command's own."""
    parser = argparse.ArgumentParser(
        prog="archivegen",
        description="Build a browsable, searchable static site from a folder of Vietnamese news articles "
        "(raw scraped .txt and Markdown .md), indexed by province, unit, directive, person and year.",
        epilog="Exit codes: 0 ok, 1 build errors (or warnings with --strict), 2 usage or config errors.",
    )
    parser.add_argument("--version", action="version", version=f"archivegen {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "-c",
        "--config",
        type=Path,
        default=None,
        help="config file (default: archivegen.yaml in the current folder, if any)",
    )
    common.add_argument("-v", "--verbose", action="store_true", help="log each phase and its time")
    common.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    b = sub.add_parser(
        "build",
        parents=[common],
        help="build the site into the output folder",
        description="Read every article in the content folder, extract its record and write "
        "the site (home, article pages, province/unit/directive/person/year indexes) "
        "into the output folder. Files that cannot be read are reported and skipped.",
    )
    b.add_argument("-o", "--output", type=Path, default=None, help="output folder (overrides output_dir)")
    b.add_argument("--content", type=Path, default=None, help="articles folder (overrides content_dir)")
    b.add_argument("--strict", action="store_true", help="exit 1 when there are warnings, too")
    b.add_argument(
        "-j",
        "--jobs",
        type=_positive,
        default=None,
        help="processes to extract and render with (default: one per core, at most 8)",
    )
    b.add_argument(
        "--prune",
        action="store_true",
        help="let the build remove more than half of the article pages of the last build, or "
        "replace a site built from another content folder (without it, such a build stops and "
        "changes nothing: a mistyped or unmounted folder must not cost the site)",
    )
    b.add_argument(
        "--fresh",
        action="store_true",
        help="build from scratch, ignoring the cache of the last build (~/.cache/archivegen/)",
    )

    v = sub.add_parser(
        "serve",
        parents=[common],
        help="build, serve on 127.0.0.1, rebuild on change and reload the browser",
        description="Build the site, serve the output folder over HTTP, watch the articles, templates, "
        "static files and archivegen.yaml, rebuild what a change affects, and reload open pages. "
        "Errors are printed and shown over the page; the last good site stays served. Ctrl-C stops.",
    )
    v.add_argument(
        "--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)"
    )
    v.add_argument("-p", "--port", type=int, default=8000, help="port (default: 8000; 0 picks a free one)")
    v.add_argument(
        "--prune",
        action="store_true",
        help="let rebuilds remove more than half of the article pages (without it, such a rebuild "
        "stops and the last good site stays served)",
    )

    c = sub.add_parser(
        "check",
        parents=[common],
        help="list what a person should check in every article",
        description="Extract every article (or the FILEs given) without building, and list each file's "
        "errors and warnings: unreadable files, no province evidence, document dates later than the "
        "article, unknown document types, unknown front-matter fields.",
    )
    c.add_argument("files", nargs="*", type=Path, metavar="FILE", help="article files (default: all)")
    c.add_argument("--strict", action="store_true", help="exit 1 when there are warnings, too")

    i = sub.add_parser(
        "inspect",
        parents=[common],
        help="print the records extracted from article files",
        description="Print the record archivegen extracts from each FILE: title, date, "
        "author, newspaper, province (with evidence), directives, units, people, body.",
    )
    i.add_argument("files", nargs="+", type=Path, metavar="FILE", help="article files (.txt or .md)")
    i.add_argument("--json", action="store_true", help="print a JSON array, one object per file (default)")
    return parser, {"build": b, "serve": v, "check": c, "inspect": i}


def _positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _parse(argv: list[str] | None) -> argparse.Namespace:
    """The arguments, or a usage error (exit 2) that shows the usage of the command it is about
    and the closest known word: argparse left alone reports an unknown option of `build` with the
    top-level usage, and suggests nothing (its suggestions came in Python 3.14)."""
    parser, commands = _parser()
    words = sys.argv[1:] if argv is None else argv
    first = next((w for w in words if not w.startswith("-")), None)
    if first is not None and first not in commands:
        near = difflib.get_close_matches(first, commands, n=1)
        hint = f" (did you mean {near[0]!r}?)" if near else ""
        parser.error(f"unknown command {first!r}{hint}; the commands are {', '.join(commands)}")
    args, extra = parser.parse_known_args(words)
    if extra:
        command = commands[args.command]
        known = sorted(set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", command.format_help())))
        unknown = next((w for w in extra if w.startswith("-")), extra[0])
        near = difflib.get_close_matches(unknown.split("=")[0], known, n=1, cutoff=0.7)
        hint = f" (did you mean {near[0]}?)" if near else ""
        command.error(f"unrecognized arguments: {' '.join(extra)}{hint}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    try:
        config, config_warnings = load_config(args.config)
    except ConfigError as exc:
        for d in exc.diagnostics:
            print(d, file=sys.stderr)
        return EXIT_USAGE
    for d in config_warnings:
        if not args.quiet:
            print(d, file=sys.stderr)
    if args.command == "inspect":
        return _inspect(args, config.content_dir)
    if args.command == "check":
        return _check(args, config)
    if args.command == "serve":
        return _serve(args, config)
    changes = {}
    if args.output:
        changes["output_dir"] = args.output.resolve()
    if args.content:
        changes["content_dir"] = args.content.resolve()
    return _build(dataclasses.replace(config, **changes), args)


def _inspect(args: argparse.Namespace, content_dir: Path) -> int:
    knowledge = load_knowledge()
    records = []
    failed = False
    for path in args.files:
        path = path.resolve()
        base = content_dir if path.is_relative_to(content_dir) else path.parent
        try:
            record, _ = load_record(path, base, knowledge)
        except ArchivegenError as exc:
            print(exc.diagnostic, file=sys.stderr)
            failed = True
            continue
        records.append(record.to_dict())
    json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_ERRORS if failed else EXIT_OK


# How much an editor should look at an article's province, most first (its record's confidence).
_CHECK_FIRST = {"none": 0, "conflicting": 1, "weak": 2, "single": 3}
_WEIGHTY = 3.0  # a single clue this strong ("tỉnh X", "Tỉnh ủy X", the newspaper) needs no look


def _check(args: argparse.Namespace, config: Config) -> int:
    """Every problem of the articles, one line each; the articles whose province rests on the
    least evidence first (none, conflicting, too little, a single clue), so an editor knows where
    to look; files that could not be read before all."""
    knowledge = load_knowledge()
    diagnostics: list[Diagnostic] = []
    records = []
    for path in args.files:
        path = path.resolve()
        base = config.content_dir if path.is_relative_to(config.content_dir) else path.parent
        try:
            record, warnings = load_record(path, base, knowledge)
        except ArchivegenError as exc:
            diagnostics.append(exc.diagnostic)
            continue
        records.append((path, record))
        diagnostics.extend(warnings)
    if not args.files:
        found, diagnostics = load_records(config, knowledge)
        records = [(config.content_dir / r.source_file, r) for r in found]
    rank: dict[str, int] = {}
    for path, record in records:
        rank[str(path)] = _CHECK_FIRST.get(record.province.confidence, 4)
        province = record.province
        if province.confidence == "single" and max(c.weight for c in province.clues) < _WEIGHTY:
            message = f"province {province.name} rests on one clue: {province.evidence}"
            diagnostics.append(Diagnostic("warning", str(path), message))  # a fair guess: worth a look
    order = {d.path: i for i, d in reversed(list(enumerate(diagnostics)))}  # each file's first line
    diagnostics.sort(key=lambda d: (rank.get(d.path, -1), order[d.path]))
    for d in diagnostics:
        print(d)
    errors = sum(d.level == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    files = len({d.path for d in diagnostics})
    print(
        f"{counted(len(records), 'article')} checked: {counted(errors, 'error')}, "
        f"{counted(warnings, 'warning')} in {counted(files, 'file')}",
        file=sys.stderr,
    )
    return EXIT_ERRORS if errors or (args.strict and warnings) else EXIT_OK


def _serve(args: argparse.Namespace, config: Config) -> int:
    from .serve import DevServer

    try:
        config_path = args.config.resolve() if args.config else None
        server = DevServer(config, config_path, args.host, args.port, prune=args.prune)
    except OSError as exc:
        print(
            f"archivegen serve: cannot listen on {args.host}:{args.port}: {exc.strerror or exc}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    report = server.start()
    for d in report.diagnostics:
        print(d, file=sys.stderr)
    print(f"Serving {config.output_dir} at {server.url} (Ctrl-C stops)", file=sys.stderr)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        print("\nstopping…", file=sys.stderr)
    finally:
        server.stop()
    return EXIT_OK


class _ProgressLine:
    """A one-line progress display on a terminal, shown only once work has taken over a second."""

    def __init__(self, enabled: bool):
        self.enabled = enabled
        self.started = time.monotonic()
        self.shown = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.started < 1.0:
            return
        if done == total or done % 25 == 0:
            sys.stderr.write(f"\r{stage}: {done}/{total}   " if total else f"\r{stage}: {done}   ")
            sys.stderr.flush()
            self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")


def _build(config: Config, args: argparse.Namespace) -> int:
    from .build import BuildCache
    from .persist import load_cache, release_cache, save_cache

    progress = _ProgressLine(sys.stderr.isatty() and not args.quiet)
    cache = (None if args.fresh else load_cache(config)) or BuildCache()
    report = build(config, progress=progress, cache=cache, jobs=args.jobs, prune=args.prune)
    if report.refused:  # nothing was written or removed: the cache still describes the site
        release_cache(config)
        progress.clear()
        for d in report.diagnostics:
            print(d, file=sys.stderr)
        return EXIT_USAGE
    if report.files_written or report.files_removed or report.articles_reread:
        save_cache(config, cache)
    else:
        release_cache(config)  # the cache as loaded still describes the site
    progress.clear()
    shown: list[Diagnostic] = report.errors if args.quiet else report.diagnostics
    for d in shown:
        print(d, file=sys.stderr)
    if not args.quiet:
        print(
            f"{counted(report.articles_read, 'article')} read, {counted(report.pages_written, 'page')} "
            f"written ({counted(report.files_unchanged, 'file')} unchanged, {report.files_removed} removed) "
            f"into {config.output_dir}; {counted(len(report.errors), 'error')}, "
            f"{counted(len(report.warnings), 'warning')}; {report.seconds:.2f}s",
            file=sys.stderr,
        )
    if report.errors or (args.strict and report.warnings):
        return EXIT_ERRORS
    return EXIT_OK


def run() -> int:
    """The `archivegen` command: main, then leave at once. What a build leaves behind is
    millions of objects, some in cycles, and the interpreter's last collection would walk and
    free them one by one before the process exits (1.85 s after a build of 10,000 articles);
    frozen, the collector leaves them, and the system takes the memory back whole."""
    code = main()
    gc.freeze()
    return code


if __name__ == "__main__":
    sys.exit(run())
