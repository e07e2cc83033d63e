"""``centra-bridge serve`` and ``centra-bridge worker``: the service mode. The work is
``centra_bridge.service``'; this parses options, turns SIGTERM and Ctrl-C into the stop token
and prints what the service reports."""

from __future__ import annotations

import logging
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Annotated

import typer

from centra_bridge.cli._common import app, console, err_console, plural, print_json, state
from centra_bridge.config import load_service_settings
from centra_bridge.events import Stop

StateOption = Annotated[
    str | None,
    typer.Option(
        "--state",
        help="Service state store: a SQLite file, or postgresql://... for workers "
        "\\[env CENTRA_BRIDGE_SERVICE_STATE]",
        show_default=False,
    ),
]


@contextmanager
def _stopped_by_signals(stop: Stop) -> Iterator[None]:
    """SIGTERM and SIGINT set the stop token: the running jobs finish their batch first."""

    def handler(signum: int, _: FrameType | None) -> None:
        if stop():
            return
        name = signal.Signals(signum).name
        err_console.print(f"{name}: finishing the current batches, then stopping…")
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def _logging() -> None:
    # A service's log is its record: job outcomes and refused webhooks at INFO.
    logging.getLogger("centra_bridge.service").setLevel(logging.INFO)
    if not logging.getLogger().handlers:
        logging.basicConfig(stream=sys.stderr)
    logging.getLogger().handlers[0].setLevel(logging.INFO)


@app.command("serve")
def serve_command(
    host: Annotated[
        str | None, typer.Option(help="Address of the status page [default: 127.0.0.1]")
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Port of the status page [default: 8787]")
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            help="Jobs run at once in this process; 0 with a PostgreSQL state: only schedule "
            "and serve the page (worker processes run the jobs)"
        ),
    ] = 2,
    state_url: StateOption = None,
) -> None:
    """Run every configured feature for every shop on their schedules, with the status page,
    the webhook receiver and the query API, until SIGTERM or Ctrl-C."""
    from centra_bridge.service import Service  # an extra: imported by its commands only

    settings = load_service_settings(state.config, host=host, port=port, state=state_url)
    _logging()
    stop = Stop()
    service = Service(settings, workers=workers, stop=stop)

    def ready(url: str) -> None:
        mode = "PostgreSQL queue" if settings.queued else "this process"
        console.print(
            f"Serving {plural(len(settings.shops), 'shop')} on {url} (jobs: {mode}, "
            f"{plural(workers, 'worker')} here). SIGTERM or Ctrl-C stops after the current batch.",
            highlight=False,
            soft_wrap=True,
        )

    with _stopped_by_signals(stop):
        report = service.run(on_ready=ready)
    console.print(
        f"Stopped after {report.seconds:.0f} s: {plural(report.started, 'job')} started, "
        f"{report.finished:,} finished here, {report.failed:,} failed.",
        highlight=False,
    )


@app.command("worker")
def worker_command(
    concurrency: Annotated[int, typer.Option(help="Jobs (shops) run at once")] = 1,
    state_url: StateOption = None,
) -> None:
    """Run jobs from the PostgreSQL queue that `serve` fills, until SIGTERM or Ctrl-C: one job
    per shop at a time across every worker; a killed worker's job is taken by another."""
    from centra_bridge.service import open_service_store, run_workers

    settings = load_service_settings(state.config, state=state_url)
    if not settings.queued:
        from centra_bridge.errors import ConfigError

        msg = (
            f"Workers take their jobs from a PostgreSQL queue; the state store is {settings.state}"
        )
        raise ConfigError(
            msg, hint='Set [service] state = "postgresql://..." for serve and every worker.'
        )
    _logging()
    stop = Stop()
    store = open_service_store(settings)
    try:
        with _stopped_by_signals(stop):
            run_workers(settings, store, stop, concurrency=concurrency)
    finally:
        store.close()
    console.print("Worker stopped.")


@app.command("status")
def status_command(
    json_output: Annotated[bool, typer.Option("--json", help="Print the status as JSON")] = False,
    state_url: StateOption = None,
) -> None:
    """The service's status (what the page shows) from its state store."""
    from centra_bridge.service import StatusReader, open_service_store

    settings = load_service_settings(state.config, state=state_url)
    store = open_service_store(settings)
    reader = StatusReader(settings, store)
    try:
        status = reader.read()
    finally:
        reader.close()
        store.close()
    if json_output:
        print_json(status.to_dict())
        return
    for shop in status.shops:
        mark = "[green]healthy[/]" if shop.healthy else "[red]failing[/]"
        console.print(f"[bold]{shop.name}[/] {mark} ({shop.endpoint})", soft_wrap=True)
        for job in shop.jobs:
            line = f"  {job.job:12} {job.outcome:11} rows {job.rows:,}"
            if job.error:
                line += f"  {job.error}"
            console.print(line, highlight=False, markup=False, soft_wrap=True)
            if job.hint and job.error:
                console.print(f"  {'':12} hint: {job.hint}", highlight=False, markup=False)
