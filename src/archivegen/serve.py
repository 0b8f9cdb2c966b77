"""`archivegen serve`: build once, serve the output folder on 127.0.0.1, rebuild on change, reload
open tabs.

MkDocs' livereload plus Zola's event filter: the watchdog callback only records paths and wakes
the build loop; the loop waits for the burst of events to settle (editors save in several steps),
rebuilds with the cache of the last build (only changed files are read again, only pages whose
inputs changed are rendered, only changed bytes are written), and tells the browsers over
Server-Sent Events. Requests wait while a build writes, so nobody sees half a site. A failed
rebuild keeps the last good site and shows the error over every page until it is fixed. The
reload script is injected into responses here; `archivegen build` never writes it.
"""

from __future__ import annotations

import dataclasses
import gc
import html
import json
import mimetypes
import posixpath
import sys
import tempfile
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .build import BuildCache, BuildReport, build, install_search_index
from .config import CONFIG_NAME, Config, ConfigError, load_config
from .diagnostics import Diagnostic, counted
from .persist import load_cache, save_cache
from .search_index import SearchIndexError, run_pagefind
from .sources import is_article_name, is_sidecar_name

EVENTS_PATH = "/__archivegen/events"
SCRIPT_PATH = "/__archivegen/reload.js"
DEBOUNCE = 0.05  # seconds without new events before a rebuild starts (an editor's save takes ~1 ms)
RELOAD_JS = b"""// Injected by `archivegen serve` only: reloads the page after each rebuild.
(function () {
  var epoch = null;
  var source = new EventSource("/__archivegen/events");
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (epoch !== null && state.epoch !== epoch) { window.location.reload(); }
    epoch = state.epoch;
  };
})();
"""


class LiveState:
    """The build epoch and the last error, shared by the build loop and the request handlers."""

    def __init__(self) -> None:
        self.epoch = 0
        self.error: str | None = None
        self.changed = threading.Condition()
        self.site_lock = threading.Lock()  # held while a build writes the output folder

    def publish(self, error: str | None) -> None:
        with self.changed:
            self.epoch += 1
            self.error = error
            self.changed.notify_all()


def _report_error(report: BuildReport) -> str | None:
    return "\n".join(str(d) for d in report.errors) or None


