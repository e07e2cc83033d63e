"""``centra-bridge demo``: the main job end to end against a seeded local emulator."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from centra_bridge.cli._app import app, console
from centra_bridge.cli._check import report_permissions
from centra_bridge.cli._sync import run_sync
from centra_bridge.config import Settings
from centra_bridge.sync import DATASET, TABLES


def print_summary(path: Path) -> None:
    import duckdb

    with duckdb.connect(str(path), read_only=True) as con:
        counts = Table(title="Rows per table")
        counts.add_column("Table")
        counts.add_column("Rows", justify="right")
        for table in TABLES:
            (rows,) = con.execute(f"select count(*) from {DATASET}.{table}").fetchone() or (0,)  # noqa: S608
            counts.add_row(table, f"{rows:,}")
        console.print(counts)
        revenue = Table(title="Revenue per market (orders not cancelled)")
        for name in ("Market", "Currency", "Orders", "Revenue", "Revenue in EUR"):
            revenue.add_column(name, justify="left" if name in ("Market", "Currency") else "right")
        query = f"""
            select m.name, o.currency, count(*), sum(o.grand_total),
                   sum(o.grand_total * o.currency_base_rate)
            from {DATASET}.orders o left join {DATASET}.markets m on m.id = o.market_id
            where o.status <> 'CANCELLED'
            group by all order by 5 desc
        """  # noqa: S608
        for market, currency, orders, total, base in con.execute(query).fetchall():
            revenue.add_row(market, currency, f"{orders:,}", f"{total:,.2f}", f"{base:,.2f}")
        console.print(revenue)


@app.command()
def demo(
    orders: Annotated[int, typer.Option(min=1, help="Orders in the seeded shop.")] = 2000,
    seed: Annotated[int, typer.Option(help="Seed of the generated shop.")] = 1,
    duckdb_path: Annotated[Path, typer.Option(help="Warehouse file.")] = Path("centra-demo.duckdb"),
    state_dir: Annotated[Path, typer.Option(help="Operational state.")] = Path(".centra-bridge"),
) -> None:
    """Start the bundled emulator, check the token, sync into DuckDB and summarise.

    Run it again: the emulator simulates new shop activity and the sync loads only that.
    """
    from centra_bridge.emulator import Emulator, EmulatorServer, seed_shop, simulate_activity

    started = time.monotonic()
    emulator = Emulator(tier="growth")
    seed_shop(emulator.shop, seed=seed, orders=orders)
    token = emulator.add_token(integration="centra-bridge-demo")
    returning = duckdb_path.exists()
    with EmulatorServer(emulator) as server:
        console.print(
            f"Centra emulator on [bold]{server.url}[/] with {orders:,} seeded orders (seed {seed})."
        )
        if returning:
            touched = simulate_activity(
                emulator.shop, seed=time.time_ns(), new_orders=25, changed_orders=10
            )
            console.print(
                f"{duckdb_path} exists from an earlier run: simulated shop activity since then "
                f"({len(touched)} orders placed or changed)."
            )
        settings = Settings(
            endpoint=server.url, token=token, duckdb_path=duckdb_path, state_dir=state_dir
        )
        with settings.client() as client:
            report_permissions(client, settings)
        run_sync(settings, full=False)
    print_summary(duckdb_path)
    console.print(
        f"Demo finished in {time.monotonic() - started:.1f}s. Warehouse: "
        f"[bold]{duckdb_path.resolve()}[/] (schema '{DATASET}'). Run the demo again for an "
        "incremental sync, or point `centra-bridge sync` at your own shop."
    )
