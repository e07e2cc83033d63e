"""Syncing every entity into a real DuckDB file from the emulator over HTTP."""

from __future__ import annotations

import gc
import time
from datetime import UTC
from decimal import Decimal

import duckdb
import pytest

from centra_bridge.emulator import Drift, all_permissions, build_schema, delete_return
from centra_bridge.errors import ConfigError, PermissionDeniedError
from centra_bridge.sync import TABLES, sync
from centra_bridge.testing import warehouse_rows
from sync_compare import assert_same_as_fresh_sync

NO_EVENTS = all_permissions(build_schema()) - {"Event:read", "Event:write"}


def _rows(settings, sql):
    with duckdb.connect(str(settings.duckdb_path), read_only=True) as con:
        return con.execute(sql).fetchall()


def _sync(settings, **kwargs):
    with settings.client() as client:
        return sync(settings, client, **kwargs)


def _warehouse(settings) -> dict[str, list[dict]]:
    """Every synced table's rows (without sync timestamps), sorted: for comparing warehouses."""
    return {
        name: sorted(rows, key=repr) for name, rows in warehouse_rows(settings.duckdb_path).items()
    }


def test_full_sync_loads_every_entity_once(centra_emulator_factory, settings_for):
    running = centra_emulator_factory(orders=500)
    settings = settings_for(running, page_size=100)
    report = _sync(settings)
    shop = running.shop
    orders = shop.orders.values()
    shipments = [s for o in orders for s in o.shipments]
    expected = {
        "orders": len(shop.orders),
        "order_lines": sum(len(o.lines) for o in orders),
        "shipments": len(shipments),
        "shipment_lines": sum(len(s.lines) for s in shipments),
        "returns": len(shop.returns),
        "payments": sum(len(o.payment_history) for o in orders),
        "customers": len(shop.customers),
        "products": len(shop.products),
        "variants": len(shop.variants),
        "sizes": sum(len(v.product_sizes) for v in shop.variants.values()),
        "stock": len(shop.stock),
        "markets": len(shop.markets),
        "stores": len(shop.stores),
        "warehouses": len(shop.warehouses),
        "pricelists": len(shop.pricelists),
    }
    assert report.mode == "full"
    assert gc.isenabled()  # paused only while the run lasts (see the permission test below)
    # Merges go through staging tables: none keeps a second copy of the rows in the file.
    staged = _rows(
        settings,
        "select table_name from information_schema.tables where table_schema = 'centra_staging' "
        "and table_name not like '\\_dlt%' escape '\\'",
    )
    assert staged
    for (name,) in staged:
        assert _rows(settings, f"select count(*) from centra_staging.{name}") == [(0,)], name
    for table, count in expected.items():
        assert report.tables[table] == count, table
        assert report.inserted[table] == count, table
        key = ", ".join(TABLES[table].key)
        assert _rows(settings, f"select count(*), count(distinct ({key})) from centra.{table}") == [
            (count, count)
        ], table
    order = shop.orders[42]
    [(status, total, currency, market, created, offset)] = _rows(
        settings,
        "select status, grand_total, currency, market_id, created_at, order_date_offset "
        "from centra.orders where number = 42",
    )
    assert (status, total, currency, market) == (
        order.status,
        order.grand_total().quantize(Decimal("0.01")),
        order.currency.code,
        order.market.id,
    )
    assert created == order.created_at.astimezone(UTC)
    assert offset == order.created_at.astimezone(shop.timezone).utcoffset().total_seconds() // 60
    [(free, allocated, physical)] = _rows(
        settings,
        "select sum(free_to_allocate), sum(allocated), sum(physical) from centra.stock",
    )
    levels = shop.stock.values()
    assert free == sum(s.free_to_allocate_quantity for s in levels)
    assert allocated == sum(s.allocated_quantity for s in levels)
    assert physical == sum(s.physical_quantity for s in levels)


