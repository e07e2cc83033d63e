"""Analytics: every metric against a computation from the emulator's own objects (not from the
warehouse), time-zone days, base currency, the refusal to add currencies, DuckDB and PostgreSQL
alike, and the `query` command's formats and errors."""

from __future__ import annotations

import csv
import io
import json
from collections import defaultdict
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pyarrow.parquet as pq
import pytest

from centra_bridge.analytics import AnalyticsError, Query, as_frame, create_views, run_query
from centra_bridge.errors import CentraBridgeError
from centra_bridge.sync import sync
from centra_bridge.warehouse import Reader
from shop_actions import gql, new_order

ZONE = "Europe/Stockholm"


@pytest.fixture(scope="module")
def synced(tmp_path_factory):
    """A shop of 300 seeded orders, one with a voucher and one placed at 23:30 UTC, synced into
    DuckDB."""
    from centra_bridge.config import load_settings
    from centra_bridge.testing import start_emulator

    running = start_emulator(orders=300)
    try:
        running.shop.clock.set(datetime(2026, 11, 30, 12, 0, tzinfo=UTC))
        new_order(running, customer=2, products=(1, 2), voucher=_voucher(running, "SPRING10"))
        running.shop.clock.set(datetime(2026, 11, 30, 23, 30, tzinfo=UTC))
        late = new_order(running, customer=1, products=(0,))
        where = tmp_path_factory.mktemp("analytics")
        settings = load_settings(
            None,
            endpoint=running.url,
            token=running.token,
            duckdb_path=where / "w.duckdb",
            state_dir=where / "state",
        )
        with settings.client() as client:
            sync(settings, client)
        yield running, where / "w.duckdb", late
    finally:
        running.server.stop()


def _voucher(running, code: str):
    created = gql(
        running,
        "mutation($input: VoucherCreateInput!) { createVoucher(input: $input) "
        "{ userErrors { message } voucher { id } } }",
        input={
            "name": code,
            "status": "ACTIVE",
            "startAt": "2026-01-01 00:00",
            "stopAt": "2027-12-31 00:00",
            "method": "CODE",
            "code": code,
            "priority": 1,
            "maxUsages": 0,
            "reuse": True,
            "combineWithOtherVouchers": True,
            "type": "DISCOUNT",
            "entryPointStrategy": "APPLY_ALL_IF_ALL_APPLY",
            "store": {"id": 1},
        },
    )
    return running.shop.vouchers[created["createVoucher"]["voucher"]["id"]]


def _query(path: Path, query: Query) -> list[dict]:
    with Reader(path) as reader:
        return run_query(reader, query).to_pylist()


def _returned(order) -> dict[int, int]:
    found: dict[int, int] = defaultdict(int)
    for ret in order.returns:
        for line in ret.lines:
            found[line.shipment_line.order_line.id] += line.quantity
    return found


def _expected_order_items(shop) -> dict[tuple, dict[str, Decimal]]:
    """month (local) × market: the metrics, from the shop's orders."""
    groups: dict[tuple, dict] = defaultdict(lambda: defaultdict(Decimal))
    orders: dict[tuple, set] = defaultdict(set)
    for order in shop.orders.values():
        key = (order.order_date.astimezone(ZoneInfo(ZONE)).date().replace(day=1), order.market.name)
        rate = Decimal(str(order.currency_base_rate))
        returned = _returned(order)
        for line in order.lines:
            group = groups[key]
            orders[key].add(order.number)
            kept = line.line_value - line.unit_price * returned.get(line.id, 0)
            net = kept * 100 / (100 + Decimal(str(line.tax_percent)))
            group["quantity"] += line.active_quantity
            group["cancelled_quantity"] += line.cancelled_quantity
            group["gross_revenue"] += line.unit_original_price * line.active_quantity * rate
            group["discounts"] += (
                line.unit_original_price * line.active_quantity - line.line_value
            ) * rate
            group["net_revenue"] += net * rate
            group["tax"] += (kept - net) * rate
            group["paid"] += line.line_value * rate
    for key, group in groups.items():
        group["orders"] = Decimal(len(orders[key]))
        group["average_order_value"] = group["paid"] / len(orders[key])
        group["units_per_order"] = group["quantity"] / len(orders[key])
        group["average_unit_price"] = group["paid"] / group["quantity"]
    return groups


