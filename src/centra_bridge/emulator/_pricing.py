"""Pricelists, prices and price alterations (wholesale).

Prices are set per product (all its variants) unless ``overrideIndividualVariantPrices`` with
``individualVariantPrices`` sets some variants apart. A price in another currency than the
pricelist's is skipped with a userWarning, as Centra's batch updates warn on skipped items.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ariadne import MutationType, ObjectType, QueryType

from centra_bridge.emulator._context import Info, shop_of
from centra_bridge.emulator._dates import parse_input
from centra_bridge.emulator._model import Money, PriceAlteration, PriceEntry, Pricelist, Product
from centra_bridge.emulator._mutations import UserInputError, payload, require, warn
from centra_bridge.emulator._paging import page_slice, sort_items
from centra_bridge.emulator._refs import changed_countries, country_ref, integration_of, lookup
from centra_bridge.emulator._shop import Shop

query = QueryType()
mutation = MutationType()
pricelist_type = ObjectType("Pricelist")
alteration_type = ObjectType("PriceAlteration")
bindables = [query, mutation, pricelist_type, alteration_type]


def _currency_money(shop: Shop, value: dict[str, Any], path: list[str]) -> Money:
    code = value["currency_iso_code"]
    currency = next((c for c in shop.currencies.values() if c.code == code), None)
    if currency is None:
        msg = f"Unknown currency {code}"
        raise UserInputError(msg, [*path, "currencyIsoCode"])
    return Money(Decimal(str(value["value"])), currency)


def _apply_prices(
    info: Info,
    pricelist: Pricelist,
    items: list[dict[str, Any]],
    path: list[str],
    target: dict[Any, PriceEntry],
    key_prefix: tuple[int, ...] = (),
) -> list[Product]:
    """Write ``productPrices`` into ``target``; returns the products touched."""
    shop = shop_of(info)
    touched: list[Product] = []
    for index, item in enumerate(items):
        where = [*path, "productPrices", str(index)]
        product = lookup(info, shop.products, item["product"], [*where, "product"], kind="Product")
        price = _currency_money(shop, item["price"], [*where, "price"])
        if price.currency is not pricelist.currency:
            warn(
                info,
                f"Skipped: price in {price.currency.code}, pricelist {pricelist.id} is in "
                f"{pricelist.currency.code}",
                where,
            )
            continue
        rrp = item.get("recommended_retail_price")
        retail = _currency_money(shop, rrp, [*where, "recommendedRetailPrice"]) if rrp else None
        target[(*key_prefix, product.id, None)] = PriceEntry(
            pricelist, product, None, price, retail, shop.new_id("price")
        )
        if item.get("override_individual_variant_prices"):
            for key in [k for k in target if k[:-1] == (*key_prefix, product.id) and k[-1]]:
                del target[key]
        for position, variant_price in enumerate(item.get("individual_variant_prices") or []):
            variant_path = [*where, "individualVariantPrices", str(position)]
            variant = lookup(
                info,
                shop.variants,
                variant_price["product_variant"],
                variant_path,
                kind="ProductVariant",
            )
            require(
                variant.product is product,
                f"Variant {variant.id} is not a variant of product {product.id}",
                variant_path,
            )
            amount = _currency_money(shop, variant_price["price"], [*variant_path, "price"])
            target[(*key_prefix, product.id, variant.id)] = PriceEntry(
                pricelist, product, variant, amount, id=shop.new_id("price")
            )
        shop.emit("Price", "UPDATED", product)
        touched.append(product)
    return touched


def set_prices(
    info: Info, data: dict[str, Any], path: list[str]
) -> tuple[Pricelist, list[Product]]:
    shop = shop_of(info)
    pricelist = lookup(
        info, shop.pricelists, data["pricelist"], [*path, "pricelist"], kind="Pricelist"
    )
    products = _apply_prices(
        info, pricelist, _as_list(data["product_prices"]), path, pricelist.entries
    )
    return pricelist, products


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


@mutation.field("createPricelist")
@payload("pricelist")
def resolve_create_pricelist(_: None, info: Info, input: dict[str, Any]) -> Pricelist:
    shop = shop_of(info)
    store = lookup(info, shop.stores, input["store"], ["input", "store"], kind="Store")
    currency = next(
        (c for c in shop.currencies.values() if c.code == input["currency_iso_code"]), None
    )
    require(
        currency, f"Unknown currency {input['currency_iso_code']}", ["input", "currencyIsoCode"]
    )
    assert currency is not None
    shipping = None
    if input.get("default_shipping_option"):
        shipping = lookup(
            info,
            shop.shipping_options,
            input["default_shipping_option"],
            ["input", "defaultShippingOption"],
            kind="ShippingOption",
        )
    countries = [
        country_ref(shop, ref, ["input", "addCountries", str(i)])
        for i, ref in enumerate(input.get("add_countries") or [])
    ]
    require(
        not countries or store.type == "DIRECT_TO_CONSUMER",
        "Countries can only be added to pricelists of DTC stores",
        ["input", "addCountries"],
    )
    pricelist = Pricelist(
        shop.new_id("pricelist"),
        input["name"],
        input["status"],
        store,
        currency,
        countries,
        shipping,
    )
    shop.pricelists[pricelist.id] = pricelist
    shop.emit("Pricelist", "CREATED", pricelist)
    if input.get("external_id"):
        shop.id_conversions.put(
            integration_of(info), "Pricelist", input["external_id"], pricelist.id
        )
    return pricelist


@mutation.field("setPrices")
@payload(None)
def resolve_set_prices(_: None, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    pricelist, products = set_prices(info, input, ["input"])
    return {"pricelist": pricelist, "products": products}


@mutation.field("setPricesBatch")
@payload(None)
def resolve_set_prices_batch(_: None, info: Info, input: list[dict[str, Any]]) -> dict[str, Any]:
    pricelists: list[Pricelist] = []
    products: list[Product] = []
    for index, item in enumerate(input):
        pricelist, touched = set_prices(info, item, ["input", str(index)])
        pricelists.append(pricelist)
        products += [p for p in touched if p not in products]
    return {"pricelists": pricelists, "products": products}


@mutation.field("createPriceAlteration")
@payload("price_alteration")
def resolve_create_alteration(_: None, info: Info, input: dict[str, Any]) -> PriceAlteration:
    shop = shop_of(info)
    store = lookup(info, shop.stores, input["store"], ["input", "store"], kind="Store")
    require(
        store.type == "WHOLESALE", "Price alterations are for wholesale stores", ["input", "store"]
    )
    start = parse_input(input["start_date"], shop.timezone).date().isoformat()
    active = [
        a for a in shop.price_alterations.values() if a.store is store and a.status == "ACTIVE"
    ]
    require(
        input["status"] != "ACTIVE" or not active,
        f"Store {store.id} has an active price alteration already (one per wholesale store)",
        ["input", "status"],
    )
    alteration = PriceAlteration(
        shop.new_id("price_alteration"), input["name"], input["status"], start, store
    )
    shop.price_alterations[alteration.id] = alteration
    shop.emit("PriceAlteration", "CREATED", alteration)
    return alteration


def _set_altered(
    info: Info, data: dict[str, Any], path: list[str]
) -> tuple[PriceAlteration, Pricelist, list[Product]]:
    shop = shop_of(info)
    alteration = lookup(
        info,
        shop.price_alterations,
        data["price_alteration"],
        [*path, "priceAlteration"],
        kind="PriceAlteration",
    )
    pricelist = lookup(
        info, shop.pricelists, data["pricelist"], [*path, "pricelist"], kind="Pricelist"
    )
    products = _apply_prices(
        info, pricelist, _as_list(data["product_prices"]), path, alteration.entries, (pricelist.id,)
    )
    return alteration, pricelist, products


@mutation.field("setAlteredPrices")
@payload(None)
def resolve_set_altered(_: None, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    alteration, pricelist, products = _set_altered(info, input, ["input"])
    return {"price_alteration": alteration, "pricelist": pricelist, "products": products}


@mutation.field("setAlteredPricesBatch")
@payload(None)
def resolve_set_altered_batch(_: None, info: Info, input: list[dict[str, Any]]) -> dict[str, Any]:
    alterations: list[PriceAlteration] = []
    pricelists: list[Pricelist] = []
    products: list[Product] = []
    for index, item in enumerate(input):
        alteration, pricelist, touched = _set_altered(info, item, ["input", str(index)])
        alterations += [alteration] if alteration not in alterations else []
        pricelists += [pricelist] if pricelist not in pricelists else []
        products += [p for p in touched if p not in products]
    return {"price_alterations": alterations, "pricelists": pricelists, "products": products}


def _filtered(
    entries: list[PriceEntry], where: dict[str, Any] | None, limit: int | None, page: int | None
) -> list[PriceEntry]:
    where = where or {}
    if where.get("pricelist_id") is not None:
        entries = [e for e in entries if e.pricelist.id in set(where["pricelist_id"])]
    if where.get("product_id") is not None:
        entries = [e for e in entries if e.product.id in set(where["product_id"])]
    return page_slice(entries, limit, page)


@pricelist_type.field("prices")
def resolve_pricelist_prices(
    pricelist: Pricelist,
    _: Info,
    where: dict[str, Any] | None = None,
    limit: int | None = None,
    page: int | None = None,
) -> list[PriceEntry]:
    return _filtered(list(pricelist.entries.values()), where, limit, page)


@alteration_type.field("prices")
def resolve_alteration_prices(
    alteration: PriceAlteration,
    _: Info,
    where: dict[str, Any] | None = None,
    limit: int | None = None,
    page: int | None = None,
) -> list[PriceEntry]:
    return _filtered(list(alteration.entries.values()), where, limit, page)


@query.field("pricelists")
def resolve_pricelists(
    _: None,
    info: Info,
    where: dict[str, Any] | None = None,
    sort: list[str] | None = None,
    limit: int | None = None,
    page: int | None = None,
) -> list[Pricelist]:
    pricelists = list(shop_of(info).pricelists.values())
    where = where or {}
    if where.get("id") is not None:
        pricelists = [p for p in pricelists if p.id in set(where["id"])]
    if where.get("store_id") is not None:
        pricelists = [p for p in pricelists if p.store.id in set(where["store_id"])]
    match = where.get("name") or {}
    if match.get("equals") is not None:
        pricelists = [p for p in pricelists if p.name == match["equals"]]
    if match.get("contains") is not None:
        wanted = match["contains"].lower()
        pricelists = [p for p in pricelists if wanted in p.name.lower()]
    ordered, _fields = sort_items(pricelists, sort, {"id": "id", "name": "name"}, "id")
    return page_slice(ordered, limit, page)


@query.field("priceAlteration")
def resolve_price_alteration(_: None, info: Info, id: int) -> PriceAlteration | None:
    return shop_of(info).price_alterations.get(id)


@mutation.field("updatePricelist")
@payload("pricelist")
def resolve_update_pricelist(_: None, info: Info, id: int, input: dict[str, Any]) -> Pricelist:
    shop = shop_of(info)
    pricelist = lookup(info, shop.pricelists, {"id": id}, [], kind="Pricelist")
    if input.get("default_shipping_option") is not None:
        pricelist.default_shipping_option = lookup(
            info,
            shop.shipping_options,
            input["default_shipping_option"],
            ["input", "defaultShippingOption"],
            kind="ShippingOption",
        )
    pricelist.assigned_to_countries = changed_countries(
        shop,
        pricelist.assigned_to_countries,
        input,
        dtc=pricelist.store.type == "DIRECT_TO_CONSUMER",
        what="pricelists",
    )
    for key in ("name", "status"):
        if input.get(key) is not None:
            setattr(pricelist, key, input[key])
    shop.emit("Pricelist", "UPDATED", pricelist)
    return pricelist


@mutation.field("deletePricelist")
@payload(None)
def resolve_delete_pricelist(_: None, info: Info, id: int) -> dict[str, Any]:
    """Refused while an account or an order uses the pricelist (its prices go with it)."""
    shop = shop_of(info)
    pricelist = lookup(info, shop.pricelists, {"id": id}, [], kind="Pricelist")
    accounts = [a.id for a in shop.accounts.values() if a.pricelist is pricelist]
    require(not accounts, f"Pricelist {id} is used by accounts {accounts}", ["id"])
    orders = [o.number for o in shop.orders.values() if o.pricelist is pricelist]
    require(not orders, f"Pricelist {id} is used by orders {orders[:10]}", ["id"])
    del shop.pricelists[pricelist.id]
    for alteration in shop.price_alterations.values():
        for key in [k for k in alteration.entries if k[0] == pricelist.id]:
            del alteration.entries[key]
    shop.emit("Pricelist", "DELETED", pricelist)
    return {}


@mutation.field("updatePriceAlteration")
@payload("price_alteration")
def resolve_update_alteration(
    _: None, info: Info, id: int, input: dict[str, Any]
) -> PriceAlteration:
    shop = shop_of(info)
    alteration = lookup(info, shop.price_alterations, {"id": id}, [], kind="PriceAlteration")
    if input.get("status") == "ACTIVE":
        others = [
            a.id
            for a in shop.price_alterations.values()
            if a.store is alteration.store and a.status == "ACTIVE" and a is not alteration
        ]
        require(
            not others,
            f"Store {alteration.store.id} has an active price alteration already "
            "(one per wholesale store)",
            ["input", "status"],
        )
    if input.get("start_date") is not None:
        start = parse_input(input["start_date"], shop.timezone)
        alteration.start_date = start.date().isoformat()
    for key in ("name", "status"):
        if input.get(key) is not None:
            setattr(alteration, key, input[key])
    shop.emit("PriceAlteration", "UPDATED", alteration)
    return alteration