def test_incremental_run_through_events_loads_exactly_the_changed_orders(
    centra_emulator, settings_for
):
    settings = settings_for(centra_emulator)
    shop = centra_emulator.shop
    _sync(settings)
    unchanged = _sync(settings)
    changed = [5, 77, 640, 1500, 2000]
    with shop.lock:
        for number in changed:
            shop.update_order(number, status="CANCELLED", is_on_hold=True)
            shop.update_order(number, is_on_hold=False)  # two events, one fetch
    report = _sync(settings)
    assert unchanged.mode == "incremental"
    assert unchanged.tables == {}
    # rateLimits for pacing, the listeners, a drain, then one look beyond each cursor: orders,
    # their shipments and returns (which change without the order's stamp), customers, products
    assert unchanged.requests <= 8
    assert report.events == 10
    assert report.tables["orders"] == 5
    assert "orders" not in report.inserted  # five updates, no new orders
    assert report.tables["order_lines"] == sum(len(shop.orders[n].lines) for n in changed)
    latest = _rows(
        settings,
        "select number, status from centra.orders "
        "where _synced_at = (select max(_synced_at) from centra.orders) order by number",
    )
    assert latest == [(n, "CANCELLED") for n in changed]
    assert _rows(settings, "select count(*), count(distinct number) from centra.orders") == [
        (2000, 2000)
    ]
    assert shop.events.pending("centra-bridge") == []  # confirmed after loading


def test_without_event_permissions_polling_finds_orders_sharing_one_second(
    centra_emulator_factory, settings_for
):
    running = centra_emulator_factory(orders=300)
    settings = settings_for(running, token=running.add_token(NO_EVENTS), page_size=50)
    shop = running.shop
    first = _sync(settings)
    assert any("Event:write" in note for note in first.notes)
    with shop.lock:
        now = shop.clock.now()
        for number in range(1, 131):
            shop.update_order(number, status="ARCHIVED")
            shop.orders[number].updated_at = now  # one second, 130 orders: > 2 pages
    _sync(settings)
    assert _rows(settings, "select count(*) from centra.orders where status = 'ARCHIVED'") == [
        (130,)
    ]
    assert _rows(settings, "select count(*), count(distinct number) from centra.orders") == [
        (300, 300)
    ]


def test_events_switched_off_fall_back_to_polling_and_say_so_once(
    centra_emulator_factory, settings_for
):
    running = centra_emulator_factory(orders=200)
    settings = settings_for(running)
    _sync(settings)
    running.shop.events.disabled.add("centra-bridge")
    with running.shop.lock:
        running.shop.update_order(7, status="ARCHIVED")
    noticed = _sync(settings)
    assert noticed.tables["orders"] == 1
    assert len(noticed.notes) == 1
    assert "events system looks switched off" in noticed.notes[0]
    with running.shop.lock:
        running.shop.update_order(8, status="ARCHIVED")
    later = _sync(settings)
    assert later.notes == []  # said once
    assert later.events_mode == "polling"
    assert _rows(settings, "select status from centra.orders where number = 8") == [("ARCHIVED",)]
    assert _rows(
        settings, "select number from centra.orders where status = 'ARCHIVED' order by 1"
    ) == [
        (7,),
        (8,),
    ]


def test_a_deleted_return_disappears_from_the_warehouse(centra_emulator_factory, settings_for):
    running = centra_emulator_factory(orders=300)
    settings = settings_for(running)
    _sync(settings)
    shop = running.shop
    returned = next(iter(shop.returns.values()))
    with shop.lock:
        delete_return(shop, returned)
    report = _sync(settings)
    assert report.deleted == {"returns": 1, "return_lines": len(returned.lines)}
    assert _rows(settings, f"select count(*) from centra.returns where id = {returned.id}") == [
        (0,)
    ]
    assert _rows(settings, "select count(*) from centra.returns") == [(len(shop.returns),)]


def test_custom_attributes_map_to_columns_and_the_rest_is_kept(
    centra_emulator_factory, settings_for
):
    running = centra_emulator_factory(orders=50)
    settings = settings_for(
        running,
        attributes={"products": {"pr_material.name": {"column": "material", "type": "text"}}},
    )
    _sync(settings)
    values_by_object = running.shop.attribute_values
    product = next(
        p for p in running.shop.products.values() if ("Product", p.id) in values_by_object
    )
    values = running.shop.attribute_values[("Product", product.id)]["pr_material"]
    [(material, rest)] = _rows(
        settings, f"select material, attributes from centra.products where id = {product.id}"
    )
    assert material == values["name"]
    assert '"pr_material.care"' in rest
    assert '"pr_material.name"' not in rest


