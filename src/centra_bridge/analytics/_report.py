"""The report: one self-contained HTML page with what a merchandiser looks at first, built from
the semantic layer (``run_query``), money in the base currency, charts as inline SVG.

``build_report`` reads the warehouse into a ``Report`` (Arrow tables, one per section);
``render_html`` writes the page. Only stock cover needs SQL of its own: stock is not an item.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from centra_bridge.analytics._charts import Number, bar_chart, line_chart
from centra_bridge.analytics._query import AnalyticsError, Query, require_tables, run_query
from centra_bridge.analytics._semantics import QUERY_TYPES

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from centra_bridge.warehouse import Reader

    Run = Callable[..., pa.Table]
    Format = Callable[[Any], str]  # a value as the page writes it

__all__ = ["COVER_DAYS", "TOP", "Report", "ReportError", "build_report", "render_html"]

TOP = 10  # rows in each "top" section
COVER_DAYS = 28  # stock cover: sales of the last 28 days, ending at the newest order's day
LOW_COVER = 14  # days of stock under which a top seller is drawn in the warning colour


class ReportError(AnalyticsError):
    default_hint = "Run `centra-bridge sync` first (with every table), then the report."


@dataclass(frozen=True, slots=True)
class Report:
    """The sections' data; money is in the base currency (each order at its own rate)."""

    warehouse: str
    timezone: str
    generated_at: datetime
    base_currency: str | None  # the code, when one currency has the rate 1 on every order
    first_day: date | None  # the first and last day with orders (local); None: no orders
    last_day: date | None
    grain: str  # day, week or month: the revenue chart's periods
    totals: dict[str, Any]  # orders, quantity, net_revenue, returned_quantity, return_rate
    revenue: pa.Table  # period, market, net_revenue
    top_products: pa.Table  # product, net_revenue, quantity, orders: by net revenue
    top_sizes: pa.Table  # size, quantity, net_revenue: by quantity
    product_returns: pa.Table  # product, quantity, returned_quantity, return_rate
    size_returns: pa.Table  # size, quantity, returned_quantity, return_rate: every size
    customers: pa.Table  # customer_type, orders, net_revenue
    # product, size, sku, free_to_allocate, sold, days_of_stock; None with ``stock_note``
    stock_cover: pa.Table | None = None
    stock_note: str = ""  # why there is no stock cover
    cover_from: date | None = None  # the days whose sales stock cover divides by
    cover_to: date | None = None


def _grain(first: date, last: date) -> str:
    """Months read well from about two months of data; shorter spans by week, or by day."""
    span = (last - first).days
    return "day" if span < 21 else "week" if span < 62 else "month"


def build_report(reader: Reader, *, timezone: str = "UTC") -> Report:
    """Everything the page shows, read from the warehouse; days are local in ``timezone``."""
    try:  # return items read every table order items do, and more
        held = require_tables(reader, QUERY_TYPES["return-items"])
    except AnalyticsError as exc:
        raise ReportError(exc.message) from None

    def run(dimensions: tuple[str, ...], metrics: tuple[str, ...], **kw: Any) -> pa.Table:
        kind = "return-items" if "return_rate" in metrics else "order-items"
        query = Query(kind, dimensions, metrics, timezone=timezone, base_currency=True, **kw)
        return run_query(reader, query)

    days = run(("day",), ("orders",)).column("day").to_pylist()
    first, last = (days[0], days[-1]) if days else (None, None)
    grain = _grain(first, last) if first and last else "month"
    revenue = run((grain, "market"), ("net_revenue",)).rename_columns(
        ["period", "market", "net_revenue"]
    )
    products = run(("product",), ("net_revenue", "quantity", "orders"))
    sizes = run(("size",), ("quantity", "net_revenue"))
    sold = {r["product"]: r["quantity"] for r in products.to_pylist()}
    returned = run(("product",), ("return_rate", "returned_quantity")).to_pylist()
    product_returns = sorted(
        ({"product": r["product"], "quantity": sold.get(r["product"], 0), **r} for r in returned),
        key=lambda r: (-(r["return_rate"] or 0), -r["returned_quantity"]),
    )[:TOP]
    size_returns = _every_size(sizes, run(("size",), ("return_rate", "returned_quantity")))
    (totals,) = run((), ("orders", "quantity", "net_revenue")).to_pylist()
    (returns,) = run((), ("returned_quantity", "return_rate")).to_pylist()
    cover, note, window = _stock_cover(reader, held, last, run)
    return Report(
        warehouse=reader.where,
        timezone=timezone,
        generated_at=datetime.now(UTC),
        base_currency=_base_currency(reader),
        first_day=first,
        last_day=last,
        grain=grain,
        totals={**totals, **returns},
        revenue=revenue,
        top_products=_top(products, "net_revenue"),
        top_sizes=_top(sizes, "quantity"),
        product_returns=pa.Table.from_pylist(product_returns, schema=_returns_schema("product")),
        size_returns=pa.Table.from_pylist(size_returns, schema=_returns_schema("size")),
        customers=run(("customer_type",), ("orders", "net_revenue")),
        stock_cover=cover,
        stock_note=note,
        cover_from=window[0] if window else None,
        cover_to=window[1] if window else None,
    )


