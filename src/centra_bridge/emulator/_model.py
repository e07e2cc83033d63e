"""The emulated shop's objects.

Attribute names are the GraphQL field names in snake_case (ariadne's ``convert_names_case``), so
a field needs a resolver only when it computes something; ``check_schema_coverage`` verifies that
every SDL field is backed by one or the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal


@dataclass(slots=True)
class Currency:
    id: int
    code: str
    name: str
    base_rate: float  # units of the shop's base currency (EUR) per unit of this currency


@dataclass(slots=True)
class Country:
    id: int
    code: str
    name: str
    is_eu: bool


@dataclass(slots=True)
class Store:
    id: int
    name: str
    type: str  # StoreType


@dataclass(slots=True)
class Market:
    id: int
    name: str
    store: Store
    assigned_to_countries: list[Country]
    currency: Currency  # the currency of the market's pricelist


@dataclass(slots=True)
class Money:
    value: Decimal
    currency: Currency


@dataclass(slots=True)
class Customer:
    id: int
    email: str
    first_name: str
    last_name: str


@dataclass(slots=True)
class Address:
    first_name: str | None = None
    last_name: str | None = None
    company_name: str | None = None
    address_1: str | None = None
    address_2: str | None = None
    city: str | None = None
    zip_code: str | None = None
    state_or_province: str | None = None
    country: Country | None = None
    email: str | None = None
    phone_number: str | None = None


@dataclass(slots=True)
class Product:
    id: int
    name: str
    product_number: str


@dataclass(slots=True)
class ProductVariant:
    id: int
    name: str
    variant_number: str
    product: Product


@dataclass(slots=True)
class Size:
    id: int
    name: str


@dataclass(slots=True)
class ProductSize:
    id: int
    size: Size
    size_number: str
    ean: str
    variant: ProductVariant
    description: str | None = None

    @property
    def sku(self) -> str:
        # Centra: SKU = product number + variant number + size number.
        return (
            f"{self.variant.product.product_number}{self.variant.variant_number}{self.size_number}"
        )


@dataclass(slots=True)
class OrderLine:
    id: int
    product_size: ProductSize
    currency: Currency
    quantity: int
    unit_original_price: Decimal
    unit_price: Decimal
    tax_percent: float
    cancelled_quantity: int = 0

    @property
    def product(self) -> Product:
        return self.product_size.variant.product

    @property
    def product_variant(self) -> ProductVariant:
        return self.product_size.variant

    @property
    def product_name(self) -> str:
        return self.product_size.variant.product.name

    @property
    def product_variant_name(self) -> str:
        return self.product_size.variant.name

    @property
    def discount_percent(self) -> float:
        if not self.unit_original_price:
            return 0.0
        return round(float(1 - self.unit_price / self.unit_original_price) * 100, 2)

    @property
    def has_any_discount(self) -> bool:
        return self.unit_price < self.unit_original_price

    @property
    def line_value(self) -> Decimal:
        return self.unit_price * (self.quantity - self.cancelled_quantity)


@dataclass(slots=True)
class Order:
    """A direct-to-consumer order (wholesale orders come with the wholesale module)."""

    id: str
    number: int
    status: str  # OrderStatus
    created_at: datetime
    updated_at: datetime
    store: Store
    market: Market
    currency: Currency
    customer: Customer
    shipping_address: Address
    billing_address: Address
    shipping_value: Decimal
    lines: list[OrderLine] = field(default_factory=list)
    is_on_hold: bool = False
    is_locked: bool = False
    is_internal: bool = False
    user_ip: str | None = None
    internal_comment: str | None = None

    @property
    def order_date(self) -> datetime:
        return self.created_at

    @property
    def currency_base_rate(self) -> float:
        return self.currency.base_rate

    def grand_total(self, *, including_tax: bool = True) -> Decimal:
        total = sum((line.line_value for line in self.lines), Decimal(0)) + self.shipping_value
        if including_tax:
            return total
        # Prices are tax-inclusive (DTC); remove each line's tax share.
        net = self.shipping_value + sum(
            (line.line_value / Decimal(1 + line.tax_percent / 100) for line in self.lines),
            Decimal(0),
        )
        return net.quantize(Decimal("0.01"))