def test_deleted_warehouse_file_triggers_a_full_reload(centra_emulator_factory, settings_for):
    running = centra_emulator_factory(orders=200)
    settings = settings_for(running)
    _sync(settings)
    settings.duckdb_path.unlink()
    report = _sync(settings)
    assert report.mode == "full"
    assert report.tables["orders"] == 200


def test_sync_without_order_read_fails_naming_the_permission(centra_emulator, settings_for):
    token = centra_emulator.add_token(NO_EVENTS - {"Order:read"})
    settings = settings_for(centra_emulator, token=token)
    with pytest.raises(PermissionDeniedError) as caught:
        _sync(settings)
    assert caught.value.missing == ["Order:read"]
    # A run pauses Python's cyclic collector: a failed run must resume it too (the service runs
    # syncs for hours in one process).
    assert gc.isenabled()


def test_sync_through_injected_faults_matches_a_clean_sync(
    centra_emulator_factory, settings_for, tmp_path
):
    clean = centra_emulator_factory(orders=300)
    faulty = centra_emulator_factory(orders=300)
    faulty.emulator.faults.configure(
        error=0.04, rate_limit=0.03, cut=0.02, slow=0.01, slow_seconds=0.2, seed=3
    )
    results = []
    for running, name in ((clean, "clean"), (faulty, "faulty")):
        settings = settings_for(
            running,
            page_size=50,
            duckdb_path=tmp_path / f"{name}.duckdb",
            state_dir=tmp_path / f"{name}-state",
        )
        _sync(settings)
        results.append(_warehouse(settings))
    assert sum(faulty.emulator.responses[s] for s in (500, 429)) > 0
    assert results[0] == results[1]


def test_follow_keeps_loading_changes_until_asked_to_stop(centra_emulator_factory, settings_for):
    import threading

    running = centra_emulator_factory(orders=100)
    settings = settings_for(running, follow_interval=0.1)
    _sync(settings)
    stop = threading.Event()

    def shopper() -> None:
        with running.shop.lock:
            running.shop.update_order(3, status="ARCHIVED")
        # Events are confirmed only after their batch is loaded, so an empty queue means the
        # change is in the warehouse. (Reading the file from this thread while the sync holds it
        # would fail: DuckDB refuses a second in-process connection with another configuration.)
        deadline = time.monotonic() + 10
        while running.shop.events.pending("centra-bridge") and time.monotonic() < deadline:
            time.sleep(0.1)
        # Another program can open the file while the sync waits for the next batch.
        seen.append(_read_elsewhere(settings, "select status from centra.orders where number = 3"))
        collecting.append(gc.isenabled())  # a run pauses the collector, following does not
        stop.set()

    seen: list[str] = []
    collecting: list[bool] = []
    threading.Timer(0.3, shopper).start()
    report = _sync(settings, follow=True, should_stop=stop.is_set)
    assert report.events == 1
    assert _archived(settings) == [(3,)]
    assert seen == ["[('ARCHIVED',)]"]
    assert collecting == [True]


