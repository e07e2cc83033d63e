"""The sync: a backfill, then changes through the events system, polling as the safety net.

A run, in order:
1. The integration's event listeners are read and the missing ones set, before anything is read,
   so that a change made while the backfill runs is queued and cannot be lost.
2. Sources whose changes the events system cannot vouch for (new to the warehouse, their object
   types not listened to until now, or events off) are polled from their cursors: orders by
   ``updatedAt`` keyset in chunks of ``chunk_pages`` pages (each chunk but the last a
   committed load, so an interrupted backfill resumes where it stopped), then orders whose
   shipments or returns changed by those children's own stamps; customers and products
   changed since their cursor; snapshots whole; stock changes after their relay cursor.
3. Events are drained: each batch's changed objects are fetched in batches (an object changed
   many times costs one fetch), loaded, and only then confirmed.
4. Sources the events system vouches for are proven: one request per source beyond the cursors.
   A change found there whose event does not follow in the next drains means events are off:
   the sync says so and polls with overlap from then on.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol

from centra_bridge.errors import PermissionDeniedError
from centra_bridge.events import EventBatch, EventsConsumer, Handler, pause
from centra_bridge.sync import _sources as src
from centra_bridge.sync._collector import CollectorPaused, collect_young
from centra_bridge.sync._history import HISTORIES
from centra_bridge.sync._paging import READ_AT, Keyset, Pages, Relay, Snapshot
from centra_bridge.sync._queue_claim import claim_events_queue
from centra_bridge.sync._sources import CHILDREN, SOURCES, Source
from centra_bridge.sync._tables import TABLES
from centra_bridge.warehouse import Table, Warehouse, parse_timestamp

if TYPE_CHECKING:
    import pyarrow as pa

    from centra_bridge.client import CentraClient
    from centra_bridge.sync._options import SyncOptions

logger = logging.getLogger("centra_bridge.sync")

__all__ = ["Progress", "SyncReport", "open_warehouse", "selected_sources", "sync"]

# Pages in a backfill's last chunk: the load before it overlaps with fetching them, the last
# load does not; it stays small, and its predecessor ends as the pages it overlaps arrive
# (bench/sync_throughput.py).
TAIL_PAGES = 7


class Progress(Protocol):
    """What the sync tells whoever shows progress (the CLI's rich bar)."""

    def start(self, total: int) -> None: ...
    def advance(self, orders: int, lines: int) -> None: ...


@dataclass(slots=True)
class BatchReport:
    """One events batch handled while following: what it held and what it loaded."""

    events: int
    tables: dict[str, int]


@dataclass(slots=True)
class SyncReport:
    mode: str  # "full", "resumed" (an interrupted backfill goes on) or "incremental"
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
    events_mode: str = "events"  # "events", or "polling" when changes are found by polling


def selected_sources(tables: list[str] | None) -> list[Source]:
    if not tables:
        return list(SOURCES.values())
    names = {src.SOURCE_OF_TABLE[t].name for t in tables}
    return [s for s in SOURCES.values() if s.name in names]


def open_warehouse(settings: SyncOptions) -> Warehouse:
    """The sync's warehouse (Centra's tables and the chosen histories), locked until closed."""
    return Warehouse(
        settings,
        TABLES,
        [HISTORIES[name] for name in settings.history or ()],
        mapped=settings.attribute_columns(),
    )


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def _from_epoch(seconds: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)


def _stamp(item: dict[str, Any]) -> int:
    return _epoch(parse_timestamp(item["updatedAt"]))


def _children_state(source: Source) -> str:
    return f"{source.name}.children"


def _unsettled_state(source: Source) -> str:
    return f"{source.name}.unsettled"


def _newest_stamp(source: Source, item: dict[str, Any]) -> int:
    """The item's stamp, or a newer one of the children that change without it (``CHILDREN``)."""
    stamps = [_stamp(item)] if item.get("updatedAt") else [0]
    for children in CHILDREN.get(source.name, ()):
        stamps += [_stamp(c) for c in item.get(children.name) or () if c.get("updatedAt")]
    return max(stamps)


class _Run:
    def __init__(
        self,
        settings: SyncOptions,
        client: CentraClient,
        sources: list[Source],
        *,
        full: bool,
        progress: Progress | None,
    ) -> None:
        self.settings, self.client, self.sources = settings, client, sources
        self.progress = progress
        self.warehouse = open_warehouse(settings)
        self.state: dict[str, Any] = {}
        self.counts_before: dict[str, int] = {}
        missing: list[str] = []  # history tables switched on, not made yet
        # A new file holds no rows and no state: nothing is read from it, so its pipeline opens
        # meanwhile (``Warehouse.new``) and the first requests go out without waiting for it.
        if not self.warehouse.new:
            try:
                missing = self._read_held(full=full)
            except BaseException:
                self.warehouse.close()  # release its lock: no run follows
                raise
        self.pending: list[Any] = []
        self.pending_cursors: dict[str, Any] = {}
        self.queued: Counter[str] = Counter()  # rows queued per table in this run
        # Keys each source's events named in this run: what a polled change is checked against.
        self.announced: dict[str, set[int]] = defaultdict(set)
        backfilled = set(self.state.get("backfilled", ()))
        begun = [s for s in sources if s.name in self.state]
        mode = "incremental"
        if not begun:
            mode = "full"
        elif any(isinstance(s.paginator, Keyset) and s.name not in backfilled for s in begun):
            mode = "resumed"
        self.report = SyncReport(mode=mode, since=None, destination=self.warehouse.where)
        self.on_batch: Callable[[BatchReport], None] | None = None
        self.polled: set[str] = set()  # sources polled this run: same-second reads tracked
        self.following = False  # in ``follow``: the file is closed between batches
        if missing:  # created by the next load, which this makes sure happens; its tidy fills them
            self.remember(histories=missing)

    def _read_held(self, *, full: bool) -> list[str]:
        """The cursors as the warehouse's rows prove them, the rows held per table; returns
        the history tables switched on but not made yet."""
        if full:
            self.warehouse.reset()
        self.state = self.warehouse.state
        for source in self.sources:
            if source.stamped:
                mark = self.warehouse.watermark(source.table_defs[0], self.settings.overlap_seconds)
                if mark is None:
                    self.state.pop(source.name, None)
                    self.state.pop(_children_state(source), None)
                else:
                    self.state[source.name] = {"cursor": mark[0], "boundary": mark[1]}
            elif isinstance(source.paginator, Relay):
                # An opaque relay cursor is kept only if the rows it stands for are there.
                held = self.warehouse.max_key(source.table_defs[0])
                if self.state.get(source.name, {}).get("max_id") != held:
                    self.state.pop(source.name, None)
        self.counts_before = self.warehouse.row_counts()
        return self.warehouse.missing_histories()

    # -- loading ----------------------------------------------------------------------------
    # Loads are queued and committed together: each ``pipeline.run`` costs a fixed fraction of a
    # second, so small tables ride along with the next chunk of orders.

    def load(
        self, source: Source, items: list[dict[str, Any]], cursor: dict[str, Any] | None = None
    ) -> None:
        synced_at = datetime.now(UTC)
        batches = [(t, self.warehouse.arrow(t, items, synced_at)) for t in source.table_defs]
        cursors: dict[str, Any] = {} if cursor is None else {source.name: cursor}
        if source.name in self.polled:
            cursors[_unsettled_state(source)] = self._unsettled_after(source, items)
        self.queue(batches, cursors)

    def _unsettled_after(self, source: Source, items: list[dict[str, Any]]) -> list[int]:
        """Keys whose last read came in the second they (or a child) changed: timestamps have
        whole seconds, so a second change in that second would look like no change at all.
        Polling reads them again once that second is over (``settle``)."""
        keys = set(self.state.get(_unsettled_state(source), ()))
        for item in items:
            read = item.get(READ_AT)
            if read is not None and _newest_stamp(source, item) >= read:
                keys.add(int(item[source.key]))
            else:
                keys.discard(int(item[source.key]))
        return sorted(keys)

    def settle(self, source: Source) -> None:
        """Read again what was read in the second it changed (see ``_unsettled_after``)."""
        keys = list(self.state.get(_unsettled_state(source), ()))
        if not keys:
            return
        items = src.fetch_keys(self.client, source, keys)
        self.load(source, items, self.advanced(source, items))
        gone = set(keys) - {int(i[source.key]) for i in items}
        if gone:  # deleted meanwhile: nothing left to settle
            left = [k for k in self.state[_unsettled_state(source)] if k not in gone]
            self.remember(**{_unsettled_state(source): left})

    def queue(self, batches: list[Any], cursors: dict[str, Any]) -> None:
        self.pending += batches
        self.queued.update({table.name: data.num_rows for table, data in batches})
        self.pending_cursors.update(cursors)
        self.state.update(cursors)

    def note(self, text: str) -> None:
        """Something the user should know about this run: in the report (shown once)."""
        self.report.notes.append(text)
        logger.info(text)

    def remember(self, **values: Any) -> None:
        """Run-level facts (listeners set, events trusted), committed with the next load."""
        self.queue([], values)

    def flush(self, *, tidy: bool = True) -> None:
        """Commit what is queued; ``tidy`` (stale children, history) unless more follows soon."""
        if self.pending or self.pending_cursors:
            batches = _newest_per_key(self.pending)
            self.warehouse.load(batches, self.pending_cursors)
            for table, data in batches:
                count = self.report.tables.get(table.name, 0) + data.num_rows
                self.report.tables[table.name] = count
            self.pending, self.pending_cursors = [], {}
            collect_young()  # what the load left (see ``_collector``)
        if tidy:
            self.warehouse.tidy()

    # -- polling ----------------------------------------------------------------------------

    def since(self, source: Source, *, exact: bool) -> datetime | None:
        cursor = self.state.get(source.name, {}).get("cursor")
        if cursor is None:
            return None
        # With working events only what lies at or beyond the cursor is news (the boundary
        # tells what of the cursor's second is held); otherwise re-read an overlap to catch
        # writes that landed late.
        return _from_epoch(cursor if exact else cursor - self.settings.overlap_seconds)

    def poll_keyset(self, source: Source, since: datetime | None) -> set[int]:
        """Orders changed since ``since``; returns the keys that were news to the warehouse."""
        state = self.state.get(source.name, {})
        boundary: dict[str, int] = dict(state.get("boundary", {}))
        newest: int = state.get("cursor") or 0
        if since is None and _children_state(source) not in self.state and source.name in CHILDREN:
            # A backfill: children changed from now on are found from where their stamps stand.
            # Without the permissions for it the orders' own query fails next, naming them.
            with contextlib.suppress(PermissionDeniedError):
                stamps = src.newest_child_stamps(self.client)
                self.queue([], {_children_state(source): _children_start(stamps)})
        tail = -1  # pages read when the last chunk but one ends (unknown: -1)
        if self.progress is not None or since is None:
            total = src.count_keyset(self.client, since)
            if self.progress is not None:
                self.progress.start(total)
            tail = -(-total // self.settings.page_size) - TAIL_PAGES
        changed: set[int] = set()
        unsaved = False  # pages queued since the last commit
        pages = src.prefetched(
            src.stamped_pages(self.client, source, since, self.settings.page_size)
        )
        for number, (page, last) in enumerate(_marking_last(pages), start=1):
            read = number - 1
            if (
                page
                and unsaved
                and not last
                and (read % self.settings.chunk_pages == 0 or read == tail)
            ):
                # A chunk is read and more follows: committed, so an interrupted backfill
                # resumes after it. The last chunk waits for the run's final commit, which
                # nothing overlaps: so the chunk before it ends a few pages before the end the
                # count foresees, and its load overlaps with fetching them.
                self.queue([], {source.name: self._keyset_cursor(newest, boundary)})
                self.flush(tidy=False)
                if read == tail:
                    self.warehouse.checkpoint()
                unsaved = False
            fresh = []
            for item in page:
                updated = _stamp(item)
                if boundary.get(str(item[source.key])) != updated:
                    fresh.append(item)
                    boundary[str(item[source.key])] = updated
                    newest = max(newest, updated)
            if fresh:
                # Made into rows now, while the next pages are fetched. A key read twice in one
                # load keeps its last read (``_newest_per_key``); the first read's children
                # are older than their parent's row and go with the next tidy.
                self.load(source, fresh)
                changed |= {int(item[source.key]) for item in fresh}
                unsaved = True
            if self.progress is not None:
                self.progress.advance(len(page), sum(len(o["lines"]) for o in fresh))
        if unsaved or not state:  # (a first read of nothing: its tables are made, empty)
            self.load(source, [], self._keyset_cursor(newest, boundary))
        if source.name not in self.state.get("backfilled", ()):
            self.remember(backfilled=sorted({*self.state.get("backfilled", ()), source.name}))
        return changed

    def _keyset_cursor(self, newest: int, boundary: dict[str, int]) -> dict[str, Any]:
        # Only entries inside the overlap can be re-read: keep the boundary small.
        floor = newest - self.settings.overlap_seconds
        return {"cursor": newest, "boundary": {k: v for k, v in boundary.items() if v >= floor}}

    def poll_children(self, source: Source, *, exact: bool) -> set[int]:
        """Parents whose children (shipments, returns) changed without the parent's stamp
        moving: fetched again whole. Returns their keys."""
        state = self.state.get(_children_state(source))
        if source.name not in CHILDREN or state is None:
            return set()
        parents: set[int] = set()
        advanced: dict[str, Any] = {}
        for children in CHILDREN[source.name]:
            cursor = state.get(children.name, {})
            since = self._child_since(cursor, exact)
            pages = src.stamped_pages(self.client, children, since, self.settings.page_size)
            found = [child for page in pages for child in page]
            # News is a child whose stamp the warehouse does not hold (however it got there:
            # an events batch may have loaded it since the last poll).
            held = self.held_stamps(TABLES[children.name], [c["id"] for c in found])
            fresh = [c for c in found if held.get(int(c["id"])) != _stamp(c)]
            parents |= {int(c["order"]["number"]) for c in fresh}
            newest = max([cursor.get("cursor") or 0, *(_stamp(c) for c in found)])
            advanced[children.name] = {"cursor": newest}
        # Parents already read in this run are read again: their children moved after that.
        if parents:
            items = src.fetch_keys(self.client, source, sorted(parents))
            self.load(source, items, self.advanced(source, items))
        if advanced != state:
            # Committed with the parents it vouches for: a kill never leaves it ahead of them.
            self.remember(**{_children_state(source): advanced})
        return parents

    def held_stamps(self, table: Table, keys: list[int]) -> dict[int, int]:
        """The stamps of these rows as the warehouse will hold them: committed, or queued
        for the next load (which counts as held: it commits with what vouches for it)."""
        held = self.warehouse.held_stamps(table, keys)
        wanted = set(keys)
        for queued, data in self.pending:
            if queued.name != table.name or not data.num_rows:
                continue
            ids = data.column(table.key[0]).to_pylist()
            stamps = data.column("updated_at").to_pylist()
            held.update(
                {
                    int(k): int(u.timestamp())
                    for k, u in zip(ids, stamps, strict=True)
                    if u is not None and int(k) in wanted
                }
            )
        return held

    def _child_since(self, cursor: dict[str, Any], exact: bool) -> datetime | None:
        if cursor.get("cursor") is None:
            return None
        return _from_epoch(cursor["cursor"] - (0 if exact else self.settings.overlap_seconds))

    def poll_changed(self, source: Source, since: datetime | None) -> set[int]:
        """Items changed since ``since``; returns the keys that were news to the warehouse."""
        boundary = self.state.get(source.name, {}).get("boundary", {})
        items: list[dict[str, Any]] = []
        for page in src.stamped_pages(self.client, source, since, self.settings.page_size):
            items += [i for i in page if boundary.get(str(i[source.key])) != _stamp(i)]
        if items or source.name not in self.state:
            self.load(source, items, self.advanced(source, items))
        return {int(i[source.key]) for i in items}

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

    def poll(self, source: Source, *, exact: bool) -> set[int]:
        """Read ``source`` by polling; returns the keys of the changed items it found. Exact is
        the events' proof; otherwise the source is polled for its changes, which includes
        reading again what was read in the second it changed."""
        match source.paginator:
            case Snapshot():
                self.poll_snapshot(source)
                return set()
            case Relay():
                self.poll_relay(source)
                return set()
            case Keyset():
                if not exact:
                    self.polled.add(source.name)
                found = self.poll_keyset(source, self.since(source, exact=exact))
                found |= self.poll_children(source, exact=exact)
            case Pages():
                if not exact:
                    self.polled.add(source.name)
                found = self.poll_changed(source, self.since(source, exact=exact))
        if not exact:
            self.settle(source)
        return found

    # -- events -----------------------------------------------------------------------------

    @property
    def object_types(self) -> frozenset[str]:
        return frozenset(t for s in self.sources for t in s.events)

    def handle(self, batch: EventBatch) -> None:
        """The warehouse's part of an events batch: re-read what changed, drop what was deleted."""
        self.report.events += len(batch.events)
        queued_before = Counter(self.queued)
        present = batch.object_types()
        for source in self.sources:
            if not present & set(source.events):
                continue
            if not source.stamped:
                self.poll(source, exact=True)
                continue
            keys = self._keys(source, batch)
            deleted = batch.deleted(source.events[0])
            self.announced[source.name] |= keys | deleted
            if keys:
                items = src.fetch_keys(self.client, source, sorted(keys))
                self.load(source, items, self.advanced(source, items))
            self.warehouse.delete(source.table_defs[0], deleted)
        self.flush()  # durable before the consumer confirms the batch
        if self.following:
            self.warehouse.release()  # others may open the file until the next batch
        if self.on_batch is not None:
            # What this batch queued: the same load may carry rows polled before it.
            loaded = dict(self.queued - queued_before)
            self.on_batch(BatchReport(len(batch.events), loaded))

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
        """``source``'s cursor moved past ``items``: the newest stamp, and the keys held at or
        near it, so that reading again from that second skips what is already held."""
        cursor = dict(self.state.get(source.name, {}))
        stamped = [i for i in items if i.get("updatedAt")]
        newest = max([cursor.get("cursor") or 0, *(_stamp(i) for i in stamped)])
        boundary = dict(cursor.get("boundary", {}))
        boundary.update({str(i[source.key]): _stamp(i) for i in stamped})
        return {**cursor, **self._keyset_cursor(newest, boundary)}

    # -- proving the events system ------------------------------------------------------------

    def prove(
        self, covered: list[Source], consumer: EventsConsumer, stop: Callable[[], bool]
    ) -> None:
        """Look beyond the cursors of the sources events vouch for. A change found there whose
        event is still queued (it came after the drain) is no evidence; one whose event never
        comes means the events system is off (or another process consumes this integration's
        events): snapshots are read again now, and later runs poll with overlap."""
        found = {s.name: self.poll(s, exact=True) for s in covered if s.stamped}
        unexplained = self._unexplained(found)
        for wait in _EVENT_GRACE:
            if not unexplained or stop():
                break
            pause(wait, stop)
            consumer.drain(stop)
            unexplained = self._unexplained(found)
        if not unexplained:
            return
        count = sum(len(keys) for keys in unexplained.values())
        logger.info(
            "Changed without an event: %s", {n: sorted(k)[:20] for n, k in unexplained.items()}
        )
        self.note(
            f"{count:,} change{'s' if count != 1 else ''} reached Centra without an event: "
            "the events system looks switched off for this integration (or another process "
            "consumes its events: Centra keeps one queue per integration name). Changes are "
            "found by polling updatedAt with overlap until events arrive again; ask Centra to "
            "enable the events system, and give each destination its own integration token."
        )
        self.remember(events_trusted=False, events_off=True)
        self.report.events_mode = "polling"
        for source in covered:
            if source.stamped:
                # Read near their change without events to vouch for a same-second change
                # after that read: polling reads them again.
                held = self.state.get(source.name, {}).get("boundary", {})
                self.remember(**{_unsettled_state(source): sorted(int(k) for k in held)})
        # The look beyond the cursors read every stamped source; what has no stamp is read again.
        for source in covered:
            if not source.stamped:
                self.poll(source, exact=False)

    def _unexplained(self, found: dict[str, set[int]]) -> dict[str, set[int]]:
        left = {name: keys - self.announced[name] for name, keys in found.items()}
        return {name: keys for name, keys in left.items() if keys}


# Centra writes an event with the change; the waits only allow for a queue that lags a little.
_EVENT_GRACE = (0.0, 1.0)


def _marking_last(pages: Iterator[list[dict[str, Any]]]) -> Iterator[tuple[list[Any], bool]]:
    """Each page, and whether it is the last (told as soon as the page after it arrives)."""
    held: list[Any] | None = None
    for page in pages:
        if held is not None:
            yield held, False
        held = page
    if held is not None:
        yield held, True


def _children_start(stamps: dict[str, datetime | None]) -> dict[str, Any]:
    return {name: {"cursor": _epoch(stamp) if stamp else 0} for name, stamp in stamps.items()}


def _newest_per_key(batches: list[tuple[Table, pa.Table]]) -> list[tuple[Table, pa.Table]]:
    """One Arrow table per warehouse table, holding the last row queued per key: dlt's merge
    keeps the first row of a key within one load, and the last read is the newest state."""
    import pyarrow as pa

    grouped: dict[str, list[tuple[Table, pa.Table]]] = defaultdict(list)
    for table, data in batches:
        grouped[table.name].append((table, data))
    merged: list[tuple[Table, pa.Table]] = []
    for parts in grouped.values():
        table = parts[0][0]
        data = pa.concat_tables([d for _, d in parts], promote_options="permissive")
        if data.num_rows > 1:
            data = _last_per_key(data, list(table.key))
        merged.append((table, data))
    return merged


def _last_per_key(data: pa.Table, key: list[str]) -> pa.Table:
    import pyarrow as pa

    if len(key) == 1:
        import pyarrow.compute as pc

        if pc.count_distinct(data[key[0]]).as_py() == data.num_rows:
            return data  # the usual case: nothing read twice
    positions = pa.array(range(data.num_rows), pa.int64())
    last = (
        data.select(key)
        .append_column("_position", positions)
        .group_by(key, use_threads=False)
        .aggregate([("_position", "max")])
        .column("_position_max")
    )
    return data.take(last)


def sync(
    settings: SyncOptions,
    client: CentraClient,
    *,
    full: bool = False,
    progress: Progress | None = None,
    follow: bool = False,
    should_stop: Callable[[], bool] = lambda: False,
    on_batch: Callable[[BatchReport], None] | None = None,
    take_over_events: bool = False,
    handlers: Sequence[Handler] = (),
) -> SyncReport:
    """Load the configured tables: everything the first time (or with ``full``), then changes.
    With ``follow``, keep consuming events until ``should_stop``; ``on_batch`` hears of each.
    ``take_over_events`` moves this integration's events queue to this warehouse when another
    warehouse consumed it (see ``claim_events_queue``). ``handlers`` get every events batch
    after the warehouse loaded it, on the same consumer (another feature's part of the batch);
    a batch is confirmed only when all of them returned."""
    with CollectorPaused() as collector:
        started = time.monotonic()
        requests_before = client.requests_sent
        paced_before = client.budget.waited if client.budget else 0.0
        sources = selected_sources(settings.tables)
        run = _Run(settings, client, sources, full=full, progress=progress)
        run.on_batch = on_batch
        try:
            report = run.report
            consumer = EventsConsumer(client, [run, *handlers])
            listened = _listen(run, consumer)
            if listened is not None:
                warehouse = run.warehouse
                claim_events_queue(
                    settings,
                    client.integration_key,
                    warehouse.identity,
                    warehouse.where,
                    take_over=take_over_events,
                )
            events_off = bool(run.state.get("events_off"))
            trusted = (
                listened is not None and bool(run.state.get("events_trusted")) and not events_off
            )
            covered = [
                s
                for s in sources
                if trusted and s.name in run.state and set(s.events) <= (listened or set())
            ]
            if listened is None or events_off:
                report.events_mode = "polling"
            if report.mode != "full" and SOURCES["orders"] in sources:
                report.since = run.since(SOURCES["orders"], exact=SOURCES["orders"] in covered)
            for source in sources:
                if source not in covered:
                    run.poll(source, exact=False)
                elif run.state.get(_unsettled_state(source)):
                    run.remember(**{_unsettled_state(source): []})  # events vouch for them now
            if listened is not None:
                _use_events(run, consumer, covered, should_stop, was_off=events_off)
            # What polling and the proof found: one load (events batches load their own).
            run.flush()
            if follow:
                run.following = True
                run.warehouse.release()
                collector.resume()  # following runs for hours: collect as usual
                consumer.follow(should_stop, interval=settings.follow_interval)
            report.deleted = dict(run.warehouse.deleted)
            for name, count in run.warehouse.row_counts().items():
                # New rows: held now, less those held before, plus those deleted meanwhile.
                new = count - run.counts_before.get(name, 0) + report.deleted.get(name, 0)
                if new:
                    report.inserted[name] = new
            report.requests = client.requests_sent - requests_before
            report.paced_seconds = (client.budget.waited if client.budget else 0.0) - paced_before
            report.seconds = time.monotonic() - started
        finally:
            run.warehouse.close()  # the warehouse's lock goes with the run
        return report


def _use_events(
    run: _Run,
    consumer: EventsConsumer,
    covered: list[Source],
    should_stop: Callable[[], bool],
    *,
    was_off: bool,
) -> None:
    """Drain the events, prove the sources they vouch for, and note what that showed."""
    drained = consumer.drain(should_stop)
    if was_off and drained:
        run.note(
            f"Centra's events system delivers again ({drained:,} events): the next runs "
            "use it instead of polling."
        )
        run.remember(events_off=False)
    run.prove(covered, consumer, should_stop)
    if not run.state.get("events_off") and not run.state.get("events_trusted"):
        run.remember(events_trusted=True)


def _listen(run: _Run, consumer: EventsConsumer) -> set[str] | None:
    """The object types that already had a listener (their changes since the last run are
    queued); sets the missing ones. None when the token may not use events."""
    wanted = consumer.object_types
    try:
        had = consumer.ensure_listeners()
    except PermissionDeniedError as exc:
        needed = sorted({*exc.missing, "Event:read", "Event:write"})
        run.note(
            f"The token lacks {', '.join(exc.missing)} (Centra's events system needs "
            f"{' and '.join(needed)}): changes are found by polling updatedAt with overlap "
            "instead, which costs more requests."
        )
        return None
    gone = set(run.state.get("listeners") or ()) & wanted - had  # ours before, not now
    if gone:
        missing = ", ".join(sorted(gone))
        run.note(
            f"The event listeners for {missing} were gone (removed, or a new shop at this "
            "address): changes since the last run are found by polling this once."
        )
    if run.state.get("listeners") != sorted(wanted | had):
        run.remember(listeners=sorted(wanted | had))
    return had
