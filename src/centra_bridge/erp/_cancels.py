"""The cancels file → ``updateDirectToConsumerOrder(cancelLines)``: items the ERP will not ship.

ID conversion has no object type for a cancellation (it is not an object in Centra, only
quantities on order lines), so "applied once" lives in the state store alone: per
``erp_cancel_id``, the cancelled quantities each line will have once it went through, written
before the mutation. A run after a crash compares them with the order's: reached means it went
through. The store must therefore be shared (``erp.state = "postgresql://..."``) by every
machine that imports cancels; a cancel imported again from a lost store would cancel again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from centra_bridge.erp._imports import (
    Applied,
    Import,
    ImportReport,
    Item,
    refuse,
    refused_by_centra,
    run_import,
)
from centra_bridge.errors import UserErrorsError

if TYPE_CHECKING:
    from pathlib import Path

    from centra_bridge.client import CentraClient
    from centra_bridge.erp._options import ErpOptions
    from centra_bridge.erp._orders import OrderState
    from centra_bridge.state import StateStore

__all__ = ["CANCEL_COLUMNS", "import_cancels"]

CANCEL_COLUMNS = (
    "order_number",
    "sku",
    "line_id",
    "quantity",
    "erp_cancel_id",
    "stock_action",
    "comment",
)
STOCK_ACTIONS = {"release": "RELEASE_BACK_TO_WAREHOUSE", "remove": "REMOVE_FROM_STOCK"}
_CANCELS = "erp.cancels"


def _reached(state: OrderState, expect: dict[str, int]) -> bool:
    lines = state.lines
    return all(
        int(lines[int(line)]["cancelledQuantity"]) >= quantity if int(line) in lines else False
        for line, quantity in expect.items()
    )


class Cancels(Import):
    kind, noun, key_column, columns = "cancels", "cancellation", "erp_cancel_id", CANCEL_COLUMNS

    def prepare(self) -> None:
        """Nothing to read: cancellations have no ERP ids in Centra."""

    def _action(self, items: list[Item]) -> str:
        actions = sorted({i.row.get("stock_action").lower() for i in items} - {""})
        for item in items:
            value = item.row.get("stock_action").lower()
            if value and value not in STOCK_ACTIONS:
                raise refuse(
                    item,
                    f"stock_action {value!r} is not release or remove",
                    "release frees the items for other orders; remove takes them out of stock",
                )
        if len(actions) > 1:
            raise refuse(
                items[0],
                f"the rows of cancellation {items[0].key} differ in stock_action",
                "write the same on each of its rows",
            )
        return STOCK_ACTIONS[actions[0] if actions else "release"]

    def apply(self, key: str, items: list[Item]) -> Applied | None:
        store = self.ledger.store
        before = store.fact(_CANCELS, key) or {}
        if before.get("state") == "done":
            return None
        action = self._action(items)
        state = self.order_of(items)
        if before.get("state") == "sending" and _reached(state, before["expect"]):
            store.set_fact(_CANCELS, key, {**before, "state": "done"})
            return Applied(key, state.number, note="found applied")
        if state.data["__typename"] != "DirectToConsumerOrder":
            raise refuse(
                items[0],
                f"order {state.number} is a wholesale order",
                "cancel its lines in Centra: this import cancels direct-to-consumer "
                "orders (updateDirectToConsumerOrder)",
            )
        status = state.data["status"]
        if status not in ("PENDING", "CONFIRMED", "PROCESSING"):
            raise refuse(
                items[0],
                f"order {state.number} is {status}",
                "only open orders have lines to cancel; return shipped items instead",
            )
        lines = self.lines_of(state, items, state.left_to_ship, "cancel")
        current = state.lines
        expect = {
            str(line): int(current[line]["cancelledQuantity"]) + quantity
            for line, quantity in lines.items()
        }
        store.set_fact(_CANCELS, key, {"state": "sending", "order": state.number, "expect": expect})
        update: dict[str, Any] = {
            "cancelLines": [
                {"line": {"id": line}, "quantity": quantity, "stockAction": action}
                for line, quantity in sorted(lines.items())
            ]
        }
        comments = [i.row.get("comment") for i in items if i.row.get("comment")]
        if comments:
            update["cancellationComment"] = comments[0]
        try:
            self.ledger.mutate(
                "ErpCancelLines",
                {"order": {"number": state.number}, "input": update},
                "updateDirectToConsumerOrder",
            )
        except UserErrorsError as exc:
            store.set_fact(_CANCELS, key, {"state": "refused"})
            raise refused_by_centra(items[0], "Centra refused the cancellation", exc) from None
        store.set_fact(_CANCELS, key, {"state": "done", "order": state.number, "expect": expect})
        for line, quantity in lines.items():
            state.cancel(line, quantity)
        return Applied(key, state.number)


def import_cancels(
    client: CentraClient,
    options: ErpOptions,
    path: Path,
    *,
    fmt: str | None = None,
    store: StateStore | None = None,
) -> ImportReport:
    """Apply a cancels file (CSV or JSON Lines; see docs/erp.md): per ``erp_cancel_id``, the
    rows' items cancelled on a direct-to-consumer order (``stock_action`` release or remove);
    applied once, as the state store remembers."""
    return run_import(Cancels, client, options, path, fmt=fmt, store=store)
