"""Centra's rate limits: the tiers' quotas and the token buckets Centra meters them with.

Centra limits each environment (shared by every integration on it) with token buckets: requests,
query complexity and mutations, each per ten seconds and per hour. The client paces itself with
the same buckets; the emulator enforces them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["COMPLEXITY", "MUTATIONS", "REQUESTS", "TIERS", "WINDOWS", "Tier", "TokenBucket"]

REQUESTS, COMPLEXITY, MUTATIONS = "REQUEST_COUNT", "QUERY_COMPLEXITY", "MUTATION_COUNT"
WINDOWS = {"TEN_SECONDS": 10.0, "ONE_HOUR": 3600.0}


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

    def quotas(self) -> dict[tuple[str, str], int]:
        """``{(type, interval): quota}`` for the limited buckets, as ``rateLimits`` names them."""
        named = {
            (REQUESTS, "TEN_SECONDS"): self.requests_10s,
            (REQUESTS, "ONE_HOUR"): self.requests_1h,
            (COMPLEXITY, "TEN_SECONDS"): self.complexity_10s,
            (COMPLEXITY, "ONE_HOUR"): self.complexity_1h,
            (MUTATIONS, "TEN_SECONDS"): self.mutations_10s,
            (MUTATIONS, "ONE_HOUR"): self.mutations_1h,
        }
        return {key: quota for key, quota in named.items() if quota is not None}


# centra.dev's current tiers; "Growth" is the default of a new shop.
TIERS: dict[str, Tier] = {
    "growth": Tier("growth", 60, 5_000, 250_000, 30_000_000, 20, 1_800),
    "enhanced": Tier("enhanced", 150, 20_000, 900_000, 90_000_000, 50, 4_500),
    "high-volume": Tier("high-volume", 450, 40_000, 1_800_000, 180_000_000, 150, 7_000),
    "enterprise": Tier("enterprise", 1_500, 85_000, 4_000_000, 400_000_000, 500, 25_000),
    "unlimited": Tier("unlimited", None, None, None, None, None, None),
}


class TokenBucket:
    """Refills continuously at capacity / window per second; overflow is lost."""

    __slots__ = ("capacity", "level", "rate", "updated")

    def __init__(self, capacity: float, window: float, now: float) -> None:
        self.capacity = capacity
        self.rate = capacity / window
        self.level = capacity
        self.updated = now

    def refill(self, now: float) -> None:
        self.level = min(self.capacity, self.level + (now - self.updated) * self.rate)
        self.updated = now

    def wait_for(self, tokens: float) -> float:
        # A cost above the capacity can never fit: wait for a full bucket instead.
        return max(0.0, (min(tokens, self.capacity) - self.level) / self.rate)
