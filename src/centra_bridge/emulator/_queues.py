"""The events system's state: listeners and one queue per integration name.

Every change in the shop calls ``emit``; each integration whose listeners cover the object type
and change type gets its own copy of the event. Events stay queued until confirmed, oldest first
(at-least-once delivery). Events are not coalesced: three changes give three events.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

CHANGE_TYPES = ("CREATED", "UPDATED", "COMPLETED", "DELETED", "DEPENDENT_DATA_CHANGED")


@dataclass(slots=True)
class Event:
    id: int
    object_type: str
    change_type: str
    object_reference: int
    created_at: datetime
    store_id: int | None = None
    market_id: int | None = None


@dataclass(slots=True)
class EventListener:
    integration_name: str
    object_type: str
    change_types: list[str]
    created_at: datetime
    updated_at: datetime


@dataclass
class EventQueues:
    clock: Callable[[], datetime]
    listeners: dict[str, dict[str, EventListener]] = field(default_factory=dict)
    queues: dict[str, dict[int, Event]] = field(default_factory=dict)
    disabled: set[str] = field(default_factory=set)  # integrations with the system switched off
    # Called for every change, listened to or not (the webhook plugin is one).
    observers: list[Callable[[str, str, int], None]] = field(default_factory=list)
    emitted: int = 0
    _next_id: int = 1

    def set_listener(
        self, integration: str, object_type: str, change_types: list[str] | None
    ) -> EventListener:
        """Add change types (all when None) to the listener; idempotent."""
        now = self.clock()
        wanted = change_types or list(CHANGE_TYPES)
        mine = self.listeners.setdefault(integration, {})
        listener = mine.get(object_type)
        if listener is None:
            listener = EventListener(integration, object_type, [], now, now)
            mine[object_type] = listener
        added = [c for c in CHANGE_TYPES if c in wanted and c not in listener.change_types]
        if added:
            listener.change_types = [
                c for c in CHANGE_TYPES if c in listener.change_types or c in added
            ]
            listener.updated_at = now
        return listener

    def unset_listener(
        self, integration: str, object_type: str, change_types: list[str] | None
    ) -> EventListener | None:
        """Remove change types (the whole listener when None) and their queued events."""
        mine = self.listeners.get(integration, {})
        listener = mine.get(object_type)
        if listener is None:
            return None
        removed = set(CHANGE_TYPES) if not change_types else set(change_types)
        listener.change_types = [c for c in listener.change_types if c not in removed]
        listener.updated_at = self.clock()
        queue = self.queues.get(integration, {})
        for event_id in [
            e.id
            for e in queue.values()
            if e.object_type == object_type and e.change_type in removed
        ]:
            del queue[event_id]
        if not listener.change_types:
            del mine[object_type]
        return listener

    def emit(
        self,
        object_type: str,
        change_type: str,
        reference: int,
        *,
        store_id: int | None = None,
        market_id: int | None = None,
    ) -> None:
        for observer in self.observers:
            observer(object_type, change_type, reference)
        now = self.clock()
        for integration, mine in self.listeners.items():
            listener = mine.get(object_type)
            if listener is None or change_type not in listener.change_types:
                continue
            if integration in self.disabled:
                continue
            event = Event(
                self._next_id, object_type, change_type, reference, now, store_id, market_id
            )
            self._next_id += 1
            self.queues.setdefault(integration, {})[event.id] = event
            self.emitted += 1

    def pending(self, integration: str) -> list[Event]:
        return list(self.queues.get(integration, {}).values())

    def confirm(self, integration: str, ids: list[int]) -> list[Event]:
        queue = self.queues.get(integration, {})
        return [queue.pop(i) for i in ids if i in queue]

    def purge(self, integration: str | None = None) -> int:
        """Drop queued events (an operator action; Centra may purge queues too); how many."""
        dropped = 0
        for name, queue in self.queues.items():
            if integration is None or name == integration:
                dropped += len(queue)
                queue.clear()
        return dropped
