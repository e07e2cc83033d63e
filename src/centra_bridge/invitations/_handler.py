"""The invitations feature at work: a ``Handler`` on the integration's events consumer that
decides for every order an events batch names, the switch-on scan, and ``run`` / ``preview``.

Time is the shop's: the ``Date`` of Centra's last answer, so that delays and send windows follow
the clock the orders are stamped with (and the emulator's clock, when a test moves it).
"""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from centra_bridge import state
from centra_bridge.events import EventBatch, EventsConsumer
from centra_bridge.invitations._delivery import DeliveryReport, deliver
from centra_bridge.invitations._ledger import Outcome, apply, switched_on
from centra_bridge.invitations._rules import DISPLAY, Order
from centra_bridge.invitations.providers import Provider, build

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from centra_bridge.client import CentraClient
    from centra_bridge.invitations._options import InvitationsOptions
    from centra_bridge.state import StateStore, Transaction

__all__ = ["Invitations", "RunReport", "open_store", "preview", "run"]

PAGE = 200


class _Rollback(Exception):  # noqa: N818 (not an error: ends a preview's transaction)
    pass


def _discard() -> None:
    """Roll the enclosing transaction back: a preview records nothing."""
    raise _Rollback


def open_store(options: InvitationsOptions) -> StateStore:
    from pathlib import Path

    location = options.state
    return state.StateStore(location if "://" in location else Path(location))


@dataclass(slots=True)
class RunReport:
    outcomes: list[Outcome] = field(default_factory=list)
    delivery: DeliveryReport | None = None
    events: int = 0
    dry_run: bool = True
    now: datetime | None = None
    decide_seconds: float = 0.0
    deliver_seconds: float = 0.0


class Invitations:
    """Decides invitations for the orders each events batch names (the ``Handler``)."""

    object_types = frozenset({"Order", "Shipment", "Return"})

    def __init__(
        self, options: InvitationsOptions, client: CentraClient, store: StateStore
    ) -> None:
        self.options, self.client, self.store = options, client, store
        self.outcomes: list[Outcome] = []
        self.now = datetime.now(UTC)
        self._displays: dict[tuple[Any, Any], dict[str, Any]] | None = None  # once per run

    def _seen(self, server_time: datetime | None) -> None:
        if server_time is not None:
            self.now = server_time

    def handle(self, batch: EventBatch) -> None:
        numbers: set[int] = set()
        for event in batch.events:
            obj = event.get("object") or {}
            if event["objectType"] == "Order":
                numbers.add(int(event["objectReference"]))
            elif (obj.get("order") or {}).get("number"):
                numbers.add(int(obj["order"]["number"]))
        self.decide(sorted(numbers))

    def _paged(self, operation: str, root: str, variables: dict[str, Any]) -> Iterable[list[Any]]:
        """Numbered pages of ``operation``'s list ``root`` until a short one."""
        for items, answer in self.client.pages(operation, root, variables, size=PAGE):
            self._seen(answer.server_time)
            yield items

    def pages(self, where: dict[str, Any]) -> Iterable[list[Order]]:
        """The orders ``where`` selects, a page at a time: each page's decisions commit in one
        transaction with their outbox rows (a crash redoes the page, nothing half)."""
        for items in self._paged("InvitationOrders", "orders", {"where": where}):
            yield [self._with_displays(Order(item)) for item in items]

    def _with_displays(self, order: Order) -> Order:
        """The order with each product's display in its store (its page and category)."""
        if self._displays is None:
            self._displays = self._read_displays()
        store = (order.data.get("store") or {}).get("id")
        for line in order.data.get("lines") or ():
            if line.get("product"):
                line["product"][DISPLAY] = self._displays.get((store, line["product"]["id"]))
        return order

    def _read_displays(self) -> dict[tuple[Any, Any], dict[str, Any]]:
        found: dict[tuple[Any, Any], dict[str, Any]] = {}
        for displays in self._paged("InvitationDisplays", "displays", {}):
            for display in displays:
                key = (display["store"]["id"], display["product"]["id"])
                if key not in found or display["status"] == "ACTIVE":
                    found[key] = display  # a product's active display in the store wins
        return found

    def decide(self, numbers: list[int]) -> list[Outcome]:
        """Decide for these orders (a page at a time, each page in one transaction with its
        outbox rows)."""
        found: list[Outcome] = []
        for start in range(0, len(numbers), PAGE):
            for page in self.pages({"number": numbers[start : start + PAGE]}):
                found += self._apply(page)
        self.outcomes += found
        return found

    def _apply(self, page: list[Order]) -> list[Outcome]:
        with self.store.transaction() as tx:
            return [apply(tx, order, self.options, self.now) for order in page]

    def scan(self) -> list[Outcome]:
        """The first run: the orders updated within the look-back (see ``scope``); one that
        reached the trigger before it is skipped, so switching on never mails last year's
        customers."""
        with self.store.transaction() as tx:
            if tx.fact("invitations", "scanned"):
                return []
            where = self.scope(tx)
        found: list[Outcome] = []
        for page in self.pages(where):
            found += self._apply(page)
        with self.store.transaction() as tx:
            tx.set_fact("invitations", "scanned", True)
        self.outcomes += found
        return found

    def scope(self, tx: Transaction, numbers: list[int] | None = None) -> dict[str, Any]:
        """The orders filter of the switch-on scan (or a preview, or the given orders): every
        order updated within the look-back before switch-on (a preview after it: before now),
        in number order. Not filtered by status: an order whose status changes stays in the
        set, so no page boundary shifts and none is skipped."""
        if numbers:
            return {"number": numbers}
        since = self.now if tx.fact("invitations", "scanned") else switched_on(tx, self.now)
        return {"updatedAt": {"from": (since - self.options.lookback).isoformat()}}


