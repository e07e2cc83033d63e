"""Named shops for trying Centra's documented examples as printed.

``erp-guide`` holds the objects that the ERP integration guide's examples refer to by id
(order 14 with line 68, shipment 345, return 315, warehouse 3, variant 1445...), so that each
example runs verbatim.

``pim-guide`` holds what the PIM integration guide's examples refer to (product 1 with variants 1
and 2, measurement charts 5 and 6, displays 1, 222 and 345, mapped attributes 7-9, languages 2
and 5, countries 122 and 125...). Objects an example creates are left out, so that the guide's
sequence (create a market, then read or update it) gives the guide's ids.
"""

from __future__ import annotations

from decimal import Decimal

from centra_bridge.emulator import _fulfilment as ops
from centra_bridge.emulator._catalog import (
    create_product,
    create_product_size,
    create_size_chart,
    create_variant,
)
from centra_bridge.emulator._customers import define_attribute, define_mapped_value
from centra_bridge.emulator._model import (
    Account,
    Address,
    AllocationRule,
    AttributeDefinition,
    Buyer,
    Country,
    Customer,
    DeliveryWindow,
    Display,
    Language,
    MappedAttributeValue,
    MeasurementChart,
    Money,
    Order,
    PriceAlteration,
    Pricelist,
    ProductSize,
    SizeChart,
    Weight,
)
from centra_bridge.emulator._seed import seed_reference_data, seed_shop
from centra_bridge.emulator._shop import Shop
from centra_bridge.emulator._stock import create_warehouse, put_stock
from centra_bridge.emulator._storefront import place_order

SCENARIOS = ("default", "erp-guide", "pim-guide")


def _variant(
    shop: Shop, variant_id: int, chart: SizeChart, names: list[str], product_id: int
) -> list[ProductSize]:
    product = shop.products[product_id]
    variant = create_variant(
        shop,
        product,
        f"Variant {variant_id}",
        str(variant_id),
        size_chart=chart,
        variant_id=variant_id,
    )
    return [
        create_product_size(
            shop, variant, next(s for s in chart.sizes if s.name == name), size_number=f"{i:02d}"
        )
        for i, name in enumerate(names, start=1)
    ]


def erp_guide(shop: Shop) -> None:
    """The objects the ERP guide's examples use, with the guide's ids."""
    seed_reference_data(shop)
    one_size, apparel = shop.size_charts[1], shop.size_charts[2]
    # The guide's size chart 3 has S, M and L: it takes the place of the shoe sizes chart.
    for size in shop.size_charts.pop(3).sizes:
        del shop.sizes[size.id]
    sml = create_size_chart(shop, "S-L", ["S", "M", "L"], chart_id=3)
    main = shop.warehouses[1]
    create_warehouse(shop, "Outlet warehouse", warehouse_id=3)
    create_product(shop, "First Product", "Prod1", product_id=1)
    create_product(shop, "Second Product", "Prod2", product_id=2)
    create_variant(
        shop, shop.products[1], "One size variant", "V1", size_chart=one_size, variant_id=1
    )
    _variant(shop, 2, apparel, ["S"], 2)
    _variant(shop, 1445, apparel, ["XL"], 1)
    _variant(shop, 1446, apparel, ["S", "M"], 2)
    for variant_id in (1449, 1450, 1545, 1844, 1845):
        _variant(shop, variant_id, sml, ["S", "M", "L"], 2)
    create_product(shop, "Basic Jacket", "BJ1", product_id=3)
    [jacket] = _variant(shop, 2001, apparel, ["M"], 3)
    put_stock(shop, main, jacket, 100)
    sweden = next(m for m in shop.markets.values() if m.currency.code == "SEK")
    jon = Customer(4, "jon.snow@example.com", "Jon", "Snow")
    shop.customers[4] = jon
    home = Address(
        first_name="Jon",
        last_name="Snow",
        city="Winterfell",
        country=sweden.assigned_to_countries[0],
    )
    price = Decimal(675)

    def order(
        number: int,
        quantity: int,
        *,
        line_ids: list[int] | None = None,
        lines: int = 1,
        order_id: str | None = None,
    ) -> Order:
        return place_order(
            shop,
            market=sweden,
            customer=jon,
            lines=[(jacket, quantity, price, price)] * lines,
            shipping_value=Decimal(50),
            number=number,
            address=home,
            line_ids=line_ids,
            order_id=order_id,
        )

    order(14, 10, line_ids=[68])
    for number in (39514, 39515):
        locked = order(number, 1)
        ops.confirm_order(shop, locked)
        ops.create_shipment(shop, locked, None)
    shipped = order(39790, 4, line_ids=[17635])
    ops.confirm_order(shop, shipped)
    for shipment_id in (123, 345):
        ops.create_shipment(
            shop, shipped, [(shipped.lines[0], 1)], good_to_go=True, shipment_id=shipment_id
        )
    ops.confirm_order(
        shop, order(10, 2, line_ids=[10], order_id="05ac658a8e815571fdba2984eb358932")
    )
    returned = order(39800, 6, lines=2)
    ops.confirm_order(shop, returned)
    shipment = ops.create_shipment(shop, returned, None, shipment_id=1338, line_ids=[2943, 2944])
    ops.capture_shipment(shop, shipment)
    ops.complete_shipment(shop, shipment)
    first, second = shipment.lines
    ops.create_return(shop, shipment, [(first, 1)], "releaseItemsBackToWarehouse", return_id=315)
    ops.create_return(shop, shipment, [(second, 1)], "releaseItemsBackToWarehouse", return_id=436)
    _pricing_and_wholesale(shop)