METRICS = (
    "orders",
    "quantity",
    "cancelled_quantity",
    "gross_revenue",
    "discounts",
    "net_revenue",
    "tax",
    "average_order_value",
    "units_per_order",
    "average_unit_price",
)


def test_order_items_metrics_match_the_shops_own_orders(synced):
    running, path, _ = synced
    rows = _query(
        path, Query("order-items", ("month", "market"), METRICS, timezone=ZONE, base_currency=True)
    )
    expected = _expected_order_items(running.shop)
    assert {(r["month"], r["market"]) for r in rows} == set(expected)
    for row in rows:
        want = expected[(row["month"], row["market"])]
        for metric in METRICS:
            # The warehouse rounds money to cents and ratios to 4 places; float rates differ in
            # the last digits: a cent per group at most.
            assert abs(Decimal(str(row[metric])) - want[metric]) <= Decimal("0.011"), metric


# How each order-level dimension reads the emulator's own order (not the warehouse).
_OF_ORDER = {
    "pricelist": lambda o: o.pricelist.name if o.pricelist else None,
    "country": lambda o: o.shipping_address.country.code,
    "shipping_country": lambda o: o.shipping_address.country.code,
    "shipping_city": lambda o: o.shipping_address.city,
    "payment_method": lambda o: o.payment_history[0].payment_method,
    "shipping_option": lambda o: o.shipping_option.name if o.shipping_option else None,
    "voucher_code": lambda o: o.voucher.code if o.voucher else None,
}
_OF_LINE = {
    "brand": lambda line, _: line.product_size.variant.product.brand,
    "collection": lambda line, _: line.product_size.variant.product.collection,
    "category": lambda line, shop: next(
        (
            d.canonical_category
            for d in shop.displays.values()
            if d.product is line.product_size.variant.product and d.status == "ACTIVE"
        ),
        None,
    ),
}


def _expected_by(shop, dimension: str) -> dict:
    """orders and shipping (base currency, shared over lines by value) per value of one
    dimension, from the shop's orders."""
    orders: dict = defaultdict(set)
    shipping: dict = defaultdict(Decimal)
    for order in shop.orders.values():
        rate = Decimal(str(order.currency_base_rate))
        total = sum((line.line_value for line in order.lines), Decimal(0))
        for line in order.lines:
            if dimension in _OF_ORDER:
                key = _OF_ORDER[dimension](order)
            else:
                named = _OF_LINE[dimension](line, shop)
                key = named.name if named else None
            share = line.line_value / total if total else Decimal(1) / len(order.lines)
            orders[key].add(order.number)
            shipping[key] += order.shipping_value * share * rate
    return {key: (len(orders[key]), shipping[key]) for key in orders}


@pytest.mark.parametrize("dimension", [*_OF_ORDER, *_OF_LINE])
def test_each_order_dimension_groups_as_the_shops_orders_do(synced, dimension):
    running, path, _ = synced
    rows = _query(
        path, Query("order-items", (dimension,), ("orders", "shipping"), base_currency=True)
    )
    expected = _expected_by(running.shop, dimension)
    assert len(expected) > 1 or dimension == "shipping_option", expected  # the data varies
    assert {r[dimension]: r["orders"] for r in rows} == {k: n for k, (n, _) in expected.items()}
    for row in rows:
        want = expected[row[dimension]][1]
        assert abs(Decimal(str(row["shipping"])) - want) <= Decimal("0.011"), row


