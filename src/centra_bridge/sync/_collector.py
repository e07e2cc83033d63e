"""Python's cyclic garbage collector, paused while a sync runs.

A backfill keeps hundreds of thousands of objects alive (dlt, pyarrow and what they import),
and each page of orders allocates tens of thousands more, so the collector kept walking all of
them: 100-150 ms every couple of seconds, with every thread stopped, the one fetching the next
page included (1.3 s of a 20,000-order backfill, bench/sync_throughput.py). Pages and rows hold
no reference cycles: reference counting frees them. The few cycles dlt leaves behind are
collected after each commit (``collect_young``), which walks only what is new since the last.
"""

from __future__ import annotations

import gc
import threading
from types import TracebackType

__all__ = ["CollectorPaused", "collect_young"]

_lock = threading.Lock()
_pausing = 0  # runs in this process that paused it (the service runs several at once)
_enabled_before = False


class CollectorPaused:
    """A context in which the collector does not run on its own; ``resume`` ends it early
    (a sync that goes on following events for hours resumes it first)."""

    def __init__(self) -> None:
        self._holding = False

    def __enter__(self) -> CollectorPaused:
        global _pausing, _enabled_before  # noqa: PLW0603 (one collector per process)
        with _lock:
            if _pausing == 0:
                _enabled_before = gc.isenabled()
                gc.disable()
            _pausing += 1
        self._holding = True
        return self

    def resume(self) -> None:
        global _pausing  # noqa: PLW0603
        if not self._holding:
            return
        self._holding = False
        with _lock:
            _pausing -= 1
            if _pausing == 0 and _enabled_before:
                gc.enable()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.resume()


def collect_young() -> None:
    """While paused: collect what was allocated since the last collection (a few ms)."""
    if _pausing:
        gc.collect(1)
