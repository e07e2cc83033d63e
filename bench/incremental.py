"""After a backfill, change 1,000 orders; how fast and with how many requests do they arrive?

    python bench/incremental.py [--orders 25000] [--changes 1000]

The emulator (unthrottled) runs in its own process. After a full sync, 1,000 open orders are
moved forward at once (confirmed and shipped, or cancelled: the emulator's shop activity), then
one incremental sync runs in this process. It prints the requests that sync used and the seconds
from the last change to the rows being committed in the warehouse, and checks that every changed
order's new ``updatedAt`` is there. In the same run, the naive way: one request per changed
order by number, as an integration driven by webhooks does (fetch only; it loads nothing, so it
is flattered).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import duckdb
import httpx
from _common import TOKEN, run_sync, start_emulator

from centra_bridge.client import operation_document
from centra_bridge.config import Settings
from centra_bridge.sync import sync
from centra_bridge.warehouse import parse_timestamp


def naive(url: str, numbers: list[int]) -> tuple[float, int, dict[int, str]]:
    """Seconds and requests to fetch each changed order on its own; their updatedAt."""
    document = operation_document("Orders")
    headers = {"Authorization": f"Bearer {TOKEN}"}
    updated = {}
    started = time.perf_counter()
    with httpx.Client(timeout=60, headers=headers) as http:
        for number in numbers:
            body = {
                "query": document,
                "operationName": "Orders",
                "variables": {"where": {"number": [number]}, "limit": 1, "page": 1},
            }
            (order,) = http.post(url, json=body).json()["data"]["orders"]
            updated[number] = order["updatedAt"]
    return time.perf_counter() - started, len(numbers), updated


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=25_000)  # ~4 % are open: 1,000 to move
    parser.add_argument("--changes", type=int, default=1_000)
    args = parser.parse_args()
    emulator, url = start_emulator(args.orders)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(
                endpoint=url,
                token=TOKEN,
                duckdb_path=Path(tmp) / "bench.duckdb",
                state_dir=Path(tmp) / "state",
            )
            env = {
                "CENTRA_BRIDGE_ENDPOINT": url,
                "CENTRA_BRIDGE_DUCKDB_PATH": str(settings.duckdb_path),
                "CENTRA_BRIDGE_STATE_DIR": str(settings.state_dir),
            }
            backfill_seconds, _, _ = run_sync(env)
            activity = url.replace("/graphql", "/emulator/activity")
            answer = httpx.post(
                activity, json={"new_orders": 0, "changed_orders": args.changes, "seed": 7}
            )
            changed_at = time.perf_counter()
            numbers = sorted(set(answer.json()["orders"]))
            with settings.client() as client:
                report = sync(settings, client)
            arrived = time.perf_counter() - changed_at
            naive_seconds, naive_requests, truth = naive(url, numbers)
            with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
                held = dict(
                    con.execute(
                        "select number, updated_at from centra.orders where number in "
                        f"({', '.join(map(str, numbers))})"
                    ).fetchall()
                )
    finally:
        emulator.terminate()
        emulator.wait()
    current = sum(held.get(n) == parse_timestamp(truth[n]) for n in numbers)
    print(
        json.dumps(
            {
                "orders": args.orders,
                "changed_orders": len(numbers),
                "backfill_seconds": round(backfill_seconds, 2),
                "events": report.events,
                "sync_requests": report.requests,
                "seconds_from_last_change_to_warehouse": round(arrived, 2),
                "changed_orders_current_in_warehouse": current,
                "naive_requests": naive_requests,
                "naive_fetch_seconds": round(naive_seconds, 2),
                "rows_loaded": report.tables,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
