"""The service at a glance, as data: per shop and job the last run, the next, the outcome, the
rows, errors with their hint; per shop the lag, the share of the hourly rate budget used and the
invitation and ERP backlogs. The page, ``/api/status``, ``/metrics`` and ``/healthz`` render it.
Nothing here holds a token or a secret."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from centra_bridge.centra import TIERS
from centra_bridge.errors import CentraBridgeError
from centra_bridge.redact import mask_url
from centra_bridge.service._jobs import waiting_files
from centra_bridge.service._runs import last_runs, requests_last_hour
from centra_bridge.service._schedule import jobs_of, next_run
from centra_bridge.state import StateStore

if TYPE_CHECKING:
    from centra_bridge.config import ServiceSettings, ShopSettings

__all__ = ["JobStatus", "ServiceStatus", "ShopStatus", "StatusReader"]

_INVITATIONS, _ERP_READY = "invitations", "erp.ready"  # the features' outbox topics


@dataclass(slots=True)
class JobStatus:
    job: str
    outcome: str  # never, running, ok, failed, interrupted
    last_started: float | None = None
    last_finished: float | None = None
    next_run: float | None = None
    rows: int = 0
    seconds: float | None = None
    error: str | None = None
    hint: str | None = None
    worker: str = ""
    previous: str | None = None  # while running: the last finished run's outcome

    @property
    def failing(self) -> bool:
        return self.outcome == "failed" or (self.outcome == "running" and self.previous == "failed")


@dataclass(slots=True)
class ShopStatus:
    name: str
    endpoint: str
    features: list[str]
    jobs: list[JobStatus]
    healthy: bool
    events_mode: str | None = None  # events, polling, or None before the first sync
    lag_seconds: float | None = None  # age of the oldest change not yet processed, at most
    requests_last_hour: int = 0
    rate_budget_share: float = 0.0  # of the tier's hourly requests
    invitations_pending: int | None = None
    erp_ready_pending: int | None = None
    erp_files_waiting: int | None = None
    problems: list[str] = field(default_factory=list)  # a backlog that could not be read


@dataclass(slots=True)
class ServiceStatus:
    now: float
    shops: list[ShopStatus]
    queued: bool  # jobs go through the Procrastinate queue

    @property
    def healthy(self) -> bool:
        return all(shop.healthy for shop in self.shops)

    def to_dict(self) -> dict[str, Any]:
        return {"now": self.now, "healthy": self.healthy, "queued": self.queued,
                "shops": [asdict(s) for s in self.shops]}  # fmt: skip


class StatusReader:
    """Reads the status from the service's store and each shop's ledgers (kept open)."""

    def __init__(self, service: ServiceSettings, store: StateStore) -> None:
        self.service, self.store = service, store
        self._ledgers: dict[str, StateStore] = {}

    def _ledger(self, location: str) -> StateStore:
        if location not in self._ledgers:
            self._ledgers[location] = StateStore(location if "://" in location else _path(location))
        return self._ledgers[location]

    def close(self) -> None:
        for ledger in self._ledgers.values():
            ledger.close()

    def events_mode(self, shop: str) -> str | None:
        """How the shop's last sync found changes (events or polling; None: not synced yet)."""
        run = last_runs(self.store).get((shop, "sync"))
        return None if run is None else run.events_mode

    def read(self, now: float | None = None) -> ServiceStatus:
        now = time.time() if now is None else now
        runs = last_runs(self.store)
        with self.store.transaction() as tx:
            holders = tx.lease_holders("shop:")
        held = {s: f"shop:{s}" in holders for s in self.service.shops}
        shops = [
            self._shop(shop, runs, held[shop.name], now) for shop in self.service.shops.values()
        ]
        return ServiceStatus(now, shops, self.service.queued)

    def _shop(self, shop: ShopSettings, runs: dict[Any, Any], held: bool, now: float) -> ShopStatus:
        jobs = []
        for job in jobs_of(shop):
            last = runs.get((shop.name, job))
            status = JobStatus(job, "never", next_run=next_run(shop, job, last, now, held=held))
            if last is not None:
                status.outcome = last.outcome
                status.last_started, status.last_finished = last.started_at, last.finished_at
                status.rows, status.seconds, status.worker = last.rows, last.seconds, last.worker
                status.error, status.hint = last.error, last.hint
                status.previous = last.previous
            jobs.append(status)
        sync_run = runs.get((shop.name, "sync"))
        settings = shop.settings
        result = ShopStatus(
            shop.name, mask_url(settings.endpoint), list(shop.features), jobs,
            healthy=not any(j.failing for j in jobs),
        )  # fmt: skip
        if sync_run is not None:
            result.events_mode = sync_run.events_mode
            if sync_run.last_ok_started_at is not None:
                result.lag_seconds = max(0.0, now - sync_run.last_ok_started_at)
        result.requests_last_hour = requests_last_hour(self.store, shop.name, now)
        hourly = TIERS[settings.rate_tier].requests_1h
        if hourly:
            result.rate_budget_share = result.requests_last_hour / hourly
        try:
            if "invitations" in shop.features:
                with self._ledger(settings.invitations.state).transaction() as tx:
                    result.invitations_pending = tx.count_outbox(_INVITATIONS, "pending")
            if "erp" in shop.features:
                with self._ledger(settings.erp.state).transaction() as tx:
                    result.erp_ready_pending = tx.count_outbox(_ERP_READY, "pending")
                if shop.erp_watch is not None:
                    result.erp_files_waiting = len(waiting_files(shop.erp_watch))
        except CentraBridgeError as exc:
            result.problems.append(exc.message)
        return result


def _path(location: str) -> Any:
    from pathlib import Path

    return Path(location)
