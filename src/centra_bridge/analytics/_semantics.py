"""The semantic layer: every dimension and metric of the two query types, defined once, with a
line saying what it means. SQL for DuckDB and PostgreSQL is generated from these (``_query``);
nothing is pasted per query.

Definitions (also in docs/analytics.md):

- Centra's prices include tax. ``line_value`` is what the buyer pays for a line's items left
  after cancellations (``quantity``; ``cancelled_quantity`` holds the rest).
- *Gross revenue*: list price × quantity. *Discounts*: gross revenue − line value.
- *Returned value*: the line's unit price × the items returned.
- *Net revenue*: (line value − returned value) without tax: × 100 / (100 + the line's tax %).
- *Tax*: (line value − returned value) − net revenue.
- Money is in the order's currency; ``--base-currency`` converts each order with its own
  ``currency_base_rate``. A money metric over several currencies is refused unless grouped by
  ``currency`` or converted.
"""

# ruff: noqa: S608 (SQL built from these definitions only)
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["QUERY_TYPES", "VIEWS", "Dimension", "Metric", "QueryType"]


@dataclass(frozen=True, slots=True)
class Dimension:
    name: str
    sql: str  # over the query type's item columns; {date} is the local date-time, {tz} the zone
    description: str


@dataclass(frozen=True, slots=True)
class Metric:
    name: str
    sql: str  # an aggregate over the items; {rate} is 1, or the base rate when converting
    description: str
    kind: str = "count"  # count (an integer), money (2 decimals) or ratio (4 decimals)

    @property
    def money(self) -> bool:
        return self.kind == "money"


@dataclass(frozen=True, slots=True)
class QueryType:
    name: str
    description: str
    items: str  # one row per item: {dataset} is the warehouse schema
    dimensions: dict[str, Dimension]
    metrics: dict[str, Metric]
    dates: dict[str, str]  # how items can be dated (attribution) -> the column
    tables: tuple[str, ...]  # the synced tables the items read


def _dimensions(*found: Dimension) -> dict[str, Dimension]:
    return {d.name: d for d in found}


def _metrics(*found: Metric) -> dict[str, Metric]:
    return {m.name: m for m in found}


def _time(name: str, unit: str) -> Dimension:
    return Dimension(name, f"cast(date_trunc('{unit}', {{date}}) as date)", f"the {unit} (local)")


_TIME = (
    Dimension("day", "cast({date} as date)", "the day, in the configured time zone"),
    _time("week", "week"),
    _time("month", "month"),
    _time("quarter", "quarter"),
    _time("year", "year"),
)
_ORDER = (
    Dimension("store", "store_name", "the store (name)"),
    Dimension("market", "market_name", "the market (name)"),
    Dimension("pricelist", "pricelist_name", "the pricelist the prices came from (name)"),
    Dimension("country", "country", "the country the order was placed for (ISO code)"),
    Dimension("shipping_country", "shipping_country", "the country shipped to (ISO code)"),
    Dimension("shipping_city", "shipping_city", "the city shipped to"),
    Dimension("currency", "currency", "the order's currency"),
    Dimension("order_status", "order_status", "the order's status now"),
    Dimension("payment_method", "payment_method", "how the buyer paid (the authorisation's)"),
    Dimension("shipping_option", "shipping_option", "the shipping option chosen"),
    Dimension("voucher_code", "voucher_codes", "the voucher codes used, comma-separated"),
    Dimension("product", "product_name", "the product, as sold"),
    Dimension("variant", "variant_name", "the variant, as sold"),
    Dimension("size", "size", "the size"),
    Dimension("sku", "sku", "the size's SKU"),
    Dimension("ean", "ean", "the size's EAN"),
    Dimension("brand", "brand", "the product's brand (as catalogued now)"),
    Dimension("collection", "collection", "the product's collection (as catalogued now)"),
    Dimension("category", "category", "the canonical category of the product's display"),
    Dimension("customer", "customer_id", "the customer (id)"),
    Dimension(
        "customer_type",
        "case when order_number = first_order then 'new' else 'returning' end",
        "new (the customer's first order) or returning",
    ),
)

# An order's shipping shared over its lines by their value (equally when all are free), so that
# it adds up per order and lands on products in proportion to what they brought in.
_SHIPPING = """coalesce(o.shipping_value, 0) * coalesce(
    l.line_value / nullif(sum(l.line_value) over (partition by o.number), 0),
    1.0 / count(*) over (partition by o.number))"""
