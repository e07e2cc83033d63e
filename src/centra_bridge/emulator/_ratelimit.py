"""Centra's rate limits: token buckets for requests, complexity and mutations, per 10 s and 1 h.

Buckets refill continuously (capacity / window per second). A request is admitted while its
buckets hold at least one token; its complexity is only known after execution and is debited
then, so the complexity bucket may go below zero and the next request waits for it to refill.
The limits are per shop, shared by every token, as in Centra.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["TIERS", "RateLimiter", "Tier"]


@dataclass(frozen=True, slots=True)
class Tier:
    """Quotas per bucket; ``None`` means unlimited."""

    name: str
    requests_10s: int | None
    requests_1h: int | None
    complexity_10s: int | None
    complexity_1h: int | None
    mutations_10s: int | None
    mutations_1h: int | None


# centra.dev's current tiers; "Growth" is the default of a new shop.
TIERS: dict[str, Tier] = {
    "growth": Tier("growth", 60, 5_000, 250_000, 30_000_000, 20, 1_800),
    "enhanced": Tier("enhanced", 150, 20_000, 900_000, 90_000_000, 50, 4_500),
    "high-volume": Tier("high-volume", 450, 40_000, 1_800_000, 180_000_000, 150, 7_000),
    "enterprise": Tier("enterprise", 1_500, 85_000, 4_000_000, 400_000_000, 500, 25_000),
    "unlimited": Tier("unlimited", None, None, None, None, None, None),
}

_WINDOWS = {"TEN_SECONDS": 10.0, "ONE_HOUR": 3600.0}


class _Bucket:
    __slots__ = ("capacity", "level", "rate", "updated")

    def __init__(self, capacity: int, window: float, now: float) -> None:
        self.capacity = capacity
        self.rate = capacity / window
        self.level = float(capacity)
        self.updated = now

    def refill(self, now: float) -> None:
        self.level = min(self.capacity, self.level + (now - self.updated) * self.rate)
        self.updated = now

    def wait_for(self, tokens: float) -> float:
        """Seconds until the bucket holds ``tokens``."""
        return max(0.0, (tokens - self.level) / self.rate)


class RateLimiter:
    """The six buckets of one shop."""

    def __init__(self, tier: Tier, clock: Callable[[], float] = time.monotonic) -> None:
        self.tier = tier
        self._clock = clock
        now = clock()
        quotas = {
            ("REQUEST_COUNT", "TEN_SECONDS"): tier.requests_10s,
            ("REQUEST_COUNT", "ONE_HOUR"): tier.requests_1h,
            ("QUERY_COMPLEXITY", "TEN_SECONDS"): tier.complexity_10s,
            ("QUERY_COMPLEXITY", "ONE_HOUR"): tier.complexity_1h,
            ("MUTATION_COUNT", "TEN_SECONDS"): tier.mutations_10s,
            ("MUTATION_COUNT", "ONE_HOUR"): tier.mutations_1h,
        }
        self._buckets = {
            key: _Bucket(quota, _WINDOWS[key[1]], now)
            for key, quota in quotas.items()
            if quota is not None
        }

    def _refilled(self, kind: str) -> list[_Bucket]:
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
            for bucket in self._refilled(kind):
                bucket.level -= 1
        return 0.0

    def charge_complexity(self, points: int) -> None:
        for bucket in self._refilled("QUERY_COMPLEXITY"):
            bucket.level -= points

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
                    "quota": bucket.capacity,
                    "used_quota": bucket.capacity - remaining,
                    "remaining_quota": remaining,
                }
            )
        return rows