def test_an_order_at_23_30_utc_counts_on_the_next_local_day(synced):
    _, path, late = synced
    day = ("day",)
    stockholm = _query(path, Query("order-items", day, ("orders",), timezone=ZONE))
    utc = _query(path, Query("order-items", day, ("orders",), timezone="UTC"))
    assert {str(r["day"]): r["orders"] for r in stockholm}.get("2026-12-01") == 1
    assert "2026-12-01" not in {str(r["day"]) for r in utc}
    only_late = _query(
        path,
        Query(
            "order-items",
            ("day",),
            ("orders",),
            date_from=datetime(2026, 12, 1).date(),
            date_to=datetime(2026, 12, 1).date(),
            timezone=ZONE,
        ),
    )
    assert only_late == [{"day": datetime(2026, 12, 1).date(), "orders": 1}]
    with Reader(path) as reader:
        stamp = reader.query("select order_date from {dataset}.orders where number = ?", [late])
    assert stamp.column(0)[0].as_py() == datetime(2026, 11, 30, 23, 30, tzinfo=UTC)


def test_return_items_by_order_date_or_by_return_date(synced):
    running, path, _ = synced
    by_order = _query(
        path,
        Query("return-items", ("day",), ("returned_quantity", "days_to_return"), timezone=ZONE),
    )
    by_return = _query(
        path,
        Query("return-items", ("day",), ("returned_quantity",), timezone=ZONE, returns_by="return"),
    )
    order_months: dict = defaultdict(int)
    return_months: dict = defaultdict(int)
    days: list[float] = []
    returned = 0
    for order in running.shop.orders.values():
        for ret in order.returns:
            for line in ret.lines:
                local = order.order_date.astimezone(ZoneInfo(ZONE)).date()
                order_months[local] += line.quantity
                when = ret.created_at.astimezone(ZoneInfo(ZONE)).date()
                return_months[when] += line.quantity
                days.append((ret.created_at - ret.shipment.shipped_at).total_seconds() / 86400)
                returned += line.quantity
    assert {r["day"]: r["returned_quantity"] for r in by_order} == dict(order_months)
    assert {r["day"]: r["returned_quantity"] for r in by_return} == dict(return_months)
    assert order_months != return_months  # the attribution matters in this shop
    # The return's own day as a dimension, beside the order's day that dates the items.
    both = _query(
        path, Query("return-items", ("day", "return_day"), ("returned_quantity",), timezone=ZONE)
    )
    pairs: dict = defaultdict(int)
    for order in running.shop.orders.values():
        for ret in order.returns:
            for line in ret.lines:
                key = (
                    order.order_date.astimezone(ZoneInfo(ZONE)).date(),
                    ret.created_at.astimezone(ZoneInfo(ZONE)).date(),
                )
                pairs[key] += line.quantity
    assert {(r["day"], r["return_day"]): r["returned_quantity"] for r in both} == dict(pairs)
    total = _query(path, Query("return-items", (), ("returned_quantity", "days_to_return")))
    assert total[0]["returned_quantity"] == returned
    assert abs(float(total[0]["days_to_return"]) - sum(days) / len(days)) < 0.001


def test_a_warehouse_without_the_tables_a_query_reads_says_which_to_sync(synced, tmp_path):
    _, path, _ = synced
    partial = tmp_path / "partial.duckdb"
    with duckdb.connect(str(partial)) as db:
        db.execute(f"attach '{path}' as synced (read_only)")
        db.execute("create schema centra")
        for table in ("orders", "order_lines", "stores", "markets"):
            db.execute(f"create table centra.{table} as select * from synced.centra.{table}")
    with pytest.raises(AnalyticsError, match="holds no pricelists, sizes, products") as caught:
        _query(partial, Query("order-items", ("market",), ("orders",)))
    assert "centra-bridge sync --tables orders,order_lines" in caught.value.hint
    nowhere = tmp_path / "none.duckdb"
    with pytest.raises(CentraBridgeError, match="does not exist"):
        create_views(nowhere)
    assert not nowhere.exists()  # not created empty


