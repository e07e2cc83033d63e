"""``centra-bridge sync``: load Centra into the warehouse, with a progress bar and a summary."""

from __future__ import annotations

import signal
from types import FrameType, TracebackType
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from centra_bridge.cli._app import DuckdbOption, EndpointOption, TokenOption, app, console, state
from centra_bridge.config import Settings, load_settings
from centra_bridge.sync import SyncReport
from centra_bridge.sync import sync as run_sources


class BarProgress:
    """Shows pages and rows as the sync reads them (a rich bar on a terminal, quiet otherwise)."""

    def __init__(self) -> None:
        self._bar = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("orders · {task.fields[pages]} pages · {task.fields[lines]} lines"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self._task: TaskID | None = None

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
        self._task = self._bar.add_task("Syncing orders", total=total, pages=0, lines=0)

    def advance(self, orders: int, lines: int) -> None:
        if self._task is None:
            return
        task = self._bar.tasks[self._task]
        self._bar.update(
            self._task,
            advance=orders,
            pages=task.fields["pages"] + 1,
            lines=task.fields["lines"] + lines,
        )


def describe(report: SyncReport) -> str:
    if report.mode == "full":
        head = "Full sync"
    else:
        since = report.since.isoformat(timespec="seconds") if report.since else "the cursors"
        head = f"Incremental sync (changes since {since})"
    events = f", {report.events:,} events" if report.events else ""
    paced = (
        f" ({report.paced_seconds:.1f}s of it waiting for the rate budget)"
        if report.paced_seconds >= 0.1
        else ""
    )
    return (
        f"{head}: {sum(report.tables.values()):,} rows loaded in {report.seconds:.1f}s{paced} "
        f"with {report.requests} requests{events} into {report.destination}"
    )


def print_summary(report: SyncReport) -> None:
    console.print(describe(report))
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
        console.print(f"[yellow]Note:[/] {note}")


class _Interrupt:
    """Ctrl-C asks the sync to stop after the current batch; a second Ctrl-C stops at once."""

    def __init__(self) -> None:
        self.asked = False

    def __call__(self, _signum: int, _frame: FrameType | None) -> None:
        if self.asked:
            raise KeyboardInterrupt
        self.asked = True
        console.print("Stopping after the current batch (Ctrl-C again to stop now)...")


def run_sync(settings: Settings, *, full: bool, follow: bool = False) -> SyncReport:
    interrupt = _Interrupt()
    previous = signal.signal(signal.SIGINT, interrupt) if follow else None
    try:
        with (
            settings.client() as client,
            BarProgress() as progress,
        ):
            if follow:
                console.print("Following Centra's events; Ctrl-C stops after the current batch.")
            report = run_sources(
                settings,
                client,
                full=full,
                progress=progress,
                follow=follow,
                should_stop=lambda: interrupt.asked,
            )
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
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
    tables: Annotated[
        str | None,
        typer.Option(help="Comma-separated tables (default: all) [env CENTRA_BRIDGE_TABLES]"),
    ] = None,
    destination: Annotated[
        str | None,
        typer.Option(
            help="postgresql://user@host/db, duckdb:///file, or a dlt destination name "
            "[env CENTRA_BRIDGE_DESTINATION]",
            show_default=False,
        ),
    ] = None,
    follow: Annotated[
        bool, typer.Option("--follow", help="Keep consuming events until Ctrl-C.")
    ] = False,
    history: Annotated[
        str | None,
        typer.Option(
            help="Keep valid-from/valid-to history of: orders,stock [env CENTRA_BRIDGE_HISTORY]"
        ),
    ] = None,
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
    run_sync(settings, full=full, follow=follow)


@app.command()
def reconcile(
    endpoint: EndpointOption = None,
    token: TokenOption = None,
    duckdb_path: DuckdbOption = None,
    destination: Annotated[
        str | None, typer.Option(help="As for sync.", show_default=False)
    ] = None,
    repair: Annotated[
        bool, typer.Option("--repair/--report-only", help="Fix the differences found.")
    ] = True,
) -> None:
    """Compare orders per day, store and status, products and customers per day (count and
    updatedAt checksum) with Centra and repair what differs. The safety net for purged event
    queues and abandoned webhooks."""
    from rich.table import Table as RichTable

    from centra_bridge.sync import reconcile as run_reconcile

    settings = load_settings(
        state.config,
        endpoint=endpoint,
        token=token,
        duckdb_path=duckdb_path,
        destination=destination,
    )
    with settings.client() as client:
        report = run_reconcile(settings, client, repair=repair)
    if not report.differing:
        console.print(
            f"Warehouse matches Centra: {report.groups:,} groups (table, day, store, status) "
            f"compared with {report.requests} requests."
        )
        return
    table = RichTable(title=f"{len(report.differing)} of {report.groups:,} groups differ")
    for column in ("Table", "Day", "Store", "Status", "In Centra", "In the warehouse"):
        table.add_column(column)
    for diff in report.differing[:50]:
        day, store, status = diff.group
        table.add_row(
            diff.table,
            day,
            str(store or ""),
            status,
            str(diff.centra[0]),
            str(diff.warehouse[0]),
        )
    console.print(table)
    if repair:
        console.print(
            f"Repaired: {report.refetched:,} fetched again, {report.deleted:,} deleted "
            f"({report.requests} requests)."
        )
    else:
        console.print("Run without --report-only to repair.")
