"""SIGKILL the sync at random points, resume, and compare every row with a clean sync.

Lean on purpose: a few hundred orders, pages of 20 and a committed load per page, so that ten
kills land in different places of a backfill and of event consumption.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from test_sync import _sync, _warehouse

KILLS = 10


def _command(settings) -> list[str]:
    return [
        sys.executable, "-c", "from centra_bridge.cli import main; main()", "sync",
        "--endpoint", settings.endpoint, "--duckdb-path", str(settings.duckdb_path),
    ]  # fmt: skip


def _environment(settings) -> dict[str, str]:
    return {
        **os.environ,
        "CENTRA_BRIDGE_TOKEN": settings.token.get_secret_value(),
        "CENTRA_BRIDGE_STATE_DIR": str(settings.state_dir),
        "CENTRA_BRIDGE_PAGE_SIZE": "20",
        "CENTRA_BRIDGE_CHUNK_PAGES": "1",
    }


def _kill_during_runs(settings, rng: random.Random, between=None) -> int:
    """Start the sync and SIGKILL it after a random delay, ``KILLS`` times; returns real kills."""
    killed = 0
    for _ in range(KILLS):
        if between is not None:
            between()
        process = subprocess.Popen(
            _command(settings),
            env=_environment(settings),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(1.0, 3.0))  # imports take about one second
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait()
    return killed


@pytest.fixture
def slow_shop(centra_emulator_factory):
    running = centra_emulator_factory(orders=400)
    # Every request a little slower, so a backfill lasts long enough to be cut several times.
    running.emulator.faults.configure(slow=1.0, slow_seconds=0.03)
    return running


def test_backfill_killed_ten_times_resumes_to_the_clean_result(slow_shop, settings_for, tmp_path):
    settings = settings_for(slow_shop, duckdb_path=tmp_path / "killed.duckdb")
    killed = _kill_during_runs(settings, random.Random(1))
    assert killed >= KILLS // 2  # most runs were really cut
    _sync(settings)
    slow_shop.emulator.faults.configure(slow=0.0)
    clean = settings_for(
        slow_shop, duckdb_path=tmp_path / "clean.duckdb", state_dir=tmp_path / "clean-state"
    )
    _sync(clean)
    assert _warehouse(settings) == _warehouse(clean)


def test_event_consumption_killed_ten_times_loses_nothing(slow_shop, settings_for, tmp_path):
    settings = settings_for(slow_shop, duckdb_path=tmp_path / "killed.duckdb")
    _sync(settings)
    shop, rng = slow_shop.shop, random.Random(2)

    def change_orders() -> None:
        with shop.lock:
            for number in rng.sample(sorted(shop.orders), 40):
                shop.update_order(number, is_on_hold=not shop.orders[number].is_on_hold)

    killed = _kill_during_runs(settings, rng, between=change_orders)
    assert killed >= 1
    _sync(settings)
    assert shop.events.pending("centra-bridge") == []
    slow_shop.emulator.faults.configure(slow=0.0)
    clean = settings_for(
        slow_shop, duckdb_path=tmp_path / "clean.duckdb", state_dir=tmp_path / "clean-state"
    )
    _sync(clean)
    assert _warehouse(settings) == _warehouse(clean)
