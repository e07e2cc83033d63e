"""The emulated shop's state: registries of its objects, its clock, ids, events and id conversions.

Domain modules (``_catalog``, ``_stock``, ``_orders``, ``_fulfilment``) change the shop through
these registries and call ``emit`` for every change, so the events system sees all of them.
Callers hold ``shop.lock`` while reading or writing: the HTTP server and a test's own thread may
touch the shop at the same time.
"""

from __future__ import annotations

import hashlib
import threading
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from centra_bridge.emulator._idconv import IdConversions
from centra_bridge.emulator._model import (
    Account,
    AllocationRule,
    AttributeDefinition,
    Brand,
    Bundle,
    Buyer,
    Category,
    Collection,
    Country,
    Currency,
    Customer,
    DeliveryWindow,
    Display,
    Folder,
    Language,
    MappedAttributeValue,
    Market,
    MeasurementChart,
    Order,
    OrderLine,
    PaymentHistoryEntry,
    PriceAlteration,
    Pricelist,
    Product,
    ProductSize,
    ProductVariant,
    Return,
    Shipment,
    ShipmentLine,
    ShippingOption,
    Size,
    SizeChart,
    StockChange,
    StockLevel,
    Store,
    Voucher,
    Warehouse,
)
from centra_bridge.emulator._queues import EventQueues

ORDER_STATUSES = ("PENDING", "CONFIRMED", "PROCESSING", "SHIPPED", "ARCHIVED", "CANCELLED")


