"""Fault injection: a share of GraphQL requests answered 500 or 429, slowed, or cut mid-body."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from starlette.responses import Response, StreamingResponse

KINDS = ("error", "rate_limit", "slow", "cut")


@dataclass
class Faults:
    """Shares (0 to 1) of requests that fail each way; drawn from a seeded generator.

    ``tokens`` limits the faults to requests carrying one of those tokens (None: every request),
    so a test's own driver can keep a clean connection. ``injected`` counts faults by kind.
    """

    error: float = 0.0
    rate_limit: float = 0.0
    slow: float = 0.0
    cut: float = 0.0
    slow_seconds: float = 2.0
    seed: int = 0
    tokens: frozenset[str] | None = None
    injected: Counter[str] = field(default_factory=Counter)
    _rng: random.Random = field(default_factory=lambda: random.Random(0), repr=False)  # noqa: S311

    def configure(self, **settings: Any) -> None:
        """Change the given settings only (shares, ``slow_seconds``, ``seed``, ``tokens``).

        Everything is checked before anything changes. The random sequence carries on across
        calls (a run reconfigured half-way stays reproducible) and restarts only on ``seed``.
        """
        unknown = sorted(set(settings) - {*KINDS, "slow_seconds", "seed", "tokens"})
        if unknown:
            msg = f"Unknown fault setting(s) {', '.join(map(repr, unknown))}"
            raise ValueError(msg)
        scope = self.tokens
        if "tokens" in settings:
            tokens = settings.pop("tokens")
            if tokens is not None and (
                not isinstance(tokens, list | tuple | set | frozenset)
                or not all(isinstance(t, str) for t in tokens)
            ):
                msg = "tokens must be a list of tokens, or null for every request"
                raise TypeError(msg)
            scope = None if tokens is None else frozenset(tokens)
        values = {k: int(v) if k == "seed" else float(v) for k, v in settings.items()}
        if any(not 0 <= values[k] <= 1 for k in KINDS if k in values):
            msg = "Fault shares are between 0 and 1"
            raise ValueError(msg)
        if sum(values.get(k, getattr(self, k)) for k in KINDS) > 1:
            msg = "The fault shares add up to more than 1"
            raise ValueError(msg)
        for name, value in values.items():
            setattr(self, name, value)
        self.tokens = scope
        if "seed" in values:
            self._rng = random.Random(self.seed)  # noqa: S311 (reproducible faults, not secrets)

    def draw(self, token: str | None = None) -> str | None:
        """The fault for a request with ``token``, if any; out-of-scope requests draw nothing."""
        if self.tokens is not None and token not in self.tokens:
            return None  # and leave the sequence alone, so the scoped client's faults repeat
        roll = self._rng.random()
        for name in KINDS:
            share: float = getattr(self, name)
            if roll < share:
                self.injected[name] += 1
                return name
            roll -= share
        return None

    def summary(self) -> dict[str, object]:
        return {
            **{k: getattr(self, k) for k in KINDS},
            "slow_seconds": self.slow_seconds,
            "scoped_tokens": None if self.tokens is None else len(self.tokens),
            "injected": {k: self.injected[k] for k in (*KINDS, "fail_next")},
        }


def cut_response(body: bytes) -> Response:
    """Send half of ``body`` under a Content-Length for all of it, then drop the connection."""

    async def half() -> AsyncIterator[bytes]:
        yield body[: len(body) // 2]
        msg = "injected: connection cut mid-response"
        raise ConnectionAbortedError(msg)

    return StreamingResponse(
        half(), media_type="application/json", headers={"Content-Length": str(len(body))}
    )
