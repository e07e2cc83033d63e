"""``centra-bridge sync``: load orders into the warehouse, with a progress bar."""

from __future__ import annotations

from types import TracebackType
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
from centra_bridge.client import CentraClient
from centra_bridge.config import Settings, load_settings
from centra_bridge.sync import SyncReport, sync_orders


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
    rows = ", ".join(
        f"{count:,} {table.replace('_', ' ')}" for table, count in report.tables.items()
    )
    if report.mode == "full":
        head = "Full sync"
    else:
        since = report.since.isoformat(timespec="seconds") if report.since else "the start"
        head = f"Incremental sync (changes since {since})"
    return (
        f"{head}: loaded {rows} in {report.seconds:.1f}s with {report.requests} requests "
        f"into {report.destination}"
    )


def run_sync(settings: Settings, *, full: bool) -> SyncReport:
    with (
        CentraClient(settings.endpoint, settings.token, timeout=settings.timeout) as client,
        BarProgress() as progress,
    ):
        report = sync_orders(settings, client, full=full, progress=progress)
    console.print(describe(report))
    return report


@app.command()
def sync(
    endpoint: EndpointOption = None,
    token: TokenOption = None,
    duckdb_path: DuckdbOption = None,
    full: Annotated[
        bool, typer.Option("--full", help="Reload everything instead of changes since last run.")
    ] = False,
) -> None:
    """Load orders and order lines into DuckDB: everything the first time, then changes."""
    settings = load_settings(state.config, endpoint=endpoint, token=token, duckdb_path=duckdb_path)
    run_sync(settings, full=full)
