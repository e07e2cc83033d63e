"""Pacing: keep our requests inside a share of the shop's rate limits instead of meeting 429s.

Centra limits each environment (shared by every integration on it) with token buckets: requests,
query complexity and mutations, each per ten seconds and per hour. ``RateBudget`` keeps the same
buckets on our side, sized to ``share`` of the shop's quotas, and makes a request wait until
its buckets hold the tokens it needs. The quotas come from the tier until Centra's
``rateLimits`` answer says otherwise; that answer also tells how much other integrations have
used, so our buckets never hold more than Centra has left minus the share kept for them.

A request's complexity is only known from its answer, so the last complexity of the same
operation is reserved beforehand and the difference settled afterwards.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from centra_bridge.centra import COMPLEXITY, MUTATIONS, REQUESTS, TIERS, WINDOWS, Tier, TokenBucket

__all__ = ["RateBudget"]


class RateBudget:
    """Client-side buckets holding ``share`` of the shop's quotas; thread-safe."""

    def __init__(
        self,
        tier: Tier | str = "growth",
        *,
        share: float = 0.8,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        refresh_seconds: float = 30.0,
    ) -> None:
        if not 0 < share <= 1:
            msg = f"share must be in (0, 1], not {share}"
            raise ValueError(msg)
        self.share = share
        self.refresh_seconds = refresh_seconds
        self._clock, self._sleep = clock, sleep
        self._lock = threading.Lock()
        self._estimates: dict[str, int] = {}
        self._refreshed: float | None = None
        self.waited = 0.0  # seconds spent waiting, for reports
        self._buckets: dict[tuple[str, str], TokenBucket] = {}
        self._configure((TIERS[tier] if isinstance(tier, str) else tier).quotas())

    def _configure(self, quotas: Mapping[tuple[str, str], int]) -> None:
        now = self._clock()
        buckets = {}
        for key, quota in quotas.items():
            old = self._buckets.get(key)
            bucket = TokenBucket(quota * self.share, WINDOWS[key[1]], now)
            if old is not None:
                old.refill(now)
                bucket.level = min(bucket.capacity, old.level)
            buckets[key] = bucket
        self._buckets = buckets

    def refresh_due(self) -> bool:
        return self._refreshed is None or self._clock() - self._refreshed >= self.refresh_seconds

    def observe(self, rows: Iterable[Mapping[str, Any]] | None, *, complexity: int = 0) -> None:
        """Take Centra's ``rateLimits`` answer: its quotas, and what is left of them (other
        integrations spend from the same buckets). An empty answer means no limits; ``None``
        (no answer) keeps what the budget knew until the next refresh. ``complexity`` is the
        answer's own, charged by Centra after it counted what was left."""
        with self._lock:
            self._refreshed = self._clock()
            if rows is None:
                return
            rows = list(rows)
            self._configure(
                {(r["type"], r["intervalSeconds"]): int(r["quota"]) for r in rows if r["quota"]}
            )
            for row in rows:
                bucket = self._buckets.get((row["type"], row["intervalSeconds"]))
                if bucket is not None:
                    ours = row["remainingQuota"] - row["quota"] * (1 - self.share)
                    if row["type"] == COMPLEXITY:
                        ours -= complexity
                    bucket.level = min(bucket.level, ours)

    def acquire(self, operation: str | None, *, mutation: bool = False) -> int:
        """Wait until the request may be sent; returns the complexity reserved for it."""
        kinds = (REQUESTS, MUTATIONS) if mutation else (REQUESTS,)
        estimate = self._estimates.get(operation or "", 1)
        while True:
            with self._lock:
                now = self._clock()
                needs = []
                for (kind, _), bucket in self._buckets.items():
                    bucket.refill(now)
                    if kind in kinds:
                        needs.append((bucket, 1.0))
                    elif kind == COMPLEXITY:
                        needs.append((bucket, float(estimate)))
                wait = max((b.wait_for(n) for b, n in needs), default=0.0)
                if wait <= 0:
                    for bucket, tokens in needs:
                        bucket.level -= tokens
                    return estimate
                self.waited += wait
            self._sleep(wait)

    def settle(self, operation: str | None, reserved: int, complexity: int | None) -> None:
        """Charge the answer's real complexity against what ``acquire`` reserved."""
        if complexity is None:
            return
        with self._lock:
            self._estimates[operation or ""] = complexity
            now = self._clock()
            for (kind, _), bucket in self._buckets.items():
                if kind == COMPLEXITY:
                    bucket.refill(now)  # before the debit: a full bucket gained nothing since
                    bucket.level -= complexity - reserved

    def refused(self) -> None:
        """Centra answered 429: its request buckets are empty, so ours are too."""
        with self._lock:
            now = self._clock()
            for (kind, _), bucket in self._buckets.items():
                bucket.refill(now)
                if kind == REQUESTS:
                    bucket.level = min(bucket.level, 0.0)
