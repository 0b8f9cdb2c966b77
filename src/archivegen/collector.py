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


@contextmanager
def young_only() -> Iterator[None]:
    """Only the young generations collected in the block. Rendering a page makes cycles (the
    template engine's), and they die young: the collections of the young generations find them.
    What a render keeps (each output's token, pieces for the next build) grows the old generation,
    and each full collection walked all of it again: 1.4 s over the two processes of a split
    render at 10k. Measured there, the largest process grew 10 MB without them."""
    young, middle, old = gc.get_threshold()
    gc.set_threshold(young, middle, 1 << 30)
    try:
        yield
    finally:
        gc.set_threshold(young, middle, old)
