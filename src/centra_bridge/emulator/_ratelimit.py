"""Centra's rate limits: token buckets for requests, complexity and mutations, per 10 s and 1 h.

Buckets refill continuously (capacity / window per second). A request is admitted while its
buckets hold at least one token; its complexity is only known after execution and is debited
then, so the complexity bucket may go below zero and the next request waits for it to refill.
The limits are per shop, shared by every token, as in Centra.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from centra_bridge.centra import TIERS, WINDOWS, Tier, TokenBucket

__all__ = ["TIERS", "RateLimiter", "Tier"]


class RateLimiter:
    """The six buckets of one shop."""

    def __init__(self, tier: Tier, clock: Callable[[], float] = time.monotonic) -> None:
        self.tier = tier
        self._clock = clock
        now = clock()
        self._buckets = {
            key: TokenBucket(quota, WINDOWS[key[1]], now) for key, quota in tier.quotas().items()
        }
        # What was admitted and charged, for benchmarks: {type: tokens}, and when.
        self.spent: Counter[str] = Counter()
        self.first_admitted: float | None = None
        self.last_admitted: float | None = None

    def _refilled(self, kind: str) -> list[TokenBucket]:
        now = self._clock()
        buckets = [b for (k, _), b in self._buckets.items() if k == kind]
        for bucket in buckets:
            bucket.refill(now)
        return buckets

    def admit(self, *, mutation: bool) -> float:
        """Take a request (and a mutation) token; returns 0, or seconds to wait when refused."""
        kinds = ["REQUEST_COUNT", "MUTATION_COUNT"] if mutation else ["REQUEST_COUNT"]
        needed = [(b, 1.0) for kind in kinds for b in self._refilled(kind)]
        # Complexity must be positive: the previous request's debt has to be paid back first.
        needed += [(b, 1.0) for b in self._refilled("QUERY_COMPLEXITY")]
        wait = max((b.wait_for(tokens) for b, tokens in needed), default=0.0)
        if wait > 0:
            return wait
        for kind in kinds:
            self.spent[kind] += 1
            for bucket in self._refilled(kind):
                bucket.level -= 1
        self.last_admitted = self._clock()
        self.first_admitted = self.first_admitted or self.last_admitted
        return 0.0

    def charge_complexity(self, points: int) -> None:
        self.spent["QUERY_COMPLEXITY"] += points
        for bucket in self._refilled("QUERY_COMPLEXITY"):
            bucket.level -= points

    def usage(self) -> dict[str, Any]:
        """Tokens spent since the limiter started, and over how many seconds of traffic."""
        span = (self.last_admitted or 0.0) - (self.first_admitted or 0.0)
        return {"spent": dict(self.spent), "seconds": round(span, 3)}

    def snapshot(self) -> list[dict[str, Any]]:
        """The ``rateLimits`` answer: quota = used + remaining, whole numbers."""
        now = self._clock()
        rows = []
        for (kind, interval), bucket in self._buckets.items():
            bucket.refill(now)
            remaining = max(0, math.floor(bucket.level))
            rows.append(
                {
                    "type": kind,
                    "interval_seconds": interval,
                    "quota": int(bucket.capacity),
                    "used_quota": int(bucket.capacity) - remaining,
                    "remaining_quota": remaining,
                }
            )
        return rows
