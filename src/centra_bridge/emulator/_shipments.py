"""GraphQL face of order processing: order mutations, shipments, returns, payment history."""

from __future__ import annotations

from dataclasses import fields, replace
from decimal import Decimal
from typing import Any

from ariadne import MutationType, ObjectType, QueryType

from centra_bridge.emulator import _fulfilment as ops
from centra_bridge.emulator._context import Info, shop_of
from centra_bridge.emulator._dates import DEFAULT_FORMAT, format_php, in_range, parse_relative
from centra_bridge.emulator._model import (
    Address,
    CustomerInfo,
    Money,
    Order,
    PaymentHistoryEntry,
    Return,
    Shipment,
)
from centra_bridge.emulator._mutations import UserInputError, payload, require, warn
from centra_bridge.emulator._paging import page_slice, sort_items
from centra_bridge.emulator._refs import country_ref, lookup, order_ref

query = QueryType()
mutation = MutationType()
shipment_type = ObjectType("Shipment")
shipment_line_type = ObjectType("ShipmentLine")
return_type = ObjectType("Return")
payment_type = ObjectType("PaymentHistoryEntry")
discount_type = ObjectType("OrderDiscount")
bindables = [
    query,
    mutation,
    shipment_type,
    shipment_line_type,
    return_type,
    payment_type,
    discount_type,
]


def _date(attr: str) -> Any:
    def resolve(obj: Any, info: Info, format: str = DEFAULT_FORMAT) -> str | None:
        value = getattr(obj, attr)
        return None if value is None else format_php(value, format, shop_of(info).timezone)

    return resolve


for _type, _names in (
    (shipment_type, ("created_at", "updated_at", "paid_at", "captured_at", "shipped_at")),
    (return_type, ("created_at", "updated_at")),
    (payment_type, ("created_at",)),
    (discount_type, ("date",)),
):
    for _name in _names:
        _camel = "".join(p.capitalize() if i else p for i, p in enumerate(_name.split("_")))
        _type.set_field(_camel, _date(_name))


# -- order mutations ---------------------------------------------------------------------------


def _address(shop: Any, current: Address, data: dict[str, Any], path: list[str]) -> Address:
    """``current`` with the given fields changed (fields left out keep their values)."""
    changes = {f.name: data[f.name] for f in fields(Address) if data.get(f.name) is not None}
    changes.pop("country", None)
    address = replace(current, **changes)
    if data.get("country"):
        address.country = country_ref(shop, data["country"], [*path, "country"])
    return address


@mutation.field("setOrdersLock")
@payload("orders")
def resolve_lock(_: None, info: Info, input: dict[str, Any]) -> list[Order]:
    shop = shop_of(info)
    orders = [
        order_ref(info, ref, ["input", "orders", str(i)]) for i, ref in enumerate(input["orders"])
    ]
    for order in orders:
        order.is_locked = input["is_locked"]
        shop.touch(order, "Order")
    return orders


@mutation.field("updateDirectToConsumerOrder")
@payload("order")
def resolve_update_dtc(  # noqa: PLR0912 (one branch per optional input field)
    _: None, info: Info, order: dict[str, Any], input: dict[str, Any]
) -> Order:
    shop = shop_of(info)
    target = order_ref(info, order, ["order"])
    cancels = []
    for index, cancel in enumerate(input.get("cancel_lines") or []):
        where = ["input", "cancelLines", str(index)]
        line = lookup(info, shop.order_lines, cancel["line"], [*where, "line"], kind="OrderLine")
        require(
            line in target.lines,
            f"Line {line.id} is not on order {target.number}",
            [*where, "line"],
        )
        cancels.append((line, int(cancel["quantity"]), cancel["stock_action"]))
    customer = None
    if input.get("customer"):
        customer = lookup(
            info, shop.customers, input["customer"], ["input", "customer"], kind="Customer"
        )
    if input.get("shipping_cost") is not None:
        value = Decimal(str(input["shipping_cost"]["value"]))
        require(
            target.status == "CONFIRMED",
            "shippingCost can only change on CONFIRMED orders",
            ["input", "shippingCost"],
        )
        require(
            value <= target.shipping_value, "shippingCost cannot grow", ["input", "shippingCost"]
        )
    # Validated: apply.
    for key in ("shipping_address", "billing_address"):
        if input.get(key):
            setattr(target, key, _address(shop, getattr(target, key), input[key], ["input", key]))
    if customer is not None:  # another customer: the order takes their details
        target.customer = customer
        target.customer_info = CustomerInfo(customer.email, customer.first_name, customer.last_name)
    # customerInfo edits the order's own copy of the buyer's details, not the shared Customer.
    info_fields = input.get("customer_info") or {}
    for key in ("first_name", "last_name", "email"):
        if info_fields.get(key) is not None:
            setattr(target.customer_info, key, info_fields[key])
    for key in ("is_internal", "is_on_hold"):
        if input.get(key) is not None:
            setattr(target, key, input[key])
    if input.get("shipping_cost") is not None:
        target.shipping_value = Decimal(str(input["shipping_cost"]["value"]))
    if input.get("cancellation_comment"):
        target.cancellation_comment = input["cancellation_comment"]
    if cancels:
        ops.cancel_lines(shop, target, cancels)
    shop.touch(target, "Order")
    return target


