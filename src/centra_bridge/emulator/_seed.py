"""A deterministic demo shop: the same ``seed`` and ``orders`` always give the same data.

The catalog, two warehouses with stock, customers, and orders that went through Centra's real
lifecycle (placed, confirmed, shipped, captured, some cancelled or returned), replayed with the
shop clock frozen at each step's time over the 120 days before ``SEED_END``. A customer is
stamped when they first ordered (or, never having ordered, at a moment of that history). Changes
made later carry the clock's real time.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from centra_bridge.emulator import _fulfilment as ops
from centra_bridge.emulator._catalog import (
    create_product,
    create_product_size,
    create_size_chart,
    create_variant,
    slug,
)
from centra_bridge.emulator._customers import define_attribute
from centra_bridge.emulator._model import (
    AllocationRule,
    AttributeDefinition,
    Brand,
    Category,
    Collection,
    Country,
    Currency,
    Customer,
    Display,
    Folder,
    Market,
    Money,
    Order,
    PriceEntry,
    Pricelist,
    ProductMedia,
    ProductSize,
    ShippingOption,
    Store,
    Warehouse,
)
from centra_bridge.emulator._shop import Shop
from centra_bridge.emulator._stock import create_warehouse, put_stock, record_change
from centra_bridge.emulator._storefront import place_order

SEED_END = datetime(2026, 11, 1, tzinfo=UTC)
SEED_DAYS = 120
MEDIA_BASE = "https://media.centra.example"  # where the seeded product images "are"

_CURRENCIES = [
    (1, "EUR", "Euro", 1.0),
    (2, "SEK", "Swedish krona", 0.087),
    (3, "GBP", "Pound sterling", 1.17),
    (4, "USD", "US dollar", 0.92),
]
_COUNTRIES = [
    (1, "SE", "Sweden", True),
    (2, "DK", "Denmark", True),
    (3, "FI", "Finland", True),
    (4, "DE", "Germany", True),
    (5, "NL", "Netherlands", True),
    (6, "FR", "France", True),
    (7, "GB", "United Kingdom", False),
    (8, "US", "United States", False),
]
# market id, name, currency code, country codes, share of orders
_MARKETS = [
    (1, "Sweden", "SEK", ["SE"], 0.35),
    (2, "Europe", "EUR", ["DK", "FI", "DE", "NL", "FR"], 0.35),
    (3, "United Kingdom", "GBP", ["GB"], 0.15),
    (4, "United States", "USD", ["US"], 0.15),
]
_FIRST = ["Alva", "Elsa", "Maja", "Noah", "Liam", "Hugo", "Saga", "Ella", "Olle", "Ines", "Leo"]
_LAST = ["Andersson", "Berg", "Lind", "Nilsson", "Holm", "Ek", "Dahl", "Moreau", "Smith", "Jones"]
_GARMENTS = ["T-shirt", "Hoodie", "Jeans", "Jacket", "Sneaker", "Cap", "Dress", "Shirt", "Coat"]
_COLOURS = ["Black", "White", "Navy", "Olive", "Sand"]
_APPAREL_SIZES = ["XS", "S", "M", "L", "XL"]
_SHOE_SIZES = ["38", "39", "40", "41", "42", "43", "44", "45"]


_ATTRIBUTES = [
    AttributeDefinition(
        "cus_extra",
        "Customer",
        "Customer",
        [("id", "External Customer ID", "INPUT"), ("ship_id", "Customer shipping ID", "INPUT")],
    ),
    AttributeDefinition(
        "pr_material",
        "Product",
        "Material",
        [("name", "Material", "INPUT"), ("care", "Care instructions", "TEXTAREA")],
    ),
    AttributeDefinition("or_channel", "Order", "Sales channel", [("name", "Channel", "INPUT")]),
]


def seed_reference_data(shop: Shop) -> None:
    """Currencies, countries, a DTC store, markets, brands, collections, folders, three size
    charts (1 One Size, 2 XS-XL, 3 Shoe sizes), two warehouses (1 main, 2 a shop) and
    categories (1 Tops, 2 Bottoms, 3 Shoes in the DTC store, 4 Wholesale)."""
    currencies = {code: Currency(cid, code, name, rate) for cid, code, name, rate in _CURRENCIES}
    shop.currencies = {c.id: c for c in currencies.values()}
    countries = {code: Country(cid, code, name, eu) for cid, code, name, eu in _COUNTRIES}
    shop.countries = {c.id: c for c in countries.values()}
    store = Store(1, "Retail", "DIRECT_TO_CONSUMER")
    wholesale = Store(2, "Wholesale", "WHOLESALE")
    shop.stores = {store.id: store, wholesale.id: wholesale}
    shop.markets = {
        mid: Market(mid, name, store, [countries[c] for c in codes], currencies[cur])
        for mid, name, cur, codes, _ in _MARKETS
    }
    shop.markets[5] = Market(
        5, "Wholesale Nordics", wholesale, [countries["SE"]], currencies["SEK"]
    )
    shop.shipping_options = {1: ShippingOption(1, "Standard"), 2: ShippingOption(2, "Express")}
    shop.allocation_rules = {1: AllocationRule(1, "Default"), 2: AllocationRule(2, "Nordics first")}
    for definition in _ATTRIBUTES:
        define_attribute(shop, definition)
    shop.brands = {1: Brand(1, "Base Brand"), 2: Brand(2, "Outdoor Co")}
    shop.collections = {1: Collection(1, "SS26"), 2: Collection(2, "AW26")}
    shop.folders = {1: Folder(1, "Shop"), 2: Folder(2, "Outlet")}
    create_size_chart(shop, "One Size", ["One Size"])
    create_size_chart(shop, "XS-XL", _APPAREL_SIZES)
    create_size_chart(shop, "Shoe sizes", _SHOE_SIZES)
    create_warehouse(shop, "Main warehouse", country=countries["SE"])
    create_warehouse(shop, "Store Stockholm", country=countries["SE"])
    for store_id, name in ((1, "Tops"), (1, "Bottoms"), (1, "Shoes"), (2, "Wholesale")):
        category = Category(shop.new_id("category"), name, name.lower(), shop.stores[store_id])
        shop.categories[category.id] = category


def seed_shop(shop: Shop, *, seed: int = 1, orders: int = 2000) -> None:
    """Fill an empty ``shop`` with reference data, a catalog with stock, and ``orders`` orders."""
    rng = random.Random(seed)
    start = SEED_END - timedelta(days=SEED_DAYS)
    shop.clock.frozen = start - timedelta(days=30)
    seed_reference_data(shop)
    markets = [m for m in shop.markets.values() if m.store.type == "DIRECT_TO_CONSUMER"]
    sizes = _catalog(shop, rng, orders)
    customers = [
        Customer(cid, f"customer{cid}@example.com", rng.choice(_FIRST), rng.choice(_LAST))
        for cid in range(1, max(2, orders * 5 // 8) + 1)
    ]
    for customer in customers[::10]:
        shop.attribute_values[("Customer", customer.id)] = {
            "cus_extra": {"id": f"EXT-{customer.id:05d}", "ship_id": f"S{customer.id}"}
        }
    shop.customers = {c.id: c for c in customers}
    prices = {s.variant.product.id: Decimal(rng.randrange(29, 250)) for s in sizes}
    weights = [share for *_, share in _MARKETS]
    step = SEED_DAYS * 86400 / max(orders, 1)
    for index in range(orders):
        created = start + timedelta(seconds=int(index * step + rng.random() * step * 0.9))
        shop.clock.frozen = created
        market = rng.choices(markets, weights=weights)[0]
        lines = []
        for size in rng.sample(sizes, rng.choice((1, 1, 2, 2, 3, 4))):
            list_price = _in_currency(prices[size.variant.product.id], market.currency)
            paid = list_price * Decimal("0.8") if rng.random() < 0.2 else list_price
            lines.append((size, rng.choice((1, 1, 1, 2, 3)), list_price, paid.quantize(Decimal(1))))
        customer = rng.choice(customers)
        if customer.updated_at is None:
            customer.updated_at = created  # the account was made with the first order
        order = place_order(
            shop,
            market=market,
            customer=customer,
            lines=lines,
            shipping_value=_in_currency(Decimal(5), market.currency),
            user_ip=f"192.0.2.{index % 250 + 1}",
        )
        _live(shop, rng, order, created)
    _sign_up_the_rest(customers, seed, start)
    shop.clock.frozen = None


def _sign_up_the_rest(customers: list[Customer], seed: int, start: datetime) -> None:
    """Customers who never ordered signed up at their own moments over the seeded history: a
    shop whose customers share one stamp makes every incremental read page through them all."""
    # Its own generator, so that the orders and everything else stay as this seed always gave.
    rng = random.Random(f"signups-{seed}")
    span = int((SEED_END - start).total_seconds()) - 1
    for customer in customers:
        if customer.updated_at is None:
            customer.updated_at = start + timedelta(seconds=rng.randrange(span))


# The DTC store's category of each garment (categories 1 Tops, 2 Bottoms, 3 Shoes).
_CATEGORY_OF = {"Jeans": 2, "Sneaker": 3}


def _displays(shop: Shop) -> None:
    """Every seeded product on display in the DTC store, with its variants, image and category,
    in every DTC market: Centra shows products to shoppers through displays."""
    store = shop.stores[1]
    markets = [m for m in shop.markets.values() if m.store is store]
    for product in shop.products.values():
        category = shop.categories[_CATEGORY_OF.get(product.name.split()[0], 1)]
        display = Display(
            shop.new_id("display"),
            product.name,
            "ACTIVE",
            slug(product.name),
            store,
            product,
            product_variants=list(product.variants),
            markets=markets,
            categories=[category],
            canonical_category=category,
            media=list(product.media),
        )
        shop.displays[display.id] = display


def _catalog(shop: Shop, rng: random.Random, orders: int) -> list[ProductSize]:
    apparel, shoes = shop.size_charts[2], shop.size_charts[3]
    main, store = shop.warehouses[1], shop.warehouses[2]
    sweden = next(c for c in shop.countries.values() if c.code == "SE")
    sizes: list[ProductSize] = []
    for product_id in range(1, 41):
        garment = _GARMENTS[(product_id - 1) % len(_GARMENTS)]
        product = create_product(
            shop,
            f"{garment} {product_id}",
            f"P{product_id:04d}",
            brand=shop.brands[1 + product_id % 2],
            collection=shop.collections[1 + product_id % 2],
            folder=shop.folders[1],
            country_of_origin=sweden,
        )
        image = f"{MEDIA_BASE}/products/{product.id}/1.jpg"
        product.media.append(ProductMedia(shop.new_id("media"), image))
        chart = shoes if garment == "Sneaker" else apparel
        for colour in rng.sample(_COLOURS, rng.randint(1, 3)):
            variant = create_variant(
                shop, product, colour, f"V{len(shop.variants) + 1:03d}", size_chart=chart
            )
            for position, size in enumerate(chart.sizes, start=1):
                sizes.append(
                    create_product_size(
                        shop,
                        variant,
                        size,
                        size_number=f"{position:02d}",
                        ean=f"735{variant.id:05d}{position:04d}0",
                    )
                )
    for market in list(shop.markets.values())[:4]:  # one DTC pricelist per market
        pricelist = Pricelist(
            market.id,
            f"{market.name} {market.currency.code}",
            "ACTIVE",
            market.store,
            market.currency,
            list(market.assigned_to_countries),
            shop.shipping_options[1],
        )
        for product in shop.products.values():
            value = _in_currency(Decimal(29 + product.id * 5), market.currency)
            pricelist.entries[(product.id, None)] = PriceEntry(
                pricelist, product, None, Money(value, market.currency)
            )
        shop.pricelists[pricelist.id] = pricelist
    _displays(shop)
    for product in list(shop.products.values())[::4]:
        shop.attribute_values[("Product", product.id)] = {
            "pr_material": {"name": rng.choice(("Cotton", "Wool", "Linen")), "care": "40 degrees"}
        }
    per_size = max(30, orders * 8 // len(sizes))  # enough that nearly every order is allocated
    deliveries: dict[int, list[tuple[ProductSize, Warehouse, int, Money | None]]] = {}
    for product_size in sizes:
        for warehouse, quantity in (
            (main, per_size + rng.randrange(0, per_size // 2 + 1)),
            (store, rng.randrange(0, 6)),
        ):
            if quantity:
                put_stock(shop, warehouse, product_size, quantity)
                cost = Money(Decimal(8 + product_size.id % 7), shop.currencies[1])
                deliveries.setdefault(warehouse.id, []).append(
                    (product_size, warehouse, quantity, cost)
                )
    for lines in deliveries.values():  # the opening stock arrived as deliveries
        warehouse = lines[0][1]
        record_change(shop, "DELIVERY", f"Opening stock for {warehouse.name}", warehouse, lines)
    return sizes


def _in_currency(eur: Decimal, currency: Currency) -> Decimal:
    return (eur / Decimal(str(currency.base_rate))).quantize(Decimal(1))


def _live(shop: Shop, rng: random.Random, order: Order, created: datetime) -> None:
    """Take the order as far through its life as its age makes likely."""
    room = int((SEED_END - created).total_seconds()) - 1
    moment = created

    def later() -> None:
        nonlocal moment
        step = min(rng.randrange(600, 86400), max(1, int(room * rng.random() / 4)))
        moment = min(moment + timedelta(seconds=step), SEED_END - timedelta(seconds=1))
        shop.clock.frozen = moment

    age_days = (SEED_END - created).days
    roll = rng.random()
    if roll < 0.04:
        later()
        ops.cancel_lines(
            shop, order, [(ln, ln.quantity, "RELEASE_BACK_TO_WAREHOUSE") for ln in order.lines]
        )
        return
    if age_days <= 14 and roll > 0.5:
        target = rng.choice(("PENDING", "CONFIRMED", "PROCESSING"))
    else:
        target = "SHIPPED"
    if target == "PENDING":
        return
    later()
    ops.confirm_order(shop, order)
    if target == "CONFIRMED" or any(line.demand for line in order.lines):
        return  # waiting for stock
    later()
    shipment = ops.create_shipment(shop, order, None, good_to_go=True, allocate_demand=True)
    if target == "PROCESSING":
        return
    later()
    ops.capture_shipment(shop, shipment)
    ops.complete_shipment(shop, shipment)
    if rng.random() < 0.05:
        later()
        item = shipment.lines[0]
        policy = rng.choice(("releaseItemsBackToWarehouse", "removeItemsFromStock"))
        ops.create_return(shop, shipment, [(item, 1)], policy, comment="Did not fit")
