"""The PostgreSQL destination, against the real local server (skipped, saying why, without one),
in a database each test creates and drops (conftest's ``postgres_url``)."""

from __future__ import annotations

from centra_bridge.sync import sync


def _one(connection, sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def test_sync_into_postgres_full_then_incremental(
    centra_emulator_factory, settings_for, postgres_url, postgres
):
    running = centra_emulator_factory(orders=300)
    settings = settings_for(running, destination=postgres_url, history="orders,stock")
    with settings.client() as client:
        first = sync(settings, client)
        before = running.shop.orders[12].status
        with running.shop.lock:
            running.shop.clock.advance(5)
            running.shop.update_order(12, status="ARCHIVED")
        second = sync(settings, client)
    assert first.mode == "full"
    assert first.destination == postgres_url
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
