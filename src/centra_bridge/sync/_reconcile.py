"""Reconciliation: compare the warehouse with Centra and repair the difference.

Centra's webhooks give up after retries and event queues can be purged, so this is the safety
net. Orders are grouped by (UTC day created, store, status), products by (day created, status)
and customers by the day they were last updated; each group is compared by count and by a
checksum of ``updatedAt``. Groups that differ are repaired: their items are fetched again and
loaded (children included), and items Centra no longer has are deleted.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from centra_bridge.sync import _sources as src
from centra_bridge.sync._pipeline import _Run, selected_sources
from centra_bridge.sync._sources import SOURCES
from centra_bridge.sync._tables import TABLES, parse_timestamp

if TYPE_CHECKING:
    from centra_bridge.client import CentraClient
    from centra_bridge.config import Settings

Group = tuple[str, int, str]  # (day, store id or 0, status or "")
Stamps = dict[int, tuple[Group, int]]  # key -> (group, updatedAt as epoch seconds)


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
    operation: str  # the light listing, from client/operations
    columns: str  # warehouse columns: key, then what ``group`` reads, updated_at last
    group: Callable[[dict[str, Any]], Group]  # from a row of those columns


SUBJECTS = (
    _Subject(
        "orders",
        "OrderStamps",
        "number, created_at, store_id, status, updated_at",
        lambda o: (_day(o["created_at"]), int(o["store_id"] or 0), o["status"] or ""),
    ),
    _Subject(
        "products",
        "ProductStamps",
        "id, created_at, status, updated_at",
        lambda p: (_day(p["created_at"]), 0, p["status"] or ""),
    ),
    _Subject(
        "customers", "CustomerStamps", "id, updated_at", lambda c: (_day(c["updated_at"]), 0, "")
    ),
)


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
    centra: tuple[int, int]  # (count, updatedAt checksum)
    warehouse: tuple[int, int]


@dataclass(slots=True)
class ReconcileReport:
    groups: int = 0
    differing: list[GroupDiff] = field(default_factory=list)
    refetched: int = 0
    deleted: int = 0
    requests: int = 0


def _listed(client: CentraClient, subject: _Subject, page_size: int) -> Stamps:
    source = SOURCES[subject.source]
    found: Stamps = {}
    page = 1
    while True:
        variables = {"limit": page_size, "page": page}
        items = client.execute(subject.operation, variables).data[source.root]
        for item in items:
            found[int(item[source.key])] = (subject.group(_as_row(item)), _epoch(item["updatedAt"]))
        if len(items) < page_size:
            return found
        page += 1


def _held(run: _Run, subject: _Subject) -> Stamps:
    table = TABLES[SOURCES[subject.source].tables[0]]
    if table.name not in run.warehouse.tables():
        return {}
    with run.warehouse.pipeline.sql_client() as sql:
        name = sql.make_qualified_table_name(table.name)
        rows = sql.execute_sql(f"select {subject.columns} from {name}")  # noqa: S608 (our own)
    names = [c.strip() for c in subject.columns.split(",")]
    held: Stamps = {}
    for row in rows or ():
        values = dict(zip(names, row, strict=True))
        held[int(row[0])] = (subject.group(values), _epoch(values["updated_at"]))
    return held


def _summarise(stamps: Stamps) -> dict[Group, tuple[int, int]]:
    totals: dict[Group, list[int]] = defaultdict(lambda: [0, 0])
    for group, updated in stamps.values():
        totals[group][0] += 1
        totals[group][1] = (totals[group][1] + updated) % (1 << 61)
    return {group: (count, checksum) for group, (count, checksum) in totals.items()}


def reconcile(settings: Settings, client: CentraClient, *, repair: bool = True) -> ReconcileReport:
    """Compare every synced subject (orders, products, customers) with Centra; repair."""
    requests_before = client.requests_sent
    selected = {s.name for s in selected_sources(settings.tables)}
    subjects = [s for s in SUBJECTS if s.source in selected]
    run = _Run(settings, client, [SOURCES[s.source] for s in subjects], full=False, progress=None)
    report = ReconcileReport()
    for subject in subjects:
        _compare(run, client, subject, settings.page_size, report, repair=repair)
    report.requests = client.requests_sent - requests_before
    return report


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
    ours, theirs = _summarise(held), _summarise(centra)
    groups = sorted(set(ours) | set(theirs))
    report.groups += len(groups)
    bad = {g for g in groups if ours.get(g) != theirs.get(g)}
    report.differing += [
        GroupDiff(source.tables[0], g, theirs.get(g, (0, 0)), ours.get(g, (0, 0)))
        for g in groups
        if g in bad
    ]
    if not repair or not bad:
        return
    refetch = sorted(k for k, (group, _) in centra.items() if group in bad)
    gone = {k for k, (group, _) in held.items() if group in bad and k not in centra}
    items = src.fetch_keys(client, source, refetch) if refetch else []
    if items:  # disjoint from ``gone``: the order of load and delete does not matter
        run.load(source, items, run.advanced(source, items))
    run.warehouse.delete(TABLES[source.tables[0]], gone)
    run.flush()
    report.refetched += len(items)
    report.deleted += len(gone)
