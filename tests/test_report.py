"""The report: its numbers against the semantic layer and against the emulator's own stock and
orders, HTML-special names escaped, stock cover left out when stock is not synced, the command,
and the page in Debian's Chromium (no console errors, every chart with data)."""

from __future__ import annotations

import shutil
from collections import defaultdict
from dataclasses import fields, replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pyarrow as pa
import pytest

from centra_bridge.analytics import COVER_DAYS, Query, build_report, render_html, run_query
from centra_bridge.emulator import place_order, put_stock
from centra_bridge.sync import sync
from centra_bridge.warehouse import Reader

ZONE = "Europe/Stockholm"
CHROMIUM = Path("/usr/bin/chromium")
# A shop may name a product anything; the page must show it, not run it.
ODD_NAME = """<img src=x onerror="alert(1)"> Tee & 'Co'"""
CHARTS = {
    "revenue",
    "top-products",
    "top-sizes",
    "product-returns",
    "size-returns",
    "customer-orders",
    "customer-revenue",
    "stock-cover",
}


@pytest.fixture(scope="module")
def synced(tmp_path_factory):
    """200 seeded orders and the newest, 30 items of a product with an HTML-special name,
    synced into DuckDB."""
    from centra_bridge.config import load_settings
    from centra_bridge.testing import start_emulator

    running = start_emulator(orders=200)
    try:
        shop = running.shop
        # Placed just after the seeded orders, so that the last 28 days hold both.
        shop.clock.set(max(o.order_date for o in shop.orders.values()) + timedelta(minutes=5))
        with shop.lock:
            product = min(shop.products.values(), key=lambda p: p.id)
            product.name = ODD_NAME
            size = product.variants[0].product_sizes[0]
            put_stock(shop, next(iter(shop.warehouses.values())), size, 40)
            place_order(
                shop,
                market=min(shop.markets.values(), key=lambda m: m.id),
                customer=shop.customers[1],
                lines=[(size, 30, Decimal(20000), Decimal(20000))],
                shipping_value=Decimal(0),
            )
        where = tmp_path_factory.mktemp("report")
        settings = load_settings(
            None,
            endpoint=running.url,
            token=running.token,
            duckdb_path=where / "w.duckdb",
            state_dir=where / "state",
        )
        with settings.client() as client:
            sync(settings, client)
        yield running, where / "w.duckdb"
    finally:
        running.server.stop()


def _report(path: Path):
    with Reader(path) as reader:
        return build_report(reader, timezone=ZONE)


def _run(path: Path, *args, **kwargs) -> list[dict]:
    with Reader(path) as reader:
        query = Query(*args, timezone=ZONE, base_currency=True, **kwargs)
        return run_query(reader, query).to_pylist()


def test_the_sections_are_the_semantic_layers_answers(synced):
    _, path = synced
    report = _report(path)
    assert report.grain == "month"  # the seeded shop spans months
    assert report.base_currency == "EUR"
    revenue = _run(path, "order-items", ("month", "market"), ("net_revenue",))
    assert report.revenue.to_pylist() == [
        {"period": r["month"], "market": r["market"], "net_revenue": r["net_revenue"]}
        for r in revenue
    ]
    products = _run(path, "order-items", ("product",), ("net_revenue", "quantity", "orders"))
    top = sorted(products, key=lambda r: -r["net_revenue"])[:10]
    assert report.top_products.to_pylist() == top
    assert top[0]["product"] == ODD_NAME  # 30 items at 20,000: the top product
    customers = _run(path, "order-items", ("customer_type",), ("orders", "net_revenue"))
    assert report.customers.to_pylist() == customers
    by_size = _run(path, "return-items", ("size",), ("return_rate", "returned_quantity"))
    rates = {r["size"]: r["return_rate"] for r in by_size}
    assert rates  # the seeded shop has returns
    for row in report.size_returns.to_pylist():
        assert row["return_rate"] == rates.get(row["size"], 0)


def test_stock_cover_is_the_shops_free_stock_over_its_last_28_days_of_sales(synced):
    running, path = synced
    report = _report(path)
    shop = running.shop
    zone = ZoneInfo(ZONE)
    newest = max(o.order_date.astimezone(zone).date() for o in shop.orders.values())
    assert (report.cover_from, report.cover_to) == (newest - timedelta(COVER_DAYS - 1), newest)
    sold: dict[str, int] = defaultdict(int)
    for order in shop.orders.values():
        if report.cover_from <= order.order_date.astimezone(zone).date() <= newest:
            for line in order.lines:
                sold[line.product_size.sku] += line.active_quantity
    free: dict[str, int] = defaultdict(int)
    for level in shop.stock.values():
        free[level.product_size.sku] += level.free_to_allocate_quantity
    rows = report.stock_cover.to_pylist()
    assert len(rows) == 10
    assert rows[0]["product"] == ODD_NAME and rows[0]["sold"] == 30
    for row in rows:
        assert row["sold"] == sold[row["sku"]]
        assert row["free_to_allocate"] == free[row["sku"]]
        assert row["days_of_stock"] == round(free[row["sku"]] / (sold[row["sku"]] / 28), 1)
    # The top sellers: none left out sold more than the least of those shown.
    shown = {r["sku"] for r in rows}
    assert min(r["sold"] for r in rows) >= max(n for sku, n in sold.items() if sku not in shown)


