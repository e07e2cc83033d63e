"""Reading orders from Centra in ``updatedAt`` order and turning each page into Arrow tables.

Paging is keyset on ``updatedAt``: each request asks for orders updated at or after the last
timestamp seen, so an order changed while we read moves forward and is read again, never
skipped. When a whole page shares one timestamp we page through that second with ``page``.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pyarrow as pa

from centra_bridge.client import CentraClient

MONEY = pa.decimal128(18, 2)
TIMESTAMP = pa.timestamp("us", tz="UTC")
_CENT = Decimal("0.01")

ORDERS_SCHEMA = pa.schema(
    [
        pa.field("number", pa.int64(), nullable=False),
        pa.field("id", pa.string()),
        pa.field("status", pa.string()),
        pa.field("is_on_hold", pa.bool_()),
        pa.field("store_id", pa.int64()),
        pa.field("store_name", pa.string()),
        pa.field("store_type", pa.string()),
        pa.field("market_id", pa.int64()),
        pa.field("market_name", pa.string()),
        pa.field("currency", pa.string()),
        pa.field("currency_base_rate", pa.float64()),
        pa.field("grand_total", MONEY),
        pa.field("grand_total_ex_tax", MONEY),
        pa.field("line_count", pa.int32()),
        pa.field("created_at", TIMESTAMP),
        pa.field("updated_at", TIMESTAMP),
        pa.field("_synced_at", TIMESTAMP),
    ]
)

ORDER_LINES_SCHEMA = pa.schema(
    [
        pa.field("id", pa.int64(), nullable=False),
        pa.field("order_number", pa.int64(), nullable=False),
        pa.field("product_name", pa.string()),
        pa.field("variant_name", pa.string()),
        pa.field("sku", pa.string()),
        pa.field("ean", pa.string()),
        pa.field("size", pa.string()),
        pa.field("quantity", pa.int32()),
        pa.field("cancelled_quantity", pa.int32()),
        pa.field("tax_percent", pa.float64()),
        pa.field("discount_percent", pa.float64()),
        pa.field("currency", pa.string()),
        pa.field("unit_original_price", MONEY),
        pa.field("unit_price", MONEY),
        pa.field("line_value", MONEY),
        pa.field("_synced_at", TIMESTAMP),
    ]
)


def parse_timestamp(value: str) -> datetime:
    """Centra's ``Y-m-d\\TH:i:sP`` timestamps, as aware datetimes."""
    return datetime.fromisoformat(value)


def _money(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(_CENT)


def iter_order_pages(
    client: CentraClient, *, since: datetime | None, page_size: int
) -> Iterator[list[dict[str, Any]]]:
    """Every order updated at or after ``since`` (all when None), each exactly once per run."""
    lower = since
    page = 1
    seen_at_lower: set[int] = set()
    while True:
        where = {"updatedAt": {"from": lower.isoformat()}} if lower else None
        orders = client.execute("Orders", {"where": where, "limit": page_size, "page": page}).data[
            "orders"
        ]
        fresh = []
        for order in orders:
            updated = parse_timestamp(order["updatedAt"])
            if lower is not None and updated == lower and order["number"] in seen_at_lower:
                continue  # read already, at the end of the previous page
            fresh.append(order)
        yield fresh
        if len(orders) < page_size:
            return
        last = parse_timestamp(orders[-1]["updatedAt"])
        if lower is not None and last == lower:
            page += 1  # the whole page shares one second: page through it
            seen_at_lower.update(o["number"] for o in orders)
            continue
        lower, page = last, 1
        seen_at_lower = {o["number"] for o in orders if parse_timestamp(o["updatedAt"]) == last}


def orders_table(orders: list[dict[str, Any]], synced_at: datetime) -> pa.Table:
    return pa.Table.from_pydict(
        {
            "number": [o["number"] for o in orders],
            "id": [o["id"] for o in orders],
            "status": [o["status"] for o in orders],
            "is_on_hold": [o["isOnHold"] for o in orders],
            "store_id": [o["store"]["id"] for o in orders],
            "store_name": [o["store"]["name"] for o in orders],
            "store_type": [o["store"]["type"] for o in orders],
            "market_id": [(o["market"] or {}).get("id") for o in orders],
            "market_name": [(o["market"] or {}).get("name") for o in orders],
            "currency": [o["grandTotal"]["currency"]["code"] for o in orders],
            "currency_base_rate": [o["currencyBaseRate"] for o in orders],
            "grand_total": [_money(o["grandTotal"]["value"]) for o in orders],
            "grand_total_ex_tax": [_money(o["grandTotalExTax"]["value"]) for o in orders],
            "line_count": [len(o["lines"]) for o in orders],
            "created_at": [parse_timestamp(o["createdAt"]) for o in orders],
            "updated_at": [parse_timestamp(o["updatedAt"]) for o in orders],
            "_synced_at": [synced_at] * len(orders),
        },
        schema=ORDERS_SCHEMA,
    )


def order_lines_table(orders: list[dict[str, Any]], synced_at: datetime) -> pa.Table:
    rows = [(o, line) for o in orders for line in o["lines"]]
    return pa.Table.from_pydict(
        {
            "id": [line["id"] for _, line in rows],
            "order_number": [o["number"] for o, _ in rows],
            "product_name": [line["productName"] for _, line in rows],
            "variant_name": [line["productVariantName"] for _, line in rows],
            "sku": [(line["productSize"] or {}).get("SKU") for _, line in rows],
            "ean": [(line["productSize"] or {}).get("EAN") for _, line in rows],
            "size": [
                ((line["productSize"] or {}).get("size") or {}).get("name") for _, line in rows
            ],
            "quantity": [line["quantity"] for _, line in rows],
            "cancelled_quantity": [line["cancelledQuantity"] for _, line in rows],
            "tax_percent": [line["taxPercent"] for _, line in rows],
            "discount_percent": [line["discountPercent"] for _, line in rows],
            "currency": [o["grandTotal"]["currency"]["code"] for o, _ in rows],
            "unit_original_price": [_money(line["unitOriginalPrice"]["value"]) for _, line in rows],
            "unit_price": [_money(line["unitPrice"]["value"]) for _, line in rows],
            "line_value": [_money(line["lineValue"]["value"]) for _, line in rows],
            "_synced_at": [synced_at] * len(rows),
        },
        schema=ORDER_LINES_SCHEMA,
    )


def count_orders(client: CentraClient, since: datetime | None) -> int:
    where = {"updatedAt": {"from": since.isoformat()}} if since else None
    data = client.execute("OrderCount", {"where": where}).data
    return int(data["orderConnection"]["totalCount"])


def utc_now() -> datetime:
    return datetime.now(UTC)


def epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def from_epoch(seconds: int) -> datetime:
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
