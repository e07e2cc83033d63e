"""Orders as the ERP flows see them: read by number or status, and what each line has left to
ship, to return and to cancel (kept current as an import applies its rows, so that two rows of
one file cannot each take the same items)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from centra_bridge.client import CentraClient

__all__ = ["PAGE", "OrderState", "confirmed_orders", "is_ready", "read_orders"]

PAGE = 200  # Centra's largest page


def _pages(client: CentraClient, where: dict[str, Any]) -> tuple[list[dict[str, Any]], Any]:
    found: list[dict[str, Any]] = []
    server_time = None
    for items, answer in client.pages("ErpOrders", "orders", {"where": where}, size=PAGE):
        server_time = answer.server_time or server_time
        found += items
    return found, server_time


def read_orders(
    client: CentraClient, numbers: Iterable[int]
) -> tuple[dict[int, dict[str, Any]], datetime | None]:
    """The orders with these numbers (the unknown ones are left out), and Centra's time."""
    wanted = sorted(set(numbers))
    found: dict[int, dict[str, Any]] = {}
    server_time = None
    for start in range(0, len(wanted), PAGE):
        items, server_time = _pages(client, {"number": wanted[start : start + PAGE]})
        found.update((int(o["number"]), o) for o in items)
    return found, server_time


def confirmed_orders(client: CentraClient) -> list[dict[str, Any]]:
    """Every CONFIRMED order, read to the end before any is locked (locking does not change
    the status, so the pages hold still while they are read)."""
    return _pages(client, {"status": ["CONFIRMED"]})[0]


def is_ready(order: dict[str, Any]) -> bool:
    """Ready for the warehouse: confirmed, not on hold, not locked, something to ship."""
    return (
        order["status"] == "CONFIRMED"
        and not order["isOnHold"]
        and not order["isLocked"]
        and any(line["quantity"] > 0 for line in order["lines"])
    )


@dataclass
class OrderState:
    """One order's lines and what is left of each, from an ``ErpOrder`` answer."""

    data: dict[str, Any]
    shipped: Counter[int] = field(default_factory=Counter)  # order line -> in any shipment
    delivered: Counter[int] = field(default_factory=Counter)  # ... in completed shipments
    returned: Counter[int] = field(default_factory=Counter)  # shipment line -> returned

    def __post_init__(self) -> None:
        for shipment in self.data["shipments"]:
            for item in shipment["lines"]:
                self.shipped[item["orderLine"]["id"]] += item["quantity"]
                if shipment["isShipped"]:
                    self.delivered[item["orderLine"]["id"]] += item["quantity"]
        for returned in self.data["returns"]:
            for item in returned["lines"]:
                self.returned[item["shipmentLine"]["id"]] += item["quantity"]

    @property
    def number(self) -> int:
        return int(self.data["number"])

    @property
    def lines(self) -> dict[int, dict[str, Any]]:
        return {line["id"]: line for line in self.data["lines"]}

    def shipment(self, shipment_id: int) -> dict[str, Any] | None:
        return next((s for s in self.data["shipments"] if s["id"] == shipment_id), None)

    def lines_for(self, sku: str) -> list[dict[str, Any]]:
        return [ln for ln in self.data["lines"] if (ln.get("productSize") or {}).get("SKU") == sku]

    def left_to_ship(self, line_id: int) -> int:
        return int(self.lines[line_id]["quantity"]) - self.shipped[line_id]

    def returnable(self, line_id: int) -> int:
        """Items of the line in completed shipments, less those returned."""
        back = sum(
            self.returned[item["id"]]
            for s in self.data["shipments"]
            for item in s["lines"]
            if item["orderLine"]["id"] == line_id
        )
        return self.delivered[line_id] - back

    def returnable_items(self, line_id: int) -> list[tuple[int, int, int]]:
        """(shipment id, shipment line id, items left to return) of the line, oldest first."""
        found = []
        for shipment in sorted(self.data["shipments"], key=lambda s: s["id"]):
            if not shipment["isShipped"]:
                continue
            for item in shipment["lines"]:
                left = item["quantity"] - self.returned[item["id"]]
                if item["orderLine"]["id"] == line_id and left > 0:
                    found.append((shipment["id"], item["id"], left))
        return found

    # What an import applied, so that the file's next rows see it.
    def add_shipment(self, shipment: dict[str, Any]) -> None:
        self.data["shipments"].append(shipment)
        for item in shipment["lines"]:
            self.shipped[item["orderLine"]["id"]] += item["quantity"]

    def shipment_done(self, shipment_id: int) -> None:
        shipment = self.shipment(shipment_id)
        if shipment is not None and not shipment["isShipped"]:
            shipment["isShipped"] = True
            for item in shipment["lines"]:
                self.delivered[item["orderLine"]["id"]] += item["quantity"]

    def add_return(self, returned: dict[str, Any]) -> None:
        self.data["returns"].append(returned)
        for item in returned["lines"]:
            self.returned[item["shipmentLine"]["id"]] += item["quantity"]

    def cancel(self, line_id: int, quantity: int) -> None:
        line = self.lines[line_id]
        line["quantity"] -= quantity
        line["cancelledQuantity"] += quantity
