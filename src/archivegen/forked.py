"""Work done in a forked child process, its result sent back pickled through a pipe.

For the render of a full build: the children get the catalog, the records and the compiled
templates (hundreds of MB at 10,000 articles) by copy-on-write instead of having them pickled
to a process pool, and send back only a short account of what they wrote.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether forking is safe here: a POSIX system other than macOS (whose system libraries are
    not fork-safe), from a process with a single thread (a lock another thread holds at the
    moment of the fork would stay locked in the child forever: `serve` has threads)."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


class WorkerError(Exception):
    """A forked child failed in a way that cannot be handed back as its own exception."""


class Forked(Generic[T]):
    """`work()` running in a forked child; `result()` waits for it and returns its value or
    raises its exception. The child never returns into the caller's code: it leaves with
    os._exit, so nothing of the parent's (buffers, atexit handlers, finally blocks) runs twice."""

    def __init__(self, work: Callable[[], T]):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child
            status = 1
            try:
                os.close(read)
                try:
                    message: tuple[bool, object] = (True, work())
                    # Whether it pickles, before anything is sent: the message then goes into
                    # the pipe as it is pickled, never whole in memory (a render worker's
                    # account of 27,000 files, at the moment its memory is at its peak).
                    pickle.Pickler(_Nowhere(), protocol=pickle.HIGHEST_PROTOCOL).dump(message)
                except BaseException as exc:  # handed to the parent, whatever it is
                    message = (False, _portable(exc))
                with os.fdopen(write, "wb") as out:
                    pickle.dump(message, out, protocol=pickle.HIGHEST_PROTOCOL)
                status = 0
            finally:
                os._exit(status)
        os.close(write)
        self.pid = pid
        self._read = read

    def result(self) -> T:
        """The child's value; its exception is raised here. Call it once."""
        with os.fdopen(self._read, "rb") as pipe:
            try:
                ok, value = pickle.load(pipe)
            except (EOFError, pickle.UnpicklingError):  # nothing, or not all of it, was sent
                ok, value = None, None
            pipe.read()  # what is left, if anything, so the child is not stuck writing
        _, status = os.waitpid(self.pid, 0)
        if ok is None:
            raise WorkerError(f"worker process {self.pid} died ({_describe(status)})")
        if ok:
            return value  # type: ignore[no-any-return]
        raise value


class _Nowhere:
    """A file that keeps nothing written to it."""

    def write(self, data: bytes) -> int:
        return len(data)


def _portable(exc: BaseException) -> BaseException:
    """The exception itself if it survives pickling, else a WorkerError with its traceback."""
    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:
        text = "".join(traceback.format_exception(exc))
        return WorkerError(f"worker process failed:\n{text}")


def _describe(status: int) -> str:
    code = os.waitstatus_to_exitcode(status)
    return f"killed by signal {-code}" if code < 0 else f"exit status {code}"
