"""Resolvers for orders, order lines and money."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

from ariadne import InterfaceType, ObjectType, QueryType

from centra_bridge.emulator._catalog import slug
from centra_bridge.emulator._context import Info, shop_of
from centra_bridge.emulator._dates import DEFAULT_FORMAT, format_php, in_range
from centra_bridge.emulator._model import (
    Country,
    Customer,
    Money,
    Order,
    OrderLine,
    PaymentHistoryEntry,
    ShippingOption,
)
from centra_bridge.emulator._paging import connection, page_slice, sort_items
from centra_bridge.emulator._shop import Shop

query = QueryType()
order_interface = InterfaceType("Order")
dtc_order = ObjectType("DirectToConsumerOrder")
wholesale_order = ObjectType("WholesaleOrder")
order_line = ObjectType("OrderLine")
monetary_value = ObjectType("MonetaryValue")
shipping_option = ObjectType("ShippingOption")

bindables = [
    query,
    order_interface,
    dtc_order,
    wholesale_order,
    order_line,
    monetary_value,
    shipping_option,
]

_SORT_COLUMNS = {
    "id": "number",  # the hash id has no order; Centra's internal id follows the number
    "number": "number",
    "createdAt": "created_at",
    "updatedAt": "updated_at",
    "orderDate": "created_at",
}


def filter_orders(shop: Shop, where: dict[str, Any] | None) -> list[Order]:
    orders: list[Order] = list(shop.orders.values())
    if not where:
        return orders
    sets: dict[str, Callable[[Order], object]] = {
        "id": lambda o: o.id,
        "number": lambda o: o.number,
        "status": lambda o: o.status,
        "store_id": lambda o: o.store.id,
        "market_id": lambda o: o.market.id,
        "customer_id": lambda o: o.customer.id,
    }
    for name, getter in sets.items():
        wanted = where.get(name)
        if wanted is not None:
            allowed = set(wanted)
            orders = [o for o in orders if getter(o) in allowed]
    if where.get("store_type"):
        orders = [o for o in orders if o.store.type == where["store_type"]]
    for name, attr in (
        ("created_at", "created_at"),
        ("updated_at", "updated_at"),
        ("order_date", "created_at"),
    ):
        if where.get(name):
            orders = [o for o in orders if in_range(getattr(o, attr), where[name], shop.timezone)]
    return orders


def visible_orders(info: Info, where: dict[str, Any] | None) -> list[Order]:
    """The orders matching ``where`` that the token may see (store-restricted tokens: theirs)."""
    orders = filter_orders(shop_of(info), where)
    store_ids = info.context["grant"].store_ids
    if store_ids is not None:
        orders = [o for o in orders if o.store.id in store_ids]
    return orders


@query.field("orders")
def resolve_orders(
    _: None,
    info: Info,
    where: dict[str, Any] | None = None,
    sort: list[str] | None = None,
    limit: int | None = None,
    page: int | None = None,
) -> list[Order]:
    ordered, _fields = sort_items(visible_orders(info, where), sort, _SORT_COLUMNS, "number")
    return page_slice(ordered, limit, page)


@query.field("orderConnection")
def resolve_order_connection(
    _: None,
    info: Info,
    where: dict[str, Any] | None = None,
    sort: list[str] | None = None,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> dict[str, Any]:
    ordered, fields = sort_items(visible_orders(info, where), sort, _SORT_COLUMNS, "number")
    return connection(ordered, fields, first=first, after=after, last=last, before=before)


@order_interface.type_resolver
def resolve_order_type(order: Order, *_: Any) -> str:
    return "WholesaleOrder" if order.store.type == "WHOLESALE" else "DirectToConsumerOrder"


def _date_resolver(attr: str) -> Any:
    def resolve(obj: Any, info: Info, format: str = DEFAULT_FORMAT) -> str:
        return format_php(getattr(obj, attr), format, shop_of(info).timezone)

    return resolve


for _name, _attr in (("createdAt", "created_at"), ("updatedAt", "updated_at")):
    dtc_order.set_field(_name, _date_resolver(_attr))
dtc_order.set_field("orderDate", _date_resolver("created_at"))


@dtc_order.field("grandTotal")
def resolve_grand_total(order: Order, _: Info, including_tax: bool = True) -> Money:
    return Money(order.grand_total(including_tax=including_tax), order.currency)


@dtc_order.field("country")
def resolve_order_country(order: Order, _: Info) -> Country | None:
    return order.shipping_address.country


@dtc_order.field("totals")
def resolve_totals(order: Order, _: Info) -> dict[str, Money]:
    zero = Money(Decimal(0), order.currency)
    tax = order.grand_total() - order.grand_total(including_tax=False)
    return {
        "shipping": Money(order.shipping_value, order.currency),
        "handling": zero,
        "tax_included": Money(tax, order.currency),
        "tax_added": zero,
        "tax_deducted": zero,
    }


@dtc_order.field("shippingPriceGroup")
def resolve_shipping_price_group(order: Order, _: Info) -> dict[str, ShippingOption] | None:
    return None if order.shipping_option is None else {"shipping_option": order.shipping_option}


@shipping_option.field("uri")
def resolve_shipping_option_uri(option: ShippingOption, _: Info) -> str:
    return slug(option.name)


@dtc_order.field("customer")
def resolve_order_customer(order: Order, _: Info) -> Customer:
    # The customer's id with the buyer's details as the order keeps them (its own copy).
    info = order.customer_info
    return replace(
        order.customer, email=info.email, first_name=info.first_name, last_name=info.last_name
    )


@dtc_order.field("paymentHistory")
def resolve_payment_history(
    order: Order, _: Info, where: dict[str, Any] | None = None
) -> list[PaymentHistoryEntry]:
    entries = order.payment_history
    where = where or {}
    if where.get("entry_type") is not None:
        entries = [e for e in entries if e.entry_type in set(where["entry_type"])]
    if where.get("status") is not None:
        entries = [e for e in entries if e.status in set(where["status"])]
    return entries


@dtc_order.field("lines")
def resolve_lines(
    order: Order,
    _: Info,
    include_fully_cancelled: bool = False,
) -> list[OrderLine]:
    if include_fully_cancelled:
        return order.lines
    return [line for line in order.lines if line.cancelled_quantity < line.quantity]


def _money_resolver(attr: str) -> Any:
    def resolve(line: OrderLine, _: Info) -> Money:
        return Money(getattr(line, attr), line.currency)

    return resolve


for _name, _attr in (
    ("unitOriginalPrice", "unit_original_price"),
    ("unitPrice", "unit_price"),
    ("lineValue", "line_value"),
):
    order_line.set_field(_name, _money_resolver(_attr))


@order_line.field("quantity")
def resolve_line_quantity(line: OrderLine, _: Info) -> int:
    # Centra's quantity is what is left after cancellations (cancelledQuantity holds the rest).
    return line.active_quantity


@monetary_value.field("value")
def resolve_money_value(money: Money, _: Info) -> float:
    return float(money.value)


@monetary_value.field("conversionRate")
def resolve_conversion_rate(money: Money, _: Info) -> float:
    return money.currency.base_rate


@monetary_value.field("formattedValue")
def resolve_formatted_value(money: Money, _: Info) -> str:
    return f"{money.value.quantize(Decimal('0.01')):,} {money.currency.code}".replace(",", " ")


# Both kinds of order compute their fields the same way.
for _field in (
    "createdAt",
    "updatedAt",
    "orderDate",
    "grandTotal",
    "paymentHistory",
    "lines",
    "country",
    "totals",
    "shippingPriceGroup",
):
    wholesale_order.set_field(_field, dtc_order._resolvers[_field])