class Clock:
    """The shop's time: real time plus an offset that the operator can move, or frozen.

    Frozen, ``now()`` answers the same instant until it is moved or unfrozen, so a test can make
    two changes in the same second (Centra's timestamps have whole seconds).
    """

    def __init__(self) -> None:
        self.offset = timedelta(0)
        self.frozen: datetime | None = None  # also set while seeding history

    def _real(self) -> datetime:
        # Whole seconds: storing more would make filters on a displayed value disagree.
        return (datetime.now(UTC) + self.offset).replace(microsecond=0)

    def now(self) -> datetime:
        return self.frozen if self.frozen is not None else self._real()

    def advance(self, seconds: float) -> None:
        if self.frozen is not None:
            self.frozen = (self.frozen + timedelta(seconds=seconds)).replace(microsecond=0)
        else:
            self.offset += timedelta(seconds=seconds)

    def set(self, when: datetime) -> None:
        """Move the clock to ``when`` (timezone-aware; it may go backwards); frozen stays frozen."""
        if when.tzinfo is None:
            msg = "The clock needs a timezone-aware datetime"
            raise ValueError(msg)
        when = when.astimezone(UTC).replace(microsecond=0)
        if self.frozen is not None:
            self.frozen = when
        else:
            self.offset += when - self._real()

    def freeze(self) -> datetime:
        """Stop the clock at the current instant; returns it."""
        if self.frozen is None:
            self.frozen = self._real()
        return self.frozen

    def unfreeze(self) -> None:
        """Run again from the frozen instant (time does not jump by how long it was frozen)."""
        if self.frozen is not None:
            self.offset += self.frozen - self._real()
            self.frozen = None


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
        self.size_charts: dict[int, SizeChart] = {}
        self.sizes: dict[int, Size] = {}
        self.brands: dict[int, Brand] = {}
        self.collections: dict[int, Collection] = {}
        self.folders: dict[int, Folder] = {}
        self.measurement_charts: dict[int, MeasurementChart] = {}
        self.products: dict[int, Product] = {}
        self.variants: dict[int, ProductVariant] = {}
        self.product_sizes: dict[int, ProductSize] = {}
        self.warehouses: dict[int, Warehouse] = {}  # in allocation priority order
        self.stock: dict[tuple[int, int], StockLevel] = {}  # (warehouse id, product size id)
        self.stock_changes: dict[int, StockChange] = {}
        # Order lines waiting for stock, per product size id, in the order they came.
        self.waiting: defaultdict[int, dict[int, OrderLine]] = defaultdict(dict)
        self.orders: dict[int, Order] = {}  # by order number
        self.order_lines: dict[int, OrderLine] = {}
        self.shipments: dict[int, Shipment] = {}
        self.shipment_lines: dict[int, ShipmentLine] = {}
        self.returns: dict[int, Return] = {}
        self.payments: dict[int, PaymentHistoryEntry] = {}
        self.shipping_options: dict[int, ShippingOption] = {}
        self.pricelists: dict[int, Pricelist] = {}
        self.price_alterations: dict[int, PriceAlteration] = {}
        self.displays: dict[int, Display] = {}
        self.categories: dict[int, Category] = {}
        self.allocation_rules: dict[int, AllocationRule] = {}
        self.delivery_windows: dict[int, DeliveryWindow] = {}
        self.accounts: dict[int, Account] = {}
        self.buyers: dict[int, Buyer] = {}
        self.bundles: dict[int, Bundle] = {}
        self.vouchers: dict[int, Voucher] = {}
        self.attribute_definitions: dict[str, AttributeDefinition] = {}
        # (object type, object id) -> attribute type name -> element key -> value
        self.attribute_values: dict[tuple[str, int], dict[str, dict[str, str]]] = {}
        self.mapped_attributes: dict[int, MappedAttributeValue] = {}
        # (object type, object id) -> ids of the mapped attribute values selected on it
        self.mapped_assignments: dict[tuple[str, int], list[int]] = {}
        self.languages: dict[int, Language] = {}
        # (object type, object id, language id) -> field -> translated text
        self.translations: dict[tuple[str, int, int], dict[str, str]] = {}
        # ID conversions every integration gets (scenarios use them for their examples).
        self.standard_conversions: list[tuple[str, str, int]] = []
        self.events = EventQueues(self.clock.now)
        self.id_conversions = IdConversions()
        self.integrations: set[str] = set()  # every token's integration name
        self._last_ids: defaultdict[str, int] = defaultdict(int)

    # -- ids --------------------------------------------------------------------------------

    def new_id(self, kind: str, explicit: int | None = None) -> int:
        """The next id of ``kind``; an ``explicit`` id (for scenarios) moves the counter past it."""
        if explicit is not None:
            self._last_ids[kind] = max(self._last_ids[kind], explicit)
            return explicit
        self._last_ids[kind] += 1
        return self._last_ids[kind]

    def next_order_number(self) -> int:
        return self.new_id("order")

    def next_line_id(self) -> int:
        return self.new_id("order_line")

    @staticmethod
    def order_hash(number: int) -> str:
        return hashlib.md5(f"order-{number}".encode(), usedforsecurity=False).hexdigest()

    def order_by_hash(self, order_id: str) -> Order | None:
        return next((o for o in self.orders.values() if o.id == order_id), None)

    def register_integration(self, name: str) -> None:
        """A new integration name gets Centra's automatic ``<chart>|<size>`` conversions."""
        if name in self.integrations:
            return
        self.integrations.add(name)
        for chart in self.size_charts.values():
            for size in chart.sizes:
                self.id_conversions.put(name, "Size", f"{chart.name}|{size.name}", size.id)
        for object_type, external_id, internal_id in self.standard_conversions:
            self.id_conversions.put(name, object_type, external_id, internal_id)

    # -- events -----------------------------------------------------------------------------

    def emit(self, object_type: str, change_type: str, obj: Any) -> None:
        """Queue an event for ``obj``; orders are referenced by number, the rest by id."""
        reference = obj.number if isinstance(obj, Order) else obj.id
        order = obj if isinstance(obj, Order) else getattr(obj, "order", None)
        store = getattr(order, "store", None)
        market = getattr(order, "market", None)
        self.events.emit(
            object_type,
            change_type,
            reference,
            store_id=store.id if store else None,
            market_id=market.id if market else None,
        )

    def touch(self, obj: Any, object_type: str, change_type: str = "UPDATED") -> None:
        obj.updated_at = self.clock.now()
        self.emit(object_type, change_type, obj)

    # -- stock ------------------------------------------------------------------------------

    def level(self, warehouse: Warehouse, size: ProductSize) -> StockLevel:
        key = (warehouse.id, size.id)
        stock = self.stock.get(key)
        if stock is None:
            stock = self.stock[key] = StockLevel(warehouse, size)
        return stock

    # -- operator shortcuts -----------------------------------------------------------------

    def update_order(self, number: int, **changes: Any) -> Order:
        """Change an order's attributes (e.g. ``status="SHIPPED"``) as an admin would in AMS."""
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
        self.touch(order, "Order")
        return order
