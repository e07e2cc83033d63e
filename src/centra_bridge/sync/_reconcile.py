"""Reconciliation: compare the warehouse's orders with Centra's and repair the difference.

Centra's webhooks give up after retries and event queues can be purged, so this is the safety
net. Orders are grouped by (UTC day created, store, status); each group is compared by count and
by a checksum of ``updatedAt``. Groups that differ are repaired: their orders are fetched again
and loaded, and orders Centra no longer has are deleted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC
from typing import TYPE_CHECKING, Any

from centra_bridge.sync import _sources as src
from centra_bridge.sync._pipeline import _Run
from centra_bridge.sync._sources import SOURCES
from centra_bridge.sync._tables import ORDERS, parse_timestamp

if TYPE_CHECKING:
    from centra_bridge.client import CentraClient
    from centra_bridge.config import Settings

Group = tuple[str, int, str]  # (day, store id, status)


@dataclass(slots=True)
class GroupDiff:
    group: Group
    centra: tuple[int, int]  # (count, updatedAt checksum)
    warehouse: tuple[int, int]


@dataclass(slots=True)
class ReconcileReport:
    groups: int = 0
    differing: list[GroupDiff] = field(default_factory=list)
    refetched: int = 0
    deleted: int = 0
    requests: int = 0


def _stamps(client: CentraClient, page_size: int) -> dict[int, tuple[Group, int]]:
    found: dict[int, tuple[Group, int]] = {}
    page = 1
    while True:
        variables = {"limit": page_size, "page": page}
        orders = client.execute("OrderStamps", variables).data["orders"]
        for order in orders:
            created = parse_timestamp(order["createdAt"]).astimezone(UTC)
            updated = int(parse_timestamp(order["updatedAt"]).timestamp())
            group = (created.date().isoformat(), int(order["store"]["id"]), order["status"])
            found[int(order["number"])] = (group, updated)
        if len(orders) < page_size:
            return found
        page += 1


def _held(run: _Run) -> dict[int, tuple[Group, int]]:
    pipeline = run.warehouse.pipeline
    if ORDERS.name not in run.warehouse.tables():
        return {}
    with pipeline.sql_client() as sql:
        name = sql.make_qualified_table_name(ORDERS.name)
        columns = "number, created_at, store_id, status, updated_at"
        rows = sql.execute_sql(f"select {columns} from {name}")  # noqa: S608 (our own table)
    return {
        int(number): (
            (
                created.astimezone(UTC).date().isoformat() if created else "?",
                int(store or 0),
                status or "?",
            ),
            int(updated.timestamp()) if updated else 0,
        )
        for number, created, store, status, updated in rows or ()
    }


def _summarise(stamps: dict[int, tuple[Group, int]]) -> dict[Group, tuple[int, int]]:
    totals: dict[Group, list[int]] = defaultdict(lambda: [0, 0])
    for group, updated in stamps.values():
        totals[group][0] += 1
        totals[group][1] = (totals[group][1] + updated) % (1 << 61)
    return {group: (count, checksum) for group, (count, checksum) in totals.items()}


def reconcile(settings: Settings, client: CentraClient, *, repair: bool = True) -> ReconcileReport:
    requests_before = client.requests_sent
    source = SOURCES["orders"]
    run = _Run(settings, client, [source], full=False, progress=None)
    centra, held = _stamps(client, settings.page_size), _held(run)
    ours, theirs = _summarise(held), _summarise(centra)
    report = ReconcileReport(groups=len(set(ours) | set(theirs)))
    for group in sorted(set(ours) | set(theirs)):
        if ours.get(group) != theirs.get(group):
            report.differing.append(
                GroupDiff(group, theirs.get(group, (0, 0)), ours.get(group, (0, 0)))
            )
    if repair and report.differing:
        bad = {d.group for d in report.differing}
        refetch = sorted(n for n, (group, _) in centra.items() if group in bad)
        gone = {n for n, (group, _) in held.items() if group in bad and n not in centra}
        items: list[dict[str, Any]] = src.fetch_keys(client, source, refetch) if refetch else []
        if items:
            run.load(source, items, run.advanced(source, items))
            run.flush()
        run.warehouse.delete(ORDERS, gone)
        report.refetched, report.deleted = len(items), len(gone)
    report.requests = client.requests_sent - requests_before
    return report
