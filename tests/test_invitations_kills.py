"""Invitations survive SIGKILL: `centra-bridge invitations run` killed at random points while it
decides and delivers, orders shipping meanwhile; every due invitation reaches the platform
exactly once (it counts by idempotency key)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from centra_bridge.invitations import InvitationsOptions, list_invitations, open_store
from shop_actions import new_order, ship

KILLS = 10


@pytest.mark.slow
def test_killed_runs_lose_and_double_no_invitation(
    centra_emulator_factory, review_platform, tmp_path
):
    shop = centra_emulator_factory(orders=120)  # 75 customers: one per order
    review_platform.latency = 0.3  # deliveries take a while: kills land among them
    state = tmp_path / "invitations.sqlite"
    (tmp_path / "centra-bridge.toml").write_text(
        "[invitations]\n"
        'provider = "webhook"\n'
        f'webhook_url = "{review_platform.webhook_url}"\n'
        'delay = "0s"\n'
        f'state = "{state}"\n',
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "CENTRA_BRIDGE_ENDPOINT": shop.url,
        "CENTRA_BRIDGE_TOKEN": shop.token,
        "CENTRA_BRIDGE_INVITATIONS__WEBHOOK_SECRET": review_platform.webhook_secret,
    }
    command = [sys.executable, "-m", "centra_bridge.cli", "invitations", "run", "--json"]
    rng = random.Random(7)
    shipped: list[int] = []
    killed = 0
    for attempt in range(KILLS):
        for _ in range(4):  # orders keep shipping between and during the runs
            number = new_order(shop, customer=len(shipped) + 1)
            ship(shop, number)
            shipped.append(number)
        delivered_before = review_platform.requests
        process = subprocess.Popen(
            command, cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        if attempt % 2 == 0:  # anywhere: starting, reading events, deciding
            time.sleep(rng.uniform(0.3, 1.5))
        else:  # while it delivers: after the platform heard from it
            deadline = time.monotonic() + 30
            while review_platform.requests == delivered_before and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(rng.uniform(0.0, 0.6))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait()
    finished = subprocess.run(
        command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert finished.returncode == 0, finished.stderr

    assert killed >= KILLS - 1, "the runs ended before they could be killed: nothing was tested"
    assert sorted(review_platform.accepted) == sorted(f"order-{n}" for n in shipped)
    # A kill between the platform's answer and the commit repeats that one delivery, with its
    # key: the platform keeps one.
    assert sum(review_platform.repeats.values()) <= killed
    store = open_store(InvitationsOptions(state=str(state)))
    try:
        assert {v.status for v in list_invitations(store)} == {"sent"}
    finally:
        store.close()
