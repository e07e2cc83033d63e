"""The ERP catalog push against an emulator at Centra's Growth tier; prints JSON figures.

    python bench/erp_push.py [--products 1000] [--share 0.8]

Writes a catalog of ``--products`` products x 3 variants x 5 sizes, stock in two warehouses and
a price in three pricelists (``centra_bridge.erp.write_sample_catalog``), then runs
``centra-bridge erp apply`` on it twice in a child process, against an emulator in another:

- the first apply creates everything: wall time, mutations sent, and for each rate-limit bucket
  what it spent against what the bucket allowed while it ran (full at the start, then refilled
  for the seconds of traffic), as a share of the shop's limit and of the push's allotment
  (``--share``, the ``rate_share`` setting). Goal: >= 90 % of the allotment of the binding
  bucket (MUTATION_COUNT per ten seconds), no 429 answer;
- the second applies the unchanged catalog. Goal: no mutation, reads only.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import TOKEN, bucket_shares, emulator_status, start_emulator

from centra_bridge.erp import write_sample_catalog


def _apply(env: dict[str, str], directory: Path) -> tuple[float, dict[str, Any]]:
    started = time.perf_counter()
    finished = subprocess.run(
        [sys.executable, "-m", "centra_bridge.cli", "erp", "apply", str(directory), "--json"],
        env={**os.environ, "CENTRA_BRIDGE_TOKEN": TOKEN, **env},
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - started
    if finished.returncode != 0:
        msg = f"apply failed ({finished.returncode}):\n{finished.stdout[-2000:]}\n{finished.stderr}"
        raise SystemExit(msg)
    return seconds, json.loads(finished.stdout)


def _spent(before: dict[str, Any], after: dict[str, Any], kind: str) -> int:
    return int(
        after["rate_usage"]["spent"].get(kind, 0) - before["rate_usage"]["spent"].get(kind, 0)
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--products", type=int, default=1000)
    parser.add_argument("--share", type=float, default=0.8)
    args = parser.parse_args()
    emulator, url = start_emulator(0, tier="growth")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            directory = Path(tmp) / "catalog"
            write_sample_catalog(directory, products=args.products)
            env = {
                "CENTRA_BRIDGE_ENDPOINT": url,
                "CENTRA_BRIDGE_RATE_SHARE": str(args.share),
                "CENTRA_BRIDGE_ERP__STATE": str(Path(tmp) / "erp.sqlite"),
            }
            start = emulator_status(url)
            first_seconds, first = _apply(env, directory)
            middle = emulator_status(url)
            again_seconds, again = _apply(env, directory)
            end = emulator_status(url)
    finally:
        emulator.terminate()
        emulator.wait()
    span = middle["rate_usage"]["seconds"] - start["rate_usage"]["seconds"]
    buckets, binding = bucket_shares(lambda kind: _spent(start, middle, kind), span, args.share)
    print(
        json.dumps(
            {
                "catalog": f"{args.products} products x 3 variants x 5 sizes, 2 warehouses, "
                "3 pricelists",
                "tier": "growth",
                "share": args.share,
                "apply": {
                    "wall_seconds": round(first_seconds, 1),
                    "traffic_seconds": round(span, 1),
                    "mutations": first["mutations"],
                    "failed": first["failed"],
                    "binding_bucket": binding,
                    "binding_share_of_allotment": buckets[binding]["of_allotment"],
                    "answers_429": middle["responses"].get("429", 0)
                    - start["responses"].get("429", 0),
                    "buckets": buckets,
                },
                "reapply_unchanged": {
                    "wall_seconds": round(again_seconds, 1),
                    "mutations": again["mutations"],
                    "mutations_counted_by_emulator": _spent(middle, end, "MUTATION_COUNT"),
                    "requests": _spent(middle, end, "REQUEST_COUNT"),
                    "answers_429": end["responses"].get("429", 0)
                    - middle["responses"].get("429", 0),
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
