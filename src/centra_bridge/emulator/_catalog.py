"""Catalog: size charts, products, variants and product sizes (queries and mutations)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ariadne import MutationType, ObjectType, QueryType

from centra_bridge.emulator._context import Info, shop_of
from centra_bridge.emulator._dates import DEFAULT_FORMAT, format_php, in_range
from centra_bridge.emulator._model import (
    Money,
    Product,
    ProductSize,
    ProductVariant,
    Size,
    SizeChart,
)
from centra_bridge.emulator._mutations import payload, require
from centra_bridge.emulator._paging import page_slice, sort_items
from centra_bridge.emulator._refs import country_ref, integration_of, lookup, size_ref
from centra_bridge.emulator._shop import Shop
from centra_bridge.emulator._stock import stock_rows, totals

query = QueryType()
mutation = MutationType()
product_type = ObjectType("Product")
variant_type = ObjectType("ProductVariant")
product_size_type = ObjectType("ProductSize")
bindables = [query, mutation, product_type, variant_type, product_size_type]


# -- operations (also used by the seed) ----------------------------------------------------------


def create_size_chart(
    shop: Shop,
    name: str,
    horizontal: list[str],
    vertical: list[str] | None = None,
    *,
    divider: str = "x",
    chart_id: int | None = None,
) -> SizeChart:
    """A chart; two dimensions give sizes named ``<h><divider><v>`` (``24x26``)."""
    chart = SizeChart(
        shop.new_id("size_chart", chart_id), name, horizontal, vertical or None, divider
    )
    names = [f"{h}{divider}{v}" for h in horizontal for v in vertical] if vertical else horizontal
    for size_name in names:
        size = Size(shop.new_id("size"), size_name, chart)
        chart.sizes.append(size)
        shop.sizes[size.id] = size
        # Centra keeps "<chart>|<size>" conversions for every integration automatically.
        shop.id_conversions.set_everywhere(
            shop.integrations, "Size", f"{name}|{size_name}", size.id
        )
    shop.size_charts[chart.id] = chart
    return chart


def create_product(
    shop: Shop, name: str, product_number: str, *, product_id: int | None = None, **attrs: Any
) -> Product:
    now = shop.clock.now()
    product = Product(
        shop.new_id("product", product_id),
        name,
        product_number,
        created_at=now,
        updated_at=now,
        **attrs,
    )
    shop.products[product.id] = product
    shop.emit("Product", "CREATED", product)
    return product


def create_variant(
    shop: Shop,
    product: Product,
    name: str,
    variant_number: str,
    *,
    variant_id: int | None = None,
    **attrs: Any,
) -> ProductVariant:
    variant = ProductVariant(
        shop.new_id("variant", variant_id),
        name,
        variant_number,
        product,
        updated_at=shop.clock.now(),
        **attrs,
    )
    product.variants.append(variant)
    shop.variants[variant.id] = variant
    shop.emit("ProductVariant", "CREATED", variant)
    shop.touch(product, "Product", "DEPENDENT_DATA_CHANGED")
    return variant


def create_product_size(
    shop: Shop, variant: ProductVariant, size: Size, *, size_id: int | None = None, **attrs: Any
) -> ProductSize:
    attrs.setdefault("size_number", "")
    attrs.setdefault("ean", None)
    product_size = ProductSize(shop.new_id("product_size", size_id), size, variant=variant, **attrs)
    variant.product_sizes.append(product_size)
    shop.product_sizes[product_size.id] = product_size
    shop.emit("ProductSize", "CREATED", product_size)
    shop.touch(variant, "ProductVariant", "DEPENDENT_DATA_CHANGED")
    return product_size


# -- input handling --------------------------------------------------------------------------------


def _money(value: dict[str, Any] | None, shop: Shop, path: list[str]) -> Money | None:
    if value is None:
        return None
    code = value["currency_iso_code"]
    currency = next((c for c in shop.currencies.values() if c.code == code), None)
    require(currency, f"Unknown currency {code}", [*path, "currencyIsoCode"])
    assert currency is not None
    return Money(Decimal(str(value["value"])), currency)


def product_attributes(info: Info, data: dict[str, Any], path: list[str]) -> dict[str, Any]:
    shop = shop_of(info)
    attrs: dict[str, Any] = {}
    registries: tuple[tuple[str, dict[int, Any], str], ...] = (
        ("brand", shop.brands, "Brand"),
        ("collection", shop.collections, "Collection"),
        ("folder", shop.folders, "Folder"),
    )
    for key, registry, kind in registries:
        if data.get(key) is not None:
            attrs[key] = lookup(info, registry, data[key], [*path, key], kind=kind)
    if data.get("country_of_origin") is not None:
        attrs["country_of_origin"] = country_ref(
            shop, data["country_of_origin"], [*path, "countryOfOrigin"]
        )
    for key in (
        "status",
        "harmonized_commodity_code",
        "harmonized_commodity_code_description",
        "internal_comment",
    ):
        if data.get(key) is not None:
            attrs[key] = data[key]
    return attrs


def _sizes_input(
    info: Info, chart: SizeChart | None, sizes: list[dict[str, Any]], path: list[str]
) -> list[tuple[Size, dict[str, Any]]]:
    require(
        chart is not None, "Select a sizeChart before activating sizes", [*path[:-1], "sizeChart"]
    )
    prepared = []
    for index, item in enumerate(sizes):
        size = size_ref(info, chart, item["size"], [*path, str(index), "size"])
        extra = {
            k: item[k]
            for k in ("ean", "upc", "size_number", "comment", "preorder", "is_active")
            if item.get(k) is not None
        }
        prepared.append((size, extra))
    return prepared


def _variant_from_input(
    info: Info, product: Product, data: dict[str, Any], path: list[str]
) -> ProductVariant:
    shop = shop_of(info)
    chart = None
    if data.get("size_chart") is not None:
        chart = lookup(
            info, shop.size_charts, data["size_chart"], [*path, "sizeChart"], kind="SizeChart"
        )
    sizes = (
        _sizes_input(info, chart, data["product_sizes"], [*path, "productSizes"])
        if data.get("product_sizes")
        else []
    )
    variant = create_variant(
        shop,
        product,
        data["name"],
        data.get("variant_number") or "",
        size_chart=chart,
        status=data["status"],
        internal_name=data.get("internal_name"),
        unit_cost=_money(data.get("unit_cost"), shop, [*path, "unitCost"]),
    )
    for size, extra in sizes:
        create_product_size(shop, variant, size, **extra)
    _assign_external_id(info, "ProductVariant", data, variant.id)
    return variant


def _assign_external_id(
    info: Info, object_type: str, data: dict[str, Any], internal_id: int
) -> None:
    if data.get("external_id"):
        shop_of(info).id_conversions.put(
            integration_of(info), object_type, data["external_id"], internal_id
        )


# -- mutations ---------------------------------------------------------------------------------


@mutation.field("createSizeChart")
@payload("size_chart")
def resolve_create_size_chart(_: None, info: Info, input: dict[str, Any]) -> SizeChart:
    shop = shop_of(info)
    require(
        input["horizontal_labels"],
        "At least one horizontal label is needed",
        ["input", "horizontalLabels"],
    )
    chart = create_size_chart(
        shop,
        input["name"],
        input["horizontal_labels"],
        input.get("vertical_labels"),
        divider=input.get("divider_symbol") or "x",
    )
    chart.display_unit = input.get("display_unit")
    chart.display_divided_by = input.get("display_divided_by")
    _assign_external_id(info, "SizeChart", input, chart.id)
    return chart


@mutation.field("createProduct")
@payload("product")
def resolve_create_product(_: None, info: Info, input: dict[str, Any]) -> Product:
    shop = shop_of(info)
    attrs = product_attributes(info, input, ["input"])
    product = create_product(shop, input["name"], input.get("product_number") or "", **attrs)
    for index, variant in enumerate(input.get("add_product_variants") or []):
        _variant_from_input(info, product, variant, ["input", "addProductVariants", str(index)])
    _assign_external_id(info, "Product", input, product.id)
    return product


@mutation.field("updateProduct")
@payload("product")
def resolve_update_product(
    _: None, info: Info, product: dict[str, Any], input: dict[str, Any]
) -> Product:
    shop = shop_of(info)
    target = lookup(info, shop.products, product, ["product"], kind="Product")
    attrs = product_attributes(info, input, ["input"])
    for key in ("name", "product_number"):
        if input.get(key) is not None:
            attrs[key] = input[key]
    for key, value in attrs.items():
        setattr(target, key, value)
    shop.touch(target, "Product")
    return target


@mutation.field("createProductVariant")
@payload("product_variant")
def resolve_create_variant(_: None, info: Info, input: dict[str, Any]) -> ProductVariant:
    shop = shop_of(info)
    product = lookup(info, shop.products, input["product"], ["input", "product"], kind="Product")
    return _variant_from_input(info, product, input, ["input"])


@mutation.field("createProductSize")
@payload("product_size")
def resolve_create_product_size(_: None, info: Info, input: dict[str, Any]) -> ProductSize:
    shop = shop_of(info)
    variant = lookup(
        info,
        shop.variants,
        input["product_variant"],
        ["input", "productVariant"],
        kind="ProductVariant",
    )
    [(size, extra)] = _sizes_input(info, variant.size_chart, [input], ["input"])
    active = any(ps.size is size for ps in variant.product_sizes)
    require(not active, f"Size {size.name} is already active on this variant", ["input", "size"])
    return create_product_size(shop, variant, size, **extra)


# -- queries and computed fields ------------------------------------------------------------------


def _by_name(items: list[Any], where: dict[str, Any] | None) -> list[Any]:
    where = where or {}
    if where.get("id") is not None:
        items = [i for i in items if i.id in set(where["id"])]
    match = where.get("name") or {}
    if match.get("equals") is not None:
        items = [i for i in items if i.name == match["equals"]]
    if match.get("contains") is not None:
        items = [i for i in items if match["contains"].lower() in i.name.lower()]
    return items


def _name_query(registry_name: str) -> Any:
    def resolve(
        _: None,
        info: Info,
        where: dict[str, Any] | None = None,
        limit: int | None = None,
        page: int | None = None,
    ) -> list[Any]:
        items = list(getattr(shop_of(info), registry_name).values())
        return page_slice(_by_name(items, where), limit, page)

    return resolve


for _field, _registry in (
    ("sizeCharts", "size_charts"),
    ("brands", "brands"),
    ("collections", "collections"),
    ("folders", "folders"),
):
    query.set_field(_field, _name_query(_registry))


@query.field("products")
def resolve_products(
    _: None,
    info: Info,
    where: dict[str, Any] | None = None,
    sort: list[str] | None = None,
    limit: int | None = None,
    page: int | None = None,
) -> list[Product]:
    shop = shop_of(info)
    products = list(shop.products.values())
    where = where or {}
    if where.get("id") is not None:
        products = [p for p in products if p.id in set(where["id"])]
    if where.get("status") is not None:
        products = [p for p in products if p.status in set(where["status"])]
    if where.get("product_number") is not None:
        products = [p for p in products if p.product_number in set(where["product_number"])]
    if where.get("updated_at"):
        products = [
            p for p in products if in_range(p.updated_at, where["updated_at"], shop.timezone)
        ]
    ordered, _fields = sort_items(products, sort, {"id": "id", "updatedAt": "updated_at"}, "id")
    return page_slice(ordered, limit, page)


def _date(attr: str) -> Any:
    def resolve(obj: Any, info: Info, format: str = DEFAULT_FORMAT) -> str:
        return format_php(getattr(obj, attr), format, shop_of(info).timezone)

    return resolve


product_type.set_field("createdAt", _date("created_at"))
product_type.set_field("updatedAt", _date("updated_at"))
variant_type.set_field("updatedAt", _date("updated_at"))


@product_size_type.field("stock")
def resolve_size_stock(
    size: ProductSize,
    info: Info,
    where: dict[str, Any] | None = None,
    limit: int | None = None,
    page: int | None = None,
) -> list[Any]:
    return page_slice(stock_rows(shop_of(info), where, size=size), limit, page)


@product_size_type.field("stockTotals")
def resolve_size_totals(size: ProductSize, info: Info) -> dict[str, int]:
    return totals(stock_rows(shop_of(info), None, size=size))
