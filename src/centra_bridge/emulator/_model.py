"""The emulated shop's objects.

Attribute names are the GraphQL field names in snake_case (ariadne's ``convert_names_case``), so
a field needs a resolver only when it computes something; ``check_schema_coverage`` verifies that
every SDL field is backed by one or the other.
"""

from __future__ import annotations

import json
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
    comment: str | None = None
    allocation_rule: AllocationRule | None = None
    campaigns: list[Campaign] = field(default_factory=list)


@dataclass(slots=True)
class Campaign:
    id: int
    name: str


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
    updated_at: datetime | None = None


@dataclass(slots=True)
class CustomerInfo:
    """The buyer's details as the order keeps them: editing them leaves the Customer alone."""

    email: str
    first_name: str
    last_name: str


@dataclass(slots=True)
class Address:
    first_name: str | None = None
    last_name: str | None = None
    company_name: str | None = None
    attention: str | None = None
    address_1: str | None = None
    address_2: str | None = None
    city: str | None = None
    zip_code: str | None = None
    state_or_province: str | None = None
    country: Country | None = None
    state: CountryState | None = None
    email: str | None = None
    phone_number: str | None = None
    cell_phone_number: str | None = None
    fax_number: str | None = None
    vat_number: str | None = None


@dataclass(slots=True)
class Size:
    id: int
    name: str
    chart: SizeChart | None = None


@dataclass(slots=True)
class SizeChart:
    id: int
    name: str
    horizontal_labels: list[str]
    vertical_labels: list[str] | None = None
    divider_symbol: str = "x"
    display_unit: str | None = None
    display_divided_by: int | None = None
    sizes: list[Size] = field(default_factory=list)


@dataclass(slots=True)
class Brand:
    id: int
    name: str
    uri: str = ""
    stores: list[Store] = field(default_factory=list)


@dataclass(slots=True)
class Collection:
    id: int
    name: str
    status: str = "ACTIVE"


@dataclass(slots=True)
class Folder:
    id: int
    name: str
    parent: Folder | None = None

    @property
    def is_top_folder(self) -> bool:
        return self.parent is None


@dataclass(slots=True)
class MeasurementChart:
    id: int
    name: str
    horizontal_labels: list[str]
    vertical_labels: list[str]
    display_unit: str | None = None
    values: dict[tuple[str, str], str] = field(default_factory=dict)  # (vertical, horizontal)

    @property
    def content_json(self) -> str:
        """Vertical label -> horizontal label -> value, in label order (as Centra prints it)."""
        content = {
            v: {h: self.values[(v, h)] for h in self.horizontal_labels if (v, h) in self.values}
            for v in self.vertical_labels
        }
        return json.dumps(content, separators=(",", ":"))


@dataclass(slots=True)
class MeasurementTable:
    chart: MeasurementChart
    inherited: bool = False


_WEIGHT_SYMBOLS = {"KILOGRAMS": "kg", "GRAMS": "g", "POUNDS": "lb", "OUNCES": "oz"}


@dataclass(slots=True)
class Weight:
    value: Decimal
    unit: str  # WeightUnit

    @property
    def formatted_value(self) -> str:
        return f"{self.value:.3f} {_WEIGHT_SYMBOLS[self.unit]}"


@dataclass(slots=True)
class Product:
    id: int
    name: str
    product_number: str
    status: str = "ACTIVE"
    brand: Brand | None = None
    collection: Collection | None = None
    folder: Folder | None = None
    country_of_origin: Country | None = None
    harmonized_commodity_code: str | None = None
    harmonized_commodity_code_description: str | None = None
    internal_comment: str | None = None
    is_bundle: bool = False
    is_serializable_product: bool = False
    weight: Weight | None = None
    measurement_table: MeasurementTable | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    variants: list[ProductVariant] = field(default_factory=list)
    media: list[ProductMedia] = field(default_factory=list)


@dataclass(slots=True)
class ProductMedia:
    """One image of a product (a display shows some of them)."""

    id: int
    url: str


@dataclass(slots=True)
class Category:
    """A category of one store's catalog; displays are filed under categories."""

    id: int
    name: str
    uri: str
    store: Store


@dataclass(slots=True)
class ProductVariant:
    id: int
    name: str
    variant_number: str
    product: Product
    size_chart: SizeChart | None = None
    status: str = "ACTIVE"
    internal_name: str | None = None
    unit_cost: Money | None = None
    updated_at: datetime | None = None
    product_sizes: list[ProductSize] = field(default_factory=list)


