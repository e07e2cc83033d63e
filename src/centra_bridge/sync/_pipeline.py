"""Loading orders into the warehouse with dlt, full or incremental.

The cursor (the newest ``updatedAt`` loaded) lives in dlt's resource state, which dlt commits
with the rows themselves: a run that dies before loading leaves the previous cursor in place.
An incremental run re-reads ``overlap_seconds`` before the cursor (to catch late writes) and
drops the re-read orders it already holds at the same ``updatedAt``, so its counts are the
orders that really changed.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from centra_bridge.client import CentraClient
from centra_bridge.config import Settings
from centra_bridge.errors import CentraBridgeError, SyncError
from centra_bridge.sync._orders import (
    count_orders,
    epoch,
    from_epoch,
    iter_order_pages,
    order_lines_table,
    orders_table,
    parse_timestamp,
    utc_now,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

DATASET = "centra"


class Progress(Protocol):
    """What the sync tells whoever shows progress (the CLI's rich bar)."""

    def start(self, total: int) -> None: ...
    def advance(self, orders: int, lines: int) -> None: ...


@dataclass(slots=True)
class SyncReport:
    mode: str  # "full" or "incremental"
    since: datetime | None
    tables: dict[str, int] = field(default_factory=dict)  # rows loaded per table
    requests: int = 0
    seconds: float = 0.0
    destination: str = ""


def _quiet_dlt() -> None:
    # No telemetry from a user's machine, and dlt's own log lines only when they matter.
    os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")
    os.environ.setdefault("RUNTIME__LOG_LEVEL", "WARNING")


def _pipeline(settings: Settings) -> Any:
    _quiet_dlt()
    import dlt

    path = settings.duckdb_path.resolve()
    # One pipeline (and one cursor) per warehouse file.
    name = "centra_bridge_" + hashlib.sha256(str(path).encode()).hexdigest()[:10]
    return dlt.pipeline(
        pipeline_name=name,
        destination=dlt.destinations.duckdb(str(path)),
        dataset_name=DATASET,
        pipelines_dir=str(settings.state_dir.resolve() / "pipelines"),
    )


def _cause(exc: BaseException) -> CentraBridgeError | None:
    """Our own error inside dlt's wrapping, if there is one."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, CentraBridgeError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def sync_orders(
    settings: Settings,
    client: CentraClient,
    *,
    full: bool = False,
    progress: Progress | None = None,
) -> SyncReport:
    """Load orders and order lines changed since the last run (all of them when ``full``)."""
    import dlt

    started = time.monotonic()
    requests_before = client.requests_sent
    pipeline = _pipeline(settings)
    if not settings.duckdb_path.exists():
        pipeline.drop()  # the warehouse is gone: a cursor from before would skip everything
        pipeline = _pipeline(settings)
        full = True
    overlap = settings.overlap_seconds
    report = SyncReport(mode="full", since=None, destination=str(settings.duckdb_path))
    report.tables = {"orders": 0, "order_lines": 0}

    @dlt.resource(name="orders", primary_key="number", write_disposition="merge")
    def orders() -> Iterator[Any]:
        state = dlt.current.resource_state()
        cursor: int | None = None if full else state.get("cursor")
        boundary: dict[str, int] = {} if full else dict(state.get("boundary", {}))
        since = from_epoch(cursor - overlap) if cursor is not None else None
        report.mode, report.since = ("incremental", since) if since else ("full", None)
        if progress is not None:
            progress.start(count_orders(client, since))
        synced_at = utc_now()
        newest = cursor or 0
        lines_hints = dlt.mark.make_hints(
            table_name="order_lines", primary_key="id", write_disposition="merge"
        )
        for page in iter_order_pages(client, since=since, page_size=settings.page_size):
            changed = []
            for order in page:
                updated = epoch(parse_timestamp(order["updatedAt"]))
                if boundary.get(str(order["number"])) != updated:
                    changed.append(order)
                    boundary[str(order["number"])] = updated
                    newest = max(newest, updated)
            lines = order_lines_table(changed, synced_at)
            report.tables["orders"] += len(changed)
            report.tables["order_lines"] += lines.num_rows
            if progress is not None:
                progress.advance(len(page), lines.num_rows)
            if changed:
                yield orders_table(changed, synced_at)
                yield dlt.mark.with_hints(lines, lines_hints, create_table_variant=True)
            # Pages come in updatedAt order, so older entries can no longer match: keep it small.
            boundary = {k: v for k, v in boundary.items() if v >= newest - overlap}
        state["cursor"] = newest
        state["boundary"] = boundary

    try:
        pipeline.run(orders())
    except Exception as exc:
        cause = _cause(exc)
        if cause is not None:
            # dlt's wrapper already chains to our error; chaining back would make a cycle.
            raise cause from None
        msg = f"Loading into {settings.duckdb_path} failed: {exc}"
        raise SyncError(
            msg,
            hint="Check that no other process holds the DuckDB file open, then retry.",
        ) from exc
    report.requests = client.requests_sent - requests_before
    report.seconds = time.monotonic() - started
    return report
