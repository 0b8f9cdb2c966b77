"""Which process of a split render makes each output: the first one to get there.

Every process of the render goes through the same outputs in the same order and asks, once per
output, whether it is its own (`mine`). Outputs are handed out in runs, always the next ones
nobody has taken: a process slowed down (by the tokens it computes for every page, by a slow
disk, by a big data export) simply takes fewer, so all of them finish together without knowing
beforehand what each output costs.
"""

from __future__ import annotations

RUN = 16  # outputs per claim for pages: the shared counter is locked once per run


class Claims:
    """Made before the processes fork; each process then asks `mine()` for every output, in order."""

    def __init__(self) -> None:
        import multiprocessing  # here: only a split render needs it, and a warm rebuild has none

        # The first output no process has taken yet, in memory shared with the forked processes.
        self._next = multiprocessing.Value("q", 0)
        self._at = 0  # the output this process asks about next
        self._end = 0  # outputs before this one are decided for this process
        self._mine = False

    def mine(self, run: int = RUN) -> bool:
        """Whether the next output is this process's to make; if it is the first of a new claim,
        the claim takes `run` outputs (1 for a big one, such as a data export). Claims are made
        in order, so when this process reaches an output, every earlier one is taken: the output
        is free exactly when the counter still points at it, and otherwise the counter says how
        far the others' claims go."""
        at = self._at
        self._at += 1
        if at >= self._end:
            with self._next.get_lock():
                taken = self._next.value
                self._mine = taken == at
                self._end = self._next.value = at + run if self._mine else taken
        return self._mine
