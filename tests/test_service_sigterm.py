"""SIGTERM while ``serve`` handles an events batch: the batch is loaded and confirmed (or left
queued), never half-applied; the process exits in bounded time and the next start resumes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

import httpx
import pytest

from service_harness import finished, load, read_status, wait_for, write_config
from sync_compare import assert_same_as_fresh_sync

pytestmark = pytest.mark.slow


def _serve(config, env) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "centra_bridge.cli", "--config", str(config), "serve",
         "--workers", "1"],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip


def test_sigterm_during_a_batch_confirms_it_and_the_next_start_resumes(
    centra_emulator_factory, tmp_path, monkeypatch
):
    running = centra_emulator_factory(orders=150, seed=4)
    monkeypatch.setenv("SOLO_TOKEN", running.token)
    config = write_config(
        tmp_path / "service.toml",
        {
            "solo": {
                "endpoint": running.url,
                "token_env": "SOLO_TOKEN",
                "duckdb_path": str(tmp_path / "solo.duckdb"),
                "state_dir": str(tmp_path / "state"),
            }
        },
        service={"port": 0, "state": str(tmp_path / "service.sqlite")},
        schedules={"sync": "1s"},
    )
    settings = load(config)
    env = {k: v for k, v in os.environ.items() if not k.startswith("CENTRA_BRIDGE_")}
    process = _serve(config, env)
    try:
        wait_for(lambda: finished(settings, "solo", "sync"), 60, "the first sync")
        log: list[tuple[float, str | None]] = []
        armed, signalled = threading.Event(), threading.Event()
        seen_events = threading.Event()

        def hook(name: str | None, _: dict[str, object]) -> None:
            log.append((time.monotonic(), name))
            if not armed.is_set() or signalled.is_set():
                return
            if name == "Events":
                seen_events.set()
            elif seen_events.is_set() and name != "ConfirmEvents":
                # Inside the batch: its changed objects are being fetched.
                process.send_signal(signal.SIGTERM)
                signalled.set()
                time.sleep(0.5)

        remove = running.add_request_hook(hook)
        changed = httpx.post(
            running.base_url + "/emulator/activity",
            json={"new_orders": 15, "changed_orders": 15, "seed": 3},
        ).json()
        assert changed["orders"]
        armed.set()
        wait_for(signalled.is_set, 30, "a batch in hand")
        stopped_at = time.monotonic()
        assert process.wait(timeout=30) == 0, process.stdout.read() if process.stdout else ""
        took = time.monotonic() - stopped_at
        remove()
        after = [name for at, name in log if at >= stopped_at]
        assert "ConfirmEvents" in after, after  # the batch in hand was confirmed ...
        assert "Events" not in after[after.index("ConfirmEvents") :], after  # ... and no next one
        assert took < 20
        run = next(j for j in read_status(settings).shops[0].jobs if j.job == "sync")
        assert run.outcome == "interrupted"
        # Confirmed means loaded: the warehouse holds the shop as it is now.
        assert_same_as_fresh_sync(running, settings.shops["solo"].settings, tmp_path)

        httpx.post(running.base_url + "/emulator/activity",
                   json={"new_orders": 5, "changed_orders": 5, "seed": 4})  # fmt: skip
        restarted_at = time.time()
        process = _serve(config, env)
        wait_for(
            lambda: any(j.job == "sync" and j.outcome == "ok" and (j.last_started or 0)
                        > restarted_at for j in read_status(settings).shops[0].jobs),
            60, "a sync after the restart",
        )  # fmt: skip
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert_same_as_fresh_sync(running, settings.shops["solo"].settings, tmp_path)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
