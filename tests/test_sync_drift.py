"""A shop that keeps changing while it is read: a backfill and incremental runs under a stream of
changes of every kind, in events mode and in polling mode, then every row of every table
compared with a fresh full sync taken after the changes stop. (`bench/drift.py` is the same at
20,000 orders.)"""

from __future__ import annotations

import threading

import pytest

from centra_bridge.emulator import Drift, all_permissions, build_schema
from centra_bridge.sync import sync
from sync_compare import assert_same_as_fresh_sync

NO_EVENTS = all_permissions(build_schema()) - {"Event:read", "Event:write"}


def _sync(settings):
    with settings.client() as client:
        return sync(settings, client)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["events", "polling"])
def test_a_changing_shop_ends_identical_to_a_fresh_sync(
    mode, centra_emulator_factory, settings_for, tmp_path
):
    running = centra_emulator_factory(orders=600, seed=7)
    drift = Drift(running.shop, seed=11, flash_sale=250, mass_lock=120)
    token = running.token if mode == "events" else running.add_token(NO_EVENTS)
    settings = settings_for(running, token=token, page_size=100, chunk_pages=2)
    guard, requests = threading.Lock(), []

    def change_between_requests(operation, _variables):
        with guard:
            requests.append(operation)
            if len(requests) == 3:
                drift.step("flash_sale")  # hundreds of orders in one second, mid-backfill
            elif len(requests) == 6:
                drift.step("mass_lock")
            for _ in range(4):
                drift.step()

    remove = running.emulator.add_request_hook(change_between_requests)
    _sync(settings)  # the backfill, under changes
    for _ in range(3):  # changes between runs too
        with guard:
            for _ in range(20):
                drift.step()
        _sync(settings)
    remove()
    _sync(settings)  # the changes have stopped: one more run catches up
    assert {"flash_sale", "mass_lock", "capture", "return", "cancel_lines"} <= set(drift.counts)
    assert_same_as_fresh_sync(running, settings, tmp_path)
