"""Backfill N orders from an unthrottled emulator into DuckDB; prints JSON figures.

    python bench/sync_throughput.py [--orders 20000] [--rounds 3]

The emulator runs in its own process (as Centra would be elsewhere). In the same run we measure
the floor: fetching the same order pages with plain httpx and discarding them. The sync runs in
a child process so that its peak RSS is its own. Only the order tables are synced (orders, lines,
shipments, returns, payments), so sync and floor read the same pages.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import httpx
from _common import TOKEN, run_sync, start_emulator

import centra_bridge.sync  # noqa: F401 (registers the sync's operations, Orders among them)
from centra_bridge.client import operation_document

ORDER_TABLES = "orders,order_lines,shipments,shipment_lines,returns,return_lines,payments"


def floor(url: str) -> tuple[float, int]:
    """Seconds and requests to read every order page (keyset on updatedAt) and discard it."""
    document = operation_document("Orders")
    headers = {"Authorization": f"Bearer {TOKEN}"}
    started, requests, since = time.perf_counter(), 0, None
    with httpx.Client(timeout=120) as http:
        while True:
            where = {"updatedAt": {"from": since}} if since else None
            body = {
                "query": document,
                "operationName": "Orders",
                "variables": {"where": where, "limit": 200, "page": 1},
            }
            orders = http.post(url, json=body, headers=headers).json()["data"]["orders"]
            requests += 1
            if len(orders) < 200:
                return time.perf_counter() - started, requests
            since = orders[-1]["updatedAt"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument(
        "--rounds", type=int, default=3, help="floor and sync alternately, this many times each"
    )
    args = parser.parse_args()
    emulator, url = start_emulator(args.orders)
    floors, syncs = [], []
    try:
        # Alternating, because on a shared 2-core machine one floor or sync alone varies by
        # 15 % from run to run: the medians of several rounds are what compares.
        for _ in range(args.rounds):
            floor_seconds, floor_requests = floor(url)
            floors.append(floor_seconds)
            with tempfile.TemporaryDirectory() as tmp:
                env = {
                    "CENTRA_BRIDGE_ENDPOINT": url,
                    "CENTRA_BRIDGE_TABLES": ORDER_TABLES,
                    "CENTRA_BRIDGE_DUCKDB_PATH": str(Path(tmp) / "bench.duckdb"),
                    "CENTRA_BRIDGE_STATE_DIR": str(Path(tmp) / "state"),
                }
                sync_seconds, rss_mb, report = run_sync(env)
            syncs.append(sync_seconds)
    finally:
        emulator.terminate()
        emulator.wait()
    requests = report["requests"]
    print(
        json.dumps(
            {
                "orders": args.orders,
                "rounds": args.rounds,
                "sync_seconds_median": round(statistics.median(syncs), 2),
                "floor_seconds_median": round(statistics.median(floors), 2),
                "sync_over_floor": round(statistics.median(syncs) / statistics.median(floors), 2),
                "sync_seconds": [round(x, 2) for x in syncs],
                "floor_seconds": [round(x, 2) for x in floors],
                "sync_requests": requests,
                "floor_requests": floor_requests,
                "requests_per_1000_orders": round(requests * 1000 / args.orders, 1),
                "sync_peak_rss_mb": rss_mb,
                "rows": sum(report["tables"].values()),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
