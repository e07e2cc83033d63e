"""Centra's data as warehouse tables: natural keys, Arrow schemas, and how rows come out of
Centra's answers.

Every table is flat. Money is a decimal value with a currency code column; timestamps are UTC,
and tables whose dates matter by local day keep Centra's original offset in ``<column>_offset``
(minutes east of UTC). Custom attributes go to mapped columns (``AttributeMapping``) or, when
unmapped, to the ``attributes`` JSON column; nothing is dropped.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from centra_bridge.warehouse import (
    MONEY,
    TIMESTAMP,
    ColumnType,
    Getter,
    Table,
    col,
    parse_timestamp,
    path,
)

_CENT = Decimal("0.01")


# Amounts and timestamps repeat across rows (prices, a page's orders placed in one second):
# each distinct one is converted once.
@functools.lru_cache(maxsize=65536)
def _cents(amount: float | str) -> Decimal:
    return Decimal(str(amount)).quantize(_CENT)


@functools.lru_cache(maxsize=65536)
def _utc(text: str) -> datetime:
    return parse_timestamp(text).astimezone(UTC)


def money(dotted: str) -> Getter:
    get = path(dotted)

    def value(row: dict[str, Any]) -> Decimal | None:
        amount = get(row)
        return None if amount is None else _cents(amount)

    return value


def utc(dotted: str) -> Getter:
    get = path(dotted)

    def value(row: dict[str, Any]) -> datetime | None:
        text = get(row)
        return None if text is None else _utc(text)

    return value


def offset(dotted: str) -> Getter:
    get = path(dotted)

    def value(row: dict[str, Any]) -> int | None:
        text = get(row)
        delta = None if text is None else parse_timestamp(text).utcoffset()
        return None if delta is None else int(delta.total_seconds() // 60)

    return value


def _children(
    field_name: str, **parents: str
) -> Callable[[dict[str, Any]], Iterator[dict[str, Any]]]:
    """Rows of a nested list, each given its parents' values under ``_<name>`` keys."""

    getters = {f"_{name}": path(source) for name, source in parents.items()}

    def rows(item: dict[str, Any]) -> Iterator[dict[str, Any]]:
        inherited = {name: get(item) for name, get in getters.items()}
        for child in item.get(field_name) or []:
            yield {**child, **inherited}

    return rows


def _grandchildren(
    outer: str, inner: str, **parents: str
) -> Callable[[dict[str, Any]], Iterator[dict[str, Any]]]:
    getters = {f"_{name}": path(source) for name, source in parents.items()}

    def rows(item: dict[str, Any]) -> Iterator[dict[str, Any]]:
        for middle in item.get(outer) or []:
            inherited = {name: get(middle) for name, get in getters.items()}
            for child in middle.get(inner) or []:
                yield {**child, **inherited, "_root": item}

    return rows


_STR: ColumnType = "string"
_INT: ColumnType = "int64"
_BOOL: ColumnType = "bool"
_FLOAT: ColumnType = "float64"


def _payment_method(order: dict[str, Any]) -> str | None:
    """The method of the order's first payment entry (its authorisation)."""
    entries = order.get("paymentHistory") or []
    return entries[0].get("paymentMethod") if entries else None


def _voucher_codes(order: dict[str, Any]) -> str | None:
    """The voucher codes the buyer used, comma-separated (most orders have none or one)."""
    found = ((d.get("voucher") or {}).get("code") for d in order.get("discountsApplied") or [])
    return ",".join(sorted({str(code) for code in found if code})) or None