@dataclass(slots=True)
class ProductSize:
    id: int
    size: Size
    size_number: str
    ean: str | None
    variant: ProductVariant
    upc: str | None = None
    description: str | None = None
    comment: str | None = None
    preorder: bool = False
    is_active: bool = True

    @property
    def sku(self) -> str:
        # Centra: SKU = product number + variant number + size number.
        return (
            f"{self.variant.product.product_number}{self.variant.variant_number}"
            f"{self.size_number or ''}"
        )

    @property
    def gtin(self) -> str | None:
        return self.ean

    @property
    def weight(self) -> Weight | None:
        return self.variant.product.weight

    @property
    def product_variant(self) -> ProductVariant:
        return self.variant


@dataclass(slots=True)
class Warehouse:
    id: int
    name: str
    status: str = "ACTIVE"
    is_hidden_from_stock_view: bool = False
    threshold: int = 0
    stock_master: str = "CENTRA"
    stock_ownership: str = "OWN"
    allocation_policy: str = "ALLOCATE"
    is_consignation: bool = False
    brick_and_mortar: None = None
    country: Country | None = None
    state: CountryState | None = None
    zip_code: str | None = None


@dataclass(slots=True)
class CountryState:
    id: int
    name: str
    code: str


@dataclass(slots=True)
class StockLevel:
    """One product size in one warehouse; free to allocate = physical - allocated."""

    warehouse: Warehouse
    product_size: ProductSize
    physical_quantity: int = 0
    allocated_quantity: int = 0
    demand_quantity: int = 0  # ordered, not allocated anywhere (kept on the first warehouse)

    @property
    def free_to_allocate_quantity(self) -> int:
        return self.physical_quantity - self.allocated_quantity

    @property
    def available_now_quantity(self) -> int:
        return self.free_to_allocate_quantity - self.demand_quantity

    @property
    def unshipped_quantity(self) -> int:
        return self.allocated_quantity + self.demand_quantity


@dataclass(slots=True)
class StockChangeLine:
    id: int
    product_size: ProductSize
    warehouse: Warehouse
    delivered_quantity: int
    stock_change: StockChange
    unit_cost: Money | None = None
    free_to_allocate_quantity: int = 0
    is_available: bool = True


@dataclass(slots=True)
class StockChange:
    id: int
    created_at: datetime
    type: str  # StockChangeType
    comment: str | None
    warehouse: Warehouse | None
    lines: list[StockChangeLine] = field(default_factory=list)


@dataclass(slots=True)
class Allocation:
    warehouse: Warehouse
    quantity: int


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
    shipped_quantity: int = 0  # in shipments (created, not necessarily completed)
    fulfilled_quantity: int = 0  # in completed shipments: taken off the shelf
    demand: int = 0  # ordered, neither allocated nor fulfilled (cached by the stock module)
    comment: str | None = None
    display: Display | None = None  # wholesale lines
    delivery_window: DeliveryWindow | None = None
    allocations: list[Allocation] = field(default_factory=list)
    # Centra's order lines keep the names they were sold under: renaming the product later
    # changes the product, not past orders. Snapshot at sale time.
    product_name: str = field(init=False, default="")
    product_variant_name: str = field(init=False, default="")

    def __post_init__(self) -> None:
        self.product_name = self.product_size.variant.product.name
        self.product_variant_name = self.product_size.variant.name

    @property
    def product(self) -> Product:
        return self.product_size.variant.product

    @property
    def product_variant(self) -> ProductVariant:
        return self.product_size.variant

    @property
    def discount_percent(self) -> float:
        if not self.unit_original_price:
            return 0.0
        return round(float(1 - self.unit_price / self.unit_original_price) * 100, 2)

    @property
    def has_any_discount(self) -> bool:
        return self.unit_price < self.unit_original_price

    @property
    def active_quantity(self) -> int:
        return self.quantity - self.cancelled_quantity

    @property
    def allocated_quantity(self) -> int:
        return sum(a.quantity for a in self.allocations)

    @property
    def line_value(self) -> Decimal:
        return self.unit_price * self.active_quantity


@dataclass(slots=True)
class OrderDiscount:
    value: Money
    date: datetime
    voucher: Voucher | None = None