@mutation.field("confirmOrder")
@payload("order")
def resolve_confirm(_: None, info: Info, input: dict[str, Any]) -> Order:
    return ops.confirm_order(shop_of(info), order_ref(info, input["order"], ["input", "order"]))


@mutation.field("captureOrder")
@payload(None)
def resolve_capture_order(_: None, info: Info, order: dict[str, Any]) -> dict[str, Any]:
    target = order_ref(info, order, ["order"])
    entry = ops.capture_order(shop_of(info), target)
    return {"payment_history_entry": entry, "order": target}


# -- shipments ---------------------------------------------------------------------------------


def _shipment(info: Info, shipment_id: int) -> Shipment:
    return lookup(info, shop_of(info).shipments, {"id": shipment_id}, ["id"], kind="Shipment")


def _apply_info(shop: Any, shipment: Shipment, data: dict[str, Any] | None) -> None:
    data = data or {}
    shipment.carrier_name = data.get("carrier", shipment.carrier_name)
    shipment.service_name = data.get("service", shipment.service_name)
    shipment.number_of_packages = data.get("packages_number") or shipment.number_of_packages
    shipment.tracking_number = data.get("tracking_number", shipment.tracking_number)
    shipment.return_tracking_number = data.get(
        "return_tracking_number", shipment.return_tracking_number
    )
    cost = data.get("internal_shipping_cost")
    if cost:
        currency = next(
            (c for c in shop.currencies.values() if c.code == cost["currency_iso_code"]), None
        )
        if currency:
            shipment.internal_shipping_cost = Money(Decimal(str(cost["value"])), currency)


@mutation.field("createShipment")
@payload("shipment")
def resolve_create_shipment(_: None, info: Info, input: dict[str, Any]) -> Shipment:
    shop = shop_of(info)
    order = order_ref(info, input["order"], ["input", "order"])
    lines = None
    if input.get("lines"):
        lines = [
            (
                lookup(
                    info,
                    shop.order_lines,
                    item["order_line"],
                    ["input", "lines", str(i), "orderLine"],
                    kind="OrderLine",
                ),
                int(item["quantity"]),
            )
            for i, item in enumerate(input["lines"])
        ]
    created_at = None
    if input.get("created_at"):
        created_at = parse_relative(input["created_at"], shop.clock.now(), shop.timezone)
    shipment = ops.create_shipment(
        shop,
        order,
        lines,
        good_to_go=bool(input.get("is_good_to_go")),
        paid=bool(input.get("is_paid")),
        allocate_demand=bool(input.get("allocate_demand")),
        additional_message=input.get("additional_message"),
    )
    if created_at is not None:
        shipment.created_at = created_at
    _apply_info(shop, shipment, input.get("shipment_info"))
    if input.get("capture"):
        try:
            ops.capture_shipment(shop, shipment)
        except UserInputError as error:  # the shipment stays; Centra warns instead of failing
            warn(info, f"Capture failed: {error.message}", ["input", "capture"])
    return shipment


