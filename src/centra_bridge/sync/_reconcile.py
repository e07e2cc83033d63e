"""Reconciliation: compare the warehouse with Centra and, when asked, repair the difference.

Centra's webhooks give up after retries and event queues can be purged, so this is the safety
net. Orders are grouped by (UTC day created, store, status), products by (day created, status),
customers by the day they were last updated and stock by warehouse; each group is compared by
count and by a checksum (of ``updatedAt``; for stock, of every quantity). With ``repair``, the
items of differing groups whose stamp differs are fetched again and loaded (children included)
and rows Centra no longer has are deleted; the stock of a differing warehouse is reloaded from
a fresh snapshot. Without it, the report says what a repair would fetch and delete.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from centra_bridge.errors import SyncError
from centra_bridge.sync import _sources as src
from centra_bridge.sync._paging import Pages
from centra_bridge.sync._pipeline import _Run, selected_sources
from centra_bridge.sync._sources import SOURCES
from centra_bridge.sync._tables import TABLES
from centra_bridge.warehouse import duckdb_file, parse_timestamp

if TYPE_CHECKING:
    from centra_bridge.client import CentraClient
    from centra_bridge.sync._options import SyncOptions

Group = tuple[str, int, str]  # (day, store id or 0, status or ""); stock: ("", warehouse id, "")
Stamps = dict[Any, tuple[Group, int]]  # key -> (group, stamp: updatedAt in epoch seconds)
_MOD = 1 << 61
_STOCK = TABLES["stock"]


def _day(moment: datetime | str | None) -> str:
    if moment is None:
        return "?"
    if isinstance(moment, str):
        moment = parse_timestamp(moment)
    return moment.astimezone(UTC).date().isoformat()


def _epoch(moment: datetime | str | None) -> int:
    if moment is None:
        return 0
    return int((parse_timestamp(moment) if isinstance(moment, str) else moment).timestamp())


@dataclass(frozen=True, slots=True)
class _Subject:
    """One source to compare: how Centra lists it lightly and how the warehouse holds it."""

    source: str
    listing: Pages  # the light listing (``*Stamps`` operations)
    columns: str  # warehouse columns: key, then what ``group`` reads, updated_at last
    group: Callable[[dict[str, Any]], Group]  # from a row of those columns


SUBJECTS = (
    _Subject(
        "orders",
        Pages("OrderStamps", "orders"),
        "number, created_at, store_id, status, updated_at",
        lambda o: (_day(o["created_at"]), int(o["store_id"] or 0), o["status"] or ""),
    ),
    _Subject(
        "products",
        Pages("ProductStamps", "products"),
        "id, created_at, status, updated_at",
        lambda p: (_day(p["created_at"]), 0, p["status"] or ""),
    ),
    _Subject(
        "customers",
        Pages("CustomerStamps", "customers"),
        "id, updated_at",
        lambda c: (_day(c["updated_at"]), 0, ""),
    ),
)
# The sources reconcile can compare: the listed ones, and stock by snapshot.
COMPARED = (*(s.source for s in SUBJECTS), "stock")


def _as_row(item: dict[str, Any]) -> dict[str, Any]:
    """A listed item under the warehouse's column names."""
    return {
        "created_at": item.get("createdAt"),
        "store_id": (item.get("store") or {}).get("id"),
        "status": item.get("status"),
        "updated_at": item["updatedAt"],
    }


@dataclass(slots=True)
class GroupDiff:
    table: str
    group: Group
    centra: tuple[int, int]  # (count, checksum)
    warehouse: tuple[int, int]

    @property
    def label(self) -> str:
        """The group as a user reads it: ``2026-08-01, store 1, SHIPPED`` or ``warehouse 3``."""
        day, store, status = self.group
        if self.table == _STOCK.name:
            return f"warehouse {store}"
        return ", ".join(p for p in (day, f"store {store}" if store else "", status) if p)


@dataclass(slots=True)
class ReconcileReport:
    groups: int = 0
    differing: list[GroupDiff] = field(default_factory=list)
    compared: list[str] = field(default_factory=list)  # tables compared
    skipped: list[str] = field(default_factory=list)  # selected, but not in the warehouse yet
    repaired: bool = False
    to_fetch: int = 0  # items (stock: rows) a repair fetches again ...
    to_delete: int = 0  # ... and rows it deletes: done when ``repaired``, else planned
    refetched: int = 0
    deleted: int = 0
    requests: int = 0


def reconcile(
    settings: SyncOptions, client: CentraClient, *, repair: bool = False
) -> ReconcileReport:
    """Compare the selected tables (``settings.tables``; orders, products, customers and stock
    are comparable) with Centra; with ``repair``, make the warehouse match.

    Raises ``SyncError`` when the warehouse holds none of them: there is nothing to compare.
    """
    requests_before = client.requests_sent
    chosen = [s.name for s in selected_sources(settings.tables) if s.name in COMPARED]
    if not chosen:
        msg = "None of the selected tables can be reconciled"
        raise SyncError(msg, hint="Reconcile covers orders, products, customers and stock.")
    file = duckdb_file(settings)
    if file is not None and not file.exists():
        msg = f"There is no warehouse at {file}"
        raise _nothing_synced(msg)
    run = _Run(settings, client, [SOURCES[s] for s in chosen], full=False, progress=None)
    try:
        report = ReconcileReport(repaired=repair)
        present = run.warehouse.tables()
        for name in chosen:
            table = SOURCES[name].tables[0]
            (report.compared if table in present else report.skipped).append(table)
        if not report.compared:
            msg = f"The warehouse {run.warehouse.where} holds no {' or '.join(report.skipped)}"
            raise _nothing_synced(msg)
        for subject in SUBJECTS:
            if SOURCES[subject.source].tables[0] in report.compared:
                _compare(run, client, subject, settings.page_size, report, repair=repair)
        if _STOCK.name in report.compared:
            _compare_stock(run, client, report, repair=repair)
    finally:
        run.warehouse.close()  # its lock: a sync may run again
    report.requests = client.requests_sent - requests_before
    return report


