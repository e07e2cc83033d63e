"""One job of one shop, run to the end under the shop's lease: the events consumer (the sync with
the invitations and ERP handlers on its batches), the invitations that fall due, the ERP files
dropped into the watched directory, the nightly reconcile, and the fetch a webhook asks for.

Every job of a shop holds the lease ``shop:<name>`` in the service's state store while it runs,
whichever process runs it: one shop's events are consumed by one process at a time, and its rate
limits are spent by one job at a time. A killed holder stops renewing; the next job of the shop
waits at most ``LEASE_TTL`` seconds for it.
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from centra_bridge.errors import AuthenticationError, CentraBridgeError, LeaseLostError
from centra_bridge.events import EventBatch
from centra_bridge.redact import hide_secrets
from centra_bridge.service._runs import JobRun, record
from centra_bridge.state import Lease, StateStore

if TYPE_CHECKING:
    from centra_bridge.client import CentraClient
    from centra_bridge.config import ShopSettings

__all__ = ["ERP_KINDS", "LEASE_TTL", "JobContext", "LeaseGuard", "run_job", "waiting_files"]

logger = logging.getLogger("centra_bridge.service")

LEASE_TTL = 15.0  # seconds a killed holder keeps a shop: far above clock skew, short for takeover
ERP_KINDS = ("shipments", "returns", "cancels")  # sub-directories of the watched directory
_SETTLE_SECONDS = 1.0  # a file younger than this may still be being written


class LeaseGuard:
    """The last handler on the shop's consumer: a batch is confirmed only if this process
    still holds the shop (a holder paused past its lease must not confirm what the next
    holder handles too)."""

    object_types: frozenset[str] = frozenset()

    def __init__(self, lease: Lease, lock: threading.Lock) -> None:
        self.lease, self.lock = lease, lock

    def handle(self, batch: EventBatch) -> None:  # noqa: ARG002 (the batch is not read)
        with self.lock:
            if not self.lease.acquire():
                msg = f"The shop's lease {self.lease.name} was taken by another process"
                raise LeaseLostError(msg)


class _Keeper(threading.Thread):
    """Renews the lease every third of its ttl while the job runs (a backfill has no batches
    to renew it at)."""

    def __init__(self, lease: Lease, lock: threading.Lock) -> None:
        super().__init__(daemon=True, name=f"lease-{lease.name}")
        self.lease, self.lock, self.done = lease, lock, threading.Event()

    def run(self) -> None:
        while not self.done.wait(self.lease.ttl / 3):
            with self.lock:
                try:
                    self.lease.acquire()
                except CentraBridgeError as exc:  # the store away a moment: try next time
                    logger.warning("could not renew %s: %s", self.lease.name, exc)


@dataclass
class JobContext:
    """What a job needs: the shop, its client, the stop token, the shop's stores."""

    shop: ShopSettings
    client: CentraClient
    should_stop: Callable[[], bool]
    guard: LeaseGuard
    payload: dict[str, Any]
    run: JobRun


def _store(location: str) -> StateStore:
    return StateStore(location if "://" in location else Path(location))


def _shop_clock(client: CentraClient) -> Any:
    from datetime import UTC, datetime

    return client.execute("ShopClock").server_time or datetime.now(UTC)


def _sync_job(ctx: JobContext) -> None:
    """The events consumer: the sync's run (backfill or poll, drain, proof) with the other
    features' handlers on the same batches; for a shop without events, orders the poll read
    are decided from the orders changed since the sync's cursor."""
    from centra_bridge.erp import ErpOrders
    from centra_bridge.invitations import Invitations
    from centra_bridge.sync import sync

    shop, settings = ctx.shop, ctx.shop.settings
    stores: list[StateStore] = []
    try:
        handlers: list[Any] = []
        invitations = erp = None
        if "invitations" in shop.features:
            stores.append(_store(settings.invitations.state))
            invitations = Invitations(settings.invitations, ctx.client, stores[-1])
            handlers.append(invitations)
        if "erp" in shop.features:
            stores.append(_store(settings.erp.state))
            erp = ErpOrders(settings.erp, ctx.client, stores[-1])
            handlers.append(erp)
        report = sync(settings, ctx.client, should_stop=ctx.should_stop,
                      handlers=[*handlers, ctx.guard])  # fmt: skip
        ctx.run.rows += sum(report.tables.values())
        ctx.run.events_mode = report.events_mode
        ctx.run.notes += report.notes
        numbers = [int(n) for n in ctx.payload.get("orders", ())]
        if invitations is not None and not ctx.should_stop():
            invitations.scan()  # once per store: the switch-on
            if report.events_mode == "polling" and report.since is not None:
                since = {"updatedAt": {"from": report.since.isoformat()}}
                numbers += [o.number for page in invitations.pages(since) for o in page]
            if numbers:
                invitations.decide(sorted(set(numbers)))
        if erp is not None and not ctx.should_stop():
            erp.scan()
            if numbers:
                erp.track(sorted(set(numbers)))
    finally:
        for store in stores:
            store.close()


def _invitations_job(ctx: JobContext) -> None:
    from centra_bridge.invitations import build, deliver

    options = ctx.shop.settings.invitations
    provider = build(options)
    if provider is None:
        ctx.run.notes.append("provider is dry-run: nothing is sent")
        return
    store = _store(options.state)
    try:
        report = deliver(store, provider, options, _shop_clock(ctx.client))
        ctx.run.rows += report.sent
        if report.errors:
            ctx.run.notes += report.errors[:5]
    finally:
        provider.close()
        store.close()