ORDERS = Table(
    "orders",
    ("number",),
    (
        col("number", _INT),
        col("id", _STR),
        col("status", _STR),
        col("is_on_hold", _BOOL, "isOnHold"),
        col("is_locked", _BOOL, "isLocked"),
        col("store_id", _INT, "store.id"),
        col("market_id", _INT, "market.id"),
        col("customer_id", _INT, "customer.id"),
        col("customer_email", _STR, "customer.email"),
        col("pricelist_id", _INT, "pricelist.id"),
        col("country", _STR, "country.code"),
        col("shipping_country", _STR, "shippingAddress.country.code"),
        col("shipping_city", _STR, "shippingAddress.city"),
        col("shipping_option", _STR, "shippingPriceGroup.shippingOption.name"),
        col("payment_method", _STR, _payment_method),
        col("voucher_codes", _STR, _voucher_codes),
        col("currency", _STR, "grandTotal.currency.code"),
        col("currency_base_rate", _FLOAT, "currencyBaseRate"),
        col("grand_total", MONEY, money("grandTotal.value")),
        col("grand_total_ex_tax", MONEY, money("grandTotalExTax.value")),
        col("shipping_value", MONEY, money("totals.shipping.value")),
        col("line_count", "int32", lambda o: len(o["lines"])),
        col("order_date", TIMESTAMP, utc("orderDate")),
        col("order_date_offset", "int16", offset("orderDate")),
        col("created_at", TIMESTAMP, utc("createdAt")),
        col("updated_at", TIMESTAMP, utc("updatedAt")),
    ),
    has_attributes=True,
    description="One row per order (DTC and wholesale), keyed by order number.",
)

ORDER_LINES = Table(
    "order_lines",
    ("id",),
    (
        col("id", _INT),
        col("order_number", _INT, "_order"),
        col("product_name", _STR, "productName"),
        col("variant_name", _STR, "productVariantName"),
        col("size_id", _INT, "productSize.id"),
        col("sku", _STR, "productSize.SKU"),
        col("ean", _STR, "productSize.EAN"),
        col("size", _STR, "productSize.size.name"),
        col("quantity", "int32"),
        col("cancelled_quantity", "int32", "cancelledQuantity"),
        col("tax_percent", _FLOAT, "taxPercent"),
        col("discount_percent", _FLOAT, "discountPercent"),
        col("currency", _STR, "_currency"),
        col("unit_original_price", MONEY, money("unitOriginalPrice.value")),
        col("unit_price", MONEY, money("unitPrice.value")),
        col("line_value", MONEY, money("lineValue.value")),
    ),
    rows=_children("lines", order="number", currency="grandTotal.currency.code"),
    parent=("orders", "order_number"),
)

SHIPMENTS = Table(
    "shipments",
    ("id",),
    (
        col("id", _INT),
        col("number", _STR),
        col("order_number", _INT, "_order"),
        col("is_good_to_go", _BOOL, "isGoodToGo"),
        col("is_shipped", _BOOL, "isShipped"),
        col("is_paid", _BOOL, "isPaid"),
        col("is_captured", _BOOL, "isCaptured"),
        col("tracking_number", _STR, "trackingNumber"),
        col("number_of_packages", "int32", "numberOfPackages"),
        col("currency", _STR, "_currency"),
        col("grand_total", MONEY, money("grandTotal.value")),
        col("shipped_at", TIMESTAMP, utc("shippedAt")),
        col("created_at", TIMESTAMP, utc("createdAt")),
        col("created_at_offset", "int16", offset("createdAt")),
        col("updated_at", TIMESTAMP, utc("updatedAt")),
    ),
    rows=_children("shipments", order="number", currency="grandTotal.currency.code"),
    parent=("orders", "order_number"),
)

SHIPMENT_LINES = Table(
    "shipment_lines",
    ("id",),
    (
        col("id", _INT),
        col("shipment_id", _INT, "_shipment"),
        col("order_number", _INT, "_root.number"),
        col("order_line_id", _INT, "orderLine.id"),
        col("quantity", "int32"),
        col("line_value", MONEY, money("lineValue.value")),
    ),
    rows=_grandchildren("shipments", "lines", shipment="id"),
    parent=("orders", "order_number"),
)

RETURNS = Table(
    "returns",
    ("id",),
    (
        col("id", _INT),
        col("order_number", _INT, "_order"),
        col("shipment_id", _INT, "shipment.id"),
        col("status", _STR),
        col("stock_action_policy", _STR, "returnStockActionPolicy"),
        col("currency", _STR, "_currency"),
        col("shipping_cost", MONEY, money("shippingCost.value")),
        col("handling_cost", MONEY, money("handlingCost.value")),
        col("voucher_value", MONEY, money("voucherValue.value")),
        col("created_at", TIMESTAMP, utc("createdAt")),
        col("created_at_offset", "int16", offset("createdAt")),
        col("updated_at", TIMESTAMP, utc("updatedAt")),
    ),
    rows=_children("returns", order="number", currency="grandTotal.currency.code"),
    parent=("orders", "order_number"),
)

