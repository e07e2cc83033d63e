"""Seed a large emulated shop and check it stays responsive; prints JSON figures.

    python bench/emulator_scale.py [--orders 100000]

Figures: seconds to seed, peak RSS after seeding, and median/max latency of typical requests
(a 200-order page with lines from the middle of the shop, a relay page, a filtered count) while
the shop holds all those orders.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time

import httpx

from centra_bridge.emulator import Emulator, EmulatorServer, apply_scenario

QUERIES = {
    "orders_page_200_with_lines": """{ orders(limit: 200, page: %(page)d, sort: [updatedAt_ASC]) {
        number status updatedAt grandTotal { value }
        lines { id quantity unitPrice { value } } } }""",
    "order_connection_200": """{ orderConnection(first: 200) { totalCount
        edges { node { number updatedAt } } pageInfo { endCursor } } }""",
    "orders_by_status_updated_range": """{ orders(limit: 50, where: {status: [SHIPPED],
        updatedAt: {from: "2026-09-01", to: "2026-09-15"}}) { number } }""",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args()

    started = time.perf_counter()
    emulator = Emulator(tier="unlimited")
    apply_scenario(emulator.shop, "default", orders=args.orders)
    seed_seconds = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    token = emulator.add_token()
    latencies: dict[str, dict[str, float]] = {}
    with EmulatorServer(emulator) as server, httpx.Client(timeout=60) as http:
        headers = {"Authorization": f"Bearer {token}"}
        for name, template in QUERIES.items():
            seconds = []
            for i in range(args.repeat):
                query = template % {"page": args.orders // 400 + i} if "%" in template else template
                t = time.perf_counter()
                answer = http.post(server.url, json={"query": query}, headers=headers).json()
                seconds.append(time.perf_counter() - t)
                assert "errors" not in answer, answer["errors"]
            latencies[name] = {
                "median_ms": round(statistics.median(seconds) * 1000, 1),
                "max_ms": round(max(seconds) * 1000, 1),
            }
    print(
        json.dumps(
            {
                "orders": args.orders,
                "order_lines": sum(len(o.lines) for o in emulator.shop.orders.values()),
                "seed_seconds": round(seed_seconds, 2),
                "peak_rss_mb_after_seed": round(rss_mb),
                "latency": latencies,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