def _pricing_and_wholesale(shop: Shop) -> None:
    """Pricelists 19-66, price alteration 1, displays 1 and 2276, account 5, delivery window 3,
    wholesale order 3957, customer 27 with attributes, country 65."""
    shop.countries[65] = Country(65, "PL", "Poland", True)
    create_product(shop, "Carry-over shirt", "CO67", product_id=67)
    create_product(shop, "Carry-over coat", "CO1293", product_id=1293)
    currencies = {c.code: c for c in shop.currencies.values()}
    retail, wholesale = shop.stores[1], shop.stores[2]
    for pricelist_id, store, code in (
        (19, retail, "USD"),
        (21, wholesale, "SEK"),
        (23, retail, "EUR"),
        (65, wholesale, "EUR"),
        (66, wholesale, "GBP"),
    ):
        shop.pricelists[pricelist_id] = Pricelist(
            pricelist_id, f"Pricelist {code}", "ACTIVE", store, currencies[code]
        )
    shop.standard_conversions.append(("Pricelist", "19", 19))
    shop.price_alterations[1] = PriceAlteration(
        1, "Carry-over", "INACTIVE", "2026-01-01", wholesale
    )
    shop.new_id("price_alteration", 1)
    shop.displays[2276] = Display(
        2276, "Second Product", "ACTIVE", "second-product", retail, shop.products[2]
    )
    shop.displays[1] = Display(
        1, "Second Product B2B", "ACTIVE", "second-product-b2b", wholesale, shop.products[2]
    )
    shop.new_id("display", 2276)
    shop.allocation_rules.setdefault(2, AllocationRule(2, "Nordics first"))
    nordics = shop.markets[5]
    window = DeliveryWindow(3, "Autumn", "ACTIVE", "STOCK", markets=[nordics])
    shop.delivery_windows[3] = window
    shop.new_id("delivery_window", 3)
    account = Account(5, "Centra 5", "ACTIVE", nordics, shop.pricelists[21])
    shop.accounts[5] = account
    shop.new_id("account", 5)
    buyer = Buyer(1, "ACTIVE", account)
    shop.buyers[1] = buyer
    pio = Customer(27, "symek+333@centra.com", "Pio", "Sym")
    shop.customers[27] = pio
    shop.attribute_values[("Customer", 27)] = {"cus_extra": {"id": "12345", "ship_id": "9999"}}
    size = shop.product_sizes[1]
    order = place_order(
        shop,
        market=nordics,
        customer=pio,
        lines=[(size, 2, Decimal(110), Decimal(110))],
        shipping_value=Decimal(0),
        number=3957,
    )
    order.account, order.buyer, order.pricelist = account, buyer, account.pricelist
    order.lines[0].display = shop.displays[1]


