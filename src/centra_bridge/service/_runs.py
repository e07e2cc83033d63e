"""What each job did last, kept in the service's state store so that every process (``serve``,
each ``worker``) reads the same history: the status page, the schedule and /metrics are built
from it."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from centra_bridge.state import StateStore

__all__ = ["JobRun", "last_runs", "record", "requests_last_hour"]

_RUNS = "service.runs"  # fact scope: key "<shop>/<job>" -> the last run
_REQUESTS = "service.requests"  # key "<shop>" -> [[finished_at, requests], ...] of the last hour
HOUR = 3600.0


@dataclass(slots=True)
class JobRun:
    """One job of one shop: ``outcome`` is running, ok, failed, skipped or interrupted."""

    shop: str
    job: str
    started_at: float
    outcome: str = "running"
    finished_at: float | None = None
    rows: int = 0
    requests: int = 0
    error: str | None = None  # first line, secrets hidden
    hint: str | None = None
    worker: str = ""
    notes: list[str] = field(default_factory=list)
    events_mode: str | None = None  # the sync's: events or polling
    last_ok_started_at: float | None = None  # for the lag
    previous: str | None = None  # the last finished run's outcome, while this one runs

    @property
    def seconds(self) -> float | None:
        return None if self.finished_at is None else self.finished_at - self.started_at

    @classmethod
    def of(cls, value: dict[str, Any]) -> JobRun:
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in value.items() if k in known})


def record(store: StateStore, run: JobRun) -> None:
    """Write the run (at its start and at its end); a finished run counts its requests."""
    with store.transaction() as tx:
        before = tx.fact(_RUNS, f"{run.shop}/{run.job}")
        if before and run.last_ok_started_at is None:
            run.last_ok_started_at = before.get("last_ok_started_at")
        if run.outcome == "ok":
            run.last_ok_started_at = run.started_at
        if run.events_mode is None and before:
            run.events_mode = before.get("events_mode")
        if run.outcome == "running" and before:
            # Until this run ends, the page shows what the last one left (a failure stays red).
            done = before.get("outcome")
            run.previous = before.get("previous") if done == "running" else done
            if run.previous == "failed" and run.error is None:
                run.error, run.hint = before.get("error"), before.get("hint")
        tx.set_fact(_RUNS, f"{run.shop}/{run.job}", asdict(run))
        if run.finished_at is not None and run.requests:
            kept = [
                pair
                for pair in tx.fact(_REQUESTS, run.shop, [])
                if pair[0] > run.finished_at - HOUR
            ]
            tx.set_fact(_REQUESTS, run.shop, [*kept, [run.finished_at, run.requests]])


def last_runs(store: StateStore) -> dict[tuple[str, str], JobRun]:
    """Every shop's and job's last run, by ``(shop, job)``."""
    with store.transaction() as tx:
        rows = tx.facts(_RUNS)
    found: dict[tuple[str, str], JobRun] = {}
    for key, value in rows.items():
        shop, _, job = key.partition("/")
        found[shop, job] = JobRun.of(value)
    return found


def requests_last_hour(store: StateStore, shop: str, now: float | None = None) -> int:
    now = time.time() if now is None else now
    return sum(n for at, n in store.fact(_REQUESTS, shop, []) if at > now - HOUR)