@mutation.field("updateShipment")
@payload("shipment")
def resolve_update_shipment(_: None, info: Info, id: int, input: dict[str, Any]) -> Shipment:
    return ops.update_shipment(
        shop_of(info),
        _shipment(info, id),
        is_paid=input.get("is_paid"),
        is_good_to_go=input.get("is_good_to_go"),
        additional_message=input.get("additional_message"),
    )


@mutation.field("completeShipment")
@payload("shipment")
def resolve_complete_shipment(_: None, info: Info, id: int, input: dict[str, Any]) -> Shipment:
    shop = shop_of(info)
    shipment = _shipment(info, id)
    now = shop.clock.now()
    shipped_at = now
    if input.get("shipped_at"):
        shipped_at = parse_relative(input["shipped_at"], now, shop.timezone)
        require(shipped_at <= now, "shippedAt cannot be in the future", ["input", "shippedAt"])
    _apply_info(shop, shipment, input.get("shipment_info"))
    ops.complete_shipment(shop, shipment)
    shipment.shipped_at = shipped_at
    return shipment


@mutation.field("captureShipment")
@payload(None)
def resolve_capture_shipment(_: None, info: Info, id: int) -> dict[str, Any]:
    shipment = _shipment(info, id)
    entry = ops.capture_shipment(shop_of(info), shipment)
    return {"payment_history_entry": entry, "shipment": shipment}


@shipment_type.field("grandTotal")
def resolve_shipment_total(shipment: Shipment, _: Info, including_tax: bool = True) -> Money:
    total = shipment.grand_total()
    if not including_tax:
        total = (total / Decimal("1.25")).quantize(Decimal("0.01"))
    return Money(total, shipment.order.currency)


@shipment_type.field("internalShippingCost")
def resolve_internal_cost(shipment: Shipment, _: Info) -> Money:
    return shipment.internal_shipping_cost or Money(Decimal(0), shipment.order.currency)


@shipment_type.field("carrierInformation")
def resolve_carrier(shipment: Shipment, _: Info) -> dict[str, Any] | None:
    if shipment.carrier_name is None and shipment.service_name is None:
        return None
    return {"carrier_name": shipment.carrier_name, "service_name": shipment.service_name}


@shipment_type.field("shippingAddress")
def resolve_shipment_address(shipment: Shipment, _: Info) -> Address:
    return shipment.order.shipping_address


# -- returns -----------------------------------------------------------------------------------


def _return(info: Info, return_id: int) -> Return:
    return lookup(info, shop_of(info).returns, {"id": return_id}, ["id"], kind="Return")


def _cost(data: dict[str, Any] | None, from_shipment: Decimal) -> Decimal:
    if not data:
        return Decimal(0)
    if data.get("from_shipment"):
        return from_shipment
    return Decimal(str((data.get("value") or {}).get("value", 0)))


@mutation.field("createReturn")
@payload("return")
def resolve_create_return(_: None, info: Info, input: dict[str, Any]) -> Return:
    shop = shop_of(info)
    shipment = lookup(
        info, shop.shipments, input["shipment"], ["input", "shipment"], kind="Shipment"
    )
    lines = [
        (
            lookup(
                info,
                shop.shipment_lines,
                item["shipment_line"],
                ["input", "lines", str(i), "shipmentLine"],
                kind="ShipmentLine",
            ),
            int(item["quantity"]),
        )
        for i, item in enumerate(input["lines"])
    ]
    policy_input = {
        k: v for k, v in input["return_stock_action_policy"].items() if v not in (None, False)
    }
    require(
        len(policy_input) == 1,
        "Exactly one input field should be provided",
        ["input", "returnStockActionPolicy"],
    )
    [(policy_key, value)] = policy_input.items()
    policy = {
        "release_items_back_to_warehouse": "releaseItemsBackToWarehouse",
        "send_items_to_different_warehouse": "sendItemsToDifferentWarehouse",
        "remove_items_from_stock": "removeItemsFromStock",
    }[policy_key]
    warehouse = None
    if policy == "sendItemsToDifferentWarehouse":
        path = ["input", "returnStockActionPolicy", "sendItemsToDifferentWarehouse"]
        warehouse = lookup(info, shop.warehouses, value, path, kind="Warehouse")
    costs = {
        "shipping": _cost(input.get("shipping_cost"), shipment.shipping_value),
        "handling": _cost(input.get("handling_cost"), Decimal(0)),
        "voucher": _cost(input.get("voucher_value"), Decimal(0)),
    }
    require(
        costs["shipping"] <= shipment.shipping_value,
        "shippingCost is more than the shipment's",
        ["input", "shippingCost"],
    )
    return ops.create_return(
        shop,
        shipment,
        lines,
        policy,
        warehouse=warehouse,
        comment=input.get("comment"),
        costs=costs,
    )


