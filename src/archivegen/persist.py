"""The build cache on disk, so that `archivegen build` after a small change (or none) does the work
of that change, as `serve` does between saves.

The whole BuildCache is pickled after each build into the user's cache folder
(`$XDG_CACHE_HOME/archivegen/`, by default `~/.cache/archivegen/`): not into the output folder,
which gets published, nor into the project, where a file loaded with pickle could be committed by
someone else (loading a pickle runs what it says). Pickling keeps the sharing between its
objects (a record, its catalog entry and the tokens that hold it are one object again after
loading), which is what the incremental render compares by identity. The file is used only when
everything it was made from is the same: the code and data of this archivegen (hashed), the
settings, the output folder, and the output folder's manifest as the cached build left it, with
every file it lists still there. Anything else, a damaged file included, means a build from
scratch, never a wrong site. Files under the output folder changed by hand (same names) are not
noticed: `archivegen build --fresh` ignores the cache.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path
from typing import Any

from . import collector
from .build import BuildCache
from .config import Config
from .write import MANIFEST

log = logging.getLogger("archivegen")

FORMAT = 2
IN_USE = ".in-use"  # suffix of a cache a build has loaded and not yet replaced


def cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "archivegen"


def cache_path(config: Config) -> Path:
    """One cache file per output folder."""
    name = hashlib.sha256(str(config.output_dir.resolve()).encode()).hexdigest()[:16]
    return cache_dir() / f"{name}.pickle"


@functools.cache  # the code a process runs does not change while it runs
def _code_version() -> str:
    """Hash of archivegen's own files (code and data): a cache made by other code is not used."""
    digest = hashlib.sha256()
    root = resources.files("archivegen")
    for path in sorted(Path(str(root)).rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yaml", ".json", ".txt"):
            digest.update(path.relative_to(Path(str(root))).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _header(config: Config, manifest: bytes | None) -> dict[str, Any]:
    """What the cache was made from; `manifest` is the output manifest its build left."""
    return {
        "format": FORMAT,
        "python": sys.version_info[:2],
        "code": _code_version(),
        "config": repr(config),
        "manifest": None if manifest is None else _manifest_digest(manifest),
    }


def _manifest_digest(manifest: bytes) -> str:
    return hashlib.sha256(manifest).hexdigest()


def load_cache(config: Config) -> BuildCache | None:
    """The cache of the last build into this output folder, or None when it cannot be trusted."""
    path = cache_path(config)
    try:
        with path.open("rb") as f:
            header = pickle.load(f)
            if not isinstance(header, dict) or {**header, "manifest": None} != _header(config, None):
                log.info("cache: made by other code or settings; building from scratch")
                return None
            # Before the big part is loaded: is the output folder still the one it describes?
            # (An emptied output folder, the usual way to ask for a full build, is seen here.)
            try:
                on_disk = (config.output_dir / MANIFEST).read_bytes()
            except OSError:
                on_disk = None
            if on_disk is None or header["manifest"] != _manifest_digest(on_disk):
                log.info("cache: the output folder is not the one the cache describes; building from scratch")
                return None
            with collector.paused():  # loading a large graph of new objects: no cycles to look for
                cache = pickle.load(f)
                # It lives as long as the build or the serve session: kept out of the collector's
                # sight, so that no full collection walks its millions of objects (0.6 s at 10k).
                gc.freeze()
    except FileNotFoundError:
        return None
    except Exception as exc:  # a damaged or foreign file is never fatal: build from scratch
        log.info("cache: unreadable (%s: %s); building from scratch", type(exc).__name__, exc)
        return None
    if not isinstance(cache, BuildCache) or not _matches_output(config, cache, on_disk):
        log.info("cache: the output folder is not the one the cache describes; building from scratch")
        return None
    # While a build uses it, the cache is set aside: a build killed half-way (its pages partly
    # put in place) must not leave a cache that a later build would trust.
    with contextlib.suppress(OSError):
        path.rename(path.with_suffix(IN_USE))
    return cache


def release_cache(config: Config) -> None:
    """The build that loaded the cache changed nothing: put it back as it was."""
    path = cache_path(config)
    with contextlib.suppress(OSError):
        path.with_suffix(IN_USE).rename(path)


def _matches_output(config: Config, cache: BuildCache, manifest: bytes) -> bool:
    """`manifest`: the output folder's, as load_cache read it for the header's check."""
    memory = cache.written
    if memory.files is None or manifest != memory.manifest:
        return False
    root = str(config.output_dir)
    return all(os.path.isfile(os.path.join(root, p)) for p in memory.files)  # no Path: 50,000 files


def save_cache(config: Config, cache: BuildCache) -> None:
    """Write the cache atomically; a failure costs the next build its head start, nothing more."""
    path = cache_path(config)
    started = time.perf_counter()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            # Pickling makes a small object per object it writes: with the collector on, those
            # set off collections that walk the whole graph again and again (10k: 2.9 -> 1.6 s).
            with collector.paused(), os.fdopen(fd, "wb") as f:
                pickle.dump(_header(config, cache.written.manifest), f, protocol=pickle.HIGHEST_PROTOCOL)
                pickle.dump(cache, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
            path.with_suffix(IN_USE).unlink(missing_ok=True)
            _prune(path.parent, keep=path)
            log.info("cache: saved in %.2fs", time.perf_counter() - started)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except (OSError, pickle.PicklingError, RecursionError) as exc:
        log.warning("cache: not saved (%s)", exc)


KEPT = 3  # caches kept (of the output folders built last), each as big as the records


def _prune(folder: Path, keep: Path) -> None:
    """Forget the caches of output folders not built lately (each is as big as the records)."""
    others = sorted(
        (p for p in folder.glob("*.pickle") if p != keep), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for old in others[KEPT - 1 :]:
        with contextlib.suppress(OSError):
            old.unlink()
    for stale in folder.glob("*" + IN_USE):  # left by builds that were killed
        with contextlib.suppress(OSError):
            stale.unlink()
