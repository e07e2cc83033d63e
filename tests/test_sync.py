"""Syncing orders into a real DuckDB file from the emulator over HTTP."""

from __future__ import annotations

from decimal import Decimal

import duckdb
import pytest

from centra_bridge.client import CentraClient
from centra_bridge.errors import PermissionDeniedError
from centra_bridge.sync import sync_orders


def _rows(settings, sql):
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_full_sync_loads_every_order_and_line_once(centra_emulator_factory, settings_for):
    running = centra_emulator_factory(orders=700)
    settings = settings_for(running, page_size=100)
    with CentraClient(settings.endpoint, settings.token) as client:
        report = sync_orders(settings, client)
    shop = running.shop
    expected_lines = sum(len(o.lines) for o in shop.orders.values())
    assert report.mode == "full"
    assert report.tables == {"orders": 700, "order_lines": expected_lines}
    assert _rows(settings, "select count(*), count(distinct number) from centra.orders") == [
        (700, 700)
    ]
    assert _rows(settings, "select count(*), count(distinct id) from centra.order_lines") == [
        (expected_lines, expected_lines)
    ]
    order = shop.orders[42]
    [(status, total, currency, market, created)] = _rows(
        settings,
        "select status, grand_total, currency, market_name, created_at "
        "from centra.orders where number = 42",
    )
    assert (status, total, currency, market) == (
        order.status,
        order.grand_total().quantize(Decimal("0.01")),
        order.currency.code,
        order.market.name,
    )
    assert created == order.created_at


def test_incremental_rerun_loads_exactly_the_changed_orders(centra_emulator, settings_for):
    settings = settings_for(centra_emulator)
    shop = centra_emulator.shop
    with CentraClient(settings.endpoint, settings.token) as client:
        sync_orders(settings, client)
        unchanged = sync_orders(settings, client)
        changed = [5, 77, 640, 1500, 2000]
        with shop.lock:
            for number in changed:
                shop.update_order(number, status="CANCELLED", is_on_hold=True)
        report = sync_orders(settings, client)
    assert unchanged.mode == "incremental"
    assert unchanged.tables == {"orders": 0, "order_lines": 0}
    lines = sum(len(shop.orders[n].lines) for n in changed)
    assert report.mode == "incremental"
    assert report.tables == {"orders": 5, "order_lines": lines}
    latest = _rows(
        settings,
        "select number, status, is_on_hold from centra.orders "
        "where _synced_at = (select max(_synced_at) from centra.orders) order by number",
    )
    assert latest == [(n, "CANCELLED", True) for n in changed]
    assert _rows(settings, "select count(*), count(distinct number) from centra.orders") == [
        (2000, 2000)
    ]


def test_orders_sharing_one_second_beyond_a_page_are_all_loaded(
    centra_emulator_factory, settings_for
):
    running = centra_emulator_factory(orders=300)
    settings = settings_for(running, page_size=50)
    shop = running.shop
    with CentraClient(settings.endpoint, settings.token) as client:
        sync_orders(settings, client)
        with shop.lock:
            now = shop.clock.now()
            for number in range(1, 131):
                shop.update_order(number, status="ARCHIVED")
                shop.orders[number].updated_at = now  # one second, 130 orders: > 2 pages
        report = sync_orders(settings, client)
    assert report.tables["orders"] == 130
    assert _rows(settings, "select count(*) from centra.orders where status = 'ARCHIVED'") == [
        (130,)
    ]


def test_deleted_warehouse_file_triggers_a_full_reload(centra_emulator_factory, settings_for):
    running = centra_emulator_factory(orders=200)
    settings = settings_for(running)
    with CentraClient(settings.endpoint, settings.token) as client:
        sync_orders(settings, client)
        settings.duckdb_path.unlink()
        report = sync_orders(settings, client)
    assert report.mode == "full"
    assert report.tables["orders"] == 200


def test_sync_without_order_read_fails_naming_the_permission(centra_emulator, settings_for):
    token = centra_emulator.add_token({"Store:read", "Market:read", "Product:read"})
    settings = settings_for(centra_emulator, token=token)
    with (
        CentraClient(settings.endpoint, settings.token) as client,
        pytest.raises(PermissionDeniedError) as caught,
    ):
        sync_orders(settings, client)
    assert caught.value.missing == ["Order:read"]


def test_sync_through_injected_faults_matches_a_clean_sync(
    centra_emulator_factory, settings_for, tmp_path
):
    clean = centra_emulator_factory(orders=400)
    faulty = centra_emulator_factory(orders=400)
    faulty.emulator.faults.configure(
        error=0.1, rate_limit=0.1, cut=0.1, slow=0.05, slow_seconds=0.2, seed=3
    )
    results = []
    for running, name in ((clean, "clean"), (faulty, "faulty")):
        settings = settings_for(running, page_size=50, duckdb_path=tmp_path / f"{name}.duckdb")
        with CentraClient(settings.endpoint, settings.token) as client:
            sync_orders(settings, client)
        results.append(
            _rows(settings, "select * exclude (_synced_at) from centra.orders order by number")
            + _rows(settings, "select * exclude (_synced_at) from centra.order_lines order by id")
        )
    assert faulty.emulator.responses[500] + faulty.emulator.responses[429] > 0
    assert results[0] == results[1]