def _top(table: pa.Table, by: str) -> pa.Table:
    return table.sort_by([(by, "descending")]).slice(0, TOP)


def _returns_schema(dimension: str) -> pa.Schema:
    return pa.schema(
        [
            (dimension, pa.string()),
            ("quantity", pa.int64()),
            ("returned_quantity", pa.int64()),
            ("return_rate", pa.decimal128(18, 4)),
        ]
    )


def _every_size(sizes: pa.Table, returned: pa.Table) -> list[dict[str, Any]]:
    """Every size sold, most sold first, with its return rate (0 when none came back)."""
    rates = {r["size"]: r for r in returned.to_pylist()}
    rows = sorted(sizes.to_pylist(), key=lambda r: -(r["quantity"] or 0))
    return [
        {
            "size": r["size"],
            "quantity": r["quantity"],
            "returned_quantity": rates.get(r["size"], {}).get("returned_quantity") or 0,
            "return_rate": rates.get(r["size"], {}).get("return_rate") or Decimal(0),
        }
        for r in rows
    ]


def _base_currency(reader: Reader) -> str | None:
    """The base currency is the one every order of which has the rate 1 (Centra does not say
    which it is); None when that is not exactly one currency."""
    found = reader.query(
        "select currency from {dataset}.orders group by currency "
        "having min(currency_base_rate) = 1 and max(currency_base_rate) = 1"
    ).column(0)
    return str(found[0].as_py()) if len(found) == 1 else None


def _stock_cover(
    reader: Reader, held: set[str], last: date | None, run: Run
) -> tuple[pa.Table | None, str, tuple[date, date] | None]:
    """Days of stock for the top sellers of the last ``COVER_DAYS`` days: free-to-allocate
    stock (every warehouse) ÷ units sold per day. The window ends at the newest order's day,
    not today, so that an old warehouse (a demo file) still shows its cover."""
    if "stock" not in held:
        return None, "Stock is not synced: the warehouse has no stock table.", None
    if not reader.query("select count(*) from {dataset}.stock").column(0)[0].as_py():
        return None, "Stock is not synced: the warehouse's stock table is empty.", None
    if last is None:
        return None, "No orders yet: stock cover needs sales to divide by.", None
    window = (last - timedelta(days=COVER_DAYS - 1), last)
    sold = run(("product", "size", "sku"), ("quantity",), date_from=window[0], date_to=window[1])
    sellers = [r for r in _top(sold, "quantity").to_pylist() if r["quantity"]]
    skus = [r["sku"] for r in sellers if r["sku"] is not None]
    free: dict[str, int] = {}
    if skus:
        marks = ", ".join(reader.placeholder for _ in skus)
        # Stock is per size; order lines name each size's SKU as sold (one per size here).
        found = reader.query(
            "select l.sku, sum(st.free) as free from (select size_id, sum(free_to_allocate) "  # noqa: S608 (placeholders only)
            "as free from {dataset}.stock group by size_id) st join (select size_id, max(sku) "
            "as sku from {dataset}.order_lines group by size_id) l on l.size_id = st.size_id "
            f"where l.sku in ({marks}) group by l.sku",
            skus,
        )
        free = {r["sku"]: int(r["free"]) for r in found.to_pylist()}
    rows = [
        {
            "product": r["product"],
            "size": r["size"],
            "sku": r["sku"],
            "free_to_allocate": free.get(r["sku"], 0),
            "sold": r["quantity"],
            "days_of_stock": round(free.get(r["sku"], 0) / (r["quantity"] / COVER_DAYS), 1),
        }
        for r in sellers
    ]
    schema = pa.schema(
        [
            ("product", pa.string()),
            ("size", pa.string()),
            ("sku", pa.string()),
            ("free_to_allocate", pa.int64()),
            ("sold", pa.int64()),
            ("days_of_stock", pa.float64()),
        ]
    )
    return pa.Table.from_pylist(rows, schema=schema), "", window


# The page ----------------------------------------------------------------------------------

