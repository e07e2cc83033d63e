"""One events consumer per integration name, shared by every part that needs Centra's changes.

Centra keeps one queue per integration name and a confirmed event is gone for every token of
that name. So one consumer reads a batch, hands it to every handler (the warehouse sync now;
invitations and ERP flows later) and confirms it only when all of them returned: a handler that
raises leaves the whole batch queued, to be delivered again (at-least-once, so handlers must be
idempotent; the warehouse merges on natural keys).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from centra_bridge.client import CentraClient

EVENT_BATCH = 1000  # the emulator's maximum; Centra publishes none

CHANGE_TYPES = ["CREATED", "UPDATED", "COMPLETED", "DELETED", "DEPENDENT_DATA_CHANGED"]


@dataclass(slots=True)
class EventBatch:
    events: list[dict[str, Any]]

    def deleted(self, object_type: str) -> set[int]:
        return {
            int(e["objectReference"])
            for e in self.events
            if e["objectType"] == object_type and e["changeType"] == "DELETED"
        }

    def object_types(self) -> set[str]:
        return {e["objectType"] for e in self.events}


Handler = Callable[[EventBatch], None]


@dataclass
class EventsConsumer:
    client: CentraClient
    handlers: list[Handler] = field(default_factory=list)
    batch_size: int = EVENT_BATCH
    consumed: int = 0

    def listening(self) -> set[str]:
        """The object types this integration has listeners for."""
        found = self.client.execute("EventListeners").data["eventListeners"]
        return {listener["objectType"] for listener in found}

    def listen(self, object_types: Iterable[str]) -> None:
        """Set listeners for every change type of these object types (idempotent in Centra)."""
        listeners = [{"objectType": t, "changeTypes": CHANGE_TYPES} for t in sorted(object_types)]
        self.client.mutate("SetEventListeners", {"input": listeners}, "setEventListeners")

    def poll(self) -> int:
        """Handle one batch and confirm it; returns how many events it held (0: queue empty)."""
        events = self.client.execute("Events", {"limit": self.batch_size}).data["events"]
        if not events:
            return 0
        batch = EventBatch(events)
        for handler in self.handlers:
            handler(batch)
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
