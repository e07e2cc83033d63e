"""Fulfilment from Centra's events: the ``ErpOrders`` handler keeps the orders-ready view
current from Order events, so that an export reads the few orders the events named instead of
every confirmed order; with ``export_to`` it also exports after each batch.

It is a ``Handler`` on the integration's one events consumer: the sync's (``sync(settings,
client, handlers=[ErpOrders(...)])``), or one of its own (``export_from_events``) where the sync
does not consume the same integration's events.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from centra_bridge.erp._export import ExportResult, export_orders
from centra_bridge.erp._options import open_store
from centra_bridge.erp._orders import confirmed_orders, read_orders
from centra_bridge.erp._ready import READY, mark, note_orders, pending
from centra_bridge.events import EventBatch, EventsConsumer

if TYPE_CHECKING:
    from centra_bridge.client import CentraClient
    from centra_bridge.erp._options import ErpOptions
    from centra_bridge.state import StateStore

__all__ = ["ErpOrders", "export_from_events"]

_SCANNED = ("erp", "ready_scanned")


class ErpOrders:
    """The orders-ready view, kept from Order events (the ``Handler``)."""

    object_types = frozenset({"Order"})

    def __init__(
        self,
        options: ErpOptions,
        client: CentraClient,
        store: StateStore,
        *,
        export_to: Path | None = None,
        fmt: str = "jsonl",
    ) -> None:
        self.options, self.client, self.store = options, client, store
        self.export_to, self.fmt = export_to, fmt
        self.exports: list[ExportResult] = []

    def handle(self, batch: EventBatch) -> None:
        orders = batch.of("Order")
        numbers = {int(e["objectReference"]) for e in orders if e["changeType"] != "DELETED"}
        self.track(sorted(numbers))
        with self.store.transaction() as tx:
            mark(tx, READY, batch.deleted("Order"), "done")
        if self.export_to is not None and pending(self.store, READY):
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
            path = self.export_to / f"orders-{stamp}.{self.fmt}"
            self.exports.append(self.export(path))

    def track(self, numbers: list[int]) -> int:
        """Read these orders and note which are ready; how many are."""
        if not numbers:
            return 0
        found, _ = read_orders(self.client, numbers)
        with self.store.transaction() as tx:
            return note_orders(tx, found.values())

    def scan(self) -> int:
        """Once per state store: every confirmed order into the view (the events tell only of
        changes after their listener was set, so set it first: ``ensure_listeners``)."""
        if self.store.fact(*_SCANNED):
            return 0
        orders = confirmed_orders(self.client)
        with self.store.transaction() as tx:
            ready = note_orders(tx, orders)
            tx.set_fact(*_SCANNED, True)
        return ready

    def export(self, path: Path) -> ExportResult:
        return export_orders(
            self.client, self.options, path, fmt=self.fmt, store=self.store, from_view=True
        )


def export_from_events(
    client: CentraClient,
    options: ErpOptions,
    path: Path,
    *,
    fmt: str | None = None,
    store: StateStore | None = None,
    limit: int | None = None,
) -> ExportResult:
    """``export_orders`` on the orders the events named: listen, scan once, drain the queue,
    export from the view. It consumes the integration's events queue: where the sync runs for
    the same token, hand ``ErpOrders`` to the sync instead (see docs/erp.md)."""
    own = store is None
    store = store or open_store(options)
    try:
        handler = ErpOrders(options, client, store)
        consumer = EventsConsumer(client, [handler])
        consumer.ensure_listeners()  # first: a change made during the scan is queued
        handler.scan()
        consumer.drain()
        return export_orders(
            client, options, Path(path), fmt=fmt, store=store, from_view=True, limit=limit
        )
    finally:
        if own:
            store.close()
