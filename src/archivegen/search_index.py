"""Full-text search index: Pagefind (PyPI `pagefind[bin]`, offline) run over the written pages.

Pagefind writes its index into a temporary folder; the files are then handed to the Writer like
any other output, so they are written atomically and listed in the build manifest.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tempfile
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


def build_search_index(site_dir: Path) -> Iterator[tuple[str, Path]]:
    """Index the HTML pages in site_dir; yield (output path, file) for every index file.

    The files live in a temporary folder that is removed when the generator is exhausted."""
    with tempfile.TemporaryDirectory(prefix="archivegen-pagefind-") as tmp:
        command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-path", tmp, "--quiet"]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise SearchIndexError(f"could not run Pagefind: {exc}") from exc
        if result.returncode != 0:
            message = (result.stderr or result.stdout).strip().splitlines()
            hint = (
                "install it with: pip install 'pagefind[bin]'" if "No module named" in result.stderr else ""
            )
            raise SearchIndexError(
                f"Pagefind failed: {message[-1] if message else result.returncode} {hint}".strip()
            )
        for path in sorted(Path(tmp).rglob("*")):
            if path.is_file():
                yield f"{INDEX_DIR}/{path.relative_to(tmp).as_posix()}", path
