"""Two lists in the state store's outbox, so that any process can read them:

- ``erp.ready``: the orders-ready view the events keep current (``ErpOrders``), an order per
  row, ``pending`` while it waits for the warehouse, ``done`` once exported or not ready;
- ``erp.exporting``: orders an export claimed and is locking, ``pending`` until the file
  holding them is written. One left pending by an export that died (its claim expired) is
  locked but was handed to nobody: the next export takes it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from centra_bridge.erp._orders import is_ready

if TYPE_CHECKING:
    from centra_bridge.state import StateStore, Transaction

__all__ = ["EXPORTING", "READY", "mark", "note_orders", "pending"]

READY, EXPORTING = "erp.ready", "erp.exporting"


def _key(number: int) -> str:
    return f"order-{number}"


def mark(
    tx: Transaction, topic: str, numbers: Iterable[int], status: str, *, add: bool = False
) -> None:
    """Set these orders' rows to ``status`` (with ``add``, adding the rows that are missing)."""
    for number in numbers:
        rows = tx.outbox(topic, key=_key(number))
        if not rows and add:
            tx.add_outbox(topic, _key(number), {"number": number})
            rows = tx.outbox(topic, key=_key(number))
        if rows and rows[0].status != status:
            tx.update_outbox(rows[0].id, status=status)


def note_orders(tx: Transaction, orders: Iterable[dict[str, Any]]) -> int:
    """Bring the view up to date with these orders as Centra has them; how many are ready."""
    ready = [int(o["number"]) for o in orders if is_ready(o)]
    others = [int(o["number"]) for o in orders if not is_ready(o)]
    mark(tx, READY, ready, "pending", add=True)
    mark(tx, READY, others, "done")  # no rows for the many orders that never were ready
    return len(ready)


def pending(store: StateStore, topic: str) -> list[int]:
    with store.transaction() as tx:
        return sorted(int(row.payload["number"]) for row in tx.outbox(topic, status="pending"))
