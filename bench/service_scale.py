"""Scale-out: six shops at Centra's Growth tier (each emulator in its own process, so each shop
has its own rate limits), ``serve --workers 0`` and 1, 2 and 3 ``worker`` processes on the
local PostgreSQL. Per worker count: the wall time until every shop's first sync (the backfill)
has finished, and each worker's peak RSS.

    python bench/service_scale.py                  # 6 shops x 1,500 orders, 1/2/3 workers
    python bench/service_scale.py --orders 500 --workers 1,3

Each shop is paced by its own limits, so the goal is near-linear: 3 workers in about a third
of the time of one. PostgreSQL: $CENTRA_BRIDGE_TEST_POSTGRES or postgres@127.0.0.1:5432.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import psycopg2
from _common import TOKEN, start_emulator

from centra_bridge.config import load_service_settings
from centra_bridge.service import StatusReader, open_service_store

SERVER = os.environ.get(
    "CENTRA_BRIDGE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)


def _database() -> str:
    admin = psycopg2.connect(SERVER)
    admin.autocommit = True
    name = f"centra_bridge_bench_{uuid.uuid4().hex[:8]}"
    with admin.cursor() as cursor:
        cursor.execute(f'create database "{name}"')
    admin.close()
    return urlsplit(SERVER)._replace(path=f"/{name}").geturl()


def _drop(url: str) -> None:
    admin = psycopg2.connect(SERVER)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'drop database if exists "{urlsplit(url).path[1:]}" with (force)')
    admin.close()


def _peak_rss_mb(pid: int) -> float:
    """VmHWM: the process's peak resident set so far."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _round(urls: list[str], workers: int, folder: Path) -> tuple[float, list[float], int]:
    database = _database()
    lines = ["[service]", "port = 0", f'state = "{database}"', "[service.schedules]",
             'sync = "1h"', ""]  # fmt: skip
    for index, url in enumerate(urls):
        lines += [f"[shops.s{index}]", f'endpoint = "{url}"', 'token_env = "BENCH_TOKEN"',
                  f'duckdb_path = "{folder}/s{index}.duckdb"',
                  f'state_dir = "{folder}/state{index}"', 'rate_tier = "growth"', ""]  # fmt: skip
    config = folder / "service.toml"
    config.write_text("\n".join(lines))
    env = {**os.environ, "BENCH_TOKEN": TOKEN}
    cli = [sys.executable, "-m", "centra_bridge.cli", "--config", str(config)]
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    log = (folder / "serve.log").open("w")
    serve = subprocess.Popen([*cli, "serve", "--workers", "0"], stdout=log, stderr=log, env=env)
    time.sleep(1.0)  # the queue's tables first
    started = time.perf_counter()
    pool = [subprocess.Popen([*cli, "worker"], **quiet) for _ in range(workers)]  # type: ignore[call-overload]
    os.environ["BENCH_TOKEN"] = TOKEN
    settings = load_service_settings(config)
    store = open_service_store(settings)
    reader = StatusReader(settings, store)
    try:
        while True:
            status = reader.read()
            done = [j for s in status.shops for j in s.jobs if j.job == "sync" and j.last_finished]
            failed = [j.error for j in done if j.outcome == "failed"]
            if failed:
                msg = f"a sync failed: {failed[0]}"
                raise SystemExit(msg)
            if len(done) == len(urls):
                break
            if serve.poll() is not None:
                msg = f"serve stopped: {(folder / 'serve.log').read_text()[-2000:]}"
                raise SystemExit(msg)
            if time.perf_counter() - started > 900:
                msg = "the backfills took more than 15 minutes"
                raise SystemExit(msg)
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        requests = sum(s.requests_last_hour for s in status.shops)
        rss = [_peak_rss_mb(p.pid) for p in pool]
    finally:
        reader.close()
        store.close()
        for process in [*pool, serve]:
            process.send_signal(signal.SIGTERM)
        for process in [*pool, serve]:
            process.wait(timeout=60)
        _drop(database)
    return seconds, rss, requests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shops", type=int, default=6)
    parser.add_argument("--orders", type=int, default=1500, help="orders per shop")
    parser.add_argument("--workers", default="1,2,3", help="worker counts to run")
    args = parser.parse_args()
    counts = [int(n) for n in args.workers.split(",")]
    print(f"{args.shops} shops x {args.orders:,} orders, Growth tier (80% share), "
          f"serve --workers 0 + N workers on PostgreSQL")  # fmt: skip
    results = {}
    for workers in counts:
        # Fresh shops each round: a shop's rate-limit buckets start full, as a new shop's do.
        emulators = [start_emulator(args.orders, "growth") for _ in range(args.shops)]
        try:
            with tempfile.TemporaryDirectory() as folder:
                seconds, rss, requests = _round([u for _, u in emulators], workers, Path(folder))
        finally:
            for process, _ in emulators:
                process.terminate()
                process.wait()
        results[workers] = seconds
        # A speed-up only against one worker measured in this run (not extrapolated).
        speedup = f"; speed-up {results[1] / seconds:.2f}x vs 1" if 1 in results else ""
        print(f"{workers} worker{'s' if workers > 1 else ' '}: {seconds:6.1f} s wall "
              f"({requests:,} requests{speedup}), peak RSS per worker "
              f"{', '.join(f'{r:.0f}' for r in rss)} MB")  # fmt: skip


if __name__ == "__main__":
    main()
