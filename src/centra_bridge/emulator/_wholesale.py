"""Displays, bundles and the wholesale module: accounts, buyers, delivery windows, order lines."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ariadne import MutationType, ObjectType, QueryType

from centra_bridge.emulator import _fulfilment as ops
from centra_bridge.emulator._catalog import (
    create_product,
    create_product_size,
    create_variant,
    product_attributes,
    slug,
)
from centra_bridge.emulator._context import Info, shop_of
from centra_bridge.emulator._dates import DEFAULT_FORMAT, format_php
from centra_bridge.emulator._model import (
    Account,
    Address,
    Bundle,
    BundleSection,
    Buyer,
    Category,
    DeliveryWindow,
    DeliveryWindowDiscount,
    DeliveryWindowVariant,
    Display,
    Order,
    OrderLine,
    PriceEntry,
)
from centra_bridge.emulator._mutations import payload, require
from centra_bridge.emulator._paging import connection, page_slice, sort_items
from centra_bridge.emulator._refs import lookup, order_ref, product_size_ref, size_ref
from centra_bridge.emulator._stock import allocate

query = QueryType()
mutation = MutationType()
display_type = ObjectType("Display")
bindables = [query, mutation, display_type]

# Display fields a create or update input sets as given.
_DISPLAY_TEXTS = (
    "minimum_order_quantity",
    "order_quantity_denominator",
    "description",
    "short_description",
    "meta_title",
    "meta_description",
    "meta_keywords",
    "comment",
    "tags",
)

MAX_WINDOW_VARIANTS = 100


# -- displays ----------------------------------------------------------------------------------


def _add_variants(
    info: Info, display: Display, items: list[dict[str, Any]], path: list[str]
) -> None:
    shop = shop_of(info)
    for index, item in enumerate(items):
        where = [*path, "addProductVariants", str(index), "productVariant"]
        variant = lookup(info, shop.variants, item["product_variant"], where, kind="ProductVariant")
        require(
            variant.product is display.product,
            f"Variant {variant.id} belongs to product {variant.product.id}, not the display's "
            f"product {display.product.id}",
            where,
        )
        if variant not in display.product_variants:
            display.product_variants.append(variant)


def _file(info: Info, display: Display, input: dict[str, Any]) -> None:
    """Categories and media of a create or update input (each added once)."""
    shop = shop_of(info)
    for i, ref in enumerate(input.get("add_categories") or []):
        where = ["input", "addCategories", str(i)]
        category = lookup(info, shop.categories, ref, where, kind="Category")
        require(
            category.store is display.store,
            f"Category {category.id} belongs to store {category.store.id}, not {display.store.id}",
            where,
        )
        if category not in display.categories:
            display.categories.append(category)
    if input.get("canonical_category") is not None:
        category = lookup(
            info,
            shop.categories,
            input["canonical_category"],
            ["input", "canonicalCategory"],
            kind="Category",
        )
        display.canonical_category = category
        if category not in display.categories:
            display.categories.append(category)
    media = {m.id: m for m in display.product.media}
    for i, ref in enumerate(input.get("add_product_media") or []):
        found = lookup(
            info,
            media,
            ref["product_media"],
            ["input", "addProductMedia", str(i), "productMedia"],
            kind="ProductMedia",
        )
        if found not in display.media:
            display.media.append(found)


@query.field("categories")
def resolve_categories(
    _: None,
    info: Info,
    where: dict[str, Any] | None = None,
    limit: int | None = None,
    page: int | None = None,
) -> list[Category]:
    categories = list(shop_of(info).categories.values())
    where = where or {}
    if where.get("id") is not None:
        categories = [c for c in categories if c.id in set(where["id"])]
    if where.get("store_id") is not None:
        categories = [c for c in categories if c.store.id in set(where["store_id"])]
    return page_slice(categories, limit, page)


@mutation.field("createDisplay")
@payload("display")
def resolve_create_display(_: None, info: Info, input: dict[str, Any]) -> Display:
    shop = shop_of(info)
    _check_texts(input)
    store = lookup(info, shop.stores, input["store"], ["input", "store"], kind="Store")
    product = lookup(info, shop.products, input["product"], ["input", "product"], kind="Product")
    display = Display(
        shop.new_id("display"),
        input["name"],
        input["status"],
        input.get("uri") or slug(input["name"]),
        store,
        product,
    )
    _add_variants(info, display, input.get("add_product_variants") or [], ["input"])
    display.markets = [
        lookup(info, shop.markets, ref, ["input", "addMarkets", str(i)], kind="Market")
        for i, ref in enumerate(input.get("add_markets") or [])
    ]
    _file(info, display, input)
    _texts(display, input)
    display.updated_at = shop.clock.now()
    shop.displays[display.id] = display
    shop.emit("Display", "CREATED", display)
    return display


@mutation.field("updateDisplay")
@payload("display")
def resolve_update_display(_: None, info: Info, id: int, input: dict[str, Any]) -> Display:
    shop = shop_of(info)
    display = lookup(info, shop.displays, {"id": id}, [], kind="Display")
    _check_texts(input)
    _add_variants(info, display, input.get("add_product_variants") or [], ["input"])
    _file(info, display, input)
    _remove(info, display, input)
    for key in ("name", "status", "uri"):
        if input.get(key) is not None:
            setattr(display, key, input[key])
    if input.get("uri") == "":
        display.uri = slug(display.name)
    _texts(display, input)
    display.updated_at = shop.clock.now()
    shop.emit("Display", "UPDATED", display)
    return display


def _check_texts(input: dict[str, Any]) -> None:
    """Refusals of a display input, made before anything changes."""
    minimum, denominator = (
        input.get("minimum_order_quantity"),
        input.get("order_quantity_denominator"),
    )
    require(minimum is None or minimum >= 0, "Must be 0 or more", ["input", "minimumOrderQuantity"])
    require(
        denominator is None or denominator >= 1,
        "Must be 1 or more",
        ["input", "orderQuantityDenominator"],
    )
    tax_group = (input.get("tax_group") or {}).get("id")
    require(
        tax_group is None, f"Could not find TaxGroup with ID {tax_group}", ["input", "taxGroup"]
    )


def _texts(display: Display, input: dict[str, Any]) -> None:
    for key in _DISPLAY_TEXTS:
        if input.get(key) is not None:
            setattr(display, key, input[key])


def _remove(info: Info, display: Display, input: dict[str, Any]) -> None:
    """The remove* lists of an update: each names something the display has."""
    shop = shop_of(info)
    lists: tuple[tuple[str, str, str, list[Any], dict[int, Any]], ...] = (
        ("remove_categories", "removeCategories", "Category", display.categories, shop.categories),
        ("remove_markets", "removeMarkets", "Market", display.markets, shop.markets),
        (
            "remove_product_media",
            "removeProductMedia",
            "ProductMedia",
            display.media,
            {m.id: m for m in display.product.media},
        ),
        (
            "remove_product_variants",
            "removeProductVariants",
            "ProductVariant",
            display.product_variants,
            shop.variants,
        ),
    )
    for key, name, kind, items, registry in lists:
        for i, ref in enumerate(input.get(key) or []):
            found = lookup(info, registry, ref, ["input", name, str(i)], kind=kind)
            if found in items:
                items.remove(found)
            if found is display.canonical_category:
                display.canonical_category = None


@query.field("displays")
def resolve_displays(
    _: None,
    info: Info,
    where: dict[str, Any] | None = None,
    limit: int | None = None,
    page: int | None = None,
) -> list[Display]:
    return page_slice(_displays(info, where), limit, page)


def _displays(info: Info, where: dict[str, Any] | None) -> list[Display]:
    displays = sorted(shop_of(info).displays.values(), key=lambda d: d.id)
    where = where or {}
    if where.get("id") is not None:
        displays = [d for d in displays if d.id in set(where["id"])]
    if where.get("store_id") is not None:
        displays = [d for d in displays if d.store.id in set(where["store_id"])]
    if where.get("market_id") is not None:
        wanted = set(where["market_id"])
        displays = [d for d in displays if wanted & {m.id for m in d.markets}]
    return displays


@query.field("display")
def resolve_display(_: None, info: Info, id: int) -> Display | None:
    return shop_of(info).displays.get(id)


@query.field("displayConnection")
def resolve_display_connection(
    _: None,
    info: Info,
    where: dict[str, Any] | None = None,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> dict[str, Any]:
    ordered, fields = sort_items(_displays(info, where), None, {}, "id")
    return connection(ordered, fields, first=first, after=after, last=last, before=before)


@display_type.field("updatedAt")
def resolve_display_updated(display: Display, info: Info, format: str = DEFAULT_FORMAT) -> str:
    # Displays made before they kept a time (seeded ones) show their product's.
    shop = shop_of(info)
    when = display.updated_at or display.product.updated_at or shop.clock.now()
    return format_php(when, format, shop.timezone)


@display_type.field("displayItems")
def resolve_display_items(display: Display, _: Info) -> list[dict[str, Any]]:
    # A display item is a variant shown on the display; it takes the variant's id.
    return [{"id": v.id, "product_variant": v} for v in display.product_variants]


@display_type.field("prices")
def resolve_display_prices(display: Display, info: Info) -> list[PriceEntry]:
    return [
        entry
        for pricelist in shop_of(info).pricelists.values()
        if pricelist.store is display.store
        for entry in pricelist.entries.values()
        if entry.product is display.product
    ]


# -- accounts, buyers, delivery windows --------------------------------------------------------


@mutation.field("createAccount")
@payload("account")
def resolve_create_account(_: None, info: Info, input: dict[str, Any]) -> Account:
    shop = shop_of(info)
    market = lookup(info, shop.markets, input["market"], ["input", "market"], kind="Market")
    pricelist = lookup(
        info, shop.pricelists, input["pricelist"], ["input", "pricelist"], kind="Pricelist"
    )
    discounts = input.get("discounts") or {}
    general = discounts.get("general_discount") or {}
    account = Account(
        shop.new_id("account"),
        input["name"],
        input["status"],
        market,
        pricelist,
        float(general.get("discount_percent") or 0),
        bool(general.get("is_visible")),
    )
    for index, item in enumerate(discounts.get("add_delivery_window_discounts") or []):
        where = ["input", "discounts", "addDeliveryWindowDiscounts", str(index), "deliveryWindow"]
        window = lookup(
            info, shop.delivery_windows, item["delivery_window"], where, kind="DeliveryWindow"
        )
        account.delivery_window_discounts.append(
            DeliveryWindowDiscount(window, float(item["discount_percent"]))
        )
    shop.accounts[account.id] = account
    shop.emit("Account", "CREATED", account)
    return account


@mutation.field("updateAccount")
@payload("account")
def resolve_update_account(_: None, info: Info, id: int, input: dict[str, Any]) -> Account:
    shop = shop_of(info)
    account = lookup(info, shop.accounts, {"id": id}, ["id"], kind="Account")
    if input.get("market") is not None:
        account.market = lookup(
            info, shop.markets, input["market"], ["input", "market"], kind="Market"
        )
    if input.get("pricelist") is not None:
        account.pricelist = lookup(
            info, shop.pricelists, input["pricelist"], ["input", "pricelist"], kind="Pricelist"
        )
    general = (input.get("discounts") or {}).get("general_discount")
    if general is not None:
        account.discount_percent = float(general["discount_percent"])
        account.is_discount_visible = bool(general.get("is_visible"))
    for key in ("name", "status"):
        if input.get(key) is not None:
            setattr(account, key, input[key])
    shop.emit("Account", "UPDATED", account)
    return account


@mutation.field("createBuyer")
@payload("buyer")
def resolve_create_buyer(_: None, info: Info, input: dict[str, Any]) -> Buyer:
    shop = shop_of(info)
    store = lookup(info, shop.stores, input["store"], ["input", "store"], kind="Store")
    require(
        store.type == "WHOLESALE", f"Store {store.id} is not a wholesale store", ["input", "store"]
    )
    account = lookup(info, shop.accounts, input["account"], ["input", "account"], kind="Account")
    address = input.get("billing_address") or {}
    buyer = Buyer(
        shop.new_id("buyer"),
        input["status"],
        account,
        bool(input.get("receive_auto_emails")),
        bool(input.get("receive_newsletters")),
        input.get("website_url"),
        Address(**{k: v for k, v in address.items() if k != "country"}),
    )
    shop.buyers[buyer.id] = buyer
    shop.emit("Buyer", "CREATED", buyer)
    return buyer


@mutation.field("createDeliveryWindow")
@payload("delivery_window")
def resolve_create_window(_: None, info: Info, input: dict[str, Any]) -> DeliveryWindow:
    shop = shop_of(info)
    require(input["markets"], "At least one market is needed", ["input", "markets"])
    markets = [
        lookup(info, shop.markets, ref, ["input", "markets", str(i)], kind="Market")
        for i, ref in enumerate(input["markets"])
    ]
    rule = None
    if input.get("allocation_rule"):
        rule = lookup(
            info,
            shop.allocation_rules,
            input["allocation_rule"],
            ["input", "allocationRule"],
            kind="AllocationRule",
        )
    require(input.get("preorder") or input.get("at_once"), "Give preorder or atOnce", ["input"])
    window = DeliveryWindow(
        shop.new_id("delivery_window"),
        input["name"],
        input["status"],
        input["default_variant_delivery_type"],
        bool(input.get("delivery_dates_visible")),
        bool(input.get("selectable_by_buyers")),
        bool(input.get("selected_by_default")),
        rule,
        markets,
    )
    shop.delivery_windows[window.id] = window
    shop.emit("DeliveryWindow", "CREATED", window)
    return window


@mutation.field("setDeliveryWindowVariants")
@payload("delivery_window")
def resolve_window_variants(_: None, info: Info, input: dict[str, Any]) -> DeliveryWindow:
    shop = shop_of(info)
    window = lookup(
        info,
        shop.delivery_windows,
        input["delivery_window"],
        ["input", "deliveryWindow"],
        kind="DeliveryWindow",
    )
    items = input["variants"]
    require(
        len(items) <= MAX_WINDOW_VARIANTS,
        f"At most {MAX_WINDOW_VARIANTS} variants per call, got {len(items)}",
        ["input", "variants"],
    )
    for index, item in enumerate(items):
        variant = lookup(
            info,
            shop.variants,
            item["product_variant"],
            ["input", "variants", str(index), "productVariant"],
            kind="ProductVariant",
        )
        window.variants = [v for v in window.variants if v.product_variant is not variant]
        window.variants.append(DeliveryWindowVariant(variant, item["type"]))
    shop.emit("DeliveryWindow", "UPDATED", window)
    return window


@query.field("accounts")
def resolve_accounts(
    _: None, info: Info, limit: int | None = None, page: int | None = None
) -> list[Account]:
    return page_slice(list(shop_of(info).accounts.values()), limit, page)


@query.field("buyers")
def resolve_buyers(
    _: None, info: Info, limit: int | None = None, page: int | None = None
) -> list[Buyer]:
    return page_slice(list(shop_of(info).buyers.values()), limit, page)


@query.field("deliveryWindows")
def resolve_windows(
    _: None, info: Info, limit: int | None = None, page: int | None = None
) -> list[DeliveryWindow]:
    return page_slice(list(shop_of(info).delivery_windows.values()), limit, page)


# -- wholesale orders --------------------------------------------------------------------------


def add_wholesale_line(
    shop: Any,
    order: Order,
    display: Display,
    size: Any,
    quantity: int,
    price: Decimal,
    comment: str | None = None,
    window: DeliveryWindow | None = None,
) -> OrderLine:
    """Add ``quantity`` to the line that matches exactly (display, size, price, comment, window),
    or add a new line, as the guide describes for ``addLines``."""
    for line in order.lines:
        if (
            line.display,
            line.product_size,
            line.unit_price,
            line.comment,
            line.delivery_window,
        ) == (
            display,
            size,
            price,
            comment,
            window,
        ):
            line.quantity += quantity
            allocate(shop, line, quantity)
            return line
    line = OrderLine(
        shop.new_id("order_line"),
        size,
        order.currency,
        quantity,
        price,
        price,
        0.0,
        comment=comment,
        display=display,
        delivery_window=window,
    )
    order.lines.append(line)
    shop.order_lines[line.id] = line
    allocate(shop, line, quantity)
    return line


@mutation.field("updateWholesaleOrder")
@payload("order")
def resolve_update_wholesale(
    _: None, info: Info, order: dict[str, Any], input: dict[str, Any]
) -> Order:
    shop = shop_of(info)
    target = order_ref(info, order, ["order"])
    require(
        target.store.type == "WHOLESALE",
        f"Order {target.number} is not a wholesale order",
        ["order"],
    )
    additions = []
    for index, item in enumerate(input.get("add_lines") or []):
        where = ["input", "addLines", str(index)]
        display = lookup(info, shop.displays, item["display"], [*where, "display"], kind="Display")
        size = product_size_ref(shop, item["product_size"], [*where, "productSize"])
        require(item["quantity"] > 0, "quantity must be positive", [*where, "quantity"])
        currency = item["unit_price"]["currency_iso_code"]
        require(
            currency == target.currency.code,
            f"unitPrice must be in {target.currency.code}",
            [*where, "unitPrice"],
        )
        window = None
        if item.get("delivery_window"):
            window = lookup(
                info,
                shop.delivery_windows,
                item["delivery_window"],
                [*where, "deliveryWindow"],
                kind="DeliveryWindow",
            )
        price = Decimal(str(item["unit_price"]["value"])).quantize(Decimal("0.01"))
        additions.append((display, size, int(item["quantity"]), price, item.get("comment"), window))
    cancels = []
    for index, cancel in enumerate(input.get("cancel_lines") or []):
        line = lookup(
            info,
            shop.order_lines,
            cancel["line"],
            ["input", "cancelLines", str(index), "line"],
            kind="OrderLine",
        )
        cancels.append((line, int(cancel["quantity"]), cancel["stock_action"]))
    for display, size, quantity, price, comment, window in additions:
        add_wholesale_line(shop, target, display, size, quantity, price, comment, window)
    if cancels:
        ops.cancel_lines(shop, target, cancels)
    if input.get("is_on_hold") is not None:
        target.is_on_hold = input["is_on_hold"]
    shop.touch(target, "Order")
    return target


# -- bundles -----------------------------------------------------------------------------------


@mutation.field("createBundle")
@payload("bundle")
def resolve_create_bundle(_: None, info: Info, input: dict[str, Any]) -> Bundle:
    shop = shop_of(info)
    chart = lookup(
        info, shop.size_charts, input["size_chart"], ["input", "sizeChart"], kind="SizeChart"
    )
    sizes = [
        size_ref(info, chart, ref, ["input", "sizes", str(i)])
        for i, ref in enumerate(input.get("sizes") or [])
    ]
    sections = []
    for index, section in enumerate(input.get("add_bundle_sections") or []):
        variants = [
            lookup(
                info,
                shop.variants,
                ref,
                ["input", "addBundleSections", str(index), "productVariants", str(i)],
                kind="ProductVariant",
            )
            for i, ref in enumerate(section["product_variants"])
        ]
        sections.append((int(section["quantity"]), variants))
    data = input["product"]
    product = create_product(
        shop,
        data["name"],
        data.get("product_number") or "",
        **product_attributes(info, data, ["input", "product"]),
    )
    product.is_bundle = True
    # A bundle is a virtual product with exactly one variant.
    variant = create_variant(shop, product, data["name"], "", size_chart=chart)
    for size in sizes or chart.sizes:
        create_product_size(shop, variant, size)
    bundle = Bundle(shop.new_id("bundle"), input["type"], input["price_type"], product, chart)
    for quantity, variants in sections:
        bundle.sections.append(BundleSection(shop.new_id("bundle_section"), quantity, variants))
    shop.bundles[bundle.id] = bundle
    return bundle
