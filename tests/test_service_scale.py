"""Scale-out end to end: six emulated shops, three ``worker`` processes and one ``serve
--workers 0`` on the local PostgreSQL. Workers are SIGKILLed mid-job five times; at the end
every shop's warehouse equals a fresh one-shop sync, no invitation was sent twice, and the
emulators' request logs show that no two workers ever consumed one shop's events at once."""

from __future__ import annotations

import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from typing import Any

import httpx
import pytest

from centra_bridge.emulator import Emulator, EmulatorServer, apply_scenario
from centra_bridge.state import StateStore
from centra_bridge.testing import FakeReviewPlatform, RunningEmulator
from service_harness import load, read_status, wait_for, write_config
from sync_compare import assert_same_as_fresh_sync

pytestmark = pytest.mark.slow

SHOPS = 6
KILLS = 5


class RequestLog:
    """The emulator's requests as (start, end, token, operation, events), from an ASGI wrapper;
    ``events`` is how many events an ``Events`` read was handed (0 for other operations)."""

    def __init__(self, app: Any) -> None:
        self.app, self.entries = app, []
        self.lock = threading.Lock()

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] != "/graphql":
            await self.app(scope, receive, send)
            return
        token = dict(scope["headers"]).get(b"authorization", b"").decode().removeprefix("Bearer ")
        body, answer = b"", b""

        async def reading() -> Any:
            nonlocal body
            message = await receive()
            body += message.get("body", b"")
            return message

        async def sending(message: Any) -> None:
            nonlocal answer
            if message["type"] == "http.response.body":
                answer += message.get("body", b"")
            await send(message)

        started = time.monotonic()
        await self.app(scope, reading, sending)
        name = json.loads(body).get("operationName") if body else None
        handed = 0
        if name == "Events":
            handed = len((json.loads(answer).get("data") or {}).get("events") or [])
        with self.lock:
            self.entries.append((started, time.monotonic(), token, name, handed))


class LoggedEmulator(Emulator):
    def asgi_app(self) -> Any:
        self.log = RequestLog(super().asgi_app())
        return self.log


def _consumption_windows(
    entries: list[tuple[float, float, str, str, int]],
) -> list[tuple[float, float, str]]:
    """Per token, from each ``Events`` read that was handed events to the ``ConfirmEvents``
    that follows it (or to the token's next ``Events`` read, or its last request: a killed
    worker's unconfirmed batch). A read of an empty queue holds nothing: no confirm follows it."""
    windows = []
    by_token: dict[str, list[tuple[float, float, str, int]]] = defaultdict(list)
    for start, end, token, name, handed in sorted(entries):
        by_token[token].append((start, end, name, handed))
    for token, requests in by_token.items():
        opened: float | None = None
        for start, end, name, handed in requests:
            if name == "Events":
                if opened is not None:
                    windows.append((opened, start, token))
                opened = start if handed else None
            elif name == "ConfirmEvents" and opened is not None:
                windows.append((opened, end, token))
                opened = None
        if opened is not None:
            windows.append((opened, requests[-1][1], token))
    return sorted(windows)


