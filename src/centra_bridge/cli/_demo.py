"""``centra-bridge demo``: the main job end to end against a seeded local emulator."""

from __future__ import annotations

import time
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from centra_bridge.cli._check import readiness_data, render_readiness
from centra_bridge.cli._common import JsonOption, app, console, print_json
from centra_bridge.cli._report import write_report
from centra_bridge.cli._sync import run_sync
from centra_bridge.config import Settings
from centra_bridge.readiness import readiness
from centra_bridge.sync import WarehouseSummary, summarise
from centra_bridge.warehouse import DATASET, Reader

if TYPE_CHECKING:
    from centra_bridge.emulator import Shop


def print_summary(summary: WarehouseSummary) -> None:
    counts = Table(title="Rows per table")
    counts.add_column("Table")
    counts.add_column("Rows", justify="right")
    for table, rows in summary.rows.items():
        counts.add_row(table, f"{rows:,}")
    console.print(counts)
    revenue = Table(title="Revenue per market (orders not cancelled)")
    for name in ("Market", "Currency", "Orders", "Revenue", "Revenue in EUR"):
        revenue.add_column(name, justify="left" if name in ("Market", "Currency") else "right")
    for market in summary.revenue:
        revenue.add_row(
            market.market,
            market.currency,
            f"{market.orders:,}",
            f"{market.revenue:,.2f}",
            f"{market.revenue_base:,.2f}",
        )
    console.print(revenue)


# The demo's integration name: its event listeners and queue live in the saved shop, so each run
# reads the changes since the last through the same queue.
DEMO_INTEGRATION = "centra-bridge-demo"


def restore_shop(path: Path, *, seed: int, orders: int) -> Shop | None:
    """The demo shop saved beside the warehouse by the last run, or None (saying why) when there
    is none this run can use: then a fresh one is seeded."""
    from centra_bridge.emulator import ShopFileError, load_shop, seed_tag

    if not path.exists():
        return None
    try:
        return load_shop(path, tag=seed_tag(seed, orders))
    except ShopFileError as exc:
        console.print(
            f"[yellow]Note:[/] could not restore the demo shop from {escape(str(path))}: "
            f"{escape(str(exc))}. Starting a fresh shop."
        )
        return None


@app.command()
def demo(
    orders: Annotated[int, typer.Option(min=1, help="Orders in the seeded shop.")] = 2000,
    seed: Annotated[int, typer.Option(help="Seed of the generated shop.")] = 1,
    duckdb_path: Annotated[Path, typer.Option(help="Warehouse file.")] = Path("centra-demo.duckdb"),
    state_dir: Annotated[Path, typer.Option(help="Operational state.")] = Path(".centra-bridge"),
    as_json: JsonOption = False,
) -> None:
    """Start the bundled emulator, check the token, sync into DuckDB, summarise and write the
    report (an HTML page beside the warehouse).

    The shop is saved beside the warehouse (a .shop file). Run it again: the same shop simulates
    new activity and the sync loads only that, through Centra's events system.
    """
    from centra_bridge.emulator import (
        Emulator,
        EmulatorServer,
        save_shop,
        seed_shop,
        seed_tag,
        simulate_activity,
    )

    def say(text: str) -> None:  # the prose; --json prints only the result
        if not as_json:
            console.print(text)

    started = time.monotonic()
    shop_path = duckdb_path.with_suffix(".shop")
    shop = restore_shop(shop_path, seed=seed, orders=orders)
    emulator = Emulator(shop, tier="growth")
    if shop is None:
        seed_shop(emulator.shop, seed=seed, orders=orders)
    # A new token each run for the same integration: the queue is the integration's, and no
    # secret is written to disk.
    token = emulator.add_token(integration=DEMO_INTEGRATION)
    try:
        with EmulatorServer(emulator) as server:
            if shop is None:
                say(
                    f"Centra emulator on [bold]{server.url}[/] with {orders:,} seeded orders "
                    f"(seed {seed})."
                )
            else:
                say(
                    f"Centra emulator on [bold]{server.url}[/] with the demo shop of the last run "
                    f"({len(shop.orders):,} orders), restored from {escape(str(shop_path))}."
                )
            if shop is not None and duckdb_path.exists():
                touched = simulate_activity(
                    shop, seed=time.time_ns(), new_orders=25, changed_orders=10
                )
                say(
                    f"Simulated shop activity since the last run: {len(touched)} orders placed or "
                    "changed."
                )
            settings = Settings(
                endpoint=server.url, token=token, duckdb_path=duckdb_path, state_dir=state_dir
            )
            with settings.client() as client:
                ready = readiness(client)
            if not as_json:
                render_readiness(ready, settings)
            report = run_sync(settings, full=False, quiet=as_json)
    finally:
        # Saved even when the sync failed: the shop's unconfirmed events must stay queued for
        # the next run, as they would in Centra.
        try:
            save_shop(emulator.shop, shop_path, tag=seed_tag(seed, orders))
        except OSError as exc:
            console.print(
                f"[yellow]Note:[/] could not save the demo shop to {escape(str(shop_path))} "
                f"({exc.strerror or exc}): the next run starts a fresh shop."
            )
    with Reader(duckdb_path) as reader:
        summary = summarise(reader)
    # The merchandiser's page beside the warehouse: centra-demo.duckdb -> centra-demo-report.html
    page = write_report(duckdb_path, duckdb_path.with_name(f"{duckdb_path.stem}-report.html"))
    if as_json:
        data = {"readiness": readiness_data(ready, settings), "sync": asdict(report)}
        warehouse = str(duckdb_path.resolve())
        print_json(
            {**data, "summary": asdict(summary), "warehouse": warehouse, "report": str(page)}
        )
        return
    print_summary(summary)
    console.print(f"Report (open it in a browser): [bold]{escape(str(page))}[/]", soft_wrap=True)
    console.print(
        f"Demo finished in {time.monotonic() - started:.1f}s. Warehouse: "
        f"[bold]{duckdb_path.resolve()}[/] (schema '{DATASET}'). Run the demo again for new "
        "shop activity loaded through Centra's events, or point `centra-bridge sync` at your "
        "own shop."
    )