RETURN_LINES = Table(
    "return_lines",
    ("id",),
    (
        col("id", _INT),
        col("return_id", _INT, "_return"),
        col("order_number", _INT, "_root.number"),
        col("shipment_line_id", _INT, "shipmentLine.id"),
        col("order_line_id", _INT, "shipmentLine.orderLine.id"),
        col("quantity", "int32"),
    ),
    rows=_grandchildren("returns", "lines", **{"return": "id"}),
    parent=("orders", "order_number"),
)

PAYMENTS = Table(
    "payments",
    ("id",),
    (
        col("id", _INT),
        col("order_number", _INT, "_order"),
        col("entry_type", _STR, "entryType"),
        col("status", _STR),
        col("payment_method", _STR, "paymentMethod"),
        col("external_reference", _STR, "externalReference"),
        col("currency", _STR, "_currency"),
        col("currency_base_rate", _FLOAT, "currencyBaseRate"),
        col("value", MONEY, money("value.value")),
        col("created_at", TIMESTAMP, utc("createdAt")),
    ),
    rows=_children("paymentHistory", order="number", currency="grandTotal.currency.code"),
    parent=("orders", "order_number"),
)

CUSTOMERS = Table(
    "customers",
    ("id",),
    (
        col("id", _INT),
        col("email", _STR),
        col("first_name", _STR, "firstName"),
        col("last_name", _STR, "lastName"),
        col("updated_at", TIMESTAMP, utc("updatedAt")),
    ),
    has_attributes=True,
)

PRODUCTS = Table(
    "products",
    ("id",),
    (
        col("id", _INT),
        col("name", _STR),
        col("status", _STR),
        col("product_number", _STR, "productNumber"),
        col("brand", _STR, "brand.name"),
        col("collection", _STR, "collection.name"),
        col("folder", _STR, "folder.name"),
        col("country_of_origin", _STR, "countryOfOrigin.code"),
        col("harmonized_commodity_code", _STR, "harmonizedCommodityCode"),
        col("is_bundle", _BOOL, "isBundle"),
        col("created_at", TIMESTAMP, utc("createdAt")),
        col("updated_at", TIMESTAMP, utc("updatedAt")),
    ),
    has_attributes=True,
)

VARIANTS = Table(
    "variants",
    ("id",),
    (
        col("id", _INT),
        col("product_id", _INT, "_product"),
        col("name", _STR),
        col("status", _STR),
        col("variant_number", _STR, "variantNumber"),
        col("internal_name", _STR, "internalName"),
        col("size_chart", _STR, "sizeChart.name"),
        col("unit_cost_currency", _STR, "unitCost.currency.code"),
        col("unit_cost", MONEY, money("unitCost.value")),
        col("updated_at", TIMESTAMP, utc("updatedAt")),
    ),
    rows=_children("variants", product="id"),
    parent=("products", "product_id"),
)

SIZES = Table(
    "sizes",
    ("id",),
    (
        col("id", _INT),
        col("variant_id", _INT, "_variant"),
        col("product_id", _INT, "_root.id"),
        col("size", _STR, "size.name"),
        col("sku", _STR, "SKU"),
        col("ean", _STR, "EAN"),
        col("upc", _STR, "UPC"),
        col("gtin", _STR, "GTIN"),
        col("size_number", _STR, "sizeNumber"),
        col("preorder", _BOOL),
        col("is_active", _BOOL, "isActive"),
    ),
    rows=_grandchildren("variants", "productSizes", variant="id"),
    parent=("products", "product_id"),
)

DISPLAYS = Table(
    "displays",
    ("id",),
    (
        col("id", _INT),
        col("name", _STR),
        col("status", _STR),
        col("uri", _STR),
        col("store_id", _INT, "store.id"),
        col("product_id", _INT, "product.id"),
        col("canonical_category", _STR, "canonicalCategory.name"),
        col("categories", _STR, lambda d: ",".join(c["name"] for c in d.get("categories") or [])),
    ),
    description="How products are shown per store, with their categories.",
)