def test_six_shops_three_workers_and_five_kills(tmp_path, postgres_url, monkeypatch):
    shops: list[RunningEmulator] = []
    # A review platform per shop: order numbers (the invitations' keys) repeat across shops.
    platforms = [FakeReviewPlatform().start() for _ in range(SHOPS)]
    for index in range(SHOPS):
        emulator = LoggedEmulator(tier="unlimited")
        apply_scenario(emulator.shop, "default", seed=10 + index, orders=80)
        shops.append(
            RunningEmulator(emulator, EmulatorServer(emulator).start(), emulator.add_token())
        )
    secret = platforms[0].webhook_secret
    monkeypatch.setenv("REVIEW_SECRET", secret)
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("CENTRA_BRIDGE_")}
    for index, running in enumerate(shops):
        monkeypatch.setenv(f"S{index}_TOKEN", running.token)
    config = write_config(
        tmp_path / "service.toml",
        {
            f"s{index}": {
                "endpoint": running.url,
                "token_env": f"S{index}_TOKEN",
                "features": ["sync", "invitations"],
                "duckdb_path": str(tmp_path / f"s{index}.duckdb"),
                "state_dir": str(tmp_path / f"state{index}"),
                "invitations": {
                    "provider": "webhook",
                    "webhook_url": platforms[index].webhook_url,
                    "webhook_secret_env": "REVIEW_SECRET",
                    "delay": "0s",
                    "trigger": "confirmed",
                },
            }
            for index, running in enumerate(shops)
        },
        service={"port": 0, "state": postgres_url, "lease_ttl": 3},
        schedules={"sync": "1s", "invitations": "2s"},
    )
    settings = load(config)
    owner: dict[str, str] = {}  # token -> the process it was given to

    def start(kind: str, number: int) -> subprocess.Popen[str]:
        env = dict(base_env)
        for index, running in enumerate(shops):
            # Each process its own token of the shop's one integration: one events queue, and
            # the request log tells the processes apart.
            token = running.add_token()
            owner[token] = f"{kind}{number}"
            env[f"S{index}_TOKEN"] = token
        env["REVIEW_SECRET"] = secret
        args = ["serve", "--workers", "0"] if kind == "serve" else ["worker"]
        return subprocess.Popen(
            [sys.executable, "-m", "centra_bridge.cli", "--config", str(config), *args],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip

    processes = [start("serve", 0)]
    workers = {n: start("worker", n) for n in range(3)}
    killed = 0
    stop_activity = threading.Event()

    def activity() -> None:
        seed = 0
        while not stop_activity.wait(1.0):
            seed += 1
            for running in shops:
                httpx.post(running.base_url + "/emulator/activity",
                           json={"new_orders": 2, "changed_orders": 2, "seed": seed})  # fmt: skip

    try:
        wait_for(lambda: all(j.outcome in ("ok", "running") and j.last_started
                             for s in read_status(settings).shops for j in s.jobs[:1]),
                 90, "every shop's first sync")  # fmt: skip
        mover = threading.Thread(target=activity)
        mover.start()
        number = 3
        while killed < KILLS:
            status = read_status(settings)
            busy = [j.worker for s in status.shops for j in s.jobs if j.outcome == "running"]
            pids = {int(w.split(":")[1]) for w in busy if w.count(":") == 2}
            victims = [n for n, p in workers.items() if p.pid in pids and p.poll() is None]
            if not victims:
                time.sleep(0.1)
                continue
            workers[victims[0]].send_signal(signal.SIGKILL)
            workers[victims[0]].wait()
            killed += 1
            workers[number] = start("worker", number)  # three alive again
            del workers[victims[0]]
            number += 1
            time.sleep(1.5)
        stop_activity.set()
        mover.join()
        quiet_at = time.time()

        synced: dict[str, float] = {}  # shop -> when a sync begun after the last change ended
        sent: set[str] = set()  # shops whose invitations ran after that sync

        def settled() -> bool:
            # Every shop synced since the last change, then sent what that sync found due (the
            # sync's handler writes the outbox rows; the invitations job sends them).
            for shop in read_status(settings).shops:
                jobs = {j.job: j for j in shop.jobs if j.outcome == "ok"}
                sync, invitations = jobs.get("sync"), jobs.get("invitations")
                if sync and (sync.last_started or 0) > quiet_at + 0.5 and sync.last_finished:
                    synced.setdefault(shop.name, sync.last_finished)
                began = (invitations.last_started or 0) if invitations else 0
                if shop.name in synced and began > synced[shop.name]:
                    sent.add(shop.name)
            return sent == set(settings.shops)

        try:
            wait_for(settled, 45, "every job of every shop after the last change")
        except AssertionError:
            jobs = [
                (
                    s.name,
                    j.job,
                    j.outcome,
                    j.last_started and j.last_started - quiet_at,
                    j.error,
                    j.worker,
                )
                for s in read_status(settings).shops
                for j in s.jobs
            ]
            raise AssertionError(jobs) from None
    finally:
        stop_activity.set()
        for process in [*processes, *workers.values()]:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in [*processes, *workers.values()]:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    assert killed == KILLS
    for index, running in enumerate(shops):
        assert_same_as_fresh_sync(running, settings.shops[f"s{index}"].settings, tmp_path)
    repeats = 0
    for index, platform in enumerate(platforms):
        platform.stop()
        repeats += sum(platform.repeats.values())
        ledger = StateStore(settings.shops[f"s{index}"].settings.invitations.state)
        with ledger.transaction() as tx:
            sent = {row.key for row in tx.outbox("invitations", status="sent")}
            waiting = tx.outbox("invitations", status="pending")
        ledger.close()
        assert set(platform.accepted) == sent and not waiting  # none lost, none left behind
    assert sum(len(p.accepted) for p in platforms) >= SHOPS  # new orders were invited
    assert repeats <= killed  # a kill between the platform's answer and the commit repeats one
    handed_over = 0
    for running in shops:
        entries = [e for e in running.emulator.log.entries if e[2] in owner]
        windows = _consumption_windows(entries)
        for (_, end, token), (start_next, _, other) in itertools.pairwise(windows):
            if token != other:
                assert start_next >= end, (owner[token], owner[other], end - start_next)
        consumers = {owner[t] for _, _, t in windows}
        assert "serve0" not in consumers  # serve --workers 0 only schedules
        handed_over += len(consumers) > 1
    assert handed_over  # a killed worker's shop went on with another worker
    for running in shops:
        running.server.stop()