def _clock(invitations: Invitations) -> None:
    """Read the shop's time (an answer's ``Date``) with a request that needs no permission."""
    invitations._seen(invitations.client.execute("ShopClock").server_time)


def run(
    options: InvitationsOptions,
    client: CentraClient,
    *,
    store: StateStore | None = None,
    provider: Provider | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> RunReport:
    """Once: listen to order events, scan at switch-on, decide for what the events name, then
    deliver what is due (nothing in a dry run, without a provider)."""
    own_store = store is None
    store = store or open_store(options)
    provider = provider or build(options)
    try:
        started = time.perf_counter()
        invitations = Invitations(options, client, store)
        consumer = EventsConsumer(client, [invitations])
        consumer.ensure_listeners()  # first: a change made during the scan is queued
        _clock(invitations)
        invitations.scan()
        report = RunReport(dry_run=provider is None)
        report.events = consumer.drain(should_stop)
        _clock(invitations)
        report.now = invitations.now
        report.outcomes = invitations.outcomes
        report.decide_seconds = time.perf_counter() - started
        if provider is not None:
            started = time.perf_counter()
            report.delivery = deliver(store, provider, options, invitations.now)
            report.deliver_seconds = time.perf_counter() - started
        return report
    finally:
        if provider is not None:
            provider.close()
        if own_store:
            store.close()


def preview(
    options: InvitationsOptions, client: CentraClient, numbers: list[int] | None = None
) -> RunReport:
    """What a run would decide, without recording anything or consuming events: for the given
    orders, or for the switch-on scan's."""
    store = open_store(options)
    report = RunReport(dry_run=True)
    try:
        invitations = Invitations(options, client, store)
        _clock(invitations)
        with contextlib.suppress(_Rollback), store.transaction() as tx:
            where = invitations.scope(tx, numbers)
            for page in invitations.pages(where):
                report.outcomes += [apply(tx, order, options, invitations.now) for order in page]
            _discard()
        report.now = invitations.now
        return report
    finally:
        store.close()
