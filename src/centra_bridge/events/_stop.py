"""A stop token: set once (by Ctrl-C, a signal, a service shutting down), seen by every loop."""

from __future__ import annotations

import threading

__all__ = ["Stop"]


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
