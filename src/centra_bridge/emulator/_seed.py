"""A deterministic demo shop: the same ``seed`` and ``orders`` always give the same data.

Seeded orders are created over the 120 days before ``SEED_END`` (a fixed date, so that repeated
runs produce identical rows); changes made later carry the shop clock's real time.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from centra_bridge.emulator._model import (
    Country,
    Currency,
    Customer,
    Market,
    Product,
    ProductSize,
    ProductVariant,
    Size,
    Store,
)
from centra_bridge.emulator._shop import Shop

SEED_END = datetime(2026, 11, 1, tzinfo=UTC)
SEED_DAYS = 120

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


def seed_shop(shop: Shop, *, seed: int = 1, orders: int = 2000) -> None:
    """Fill an empty ``shop`` with stores, markets, a catalog, customers and ``orders`` orders."""
    rng = random.Random(seed)
    currencies = {code: Currency(cid, code, name, rate) for cid, code, name, rate in _CURRENCIES}
    shop.currencies = {c.id: c for c in currencies.values()}
    countries = {code: Country(cid, code, name, eu) for cid, code, name, eu in _COUNTRIES}
    shop.countries = {c.id: c for c in countries.values()}
    store = Store(1, "Retail", "DIRECT_TO_CONSUMER")
    shop.stores = {store.id: store}
    markets = [
        Market(mid, name, store, [countries[c] for c in codes], currencies[cur])
        for mid, name, cur, codes, _ in _MARKETS
    ]
    shop.markets = {m.id: m for m in markets}
    market_weights = [share for *_, share in _MARKETS]

    sizes = _catalog(rng)
    shop.sizes = {s.id: s for s in sizes}
    prices = {s.variant.product.id: Decimal(rng.randrange(29, 250)) for s in sizes}

    customers = [
        Customer(
            cid,
            f"customer{cid}@example.com",
            rng.choice(_FIRST),
            rng.choice(_LAST),
        )
        for cid in range(1, max(2, orders * 5 // 8) + 1)
    ]
    shop.customers = {c.id: c for c in customers}

    start = SEED_END - timedelta(days=SEED_DAYS)
    step = SEED_DAYS * 86400 / max(orders, 1)
    for index in range(orders):
        created = start + timedelta(seconds=int(index * step + rng.random() * step * 0.9))
        market = rng.choices(markets, weights=market_weights)[0]
        lines = []
        for size in rng.sample(sizes, rng.choice((1, 1, 2, 2, 3, 4))):
            list_price = _in_currency(prices[size.variant.product.id], market.currency)
            paid = list_price * Decimal("0.8") if rng.random() < 0.2 else list_price
            lines.append((size, rng.choice((1, 1, 1, 2, 3)), list_price, paid.quantize(Decimal(1))))
        status, updated = _status_and_update(rng, created)
        shop.add_order(
            market=market,
            customer=rng.choice(customers),
            lines=lines,
            shipping_value=_in_currency(Decimal(5), market.currency),
            created_at=created,
            updated_at=updated,
            status=status,
            user_ip=f"192.0.2.{index % 250 + 1}",
        )


def _catalog(rng: random.Random) -> list[ProductSize]:
    sizes: list[ProductSize] = []
    size_objects: dict[str, Size] = {}
    variant_id = 0
    for product_id in range(1, 41):
        garment = _GARMENTS[(product_id - 1) % len(_GARMENTS)]
        product = Product(product_id, f"{garment} {product_id}", f"P{product_id:04d}")
        scale = _SHOE_SIZES if garment == "Sneaker" else _APPAREL_SIZES
        for colour in rng.sample(_COLOURS, rng.randint(1, 3)):
            variant_id += 1
            variant = ProductVariant(variant_id, colour, f"V{variant_id:03d}", product)
            for position, name in enumerate(scale, start=1):
                size = size_objects.setdefault(name, Size(len(size_objects) + 1, name))
                sizes.append(
                    ProductSize(
                        id=len(sizes) + 1,
                        size=size,
                        size_number=f"{position:02d}",
                        ean=f"735{variant_id:05d}{position:04d}0",
                        variant=variant,
                    )
                )
    return sizes


def _in_currency(eur: Decimal, currency: Currency) -> Decimal:
    return (eur / Decimal(str(currency.base_rate))).quantize(Decimal(1))


def _status_and_update(rng: random.Random, created: datetime) -> tuple[str, datetime]:
    age_days = (SEED_END - created).days
    roll = rng.random()
    if roll < 0.04:
        status = "CANCELLED"
    elif age_days > 14 or roll > 0.5:
        status = "SHIPPED"
    else:
        status = rng.choice(("PENDING", "CONFIRMED", "PROCESSING"))
    if status == "PENDING":
        return status, created
    room = int((SEED_END - created).total_seconds()) - 1
    delay = min(rng.randrange(600, 3 * 86400), int(room * rng.random()))
    return status, created + timedelta(seconds=max(delay, 0))