@dataclass(slots=True)
class PaymentHistoryEntry:
    id: int
    created_at: datetime
    entry_type: str  # PaymentHistoryEntryType
    status: str  # SUCCESS, PENDING, FAILED
    value: Money
    order: Order
    payment_method: str = "emulated-psp"
    external_reference: str | None = None
    params_json: str = "{}"


@dataclass(slots=True)
class ShipmentLine:
    id: int
    order_line: OrderLine
    quantity: int
    shipment: Shipment
    returned_quantity: int = 0
    shipped_from: list[Allocation] = field(default_factory=list)  # set when shipped

    @property
    def line_value(self) -> Money:
        return Money(self.order_line.unit_price * self.quantity, self.order_line.currency)


@dataclass(slots=True)
class Shipment:
    id: int
    number: str
    order: Order
    created_at: datetime
    updated_at: datetime
    shipping_value: Decimal = Decimal(0)
    is_good_to_go: bool = False
    is_paid: bool = False
    paid_at: datetime | None = None
    is_captured: bool = False
    captured_at: datetime | None = None
    shipped_at: datetime | None = None
    additional_message: str | None = None
    number_of_packages: int = 0
    tracking_number: str | None = None
    return_tracking_number: str | None = None
    internal_shipping_cost: Money | None = None
    carrier_name: str | None = None
    service_name: str | None = None
    lines: list[ShipmentLine] = field(default_factory=list)
    returns: list[Return] = field(default_factory=list)
    admin_user: None = None  # no admin users in the emulator: shipments come from the API
    shipment_plugin: None = None

    @property
    def discounts_applied(self) -> list[OrderDiscount]:
        return []

    @property
    def is_shipped(self) -> bool:
        return self.shipped_at is not None

    def grand_total(self) -> Decimal:
        return self.shipping_value + sum(
            (line.order_line.unit_price * line.quantity for line in self.lines), Decimal(0)
        )


@dataclass(slots=True)
class ReturnLine:
    id: int
    shipment_line: ShipmentLine
    quantity: int


@dataclass(slots=True)
class Return:
    id: int
    shipment: Shipment
    created_at: datetime
    updated_at: datetime
    policy: str  # releaseItemsBackToWarehouse, sendItemsToDifferentWarehouse, removeItemsFromStock
    target_warehouse: Warehouse | None = None
    status: str = "IN_PROGRESS"  # ReturnStatus: IN_PROGRESS or COMPLETED
    comment: str | None = None
    shipping_cost: Decimal = Decimal(0)
    handling_cost: Decimal = Decimal(0)
    voucher_value: Decimal = Decimal(0)
    lines: list[ReturnLine] = field(default_factory=list)

    @property
    def order(self) -> Order:
        return self.shipment.order


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
    cancellation_comment: str | None = None
    account: Account | None = None  # wholesale orders
    buyer: Buyer | None = None
    purchase_order_number: str | None = None
    voucher: Voucher | None = None  # the voucher code the buyer used, if any
    pricelist: Pricelist | None = None  # the pricelist the prices came from
    shipping_option: ShippingOption | None = None  # how the buyer chose to have it shipped
    shipments: list[Shipment] = field(default_factory=list)
    payment_history: list[PaymentHistoryEntry] = field(default_factory=list)
    # The buyer's name and email as placed (or edited on the order); copied from the customer.
    customer_info: CustomerInfo = field(init=False)

    def __post_init__(self) -> None:
        self.customer_info = CustomerInfo(
            self.customer.email, self.customer.first_name, self.customer.last_name
        )

    @property
    def order_date(self) -> datetime:
        return self.created_at

    @property
    def currency_base_rate(self) -> float:
        return self.currency.base_rate

    @property
    def returns(self) -> list[Return]:
        return [r for s in self.shipments for r in s.returns]

    @property
    def discounts_applied(self) -> list[OrderDiscount]:
        saved = sum(
            ((ln.unit_original_price - ln.unit_price) * ln.active_quantity for ln in self.lines),
            Decimal(0),
        )
        return [OrderDiscount(Money(saved, self.currency), self.created_at, self.voucher)]

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


@dataclass(slots=True)
class ShippingOption:
    id: int
    name: str


@dataclass(slots=True)
class Pricelist:
    id: int
    name: str
    status: str
    store: Store
    currency: Currency
    assigned_to_countries: list[Country] = field(default_factory=list)
    default_shipping_option: ShippingOption | None = None
    # (product id, variant id or None for the product price) -> price entry
    entries: dict[tuple[int, int | None], PriceEntry] = field(default_factory=dict)


