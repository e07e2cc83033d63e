"""What the benchmarks share: an emulator in its own process, a sync in another, the share
of each rate-limit bucket used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

import httpx

from centra_bridge.centra import TIERS, WINDOWS

TOKEN = "bench-token"  # a local emulator's token


def start_emulator(orders: int, tier: str = "unlimited") -> tuple[subprocess.Popen[str], str]:
    """A seeded emulator in its own process (as Centra would be elsewhere) and its URL."""
    env = {**os.environ, "CENTRA_BRIDGE_EMULATOR_TOKEN": TOKEN}
    command = [sys.executable, "-m", "centra_bridge.cli", "emulator", "serve", "--json"]
    process = subprocess.Popen(
        [*command, "--port", "0", "--orders", str(orders), "--tier", tier],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    return process, json.loads(process.stdout.readline())["url"]


def emulator_status(url: str) -> dict[str, Any]:
    return dict(httpx.get(url.replace("/graphql", "/emulator/status")).json())


def bucket_shares(
    spent: Callable[[str], int], seconds: float, share: float, tier: str = "growth"
) -> tuple[dict[str, dict[str, Any]], str]:
    """Per rate-limit bucket of ``tier``: what was spent (``spent(kind)``) over ``seconds`` of
    traffic, as a share of the shop's limit (burst plus refill) and of our allotment
    (``share`` of it); and the binding bucket, the one nearest its allotment."""
    buckets = {}
    for (kind, interval), quota in TIERS[tier].quotas().items():
        allowed = quota + quota / WINDOWS[interval] * seconds
        used = spent(kind)
        buckets[f"{kind} per {interval}"] = {
            "spent": used,
            "of_shop_limit": round(used / allowed, 3),
            "of_allotment": round(used / (allowed * share), 3),
        }
    return buckets, max(buckets, key=lambda name: buckets[name]["of_allotment"])


def run_sync(env: dict[str, str], *args: str) -> tuple[float, int, dict[str, Any]]:
    """Seconds, peak RSS (MB) and the report (``sync --json``) of ``centra-bridge sync`` in a
    child process, so that its peak RSS is its own."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "centra_bridge.cli", "sync", "--json", *args],
            env={**os.environ, "CENTRA_BRIDGE_TOKEN": TOKEN, **env},
            stdout=out,
            stderr=err,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status) != 0:
            msg = f"sync failed:\n{out.read()}\n{err.read()}"
            raise SystemExit(msg)
        return seconds, int(usage.ru_maxrss / 1024), json.loads(out.read())