_KEPT = "(l.line_value - l.unit_price * coalesce(r.returned, 0))"  # paid, less returns
_ORDER_ITEMS = f"""
select l.id as line_id, o.number as order_number, o.order_date, o.status as order_status,
  o.store_id, s.name as store_name, o.market_id, m.name as market_name, o.currency,
  o.currency_base_rate, o.customer_id, pl.name as pricelist_name, o.country,
  o.shipping_country, o.shipping_city, o.payment_method, o.shipping_option, o.voucher_codes,
  l.product_name, l.variant_name, l.size, l.sku, l.ean, p.brand, p.collection, dc.category,
  {_SHIPPING} as shipping_value,
  l.quantity, l.cancelled_quantity, l.unit_original_price, l.unit_price, l.line_value,
  l.tax_percent, coalesce(r.returned, 0) as returned_quantity,
  coalesce(f.first_order, o.number) as first_order,
  l.unit_original_price * l.quantity as gross_value,
  l.unit_original_price * l.quantity - l.line_value as discount_value,
  l.unit_price * coalesce(r.returned, 0) as returned_value,
  {_KEPT} * 100 / (100 + l.tax_percent) as net_value,
  {_KEPT} - {_KEPT} * 100 / (100 + l.tax_percent) as tax_value
from {{dataset}}.order_lines l
join {{dataset}}.orders o on o.number = l.order_number
left join {{dataset}}.stores s on s.id = o.store_id
left join {{dataset}}.markets m on m.id = o.market_id
left join {{dataset}}.pricelists pl on pl.id = o.pricelist_id
left join {{dataset}}.sizes sz on sz.id = l.size_id
left join {{dataset}}.products p on p.id = sz.product_id
left join (select product_id, store_id, min(canonical_category) as category
  from {{dataset}}.displays where status = 'ACTIVE' group by product_id, store_id) dc
  on dc.product_id = sz.product_id and dc.store_id = o.store_id
left join (select order_line_id, sum(quantity) as returned from {{dataset}}.return_lines
  group by order_line_id) r on r.order_line_id = l.id
left join (select customer_id, min(number) as first_order from {{dataset}}.orders
  where customer_id is not null group by customer_id) f on f.customer_id = o.customer_id
"""

_ORDER_TABLES = (
    *("orders", "order_lines", "stores", "markets", "pricelists", "sizes", "products"),
    *("displays", "return_lines"),
)

ORDER_ITEMS = QueryType(
    "order-items",
    "One row per order line.",
    _ORDER_ITEMS,
    _dimensions(*_TIME, *_ORDER),
    _metrics(
        Metric("orders", "count(distinct order_number)", "orders with a line in the group"),
        Metric("quantity", "sum(quantity)", "items ordered, less those cancelled"),
        Metric("cancelled_quantity", "sum(cancelled_quantity)", "items cancelled"),
        Metric(
            "gross_revenue",
            "sum(gross_value * {rate})",
            "list price × quantity, tax included",
            kind="money",
        ),
        Metric(
            "discounts",
            "sum(discount_value * {rate})",
            "gross revenue − what the buyer pays",
            kind="money",
        ),
        Metric(
            "net_revenue",
            "sum(net_value * {rate})",
            "what the buyer pays, less returns, without tax",
            kind="money",
        ),
        Metric(
            "tax",
            "sum(tax_value * {rate})",
            "the tax in what the buyer pays, less returns",
            kind="money",
        ),
        Metric(
            "shipping",
            "sum(shipping_value * {rate})",
            "shipping charged, tax included (shared over an order's lines by value)",
            kind="money",
        ),
        Metric(
            "average_order_value",
            "sum(line_value * {rate}) / nullif(count(distinct order_number), 0)",
            "what the buyer pays per order (lines, tax included)",
            kind="money",
        ),
        Metric(
            "units_per_order",
            "sum(quantity) * 1.0 / nullif(count(distinct order_number), 0)",
            "items per order",
            kind="ratio",
        ),
        Metric(
            "average_unit_price",
            "sum(line_value * {rate}) / nullif(sum(quantity), 0)",
            "what the buyer pays per item",
            kind="money",
        ),
    ),
    {"order": "order_date"},
    _ORDER_TABLES,
)

_RETURN_ITEMS = f"""
select rl.id as return_line_id, i.*, rl.quantity as return_quantity, rt.status as return_status,
  rt.created_at as returned_at, sh.shipped_at,
  i.unit_price * rl.quantity as return_line_value
from {{dataset}}.return_lines rl
join {{dataset}}.returns rt on rt.id = rl.return_id
left join {{dataset}}.shipments sh on sh.id = rt.shipment_id
join ({_ORDER_ITEMS}) i on i.line_id = rl.order_line_id
"""

RETURN_ITEMS = QueryType(
    "return-items",
    "One row per return line.",
    _RETURN_ITEMS,
    _dimensions(
        *_TIME,
        *_ORDER,
        Dimension("return_status", "return_status", "the return's status"),
        Dimension(
            "return_day",
            "cast((returned_at at time zone '{tz}') as date)",
            "the day the return was made (local), whatever dates the items",
        ),
        Dimension(
            "return_month",
            "cast(date_trunc('month', (returned_at at time zone '{tz}')) as date)",
            "the month the return was made (local)",
        ),
    ),
    _metrics(
        Metric("returned_quantity", "sum(return_quantity)", "items returned"),
        Metric(
            "returned_value",
            "sum(return_line_value * {rate})",
            "unit price × items returned, tax included",
            kind="money",
        ),
        Metric(
            "return_rate",
            "",  # two groupings joined: see _query._with_return_rate
            "items returned ÷ items ordered in the same group (order items, by order date)",
            kind="ratio",
        ),
        Metric(
            "days_to_return",
            "avg(extract(epoch from (returned_at - shipped_at)) / 86400.0)",
            "days from the shipment to the return, on average",
            kind="ratio",
        ),
    ),
    {"order": "order_date", "return": "returned_at"},
    (*_ORDER_TABLES, "returns", "shipments"),
)

QUERY_TYPES: dict[str, QueryType] = {q.name: q for q in (ORDER_ITEMS, RETURN_ITEMS)}
# The items of each query type as views in the warehouse, for BI tools: the same definitions.
VIEWS = {"order_items": ORDER_ITEMS.items, "return_items": RETURN_ITEMS.items}
