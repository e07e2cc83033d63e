"""Order processing as the ERP guide describes it: confirm, ship, capture, complete, return.

Status flow: PENDING → (confirmOrder) CONFIRMED → (first shipment) PROCESSING → (every line
shipped or cancelled, every shipment completed and paid) SHIPPED; cancelling every line gives
CANCELLED. The operations are plain functions so that the seed can run the same lifecycle.

A change to a shipment, return or payment entry only moves that child's ``updatedAt`` and tells
the order with DEPENDENT_DATA_CHANGED; the order's own ``updatedAt`` moves (Order UPDATED or
COMPLETED) only when its own fields change too, e.g. its status. A sync must therefore poll
shipments and returns by their own stamps, as it must against Centra.
"""

from __future__ import annotations

from decimal import Decimal

from centra_bridge.emulator._model import (
    Allocation,
    Order,
    OrderLine,
    PaymentHistoryEntry,
    Return,
    ReturnLine,
    Shipment,
    ShipmentLine,
    Warehouse,
)
from centra_bridge.emulator._mutations import require
from centra_bridge.emulator._shop import Shop
from centra_bridge.emulator._stock import allocate, consume, put_stock, refresh_demand, release
from centra_bridge.emulator._storefront import add_payment

OPEN = ("PENDING", "CONFIRMED", "PROCESSING")


def _settle_status(shop: Shop, order: Order) -> None:
    """Move the order to SHIPPED or CANCELLED when its lines and shipments say so."""
    active = [line for line in order.lines if line.active_quantity > 0]
    if not active and order.status in OPEN:
        order.status = "CANCELLED"
        shop.touch(order, "Order")
        return
    done = all(line.fulfilled_quantity >= line.active_quantity for line in active)
    settled = all(s.is_shipped and s.is_paid for s in order.shipments)
    if active and done and settled and order.status in OPEN:
        order.status = "SHIPPED"
        shop.touch(order, "Order", "COMPLETED")


def _child_changed(
    shop: Shop, child: Shipment | Return, object_type: str, change_type: str = "UPDATED"
) -> None:
    shop.touch(child, object_type, change_type)
    _order_heard(shop, child.order)


def _order_heard(shop: Shop, order: Order) -> None:
    """A child of ``order`` changed: DEPENDENT_DATA_CHANGED, and a status change if it follows."""
    shop.emit("Order", "DEPENDENT_DATA_CHANGED", order)
    _settle_status(shop, order)


def confirm_order(shop: Shop, order: Order) -> Order:
    require(
        order.status == "PENDING",
        f"Order {order.number} is {order.status}, not PENDING",
        ["input", "order"],
    )
    order.status = "CONFIRMED"
    shop.touch(order, "Order")
    return order


def cancel_lines(shop: Shop, order: Order, cancels: list[tuple[OrderLine, int, str]]) -> None:
    require(
        order.status in OPEN,
        f"Order {order.number} is {order.status}: lines cannot be cancelled",
        ["input", "cancelLines"],
    )
    for index, (line, quantity, _action) in enumerate(cancels):
        open_quantity = line.active_quantity - line.shipped_quantity
        require(
            0 < quantity <= open_quantity,
            f"Line {line.id} has {open_quantity} items that can be cancelled, not {quantity}",
            ["input", "cancelLines", str(index), "quantity"],
        )
    for line, quantity, action in cancels:
        release(shop, line, quantity, remove_from_stock=action == "REMOVE_FROM_STOCK")
        line.cancelled_quantity += quantity
        refresh_demand(shop, line)
    shop.touch(order, "Order")
    _settle_status(shop, order)


def _authorized(order: Order) -> Decimal:
    paid = {"AUTH": Decimal(0), "CAPTURE": Decimal(0)}
    for entry in order.payment_history:
        if entry.status == "SUCCESS" and entry.entry_type in paid:
            paid[entry.entry_type] += entry.value.value
    return paid["AUTH"] - paid["CAPTURE"]


def capture_order(shop: Shop, order: Order) -> PaymentHistoryEntry:
    remaining = min(_authorized(order), order.grand_total())
    require(remaining > 0, f"Order {order.number} has nothing left to capture", ["order"])
    require(order.status != "CANCELLED", f"Order {order.number} is cancelled", ["order"])
    entry = add_payment(shop, order, "CAPTURE", remaining)
    for shipment in order.shipments:
        if shipment.is_captured:
            continue
        shipment.is_captured = True
        shipment.captured_at = entry.created_at
        mark_paid(shop, shipment)
        shop.touch(shipment, "Shipment")
    _order_heard(shop, order)  # a new payment entry is the order's dependent data
    return entry


