"""A shop that keeps changing: every kind of change the Integration API allows, at random.

For testing a sync against a shop that changes underneath it: orders placed one by one and in a
flash sale (many in one second), confirmed, shipped, captured, marked paid, completed, returned,
returns completed and deleted, lines cancelled, orders held and released, mass locks, customers
and products edited, stock delivered. Each change goes through the same functions as the
mutations, so events, stamps and stock follow Centra's rules; a change that is not valid for
the object drawn is skipped, never half made.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from centra_bridge.emulator._activity import place_random_orders
from centra_bridge.emulator._fulfilment import (
    cancel_lines,
    capture_shipment,
    complete_shipment,
    confirm_order,
    create_return,
    create_shipment,
    delete_return,
    set_return_completed,
    update_shipment,
)
from centra_bridge.emulator._model import Money, Order, ProductSize, Shipment, Warehouse
from centra_bridge.emulator._mutations import UserInputError
from centra_bridge.emulator._shop import Shop
from centra_bridge.emulator._stock import put_stock, record_change

__all__ = ["Drift"]

T = TypeVar("T")


@dataclass
class Drift:
    """``Drift(shop, seed=1).step()`` makes one random change; ``counts`` says how many of
    each kind were made. ``flash_sale`` and ``mass_lock`` set the size of those two."""

    shop: Shop
    seed: int = 1
    flash_sale: int = 200
    mass_lock: int = 300
    counts: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)  # noqa: S311 (test data, not cryptography)
        self.kinds: dict[str, tuple[int, Callable[[], bool]]] = {
            "place": (12, self._place),
            "confirm": (8, self._confirm),
            "ship": (8, self._ship),
            "complete_shipment": (6, self._complete_shipment),
            "capture": (5, self._capture),
            "mark_paid": (4, self._mark_paid),
            "return": (4, self._return),
            "complete_return": (3, self._complete_return),
            "delete_return": (1, self._delete_return),
            "cancel_lines": (3, self._cancel),
            "hold": (3, self._hold),
            "customer": (3, self._customer),
            "product": (2, self._product),
            "stock": (3, self._stock),
            "flash_sale": (0, self._flash_sale),
            "mass_lock": (0, self._mass_lock),
        }

    def step(self, kind: str | None = None) -> str | None:
        """One change (of ``kind``, or drawn by weight); the kind made, or None if skipped."""
        if kind is None:
            names = [name for name, (weight, _) in self.kinds.items() if weight]
            weights = [self.kinds[name][0] for name in names]
            kind = self.rng.choices(names, weights)[0]
        with self.shop.lock:
            try:
                made = self.kinds[kind][1]()
            except UserInputError:
                made = False  # not valid for the object drawn: nothing was changed
        if made:
            self.counts[kind] = self.counts.get(kind, 0) + 1
        return kind if made else None

    # -- the changes ------------------------------------------------------------------------

    def _orders(self, *statuses: str) -> list[Order]:
        return [o for o in self.shop.orders.values() if o.status in statuses]

    def _pick(self, items: list[T]) -> T | None:
        return self.rng.choice(items) if items else None

    def _place(self) -> bool:
        return bool(place_random_orders(self.shop, self.rng.randint(1, 3), seed=self._seed()))

    def _flash_sale(self) -> bool:
        """Many orders in one second, as a sale's opening or a bulk import makes them."""
        clock = self.shop.clock
        was_frozen = clock.frozen is not None
        clock.freeze()
        try:
            place_random_orders(self.shop, self.flash_sale, seed=self._seed())
        finally:
            if not was_frozen:
                clock.unfreeze()
        return True

    def _mass_lock(self) -> bool:
        """``setOrdersLock`` on many orders in one mutation."""
        orders = [o for o in self.shop.orders.values() if not o.is_locked]
        for order in self.rng.sample(orders, min(self.mass_lock, len(orders))):
            order.is_locked = True
            self.shop.touch(order, "Order")
        return bool(orders)

    def _confirm(self) -> bool:
        order = self._pick(self._orders("PENDING"))
        return order is not None and bool(confirm_order(self.shop, order))

    def _ship(self) -> bool:
        order = self._pick(self._orders("CONFIRMED", "PROCESSING"))
        if order is None or not any(ln.active_quantity > ln.shipped_quantity for ln in order.lines):
            return False
        create_shipment(self.shop, order, None, good_to_go=True, allocate_demand=True)
        return True

    def _shipments(self, test: Callable[[Shipment], bool]) -> list[Shipment]:
        return [s for s in self.shop.shipments.values() if test(s)]

    def _complete_shipment(self) -> bool:
        shipment = self._pick(self._shipments(lambda s: not s.is_shipped))
        return shipment is not None and bool(complete_shipment(self.shop, shipment))

    def _capture(self) -> bool:
        shipment = self._pick(self._shipments(lambda s: not s.is_captured))
        return shipment is not None and bool(capture_shipment(self.shop, shipment))

    def _mark_paid(self) -> bool:
        shipment = self._pick(self._shipments(lambda s: not s.is_paid))
        return shipment is not None and bool(update_shipment(self.shop, shipment, is_paid=True))

    def _return(self) -> bool:
        shipment = self._pick(self._shipments(lambda s: s.is_shipped))
        if shipment is None:
            return False
        open_lines = [
            (item, item.quantity - item.returned_quantity)
            for item in shipment.lines
            if item.quantity > item.returned_quantity
        ]
        if not open_lines:
            return False
        policy = self.rng.choice(["releaseItemsBackToWarehouse", "removeItemsFromStock"])
        returned = create_return(self.shop, shipment, open_lines[:1], policy)
        if self.rng.random() < 0.5:
            set_return_completed(self.shop, returned, True)
        return True

    def _complete_return(self) -> bool:
        returned = self._pick([r for r in self.shop.returns.values() if r.status != "COMPLETED"])
        return returned is not None and bool(set_return_completed(self.shop, returned, True))

    def _delete_return(self) -> bool:
        returned = self._pick(list(self.shop.returns.values()))
        return returned is not None and bool(delete_return(self.shop, returned))

    def _cancel(self) -> bool:
        order = self._pick(self._orders("PENDING", "CONFIRMED", "PROCESSING"))
        if order is None:
            return False
        cancels = [
            (line, line.active_quantity - line.shipped_quantity, "RELEASE_BACK_TO_WAREHOUSE")
            for line in order.lines
            if line.active_quantity > line.shipped_quantity
        ]
        if not cancels:
            return False
        cancel_lines(self.shop, order, cancels[:1])
        return True

    def _hold(self) -> bool:
        order = self._pick(self._orders("PENDING", "CONFIRMED"))
        if order is None:
            return False
        self.shop.update_order(order.number, is_on_hold=not order.is_on_hold)
        return True

    def _customer(self) -> bool:
        customer = self._pick(list(self.shop.customers.values()))
        if customer is None:
            return False
        customer.first_name = f"Renamed {self.rng.randrange(10**6)}"
        self.shop.touch(customer, "Customer")
        return True

    def _product(self) -> bool:
        product = self._pick(list(self.shop.products.values()))
        if product is None:
            return False
        product.name = f"{product.name.split(' #')[0]} #{self.rng.randrange(1000)}"
        self.shop.touch(product, "Product")
        return True

    def _stock(self) -> bool:
        """An inbound delivery: physical stock up, recorded as a stock change."""
        warehouses = list(self.shop.warehouses.values())
        sizes = list(self.shop.product_sizes.values())
        if not warehouses or not sizes:
            return False
        warehouse = self.rng.choice(warehouses)
        lines: list[tuple[ProductSize, Warehouse, int, Money | None]] = []
        for size in self.rng.sample(sizes, min(len(sizes), 3)):
            quantity = self.rng.randint(1, 20)
            put_stock(self.shop, warehouse, size, quantity)
            lines.append((size, warehouse, quantity, None))
        record_change(self.shop, "DELIVERY", "drift", warehouse, lines)
        return True

    def _seed(self) -> int:
        return self.rng.randrange(1 << 30)
