"""Pausing Python's cyclic garbage collector around work that makes many objects and no cycles
worth collecting: loading or saving the cache, taking in the records of 10,000 articles. Each
collection of the oldest generation walks every live object; while millions of new long-lived
ones arrive, the collector runs again and again for nothing."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block, back as it was after (off stays off)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