@dataclass(slots=True)
class PriceEntry:
    pricelist: Pricelist
    product: Product
    product_variant: ProductVariant | None
    price: Money
    recommended_retail_price: Money | None = None
    id: int = 0  # given by the pricing module when the price is set


@dataclass(slots=True)
class PriceAlteration:
    id: int
    name: str
    status: str
    start_date: str
    store: Store
    delivery_windows: list[DeliveryWindow] = field(default_factory=list)
    entries: dict[tuple[int, int, int | None], PriceEntry] = field(default_factory=dict)


@dataclass(slots=True)
class Display:
    id: int
    name: str
    status: str
    uri: str
    store: Store
    product: Product
    product_variants: list[ProductVariant] = field(default_factory=list)
    markets: list[Market] = field(default_factory=list)
    categories: list[Category] = field(default_factory=list)
    canonical_category: Category | None = None
    media: list[ProductMedia] = field(default_factory=list)
    minimum_order_quantity: int | None = None
    order_quantity_denominator: int | None = None
    description: str | None = None
    short_description: str | None = None
    meta_title: str | None = None
    meta_description: str | None = None
    meta_keywords: str | None = None
    comment: str | None = None
    tags: list[str] = field(default_factory=list)
    updated_at: datetime | None = None
    tax_group: None = None  # the emulator has no tax groups
    campaign_variants: list[int] = field(default_factory=list)  # nor campaigns
    related: list[Display] = field(default_factory=list)


@dataclass(slots=True)
class AllocationRule:
    id: int
    name: str


@dataclass(slots=True)
class DeliveryWindowVariant:
    product_variant: ProductVariant
    type: str


@dataclass(slots=True)
class DeliveryWindow:
    id: int
    name: str
    status: str
    default_variant_delivery_type: str
    delivery_dates_visible: bool = False
    selectable_by_buyers: bool = False
    selected_by_default: bool = False
    allocation_rule: AllocationRule | None = None
    markets: list[Market] = field(default_factory=list)
    variants: list[DeliveryWindowVariant] = field(default_factory=list)


@dataclass(slots=True)
class DeliveryWindowDiscount:
    delivery_window: DeliveryWindow
    discount_percent: float


@dataclass(slots=True)
class Account:
    id: int
    name: str
    status: str
    market: Market | None = None
    pricelist: Pricelist | None = None
    discount_percent: float = 0.0
    is_discount_visible: bool = False
    delivery_window_discounts: list[DeliveryWindowDiscount] = field(default_factory=list)


@dataclass(slots=True)
class Buyer:
    id: int
    status: str
    account: Account
    receive_auto_emails: bool = False
    receive_newsletters: bool = False
    website_url: str | None = None
    billing_address: Address | None = None


@dataclass(slots=True)
class BundleSection:
    id: int
    quantity: int
    product_variants: list[ProductVariant]


@dataclass(slots=True)
class Bundle:
    id: int
    type: str
    price_type: str
    product: Product
    size_chart: SizeChart
    sections: list[BundleSection] = field(default_factory=list)


@dataclass(slots=True)
class VoucherAction:
    is_entry_point: bool
    criteria: list[dict[str, str]]
    result: dict[str, str]
    continue_strategy: str


@dataclass(slots=True)
class Voucher:
    id: int
    name: str
    status: str
    start_at: datetime
    stop_at: datetime
    method: str
    priority: int
    max_usages: int
    reuse: bool
    type: str
    entry_point_strategy: str
    store: Store
    code: str | None = None
    url: str | None = None
    combine_with_other_vouchers: bool = True
    conversion_html: str | None = None
    markets: list[Market] = field(default_factory=list)
    actions: list[VoucherAction] = field(default_factory=list)


@dataclass(slots=True)
class AttributeDefinition:
    """A custom attribute type of this shop (Centra's data model differs per client)."""

    name: str
    object_type: str  # Customer, Product, ProductVariant, Order
    description: str
    elements: list[tuple[str, str, str]]  # (key, description, kind)
    is_mapped: bool = False


@dataclass(slots=True)
class MappedAttributeValue:
    """A pre-defined value of a mapped attribute type (defined in Centra's AMS)."""

    id: int
    type_name: str
    name: str
    values: dict[str, object]  # element key -> value (an image: a dict of url, width...)


@dataclass(slots=True)
class Language:
    id: int
    name: str
    language_code: str
    country_code: str | None = None
    is_active: bool = True
    is_available_for_localization: bool = True
