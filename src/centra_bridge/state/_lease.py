"""Leases: one holder at a time for a named job, taken over when the holder stops renewing."""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Callable

from centra_bridge.errors import LeaseLostError
from centra_bridge.state._store import StateStore

__all__ = ["Lease"]


class Lease:
    """``name`` held by this process for ``ttl`` seconds at a time, renewed while it works.

    A holder that dies stops renewing: another process takes over at most ``ttl`` seconds later.
    Expiry compares the holders' clocks, so ``ttl`` must be far above their skew.
    """

    def __init__(
        self, store: StateStore, name: str, *, ttl: float = 30.0, holder: str | None = None
    ) -> None:
        self.store, self.name, self.ttl = store, name, ttl
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.renewed_at: float | None = None

    def acquire(self) -> bool:
        """Take or extend the lease; False while another holder's runs."""
        with self.store.transaction() as t:
            held = t.acquire_lease(self.name, self.holder, self.ttl)
        self.renewed_at = time.monotonic() if held else None
        return held

    def keep(self) -> None:
        """Renew when a third of the lease has passed; raise if another holder has it now."""
        if self.renewed_at is not None and time.monotonic() - self.renewed_at < self.ttl / 3:
            return
        if not self.acquire():
            msg = f"The lease {self.name} is held by {self.holder_now() or 'another process'}"
            raise LeaseLostError(msg)

    def wait(self, should_stop: Callable[[], bool], *, poll: float = 1.0) -> bool:
        """Block until the lease is ours (True) or ``should_stop`` (False)."""
        while not should_stop():
            if self.acquire():
                return True
            deadline = time.monotonic() + min(poll, self.ttl)
            while time.monotonic() < deadline and not should_stop():
                time.sleep(0.05)
        return False

    def release(self) -> None:
        if self.renewed_at is not None:
            with self.store.transaction() as t:
                t.release_lease(self.name, self.holder)
            self.renewed_at = None

    def holder_now(self) -> str | None:
        with self.store.transaction() as t:
            return t.lease_holder(self.name)
