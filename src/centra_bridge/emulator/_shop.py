"""The emulated shop's state: its objects, its clock, and the operations that change them.

Every change goes through a method here so that ``updated_at`` moves with it (and, later, events
are emitted from one place). Callers hold ``shop.lock`` while reading or writing: the HTTP server
and a test's own thread may touch the shop at the same time.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from centra_bridge.emulator._model import (
    Address,
    Country,
    Currency,
    Customer,
    Market,
    Order,
    OrderLine,
    ProductSize,
    Store,
)

ORDER_STATUSES = ("PENDING", "CONFIRMED", "PROCESSING", "SHIPPED", "ARCHIVED", "CANCELLED")


class Clock:
    """The shop's time: real time plus an offset that the operator can advance."""

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        # Centra's timestamps have whole seconds; storing more would make filters on a
        # displayed value disagree with the stored one.
        return (datetime.now(UTC) + self.offset).replace(microsecond=0)

    def advance(self, seconds: float) -> None:
        self.offset += timedelta(seconds=seconds)


class Shop:
    """Everything one emulated Centra instance knows."""

    def __init__(self, *, timezone: str = "Europe/Stockholm") -> None:
        self.lock = threading.RLock()
        self.clock = Clock()
        self.timezone = ZoneInfo(timezone)
        self.currencies: dict[int, Currency] = {}
        self.countries: dict[int, Country] = {}
        self.stores: dict[int, Store] = {}
        self.markets: dict[int, Market] = {}
        self.customers: dict[int, Customer] = {}
        self.sizes: dict[int, ProductSize] = {}
        self.orders: dict[int, Order] = {}  # by order number
        self._next_line_id = 1
        self._next_number = 1

    # -- ids --------------------------------------------------------------------------------

    def next_order_number(self) -> int:
        number = self._next_number
        self._next_number += 1
        return number

    def next_line_id(self) -> int:
        line_id = self._next_line_id
        self._next_line_id += 1
        return line_id

    @staticmethod
    def order_hash(number: int) -> str:
        return hashlib.md5(f"order-{number}".encode(), usedforsecurity=False).hexdigest()

    # -- changes ----------------------------------------------------------------------------

    def add_order(
        self,
        *,
        market: Market,
        customer: Customer,
        lines: Iterable[tuple[ProductSize, int, Decimal, Decimal]],
        shipping_value: Decimal,
        created_at: datetime | None = None,
        status: str = "PENDING",
        updated_at: datetime | None = None,
        user_ip: str | None = None,
    ) -> Order:
        """Place an order as a storefront would; ``lines`` are (size, quantity, list, paid)."""
        created = created_at or self.clock.now()
        number = self.next_order_number()
        address = Address(
            first_name=customer.first_name,
            last_name=customer.last_name,
            address_1=f"{number % 97 + 1} Storgatan",
            city="Stockholm",
            zip_code=f"{11000 + number % 900}",
            country=market.assigned_to_countries[0],
            email=customer.email,
        )
        order = Order(
            id=self.order_hash(number),
            number=number,
            status=status,
            created_at=created,
            updated_at=updated_at or created,
            store=market.store,
            market=market,
            currency=market.currency,
            customer=customer,
            shipping_address=address,
            billing_address=address,
            shipping_value=shipping_value,
            user_ip=user_ip,
        )
        for size, quantity, list_price, paid_price in lines:
            order.lines.append(
                OrderLine(
                    id=self.next_line_id(),
                    product_size=size,
                    currency=market.currency,
                    quantity=quantity,
                    unit_original_price=list_price,
                    unit_price=paid_price,
                    tax_percent=25.0,
                )
            )
        self.orders[number] = order
        return order

    def update_order(self, number: int, **changes: Any) -> Order:
        """Change an order's attributes (e.g. ``status="SHIPPED"``) and move its ``updatedAt``."""
        order = self.orders.get(number)
        if order is None:
            msg = f"Order {number} does not exist"
            raise KeyError(msg)
        if "status" in changes and changes["status"] not in ORDER_STATUSES:
            msg = f"Unknown order status {changes['status']!r}; use one of {ORDER_STATUSES}"
            raise ValueError(msg)
        for name, value in changes.items():
            if not hasattr(order, name):
                msg = f"Order has no attribute {name!r}"
                raise AttributeError(msg)
            setattr(order, name, value)
        order.updated_at = self.clock.now()
        return order
