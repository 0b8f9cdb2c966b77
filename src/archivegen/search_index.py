"""Full-text search index: Pagefind (PyPI `pagefind[bin]`, offline) run over the written pages.

Pagefind writes its index into a temporary folder; the files are then handed to the Writer like
any other output, so they are written atomically and listed in the build manifest.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping
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


class SearchIndexError(Exception):
    """Pagefind is missing or failed; the message says which and how to fix it."""


def run_pagefind(site_dir: Path, out_dir: Path, stop: threading.Event | None = None) -> None:
    """Index the HTML pages in site_dir into out_dir. Raises SearchIndexError; gives up quietly
    (SearchIndexError "stopped") as soon as `stop` is set."""
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


def build_search_index(site_dir: Path) -> Iterator[tuple[str, Path]]:
    """Index the HTML pages in site_dir; yield (output path, file) for every index file.

    The files live in a temporary folder that is removed when the generator is exhausted."""
    with tempfile.TemporaryDirectory(prefix="archivegen-pagefind-") as tmp:
        run_pagefind(site_dir, Path(tmp))
        yield from index_files(Path(tmp))
