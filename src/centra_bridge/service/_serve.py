"""``serve``: the scheduler, the page and (unless ``workers=0``) the jobs, in one process.

Embedded (a SQLite state store, the default): jobs run on ``workers`` threads of this process,
one job per shop at a time. Queued (a PostgreSQL state store): due jobs go to the Procrastinate
queue, run by ``centra-bridge worker`` processes anywhere and by ``workers`` in-process ones.

A stop (SIGTERM, Ctrl-C) stops the scheduling, lets each running job finish and confirm its
current events batch, and returns; the next start reads the last runs from the state store and
carries on from there.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from centra_bridge.errors import ConfigError
from centra_bridge.events import Stop
from centra_bridge.service._jobs import run_job
from centra_bridge.service._runs import JobRun, last_runs
from centra_bridge.service._schedule import Due, due_jobs
from centra_bridge.service._status import StatusReader
from centra_bridge.service._web import check_binding, web_app
from centra_bridge.state import StateStore

if TYPE_CHECKING:
    from centra_bridge.config import ServiceSettings
    from centra_bridge.service._queue import JobQueue

__all__ = ["Service", "ServiceReport", "open_service_store"]

logger = logging.getLogger("centra_bridge.service")

TICK = 1.0  # seconds between looks at the schedule


def open_service_store(service: ServiceSettings) -> StateStore:
    location = service.state
    return StateStore(location if "://" in location else Path(location))


@dataclass(slots=True)
class ServiceReport:
    """What a ``serve`` did before it stopped."""

    started: int = 0  # jobs started (or queued)
    finished: int = 0  # of those, finished in this process
    failed: int = 0
    seconds: float = 0.0
    url: str = ""


class _Threads:
    """Jobs on a thread pool, one per shop at a time, each (shop, job) waiting at most once."""

    def __init__(self, service: Service, workers: int) -> None:
        self.service = service
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="job")
        self.lock = threading.Lock()
        self.running: dict[str, str] = {}  # shop -> its job in hand
        self.waiting: dict[str, deque[tuple[str, dict[str, Any]]]] = {}

    def submit(self, shop: str, job: str, payload: dict[str, Any]) -> bool:
        with self.lock:
            queue = self.waiting.setdefault(shop, deque())
            if job != "webhook" and (
                self.running.get(shop) == job or any(j == job for j, _ in queue)
            ):
                return False
            queue.append((job, payload))
            self._start(shop)
        return True

    def _start(self, shop: str) -> None:
        if shop in self.running or not self.waiting.get(shop):
            return
        job, payload = self.waiting[shop].popleft()
        self.running[shop] = job
        self.pool.submit(self._run, shop, job, payload)

    def _run(self, shop: str, job: str, payload: dict[str, Any]) -> None:
        try:
            settings = self.service.settings
            run = run_job(settings.shops[shop], job, self.service.store, self.service.stop,
                          payload, lease_ttl=settings.lease_ttl)  # fmt: skip
            self.service.finished(run)
        finally:
            with self.lock:
                self.running.pop(shop, None)
                if self.service.stop():
                    self.waiting.clear()
                else:
                    self._start(shop)

    def close(self) -> None:
        self.pool.shutdown(wait=True)  # each job ends at its next batch boundary


class Service:
    """The long-running service. ``run()`` blocks until ``stop`` is set."""

    def __init__(
        self, settings: ServiceSettings, *, workers: int = 2, stop: Stop | None = None
    ) -> None:
        self.settings, self.workers = settings, workers
        self.stop = stop or Stop()
        if not settings.queued and workers < 1:
            msg = "serve --workers 0 leaves the jobs to worker processes, which need PostgreSQL"
            raise ConfigError(
                msg,
                hint='Set [service] state = "postgresql://..." (the job queue lives there), or '
                "run serve with --workers 1 or more.",
            )
        check_binding(settings)
        self.store = open_service_store(settings)
        self.status = StatusReader(settings, self.store)
        self.report = ServiceReport()
        self._lock = threading.Lock()
        self.queue: JobQueue | None = None
        self.threads: _Threads | None = None
        if settings.queued:
            from centra_bridge.service._queue import JobQueue

            self.queue = JobQueue(settings.state)
        else:
            self.threads = _Threads(self, workers)
        self.server: Any = None

    # -- jobs -----------------------------------------------------------------------------------

    def submit(self, shop: str, job: str, payload: dict[str, Any] | None = None) -> bool:
        """Start (or queue) ``job`` for ``shop``; False when it waits already."""
        if self.stop():
            return False
        runner: JobQueue | _Threads | None = self.queue or self.threads
        assert runner is not None
        started = runner.submit(shop, job, payload or {})
        if started:
            with self._lock:
                self.report.started += 1
        return started

    def finished(self, run: JobRun) -> None:
        with self._lock:
            self.report.finished += 1
            self.report.failed += run.outcome == "failed"

    def tick(self, now: float | None = None) -> list[Due]:
        """Start what the schedule says is due now; returns it."""
        now = time.time() if now is None else now
        runs = last_runs(self.store)
        with self.store.transaction() as tx:
            held = {name.removeprefix("shop:") for name in tx.lease_holders("shop:")}
        due = due_jobs(self.settings, runs, now, held=lambda shop: shop in held)
        return [d for d in due if self.submit(d.shop, d.job)]

    # -- the process ---------------------------------------------------------------------------

    def _serve_http(self) -> threading.Thread:
        import uvicorn

        app = web_app(self.settings, self.store, self.status, self._webhook)
        config = uvicorn.Config(app, host=self.settings.host, port=self.settings.port,
                                log_level="warning", access_log=False)  # fmt: skip
        self.server = uvicorn.Server(config)
        thread = threading.Thread(target=self.server.run, name="http", daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.02)
        if not self.server.started:
            msg = f"The status page cannot listen on {self.settings.host}:{self.settings.port}"
            raise ConfigError(msg, hint="Pick a free port with --port, or stop what uses it.")
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.report.url = f"http://{self.settings.host}:{port}"
        return thread

    def _webhook(self, shop: str, job: str, payload: dict[str, Any]) -> None:
        self.submit(shop, job, payload)

    def run(self, *, on_ready: Any = None) -> ServiceReport:
        started = time.monotonic()
        worker: threading.Thread | None = None
        http = self._serve_http()
        try:
            if self.queue is not None and self.workers > 0:
                from centra_bridge.service._queue import run_workers

                worker = threading.Thread(
                    target=run_workers, args=(self.settings, self.store, self.stop),
                    kwargs={"concurrency": self.workers}, name="queue-worker", daemon=True,
                )  # fmt: skip
                worker.start()
            if on_ready is not None:
                on_ready(self.report.url)
            while not self.stop():
                try:
                    self.tick()
                except Exception as exc:  # noqa: BLE001 (the store away a moment: next tick)
                    logger.warning("scheduling failed: %s", exc)
                self.stop.wait(TICK)
        finally:
            self.stop.set()
            if self.threads is not None:
                self.threads.close()
            if worker is not None:
                worker.join()
            if self.server is not None:
                self.server.should_exit = True
                http.join(timeout=5)
            if self.queue is not None:
                self.queue.close()
            self.status.close()
            self.store.close()
            self.report.seconds = time.monotonic() - started
        return self.report
