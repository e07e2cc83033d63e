"""Sync a shop that keeps changing; compare every row with a fresh sync once it stops.

    python bench/drift.py [--orders 20000] [--modes events,polling] [--rate 200]

Per mode, a seeded emulator (unthrottled, in this process) gets a stream of changes of every
kind the API allows (``centra_bridge.emulator.Drift``: orders placed, confirmed, shipped,
captured, paid, returned, cancelled, held; customers, products, stock) at ``--rate`` changes a
second while the backfill runs, plus a flash sale of 4,000 orders in one second and a mass lock
of 5,000 orders in one go; then three incremental runs with changes still coming, the changes
stop, one last run, and a fresh full sync (its own integration) is compared with the warehouse,
table by table, row by row. ``events`` uses Centra's events system; ``polling`` a token without
Event permissions. Prints JSON; the goal is 0 missing, 0 duplicate, 0 extra, 0 stale.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from centra_bridge.config import Settings
from centra_bridge.emulator import Drift, all_permissions, build_schema
from centra_bridge.sync import SyncReport, sync
from centra_bridge.testing import compare_warehouses, fresh_sync, start_emulator, warehouse_rows

NO_EVENTS = all_permissions(build_schema()) - {"Event:read", "Event:write"}


class Changes:
    """A thread making ``rate`` changes a second until stopped."""

    def __init__(self, drift: Drift, rate: float) -> None:
        self.drift, self.rate = drift, rate
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.is_set():
            self.drift.step()
            time.sleep(1 / self.rate)

    def __enter__(self) -> Changes:
        self.thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.stop.set()
        self.thread.join()


def _run(report: SyncReport) -> dict[str, Any]:
    return {
        "mode": report.mode,
        "seconds": round(report.seconds, 1),
        "events": report.events,
        "rows": sum(report.tables.values()),
        "requests": report.requests,
        "changes_found_by": report.events_mode,
        "notes": report.notes,
    }


def one_mode(mode: str, orders: int, rate: float, tmp: Path) -> dict[str, Any]:
    running = start_emulator(orders=orders, seed=5)
    try:
        drift = Drift(running.shop, seed=9, flash_sale=4_000, mass_lock=5_000)
        token = running.token if mode == "events" else running.add_token(NO_EVENTS)
        settings = Settings(
            endpoint=running.url,
            token=token,
            duckdb_path=tmp / f"{mode}.duckdb",
            state_dir=tmp / f"{mode}-state",
        )
        runs = []
        with Changes(drift, rate), settings.client() as client:
            threading.Timer(2.0, drift.step, ["flash_sale"]).start()
            threading.Timer(4.0, drift.step, ["mass_lock"]).start()
            report = sync(settings, client)
            runs.append(_run(report))
            for _ in range(3):
                time.sleep(2.0)
                runs.append(_run(sync(settings, client)))
        with settings.client() as client:
            last = sync(settings, client)
        runs.append({**_run(last), "mode": "after the changes stopped"})
        fresh = fresh_sync(running, settings, tmp / f"{mode}-fresh")
        diffs = compare_warehouses(warehouse_rows(settings.duckdb_path), warehouse_rows(fresh))
        rows = sum(len(r) for r in warehouse_rows(fresh).values())
        return {
            "mode": mode,
            "orders_at_end": len(running.shop.orders),
            "changes": sum(drift.counts.values()),
            "changes_by_kind": dict(sorted(drift.counts.items())),
            "runs": runs,
            "rows_compared": rows,
            "missing": sum(d.missing for d in diffs.values()),
            "duplicate": sum(d.duplicate for d in diffs.values()),
            "extra": sum(d.extra for d in diffs.values()),
            "stale": sum(d.stale for d in diffs.values()),
            "tables_differing": {
                name: {
                    "missing": d.missing,
                    "duplicate": d.duplicate,
                    "extra": d.extra,
                    "stale": d.stale,
                }
                for name, d in diffs.items()
            },
        }
    finally:
        running.server.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--modes", default="events,polling")
    parser.add_argument("--rate", type=float, default=200.0, help="changes per second")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        results = [
            one_mode(mode, args.orders, args.rate, Path(tmp)) for mode in args.modes.split(",")
        ]
    print(json.dumps(results, indent=2, default=str))


if __name__ == "__main__":
    main()
