"""What the sync reads from Centra: one ``Source`` per query, each feeding one or more tables.

Three ways of reading, by how the data changes:

- ``keyset`` (orders): pages in ``updatedAt`` order, each request asking for items updated at or
  after the last timestamp seen. An item changed while we read moves forward and is read again,
  never skipped; when a whole page shares one second we page through that second.
- ``changed`` (customers, products): ``updatedAt >= since`` in id order. A change while paging
  keeps the item in the set at the same position, so nothing shifts or is skipped.
- ``snapshot`` (stores, markets, warehouses, pricelists, stock, prices): bounded by the catalog,
  not by history, so read whole on every run. ``relay`` (stock changes) only appends: read after
  the last cursor.

Every source can also fetch given keys (``fetch_keys``), in batches, for the events consumer.
"""

from __future__ import annotations

import queue
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

from centra_bridge.client import CentraClient, Response
from centra_bridge.sync._tables import TABLES, Table, parse_timestamp

PAGE = 200  # Centra's largest page
PREFETCH_SWITCH_INTERVAL = 0.001  # seconds; Python's default is 0.005
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    kind: str  # keyset, changed, snapshot, relay
    tables: tuple[str, ...]
    operation: str
    root: str = ""
    key: str = "id"  # the item field events and filters name it by
    events: tuple[str, ...] = ()  # event object types whose changes this source re-reads

    @property
    def table_defs(self) -> tuple[Table, ...]:
        return tuple(TABLES[name] for name in self.tables)


SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        Source(
            "orders",
            "keyset",
            (
                "orders",
                "order_lines",
                "shipments",
                "shipment_lines",
                "returns",
                "return_lines",
                "payments",
            ),
            "Orders",
            "orders",
            key="number",
            events=("Order", "Shipment", "Return", "PaymentHistoryEntry"),
        ),
        Source(
            "customers", "changed", ("customers",), "Customers", "customers", events=("Customer",)
        ),
        Source(
            "products",
            "changed",
            ("products", "variants", "sizes"),
            "Products",
            "products",
            events=("Product", "ProductVariant", "ProductSize"),
        ),
        Source(
            "reference",
            "snapshot",
            ("stores", "markets", "warehouses", "pricelists"),
            "Reference",
            events=("Store", "Market", "Warehouse", "Pricelist"),
        ),
        Source(
            "stock",
            "snapshot",
            ("stock",),
            "Stock",
            "warehouses",
            events=("Order", "Shipment", "Return", "StockChange", "Warehouse"),
        ),
        Source(
            "prices", "snapshot", ("prices",), "Prices", "pricelists", events=("Price", "Pricelist")
        ),
        Source(
            "stock_changes",
            "relay",
            ("stock_changes", "stock_change_lines"),
            "StockChanges",
            events=("StockChange",),
        ),
    )
}

SOURCE_OF_TABLE = {table: source for source in SOURCES.values() for table in source.tables}


def _where_since(since: datetime | None) -> dict[str, Any] | None:
    return {"updatedAt": {"from": since.isoformat()}} if since else None


READ_AT = "_read_at"  # the server's second when an item was read (epoch), where it says