class Handler(BaseHTTPRequestHandler):
    server: DevServer
    # Answer even a malformed request line with a status line and headers: no client today
    # speaks HTTP/0.9, and a bare HTML body reads as a broken server.
    default_request_version = "HTTP/1.0"

    def log_message(self, format: str, *args: object) -> None:
        return

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == EVENTS_PATH:
            self._events()
        elif path == SCRIPT_PATH:
            self._send(HTTPStatus.OK, RELOAD_JS, "text/javascript; charset=utf-8")
        else:
            self._file(path)

    def do_HEAD(self) -> None:
        self.do_GET()

    def _read_only(self) -> None:
        """A static site takes no uploads: 405 with the methods it does take."""
        self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.close_connection = True  # any request body is left unread
        self.end_headers()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_TRACE = do_CONNECT = _read_only

    def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _resolve(self, url_path: str) -> Path | None:
        """The file under the output folder a URL names, or None. No '..', no backslashes, no
        encoded escapes, no symlinks out of the folder."""
        raw = unquote(url_path)
        if "\\" in raw or "\x00" in raw or any(part == ".." for part in raw.split("/")):
            return None
        root = self.server.config.output_dir.resolve()
        target = (root / posixpath.normpath(raw).lstrip("/")).resolve()
        if target != root and root not in target.parents:
            return None
        if target.is_dir():
            target = target / "index.html"
        return target if target.is_file() else None

    def _file(self, url_path: str) -> None:
        with self.server.state.site_lock:
            target = self._resolve(url_path)
            status = HTTPStatus.OK
            if target is None:
                status = HTTPStatus.NOT_FOUND
                target = self.server.config.output_dir / "404.html"
                if not target.is_file():
                    self._send(status, b"404 Not Found", "text/plain; charset=utf-8")
                    return
            body = target.read_bytes()
        content_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type in ("application/javascript", "application/json"):
            content_type += "; charset=utf-8"
        if target.suffix == ".html":
            body = self._inject(body)
        self._send(status, body, content_type)

    def _inject(self, page: bytes) -> bytes:
        """The reload script, and the last build's error over the page while there is one."""
        extra = f'<script src="{SCRIPT_PATH}"></script>'
        error = self.server.state.error
        if error:
            extra += (
                '<div id="archivegen-error" role="alert" style="position:fixed;inset:0 0 auto 0;'
                "z-index:9999;max-height:60vh;overflow:auto;background:#7a0000;color:#fff;padding:1rem;"
                f'font:14px monospace;white-space:pre-wrap">archivegen: the last rebuild failed\n'
                f"{html.escape(error)}</div>"
            )
        marker = b"</body>"
        at = page.rfind(marker)
        return page[:at] + extra.encode() + page[at:] if at >= 0 else page + extra.encode()

    def _events(self) -> None:
        """Server-Sent Events: the epoch now, then each new epoch (and a keep-alive comment)."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        state = self.server.state
        seen = -1
        try:
            while not self.server.stopping.is_set():
                with state.changed:
                    if state.epoch == seen:
                        state.changed.wait(timeout=10)
                    epoch, error = state.epoch, state.error
                if epoch != seen:
                    seen = epoch
                    payload = json.dumps({"epoch": epoch, "error": error})
                    self.wfile.write(f"data: {payload}\n\n".encode())
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return


class _Changes(FileSystemEventHandler):
    """Records which watched files changed; moves count by their destination (editors' saves)."""

    def __init__(self, server: DevServer):
        self.server = server

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if not raw:
                continue
            path = Path(raw if isinstance(raw, str) else raw.decode())
            if self.server.is_relevant(path, directory=event.is_directory):
                # A folder that appears, goes or moves takes its files with it, and files written
                # into a new folder before the watch reaches it raise no event: look at them all.
                folder = event.is_directory and event.event_type in ("created", "deleted", "moved")
                self.server.note_change(path, rescan=folder)


class SearchIndexer:
    """Pagefind in the background for a serve session: the search index may trail the pages by
    the time Pagefind takes (seconds), but no save waits for it. The index is made into a
    temporary folder here and put in place by the build loop, between two builds."""

    def __init__(self, server: DevServer):
        self.server = server
        self.wanted: tuple[str, list[str]] | None = None  # fingerprint and pages to index next
        self.ready: tuple[tempfile.TemporaryDirectory[str], str] | None = None
        self.lock = threading.Lock()
        self.wake = threading.Event()

    def request(self, fingerprint: str, pages: list[str]) -> None:
        """Index the site for `fingerprint`, `pages` being the pages marked for indexing."""
        with self.lock:
            self.wanted = (fingerprint, pages)
        self.wake.set()

    def run(self) -> None:
        stopping = self.server.stopping
        while not stopping.is_set():
            if not self.wake.wait(timeout=0.5):
                continue
            self.wake.clear()
            with self.lock:
                wanted, self.wanted = self.wanted, None
            if wanted is None:
                continue
            fingerprint, pages = wanted
            folder = tempfile.TemporaryDirectory(prefix="archivegen-pagefind-")
            try:
                run_pagefind(self.server.config.output_dir, Path(folder.name), stopping, pages)
            except SearchIndexError as exc:
                folder.cleanup()
                if not stopping.is_set():
                    print(f"search index not built: {exc}", file=sys.stderr)
                continue
            with self.lock:
                if self.ready is not None:
                    self.ready[0].cleanup()
                self.ready = (folder, fingerprint)
            self.server.wake.set()  # the build loop puts it in place

    def take(self) -> tuple[tempfile.TemporaryDirectory[str], str] | None:
        with self.lock:
            ready, self.ready = self.ready, None
        return ready


def _session_cache(cache: BuildCache) -> BuildCache:
    """A serve session keeps the lines of the data exports between builds: an edit then writes
    data/articles.json again from memory instead of converting every record."""
    cache.render.hold_lines = True
    return cache


class DevServer(ThreadingHTTPServer):
    """The development server: HTTP on host:port, a watcher and a build loop, started together."""

    daemon_threads = True

    def __init__(
        self,
        config: Config,
        config_path: Path | None,
        host: str = "127.0.0.1",
        port: int = 8000,
        *,
        prune: bool = False,
    ):
        """`prune`: rebuilds may remove most article pages (see guards.check_removals)."""
        self.config = config
        self.prune = prune
        self.config_path = config_path or config.root / CONFIG_NAME
        self.state = LiveState()
        self.cache = _session_cache(load_cache(config) or BuildCache())  # the last build's, if trusted
        self.stopping = threading.Event()
        self.pending: set[Path] = set()
        self.rescan = False  # the next build lists the content folder again
        self.pending_lock = threading.Lock()
        self.wake = threading.Event()
        self.last_report: BuildReport | None = None
        self.busy = False  # a build is running (its data exports may still be being written)
        self.search = SearchIndexer(self)
        super().__init__((host, port), Handler)
        self.observer = Observer()
        self._workers: list[threading.Thread] = []
        self._shown: set[str] = set()  # diagnostics already printed

    def handle_error(self, request: object, client_address: object) -> None:
        """A browser that hangs up before its answer is written (a reload, a closed tab, a page
        left while it loads) is not a server error: no traceback for it on the console, where
        it would bury the build's own messages. Anything else is printed as before."""
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    # --- watching -----------------------------------------------------------------------------
    def is_relevant(self, path: Path, *, directory: bool) -> bool:
        output = self.config.output_dir
        if path == output or output in path.parents:
            return False
        if path == self.config_path:
            return True
        if path in (self.config.content_dir, self.config.templates_dir, self.config.static_dir):
            return True  # the folder itself renamed away or back: everything in it changed
        name = path.name
        if (
            name.startswith((".", "#"))
            or name.endswith(("~", ".swp", ".swx", ".tmp", ".part"))
            or name == "4913"
        ):
            return False
        if self.config.content_dir in path.parents:
            return directory or is_article_name(name) or is_sidecar_name(name)
        return any(folder in path.parents for folder in (self.config.templates_dir, self.config.static_dir))

    def note_change(self, path: Path, *, rescan: bool = False) -> None:
        with self.pending_lock:
            self.pending.add(path)
            self.rescan = self.rescan or rescan
        self.wake.set()

    # --- building -----------------------------------------------------------------------------
    def rebuild(self, changed: set[Path] | None = None) -> BuildReport:
        """One build with the cache of the last; publishes the new epoch (and any error) as soon
        as the pages are written, and again only if the rest of the build added an error.
        `changed`: the files the watcher reported (None: look at every file)."""
        published: list[str | None] = []

        def pages_written(report: BuildReport) -> None:
            published.append(_report_error(report))
            self.state.publish(published[-1])

        self.busy = True
        try:
            report = build(
                self.config,
                cache=self.cache,
                write_lock=self.state.site_lock,
                pages_written=pages_written,
                changed=changed,
                search_later=True,
                prune=self.prune,
            )
        finally:
            self.busy = False
        self.last_report = report
        if report.search_stale:
            self.search.request(report.search_stale, list(self.cache.search_digests))
        if not published or published[-1] != _report_error(report):
            self.state.publish(_report_error(report))
        # What the build keeps for the next one lives as long as the session: taking it out of
        # the cyclic garbage collector's view keeps a full collection from walking it after
        # every save (a quarter of a second at 5,000 articles).
        gc.freeze()
        return report

    def _reload_config(self) -> list[Diagnostic] | None:
        """Read the edited settings; their warnings, or None (printed, and shown over the page,
        with the last good site still served) when they cannot be used."""
        try:
            config, warnings = load_config(self.config_path)
        except ConfigError as exc:
            for d in exc.diagnostics:
                print(d, file=sys.stderr)
            print(
                f"{self.config_path.name} not reloaded: {counted(len(exc.diagnostics), 'error')}; "
                "the last good site is still served",
                file=sys.stderr,
            )
            self._shown = set()  # once fixed, the standing warnings are worth seeing again
            self.state.publish("\n".join(str(d) for d in exc.diagnostics))
            return None
        if dataclasses.replace(config, output_dir=self.config.output_dir) != config:
            warnings.append(
                Diagnostic("warning", str(self.config_path), "output_dir changes only when serve restarts")
            )
        self.config = dataclasses.replace(config, output_dir=self.config.output_dir)
        self.cache = _session_cache(BuildCache())  # settings can change every page
        return warnings

    def _build_loop(self) -> None:
        while not self.stopping.is_set():
            if not self.wake.wait(timeout=0.5):
                continue
            while self.wake.is_set():  # let a burst of saves settle into one rebuild
                self.wake.clear()
                time.sleep(DEBOUNCE)
            with self.pending_lock:
                changed, self.pending = self.pending, set()
                rescan, self.rescan = self.rescan, False
            if self.stopping.is_set():
                return
            if changed or rescan:
                self._rebuild_after(changed, rescan)
            self._install_search_index()  # after the pages a save waits for

    def _rebuild_after(self, changed: set[Path], rescan: bool) -> None:
        settings: list[Diagnostic] = []
        if self.config_path in changed:
            reloaded = self._reload_config()
            if reloaded is None:
                return
            settings = reloaded
        started = time.perf_counter()
        try:
            report = self.rebuild(None if rescan else changed)
        except Exception as exc:  # a bug must not stop the server: show it, keep the last site
            message = f"internal error: {type(exc).__name__}: {exc}"
            print(message, file=sys.stderr)
            self.state.publish(message)
            return
        # Printed as `archivegen build` prints them, but only what this rebuild found anew:
        # hundreds of standing warnings after every save would bury the one the writer just
        # caused. The summary counts them all.
        diagnostics = settings + report.diagnostics
        shown, self._shown = self._shown, {str(d) for d in diagnostics}
        for d in diagnostics:
            if str(d) not in shown:
                print(d, file=sys.stderr)
        errors = sum(d.level == "error" for d in diagnostics)
        counts = f"{counted(errors, 'error')}, {counted(len(diagnostics) - errors, 'warning')}"
        if report.refused:
            print(
                f"rebuild stopped, nothing changed ({counts}); the last good site is still served",
                file=sys.stderr,
            )
        else:
            print(
                f"rebuilt in {time.perf_counter() - started:.2f}s after {counted(len(changed), 'change')}: "
                f"{counts}",
                file=sys.stderr,
            )

    def _install_search_index(self) -> None:
        ready = self.search.take()
        if ready is None:
            return
        folder, fingerprint = ready
        try:
            with self.state.site_lock:
                install_search_index(self.config, self.cache, Path(folder.name), fingerprint)
        except OSError as exc:
            print(f"search index not installed: {exc}", file=sys.stderr)
        finally:
            folder.cleanup()

    # --- life cycle ---------------------------------------------------------------------------
    def start(self) -> BuildReport:
        """Build once, then serve, watch and rebuild in background threads."""
        report = self.rebuild()
        self._shown = {str(d) for d in report.diagnostics}
        for folder in (self.config.content_dir, self.config.templates_dir, self.config.static_dir):
            if folder.is_dir():
                self.observer.schedule(_Changes(self), str(folder), recursive=True)
        self.observer.schedule(_Changes(self), str(self.config_path.parent), recursive=False)
        self.observer.start()
        for target in (self.serve_forever, self._build_loop, self.search.run):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._workers.append(thread)
        return report

    def stop(self) -> None:
        self.stopping.set()
        self.wake.set()
        with self.state.changed:
            self.state.changed.notify_all()
        self.observer.stop()
        self.observer.join(timeout=5)
        self.shutdown()
        self.server_close()
        for thread in self._workers:
            thread.join(timeout=30)  # the build loop finishes the file it is writing
        ready = self.search.take()
        if ready is not None:
            ready[0].cleanup()
        if not self.busy and all(not t.is_alive() for t in self._workers):
            save_cache(self.config, self.cache)  # the next build or serve starts from here

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"
