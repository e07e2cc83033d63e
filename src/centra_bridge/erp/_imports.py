"""What the three imports (shipments, returns, cancels) share: rows grouped by the ERP's id,
each group checked against its order and applied whole or refused whole, one report.

A group (one ERP shipment, return or cancellation) is applied whole or not at all: applying
part of it would leave Centra holding something the ERP never did, under an id the ERP cannot
use again. Every refused row says why; the other rows of its group say which row stopped them.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from centra_bridge.erp._files import Refusal, Row, read_rows
from centra_bridge.erp._ledger import Ledger
from centra_bridge.erp._options import open_store
from centra_bridge.erp._orders import OrderState, read_orders

if TYPE_CHECKING:
    from centra_bridge.client import CentraClient
    from centra_bridge.erp._options import ErpOptions
    from centra_bridge.errors import UserErrorsError
    from centra_bridge.state import StateStore

__all__ = ["Applied", "Import", "ImportReport", "Item", "Rejected"]

MAX_EXTERNAL_ID = 255  # ID conversion's limit
# Why an order has fewer items left than a row asks for, per what the row does.
_LEFT = {
    "ship": "the rest is in shipments already, or cancelled",
    "return": "only items of completed shipments, not returned yet, can be returned",
    "cancel": "items in shipments cannot be cancelled (return them once shipped)",
}


@dataclass(frozen=True, slots=True)
class Applied:
    key: str  # the ERP's id
    order: int
    centra: tuple[int, ...] = ()  # the Centra shipments or returns it became (none: a cancel)
    note: str = ""  # resumed, or recognised after a crash


@dataclass(slots=True)
class ImportReport:
    kind: str  # shipments, returns, cancels
    path: str
    applied: list[Applied] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # ERP ids applied before: nothing sent
    refused: list[Refusal] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    rows: int = 0
    mutations: int = 0
    requests: int = 0
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class Item:
    """One row, parsed: which order, which line (by SKU or id), how many."""

    row: Row
    key: str
    order: int
    quantity: int
    sku: str
    line_id: int | None

    @property
    def what(self) -> str:
        return f"line {self.line_id}" if self.line_id is not None else f"SKU {self.sku!r}"


class Rejected(Exception):  # noqa: N818 (not an error: a group's refusal, raised to unwind)
    def __init__(self, refusals: list[Refusal]) -> None:
        super().__init__(refusals[0].reason if refusals else "")
        self.refusals = refusals


def refuse(item: Item, reason: str, hint: str) -> Rejected:
    return Rejected([Refusal(item.row.where, item.key, reason, hint)])


def refused_by_centra(item: Item, what: str, exc: UserErrorsError) -> Rejected:
    return refuse(
        item, f"{what}: {exc.messages}", "fix it in Centra or in the file, then import again"
    )


def _integer(text: str) -> int | None:
    try:
        return int(text)
    except ValueError:
        try:
            number = float(text)
        except ValueError:
            return None
        return int(number) if number.is_integer() else None


class Import(ABC):
    """One file's import; subclasses say what a group does in Centra."""

    kind: str
    noun: str  # shipment, return, cancellation
    key_column: str
    columns: tuple[str, ...]

    def __init__(self, client: CentraClient, options: ErpOptions, store: StateStore) -> None:
        self.client, self.options = client, options
        self.ledger = Ledger(client, store, options)
        self.orders: dict[int, OrderState] = {}
        self.server_time: datetime | None = None

    # -- reading -----------------------------------------------------------------------------

    def _parse(self, row: Row) -> Item | Refusal:
        key = row.get(self.key_column)
        order, quantity = _integer(row.get("order_number")), _integer(row.get("quantity"))
        sku, line_text = row.get("sku"), row.get("line_id")
        line_id = _integer(line_text) if line_text else None
        problems = (
            (not key, f"{self.key_column} is empty", f"give every row its {self.noun}'s ERP id"),
            (
                len(key) > MAX_EXTERNAL_ID,
                f"{self.key_column} is longer than 255 characters",
                "Centra's ID conversion keeps ids of at most 255 characters",
            ),
            (
                order is None,
                f"order_number {row.get('order_number')!r} is not an order number",
                "write Centra's order number (the export's order_number)",
            ),
            (
                quantity is None or quantity <= 0,
                f"quantity {row.get('quantity')!r} is not a whole number above 0",
                "write how many items, e.g. 1",
            ),
            (
                bool(line_text) and line_id is None,
                f"line_id {line_text!r} is not a number",
                "write the export's line_id, or leave it empty and give sku",
            ),
            (
                not sku and not line_text,
                "neither sku nor line_id is given",
                "give the item's SKU or the export's line_id",
            ),
        )
        for wrong, reason, hint in problems:
            if wrong:
                return Refusal(row.where, key[:MAX_EXTERNAL_ID], reason, hint)
        assert order is not None and quantity is not None
        return Item(row, key, order, quantity, sku, line_id)

    def _groups(self, rows: list[Row], report: ImportReport) -> dict[str, list[Item]]:
        groups: dict[str, list[Item | Refusal]] = {}
        for row in rows:
            key = row.get(self.key_column) or f"?{row.where}"  # no id: a group of its own
            groups.setdefault(key, []).append(self._parse(row))
        good: dict[str, list[Item]] = {}
        for key, members in groups.items():
            items = [m for m in members if isinstance(m, Item)]
            bad = [m for m in members if isinstance(m, Refusal)]
            orders = sorted({i.order for i in items})
            if len(orders) > 1:
                bad += [
                    Refusal(
                        i.row.where,
                        key,
                        f"the rows of {self.noun} {key} name orders {', '.join(map(str, orders))}",
                        f"one {self.noun} is of one order: "
                        f"give each order its own {self.key_column}",
                    )
                    for i in items
                ]
                items = []
            if bad:
                report.refused += self._with_group(bad, items)
            else:
                good[key] = items
        return good

    def _with_group(self, refusals: list[Refusal], items: list[Item]) -> list[Refusal]:
        """The refusals, and one for each other row of the group naming what stopped it."""
        cause = refusals[0]
        named = {r.where for r in refusals}
        return refusals + [
            Refusal(
                i.row.where,
                i.key,
                f"not applied: {cause.where} of the same {self.noun} was refused",
                f"a {self.noun} is applied whole; fix that row and import the file again",
            )
            for i in items
            if i.row.where not in named
        ]

    # -- checking rows against the order -----------------------------------------------------

    def take(
        self, state: OrderState, item: Item, available: Callable[[int], int], doing: str
    ) -> list[tuple[int, int]]:
        """The (order line, quantity) the row means, spread over the order's lines with its
        SKU when there are several; refused when the order has not that many left."""
        lines = state.lines
        if item.line_id is not None:
            if item.line_id not in lines:
                raise refuse(
                    item,
                    f"order {state.number} has no line {item.line_id}",
                    "use a line_id of the order (the export's line_id), or give sku",
                )
            candidates = [item.line_id]
        else:
            candidates = [line["id"] for line in state.lines_for(item.sku)]
            if not candidates:
                raise refuse(
                    item,
                    f"order {state.number} has no SKU {item.sku!r}",
                    "check the SKU against the order (the export's sku column), or give line_id",
                )
        left = sum(max(0, available(line)) for line in candidates)
        if item.quantity > left:
            raise refuse(
                item,
                f"quantity {item.quantity} of {item.what} is more than order {state.number} has "
                f"left to {doing} ({left})",
                f"{doing} at most {left}: {_LEFT.get(doing, 'the rest is done already')}",
            )
        taken, wanted = [], item.quantity
        for line in candidates:
            share = min(wanted, max(0, available(line)))
            if share:
                taken.append((line, share))
                wanted -= share
        return taken

    def lines_of(
        self, state: OrderState, items: list[Item], available: Callable[[int], int], doing: str
    ) -> Counter[int]:
        """Every row's lines, each row seeing what the rows before it took."""
        taken: Counter[int] = Counter()
        refusals: list[Refusal] = []
        for item in items:
            try:
                for line, quantity in self.take(
                    state, item, lambda ln: available(ln) - taken[ln], doing
                ):
                    taken[line] += quantity
            except Rejected as rejected:
                refusals += rejected.refusals
        if refusals:
            raise Rejected(refusals)
        return taken

    def refresh(self, number: int) -> OrderState | None:
        """Read the order again: another import may have applied rows of it since this one
        read it (they take turns under the order's lease, so it is current now)."""
        found, _ = read_orders(self.client, [number])
        if number in found:
            self.orders[number] = OrderState(found[number])
        return self.orders.get(number)

    def order_of(self, items: list[Item]) -> OrderState:
        state = self.orders.get(items[0].order)
        if state is None:
            raise refuse(
                items[0],
                f"order {items[0].order} is not in Centra",
                "check the order number (the export's order_number)",
            )
        return state

    # -- the run -----------------------------------------------------------------------------

    @abstractmethod
    def apply(self, key: str, items: list[Item]) -> Applied | None:
        """Apply one group; None when it was applied before. Raises ``Rejected``."""

    def run(self, path: Path, fmt: str | None) -> ImportReport:
        started = time.perf_counter()
        requests_before = self.client.requests_sent
        required = ("order_number", "quantity", self.key_column)
        rows, bad, ignored = read_rows(path, self.columns, required=required, fmt=fmt)
        report = ImportReport(self.kind, str(path), refused=bad, ignored_columns=ignored)
        report.rows = len(rows)
        groups = self._groups(rows, report)
        found, self.server_time = read_orders(
            self.client, {items[0].order for items in groups.values()}
        )
        self.orders = {n: OrderState(o) for n, o in found.items()}
        self.prepare()
        for key, items in groups.items():
            with self.ledger.applying(items[0].order) as held:
                try:
                    if not held:
                        raise refuse(
                            items[0],
                            f"another import is applying order {items[0].order} right now",
                            "import the file again when it is done",
                        )
                    applied = self.apply(key, items)
                except Rejected as rejected:
                    report.refused += self._with_group(rejected.refusals, items)
                    continue
            if applied is None:
                report.skipped.append(key)
            else:
                report.applied.append(applied)
        report.refused.sort(key=lambda r: _position(r.where))
        report.mutations = self.ledger.mutations
        report.requests = self.client.requests_sent - requests_before
        report.seconds = time.perf_counter() - started
        return report

    @abstractmethod
    def prepare(self) -> None:
        """Read the ERP ids of every object the file's orders hold, in pages."""


def _position(where: str) -> tuple[str, int]:
    name, _, line = where.rpartition(":")
    return name, int(line) if line.isdigit() else 0


def run_import(
    kind: type[Import],
    client: CentraClient,
    options: ErpOptions,
    path: Path,
    *,
    fmt: str | None = None,
    store: StateStore | None = None,
) -> ImportReport:
    own = store is None
    store = store or open_store(options)
    try:
        return kind(client, options, store).run(Path(path), fmt)
    finally:
        if own:
            store.close()
