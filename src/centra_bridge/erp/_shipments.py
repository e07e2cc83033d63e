"""The shipments file → Centra's shipments, the guide's three stages: ``createShipment`` (with
the payment the ``capture`` setting asks for), ``captureShipment`` / ``updateShipment`` when
that did not happen at creation, ``completeShipment`` with carrier, tracking and date.

Each ERP shipment is applied once: its id is mapped to the Centra shipment with ID conversion
right after the create (see ``Ledger.create_once`` for the crash between the two). A shipment
mapped but not yet paid or completed (a failed capture, a crash) is finished by the next run.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
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
from centra_bridge.erp._orders import OrderState
from centra_bridge.errors import UserErrorsError

if TYPE_CHECKING:
    from pathlib import Path

    from centra_bridge.client import CentraClient
    from centra_bridge.erp._options import ErpOptions
    from centra_bridge.state import StateStore

__all__ = ["SHIPMENT_COLUMNS", "import_shipments"]

SHIPMENT_COLUMNS = (
    "order_number",
    "sku",
    "line_id",
    "quantity",
    "erp_shipment_id",
    "carrier",
    "service",
    "tracking_number",
    "return_tracking_number",
    "packages",
    "shipped_at",
)
# One value per shipment: the rows of a shipment must agree on them.
_SHIPMENT_WIDE = ("carrier", "service", "tracking_number", "return_tracking_number", "packages")
_STATUS_HINTS = {
    "PENDING": "confirm the order in Centra first",
    "SHIPPED": "it is shipped completely; a new shipment has nothing to take",
    "CANCELLED": "it was cancelled",
}


def _lines(shipment: dict[str, Any]) -> Counter[int]:
    return Counter({item["orderLine"]["id"]: item["quantity"] for item in shipment["lines"]})


class Shipments(Import):
    kind, noun, key_column, columns = "shipments", "shipment", "erp_shipment_id", SHIPMENT_COLUMNS

    def prepare(self) -> None:
        ids = [s["id"] for state in self.orders.values() for s in state.data["shipments"]]
        self.ledger.load("Shipment", ids)

    def _info(self, items: list[Item]) -> dict[str, Any]:
        """completeShipment's input from the rows (which must agree on it)."""
        values: dict[str, str] = {}
        for column in (*_SHIPMENT_WIDE, "shipped_at"):
            given = sorted({i.row.get(column) for i in items} - {""})
            if len(given) > 1:
                raise refuse(
                    items[0],
                    f"the rows of shipment {items[0].key} differ in {column} "
                    f"({', '.join(map(repr, given))})",
                    "a shipment has one carrier, "
                    "tracking number and date: write the same on each of its rows",
                )
            if given:
                values[column] = given[0]
        info: dict[str, Any] = {
            name: values[column]
            for column, name in (
                ("carrier", "carrier"),
                ("service", "service"),
                ("tracking_number", "trackingNumber"),
                ("return_tracking_number", "returnTrackingNumber"),
            )
            if column in values
        }
        if "packages" in values:
            if not values["packages"].isdigit():
                raise refuse(
                    items[0],
                    f"packages {values['packages']!r} is not a number",
                    "write how many parcels, e.g. 1",
                )
            info["packagesNumber"] = int(values["packages"])
        complete: dict[str, Any] = {"sendEmail": self.options.send_email}
        if info:
            complete["shipmentInfo"] = info
        if "shipped_at" in values:
            complete["shippedAt"] = self._shipped_at(items[0], values["shipped_at"])
        return complete

    def _shipped_at(self, item: Item, text: str) -> str:
        try:
            moment = datetime.fromisoformat(text)
        except ValueError:
            raise refuse(
                item,
                f"shipped_at {text!r} is not a date",
                "write it like 2024-05-02T14:30:00+02:00",
            ) from None
        now = self.server_time
        if moment.tzinfo is not None and now is not None and moment > now + timedelta(minutes=5):
            raise refuse(
                item,
                f"shipped_at {text} is in the future (Centra's clock: {now.isoformat()})",
                "write when the parcel left",
            )
        return moment.isoformat()

    def _settled(self, shipment: dict[str, Any]) -> bool:
        paid = {"capture": shipment["isCaptured"], "mark-paid": shipment["isPaid"]}
        return bool(shipment["isShipped"] and paid.get(self.options.capture, True))

    def apply(self, key: str, items: list[Item]) -> Applied | None:
        complete = self._info(items)
        mapped = self.ledger.internal("Shipment", key)
        if mapped is not None:
            state = self.orders.get(items[0].order)
            shipment = state.shipment(mapped) if state else None
            if state is not None and shipment is None:  # made since this import read it?
                state = self.refresh(state.number)
                shipment = state.shipment(mapped) if state else None
            if state is None or shipment is None:
                raise refuse(
                    items[0],
                    f"{key} is Centra shipment {mapped}, not one of order {items[0].order}",
                    "each erp_shipment_id names one shipment: give this one a new id",
                )
            if self._settled(shipment):
                return None
            self._finish(state, shipment, items[0], complete)
            return Applied(key, state.number, (mapped,), "finished: it was created before")
        state = self.order_of(items)
        if state.data["isOnHold"]:
            raise refuse(
                items[0],
                f"order {state.number} is on hold",
                "release the hold in Centra, then import the file again",
            )
        status = state.data["status"]
        if status not in ("CONFIRMED", "PROCESSING"):
            raise refuse(
                items[0],
                f"order {state.number} is {status}",
                _STATUS_HINTS.get(status, "only confirmed orders ship"),
            )
        lines = self.lines_of(state, items, state.left_to_ship, "ship")
        shipment, adopted = self.ledger.create_once(
            "Shipment",
            key,
            siblings=list(state.data["shipments"]),
            same=lambda s: _lines(s) == lines,
            create=lambda: self._create(state, lines, items[0]),
        )
        if not adopted:
            state.add_shipment(shipment)
        self._finish(state, shipment, items[0], complete)
        return Applied(key, state.number, (shipment["id"],), "found created" if adopted else "")

    def _create(self, state: OrderState, lines: Counter[int], item: Item) -> dict[str, Any]:
        mode = self.options.capture
        shipment_input = {
            "order": {"number": state.number},
            "lines": [{"orderLine": {"id": ln}, "quantity": q} for ln, q in sorted(lines.items())],
            "isGoodToGo": True,  # packed and labelled: the ERP reports it shipped
            "isPaid": mode == "mark-paid",
            "capture": mode == "capture",
            "allocateDemand": True,  # the items left the shelf: allocate what was not yet
            "sendEmail": False,  # completeShipment mails, with the tracking number
        }
        try:
            answer = self.ledger.mutate(
                "ErpCreateShipment", {"input": shipment_input}, "createShipment"
            )
        except UserErrorsError as exc:
            raise refused_by_centra(item, "Centra refused the shipment", exc) from None
        return dict(answer["shipment"])

    def _finish(
        self, state: OrderState, shipment: dict[str, Any], item: Item, complete: dict[str, Any]
    ) -> None:
        """Pay (as configured) and complete what is not yet; each step is skipped when done."""
        number, ident = shipment.get("number", shipment["id"]), {"id": shipment["id"]}
        try:
            if self.options.capture == "capture" and not shipment["isCaptured"]:
                self.ledger.mutate("ErpCaptureShipment", ident, "captureShipment")
                shipment.update(isCaptured=True, isPaid=True)
            elif self.options.capture == "mark-paid" and not shipment["isPaid"]:
                self.ledger.mutate("ErpMarkShipmentPaid", ident, "updateShipment")
                shipment["isPaid"] = True
        except UserErrorsError as exc:
            raise refused_by_centra(
                item, f"Centra shipment {number} is created but not paid", exc
            ) from None
        if not shipment["isShipped"]:
            try:
                self.ledger.mutate(
                    "ErpCompleteShipment", {**ident, "input": complete}, "completeShipment"
                )
            except UserErrorsError as exc:
                raise refused_by_centra(
                    item, f"Centra shipment {number} is created but not completed", exc
                ) from None
            state.shipment_done(shipment["id"])
            shipment["isShipped"] = True


def import_shipments(
    client: CentraClient,
    options: ErpOptions,
    path: Path,
    *,
    fmt: str | None = None,
    store: StateStore | None = None,
) -> ImportReport:
    """Apply a shipments file (CSV or JSON Lines; see docs/erp.md): one Centra shipment per
    ``erp_shipment_id``, paid as ``options.capture`` says and completed; applied once, so
    importing the file again sends nothing. Bad rows are refused with their reasons; the other
    shipments still go through."""
    return run_import(Shipments, client, options, path, fmt=fmt, store=store)
