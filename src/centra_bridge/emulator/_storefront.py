"""What shoppers do: place an order as a storefront would (authorise payment, allocate stock)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from centra_bridge.emulator._model import (
    Address,
    Country,
    Customer,
    Market,
    Money,
    Order,
    OrderLine,
    PaymentHistoryEntry,
    Pricelist,
    ProductSize,
    Voucher,
)
from centra_bridge.emulator._shop import Shop
from centra_bridge.emulator._stock import allocate

# A few cities per country, so that orders spread over shipping cities as a shop's do.
_CITIES = {
    "SE": ("Stockholm", "Göteborg", "Malmö"),
    "DK": ("København", "Aarhus"),
    "FI": ("Helsinki",),
    "DE": ("Berlin", "Hamburg", "München"),
    "NL": ("Amsterdam", "Rotterdam"),
    "FR": ("Paris", "Lyon"),
    "GB": ("London", "Manchester"),
    "US": ("New York", "Los Angeles", "Chicago"),
}
# How buyers pay, by order number (not drawn from the seed's generator: seeded shops stay the same).
_PAYMENT_METHODS = ("klarna", "adyen-card", "paypal")


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
        # Captures go through the method the buyer authorised.
        payment_method=(
            order.payment_history[0].payment_method
            if order.payment_history
            else _PAYMENT_METHODS[order.number % len(_PAYMENT_METHODS)]
        ),
        external_reference=f"psp-{order.number}-{entry_type.lower()}",
    )
    order.payment_history.append(entry)
    shop.payments[entry.id] = entry
    shop.emit("PaymentHistoryEntry", "CREATED", entry)
    return entry


def _city(country: Country, number: int) -> str:
    cities = _CITIES.get(country.code, ("Capital City",))
    return cities[number % len(cities)]


def _pricelist_for(shop: Shop, market: Market, country: Country | None) -> Pricelist | None:
    """The store's pricelist in the market's currency for the country shipped to (Centra picks
    the pricelist by country), else the first in that currency."""
    fitting = [
        p
        for p in shop.pricelists.values()
        if p.store.id == market.store.id and p.currency.id == market.currency.id
    ]
    return next((p for p in fitting if country in p.assigned_to_countries), None) or next(
        iter(fitting), None
    )


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
    # Orders spread over the market's countries (a market can sell to several).
    country = market.assigned_to_countries[number % len(market.assigned_to_countries)]
    address = address or Address(
        first_name=customer.first_name,
        last_name=customer.last_name,
        address_1=f"{number % 97 + 1} Storgatan",
        city=_city(country, number // len(market.assigned_to_countries)),
        zip_code=f"{11000 + number % 900}",
        country=country,
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
    order.pricelist = _pricelist_for(shop, market, address.country)
    order.shipping_option = (
        order.pricelist.default_shipping_option if order.pricelist else None
    ) or next(iter(shop.shipping_options.values()), None)
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
