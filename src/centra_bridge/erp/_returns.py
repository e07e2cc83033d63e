"""The returns file → Centra's returns: ``createReturn`` on the shipment(s) that shipped the
items, with the row's stock policy, then ``completeReturn``.

A Centra return belongs to one shipment, an ERP return may hold items of several: it becomes one
Centra return per shipment, mapped as ``<erp_return_id>`` (the first) and
``<erp_return_id>@<shipment id>`` (any others). Which items come from which shipment (oldest
first) is decided once and written to the state store before the first create, so that a run
after a crash carries out the same plan instead of deciding again from what is left.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from centra_bridge.erp._imports import (
    Applied,
    Import,
    ImportReport,
    Item,
    Rejected,
    refuse,
    refused_by_centra,
    run_import,
)
from centra_bridge.erp._options import STOCK_POLICIES
from centra_bridge.errors import UserErrorsError

if TYPE_CHECKING:
    from pathlib import Path

    from centra_bridge.client import CentraClient
    from centra_bridge.erp._options import ErpOptions
    from centra_bridge.erp._orders import OrderState
    from centra_bridge.state import StateStore

__all__ = ["RETURN_COLUMNS", "import_returns"]

RETURN_COLUMNS = (
    "order_number",
    "sku",
    "line_id",
    "quantity",
    "erp_return_id",
    "stock_policy",
    "comment",
)
_PLANS = "erp.return_plans"


def _lines(returned: dict[str, Any]) -> dict[str, int]:
    return {str(i["shipmentLine"]["id"]): i["quantity"] for i in returned["lines"]}


class Returns(Import):
    kind, noun, key_column, columns = "returns", "return", "erp_return_id", RETURN_COLUMNS

    def prepare(self) -> None:
        ids = [r["id"] for state in self.orders.values() for r in state.data["returns"]]
        self.ledger.load("Return", ids)

    def _policy(self, items: list[Item]) -> tuple[str, str | None]:
        policies = sorted({i.row.get("stock_policy").lower() for i in items} - {""})
        for item in items:
            value = item.row.get("stock_policy").lower()
            if value and value not in STOCK_POLICIES:
                raise refuse(
                    item,
                    f"stock_policy {value!r} is not release or remove",
                    "release puts the items back in the warehouse they shipped from; "
                    "remove keeps them out of stock",
                )
        if len(policies) > 1:
            raise refuse(
                items[0],
                f"the rows of return {items[0].key} differ in stock_policy",
                "a return has one stock policy: write the same on each row",
            )
        comments = [i.row.get("comment") for i in items if i.row.get("comment")]
        return (policies[0] if policies else self.options.stock_policy), (
            comments[0] if comments else None
        )

    def _pieces(self, key: str, state: OrderState, item: Item) -> tuple[dict[str, int], OrderState]:
        """The Centra returns this ERP return became so far (ERP id -> return id), and the
        order as it is now."""
        pieces = {
            external: internal
            for external, internal in self.ledger.mapped("Return").items()
            if external == key or external.startswith(f"{key}@")
        }
        if not pieces and (found := self.ledger.internal("Return", key)) is not None:
            pieces = {key: found}
        mine = {r["id"] for r in state.data["returns"]}
        if any(internal not in mine for internal in pieces.values()):
            state = self.refresh(state.number) or state  # made since this import read it?
            mine = {r["id"] for r in state.data["returns"]}
        if any(internal not in mine for internal in pieces.values()):
            raise refuse(
                item,
                f"{key} is a Centra return of another order than {state.number}",
                "each erp_return_id names one return: give this one a new id",
            )
        return pieces, state

    def apply(self, key: str, items: list[Item]) -> Applied | None:
        policy, comment = self._policy(items)
        state = self.order_of(items)
        pieces, state = self._pieces(key, state, items[0])
        plan = self.ledger.store.fact(_PLANS, key) or {}
        if not plan.get("pieces"):
            plan = self._plan(key, items, state, pieces) or {"pieces": []}
            if plan["pieces"]:
                self.ledger.store.set_fact(_PLANS, key, plan)
        created = 0
        try:
            for piece in plan["pieces"]:
                if piece["external"] in pieces:
                    continue
                returned, adopted = self._piece(state, piece, policy, comment, items[0])
                pieces[piece["external"]] = returned["id"]
                created += 0 if adopted else 1
        except Rejected:
            if not pieces:  # Centra refused the first: the next import plans afresh
                self.ledger.store.set_fact(_PLANS, key, {"pieces": []})
            raise
        completed = self._complete(state, pieces, items[0])
        if not created and not completed:
            return None  # applied before: nothing sent
        return Applied(key, state.number, tuple(sorted(pieces.values())))

    def _piece(
        self, state: OrderState, piece: dict[str, Any], policy: str, comment: str | None, item: Item
    ) -> tuple[dict[str, Any], bool]:
        """One planned Centra return, created and mapped once."""

        def same(returned: dict[str, Any]) -> bool:
            return bool(_lines(returned) == piece["lines"])

        def create() -> dict[str, Any]:
            return self._create(state, piece, policy, comment, item)

        siblings = [r for r in state.data["returns"] if r["shipment"]["id"] == piece["shipment"]]
        return self.ledger.create_once(
            "Return", piece["external"], siblings=siblings, same=same, create=create
        )

    def _plan(
        self, key: str, items: list[Item], state: OrderState, pieces: dict[str, int]
    ) -> dict[str, Any] | None:
        """Which shipment lines give the items not yet in this return's Centra returns."""
        line_of = {
            item["id"]: item["orderLine"]["id"]
            for shipment in state.data["shipments"]
            for item in shipment["lines"]
        }
        covered: Counter[int] = Counter()
        for returned in state.data["returns"]:
            if returned["id"] in pieces.values():
                for item in returned["lines"]:
                    covered[line_of[item["shipmentLine"]["id"]]] += item["quantity"]
        wanted = self.lines_of(
            state, items, lambda line: state.returnable(line) + covered[line], "return"
        )
        remaining = wanted - covered
        if not remaining:
            return None
        by_shipment: dict[int, dict[str, int]] = {}
        for line, quantity in sorted(remaining.items()):
            left = quantity
            for shipment_id, shipment_line, available in state.returnable_items(line):
                take = min(left, available)
                by_shipment.setdefault(shipment_id, {})[str(shipment_line)] = take
                left -= take
                if not left:
                    break
        used = set(pieces)
        planned = []
        for shipment_id, lines in sorted(by_shipment.items()):
            external = key if key not in used else f"{key}@{shipment_id}"
            used.add(external)
            planned.append({"external": external, "shipment": shipment_id, "lines": lines})
        return {"pieces": planned}

    def _create(
        self,
        state: OrderState,
        piece: dict[str, Any],
        policy: str,
        comment: str | None,
        item: Item,
    ) -> dict[str, Any]:
        lines = [{"shipmentLine": {"id": int(k)}, "quantity": q} for k, q in piece["lines"].items()]
        return_input: dict[str, Any] = {
            "shipment": {"id": piece["shipment"]},
            "lines": lines,
            "returnStockActionPolicy": {STOCK_POLICIES[policy]: True},
            "sendEmail": False,  # completeReturn mails, when it is set to
        }
        if comment:
            return_input["comment"] = comment
        try:
            answer = self.ledger.mutate("ErpCreateReturn", {"input": return_input}, "createReturn")
        except UserErrorsError as exc:
            raise refused_by_centra(item, "Centra refused the return", exc) from None
        returned = {
            **answer["return"],
            "shipment": {"id": piece["shipment"]},
            "lines": [
                {"quantity": q["quantity"], "shipmentLine": q["shipmentLine"]} for q in lines
            ],
        }
        state.add_return(returned)
        return returned

    def _complete(self, state: OrderState, pieces: dict[str, int], item: Item) -> int:
        """Complete the pieces that are not yet; how many that was."""
        returns = {r["id"]: r for r in state.data["returns"]}
        todo = [rid for rid in sorted(pieces.values()) if returns[rid]["status"] != "COMPLETED"]
        for return_id in todo:
            try:
                self.ledger.mutate(
                    "ErpCompleteReturn",
                    {"id": return_id, "sendEmail": self.options.send_email},
                    "completeReturn",
                )
            except UserErrorsError as exc:
                raise refuse(
                    item,
                    f"Centra return {return_id} is created but not completed: {exc.messages}",
                    "complete it in Centra, or import again",
                ) from None
            returns[return_id]["status"] = "COMPLETED"
        return len(todo)


def import_returns(
    client: CentraClient,
    options: ErpOptions,
    path: Path,
    *,
    fmt: str | None = None,
    store: StateStore | None = None,
) -> ImportReport:
    """Apply a returns file (CSV or JSON Lines; see docs/erp.md): per ``erp_return_id``, a
    completed Centra return on each shipment that shipped its items, with its stock policy
    (``release`` or ``remove``; default ``options.stock_policy``); applied once."""
    return run_import(Returns, client, options, path, fmt=fmt, store=store)