_STYLE = """
body{font:14px/1.45 system-ui,sans-serif;color:#222;margin:0;background:#f6f6f4}
main{max-width:980px;margin:0 auto;padding:24px}
section{background:#fff;border:1px solid #e2e2de;border-radius:6px;padding:16px 20px;margin:16px 0}
h1{margin:0 0 4px}h2{font-size:18px;margin:20px 0 6px}h3{font-size:14px;margin:12px 0 0}
section>h2:first-child{margin-top:0}.meta,.note{color:#555}
figure{margin:12px 0}.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:14px}
.swatch{display:inline-block;width:10px;height:10px;margin-right:5px;border-radius:2px}
table{border-collapse:collapse;margin-top:8px}td,th{padding:3px 10px;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}tr:nth-child(even){background:#f6f6f4}
.kpis{display:flex;flex-wrap:wrap;gap:28px}.kpi b{display:block;font-size:20px}
"""
# No script and nothing fetched: the policy makes "works offline" a property of the page.
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
_GRAINS = {"day": "day", "week": "week (weeks start on Monday)", "month": "month"}


def _count(value: Number | None) -> str:
    return f"{int(value or 0):,}"


def _rate(value: Number | None) -> str:
    return f"{float(value or 0):.1%}"


def _days(value: Number | None) -> str:
    return f"{float(value or 0):,.1f} d"


def _name(value: object) -> str:
    return "(none)" if value is None else str(value)


def _section(key: str, heading: str, note: str, *parts: str) -> str:
    """A section: its heading and note escaped here, its parts already HTML."""
    said = f'<p class="note">{escape(note)}</p>' if note else ""
    return f'<section id="{key}"><h2>{escape(heading)}</h2>{said}{"".join(parts)}</section>'


def _table(rows: list[dict[str, Any]], columns: Mapping[str, tuple[str, Format]]) -> str:
    """Rows as a table: ``columns`` maps a key to its header and how its values are written;
    numbers (all but the first column) are right-aligned; no rows, no table."""
    if not rows:
        return ""
    head = "".join(
        f"<th{' class=n' if i else ''}>{escape(h)}</th>"
        for i, (h, _) in enumerate(columns.values())
    )
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=n' if i else ''}>{escape(write(row[key]))}</td>"
            for i, (key, (_, write)) in enumerate(columns.items())
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _bars(
    name: str,
    rows: list[dict[str, Any]],
    label: str,
    value: str,
    formatted: Format,
    *,
    empty: str = "No sales yet.",
    warn_below: float | None = None,
) -> str:
    """A bar chart of the rows, or ``empty`` when there is nothing to draw (all zero)."""
    if not any(r[value] for r in rows):
        return f'<p class="note">{escape(empty)}</p>'
    labels = [_name(r[label]) for r in rows]
    values = [r[value] or 0 for r in rows]
    return bar_chart(name, name, labels, values, formatted, warn_below=warn_below)


def render_html(report: Report) -> str:
    """The report as one HTML page: no script, no external resource; every text escaped."""
    unit = report.base_currency or "(base currency)"

    def money(value: Number | None) -> str:
        return f"{Decimal(value or 0):,.2f} {unit}"

    title = "Sales report" + (
        f", {report.first_day} to {report.last_day}" if report.last_day else ""
    )
    currency = (
        f"the base currency ({report.base_currency})"
        if report.base_currency
        else "the base currency"
    )
    about = (
        f"From {report.warehouse}; days in {report.timezone}; generated "
        f"{report.generated_at:%Y-%m-%d %H:%M} UTC. Money is in {currency}: each order "
        "converted at its own rate (currencyBaseRate), never a sum of currencies. Net revenue: "
        "what buyers paid, less returns, without tax."
    )
    sections = [_totals(report, money), _revenue(report, money), _products(report, money)]
    sections += [_returns(report), _customers(report, money), _stock(report)]
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<link rel="icon" href="data:,">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body><main>"
        f'<h1>{escape(title)}</h1><p class="meta">{escape(about)}</p>'
        f"{''.join(sections)}</main></body></html>\n"
    )


def _totals(report: Report, money: Format) -> str:
    if report.last_day is None:
        return _section("totals", "No orders yet", "The warehouse holds no order lines.")
    t = report.totals
    kpis = {
        "Net revenue": money(t["net_revenue"]),
        "Orders": _count(t["orders"]),
        "Items": _count(t["quantity"]),
        "Return rate": _rate(t["return_rate"]),
    }
    boxes = "".join(
        f'<div class="kpi">{escape(k)}<b>{escape(v)}</b></div>' for k, v in kpis.items()
    )
    return _section("totals", "Totals", "", f'<div class="kpis">{boxes}</div>')