def test_money_over_several_currencies_is_refused_unless_grouped_or_converted(synced):
    _, path, _ = synced
    with pytest.raises(AnalyticsError) as refused:
        _query(path, Query("order-items", ("month",), ("net_revenue",)))
    assert "would add up 4 currencies (EUR, GBP, SEK, USD)" in refused.value.message
    assert "--base-currency" in refused.value.hint
    grouped = _query(path, Query("order-items", ("currency",), ("net_revenue",)))
    assert [r["currency"] for r in grouped] == ["EUR", "GBP", "SEK", "USD"]
    assert _query(path, Query("order-items", (), ("quantity",)))  # no money: no refusal
    # Each pricelist has one currency: its groups add up nothing foreign.
    per_pricelist = _query(path, Query("order-items", ("pricelist",), ("net_revenue",)))
    assert len(per_pricelist) == 4
    with pytest.raises(AnalyticsError, match="within a group"):
        _query(path, Query("order-items", ("payment_method",), ("net_revenue",)))


def test_unknown_names_get_the_known_ones_and_a_close_match(synced):
    _, path, _ = synced
    with pytest.raises(AnalyticsError) as unknown:
        _query(path, Query("order-items", ("mnth",), ("quantity",)))
    assert unknown.value.message == "Unknown dimension 'mnth' (did you mean 'month'?)"
    assert "month" in unknown.value.hint and "market" in unknown.value.hint
    with pytest.raises(AnalyticsError, match="did you mean 'net_revenue'"):
        _query(path, Query("order-items", (), ("net_revenu",)))


def test_duckdb_and_postgresql_give_the_same_results(synced, settings_for, postgres_url):
    running, path, _ = synced
    settings = settings_for(running, destination=postgres_url)
    with settings.client() as client:
        sync(settings, client)
    queries = [
        Query(
            "order-items",
            ("week", "market", "customer_type"),
            METRICS,
            timezone=ZONE,
            base_currency=True,
        ),
        Query(
            "return-items",
            ("market", "return_status"),
            ("returned_quantity", "returned_value", "days_to_return"),
            base_currency=True,
        ),
        Query("return-items", ("month", "customer_type"), ("return_rate",), timezone=ZONE),
        Query(
            "order-items",
            ("pricelist", "shipping_city", "payment_method", "voucher_code", "brand"),
            ("orders", "shipping", "net_revenue"),
            base_currency=True,
        ),
    ]
    for query in queries:
        with Reader(postgres_url) as reader:
            on_postgres = run_query(reader, query).to_pylist()
        on_duckdb = _query(path, query)
        assert on_postgres == on_duckdb
    create_views(postgres_url)
    create_views(postgres_url)  # again: replaced, not an error
    create_views(path)
    view = (
        "select count(*) as n, round(cast(sum(net_value) as decimal(18, 4)), 2) as net "
        "from {dataset}.order_items"
    )
    with Reader(postgres_url) as reader:
        on_postgres = reader.query(view).to_pylist()
    with Reader(path) as reader:
        assert reader.query(view).to_pylist() == on_postgres


def test_the_views_hold_the_items_as_the_queries_define_them(synced, cli, monkeypatch, tmp_path):
    running, path, _ = synced
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CENTRA_BRIDGE_DUCKDB_PATH", str(path))
    code, out, err = cli("query", "--create-views")
    assert code == 0, err
    assert "order_items, return_items" in out
    lines = sum(len(o.lines) for o in running.shop.orders.values())
    returned = sum(
        rl.quantity for o in running.shop.orders.values() for r in o.returns for rl in r.lines
    )
    with Reader(path) as reader:  # what a BI tool pointed at the file sees
        items = reader.query(
            "select count(*) as n, round(sum(net_value * currency_base_rate), 2) as net "
            "from {dataset}.order_items"
        ).to_pylist()[0]
        returns = reader.query("select sum(return_quantity) from {dataset}.return_items")
    assert items["n"] == lines
    (total,) = _query(path, Query("order-items", (), ("net_revenue",), base_currency=True))
    assert abs(Decimal(str(items["net"])) - total["net_revenue"]) <= Decimal("0.01")
    assert returns.column(0)[0].as_py() == returned


