"""Fault injection: a share of GraphQL requests answered 500 or 429, slowed, or cut mid-body."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from starlette.responses import Response, StreamingResponse


@dataclass
class Faults:
    """Shares (0 to 1) of requests that fail each way; drawn from a seeded generator."""

    error: float = 0.0
    rate_limit: float = 0.0
    slow: float = 0.0
    cut: float = 0.0
    slow_seconds: float = 2.0
    seed: int = 0
    _rng: random.Random = field(default_factory=random.Random, repr=False)

    def configure(self, **shares: float) -> None:
        for name, value in shares.items():
            if name not in ("error", "rate_limit", "slow", "cut", "slow_seconds", "seed"):
                msg = f"Unknown fault {name!r}"
                raise ValueError(msg)
            setattr(self, name, float(value) if name != "seed" else int(value))
        if sum((self.error, self.rate_limit, self.slow, self.cut)) > 1:
            msg = "The fault shares add up to more than 1"
            raise ValueError(msg)
        self._rng = random.Random(self.seed)  # noqa: S311 (reproducible faults, not secrets)

    def draw(self) -> str | None:
        roll = self._rng.random()
        for name in ("error", "rate_limit", "slow", "cut"):
            share = getattr(self, name)
            if roll < share:
                return name
            roll -= share
        return None


def cut_response(body: bytes) -> Response:
    """Send half of ``body`` under a Content-Length for all of it, then drop the connection."""

    async def half() -> AsyncIterator[bytes]:
        yield body[: len(body) // 2]
        msg = "injected: connection cut mid-response"
        raise ConnectionAbortedError(msg)

    return StreamingResponse(
        half(), media_type="application/json", headers={"Content-Length": str(len(body))}
    )
