"""Full-text search index: Pagefind (PyPI `pagefind[bin]`, offline) run over the written pages.

Pagefind writes its index into a temporary folder; the files are then handed to the Writer like
any other output, so they are written atomically and listed in the build manifest.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from importlib import metadata
from pathlib import Path

from .render import Output

INDEX_DIR = "pagefind"
try:
    PAGEFIND_VERSION = metadata.version("pagefind")
except metadata.PackageNotFoundError:
    PAGEFIND_VERSION = "absent"


def page_digest(output: Output) -> bytes | None:
    """Digest of a page Pagefind indexes (one marked data-pagefind-body); None for other files."""
    data = output.data
    if data is not None and output.path.endswith(".html") and b"data-pagefind-body" in data:
        return hashlib.blake2b(data, digest_size=16).digest()
    return None


def search_fingerprint(digests: Mapping[str, bytes]) -> str:
    """Hash of every indexed page (path and digest) and of Pagefind's version."""
    digest = hashlib.sha256(PAGEFIND_VERSION.encode())
    for path in sorted(digests):
        digest.update(path.encode() + b"\0" + digests[path])
    return digest.hexdigest()


# A path segment that Pagefind's glob takes literally; anything else and pages_glob gives up.
_PLAIN_SEGMENT = re.compile(r"[A-Za-z0-9._-]+")
_MAX_SHAPES = 32


def pages_glob(pages: Iterable[str]) -> str | None:
    """A Pagefind glob that finds the indexed pages and few others: each page's first folder and
    file name, any folders between ("bai/*/index.html"). Pagefind parses every file its glob
    finds, even one with no data-pagefind-body: on an archive whose term and list pages outnumber
    its articles, that is most of the indexing time. None (Pagefind's own glob, every page)
    when the pages do not come down to a few such shapes."""
    shapes = set()
    for page in pages:
        parts = page.split("/")
        ends = (parts[0], parts[-1])
        if not all(_PLAIN_SEGMENT.fullmatch(p) for p in ends):
            return None
        shapes.add("/".join([parts[0], *["*"] * (len(parts) - 2), parts[-1]] if len(parts) > 1 else parts))
        if len(shapes) > _MAX_SHAPES:
            return None
    if not shapes:
        return None
    ordered = sorted(shapes)
    return ordered[0] if len(ordered) == 1 else "{" + ",".join(ordered) + "}"


class SearchIndexError(Exception):
    """Pagefind is missing or failed; the message says which and how to fix it."""


def run_pagefind(
    site_dir: Path, out_dir: Path, stop: threading.Event | None = None, pages: Iterable[str] = ()
) -> None:
    """Index the HTML pages in site_dir into out_dir: only those that pages_glob(`pages`) finds,
    when it finds a glob (`pages`: the paths of the pages marked for indexing). Raises
    SearchIndexError; gives up quietly (SearchIndexError "stopped") as soon as `stop` is set."""
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-path",
        str(out_dir),
        "--quiet",
    ]
    glob = pages_glob(pages)
    if glob is not None:
        command += ["--glob", glob]
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as exc:
        raise SearchIndexError(f"could not run Pagefind: {exc}") from exc
    deadline = time.monotonic() + 600
    while True:
        try:
            out, err = process.communicate(timeout=0.2)
            break
        except subprocess.TimeoutExpired:
            if (stop is not None and stop.is_set()) or time.monotonic() > deadline:
                process.kill()
                process.communicate()
                raise SearchIndexError(
                    "stopped" if stop is not None and stop.is_set() else "Pagefind timed out"
                ) from None
    if process.returncode != 0:
        message = (err or out).strip().splitlines()
        hint = "install it with: pip install 'pagefind[bin]'" if "No module named" in err else ""
        raise SearchIndexError(
            f"Pagefind failed: {message[-1] if message else process.returncode} {hint}".strip()
        )


def index_files(out_dir: Path) -> list[tuple[str, Path]]:
    """(output path, file) of every file of an index Pagefind wrote into out_dir."""
    return [
        (f"{INDEX_DIR}/{path.relative_to(out_dir).as_posix()}", path)
        for path in sorted(out_dir.rglob("*"))
        if path.is_file()
    ]


def build_search_index(site_dir: Path, pages: Iterable[str] = ()) -> Iterator[tuple[str, Path]]:
    """Index the HTML pages in site_dir (see run_pagefind for `pages`); yield (output path,
    file) for every index file.

    The files live in a temporary folder that is removed when the generator is exhausted: in
    site_dir, so that they can be renamed into place (Writer.move_file) rather than written
    twice, and named as the writer's temporary files are, so that a killed build's is removed."""
    with tempfile.TemporaryDirectory(prefix=".tmp-pagefind-", dir=site_dir) as tmp:
        run_pagefind(site_dir, Path(tmp), pages=pages)
        yield from index_files(Path(tmp))
