"""Shopper and operator activity, as a storefront and a warehouse team would cause it."""

from __future__ import annotations

import random
from decimal import Decimal

from centra_bridge.emulator._fulfilment import cancel_lines, confirm_order, create_shipment
from centra_bridge.emulator._shop import Shop
from centra_bridge.emulator._storefront import place_order


def place_random_orders(shop: Shop, count: int, *, seed: int) -> list[int]:
    """Place ``count`` orders now, with random customers, markets and products."""
    if count < 0:
        msg = "count must be 0 or more"
        raise ValueError(msg)
    rng = random.Random(seed)
    markets = [m for m in shop.markets.values() if m.store.type == "DIRECT_TO_CONSUMER"]
    customers = list(shop.customers.values())
    sizes = list(shop.product_sizes.values())
    if count and not (markets and customers and sizes):
        msg = "The shop needs markets, customers and products before orders can be placed"
        raise ValueError(msg)
    numbers = []
    for _ in range(count):
        lines = []
        for size in rng.sample(sizes, min(len(sizes), rng.randint(1, 3))):
            price = Decimal(rng.randrange(20, 200))
            lines.append((size, rng.randint(1, 2), price, price))
        order = place_order(
            shop,
            market=rng.choice(markets),
            customer=rng.choice(customers),
            lines=lines,
            shipping_value=Decimal(5),
        )
        numbers.append(order.number)
    return numbers


def simulate_activity(shop: Shop, *, seed: int, new_orders: int, changed_orders: int) -> list[int]:
    """Place ``new_orders`` orders now and move ``changed_orders`` older open ones forward.

    Only changes valid for the picked order are made (lines with nothing left open are not
    cancelled), so this never fails half-way. Returns the numbers of every order placed or changed.
    """
    if new_orders < 0 or changed_orders < 0:
        msg = "new_orders and changed_orders must be 0 or more"
        raise ValueError(msg)
    rng = random.Random(seed)
    with shop.lock:
        open_orders = [o for o in shop.orders.values() if o.status in ("PENDING", "CONFIRMED")]
        touched = place_random_orders(shop, new_orders, seed=seed)
        for order in rng.sample(open_orders, min(changed_orders, len(open_orders))):
            cancels = [
                (ln, ln.active_quantity - ln.shipped_quantity, "RELEASE_BACK_TO_WAREHOUSE")
                for ln in order.lines
                if ln.active_quantity > ln.shipped_quantity
            ]
            if not cancels:
                continue  # nothing open on it: no valid change
            if rng.random() < 0.2:
                cancel_lines(shop, order, cancels)
            else:
                if order.status == "PENDING":
                    confirm_order(shop, order)
                create_shipment(shop, order, None, good_to_go=True, allocate_demand=True)
            touched.append(order.number)
    return touched