def _nothing_synced(message: str) -> SyncError:
    return SyncError(
        f"{message}: nothing to compare with Centra",
        hint="Run `centra-bridge sync` first (with the same --tables and destination).",
    )


def _listed(client: CentraClient, subject: _Subject, page_size: int) -> Stamps:
    source = SOURCES[subject.source]
    found: Stamps = {}
    for items in subject.listing.pages(client, size=page_size):
        for item in items:
            found[int(item[source.key])] = (subject.group(_as_row(item)), _epoch(item["updatedAt"]))
    return found


def _held(run: _Run, subject: _Subject) -> Stamps:
    rows = run.warehouse.select(SOURCES[subject.source].tables[0], subject.columns)
    names = [c.strip() for c in subject.columns.split(",")]
    held: Stamps = {}
    for row in rows:
        values = dict(zip(names, row, strict=True))
        held[int(row[0])] = (subject.group(values), _epoch(values["updated_at"]))
    return held


def _summarise(stamps: Stamps) -> dict[Group, tuple[int, int]]:
    totals: dict[Group, list[int]] = defaultdict(lambda: [0, 0])
    for group, stamp in stamps.values():
        totals[group][0] += 1
        totals[group][1] = (totals[group][1] + stamp) % _MOD
    return {group: (count, checksum) for group, (count, checksum) in totals.items()}


def _differing(report: ReconcileReport, table: str, centra: Stamps, held: Stamps) -> set[Group]:
    theirs, ours = _summarise(centra), _summarise(held)
    groups = sorted(set(ours) | set(theirs))
    report.groups += len(groups)
    bad = {g for g in groups if ours.get(g) != theirs.get(g)}
    report.differing += [
        GroupDiff(table, g, theirs.get(g, (0, 0)), ours.get(g, (0, 0))) for g in groups if g in bad
    ]
    return bad


def _compare(
    run: _Run,
    client: CentraClient,
    subject: _Subject,
    page_size: int,
    report: ReconcileReport,
    *,
    repair: bool,
) -> None:
    source = SOURCES[subject.source]
    centra, held = _listed(client, subject, page_size), _held(run, subject)
    bad = _differing(report, source.tables[0], centra, held)
    # Only items whose (group, updatedAt) differs: the others are the same version.
    refetch = sorted(k for k, stamp in centra.items() if stamp[0] in bad and held.get(k) != stamp)
    gone = {k for k, (group, _) in held.items() if group in bad and k not in centra}
    report.to_fetch += len(refetch)
    report.to_delete += len(gone)
    if not repair or not bad:
        return
    items = src.fetch_keys(client, source, refetch) if refetch else []
    if items:  # disjoint from ``gone``: the order of load and delete does not matter
        run.load(source, items, run.advanced(source, items))
    run.warehouse.delete(TABLES[source.tables[0]], gone)
    run.flush()
    report.refetched += len(items)
    report.deleted += len(gone)


def _stock_stamp(values: list[Any]) -> int:
    """A row's size and quantities as one number: checksums of equal rows are equal."""
    digest = hashlib.blake2b(repr(values[1:]).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _stock_rows(warehouses: list[dict[str, Any]]) -> Stamps:
    """Stock rows of a snapshot, keyed (warehouse id, size id), through the table's mapping."""
    found: Stamps = {}
    for item in warehouses:
        for raw in _STOCK.rows(item):
            values = [column.get(raw) for column in _STOCK.columns]
            warehouse, size = int(values[0]), int(values[1])
            found[(warehouse, size)] = (("", warehouse, ""), _stock_stamp(values))
    return found


def _stock_held(run: _Run) -> Stamps:
    rows = run.warehouse.select(_STOCK.name, ", ".join(c.name for c in _STOCK.columns))
    return {
        (int(row[0]), int(row[1])): (("", int(row[0]), ""), _stock_stamp(list(row))) for row in rows
    }


def _compare_stock(
    run: _Run, client: CentraClient, report: ReconcileReport, *, repair: bool
) -> None:
    """Stock has no ``updatedAt``: compare a fresh snapshot per warehouse, row count and a
    checksum of every quantity; a repair loads that snapshot's differing warehouses."""
    snapshot = src.snapshot(client, SOURCES["stock"])[_STOCK.name]
    centra, held = _stock_rows(snapshot), _stock_held(run)
    bad = {store for _, store, _ in _differing(report, _STOCK.name, centra, held)}
    changed = [k for k, stamp in centra.items() if k[0] in bad and held.get(k) != stamp]
    gone = sorted(k for k in held if k[0] in bad and k not in centra)
    report.to_fetch += len(changed)
    report.to_delete += len(gone)
    if not repair or not bad:
        return
    if gone:
        listed = " or ".join(f"(warehouse_id = {w} and size_id = {s})" for w, s in gone)
        run.warehouse.delete_where(_STOCK.name, listed)
    items = [warehouse for warehouse in snapshot if int(warehouse["id"]) in bad]
    run.queue([(_STOCK, run.warehouse.arrow(_STOCK, items, datetime.now(UTC)))], {})
    run.flush()
    report.refetched += len(changed)
    report.deleted += len(gone)
