"""``/metrics`` in Prometheus' text format, from a ``ServiceStatus`` (read at each scrape, so
every process's jobs show, wherever they ran)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Gauge, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from centra_bridge.service._status import ServiceStatus

__all__ = ["render_metrics"]

_OUTCOMES = ("ok", "failed", "running", "interrupted", "never", "skipped")


def render_metrics(status: ServiceStatus) -> tuple[bytes, str]:
    registry = CollectorRegistry()
    job_labels = ["shop", "job"]
    last_run = Gauge("centra_bridge_job_last_run_timestamp_seconds", "Start of the job's last run",
                     job_labels, registry=registry)  # fmt: skip
    next_run = Gauge("centra_bridge_job_next_run_timestamp_seconds", "When the job runs next",
                     job_labels, registry=registry)  # fmt: skip
    outcome = Gauge("centra_bridge_job_outcome", "1 for the outcome of the job's last run",
                    [*job_labels, "outcome"], registry=registry)  # fmt: skip
    rows = Gauge("centra_bridge_job_rows", "Rows the job's last run handled", job_labels,
                 registry=registry)  # fmt: skip
    healthy = Gauge("centra_bridge_shop_healthy", "1 when no job of the shop failed last",
                    ["shop"], registry=registry)  # fmt: skip
    lag = Gauge("centra_bridge_shop_lag_seconds", "Age of the oldest change not processed, at most",
                ["shop"], registry=registry)  # fmt: skip
    share = Gauge("centra_bridge_shop_rate_budget_share", "Share of the hourly request quota used",
                  ["shop"], registry=registry)  # fmt: skip
    backlog = Gauge("centra_bridge_shop_backlog", "Work waiting, by kind", ["shop", "kind"],
                    registry=registry)  # fmt: skip
    for shop in status.shops:
        healthy.labels(shop.name).set(1 if shop.healthy else 0)
        if shop.lag_seconds is not None:
            lag.labels(shop.name).set(shop.lag_seconds)
        share.labels(shop.name).set(shop.rate_budget_share)
        for kind, value in (("invitations", shop.invitations_pending),
                            ("erp_orders", shop.erp_ready_pending),
                            ("erp_files", shop.erp_files_waiting)):  # fmt: skip
            if value is not None:
                backlog.labels(shop.name, kind).set(value)
        for job in shop.jobs:
            if job.last_started is not None:
                last_run.labels(shop.name, job.job).set(job.last_started)
            if job.next_run is not None:
                next_run.labels(shop.name, job.job).set(job.next_run)
            rows.labels(shop.name, job.job).set(job.rows)
            for name in _OUTCOMES:
                outcome.labels(shop.name, job.job, name).set(1 if job.outcome == name else 0)
    return generate_latest(registry), CONTENT_TYPE_LATEST
