"""What shoppers do: place an order as a storefront would (authorise payment, allocate stock)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from centra_bridge.emulator._model import (
    Address,
    Customer,
    Market,
    Money,
    Order,
    OrderLine,
    PaymentHistoryEntry,
    ProductSize,
    Voucher,
)
from centra_bridge.emulator._shop import Shop
from centra_bridge.emulator._stock import allocate


def add_payment(
    shop: Shop, order: Order, entry_type: str, value: Decimal, *, status: str = "SUCCESS"
) -> PaymentHistoryEntry:
    entry = PaymentHistoryEntry(
        shop.new_id("payment"),
        shop.clock.now(),
        entry_type,
        status,
        Money(value, order.currency),
        order,
        external_reference=f"psp-{order.number}-{entry_type.lower()}",
    )
    order.payment_history.append(entry)
    shop.payments[entry.id] = entry
    shop.emit("PaymentHistoryEntry", "CREATED", entry)
    return entry


def place_order(
    shop: Shop,
    *,
    market: Market,
    customer: Customer,
    lines: Iterable[tuple[ProductSize, int, Decimal, Decimal]],
    shipping_value: Decimal,
    user_ip: str | None = None,
    number: int | None = None,
    address: Address | None = None,
    order_id: str | None = None,
    line_ids: list[int] | None = None,
    voucher: Voucher | None = None,
) -> Order:
    """A new PENDING order; ``lines`` are (size, quantity, list price, paid price); ``voucher``
    the code the buyer used (the paid prices carry its discount)."""
    now = shop.clock.now()
    number = shop.new_id("order", number)
    address = address or Address(
        first_name=customer.first_name,
        last_name=customer.last_name,
        address_1=f"{number % 97 + 1} Storgatan",
        city="Stockholm",
        zip_code=f"{11000 + number % 900}",
        country=market.assigned_to_countries[0],
        email=customer.email,
    )
    order = Order(
        id=order_id or shop.order_hash(number),
        number=number,
        status="PENDING",
        created_at=now,
        updated_at=now,
        store=market.store,
        market=market,
        currency=market.currency,
        customer=customer,
        shipping_address=address,
        billing_address=replace(address),
        shipping_value=shipping_value,
        user_ip=user_ip,
        voucher=voucher,
    )
    explicit_ids = iter(line_ids or [])
    for size, quantity, list_price, paid_price in lines:
        line = OrderLine(
            id=shop.new_id("order_line", next(explicit_ids, None)),
            product_size=size,
            currency=market.currency,
            quantity=quantity,
            unit_original_price=list_price,
            unit_price=paid_price,
            tax_percent=25.0,
        )
        order.lines.append(line)
        shop.order_lines[line.id] = line
    shop.orders[number] = order
    for line in order.lines:
        allocate(shop, line, line.quantity)
    shop.emit("Order", "CREATED", order)
    add_payment(shop, order, "AUTH", order.grand_total())
    return order