def test_the_query_command_writes_every_format(synced, cli, tmp_path, monkeypatch):
    _, path, _ = synced
    monkeypatch.chdir(tmp_path)
    base = ["query", "order-items", "--dimensions", "currency", "--metrics", "orders,net_revenue"]
    base += ["--timezone", ZONE]
    monkeypatch.setenv("CENTRA_BRIDGE_DUCKDB_PATH", str(path))
    code, out, err = cli(*base, "--format", "csv")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["currency"] for r in rows] == ["EUR", "GBP", "SEK", "USD"]
    code, out, _ = cli(*base, "--format", "json")
    assert [r["currency"] for r in json.loads(out)] == ["EUR", "GBP", "SEK", "USD"]
    assert cli(*base, "--format", "parquet", "-o", "r.parquet")[0] == 0
    assert pq.read_table("r.parquet").column_names == ["currency", "orders", "net_revenue"]
    code, out, _ = cli("query", "--list")
    assert code == 0 and "net_revenue" in out and "return-items" in out
    code, _, err = cli("query", "order-items", "--metrics", "quantity", "--from", "yesterday")
    assert code == 1
    assert "--from 'yesterday' is not a date" in err
    code, _, err = cli(*base, "--format", "xml")
    assert code == 2  # an invalid value: a usage error
    assert "'xml' is not one of table, csv, json, parquet" in err


def test_the_return_rate_is_returned_over_ordered_items_of_the_same_group(synced):
    running, path, _ = synced
    rows = _query(path, Query("return-items", ("market",), ("return_rate", "returned_quantity")))
    returned: dict = defaultdict(int)
    ordered: dict = defaultdict(int)
    for order in running.shop.orders.values():
        ordered[order.market.name] += sum(line.active_quantity for line in order.lines)
        returned[order.market.name] += sum(rl.quantity for r in order.returns for rl in r.lines)
    assert {r["market"] for r in rows} == {m for m, n in returned.items() if n}
    for row in rows:
        assert row["returned_quantity"] == returned[row["market"]]
        expected = Decimal(returned[row["market"]]) / ordered[row["market"]]
        assert abs(row["return_rate"] - expected) < Decimal("0.0001")
    with pytest.raises(AnalyticsError, match="order items, which have no return_status"):
        _query(path, Query("return-items", ("return_status",), ("return_rate",)))
    values = _query(
        path, Query("return-items", ("market",), ("returned_value",), base_currency=True)
    )
    worth: dict = defaultdict(Decimal)
    for order in running.shop.orders.values():
        rate = Decimal(str(order.currency_base_rate))
        for ret in order.returns:
            for rl in ret.lines:
                worth[order.market.name] += (
                    rl.shipment_line.order_line.unit_price * rl.quantity * rate
                )
    for row in values:
        assert abs(Decimal(str(row["returned_value"])) - worth[row["market"]]) <= Decimal("0.011")


def test_results_come_as_pandas_and_polars_frames_for_notebooks(synced):
    _, path, _ = synced
    query = Query("order-items", ("market",), ("orders", "net_revenue"), base_currency=True)
    with Reader(path) as reader:
        table = run_query(reader, query)
    by_pandas = as_frame(table, "pandas")
    by_polars = as_frame(table, "polars")
    assert list(by_pandas.columns) == list(by_polars.columns) == ["market", "orders", "net_revenue"]
    assert by_pandas.to_dict("records") == table.to_pylist() == by_polars.to_dicts()
    with pytest.raises(AnalyticsError, match=r"Unknown frame library 'panda'.*'pandas'"):
        as_frame(table, "panda")