def _every_period(first: date, last: date, grain: str) -> list[date]:
    """The period starts from ``first`` to ``last`` (both starts of a ``grain`` period)."""
    periods = [first]
    while periods[-1] < last:
        at = periods[-1]
        if grain == "month":
            periods.append(date(at.year + at.month // 12, at.month % 12 + 1, 1))
        else:
            periods.append(at + timedelta(days=7 if grain == "week" else 1))
    return periods


def _revenue(report: Report, money: Format) -> str:
    rows = report.revenue.to_pylist()
    # Every period from the first to the last, so that a month without orders shows as one.
    periods = (
        _every_period(min(r["period"] for r in rows), max(r["period"] for r in rows), report.grain)
        if rows
        else []
    )
    markets = sorted({_name(r["market"]) for r in rows})
    values = {(r["period"], _name(r["market"])): r["net_revenue"] or 0 for r in rows}
    # A market without orders in a period sold nothing then: 0, so that its line goes on.
    series = {m: [values.get((p, m), Decimal(0)) for p in periods] for m in markets}
    # Short labels fit under the axis; the heading and title give the year.
    labels = [f"{p:%b %Y}" if report.grain == "month" else f"{p:%d %b}" for p in periods]
    heading = f"Net revenue per market, by {_GRAINS[report.grain]}"
    heading += f" ({report.base_currency})" if report.base_currency else ""
    if any(v for points in series.values() for v in points):
        chart = line_chart("revenue", heading, labels, series, money)
    else:
        chart = '<p class="note">No revenue yet.</p>'
    return _section("revenue", heading, "", chart)


def _products(report: Report, money: Format) -> str:
    products, sizes = report.top_products.to_pylist(), report.top_sizes.to_pylist()
    by_product = {
        "product": ("Product", _name),
        "net_revenue": ("Net revenue", money),
        "quantity": ("Items", _count),
        "orders": ("Orders", _count),
    }
    by_size = {
        "size": ("Size", _name),
        "quantity": ("Items", _count),
        "net_revenue": ("Net revenue", money),
    }
    return _section(
        "products",
        f"Top {TOP} products, by net revenue",
        "",
        _bars("top-products", products, "product", "net_revenue", money),
        _table(products, by_product),
        f"<h2>Top {TOP} sizes, by items sold</h2>",
        _bars("top-sizes", sizes, "size", "quantity", _count),
        _table(sizes, by_size),
    )


def _returns(report: Report) -> str:
    def part(key: str, table: pa.Table) -> str:
        rows = table.to_pylist()
        columns = {
            key: (key.capitalize(), _name),
            "quantity": ("Items sold", _count),
            "returned_quantity": ("Returned", _count),
            "return_rate": ("Return rate", _rate),
        }
        chart = _bars(f"{key}-returns", rows, key, "return_rate", _rate, empty="No returns yet.")
        return chart + _table(rows, columns)

    return _section(
        "returns",
        "Return rate by product",
        f"Items returned ÷ items ordered, by order date: the {TOP} products with the highest "
        "rate (items sold for scale), then every size sold, most sold first.",
        part("product", report.product_returns),
        "<h2>Return rate by size</h2>",
        part("size", report.size_returns),
    )


def _customers(report: Report, money: Format) -> str:
    rows = report.customers.to_pylist()
    columns = {
        "customer_type": ("Customers", _name),
        "orders": ("Orders", _count),
        "net_revenue": ("Net revenue", money),
    }
    return _section(
        "customers",
        "New vs returning customers",
        "New: the customer's first order; returning: every later one.",
        "<h3>Orders</h3>",
        _bars("customer-orders", rows, "customer_type", "orders", _count),
        "<h3>Net revenue</h3>",
        _bars("customer-revenue", rows, "customer_type", "net_revenue", money),
        _table(rows, columns),
    )


def _stock(report: Report) -> str:
    heading = "Stock cover of the top sellers"
    if report.stock_cover is None:
        return _section("stock", heading, report.stock_note)
    rows = report.stock_cover.to_pylist()
    for row in rows:
        row["label"] = f"{_name(row['product'])} {_name(row['size'])}"
    columns = {
        "product": ("Product", _name),
        "size": ("Size", _name),
        "sku": ("SKU", _name),
        "free_to_allocate": ("Free stock", _count),
        "sold": (f"Sold in {COVER_DAYS} days", _count),
        "days_of_stock": ("Days of stock", _days),
    }
    return _section(
        "stock",
        heading,
        f"Days of stock = free-to-allocate stock (all warehouses) ÷ items sold per day over "
        f"the last {COVER_DAYS} days with orders, {report.cover_from} to {report.cover_to} "
        f"(ending at the newest order's day, not today), for the {TOP} SKUs sold most then. "
        f"Under {LOW_COVER} days in orange.",
        _bars(
            "stock-cover",
            rows,
            "label",
            "days_of_stock",
            _days,
            warn_below=LOW_COVER,
            empty="Every top seller is out of stock.",
        ),
        _table(rows, columns),
    )
