"""``centra-bridge sync``: load Centra into the warehouse, with a progress bar and a summary."""

from __future__ import annotations

import contextlib
import signal
from dataclasses import asdict
from datetime import datetime
from types import FrameType, TracebackType
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from centra_bridge.cli._common import (
    DuckdbOption,
    EndpointOption,
    JsonOption,
    TablesOption,
    TokenOption,
    app,
    console,
    plural,
    print_json,
    state,
)
from centra_bridge.config import Settings, load_settings
from centra_bridge.sync import BatchReport, ReconcileReport, SyncReport
from centra_bridge.sync import sync as run_sources


class BarProgress:
    """Shows pages and rows as the sync reads them (a rich bar on a terminal, quiet otherwise)."""

    def __init__(self) -> None:
        self._bar = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.completed:,.0f}/{task.total:,.0f} orders · {task.fields[detail]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self._task: TaskID | None = None
        self._pages = self._lines = 0

    def __enter__(self) -> BarProgress:
        self._bar.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._bar.stop()

    def start(self, total: int) -> None:
        self._pages = self._lines = 0
        self._task = self._bar.add_task("Syncing orders", total=total, detail=self._detail())

    def _detail(self) -> str:
        return f"{plural(self._pages, 'page')} · {plural(self._lines, 'line')}"

    def advance(self, orders: int, lines: int) -> None:
        if self._task is None:
            return
        self._pages += 1
        self._lines += lines
        self._bar.update(self._task, advance=orders, detail=self._detail())


def describe(report: SyncReport) -> str:
    if report.mode == "full":
        head = "Full sync"
    elif report.mode == "resumed":
        head = "Backfill resumed"
    else:
        since = report.since.isoformat(timespec="seconds") if report.since else "the cursors"
        head = f"Incremental sync (changes since {since})"
    events = f", {plural(report.events, 'event')}" if report.events else ""
    paced = (
        f" ({report.paced_seconds:.1f}s of it waiting for the rate budget)"
        if report.paced_seconds >= 0.1
        else ""
    )
    return (
        f"{head}: {plural(sum(report.tables.values()), 'row')} loaded in {report.seconds:.1f}s"
        f"{paced} with {plural(report.requests, 'request')}{events} into {report.destination}"
    )


def print_summary(report: SyncReport) -> None:
    console.print(escape(describe(report)))
    rows = []
    for name in sorted(set(report.tables) | set(report.inserted) | set(report.deleted)):
        inserted = report.inserted.get(name, 0)
        # A row written twice in one run counts as an update the second time.
        updated = max(0, report.tables.get(name, 0) - inserted)
        counts = [
            (inserted, "inserted"),
            (updated, "updated"),
            (report.deleted.get(name, 0), "deleted"),
        ]
        if any(count for count, _ in counts):
            rows.append(f"  {name}: " + ", ".join(f"{count:,} {what}" for count, what in counts))
    if rows:
        console.print("\n".join(rows))
    for note in report.notes:
        console.print(f"[yellow]Note:[/] {escape(note)}")


class _Interrupt:
    """Ctrl-C asks the sync to stop after the current batch; a second Ctrl-C stops at once."""

    def __init__(self) -> None:
        self.asked = False

    def __call__(self, _signum: int, _frame: FrameType | None) -> None:
        if self.asked:
            raise KeyboardInterrupt
        self.asked = True
        console.print("Stopping after the current batch (Ctrl-C again to stop now)...")


def _print_batch(batch: BatchReport) -> None:
    """One line per events batch while following, so a user sees the changes arrive."""
    loaded = ", ".join(f"{name} {count:,}" for name, count in sorted(batch.tables.items()))
    noun = "event" if batch.events == 1 else "events"
    at = datetime.now().astimezone()
    console.print(f"{at:%H:%M:%S} {batch.events:,} {noun}: {loaded or 'nothing to load'}")


def run_sync(
    settings: Settings,
    *,
    full: bool,
    follow: bool = False,
    take_over_events: bool = False,
    quiet: bool = False,
) -> SyncReport:
    """The sync with a progress bar and a summary (none of it when ``quiet``)."""
    interrupt = _Interrupt()
    previous = signal.signal(signal.SIGINT, interrupt) if follow else None
    try:
        with (
            settings.client() as client,
            contextlib.nullcontext() if quiet else BarProgress() as progress,
        ):
            if follow and not quiet:
                console.print("Following Centra's events; Ctrl-C stops after the current batch.")
            report = run_sources(
                settings,
                client,
                full=full,
                progress=progress,
                follow=follow,
                should_stop=lambda: interrupt.asked,
                on_batch=_print_batch if follow and not quiet else None,
                take_over_events=take_over_events,
            )
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
    if not quiet:
        print_summary(report)
    return report


@app.command()
def sync(
    endpoint: EndpointOption = None,
    token: TokenOption = None,
    duckdb_path: DuckdbOption = None,
    full: Annotated[
        bool, typer.Option("--full", help="Reload everything instead of changes since last run.")
    ] = False,
    tables: TablesOption = None,
    destination: Annotated[
        str | None,
        typer.Option(
            help="postgresql://user@host/db, duckdb:///file, or a dlt destination name "
            "\\[env CENTRA_BRIDGE_DESTINATION]",
            show_default=False,
        ),
    ] = None,
    follow: Annotated[
        bool, typer.Option("--follow", help="Keep consuming events until Ctrl-C.")
    ] = False,
    history: Annotated[
        str | None,
        typer.Option(
            help="Keep valid-from/valid-to history of: orders,stock \\[env CENTRA_BRIDGE_HISTORY]",
            show_default=False,
        ),
    ] = None,
    take_over_events: Annotated[
        bool,
        typer.Option(
            "--take-over-events",
            help="Consume this token's events queue into this warehouse although another "
            "warehouse did (Centra keeps one queue per integration).",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Load Centra into the warehouse: everything the first time, then changes."""
    settings = load_settings(
        state.config,
        endpoint=endpoint,
        token=token,
        duckdb_path=duckdb_path,
        tables=tables,
        destination=destination,
        history=history,
    )
    report = run_sync(
        settings, full=full, follow=follow, take_over_events=take_over_events, quiet=as_json
    )
    if as_json:
        print_json(asdict(report))


@app.command()
def reconcile(
    endpoint: EndpointOption = None,
    token: TokenOption = None,
    duckdb_path: DuckdbOption = None,
    tables: TablesOption = None,
    destination: Annotated[
        str | None, typer.Option(help="As for sync.", show_default=False)
    ] = None,
    repair: Annotated[
        bool,
        typer.Option(
            "--repair/--report-only",
            help="Fetch differing items again and delete rows Centra no longer has; by "
            "default only report what differs and what a repair would do.",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Compare the warehouse with Centra and report what differs; --repair fixes it.

    Orders per day, store and status, products and customers per day (count and updatedAt
    checksum), stock per warehouse (count and quantities checksum): the safety net for purged
    event queues and abandoned webhooks. Exits with 1 when differences remain (in report mode).
    """
    from centra_bridge.sync import reconcile as run_reconcile

    settings = load_settings(
        state.config,
        endpoint=endpoint,
        token=token,
        duckdb_path=duckdb_path,
        tables=tables,
        destination=destination,
    )
    with settings.client() as client:
        report = run_reconcile(settings, client, repair=repair)
    if as_json:
        print_json(asdict(report))
    else:
        print_reconcile(report)
    if report.differing and not report.repaired:
        raise typer.Exit(1)


def print_reconcile(report: ReconcileReport) -> None:
    if report.skipped:
        console.print(
            f"[yellow]Note:[/] not in the warehouse yet, so not compared: "
            f"{', '.join(report.skipped)} (run `centra-bridge sync` for them)."
        )
    compared = ", ".join(report.compared)
    if not report.differing:
        console.print(
            f"Warehouse matches Centra: {plural(report.groups, 'group')} of {compared} compared "
            f"with {plural(report.requests, 'request')}."
        )
        return
    table = Table(
        title=f"{len(report.differing):,} of {plural(report.groups, 'group')} differ ({compared})"
    )
    for column in ("Table", "Group", "In Centra", "In the warehouse", "Difference"):
        table.add_column(column)
    for diff in report.differing[:50]:
        (theirs, _), (ours, _) = diff.centra, diff.warehouse
        if theirs == ours:
            what = "same count, changed"
        else:
            what = f"{abs(theirs - ours):,} {'missing' if theirs > ours else 'extra'}"
        table.add_row(diff.table, diff.label, f"{theirs:,}", f"{ours:,}", what)
    console.print(table)
    if len(report.differing) > 50:
        console.print(f"... and {len(report.differing) - 50:,} more groups.")
    if report.repaired:
        console.print(
            f"Repaired: {plural(report.refetched, 'item')} fetched again and loaded, "
            f"{plural(report.deleted, 'row')} that Centra no longer has deleted "
            f"({plural(report.requests, 'request')})."
        )
    else:
        console.print(
            f"Run with --repair to fetch {plural(report.to_fetch, 'item')} again and delete "
            f"{plural(report.to_delete, 'row')} Centra no longer has."
        )
