"""Orders ready for the warehouse, handed out once: claimed, locked, written.

Centra's ``setOrdersLock`` does not refuse an order that is locked already, so it cannot keep two
exports apart by itself. Each export therefore first claims the orders in the state store (a
lease per order, ``erp.export:<number>``; a claim held by another export skips the order), then
reads them again (an order locked meanwhile by an export that finished is skipped), notes them
as being exported, locks them, and writes only the orders Centra answered as locked. Claims are
released once the file is written: from then on the lock keeps the orders out of every export.
A claim outlives a dead export by ``claim_ttl`` seconds; its orders, locked and handed to
nobody, are taken by the next export (``recovered``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from centra_bridge.erp._files import detect_format, write_records
from centra_bridge.erp._ledger import Ledger
from centra_bridge.erp._options import open_store
from centra_bridge.erp._orders import confirmed_orders, is_ready, read_orders
from centra_bridge.erp._ready import EXPORTING, READY, mark, pending

if TYPE_CHECKING:
    from centra_bridge.client import CentraClient
    from centra_bridge.erp._options import ErpOptions
    from centra_bridge.state import StateStore

__all__ = ["LINE_COLUMNS", "ORDER_COLUMNS", "ExportResult", "export_orders", "order_record"]

ORDER_COLUMNS = [
    "order_number",
    "order_id",
    "order_date",
    "store",
    "store_type",
    "market",
    "currency",
    "ship_first_name",
    "ship_last_name",
    "ship_company",
    "ship_attention",
    "ship_address1",
    "ship_address2",
    "ship_zip_code",
    "ship_city",
    "ship_state",
    "ship_country",
    "ship_email",
    "ship_phone",
]
LINE_COLUMNS = [
    "line_id",
    "sku",
    "ean",
    "product",
    "variant",
    "size",
    "quantity",
    "unit_price",
]


@dataclass(slots=True)
class ExportResult:
    path: str
    format: str
    orders: list[int] = field(default_factory=list)  # written and locked, in number order
    lines: int = 0
    recovered: list[int] = field(default_factory=list)  # locked by an export that died
    claimed_elsewhere: list[int] = field(default_factory=list)  # another export has them
    not_locked: list[int] = field(default_factory=list)  # Centra did not lock them
    from_events: bool = False
    mutations: int = 0
    requests: int = 0
    seconds: float = 0.0


def order_record(order: dict[str, Any]) -> dict[str, Any]:
    """One order as the export writes it: its fields and its lines (the JSON Lines object;
    the CSV repeats the order's fields on each of its lines)."""
    address = order.get("shippingAddress") or {}
    store, market = order.get("store") or {}, order.get("market") or {}
    record: dict[str, Any] = {
        "order_number": order["number"],
        "order_id": order["id"],
        "order_date": order["orderDate"],
        "store": store.get("name"),
        "store_type": store.get("type"),
        "market": market.get("name"),
        "currency": ((order.get("grandTotal") or {}).get("currency") or {}).get("code"),
        "ship_first_name": address.get("firstName"),
        "ship_last_name": address.get("lastName"),
        "ship_company": address.get("companyName"),
        "ship_attention": address.get("attention"),
        "ship_address1": address.get("address1"),
        "ship_address2": address.get("address2"),
        "ship_zip_code": address.get("zipCode"),
        "ship_city": address.get("city"),
        "ship_state": address.get("stateOrProvince"),
        "ship_country": (address.get("country") or {}).get("code"),
        "ship_email": address.get("email"),
        "ship_phone": address.get("phoneNumber") or address.get("cellPhoneNumber"),
    }
    record["lines"] = [
        {
            "line_id": line["id"],
            "sku": (line.get("productSize") or {}).get("SKU"),
            "ean": (line.get("productSize") or {}).get("EAN"),
            "product": line["productName"],
            "variant": line["productVariantName"],
            "size": (((line.get("productSize") or {}).get("size")) or {}).get("name"),
            "quantity": line["quantity"],
            "unit_price": (line.get("unitPrice") or {}).get("value"),
        }
        for line in order["lines"]
        if line["quantity"] > 0
    ]
    return record


class _Export:
    def __init__(self, client: CentraClient, options: ErpOptions, store: StateStore) -> None:
        self.client, self.options, self.store = client, options, store
        self.ledger = Ledger(client, store, options)
        self.claims: list[int] = []
        self.renewed_at = time.monotonic()
        self.not_ready: list[int] = []  # read again: locked, on hold or shipped meanwhile

    def claim(self, numbers: list[int]) -> tuple[list[int], list[int]]:
        """(claimed by this export, claimed by another)."""
        mine: list[int] = []
        theirs: list[int] = []
        with self.store.transaction() as tx:
            for number in numbers:
                held = tx.acquire_lease(
                    f"erp.export:{number}", self.ledger.holder, self.options.claim_ttl
                )
                (mine if held else theirs).append(number)
        self.claims += mine
        return mine, theirs

    def keep(self, chosen: list[dict[str, Any]], result: ExportResult) -> list[dict[str, Any]]:
        """Renew the claims once a third of their time has passed, so that a long export keeps
        its orders; an order whose claim another export took meanwhile is left to that one."""
        if time.monotonic() - self.renewed_at < self.options.claim_ttl / 3:
            return chosen
        lost = set()
        with self.store.transaction() as tx:
            for number in self.claims:
                holder, ttl = self.ledger.holder, self.options.claim_ttl
                if not tx.acquire_lease(f"erp.export:{number}", holder, ttl):
                    lost.add(number)
        self.renewed_at = time.monotonic()
        self.claims = [n for n in self.claims if n not in lost]
        result.claimed_elsewhere += sorted(lost)
        return [order for order in chosen if int(order["number"]) not in lost]

    def release(self) -> None:
        with self.store.transaction() as tx:
            for number in self.claims:
                tx.release_lease(f"erp.export:{number}", self.ledger.holder)
        self.claims = []

    def lock(self, numbers: list[int]) -> set[int]:
        if not numbers:
            return set()
        answer = self.ledger.mutate(
            "ErpLockOrders", {"orders": [{"number": n} for n in numbers]}, "setOrdersLock"
        )
        return {int(o["number"]) for o in answer["orders"] if o["isLocked"]}

    def run(self, candidates: list[int], result: ExportResult, limit: int | None) -> list[Any]:
        """Claim, read again, note, lock, a batch at a time; the orders to write."""
        exporting = pending(self.store, EXPORTING)
        numbers = [*exporting, *sorted(set(candidates) - set(exporting))][:limit]
        chosen: list[dict[str, Any]] = []
        batch = self.options.lock_batch
        for start in range(0, len(numbers), batch):
            chosen = self.keep(chosen, result)
            mine, theirs = self.claim(numbers[start : start + batch])
            result.claimed_elsewhere += theirs
            fresh, _ = read_orders(self.client, mine)
            to_lock, recovered = [], []
            for number in mine:
                order = fresh.get(number)
                if order is not None and is_ready(order):
                    to_lock.append(number)
                elif order is not None and order["isLocked"] and number in exporting:
                    recovered.append(number)  # locked by a dead export, written by none
                else:
                    self.not_ready.append(number)
            with self.store.transaction() as tx:  # before the lock: a crash leaves a trace
                mark(tx, EXPORTING, to_lock, "pending", add=True)
            locked = self.lock(to_lock)
            result.not_locked += [n for n in to_lock if n not in locked]
            result.recovered += recovered
            chosen += [fresh[n] for n in sorted([*locked, *recovered])]
        return self.keep(chosen, result)


def export_orders(
    client: CentraClient,
    options: ErpOptions,
    path: Path,
    *,
    fmt: str | None = None,
    store: StateStore | None = None,
    from_view: bool = False,
    limit: int | None = None,
) -> ExportResult:
    """Write the orders ready for the warehouse (CONFIRMED, not on hold, not locked) to
    ``path`` (JSON Lines or CSV, from the name or ``fmt``) and lock them, so that no other
    export hands them out again. ``from_view`` takes the candidates from the events' view
    (``ErpOrders``) instead of reading every confirmed order. Returns what was written."""
    started = time.perf_counter()
    path = Path(path)
    fmt = detect_format(path, fmt if fmt is not None or path.suffix else "jsonl")
    own = store is None
    store = store or open_store(options)
    requests_before = client.requests_sent
    result = ExportResult(str(path), fmt, from_events=from_view)
    export = _Export(client, options, store)
    try:
        if from_view:
            candidates = pending(store, READY)
        else:
            candidates = [int(o["number"]) for o in confirmed_orders(client) if is_ready(o)]
        chosen = sorted(export.run(candidates, result, limit), key=lambda o: int(o["number"]))
        records = [order_record(order) for order in chosen]
        if fmt == "csv":
            rows = [
                {**{k: v for k, v in r.items() if k != "lines"}, **line}
                for r in records
                for line in r["lines"]
            ]
            write_records(path, fmt, rows, ORDER_COLUMNS + LINE_COLUMNS)
        else:
            write_records(path, fmt, records, ORDER_COLUMNS)
        written = [int(r["order_number"]) for r in records]
        with store.transaction() as tx:
            mark(tx, EXPORTING, written, "done")
            mark(tx, READY, written, "done")
            # Not ready when read again (a later event puts them back when they are).
            asked = set(candidates)
            mark(tx, READY, [n for n in export.not_ready if n in asked], "done")
            mark(tx, EXPORTING, [*result.not_locked, *export.not_ready], "cancelled")
        result.orders = written
        result.lines = sum(len(r["lines"]) for r in records)
    finally:
        export.release()
        if own:
            store.close()
    result.mutations = export.ledger.mutations
    result.requests = client.requests_sent - requests_before
    result.seconds = time.perf_counter() - started
    return result