def create_shipment(
    shop: Shop,
    order: Order,
    lines: list[tuple[OrderLine, int]] | None,
    *,
    good_to_go: bool = False,
    paid: bool = False,
    allocate_demand: bool = False,
    additional_message: str | None = None,
    shipment_id: int | None = None,
    line_ids: list[int] | None = None,
) -> Shipment:
    require(
        order.status in ("CONFIRMED", "PROCESSING"),
        f"Order {order.number} is {order.status}: confirm it before creating shipments",
        ["input", "order"],
    )
    if lines is None:  # no lines: everything not yet in a shipment
        lines = [(ln, ln.active_quantity - ln.shipped_quantity) for ln in order.lines]
        lines = [(ln, q) for ln, q in lines if q > 0]
    require(lines, f"Order {order.number} has nothing left to ship", ["input", "lines"])
    for index, (line, quantity) in enumerate(lines):
        require(
            line in order.lines,
            f"Line {line.id} is not on order {order.number}",
            ["input", "lines", str(index)],
        )
        left = line.active_quantity - line.shipped_quantity
        require(
            0 < quantity <= left,
            f"Line {line.id} has {left} items left to ship, not {quantity}",
            ["input", "lines", str(index), "quantity"],
        )
    now = shop.clock.now()
    first = not order.shipments
    shipment = Shipment(
        shop.new_id("shipment", shipment_id),
        f"{order.number}-{len(order.shipments) + 1}",
        order,
        now,
        now,
        shipping_value=order.shipping_value if first else Decimal(0),
        is_good_to_go=good_to_go,
        additional_message=additional_message,
    )
    explicit_ids = iter(line_ids or [])
    for line, quantity in lines:
        if allocate_demand and line.demand:
            allocate(shop, line, line.demand)
        item = ShipmentLine(
            shop.new_id("shipment_line", next(explicit_ids, None)), line, quantity, shipment
        )
        line.shipped_quantity += quantity
        shipment.lines.append(item)
        shop.shipment_lines[item.id] = item
    if paid:
        mark_paid(shop, shipment)
    order.shipments.append(shipment)
    shop.shipments[shipment.id] = shipment
    shop.emit("Shipment", "CREATED", shipment)
    shop.emit("Order", "DEPENDENT_DATA_CHANGED", order)
    if order.status == "CONFIRMED":  # the order's own status changes with its first shipment
        order.status = "PROCESSING"
        shop.touch(order, "Order")
    return shipment


def mark_paid(shop: Shop, shipment: Shipment) -> None:
    if not shipment.is_paid:
        shipment.is_paid = True
        shipment.paid_at = shop.clock.now()


def update_shipment(
    shop: Shop,
    shipment: Shipment,
    *,
    is_paid: bool | None = None,
    is_good_to_go: bool | None = None,
    additional_message: str | None = None,
) -> Shipment:
    """``updateShipment``: the paid flag can only be set (Centra has no way to unpay)."""
    if is_paid:
        mark_paid(shop, shipment)
    if is_good_to_go is not None:
        shipment.is_good_to_go = is_good_to_go
    if additional_message is not None:
        shipment.additional_message = additional_message
    _child_changed(shop, shipment, "Shipment")  # paid may complete the order: SHIPPED
    return shipment


def capture_shipment(shop: Shop, shipment: Shipment) -> PaymentHistoryEntry:
    require(not shipment.is_captured, f"Shipment {shipment.number} is captured already", ["id"])
    amount = shipment.grand_total()
    require(
        amount <= _authorized(shipment.order),
        f"Shipment {shipment.number} costs more than is authorised",
        ["id"],
    )
    entry = add_payment(shop, shipment.order, "CAPTURE", amount)
    shipment.is_captured = True
    shipment.captured_at = entry.created_at
    mark_paid(shop, shipment)
    _child_changed(shop, shipment, "Shipment")
    return entry


