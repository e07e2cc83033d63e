"""The PostgreSQL destination, against the real local server (skipped, saying why, without one)."""

from __future__ import annotations

import os

import pytest

from centra_bridge.sync import sync

POSTGRES_URL = os.environ.get(
    "CENTRA_BRIDGE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/test"
)


@pytest.fixture
def postgres():
    psycopg2 = pytest.importorskip("psycopg2", reason="pip install 'centra-bridge[postgres]'")
    try:
        connection = psycopg2.connect(POSTGRES_URL, connect_timeout=3)
    except psycopg2.OperationalError as exc:
        pytest.skip(f"no PostgreSQL at {POSTGRES_URL} ({exc}); set CENTRA_BRIDGE_TEST_POSTGRES")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("drop schema if exists centra cascade")
        cursor.execute("drop schema if exists centra_staging cascade")
    yield connection
    connection.close()


def _one(connection, sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def test_sync_into_postgres_full_then_incremental(centra_emulator_factory, settings_for, postgres):
    running = centra_emulator_factory(orders=300)
    settings = settings_for(running, destination=POSTGRES_URL, history="orders,stock")
    with settings.client() as client:
        first = sync(settings, client)
        before = running.shop.orders[12].status
        with running.shop.lock:
            running.shop.clock.advance(5)
            running.shop.update_order(12, status="ARCHIVED")
        second = sync(settings, client)
    assert first.mode == "full"
    assert first.destination == POSTGRES_URL
    assert _one(postgres, "select count(*), count(distinct number) from centra.orders") == [
        (300, 300)
    ]
    lines = sum(len(o.lines) for o in running.shop.orders.values())
    assert _one(postgres, "select count(*) from centra.order_lines") == [(lines,)]
    assert second.tables["orders"] == 1
    assert _one(postgres, "select status from centra.orders where number = 12") == [("ARCHIVED",)]
    assert _one(postgres, "select count(*) from centra.stock") == [(len(running.shop.stock),)]
    history = (
        "select status, valid_to is null from centra.order_status_history "
        "where number = 12 order by valid_from"
    )
    assert _one(postgres, history) == [(before, False), ("ARCHIVED", True)]
    assert second.inserted == {"order_status_history": 1}
