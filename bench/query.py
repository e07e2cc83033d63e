"""An "Order items" query over 1,000,000 order lines in DuckDB; prints JSON figures.

    python bench/query.py [--lines 1000000]

A small shop is synced from the emulator for the warehouse's real schema, then its orders and
lines are copied (new numbers, dates spread over a year) until the lines reach ``--lines``. The
query: month × market × product, five metrics, in Europe/Stockholm, in the base currency.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from centra_bridge.analytics import Query, run_query
from centra_bridge.config import load_settings
from centra_bridge.sync import sync
from centra_bridge.testing import start_emulator
from centra_bridge.warehouse import Reader

QUERY = Query(
    "order-items",
    ("month", "market", "product"),
    ("orders", "quantity", "net_revenue", "discounts", "average_order_value"),
    timezone="Europe/Stockholm",
    base_currency=True,
)


def build(path: Path, lines: int) -> int:
    running = start_emulator(orders=500)
    try:
        settings = load_settings(
            None,
            endpoint=running.url,
            token=running.token,
            duckdb_path=path,
            state_dir=path.parent / "state",
            tables=[
                *("orders", "order_lines", "markets", "stores", "returns", "return_lines"),
                *("pricelists", "products", "sizes", "displays"),
            ],
        )
        with settings.client() as client:
            sync(settings, client)
    finally:
        running.server.stop()
    with duckdb.connect(str(path)) as db:
        have = db.execute("select count(*) from centra.order_lines").fetchall()[0][0]
        copies = -(-lines // have) - 1
        db.execute(
            "insert into centra.orders select o.* replace (number + c.range * 1000000 as number, "
            "order_date - to_days(cast(c.range % 365 as integer)) as order_date) "
            "from centra.orders o, range(1, ?) c",
            [copies + 1],
        )
        db.execute(
            "insert into centra.order_lines select l.* replace (id + c.range * 10000000 as id, "
            "order_number + c.range * 1000000 as order_number) "
            "from centra.order_lines l, range(1, ?) c",
            [copies + 1],
        )
        return int(db.execute("select count(*) from centra.order_lines").fetchall()[0][0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "w.duckdb"
        started = time.perf_counter()
        total = build(path, args.lines)
        built = time.perf_counter() - started
        seconds, rows = [], 0
        with Reader(path) as reader:
            for _ in range(args.rounds):
                started = time.perf_counter()
                rows = run_query(reader, QUERY).num_rows
                seconds.append(time.perf_counter() - started)
    print(
        json.dumps(
            {
                "order_lines": total,
                "build_seconds": round(built, 1),
                "query": "month x market x product, 5 metrics, Europe/Stockholm, base currency",
                "result_rows": rows,
                "query_seconds": [round(s, 3) for s in seconds],
                "query_seconds_median": round(statistics.median(seconds), 3),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