def _read_elsewhere(settings, sql: str) -> str:
    """What another process reads from the warehouse file, opened read-only."""
    import subprocess
    import sys

    code = "import duckdb, sys; print(duckdb.connect(sys.argv[1], read_only=True).sql(sys.argv[2]).fetchall())"
    done = subprocess.run(
        [sys.executable, "-c", code, str(settings.duckdb_path), sql],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return done.stdout.strip() or done.stderr.strip().splitlines()[-1]


def _archived(settings):
    return _rows(settings, "select number from centra.orders where status = 'ARCHIVED'")


def test_reconcile_finds_and_repairs_what_events_never_delivered(
    centra_emulator_factory, settings_for, cli
):
    running = centra_emulator_factory(orders=300)
    settings = settings_for(running)
    _sync(settings)
    shop = running.shop
    customer, product = shop.customers[min(shop.customers)], shop.products[min(shop.products)]
    with shop.lock:
        shop.clock.advance(5)
        shop.update_order(10, status="ARCHIVED")
        shop.update_order(11, is_on_hold=True)
        customer.email = "moved@example.com"
        shop.touch(customer, "Customer")
        shop.events.purge()  # the queue was purged: no event will tell
    with duckdb.connect(str(settings.duckdb_path)) as con:
        con.execute("delete from centra.orders where number = 12")  # a row lost on the way
        con.execute("insert into centra.orders (number) values (99999)")  # one Centra never had
        con.execute(f"delete from centra.products where id = {product.id}")
    args = ["--endpoint", running.url, "--token", running.token]
    args += ["--duckdb-path", str(settings.duckdb_path)]
    code, out, err = cli("reconcile", *args)  # reports by default, and exits 1 on differences
    assert code == 1, err
    assert "groups differ" in out
    for table in ("orders", "customers", "products"):
        assert f"│ {table}" in out, table
    assert _rows(settings, "select status from centra.orders where number = 10") != [("ARCHIVED",)]
    code, out, err = cli("reconcile", *args, "--repair")
    assert code == 0, err
    assert "1 row that Centra no longer has" in out
    assert _rows(settings, "select status from centra.orders where number = 10") == [("ARCHIVED",)]
    assert _rows(settings, "select count(*) from centra.orders where number in (12, 99999)") == [
        (1,)
    ]
    assert _rows(settings, f"select email from centra.customers where id = {customer.id}") == [
        ("moved@example.com",)
    ]
    assert _rows(settings, f"select count(*) from centra.products where id = {product.id}") == [
        (1,)
    ]
    code, out, err = cli("reconcile", *args)
    assert code == 0, err
    assert "Warehouse matches Centra" in out


def test_history_tells_what_was_true_at_a_moment(centra_emulator_factory, settings_for):
    from centra_bridge.emulator import put_stock, record_change

    running = centra_emulator_factory(orders=200)
    settings = settings_for(running, history="orders,stock")
    shop = running.shop
    _sync(settings)
    with shop.lock:
        order = next(o for o in shop.orders.values() if o.status == "PENDING")
        (warehouse_id, size_id), level = next(iter(shop.stock.items()))
        physical_before = level.physical_quantity
        shop.clock.advance(60)
        shop.update_order(order.number, status="CONFIRMED")
        warehouse, size = shop.warehouses[warehouse_id], shop.product_sizes[size_id]
        put_stock(shop, warehouse, size, 5)
        record_change(shop, "DELIVERY", "restock", warehouse, [(size, warehouse, 5, None)])
        shop.clock.advance(60)
        shop.update_order(order.number, status="SHIPPED")
    _sync(settings)

    statuses = _rows(
        settings,
        "select status, valid_from, valid_to from centra.order_status_history "
        f"where number = {order.number} order by valid_from",
    )
    # The backfill saw PENDING; the incremental sync sees only the latest status (CONFIRMED
    # came and went between the two syncs, so it leaves no row).
    assert [s for s, _, _ in statuses] == ["PENDING", "SHIPPED"]
    assert statuses[0][2] == statuses[1][1]  # closed when the next one opened
    assert statuses[1][2] is None
    untouched = _rows(
        settings,
        "select count(*), count(valid_to) from centra.order_status_history "
        f"where number <> {order.number}",
    )
    assert untouched == [(len(shop.orders) - 1, 0)]  # one open row per other order

    levels = _rows(
        settings,
        "select physical, valid_from, valid_to from centra.stock_history "
        f"where warehouse_id = {warehouse_id} and size_id = {size_id} order by valid_from",
    )
    assert [p for p, _, _ in levels] == [physical_before, physical_before + 5]
    between = levels[0][1] + (levels[1][1] - levels[0][1]) / 2
    (at_moment,) = _rows(
        settings,
        "select physical from centra.stock_history "
        f"where warehouse_id = {warehouse_id} and size_id = {size_id} "
        f"and valid_from <= '{between.isoformat()}' "
        f"and (valid_to > '{between.isoformat()}' or valid_to is null)",
    )
    assert at_moment == (physical_before,)

    _sync(settings)  # nothing changed: no new history rows
    assert _rows(settings, "select count(*) from centra.stock_history")[0][0] == len(shop.stock) + 1


def test_history_is_opt_in(centra_emulator, settings_for):
    settings = settings_for(centra_emulator, tables="orders")
    _sync(settings)
    tables = {
        name for (name,) in _rows(settings, "select table_name from information_schema.tables")
    }
    assert "order_status_history" not in tables


def test_a_second_warehouse_on_the_same_events_queue_is_refused_with_the_reason(
    centra_emulator_factory, settings_for, tmp_path, cli, monkeypatch
):
    running = centra_emulator_factory(orders=50)
    first = settings_for(running)
    _sync(first)
    second = settings_for(running, duckdb_path=tmp_path / "second.duckdb")
    with pytest.raises(ConfigError) as refused:
        _sync(second)
    assert "warehouse.duckdb" in str(refused.value)  # who consumes the queue
    assert "one events queue per integration" in str(refused.value)
    assert running.token not in str(refused.value) + refused.value.hint
    # The first warehouse keeps its events: a change arrives through them, not by polling.
    with running.shop.lock:
        running.shop.clock.advance(5)
        running.shop.update_order(3, status="ARCHIVED")
    kept = _sync(first)
    assert (kept.events, kept.events_mode, kept.notes) == (1, "events", [])
    # Moving the queue is a choice the user makes; the first warehouse is then refused.
    monkeypatch.setenv("CENTRA_BRIDGE_STATE_DIR", str(first.state_dir))  # where the claim is
    args = ["--endpoint", running.url, "--token", running.token]
    code, _out, err = cli("sync", *args, "--duckdb-path", str(second.duckdb_path))
    assert code == 1
    assert "--take-over-events" in err
    code, _out, err = cli(
        "sync", *args, "--duckdb-path", str(second.duckdb_path), "--take-over-events"
    )
    assert code == 0, err
    with pytest.raises(ConfigError):
        _sync(first)


def test_tables_added_to_a_warehouse_are_backfilled_and_events_stay_on(
    centra_emulator_factory, settings_for, tmp_path
):
    running = centra_emulator_factory(orders=80)
    _sync(settings_for(running, tables=["orders"]))
    everything = settings_for(running)
    report = _sync(everything)
    assert report.notes == []
    assert report.events_mode == "events"
    for table in ("stock", "markets", "prices", "customers", "products", "stock_changes"):
        assert report.inserted.get(table), table
    with running.shop.lock:
        running.shop.clock.advance(5)
        running.shop.update_order(4, status="ARCHIVED")
    later = _sync(everything)
    assert (later.events, later.events_mode, later.notes) == (1, "events", [])
    assert_same_as_fresh_sync(running, everything, tmp_path)


def test_polling_keeps_stock_current(centra_emulator_factory, settings_for, tmp_path):
    running = centra_emulator_factory(orders=80)
    settings = settings_for(running, token=running.add_token(NO_EVENTS))
    _sync(settings)
    drift = Drift(running.shop, seed=2)
    for kind in ("place", "ship", "complete_shipment", "return", "cancel_lines", "stock"):
        drift.step(kind)
    _sync(settings)
    assert_same_as_fresh_sync(running, settings, tmp_path)


def test_listeners_gone_since_the_last_run_mean_one_polling_pass_not_events_off(
    centra_emulator_factory, settings_for, tmp_path
):
    running = centra_emulator_factory(orders=80)
    settings = settings_for(running)
    _sync(settings)
    with running.shop.lock:
        running.shop.events.listeners.pop("centra-bridge")  # e.g. the shop was reset
        running.shop.clock.advance(5)
        running.shop.update_order(9, status="ARCHIVED")  # no event: nobody listened
    report = _sync(settings)
    assert len(report.notes) == 1
    assert "listeners for" in report.notes[0]
    assert report.events_mode == "events"
    assert_same_as_fresh_sync(running, settings, tmp_path)
    with running.shop.lock:
        running.shop.clock.advance(5)
        running.shop.update_order(10, status="ARCHIVED")
    later = _sync(settings)
    assert (later.events, later.notes) == (1, [])


def test_history_switched_on_later_starts_even_when_nothing_changed(
    centra_emulator_factory, settings_for
):
    running = centra_emulator_factory(orders=40)
    _sync(settings_for(running))
    report = _sync(settings_for(running, history=["orders", "stock"]))
    assert report.tables.get("orders", 0) == 0  # nothing changed: no order was loaded again
    settings = settings_for(running)
    assert _rows(settings, "select count(*) from centra.order_status_history") == [(40,)]
    [(levels,)] = _rows(settings, "select count(*) from centra.stock")
    assert _rows(settings, "select count(*) from centra.stock_history") == [(levels,)]
