"""One events consumer per integration name, shared by every feature that needs Centra's changes.

Centra keeps one queue per integration name and a confirmed event is gone for every token of
that name. So one consumer reads a batch, hands it to every handler (the warehouse sync, review
invitations, ERP flows) and confirms it only when all of them returned: a handler that raises
leaves the whole batch queued, to be delivered again (at-least-once, so handlers must be
idempotent; the warehouse merges on natural keys). Listeners are set to the union of the
object types the handlers need. With a ``Lease``, only one process consumes at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from centra_bridge.events._stop import pause

if TYPE_CHECKING:
    from centra_bridge.client import CentraClient
    from centra_bridge.state import Lease

__all__ = ["CHANGE_TYPES", "EVENT_BATCH", "EventBatch", "EventsConsumer", "Handler"]

EVENT_BATCH = 1000  # the emulator's maximum; Centra publishes none

CHANGE_TYPES = ["CREATED", "UPDATED", "COMPLETED", "DELETED", "DEPENDENT_DATA_CHANGED"]


@dataclass(slots=True)
class EventBatch:
    """Events as Centra's ``events`` query returns them, oldest first."""

    events: list[dict[str, Any]]

    def deleted(self, object_type: str) -> set[int]:
        return {
            int(e["objectReference"])
            for e in self.events
            if e["objectType"] == object_type and e["changeType"] == "DELETED"
        }

    def object_types(self) -> set[str]:
        return {e["objectType"] for e in self.events}

    def of(self, *object_types: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["objectType"] in object_types]


class Handler(Protocol):
    """A feature's part of each events batch. ``handle`` must be idempotent: a batch is
    delivered again when any handler (this or another) raised before it was confirmed."""

    @property
    def object_types(self) -> frozenset[str]:
        """The Centra object types whose events this handler needs (``Order``, ``Product``...)."""
        ...

    def handle(self, batch: EventBatch) -> None: ...


class EventsConsumer:
    """Reads this integration's events, hands each batch to every handler, then confirms it."""

    def __init__(
        self,
        client: CentraClient,
        handlers: Iterable[Handler] = (),
        *,
        batch_size: int = EVENT_BATCH,
        lease: Lease | None = None,
    ) -> None:
        self.client, self.batch_size, self.lease = client, batch_size, lease
        self.handlers: list[Handler] = list(handlers)
        self.consumed = 0

    def add(self, handler: Handler) -> None:
        self.handlers.append(handler)

    @property
    def object_types(self) -> frozenset[str]:
        return frozenset(t for h in self.handlers for t in h.object_types)

    def listening(self) -> set[str]:
        """The object types this integration has listeners for."""
        found = self.client.execute("EventListeners").data["eventListeners"]
        return {listener["objectType"] for listener in found}

    def listen(self, object_types: Iterable[str]) -> None:
        """Set listeners for every change type of these object types (idempotent in Centra)."""
        listeners = [{"objectType": t, "changeTypes": CHANGE_TYPES} for t in sorted(object_types)]
        self.client.mutate("SetEventListeners", {"input": listeners}, "setEventListeners")

    def ensure_listeners(self) -> set[str]:
        """Listen to every type a handler needs; returns the types that had a listener before
        (their changes since then are queued; the others' are not). Set before reading anything
        else, so that no change made meanwhile is lost."""
        had = self.listening()
        if not self.object_types <= had:
            self.listen(self.object_types | had)
        return had

    def poll(self) -> int:
        """Handle one batch and confirm it; returns how many events it held (0: queue empty)."""
        if self.lease is not None:
            self.lease.keep()
        events = self.client.execute("Events", {"limit": self.batch_size}).data["events"]
        if not events:
            return 0
        batch = EventBatch(events)
        for handler in self.handlers:
            handler.handle(batch)
        if self.lease is not None:
            self.lease.keep()  # never confirm what the next holder may be handling already
        self.client.mutate("ConfirmEvents", {"ids": [e["id"] for e in events]}, "confirmEvents")
        self.consumed += len(events)
        return len(events)

    def drain(self, should_stop: Callable[[], bool] = lambda: False) -> int:
        """Handle batches until the queue is empty (or ``should_stop``); returns events handled."""
        total = 0
        while not should_stop():
            handled = self.poll()
            total += handled
            if handled < self.batch_size:
                break
        return total

    def follow(
        self,
        should_stop: Callable[[], bool],
        *,
        interval: float = 30.0,
    ) -> int:
        """Drain, wait ``interval`` seconds when the queue was empty, and again, until
        ``should_stop``. With a lease, wait for it first and stop if it is lost. Returns the
        events handled."""
        if self.lease is not None and not self.lease.wait(should_stop):
            return 0
        total = 0
        try:
            while not should_stop():
                drained = self.drain(should_stop)
                total += drained
                if drained == 0:  # an idle holder keeps its turn meanwhile
                    pause(interval, should_stop, tick=self.lease.keep if self.lease else None)
        finally:
            if self.lease is not None:
                self.lease.release()
        return total
