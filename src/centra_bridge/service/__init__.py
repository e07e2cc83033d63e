"""Service mode: every configured feature for many shops, always on, with a status page.

>>> service = Service(load_service_settings(Path("service.toml")), workers=2)
>>> service.run()                       # until service.stop.set() (SIGTERM in the CLI)
>>> StatusReader(settings, store).read().shops[0].jobs   # what the page shows, as data

With a PostgreSQL state store the jobs go through a Procrastinate queue in that database:
``run_workers(settings, store, stop)`` runs them (``centra-bridge worker``), one job per shop at
a time, on any number of machines.

It ships as an extra (``pip install 'centra-bridge[service]'``): the other commands do not need
starlette, uvicorn and prometheus-client.
"""

from centra_bridge.errors import ExtraMissingError

try:
    import prometheus_client
    import starlette
    import uvicorn
except ImportError as exc:
    msg = f"The service needs its extra, which is not installed ({exc})"
    raise ExtraMissingError(
        msg, hint="pip install 'centra-bridge[service]' (in a clone: pip install '.[service]')"
    ) from None
del prometheus_client, starlette, uvicorn

from centra_bridge.service._jobs import ERP_KINDS, LEASE_TTL, LeaseGuard, run_job, waiting_files
from centra_bridge.service._metrics import render_metrics
from centra_bridge.service._page import render_status
from centra_bridge.service._queue import JobQueue, run_workers
from centra_bridge.service._runs import JobRun, last_runs
from centra_bridge.service._schedule import Due, due_jobs, jobs_of, next_run
from centra_bridge.service._serve import Service, ServiceReport, open_service_store
from centra_bridge.service._status import JobStatus, ServiceStatus, ShopStatus, StatusReader
from centra_bridge.service._web import is_loopback, web_app

__all__ = [
    "ERP_KINDS",
    "LEASE_TTL",
    "Due",
    "JobQueue",
    "JobRun",
    "JobStatus",
    "LeaseGuard",
    "Service",
    "ServiceReport",
    "ServiceStatus",
    "ShopStatus",
    "StatusReader",
    "due_jobs",
    "is_loopback",
    "jobs_of",
    "last_runs",
    "next_run",
    "open_service_store",
    "render_metrics",
    "render_status",
    "run_job",
    "run_workers",
    "waiting_files",
    "web_app",
]
