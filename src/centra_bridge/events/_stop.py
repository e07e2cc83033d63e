"""A stop token: set once (by Ctrl-C, a signal, a service shutting down), seen by every loop."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

__all__ = ["Stop", "pause"]


class Stop:
    """Callable like the ``should_stop`` callbacks the loops take; ``set()`` ends them at their
    next step (a batch in hand is handled and confirmed first)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    def __call__(self) -> bool:
        return self._event.is_set()

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True when stopped meanwhile."""
        return self._event.wait(seconds)


def pause(
    seconds: float, should_stop: Callable[[], bool], *, tick: Callable[[], None] | None = None
) -> None:
    """Sleep ``seconds``, waking at least every 0.2 s to end early when ``should_stop`` (and to
    call ``tick``, e.g. to renew a lease)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not should_stop():
        if tick is not None:
            tick()
        time.sleep(min(0.2, seconds))