def read_at(answer: Response, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``items`` of ``answer``, each marked with the second the server read them in: an item
    stamped in that very second may change again within it, under the same stamp."""
    if answer.server_time is not None:
        second = int(answer.server_time.timestamp())
        for item in items:
            item[READ_AT] = second
    return items


def _items(client: CentraClient, source: Source, variables: dict[str, Any]) -> list[dict[str, Any]]:
    answer = client.execute(source.operation, variables)
    return read_at(answer, answer.data[source.root])


def _stamp(item: dict[str, Any]) -> datetime:
    return parse_timestamp(item["updatedAt"])


def keyset_pages(
    client: CentraClient, source: Source, since: datetime | None, page_size: int = PAGE
) -> Iterator[list[dict[str, Any]]]:
    """Every item updated at or after ``since`` (all when None), each at least once per run.

    Each request asks for items updated at or after the last second seen, less those of that
    second already read. A page that is wholly one second cannot move the lower bound, so that
    second is read by ``OrdersOfSecond``'s number keyset: paging it by offset would skip an order
    whenever one read before it changed and left the second (the others move up one place)."""
    lower = since
    seen: set[Any] = set()  # keys read at the second ``lower``
    while True:
        variables = {"where": _where_since(lower), "limit": page_size, "page": 1}
        items = _items(client, source, variables)
        yield [i for i in items if not (_stamp(i) == lower and i[source.key] in seen)]
        if len(items) < page_size:
            return
        last = _stamp(items[-1])
        if last != lower:
            seen = set()
        seen |= {i[source.key] for i in items if _stamp(i) == last}
        if _stamp(items[0]) == last:
            yield from _second_pages(client, source, last, seen, page_size)
            # Orders that change later leave this second for a newer one, read further on.
            last += timedelta(seconds=1)
            seen = set()
        lower = last


def _second_pages(
    client: CentraClient, source: Source, second: datetime, seen: set[Any], page_size: int
) -> Iterator[list[dict[str, Any]]]:
    where = {"updatedAt": {"from": second.isoformat(), "to": second.isoformat()}}
    after = None
    while True:
        variables = {"where": where, "first": page_size, "after": after}
        answer = client.execute("OrdersOfSecond", variables)
        connection = answer.data["orderConnection"]
        nodes = read_at(answer, [edge["node"] for edge in connection["edges"]])
        yield [node for node in nodes if node[source.key] not in seen]
        if not connection["pageInfo"]["hasNextPage"]:
            return
        after = connection["pageInfo"]["endCursor"]


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


def changed_pages(
    client: CentraClient, source: Source, since: datetime | None, page_size: int = PAGE
) -> Iterator[list[dict[str, Any]]]:
    page = 1
    while True:
        variables = {"where": _where_since(since), "limit": page_size, "page": page}
        items = _items(client, source, variables)
        yield items
        if len(items) < page_size:
            return
        page += 1


def snapshot(client: CentraClient, source: Source) -> dict[str, list[dict[str, Any]]]:
    """Items per table of a snapshot source. Nested lists (stock, prices) are paged together:
    page N of every warehouse's (pricelist's) list per request, until all are short."""
    if source.name == "reference":
        data = client.execute(source.operation).data
        return {table: data[table] for table in source.tables}
    nested = source.tables[0]  # the nested list bears the table's name: stock, prices
    merged: dict[Any, dict[str, Any]] = {}
    page = 1
    while True:
        parents = client.execute(source.operation, {"page": page}).data[source.root]
        for parent in parents:
            into = merged.setdefault(parent["id"], {**parent, nested: []})
            into[nested].extend(parent[nested])
        if all(len(parent[nested]) < PAGE for parent in parents):
            return {source.tables[0]: list(merged.values())}
        page += 1


def relay_pages(
    client: CentraClient, source: Source, after: str | None
) -> Iterator[tuple[list[dict[str, Any]], str | None]]:
    """Pages of stock changes after the cursor ``after``, with the cursor to resume from."""
    while True:
        connection = client.execute(source.operation, {"first": PAGE, "after": after}).data[
            "stockChangeConnection"
        ]
        nodes = [edge["node"] for edge in connection["edges"]]
        for node in nodes:
            page = 1
            while len(node["lines"]) == page * PAGE:  # a full page: there may be more
                page += 1
                more = client.execute("StockChangeLines", {"id": node["id"], "page": page})
                edges = more.data["stockChangeConnection"]["edges"]
                node["lines"] += edges[0]["node"]["lines"] if edges else []
        after = connection["pageInfo"]["endCursor"] or after
        yield nodes, after
        if not connection["pageInfo"]["hasNextPage"]:
            return


def fetch_keys(client: CentraClient, source: Source, keys: list[Any]) -> list[dict[str, Any]]:
    """The current state of the items with these keys (missing ones are simply absent)."""
    found: list[dict[str, Any]] = []
    for start in range(0, len(keys), PAGE):
        batch = keys[start : start + PAGE]
        variables = {"where": {source.key: batch}, "limit": PAGE, "page": 1}
        found += _items(client, source, variables)
    return found


def count_keyset(client: CentraClient, since: datetime | None) -> int:
    data = client.execute("OrderCount", {"where": _where_since(since)}).data
    return int(data["orderConnection"]["totalCount"])


# Children that change without their parent's ``updatedAt`` moving, found by their own stamps:
# ``{id, updatedAt, order: {number}}`` in id order, as ``changed`` sources are read.
CHILDREN: dict[str, tuple[Source, ...]] = {
    "orders": (
        Source("shipments", "changed", (), "ChangedShipments", "shipments"),
        Source("returns", "changed", (), "ChangedReturns", "returns"),
    )
}


def newest_child_stamps(client: CentraClient) -> dict[str, datetime | None]:
    data = client.execute("NewestChildStamps").data
    return {
        name: _stamp(data[name][0]) if data.get(name) else None for name in ("shipments", "returns")
    }
