"""What the sync reads from Centra: one ``Source`` per query, each feeding one or more tables,
and paged by one of ``_paging``'s paginators, chosen by how the data changes:

- ``Keyset`` (orders): pages in ``updatedAt`` order, each request asking for items updated at or
  after the last timestamp seen. An item changed while we read moves forward and is read again,
  never skipped; when a whole page shares one second we page through that second.
- ``Pages`` (customers, products): ``updatedAt >= since`` in id order. A change while paging
  keeps the item in the set at the same position, so nothing shifts or is skipped.
- ``Snapshot`` (stores, markets, warehouses, pricelists, displays, stock, prices): bounded by
  the catalog, not by history, so read whole on every run. ``Relay`` (stock changes) only
  appends: read after the last cursor.

The ``stamped`` sources (keyset and pages) can also fetch given keys (``fetch_keys``), in
batches, for the events consumer and reconcile.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from centra_bridge.client import CentraClient
from centra_bridge.sync._paging import (
    PAGE,
    Item,
    Keyset,
    Pages,
    Paginator,
    Relay,
    Snapshot,
    stamp,
    where_since,
)
from centra_bridge.sync._tables import TABLES
from centra_bridge.warehouse import Table

PREFETCH_SWITCH_INTERVAL = 0.001  # seconds; Python's default is 0.005
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    tables: tuple[str, ...]
    paginator: Paginator
    key: str = "id"  # the item field events and filters name it by
    events: tuple[str, ...] = ()  # event object types whose changes this source re-reads

    @property
    def table_defs(self) -> tuple[Table, ...]:
        return tuple(TABLES[name] for name in self.tables)

    @property
    def stamped(self) -> bool:
        """Items carry ``updatedAt``: cursors are proven by the rows, keys can be fetched."""
        return isinstance(self.paginator, Keyset | Pages)


def _orders() -> Keyset:
    return Keyset(Pages("Orders", "orders"), Relay("OrdersOfSecond", "orderConnection"), "number")


SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        Source(
            "orders",
            (
                "orders",
                "order_lines",
                "shipments",
                "shipment_lines",
                "returns",
                "return_lines",
                "payments",
            ),
            _orders(),
            key="number",
            events=("Order", "Shipment", "Return", "PaymentHistoryEntry"),
        ),
        Source("customers", ("customers",), Pages("Customers", "customers"), events=("Customer",)),
        Source(
            "products",
            ("products", "variants", "sizes"),
            Pages("Products", "products"),
            events=("Product", "ProductVariant", "ProductSize"),
        ),
        Source(
            "displays",
            ("displays",),
            Snapshot("Displays", "displays"),
            events=("Display",),
        ),
        Source(
            "reference",
            ("stores", "markets", "warehouses", "pricelists"),
            Snapshot("Reference"),
            events=("Store", "Market", "Warehouse", "Pricelist"),
        ),
        Source(
            "stock",
            ("stock",),
            Snapshot("Stock", "warehouses", nested="stock"),
            events=("Order", "Shipment", "Return", "StockChange", "Warehouse"),
        ),
        Source(
            "prices",
            ("prices",),
            Snapshot("Prices", "pricelists", nested="prices"),
            events=("Price", "Pricelist"),
        ),
        Source(
            "stock_changes",
            ("stock_changes", "stock_change_lines"),
            Relay("StockChanges", "stockChangeConnection"),
            events=("StockChange",),
        ),
    )
}

SOURCE_OF_TABLE = {table: source for source in SOURCES.values() for table in source.tables}


def stamped_pages(
    client: CentraClient, source: Source, since: Any, page_size: int = PAGE
) -> Iterator[list[Item]]:
    """Every item of a stamped source updated at or after ``since`` (all when None)."""
    paginator = source.paginator
    assert isinstance(paginator, Keyset | Pages), source.name
    return paginator.since(client, since, page_size)


def fetch_keys(client: CentraClient, source: Source, keys: list[Any]) -> list[Item]:
    """The current state of the items with these keys (missing ones are simply absent)."""
    paginator = source.paginator
    assert isinstance(paginator, Keyset | Pages), source.name
    return paginator.by_keys(client, source.key, keys)


def snapshot(client: CentraClient, source: Source) -> dict[str, list[Item]]:
    """Items per table of a snapshot source."""
    assert isinstance(source.paginator, Snapshot), source.name
    return source.paginator.read(client, source.tables)


def relay_pages(
    client: CentraClient, source: Source, after: str | None
) -> Iterator[tuple[list[Item], str | None]]:
    """Pages of stock changes after the cursor ``after``, with the cursor to resume from; each
    change complete with all its lines (a delivery can hold thousands)."""
    assert isinstance(source.paginator, Relay), source.name
    for nodes, cursor in source.paginator.pages(client, after=after):
        for node in nodes:
            page = 1
            while len(node["lines"]) == page * PAGE:  # a full page: there may be more
                page += 1
                more = client.execute("StockChangeLines", {"id": node["id"], "page": page})
                edges = more.data["stockChangeConnection"]["edges"]
                node["lines"] += edges[0]["node"]["lines"] if edges else []
        yield nodes, cursor


def prefetched(pages: Iterator[T], depth: int = 4) -> Iterator[T]:
    """Read ``pages`` in a background thread, up to ``depth`` ahead, so that fetching the next
    pages overlaps with loading this one. Errors reach the consumer at the page they hit."""
    done = object()
    slots: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for page in pages:
                while not stop.is_set():
                    try:
                        slots.put(page, timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            slots.put(done)
        except BaseException as exc:  # noqa: BLE001 (handed to the consumer)
            slots.put(exc)

    thread = threading.Thread(target=produce, name="centra-prefetch", daemon=True)
    # While dlt loads a chunk on this thread (pure Python), the fetching thread waits for the
    # GIL at every step of a request; a shorter switch interval lets it send the next request
    # sooner (bench/sync_throughput.py: about 5 % off a 20,000-order backfill).
    interval = sys.getswitchinterval()
    sys.setswitchinterval(min(interval, PREFETCH_SWITCH_INTERVAL))
    thread.start()
    try:
        while True:
            item = slots.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        sys.setswitchinterval(interval)


def count_keyset(client: CentraClient, since: Any) -> int:
    data = client.execute("OrderCount", {"where": where_since(since)}).data
    return int(data["orderConnection"]["totalCount"])


# Children that change without their parent's ``updatedAt`` moving, found by their own stamps:
# ``{id, updatedAt, order: {number}}`` in id order, as ``Pages`` sources are read.
CHILDREN: dict[str, tuple[Source, ...]] = {
    "orders": (
        Source("shipments", (), Pages("ChangedShipments", "shipments")),
        Source("returns", (), Pages("ChangedReturns", "returns")),
    )
}


def newest_child_stamps(client: CentraClient) -> dict[str, Any]:
    data = client.execute("NewestChildStamps").data
    return {
        name: stamp(data[name][0]) if data.get(name) else None for name in ("shipments", "returns")
    }
