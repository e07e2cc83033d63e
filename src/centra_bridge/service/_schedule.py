"""When each job of each shop runs next, from the schedules in the config and the last runs.

The schedule is a pure function of the last runs (in the state store): a restarted ``serve``
picks up where the last one stopped, and two schedulers would ask for the same jobs (the
queue's queueing lock lets one of them in).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from centra_bridge.config import ServiceSettings, ShopSettings
    from centra_bridge.service._runs import JobRun

__all__ = ["Due", "due_jobs", "jobs_of", "next_run"]

RETRY_FAILED = 60.0  # a failed job is tried again this soon even on a longer schedule


@dataclass(frozen=True, slots=True)
class Due:
    shop: str
    job: str


def jobs_of(shop: ShopSettings) -> list[str]:
    """The jobs the shop's features need, in the order the page shows them."""
    jobs = ["sync"]
    if "invitations" in shop.features:
        jobs.append("invitations")
    if "erp" in shop.features and shop.erp_watch is not None:
        jobs.append("erp_imports")
    if "reconcile" in shop.features:
        jobs.append("reconcile")
    return [j for j in jobs if getattr(shop.schedules, j) is not None]


def _daily(at: str, after: float) -> float:
    hour, minute = (int(p) for p in at.split(":"))
    moment = datetime.fromtimestamp(after, UTC).replace(
        hour=hour, minute=minute, second=0, microsecond=0
    )
    if moment.timestamp() <= after:
        moment += timedelta(days=1)
    return moment.timestamp()


def next_run(
    shop: ShopSettings, job: str, last: JobRun | None, now: float, *, held: bool = True
) -> float | None:
    """Epoch seconds of the job's next run (``now`` or before: due); None when switched off or
    in hand. ``held``: whether the shop's lease is held now (a run left ``running`` by a
    killed process, whose lease ran out, is due again)."""
    every = getattr(shop.schedules, job)
    if every is None:
        return None
    if job == "reconcile":
        # Nightly: the next HH:MM after the last run (a first run waits for the night too).
        return _daily(every, last.started_at if last else now)
    if last is None:
        return now
    if last.outcome == "running":
        return None if held else now
    wait = float(every)
    if last.outcome == "failed":
        wait = min(wait, RETRY_FAILED)
    return (last.finished_at or last.started_at) + wait


def due_jobs(
    service: ServiceSettings,
    runs: dict[tuple[str, str], JobRun],
    now: float,
    held: Callable[[str], bool] = lambda _: True,
) -> list[Due]:
    """The jobs to start now; ``held(shop)`` tells whether the shop's lease is held."""
    due = []
    for shop in service.shops.values():
        for job in jobs_of(shop):
            last = runs.get((shop.name, job))
            alive = held(shop.name) if last is not None and last.outcome == "running" else True
            at = next_run(shop, job, last, now, held=alive)
            if at is not None and at <= now:
                due.append(Due(shop.name, job))
    return due