def pim_guide(shop: Shop) -> None:
    """The objects the PIM guide's examples use, with the guide's ids."""
    seed_reference_data(shop)
    shop.stores[1].name = "Retail Store"
    shop.collections[2].name = "AW21"
    shop.countries[122] = Country(122, "NO", "Norway", False)
    shop.countries[125] = Country(125, "PL", "Poland", True)
    shop.new_id("market", 28)  # the guide's new market is 29
    # Chart 3 is the guide's "Any size chart" (unused, so it can be removed).
    for size in shop.size_charts.pop(3).sizes:
        del shop.sizes[size.id]
    create_size_chart(shop, "Any size chart", ["X", "Y", "Z"], ["A", "B"], chart_id=3)
    one_size, apparel = shop.size_charts[1], shop.size_charts[2]
    for chart_id, name in ((5, "Trousers"), (6, "Shirts")):
        shop.measurement_charts[chart_id] = MeasurementChart(
            chart_id, name, ["S", "M", "L"], ["Chest", "Sleeve"], "cm"
        )
        shop.new_id("measurement_chart", chart_id)
    create_warehouse(shop, "Retail", warehouse_id=3)
    eur = shop.currencies[1]
    product = create_product(
        shop,
        "First Product",
        "Prod123",
        product_id=1,
        brand=shop.brands[1],
        collection=shop.collections[2],
        folder=shop.folders[1],
        harmonized_commodity_code="HCC123",
        harmonized_commodity_code_description="Harm Code Description",
        weight=Weight(Decimal(1), "KILOGRAMS"),
    )
    for variant_id, chart, number, internal, cost in (
        (1, one_size, "Var123", "vrnt", 41),
        (2, apparel, "Var456", "vrnt2", 60),
    ):
        create_variant(
            shop,
            product,
            "First Product",
            number,
            variant_id=variant_id,
            size_chart=chart,
            internal_name=internal,
            unit_cost=Money(Decimal(cost), eur),
        )
    # The stock examples' variants: 2459 (moved between warehouses 1 and 2) and 1445 (set).
    stocked = create_product(shop, "Stocked Product", "Stock1", product_id=2)
    create_variant(shop, stocked, "Moved", "V2459", size_chart=apparel, variant_id=2459)
    create_variant(shop, stocked, "Counted", "V1445", size_chart=apparel, variant_id=1445)
    moved = create_product_size(shop, shop.variants[2459], apparel.sizes[0], size_number="01")
    put_stock(shop, shop.warehouses[1], moved, 10)
    create_product_size(shop, shop.variants[1445], apparel.sizes[-1], size_number="05")
    # Displays: 1 (updated), 345 (a variant added), 222 (translated), product 12 (displayed).
    retail = shop.stores[1]
    shirt = create_product(shop, "Shirt", "SH12", product_id=12)
    create_variant(shop, shirt, "Shirt blue", "B", size_chart=apparel, variant_id=1913)
    shop.displays[1] = Display(1, "First Product", "ACTIVE", "first-product", retail, product)
    shop.displays[345] = Display(345, "Shirt", "ACTIVE", "shirt", retail, shirt)
    test = create_product(shop, "Test Product", "TP4204", product_id=4204)
    create_variant(shop, test, "Test Variant", "TV", size_chart=one_size, variant_id=7861)
    shop.displays[222] = Display(
        222, "Test Product Display", "ACTIVE", "test-product-uri", retail, test
    )
    shop.new_id("display", 345)
    currencies = {c.code: c for c in shop.currencies.values()}
    for pricelist_id, name, store_id in ((1, "SEK", 1), (3, "VIP-SEK", 1), (21, "B2B SEK", 2)):
        shop.pricelists[pricelist_id] = Pricelist(
            pricelist_id, name, "ACTIVE", shop.stores[store_id], currencies["SEK"]
        )
    shop.new_id("pricelist", 35)  # the guide's new pricelist is 36
    _pim_attributes(shop)
    shop.languages = {
        1: Language(1, "English", "en", "GB", is_available_for_localization=False),
        5: Language(5, "German", "de", "DE"),  # added before Swedish, as in the guide
        2: Language(2, "Swedish", "sv", "SE"),
    }
    shop.new_id("size", 49)  # the all-in-one example's size chart gets sizes 50 and 51


def _pim_attributes(shop: Shop) -> None:
    for definition in (
        AttributeDefinition(
            "pr_long_name",
            "Product",
            "Long External Product Name",
            [("text", "Long External Product Name", "INPUT")],
        ),
        AttributeDefinition(
            "pr_materials",
            "Product",
            "Product materials",
            [("text", "Material description", "INPUT")],
            is_mapped=True,
        ),
        AttributeDefinition(
            "sh_swatch",
            "ProductVariant",
            "Showroom Color Swatch",
            [("desc", "Color", "INPUT"), ("hex", "Hex", "INPUT"), ("image", "Image", "IMAGE")],
            is_mapped=True,
        ),
    ):
        define_attribute(shop, definition)
    image = {
        "url": "https://media.centra.example/attributes/blue.jpg",
        "width": 50,
        "height": 50,
        "mime_type": "image/jpg",
    }
    swatch: dict[str, object] = {"desc": "Blue", "hex": "#0000FF", "image": image}
    define_mapped_value(shop, MappedAttributeValue(3, "sh_swatch", "Blue", swatch))
    for value_id, name in ((7, "Wood"), (8, "Steel"), (9, "Plastic")):
        define_mapped_value(
            shop, MappedAttributeValue(value_id, "pr_materials", name, {"text": name})
        )
    shop.attribute_values[("Product", 1)] = {"pr_long_name": {"text": "Test 123"}}
    shop.mapped_assignments[("ProductVariant", 1)] = [3]


def apply_scenario(shop: Shop, name: str, *, seed: int = 1, orders: int = 2000) -> None:
    if name == "erp-guide":
        erp_guide(shop)
    elif name == "pim-guide":
        pim_guide(shop)
    elif name == "default":
        seed_shop(shop, seed=seed, orders=orders)
    else:
        msg = f"Unknown scenario {name!r}; use one of {', '.join(SCENARIOS)}"
        raise ValueError(msg)
