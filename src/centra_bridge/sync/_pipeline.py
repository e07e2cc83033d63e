"""The sync: a backfill, then changes through the events system, polling as the safety net.

A run, in order:
1. Event listeners are set for every object type the chosen tables depend on, before anything is
   read, so that a change made while the backfill runs is queued and cannot be lost.
2. Polling sources are read from their cursors: orders by ``updatedAt`` keyset in chunks of
   ``chunk_pages`` pages (each chunk a committed load, so an interrupted backfill resumes where it
   stopped); customers and products changed since their cursor; snapshots whole; stock changes
   after their relay cursor. Once the events system is known to work, an incremental run polls
   only beyond the cursors (one cheap request per source) to prove nothing slipped past it.
3. Events are drained: each batch's changed objects are fetched in batches (an object changed
   many times costs one fetch), loaded, and only then confirmed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from centra_bridge.errors import PermissionDeniedError
from centra_bridge.sync import _sources as src
from centra_bridge.sync._events import EventBatch, EventsConsumer
from centra_bridge.sync._sources import SOURCES, Source
from centra_bridge.sync._tables import TABLES, parse_timestamp
from centra_bridge.sync._warehouse import Warehouse

if TYPE_CHECKING:
    from centra_bridge.client import CentraClient
    from centra_bridge.config import Settings

logger = logging.getLogger("centra_bridge.sync")

__all__ = ["Progress", "SyncReport", "selected_sources", "sync"]


class Progress(Protocol):
    """What the sync tells whoever shows progress (the CLI's rich bar)."""

    def start(self, total: int) -> None: ...
    def advance(self, orders: int, lines: int) -> None: ...


@dataclass(slots=True)
class SyncReport:
    mode: str  # "full" or "incremental"
    since: datetime | None
    tables: dict[str, int] = field(default_factory=dict)  # rows loaded per table
    inserted: dict[str, int] = field(default_factory=dict)  # of those, rows new to the table
    deleted: dict[str, int] = field(default_factory=dict)
    events: int = 0
    notes: list[str] = field(default_factory=list)
    requests: int = 0
    seconds: float = 0.0
    paced_seconds: float = 0.0  # waited to stay within our share of Centra's rate limits
    destination: str = ""


def selected_sources(tables: list[str] | None) -> list[Source]:
    if not tables:
        return list(SOURCES.values())
    names = {src.SOURCE_OF_TABLE[t].name for t in tables}
    return [s for s in SOURCES.values() if s.name in names]


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def _from_epoch(seconds: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)


class _Run:
    def __init__(
        self,
        settings: Settings,
        client: CentraClient,
        sources: list[Source],
        *,
        full: bool,
        progress: Progress | None,
    ) -> None:
        self.settings, self.client, self.sources = settings, client, sources
        self.progress = progress
        self.warehouse = Warehouse(settings, mapped=settings.attribute_columns())
        if full:
            self.warehouse.reset()
        self.state = self.warehouse.state
        for source in sources:  # cursors as the warehouse's rows prove them
            if source.kind in ("keyset", "changed"):
                mark = self.warehouse.watermark(source.table_defs[0], settings.overlap_seconds)
                if mark is None:
                    self.state.pop(source.name, None)
                elif source.kind == "keyset":
                    self.state[source.name] = {"cursor": mark[0], "boundary": mark[1]}
                else:
                    self.state[source.name] = {"cursor": mark[0]}
            elif source.kind == "relay":
                # An opaque relay cursor is kept only if the rows it stands for are there.
                held = self.warehouse.max_key(source.table_defs[0])
                if self.state.get(source.name, {}).get("max_id") != held:
                    self.state.pop(source.name, None)
        self.pending: list[Any] = []
        self.pending_cursors: dict[str, Any] = {}
        self.counts_before = self.warehouse.row_counts()
        self.report = SyncReport(
            mode="incremental" if self.state else "full",
            since=None,
            destination=self.warehouse.where,
        )

    # -- loading ----------------------------------------------------------------------------
    # Loads are queued and committed together: each ``pipeline.run`` costs a fixed fraction of a
    # second, so small tables ride along with the next chunk of orders.

    def load(self, source: Source, items: list[dict[str, Any]], cursor: dict[str, Any]) -> None:
        synced_at = datetime.now(UTC)
        batches = [(t, self.warehouse.arrow(t, items, synced_at)) for t in source.table_defs]
        self.queue(batches, {source.name: cursor})

    def queue(self, batches: list[Any], cursors: dict[str, Any]) -> None:
        self.pending += batches
        self.pending_cursors.update(cursors)
        self.state.update(cursors)

    def note(self, text: str) -> None:
        """Something the user should know about this run: in the report and the log."""
        self.report.notes.append(text)
        logger.warning(text)

    def remember(self, **values: Any) -> None:
        """Run-level facts (listeners set, events trusted), committed with the next load."""
        self.queue([], values)

    def flush(self, *, tidy: bool = True) -> None:
        """Commit what is queued; ``tidy`` (stale children, history) unless more follows soon."""
        if self.pending or self.pending_cursors:
            self.warehouse.load(self.pending, self.pending_cursors)
            for table, data in self.pending:
                count = self.report.tables.get(table.name, 0) + data.num_rows
                self.report.tables[table.name] = count
            self.pending, self.pending_cursors = [], {}
        if tidy:
            self.warehouse.tidy()

    # -- polling ----------------------------------------------------------------------------

    def since(self, source: Source, *, exact: bool) -> datetime | None:
        cursor = self.state.get(source.name, {}).get("cursor")
        if cursor is None:
            return None
        # With working events only what lies beyond the cursor is news; otherwise re-read an
        # overlap to catch writes that landed late.
        return _from_epoch(cursor + 1 if exact else cursor - self.settings.overlap_seconds)

    def poll_keyset(self, source: Source, since: datetime | None) -> int:
        """Orders changed since ``since``; returns how many were new to the warehouse."""
        state = self.state.get(source.name, {})
        boundary: dict[str, int] = dict(state.get("boundary", {}))
        newest: int = state.get("cursor") or 0
        if self.progress is not None:
            self.progress.start(src.count_keyset(self.client, since))
        chunk: list[dict[str, Any]] = []
        changed = 0
        pages = src.prefetched(
            src.keyset_pages(self.client, source, since, self.settings.page_size)
        )
        for number, page in enumerate(pages, start=1):
            fresh = []
            for item in page:
                updated = _epoch(parse_timestamp(item["updatedAt"]))
                if boundary.get(str(item[source.key])) != updated:
                    fresh.append(item)
                    boundary[str(item[source.key])] = updated
                    newest = max(newest, updated)
            chunk += fresh
            if self.progress is not None:
                self.progress.advance(len(page), sum(len(o["lines"]) for o in fresh))
            if number % self.settings.chunk_pages == 0 and chunk:
                changed += len(chunk)
                self.load(source, chunk, self._keyset_cursor(newest, boundary))
                self.flush(tidy=False)  # committed: an interrupted backfill resumes after it
                chunk = []
        if chunk or not state:
            changed += len(chunk)
            self.load(source, chunk, self._keyset_cursor(newest, boundary))
        return changed

    def _keyset_cursor(self, newest: int, boundary: dict[str, int]) -> dict[str, Any]:
        # Only entries inside the overlap can be re-read: keep the boundary small.
        floor = newest - self.settings.overlap_seconds
        return {"cursor": newest, "boundary": {k: v for k, v in boundary.items() if v >= floor}}

    def poll_changed(self, source: Source, since: datetime | None) -> int:
        items: list[dict[str, Any]] = []
        for page in src.changed_pages(self.client, source, since, self.settings.page_size):
            items += page
        if items or source.name not in self.state:
            self.load(source, items, self.advanced(source, items))
        return len(items)

    def poll_snapshot(self, source: Source) -> None:
        found = src.snapshot(self.client, source)
        synced_at = datetime.now(UTC)
        batches = [
            (TABLES[name], self.warehouse.arrow(TABLES[name], items, synced_at))
            for name, items in found.items()
        ]
        self.queue(batches, {source.name: {"at": _epoch(synced_at)}})

    def poll_relay(self, source: Source) -> None:
        state = self.state.get(source.name, {})
        after, held = state.get("after"), state.get("max_id")
        for nodes, cursor in src.relay_pages(self.client, source, after):
            if nodes or source.name not in self.state:
                held = max([held or 0, *(n["id"] for n in nodes)]) if nodes else held
                self.load(source, nodes, {"after": cursor, "max_id": held})

    def poll(self, source: Source, *, exact: bool) -> int:
        """Read ``source`` by polling; returns how many changed items it found."""
        if source.kind == "keyset":
            return self.poll_keyset(source, self.since(source, exact=exact))
        if source.kind == "changed":
            return self.poll_changed(source, self.since(source, exact=exact))
        if source.kind == "snapshot":
            self.poll_snapshot(source)
        else:
            self.poll_relay(source)
        return 0

    # -- events -----------------------------------------------------------------------------

    def handle(self, batch: EventBatch) -> None:
        """The warehouse's part of an events batch: re-read what changed, drop what was deleted."""
        self.report.events += len(batch.events)
        present = batch.object_types()
        for source in self.sources:
            if not present & set(source.events):
                continue
            if source.kind in ("snapshot", "relay"):
                self.poll(source, exact=True)
                continue
            keys = self._keys(source, batch)
            if keys:
                items = src.fetch_keys(self.client, source, sorted(keys))
                self.load(source, items, self.advanced(source, items))
            parent = source.table_defs[0]
            self.warehouse.delete(parent, batch.deleted(source.events[0]))
        self.flush()  # durable before the consumer confirms the batch

    def _keys(self, source: Source, batch: EventBatch) -> set[int]:
        """The source's items to fetch again, each once however many events name it."""
        keys: set[int] = set()
        for event in batch.events:
            obj = event.get("object") or {}
            if event["changeType"] == "DELETED":
                continue
            if event["objectType"] == source.events[0]:
                keys.add(int(event["objectReference"]))
            elif event["objectType"] in source.events[1:] and obj:
                # A child (shipment, variant...) names its parent in ``object``.
                owner = obj.get("order") or obj.get("product") or {}
                if "productVariant" in obj:
                    owner = obj["productVariant"]["product"]
                if owner:
                    keys.add(int(owner.get("number") or owner["id"]))
        return keys

    def advanced(self, source: Source, items: list[dict[str, Any]]) -> dict[str, Any]:
        cursor = dict(self.state.get(source.name, {}))
        stamps = [_epoch(parse_timestamp(i["updatedAt"])) for i in items if i.get("updatedAt")]
        cursor["cursor"] = max([cursor.get("cursor") or 0, *stamps])
        if source.kind == "keyset":
            boundary = dict(cursor.get("boundary", {}))
            boundary.update(
                {str(i[source.key]): _epoch(parse_timestamp(i["updatedAt"])) for i in items}
            )
            cursor = self._keyset_cursor(cursor["cursor"], boundary)
        return cursor


def sync(
    settings: Settings,
    client: CentraClient,
    *,
    full: bool = False,
    progress: Progress | None = None,
    follow: bool = False,
    should_stop: Callable[[], bool] = lambda: False,
) -> SyncReport:
    """Load the configured tables: everything the first time (or with ``full``), then changes."""
    started = time.monotonic()
    requests_before = client.requests_sent
    paced_before = client.budget.waited if client.budget else 0.0
    sources = selected_sources(settings.tables)
    run = _Run(settings, client, sources, full=full, progress=progress)
    report = run.report
    consumer = EventsConsumer(client, [run.handle])
    events_on = _listen(run, consumer, sources)
    trusted = events_on and bool(run.state.get("events_trusted"))
    if report.mode == "incremental":
        orders = SOURCES["orders"]
        report.since = run.since(orders, exact=trusted) if orders in sources else None
    if trusted:
        # Events first; then one request per source beyond the cursors proves nothing slipped.
        consumer.drain(should_stop)
        missed = sum(run.poll(s, exact=True) for s in sources if s.kind in ("keyset", "changed"))
        if missed:
            note = (
                f"{missed} changes reached the warehouse by polling, not by events: the events "
                "system looks switched off for this integration, so changes are found by "
                "polling updatedAt with overlap (ask Centra to enable events)."
            )
            run.note(note)
            run.remember(events_trusted=False, events_off=True)
    else:
        for source in sources:
            run.poll(source, exact=False)
        run.flush()
        if events_on:
            consumer.drain(should_stop)
            if not run.state.get("events_off"):
                run.remember(events_trusted=True)
    run.flush()
    while follow and not should_stop():
        if consumer.drain(should_stop) == 0:
            _sleep(settings.follow_interval, should_stop)
    report.deleted = dict(run.warehouse.deleted)
    for name, count in run.warehouse.row_counts().items():
        # Rows held now, less those held before, plus those deleted meanwhile: the new ones.
        new = count - run.counts_before.get(name, 0) + report.deleted.get(name, 0)
        if new:
            report.inserted[name] = new
    report.requests = client.requests_sent - requests_before
    report.paced_seconds = (client.budget.waited if client.budget else 0.0) - paced_before
    report.seconds = time.monotonic() - started
    return report


def _listen(run: _Run, consumer: EventsConsumer, sources: list[Source]) -> bool:
    """Set listeners once per set of object types; False when the token may not use events."""
    wanted = sorted({t for s in sources for t in s.events})
    if run.state.get("listeners") == wanted:
        return True
    try:
        consumer.listen(wanted)
    except PermissionDeniedError as exc:
        run.note(
            f"The token lacks {', '.join(exc.missing)}: changes are found by polling updatedAt "
            "(with overlap) instead of through Centra's events system."
        )
        return False
    run.remember(listeners=wanted)
    return True


def _sleep(seconds: float, should_stop: Callable[[], bool]) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and not should_stop():
        time.sleep(min(0.2, seconds))