def test_names_from_the_shop_are_escaped(synced):
    _, path = synced
    page = render_html(_report(path))
    assert ODD_NAME not in page
    assert "<img" not in page and "<script" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; Tee &amp; &#x27;Co&#x27;" in page


def test_a_month_without_orders_stays_on_the_revenue_axis(synced):
    _, path = synced
    report = _report(path)
    assert report.grain == "month"
    kept = [r for r in report.revenue.to_pylist() if r["period"].month != 8]  # no August
    page = render_html(replace(report, revenue=pa.Table.from_pylist(kept)))
    assert "Aug 2026" in page
    assert "Jul 2026" in page and "Sep 2026" in page


def test_without_synced_stock_the_section_says_why(synced, tmp_path):
    _, path = synced
    copy = tmp_path / "copy.duckdb"
    shutil.copy(path, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("delete from centra.stock")
    report = _report(copy)
    assert report.stock_cover is None
    assert "stock table is empty" in report.stock_note
    assert "stock table is empty" in render_html(report)
    with duckdb.connect(str(copy)) as con:
        con.execute("drop table centra.stock")
    report = _report(copy)
    assert report.stock_cover is None
    assert "has no stock table" in report.stock_note
    assert report.top_products.num_rows == 10  # the rest is there


def _plain(report) -> dict[str, object]:
    """The report's data as Python values (Arrow types differ between drivers, values not)."""
    found = {f.name: getattr(report, f.name) for f in fields(report)}
    del found["warehouse"], found["generated_at"]
    return {k: v.to_pylist() if isinstance(v, pa.Table) else v for k, v in found.items()}


def test_postgresql_gives_the_same_report(synced, settings_for, postgres_url):
    running, path = synced
    settings = settings_for(running, destination=postgres_url)
    with settings.client() as client:
        sync(settings, client)
    with Reader(postgres_url) as reader:
        on_postgres = build_report(reader, timezone=ZONE)
    assert _plain(on_postgres) == _plain(_report(path))
    assert on_postgres.stock_cover is not None


def test_the_report_command_writes_the_page(synced, cli, tmp_path, monkeypatch):
    _, path = synced
    monkeypatch.setenv("CENTRA_BRIDGE_DUCKDB_PATH", str(path))
    code, out, err = cli("report", "-o", "sales.html", "--timezone", ZONE)
    assert code == 0, err
    assert out.strip() == f"Wrote the report to {tmp_path / 'sales.html'}"
    page = (tmp_path / "sales.html").read_text(encoding="utf-8")
    assert "days in Europe/Stockholm" in page and "base currency (EUR)" in page
    code, _, err = cli("report", "--timezone", "Mars/Olympus")
    assert code == 1
    assert "Unknown time zone 'Mars/Olympus'" in err and "Traceback" not in err
    monkeypatch.setenv("CENTRA_BRIDGE_DUCKDB_PATH", str(tmp_path / "none.duckdb"))
    code, _, err = cli("report")
    assert code == 1 and "does not exist" in err


def test_the_page_renders_in_chromium_with_data_in_every_chart(synced, tmp_path):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `apt-get install -y chromium` (CI installs it)")
    from playwright.sync_api import sync_playwright

    _, path = synced
    page_file = tmp_path / "report.html"
    page_file.write_text(render_html(_report(path)), encoding="utf-8")
    problems: list[str] = []
    fetched: list[str] = []  # anything but the file itself: the page must work offline
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 900})
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on(
                "request", lambda r: None if r.url.startswith("file:") else fetched.append(r.url)
            )
            page.goto(page_file.as_uri(), wait_until="load")
            charts = page.eval_on_selector_all(
                "[data-chart]",
                """charts => charts.map(c => [c.dataset.chart,
                    [...c.querySelectorAll('[data-value]')].map(m => Number(m.dataset.value))])""",
            )
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert problems == []
    assert fetched == []
    assert {name for name, _ in charts} == CHARTS
    for name, values in charts:
        assert any(v != 0 for v in values), name
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
