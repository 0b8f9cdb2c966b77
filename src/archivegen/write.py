"""Write stage: the only code that touches the output folder.

Each file goes to a temporary name in its own folder and is renamed over the old one, so a reader
(or a crash) never sees a half-written page; files whose bytes are unchanged are not rewritten;
files the previous build wrote and this one did not are removed, using the manifest of the last
build. The folder is never emptied first: a failed build leaves the last good site in place.
A build into a folder that is not there yet writes every file straight to its name in a new
folder beside it, and renames that folder into place at the end (Writer.begin).
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from .diagnostics import Diagnostic, Refused
from .render.output import PreviousLine

MANIFEST = ".archivegen-manifest.json"
# In the output folder while a build writes into it (Writer.begin to Writer.finish or end).
WRITING = ".archivegen-writing"
MARKS = "writing_mark"  # manifest note: the build that wrote it marked the folder while writing
# A build into an output folder that is not there yet writes into a folder of this name (and its
# process id) beside it, and renames that folder into place: see Writer.begin.
NEW = ".archivegen-new-"


@dataclass
class WriteStats:
    written: int = 0  # files whose bytes changed (or are new)
    unchanged: int = 0
    removed: int = 0


def check_output_dir(output: Path, protected: list[Path], inputs: Sequence[Path] = ()) -> None:
    """Refuse output folders where removing stale files could destroy someone's work: one that
    contains a `protected` folder (the project, its inputs), or lies inside one of the `inputs`
    (the next build would read its own pages as articles, templates or static files)."""
    output = output.resolve()
    home = Path.home().resolve()
    reasons = []
    if output == Path(output.anchor) or output == home:
        reasons.append("it is the file-system root or your home folder")
    for p in protected:
        p = p.resolve()
        if output == p or output in p.parents:
            reasons.append(f"it contains {p}")
    for p in inputs:
        p = p.resolve()
        if p in output.parents:
            reasons.append(f"it is inside {p}")
    if output.exists() and not output.is_dir():
        reasons.append("it is a file, not a folder")
    elif (
        output.is_dir()
        and any(output.iterdir())
        and not (output / MANIFEST).exists()
        and not (output / WRITING).exists()  # a first build, killed: its files are removed
    ):
        reasons.append(f"it is not empty and was not written by archivegen (no {MANIFEST})")
    if reasons:
        raise Refused(
            Diagnostic("error", str(output), "refusing to use as output folder: " + "; ".join(reasons))
        )


_CONTROL = re.compile(r"[\x00-\x1f]")


def safe_relative(path: str) -> PurePosixPath:
    """An output path that stays inside the output folder, or ValueError."""
    p = PurePosixPath(path)
    if p.is_absolute() or not p.parts or any(part in ("", ".", "..") for part in p.parts):
        raise ValueError(f"unsafe output path: {path!r}")
    if _CONTROL.search(path):
        raise ValueError(f"control character in output path: {path!r}")
    return p


@dataclass(frozen=True)
class WriterShare:
    """What a writer in another process of the same build wrote: its files staged for publish
    (see Writer._staged; `pid` names its temporary files), the paths it produced, its counts."""

    pid: int
    staged: list[tuple[int, str]]
    paths: set[str]
    stats: WriteStats
    direct: bool = False  # its files went straight to their names (paths): none staged


@dataclass
class WriteMemory:
    """What the writer of a serve session remembers from one build to the next: the files the last
    build left and its manifest, so that a build after one edit neither reads the manifest nor
    looks at the thousands of files it keeps. Files under the output folder changed by hand
    while `serve` runs are put right by the next cold `archivegen build`, or when their page
    changes."""

    files: frozenset[str] | None = None  # None until the first build of the session has finished
    manifest: bytes = b""
    notes: dict[str, Any] = field(default_factory=dict)


class Writer:
    """Writes one build's outputs into `root` atomically, then prunes what the last build left."""

    def __init__(self, root: Path, memory: WriteMemory | None = None, *, direct: bool = False):
        """`direct`: files go straight to their names, none staged (a forked process's writer of a
        build into a new folder, see begin)."""
        self.root = root
        self.stats = WriteStats()
        self.paths: set[str] = set()
        self.memory = memory if memory is not None and memory.files is not None else None
        self.staging = False  # see stage()
        # Files waiting for publish(), as (serial of the temporary name, output path): the two
        # file names are made again from them (_tmp_path), not held, 55,000 times at 10,000
        # articles, by the process that publishes. Those of other processes of the build, by pid.
        self._staged: list[tuple[int, str]] = []
        self._adopted: list[tuple[int, list[tuple[int, str]]]] = []
        self._adopted_direct: list[str] = []  # paths other processes wrote straight to their names
        self._root = str(root)
        self._session = memory  # updated by finish()
        # Folders as strings, not Paths: a build of 10,000 articles writes into 45,000 of them.
        self._folders: dict[str, bool] = {}  # there: made by this writer (True) or found
        self._parents: dict[str, str] = {}  # "bai/x/" -> its folder, checked by safe_relative
        self._pid = os.getpid()  # temporary names: this process's (a writer is not forked)
        self._serial = 0
        self._previous: dict[str, Any] | None = None  # previous_manifest(), read once
        self._marked = False  # begin() left the mark
        self._look_for_strays = False  # see begin()
        self.direct = direct
        self._new_root: Path | None = None  # the output folder a new folder replaces (begin)

    def _target(self, path: str) -> str:
        """The file of an output path, which safe_relative checks. Thousands of pages share a
        folder: it is checked once, and then only the file name."""
        cut = path.rfind("/") + 1
        prefix, name = path[:cut], path[cut:]
        folder = self._parents.get(prefix)
        if folder is None or name in ("", ".", "..") or _CONTROL.search(name):
            target = self.root.joinpath(*safe_relative(path).parts)
            if target.name == name:  # the prefix names exactly this folder
                self._parents[prefix] = str(target.parent)
            return str(target)
        return f"{folder}/{name}"

    @staticmethod
    def _tmp_path(target: str, pid: int, serial: int) -> str:
        """The temporary file beside `target` of the writer of process `pid`, by its serial."""
        return f"{os.path.dirname(target)}/.tmp-{pid}-{serial}{os.path.splitext(target)[1]}"

    def _temporary_name(self, target: str) -> tuple[str, int]:
        """A temporary name beside `target` that this process has not used, and its serial; the
        target itself when files go straight to their names."""
        if self.direct:
            return target, 0
        self._serial += 1
        return self._tmp_path(target, self._pid, self._serial), self._serial

    def _temporary(self, target: str) -> tuple[int, str, int]:
        """A new temporary file beside `target` (readable by all but for the umask, like the pages
        it becomes), open for writing; its name and serial."""
        while True:
            tmp, serial = self._temporary_name(target)
            try:
                return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644), tmp, serial
            except FileExistsError:  # left by a killed build of a process with the same id
                if self.direct:  # a new folder: each path is written once, by one process
                    raise
                continue

    def _folder(self, target: str) -> bool:
        """Make the target's folder, only when a file is about to be written there. True when
        this writer made it: then the target is not there yet (each output path is written by
        one process of a build, once), and need not be looked for."""
        folder = os.path.dirname(target)
        made = self._folders.get(folder)
        if made is not None:
            return made
        try:
            os.mkdir(folder)
            made = True
        except FileExistsError:
            made = False
        except FileNotFoundError:  # its parent is missing too
            os.makedirs(folder, exist_ok=True)
            made = True
        self._folders[folder] = made
        return made

    def write_bytes(self, path: str, data: bytes) -> None:
        target = self._target(path)
        self.paths.add(path)
        if not self._folder(target):  # a build from scratch makes most folders: nothing to compare
            try:
                if os.stat(target).st_size == len(data):
                    with open(target, "rb") as f:
                        if f.read() == data:
                            self.stats.unchanged += 1
                            return
            except FileNotFoundError:
                pass

        def fill(fd: int, tmp: str) -> bool:
            try:
                done = os.write(fd, data)
                while done < len(data):  # os.write may write less than asked
                    done += os.write(fd, data[done:])
            finally:
                os.close(fd)
            return True

        self._put(path, target, fill)

    def write_chunks(self, path: str, chunks: Iterable[bytes | PreviousLine]) -> None:
        """`write_bytes` for a file too big to hold whole: its pieces go into the temporary file
        as they are made, and it replaces the target only if the bytes differ. A PreviousLine
        piece is copied from the file the target holds now, when it is there as expected."""
        target = self._target(path)
        self.paths.add(path)

        def fill(fd: int, tmp: str) -> bool:
            direct = tmp == target  # a new file: no earlier one to copy lines from or compare
            with os.fdopen(fd, "wb", buffering=1 << 20) as f, _Lines(None if direct else target) as previous:
                for chunk in chunks:
                    if type(chunk) is PreviousLine:
                        found = previous.line(chunk.index)
                        if found is not None and found.startswith(chunk.start):
                            f.write(found.removesuffix(chunk.suffix))
                        else:
                            f.write(chunk.make())
                    else:
                        f.write(chunk)  # type: ignore[arg-type]
            return direct or not _same_bytes(tmp, target)

        self._put(path, target, fill)

    def _put(self, path: str, target: str, fill: Callable[[int, str], bool]) -> None:
        """Write a temporary file beside the target with `fill(fd, tmp)`, which closes `fd` and
        says whether the file is to replace the target (False: it holds the target's bytes),
        then put it in place, or stage it."""
        self._folder(target)
        fd, tmp, serial = self._temporary(target)
        try:
            if not fill(fd, tmp):
                os.unlink(tmp)
                self.stats.unchanged += 1
                return
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._place(tmp, target, serial, path)

    def _place(self, tmp: str, target: str, serial: int, path: str) -> None:
        """Put a temporary file with new bytes in place, or stage it; removed if that fails."""
        try:
            self._replace(tmp, target, serial, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.stats.written += 1

    def copy_file(self, path: str, source: Path) -> None:
        target = self._target(path)
        self.paths.add(path)
        try:
            st, ss = os.stat(target), source.stat()
            if st.st_size == ss.st_size and st.st_mtime_ns == ss.st_mtime_ns:
                self.stats.unchanged += 1
                return
        except FileNotFoundError:
            pass
        self._folder(target)
        fd, tmp, serial = self._temporary(target)
        os.close(fd)
        try:
            shutil.copy2(source, tmp)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._place(tmp, target, serial, path)

    def move_file(self, path: str, source: Path) -> None:
        """`write_bytes` of a file made elsewhere (the search index), renamed into place rather than
        written again when it is on the output folder's file system: Pagefind makes a file per
        article. `source` is gone afterwards unless it held the target's bytes."""
        target = self._target(path)
        self.paths.add(path)
        if _same_bytes(str(source), target):
            self.stats.unchanged += 1
            return
        self._folder(target)
        tmp, serial = self._temporary_name(target)  # a killed build's file of that name is garbage
        try:
            os.rename(source, tmp)
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
            self.write_bytes(path, source.read_bytes())  # another file system: copied
            return
        self._place(tmp, target, serial, path)

    def _replace(self, tmp: str, target: str, serial: int, path: str) -> None:
        if self.direct:
            return  # written in place
        if self.staging:
            self._staged.append((serial, path))
        else:
            os.replace(tmp, target)

    def _staged_files(self) -> Iterator[tuple[str, str]]:
        """(temporary file, target) of every file staged here or adopted. The paths were checked
        (safe_relative) by the writer that wrote them."""
        for pid, staged in ((self._pid, self._staged), *self._adopted):
            for serial, path in staged:
                target = f"{self._root}/{path}"
                yield self._tmp_path(target, pid, serial), target

    def stage(self) -> None:
        """From now on, new bytes go to temporary files beside their targets and replace them
        only at publish(): a build keeps no page in memory, and one that fails half-way
        (discard()) leaves the site as it was."""
        self.staging = True

    def publish(self) -> None:
        """Put every staged file in place (renames only: quick, and each one atomic); a build into
        a new folder renames that folder into place, one rename for all its files."""
        for tmp, target in self._staged_files():
            os.replace(tmp, target)
        self._staged, self._adopted, self._adopted_direct, self.staging = [], [], [], False
        if self._new_root is not None:
            os.rename(self.root, self._new_root)
            self._leave_new_folder()

    def discard(self) -> None:
        """Remove every staged file: the site stays as the last build left it (a build into a
        new folder removes that folder: there is still no output folder)."""
        for tmp, _ in self._staged_files():
            Path(tmp).unlink(missing_ok=True)
        for path in self._adopted_direct:
            Path(self._target(path)).unlink(missing_ok=True)
        self._staged, self._adopted, self._adopted_direct, self.staging = [], [], [], False
        if self._new_root is not None:
            shutil.rmtree(self.root, ignore_errors=True)
            self._leave_new_folder()

    def _leave_new_folder(self) -> None:
        """From now on, write into the output folder itself, staged as usual."""
        assert self._new_root is not None
        self.root, self._root = self._new_root, str(self._new_root)
        self._new_root, self.direct = None, False
        self._folders.clear()  # they name folders of the new folder under its old name
        self._parents.clear()

    def share(self) -> WriterShare:
        """This writer's work, for the writer of the process that publishes the build."""
        assert not self._adopted  # a worker's writer adopts nothing
        return WriterShare(self._pid, list(self._staged), set(self.paths), self.stats, self.direct)

    def adopt(self, share: WriterShare) -> None:
        """Take on what a writer of another process of this build wrote: its staged files are
        published, or discarded, with this writer's."""
        self._adopted.append((share.pid, share.staged))
        if share.direct:
            self._adopted_direct.extend(share.paths)
        self.paths |= share.paths
        self.stats.written += share.stats.written
        self.stats.unchanged += share.stats.unchanged
        self.stats.removed += share.stats.removed

    def keep_all(self, paths: set[str]) -> None:
        """Count files of the last build as produced again, unchanged, without looking at them:
        a serve session's render knows no change reached them."""
        self.paths |= paths
        self.stats.unchanged += len(paths)

    def begin(self) -> None:
        """Mark the output folder as being written, before the first file of a build. A build
        killed part way leaves the mark, and the temporary files it had staged: only then does
        finish() look through the whole folder for them (at 10,000 articles that walk of 50,000
        folders takes 1-6 s, half of a rebuild where nothing changed). A folder last written by
        a build that did not mark it is looked through once."""
        _remove_abandoned_new_folders(self.root)
        if self.memory is None and not os.path.lexists(self.root):
            # A first build: no site to keep as it was until the new one is whole. Every file goes
            # straight to its name in a new folder beside the output folder, which publish()
            # renames into place: one rename, not one per file (55,000 at 10,000 articles, 0.9 s;
            # 250,000 at 50,000, 6.8 s). A build killed before that leaves the new folder, which
            # the next build removes.
            self._new_root = self.root
            self.root = self.root.parent / f"{NEW}{self.root.name}-{self._pid}"
            self._root = str(self.root)
            self.direct = True
        mark = os.path.join(self.root, WRITING)
        previous = self.previous_manifest()
        self._look_for_strays = os.path.exists(mark) or (bool(previous) and previous.get(MARKS) is not True)
        os.makedirs(self.root, exist_ok=True)
        with open(mark, "wb"):
            pass
        self._marked = True

    def end(self) -> None:
        """Remove the mark of begin(): nothing this build staged is left (finish, discard)."""
        if self._marked:
            Path(self.root, WRITING).unlink(missing_ok=True)
            self._marked = False

    def previous_manifest(self) -> dict[str, Any]:
        """What the last build recorded: its files and notes (e.g. the search index fingerprint)."""
        if self.memory is not None:
            return {**self.memory.notes, "files": self.memory.files}
        if self._previous is None:
            try:
                data = json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
            except (FileNotFoundError, ValueError):
                data = {}
            self._previous = data if isinstance(data, dict) else {}
        return self._previous

    def keep(self, path: str) -> bool:
        """Count an existing file of the last build as produced again, unchanged. False if it is
        gone (a serve session takes its memory's word for it)."""
        if self.memory is not None and self.memory.files is not None and path in self.memory.files:
            self.paths.add(path)
            self.stats.unchanged += 1
            return True
        if not os.path.isfile(self._target(path)):
            return False
        self.paths.add(path)
        self.stats.unchanged += 1
        return True

    def finish(self, notes: dict[str, Any] | None = None) -> None:
        """Remove files of the previous build that this build did not produce; save the manifest
        with `notes` for the next build."""
        previous = self.previous_manifest().get("files", [])
        for path in previous:
            if path in self.paths:
                continue
            try:
                target = Path(self._target(path))
            except ValueError:
                continue
            if target.is_file() and self._inside(target):
                target.unlink()
                self.stats.removed += 1
                _prune_empty_dirs(target.parent, self.root)
        if self._look_for_strays:  # files and folders (search_index) a killed build left
            for stray in sorted(self.root.rglob(".tmp-*"), key=lambda p: len(p.parts)):
                if stray.is_dir():
                    shutil.rmtree(stray, ignore_errors=True)
                else:
                    stray.unlink(missing_ok=True)
        files = frozenset(self.paths - {MANIFEST})
        notes = {**(notes or {}), MARKS: True}
        if self.memory is not None and files == self.memory.files and notes == self.memory.notes:
            manifest = self.memory.manifest
            self.paths.add(MANIFEST)
            self.stats.unchanged += 1
        else:
            manifest = json.dumps({**notes, "files": sorted(files)}, indent=0, ensure_ascii=False).encode()
            self.write_bytes(MANIFEST, manifest)
        if self._session is not None:
            self._session.files, self._session.manifest, self._session.notes = files, manifest, notes
        self.end()

    def _inside(self, target: Path) -> bool:
        """Whether a file to remove is really in the output folder: not reached through a link
        to a folder elsewhere (a `bai` made a link to someone's folder)."""
        real = os.path.realpath(target.parent)
        root = os.path.realpath(self.root)
        return real == root or real.startswith(root + os.sep)


class _Lines:
    """The lines of a file (newline left out), read forward only as they are asked for: the
    file the last build wrote, while the new one is made beside it."""

    def __init__(self, path: str | None):
        self.path = path
        self.file: BinaryIO | None = None
        self.at = -1  # index of the line last read
        self.ended = path is None  # None: there is no earlier file

    def __enter__(self) -> _Lines:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.file is not None:
            self.file.close()

    def line(self, index: int) -> bytes | None:
        """Line `index`, or None if the file has no such line or it was passed already."""
        if index <= self.at or self.ended:
            return None
        if self.file is None:
            assert self.path is not None
            try:
                self.file = open(self.path, "rb")  # noqa: SIM115  # closed by __exit__
            except OSError:
                self.ended = True
                return None
        for line in self.file:
            self.at += 1
            if self.at == index:
                return line.removesuffix(b"\n")
        self.ended = True
        return None


def _same_bytes(a: str, b: str, block: int = 1 << 20) -> bool:
    """True when the two files hold the same bytes (False when `b` does not exist)."""
    try:
        if os.stat(a).st_size != os.stat(b).st_size:
            return False
        with open(a, "rb") as fa, open(b, "rb") as fb:
            while True:
                x = fa.read(block)
                if x != fb.read(block):
                    return False
                if not x:
                    return True
    except FileNotFoundError:
        return False


def _prune_empty_dirs(folder: Path, root: Path) -> None:
    while folder != root and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _remove_abandoned_new_folders(root: Path) -> None:
    """Remove the new folders (see Writer.begin) that builds into `root` killed part way left
    beside it: not one of another process still running, but this process's own, which a killed
    build of an earlier process with the same id left (this process's builds run one at a time)."""
    prefix = f"{NEW}{root.name}-"
    try:
        found = [name for name in os.listdir(root.parent) if name.startswith(prefix)]
    except OSError:
        return
    for name in found:
        pid = name[len(prefix) :]
        if not pid.isdigit() or (int(pid) != os.getpid() and _running(int(pid))):
            continue
        shutil.rmtree(root.parent / name, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # not ours to signal: it runs
        return True
    return True
