"""Backfill against an emulator at Centra's Growth tier; prints JSON figures.

    python bench/rate_limit.py [--orders 10000] [--share 0.8]

Prints, for each of the shop's rate-limit buckets, what the sync spent against what the bucket
allowed while it ran (full at the start, then refilled for the seconds of traffic): as a share
of the shop's limit and of the sync's allotment (``--share``, the ``rate_share`` setting, the
rest being left for other integrations). The bucket the sync uses most is the binding one;
the goal is >= 90 % of the allotment there, with no 429 answers.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from _common import bucket_shares, emulator_status, run_sync, start_emulator


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--share", type=float, default=0.8)
    args = parser.parse_args()
    emulator, url = start_emulator(args.orders, tier="growth")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            env = {
                "CENTRA_BRIDGE_ENDPOINT": url,
                "CENTRA_BRIDGE_RATE_SHARE": str(args.share),
                "CENTRA_BRIDGE_DUCKDB_PATH": str(Path(tmp) / "bench.duckdb"),
                "CENTRA_BRIDGE_STATE_DIR": str(Path(tmp) / "state"),
            }
            seconds, _, report = run_sync(env)
        status = emulator_status(url)
    finally:
        emulator.terminate()
        emulator.wait()
    usage = status["rate_usage"]
    span = usage["seconds"]
    buckets, binding = bucket_shares(lambda kind: usage["spent"].get(kind, 0), span, args.share)
    print(
        json.dumps(
            {
                "orders": args.orders,
                "tier": "growth",
                "share": args.share,
                "sync_seconds": round(seconds, 2),
                "traffic_seconds": span,
                "requests": report["requests"],
                "binding_bucket": binding,
                "binding_share_of_allotment": buckets[binding]["of_allotment"],
                "answers_429": status["responses"].get("429", 0),
                "buckets": buckets,
                "rows": sum(report["tables"].values()),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