def complete_shipment(shop: Shop, shipment: Shipment) -> Shipment:
    require(not shipment.is_shipped, f"Shipment {shipment.number} is completed already", ["id"])
    for index, item in enumerate(shipment.lines):
        allocated = item.order_line.allocated_quantity
        require(
            allocated >= item.quantity,
            f"Line {item.order_line.id} has {allocated} of {item.quantity} items allocated: "
            "add stock or create the shipment with allocateDemand: true",
            ["lines", str(index)],
        )
    for item in shipment.lines:
        item.shipped_from = consume(shop, item.order_line, item.quantity)
    shipment.shipped_at = shop.clock.now()
    _child_changed(shop, shipment, "Shipment", "COMPLETED")
    return shipment


def create_return(
    shop: Shop,
    shipment: Shipment,
    lines: list[tuple[ShipmentLine, int]],
    policy: str,
    *,
    warehouse: Warehouse | None = None,
    comment: str | None = None,
    costs: dict[str, Decimal] | None = None,
    return_id: int | None = None,
) -> Return:
    require(
        shipment.is_shipped,
        f"Shipment {shipment.number} is not shipped: nothing to return",
        ["input", "shipment"],
    )
    for index, (item, quantity) in enumerate(lines):
        require(
            item.shipment is shipment,
            f"Shipment line {item.id} is not on shipment {shipment.id}",
            ["input", "lines", str(index)],
        )
        left = item.quantity - item.returned_quantity
        require(
            0 < quantity <= left,
            f"Shipment line {item.id} has {left} items left to return, not {quantity}",
            ["input", "lines", str(index), "quantity"],
        )
    now = shop.clock.now()
    costs = costs or {}
    returned = Return(
        shop.new_id("return", return_id),
        shipment,
        now,
        now,
        policy,
        warehouse,
        comment=comment,
        shipping_cost=costs.get("shipping", Decimal(0)),
        handling_cost=costs.get("handling", Decimal(0)),
        voucher_value=costs.get("voucher", Decimal(0)),
    )
    for item, quantity in lines:
        item.returned_quantity += quantity
        returned.lines.append(ReturnLine(shop.new_id("return_line"), item, quantity))
        for target, count in _return_targets(item, quantity, policy, warehouse):
            put_stock(shop, target, item.order_line.product_size, count)
    shipment.returns.append(returned)
    shop.returns[returned.id] = returned
    shop.emit("Return", "CREATED", returned)
    shop.emit("Order", "DEPENDENT_DATA_CHANGED", shipment.order)
    return returned


def _return_targets(
    item: ShipmentLine, quantity: int, policy: str, warehouse: Warehouse | None
) -> list[tuple[Warehouse, int]]:
    """Where returned items go back on the shelf (none when removed from stock)."""
    if policy == "removeItemsFromStock":
        return []
    if policy == "sendItemsToDifferentWarehouse":
        assert warehouse is not None
        return [(warehouse, quantity)]
    targets, left = [], quantity
    for allocation in item.shipped_from:  # back where they were shipped from
        take = min(left, allocation.quantity)
        if take:
            targets.append((allocation.warehouse, take))
            left -= take
    return targets


def set_return_completed(shop: Shop, returned: Return, completed: bool) -> Return:
    status = "COMPLETED" if completed else "IN_PROGRESS"
    require(returned.status != status, f"Return {returned.id} is {returned.status} already", ["id"])
    returned.status = status
    _child_changed(shop, returned, "Return", "COMPLETED" if completed else "UPDATED")
    return returned


def delete_return(shop: Shop, returned: Return) -> Return:
    """Undo a return: lines are re-allocated as the guide says, per the return's stock policy."""
    for line in returned.lines:
        item = line.shipment_line
        item.returned_quantity -= line.quantity
        order_line = item.order_line
        if returned.policy == "removeItemsFromStock":
            continue  # the items never came back: nothing to re-allocate
        targets = _return_targets(item, line.quantity, returned.policy, returned.target_warehouse)
        for warehouse, count in targets:
            level = shop.level(warehouse, order_line.product_size)
            take = min(count, level.free_to_allocate_quantity)
            level.allocated_quantity += take
            order_line.allocations.append(Allocation(warehouse, take))
    returned.shipment.returns.remove(returned)
    del shop.returns[returned.id]
    # The shipment's returns changed: its stamp is what shows a deleted return to a poller.
    shop.touch(returned.shipment, "Shipment")
    shop.events.emit(
        "Return",
        "DELETED",
        returned.id,
        store_id=returned.order.store.id,
        market_id=returned.order.market.id,
    )
    shop.emit("Order", "DEPENDENT_DATA_CHANGED", returned.order)
    return returned