STORES = Table("stores", ("id",), (col("id", _INT), col("name", _STR), col("type", _STR)))

MARKETS = Table(
    "markets",
    ("id",),
    (
        col("id", _INT),
        col("name", _STR),
        col("store_id", _INT, "store.id"),
        col("countries", _STR, lambda m: ",".join(c["code"] for c in m["assignedToCountries"])),
    ),
)

WAREHOUSES = Table(
    "warehouses",
    ("id",),
    (
        col("id", _INT),
        col("name", _STR),
        col("status", _STR),
        col("stock_master", _STR, "stockMaster"),
        col("allocation_policy", _STR, "allocationPolicy"),
        col("threshold", _INT),
        col("country", _STR, "country.code"),
    ),
)

PRICELISTS = Table(
    "pricelists",
    ("id",),
    (
        col("id", _INT),
        col("name", _STR),
        col("status", _STR),
        col("store_id", _INT, "store.id"),
        col("currency", _STR, "currency.code"),
    ),
)

STOCK = Table(
    "stock",
    ("warehouse_id", "size_id"),
    (
        col("warehouse_id", _INT, "_warehouse"),
        col("size_id", _INT, "productSize.id"),
        col("free_to_allocate", _INT, "freeToAllocateQuantity"),
        col("allocated", _INT, "allocatedQuantity"),
        col("physical", _INT, "physicalQuantity"),
        col("demand", _INT, "demandQuantity"),
        col("available_now", _INT, "availableNowQuantity"),
        col("unshipped", _INT, "unshippedQuantity"),
    ),
    rows=_children("stock", warehouse="id"),
)

PRICES = Table(
    "prices",
    ("pricelist_id", "product_id", "variant_id"),
    (
        col("pricelist_id", _INT, "_pricelist"),
        col("product_id", _INT, "product.id"),
        # 0 for a price that holds for every variant of the product (keys cannot be null).
        col("variant_id", _INT, lambda p: (p.get("productVariant") or {}).get("id", 0)),
        col("currency", _STR, "_currency"),
        col("price", MONEY, money("price.value")),
        col("recommended_retail_price", MONEY, money("recommendedRetailPrice.value")),
    ),
    rows=_children("prices", pricelist="id", currency="currency.code"),
)

STOCK_CHANGES = Table(
    "stock_changes",
    ("id",),
    (
        col("id", _INT),
        col("type", _STR),
        col("comment", _STR),
        col("warehouse_id", _INT, "warehouse.id"),
        col("created_at", TIMESTAMP, utc("createdAt")),
        col("created_at_offset", "int16", offset("createdAt")),
    ),
)

STOCK_CHANGE_LINES = Table(
    "stock_change_lines",
    ("id",),
    (
        col("id", _INT),
        col("stock_change_id", _INT, "_change"),
        col("size_id", _INT, "productSize.id"),
        col("warehouse_id", _INT, "warehouse.id"),
        col("delivered_quantity", _INT, "deliveredQuantity"),
        col("free_to_allocate", _INT, "freeToAllocateQuantity"),
        col("is_available", _BOOL, "isAvailable"),
        col("unit_cost_currency", _STR, "unitCost.currency.code"),
        col("unit_cost", MONEY, money("unitCost.value")),
    ),
    rows=_children("lines", change="id"),
    parent=("stock_changes", "stock_change_id"),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        ORDERS,
        ORDER_LINES,
        SHIPMENTS,
        SHIPMENT_LINES,
        RETURNS,
        RETURN_LINES,
        PAYMENTS,
        CUSTOMERS,
        PRODUCTS,
        VARIANTS,
        SIZES,
        DISPLAYS,
        WAREHOUSES,
        STOCK,
        STOCK_CHANGES,
        STOCK_CHANGE_LINES,
        MARKETS,
        STORES,
        PRICELISTS,
        PRICES,
    )
}

__all__ = ["MONEY", "TABLES", "money", "offset", "utc"]
