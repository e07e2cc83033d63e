"""Reading a synced warehouse as Arrow tables, read-only, on DuckDB and on the real PostgreSQL."""

from __future__ import annotations

import pytest

from centra_bridge.sync import summarise, sync
from centra_bridge.warehouse import Reader, WarehouseReadError


def _sync(settings):
    with settings.client() as client:
        return sync(settings, client)


@pytest.fixture(params=["duckdb", "postgresql"])
def synced(request, centra_emulator_factory, settings_for):
    """A warehouse synced from 60 orders, and where to read it."""
    running = centra_emulator_factory(orders=60)
    if request.param == "duckdb":
        settings = settings_for(running)
        location: object = settings.duckdb_path
    else:
        location = request.getfixturevalue("postgres_url")
        settings = settings_for(running, destination=location)
    _sync(settings)
    return running, location


def test_a_reader_returns_arrow_tables_of_the_synced_rows(synced):
    running, location = synced
    with Reader(location) as reader:
        orders = reader.query("select number, status from {dataset}.orders order by number")
        assert orders.num_rows == len(running.shop.orders) == 60
        assert orders.column("number").to_pylist() == sorted(running.shop.orders)
        assert {"orders", "order_lines", "stock", "markets"} <= set(reader.tables())
        assert not [t for t in reader.tables() if t.startswith("_dlt")]


def test_a_reader_never_writes(synced):
    _, location = synced
    with Reader(location) as reader, pytest.raises(WarehouseReadError, match="failed"):
        reader.query("delete from {dataset}.orders")
    with Reader(location) as reader:
        assert reader.query("select count(*) from {dataset}.orders").column(0)[0].as_py() == 60


def test_the_summary_counts_every_table_and_the_revenue_of_orders_not_cancelled(synced):
    running, location = synced
    with Reader(location) as reader:
        summary = summarise(reader)
    assert summary.rows["orders"] == 60
    assert summary.rows["order_lines"] == sum(len(o.lines) for o in running.shop.orders.values())
    kept = [o for o in running.shop.orders.values() if o.status != "CANCELLED"]
    assert sum(m.orders for m in summary.revenue) == len(kept)
    assert all(m.revenue > 0 for m in summary.revenue)


def test_a_missing_warehouse_says_to_sync_first(tmp_path):
    with pytest.raises(WarehouseReadError, match="does not exist") as caught:
        Reader(tmp_path / "nothing.duckdb")
    assert "centra-bridge sync" in caught.value.hint