def waiting_files(watch: Path) -> list[tuple[str, Path]]:
    """ERP files waiting in the watched directory, oldest first: ``<watch>/<kind>/*``."""
    found = [
        (path.stat().st_mtime, kind, path)
        for kind in ERP_KINDS
        if (watch / kind).is_dir()
        for path in (watch / kind).iterdir()
        if path.is_file() and not path.name.startswith(".")
    ]
    return [(kind, path) for _, kind, path in sorted(found)]


def _erp_job(ctx: JobContext) -> None:
    """Each file dropped into ``<erp_watch>/<kind>/`` is imported (once per ERP id, so a file
    imported again after a crash sends nothing twice) and moved to ``done/<kind>/`` with its
    report beside it, or to ``failed/<kind>/`` when it cannot be read as a whole."""
    import json

    from centra_bridge.erp import ErpError, import_cancels, import_returns, import_shipments

    watch = ctx.shop.erp_watch
    if watch is None:
        ctx.run.notes.append("no erp_watch directory configured")
        return
    importers = {"shipments": import_shipments, "returns": import_returns,
                 "cancels": import_cancels}  # fmt: skip
    store = _store(ctx.shop.settings.erp.state)
    try:
        for kind, path in waiting_files(watch):
            if ctx.should_stop():
                break
            if time.time() - path.stat().st_mtime < _SETTLE_SECONDS:
                continue
            try:
                report = importers[kind](ctx.client, ctx.shop.settings.erp, path, store=store)
                outcome, detail = "done", asdict(report)
                ctx.run.rows += len(report.applied)
                if report.refused:
                    ctx.run.notes.append(f"{path.name}: {len(report.refused)} rows refused")
            except ErpError as exc:
                outcome, detail = "failed", {"error": exc.message, "hint": exc.hint}
                ctx.run.notes.append(f"{path.name}: {exc.message}")
            target = watch / outcome / kind
            target.mkdir(parents=True, exist_ok=True)
            shutil.move(str(path), target / path.name)
            report_file = target / f"{path.name}.report.json"
            report_file.write_text(json.dumps(detail, default=str, indent=2))
    finally:
        store.close()


def _reconcile_job(ctx: JobContext) -> None:
    from centra_bridge.sync import reconcile

    report = reconcile(ctx.shop.settings, ctx.client, repair=True)
    ctx.run.rows += report.refetched + report.deleted


def _clean(text: str, shop: ShopSettings, store: StateStore) -> str:
    """The first line, without the passwords of the URLs the shop's settings hold (the token
    is never in a message: the client keeps it out)."""
    line = text.strip().splitlines()[0] if text.strip() else "?"
    settings = shop.settings
    for url in (settings.destination, settings.invitations.state, settings.erp.state, store.url):
        line = hide_secrets(line, url)
    return line[:500]


JOB_FUNCTIONS: dict[str, Callable[[JobContext], None]] = {
    "sync": _sync_job,
    "webhook": _sync_job,  # a fetch now, with the named orders decided and tracked
    "invitations": _invitations_job,
    "erp_imports": _erp_job,
    "reconcile": _reconcile_job,
}


def run_job(
    shop: ShopSettings,
    job: str,
    store: StateStore,
    should_stop: Callable[[], bool],
    payload: dict[str, Any] | None = None,
    *,
    lease_ttl: float = LEASE_TTL,
) -> JobRun:
    """Run ``job`` for ``shop`` under the shop's lease and record how it went. Never raises
    for the job's own failure: that is the run's outcome, with its hint."""
    lease = Lease(store, f"shop:{shop.name}", ttl=lease_ttl)
    run = JobRun(shop.name, job, time.time(), worker=lease.holder)
    if not lease.wait(should_stop, poll=0.5):
        run.outcome, run.finished_at = "skipped", time.time()
        return run  # stopping before the shop was ours: nothing done, nothing to record
    lock = threading.Lock()
    keeper = _Keeper(lease, lock)
    keeper.start()
    record(store, run)
    requests = 0
    try:
        with shop.settings.client() as client:
            ctx = JobContext(shop, client, should_stop, LeaseGuard(lease, lock), payload or {}, run)
            try:
                JOB_FUNCTIONS[job](ctx)
            finally:
                requests = client.requests_sent
        run.outcome = "interrupted" if should_stop() else "ok"
    except CentraBridgeError as exc:
        run.outcome, run.error, run.hint = "failed", _clean(exc.message, shop, store), exc.hint
        if isinstance(exc, AuthenticationError) and shop.token_env:
            # The CLI's hint names --token; a shop's token comes from its variable.
            run.hint = (
                "Create a new Integration API token in Centra (System → API tokens), set it in "
                f"{shop.token_env} (token_env of [shops.{shop.name}]) and restart the service."
            )
    except Exception as exc:  # a job's bug must not end the service
        logger.exception("%s of %s failed", job, shop.name)
        run.outcome = "failed"
        run.error = _clean(f"{type(exc).__name__}: {exc}", shop, store)
        run.hint = "This is a bug in centra-bridge: see the service's log and report it."
    finally:
        keeper.done.set()
        keeper.join()
        run.finished_at, run.requests = time.time(), requests
        try:
            record(store, run)
        finally:
            with lock:
                lease.release()
    level = logging.WARNING if run.outcome == "failed" else logging.INFO
    logger.log(level, "%s %s: %s (%d rows)%s", shop.name, job, run.outcome, run.rows,
               f" {run.error}" if run.error else "")  # fmt: skip
    return run
