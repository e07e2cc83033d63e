"""Scale-out: jobs through a Procrastinate queue in the PostgreSQL database of the state store
(no broker to run). ``serve`` defers the jobs that are due; each ``worker`` process runs them.

Every job carries the lock ``shop:<name>``: Procrastinate starts no job while another job with
its lock is in progress, so one shop's events are consumed by one worker at a time while other
shops run in parallel anywhere. The shop's lease (``run_job``) guards the same thing once more,
in the state store, for a worker that stalls instead of dying. A killed worker stops sending
heartbeats; the other workers find its job stalled and put it back in the queue.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from centra_bridge.errors import ConfigError, StateError
from centra_bridge.redact import first_line, mask_url
from centra_bridge.service._jobs import run_job

if TYPE_CHECKING:
    from centra_bridge.config import ServiceSettings
    from centra_bridge.state import StateStore

__all__ = ["QUEUE", "TASK", "JobQueue", "run_workers"]

logger = logging.getLogger("centra_bridge.service.queue")

QUEUE, TASK = "centra-bridge", "centra_bridge.shop_job"
HEARTBEAT = 2.0  # seconds between a worker's heartbeats
STALLED_AFTER = 6.0  # at least: a worker silent this long (3 heartbeats) is dead
SHUTDOWN_GRACE = 120.0  # seconds a stopping worker waits for its jobs' current batch


def _conninfo(url: str) -> str:
    """A libpq URL for psycopg 3: no SQLAlchemy driver suffix, no ``schema`` parameter."""
    from urllib.parse import parse_qsl, urlencode, urlsplit

    parts = urlsplit(url)
    scheme = "postgresql"  # postgres://, postgresql+psycopg2:// ... all mean libpq's
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k != "schema"])
    return parts._replace(scheme=scheme, query=query).geturl()


def _app(url: str) -> Any:
    try:
        import procrastinate
    except ImportError:
        msg = "Workers need the service extra (Procrastinate), which is not installed"
        raise ConfigError(msg, hint="pip install 'centra-bridge[service]'") from None
    return procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=_conninfo(url)))


def _ensure_schema(url: str) -> None:
    """Procrastinate's tables, once per database (an advisory lock keeps two starts apart)."""
    import psycopg

    try:
        with psycopg.connect(_conninfo(url), autocommit=True) as connection:
            connection.execute("select pg_advisory_lock(hashtext('centra-bridge-procrastinate'))")
            present = connection.execute("select to_regclass('procrastinate_jobs')").fetchone()
            if present is None or present[0] is None:
                app = _app(url)
                with app.open():
                    app.schema_manager.apply_schema()
            connection.execute("select pg_advisory_unlock(hashtext('centra-bridge-procrastinate'))")
    except psycopg.Error as exc:
        msg = f"The job queue in {mask_url(url)} cannot be set up: {first_line(exc)}"
        raise StateError(
            msg, hint="Check the [service] state URL and the database's rights."
        ) from None


class JobQueue:
    """The scheduler's side: defer a shop's job (at most one waiting per shop and job)."""

    def __init__(self, url: str) -> None:
        _ensure_schema(url)
        self.app = _app(url)
        self.app.task(name=TASK, queue=QUEUE)(_unbound)
        self.app.open()

    def submit(self, shop: str, job: str, payload: dict[str, Any]) -> bool:
        """Queue the job; False when the same job of the shop waits already."""
        from procrastinate.exceptions import AlreadyEnqueued

        # A webhook's job carries its orders: each is queued, never merged with another.
        queueing = None if job == "webhook" else f"{shop}:{job}"
        deferrer = self.app.configure_task(TASK, lock=f"shop:{shop}", queueing_lock=queueing)
        try:
            deferrer.defer(shop=shop, job=job, payload=payload)
        except AlreadyEnqueued:
            return False
        return True

    def close(self) -> None:
        self.app.close()


def _unbound(shop: str, job: str, payload: dict[str, Any]) -> None:  # noqa: ARG001
    msg = "this process only defers jobs"
    raise RuntimeError(msg)


async def _retry_stalled(app: Any, should_stop: Callable[[], bool], after: float) -> None:
    """Put the jobs of dead workers back in the queue (any worker does it; it is idempotent).
    When the same job of the shop is queued already (the scheduler saw the run left
    ``running``), the dead one is marked failed instead: its work is done by the queued one."""
    from procrastinate.exceptions import UniqueViolation
    from procrastinate.jobs import Status

    while not should_stop():
        try:
            for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=after):
                logger.warning("job %s of a dead worker goes back in the queue", job.id)
                try:
                    await app.job_manager.retry_job(job)
                except UniqueViolation:
                    await app.job_manager.finish_job(job, status=Status.FAILED, delete_job=False)
        except Exception as exc:  # noqa: BLE001 (the database away a moment, or another
            # worker was quicker: the next round sees)
            logger.warning("could not requeue stalled jobs: %s", first_line(exc))
        await asyncio.sleep(HEARTBEAT)


async def _stop_when(should_stop: Callable[[], bool], worker: Any) -> None:
    while not should_stop():
        await asyncio.sleep(0.2)
    worker.stop()


def run_workers(
    service: ServiceSettings,
    store: StateStore,
    should_stop: Callable[[], bool],
    *,
    concurrency: int = 1,
    name: str | None = None,
) -> None:
    """Run jobs from the queue until ``should_stop``; then let the running jobs finish their
    batch (they see ``should_stop`` too) and return."""
    from procrastinate.worker import Worker

    _ensure_schema(service.state)
    app = _app(service.state)
    # Its jobs' leases run out after lease_ttl too: requeueing sooner would only wait on them.
    stalled_after = max(STALLED_AFTER, service.lease_ttl)

    def shop_job(shop: str, job: str, payload: dict[str, Any]) -> None:
        if shop not in service.shops:
            logger.warning("job for unknown shop %s dropped (the config changed?)", shop)
            return
        run_job(service.shops[shop], job, store, should_stop, payload, lease_ttl=service.lease_ttl)

    app.task(name=TASK, queue=QUEUE)(shop_job)

    async def main() -> None:
        async with app.open_async():
            worker = Worker(
                app,
                queues=[QUEUE],
                name=name or f"{socket.gethostname()}:{os.getpid()}",
                concurrency=concurrency,
                install_signal_handlers=False,  # the caller's Stop token is the one signal
                update_heartbeat_interval=HEARTBEAT,
                stalled_worker_timeout=stalled_after,
                shutdown_graceful_timeout=SHUTDOWN_GRACE,
                delete_jobs="successful",  # the runs are kept in the state store instead
            )
            side = [
                asyncio.create_task(_retry_stalled(app, should_stop, stalled_after)),
                asyncio.create_task(_stop_when(should_stop, worker)),
            ]
            try:
                await worker.run()  # type: ignore[no-untyped-call]
            finally:
                for task in side:
                    task.cancel()

    asyncio.run(main())