@mutation.field("completeReturn")
@payload("return")
def resolve_complete_return(
    _: None,
    info: Info,
    id: int,
    input: dict[str, Any] | None = None,  # noqa: ARG001 (sendEmail: the emulator sends no mail)
) -> Return:
    return ops.set_return_completed(shop_of(info), _return(info, id), completed=True)


@mutation.field("uncompleteReturn")
@payload("return")
def resolve_uncomplete_return(_: None, info: Info, id: int) -> Return:
    return ops.set_return_completed(shop_of(info), _return(info, id), completed=False)


@mutation.field("deleteReturn")
@payload("return")
def resolve_delete_return(_: None, info: Info, id: int) -> Return:
    return ops.delete_return(shop_of(info), _return(info, id))


def _return_money(attr: str) -> Any:
    def resolve(returned: Return, _: Info) -> Money:
        return Money(getattr(returned, attr), returned.order.currency)

    return resolve


for _field, _attr in (
    ("shippingCost", "shipping_cost"),
    ("handlingCost", "handling_cost"),
    ("voucherValue", "voucher_value"),
):
    return_type.set_field(_field, _return_money(_attr))
return_type.set_field("returnStockActionPolicy", lambda returned, _: returned.policy)


# -- queries -----------------------------------------------------------------------------------


@query.field("shipments")
def resolve_shipments(
    _: None,
    info: Info,
    where: dict[str, Any] | None = None,
    sort: list[str] | None = None,
    limit: int | None = None,
    page: int | None = None,
) -> list[Shipment]:
    shop = shop_of(info)
    shipments = list(shop.shipments.values())
    where = where or {}
    if where.get("id") is not None:
        shipments = [s for s in shipments if s.id in set(where["id"])]
    if where.get("order_number") is not None:
        shipments = [s for s in shipments if s.order.number in set(where["order_number"])]
    if where.get("is_shipped") is not None:
        shipments = [s for s in shipments if s.is_shipped == where["is_shipped"]]
    for key in ("updated_at", "created_at"):
        if where.get(key):
            shipments = [
                s for s in shipments if in_range(getattr(s, key), where[key], shop.timezone)
            ]
    ordered, _fields = sort_items(shipments, sort, {"id": "id", "updatedAt": "updated_at"}, "id")
    return page_slice(ordered, limit, page)


@query.field("returns")
def resolve_returns(
    _: None,
    info: Info,
    where: dict[str, Any] | None = None,
    sort: list[str] | None = None,
    limit: int | None = None,
    page: int | None = None,
) -> list[Return]:
    shop = shop_of(info)
    returns = list(shop.returns.values())
    where = where or {}
    if where.get("id") is not None:
        returns = [r for r in returns if r.id in set(where["id"])]
    if where.get("status") is not None:
        returns = [r for r in returns if r.status in set(where["status"])]
    if where.get("customer_id") is not None:
        returns = [r for r in returns if r.order.customer.id in set(where["customer_id"])]
    if where.get("store_type") is not None:
        returns = [r for r in returns if r.order.store.type == where["store_type"]]
    if where.get("updated_at"):
        returns = [r for r in returns if in_range(r.updated_at, where["updated_at"], shop.timezone)]
    ordered, _fields = sort_items(returns, sort, {"id": "id", "updatedAt": "updated_at"}, "id")
    return page_slice(ordered, limit, page)


@payment_type.field("currencyBaseRate")
def resolve_payment_rate(entry: PaymentHistoryEntry, _: Info) -> float:
    return entry.order.currency.base_rate
