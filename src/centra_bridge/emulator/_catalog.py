"""Catalog: size charts, products, variants and product sizes (queries and mutations)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ariadne import MutationType, ObjectType, QueryType

from centra_bridge.emulator._context import Info, shop_of
from centra_bridge.emulator._dates import DEFAULT_FORMAT, format_php, in_range
from centra_bridge.emulator._model import (
    Brand,
    Collection,
    Folder,
    MeasurementChart,
    MeasurementTable,
    Money,
    Product,
    ProductSize,
    ProductVariant,
    Size,
    SizeChart,
    Weight,
)
from centra_bridge.emulator._mutations import UserInputError, payload, require
from centra_bridge.emulator._paging import page_slice, sort_items
from centra_bridge.emulator._refs import country_ref, integration_of, lookup, size_ref
from centra_bridge.emulator._shop import Shop
from centra_bridge.emulator._stock import stock_rows, totals

query = QueryType()
mutation = MutationType()
product_type = ObjectType("Product")
variant_type = ObjectType("ProductVariant")
product_size_type = ObjectType("ProductSize")
folder_type = ObjectType("Folder")
counters_type = ObjectType("Counters")
bindables = [
    query,
    mutation,
    product_type,
    variant_type,
    product_size_type,
    folder_type,
    counters_type,
]


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
        "is_serializable_product",
    ):
        if data.get(key) is not None:
            attrs[key] = data[key]
    if data.get("weight") is not None:
        value = Decimal(str(data["weight"]["value"]))
        require(value >= 0, "Weight cannot be negative", [*path, "weight", "value"])
        attrs["weight"] = Weight(value, data["weight"]["unit"])
    if "measurement_table" in data:
        attrs["measurement_table"] = _measurement_table(
            info, data["measurement_table"], [*path, "measurementTable"]
        )
    return attrs


def _measurement_table(
    info: Info, data: dict[str, Any] | None, path: list[str]
) -> MeasurementTable | None:
    """``measurementChart: {id: null}`` (or no chart) unassigns the table."""
    ref = (data or {}).get("measurement_chart") or {}
    if all(value is None for value in ref.values()):
        return None
    chart = lookup(
        info,
        shop_of(info).measurement_charts,
        ref,
        [*path, "measurementChart"],
        kind="MeasurementChart",
    )
    return MeasurementTable(chart, bool((data or {}).get("inherited")))


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
        if item.get("gtin") is not None:
            require(
                item.get("ean") is None,
                "Give the EAN once: EAN or gtin",
                [*path, str(index), "gtin"],
            )
            extra["ean"] = item["gtin"]
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
    _: None,
    info: Info,
    input: dict[str, Any],
    id: int | None = None,
    product: dict[str, Any] | None = None,
) -> Product:
    shop = shop_of(info)
    if (id is None) == (product is None):
        msg = "Give the product either as id or as product"
        raise UserInputError(msg, ["id"])
    ref, path = ({"id": id}, []) if product is None else (product, ["product"])
    target = lookup(info, shop.products, ref, path, kind="Product")
    attrs = product_attributes(info, input, ["input"])
    # Imported here: the attributes module imports this one.
    from centra_bridge.emulator._customers import change_mapped

    for key, select in (("assign_mapped_attributes", True), ("unassign_mapped_attributes", False)):
        if input.get(key):
            change_mapped(info, "Product", target.id, input[key], ["input", key], select=select)
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


@mutation.field("updateProductVariant")
@payload("product_variant")
def resolve_update_variant(_: None, info: Info, id: int, input: dict[str, Any]) -> ProductVariant:
    shop = shop_of(info)
    variant = lookup(info, shop.variants, {"id": id}, ["id"], kind="ProductVariant")
    changes: dict[str, Any] = {
        key: input[key]
        for key in ("name", "status", "variant_number", "internal_name")
        if input.get(key) is not None
    }
    if input.get("unit_cost") is not None:
        changes["unit_cost"] = _money(input["unit_cost"], shop, ["input", "unitCost"])
    for key, value in changes.items():
        setattr(variant, key, value)
    shop.touch(variant, "ProductVariant")
    return variant


@mutation.field("updateProductSize")
@payload("product_size")
def resolve_update_product_size(_: None, info: Info, id: int, input: dict[str, Any]) -> ProductSize:
    shop = shop_of(info)
    size = lookup(info, shop.product_sizes, {"id": id}, ["id"], kind="ProductSize")
    for key in ("ean", "upc", "size_number", "comment", "preorder", "is_active"):
        if input.get(key) is not None:
            setattr(size, key, input[key])
    shop.emit("ProductSize", "UPDATED", size)
    shop.touch(size.variant, "ProductVariant", "DEPENDENT_DATA_CHANGED")
    return size


@mutation.field("removeSizeChart")
@payload(None)
def resolve_remove_size_chart(_: None, info: Info, id: int) -> dict[str, Any]:
    shop = shop_of(info)
    chart = lookup(info, shop.size_charts, {"id": id}, [], kind="SizeChart")
    users = [v.id for v in shop.variants.values() if v.size_chart is chart]
    require(not users, f"Size chart {id} is used by variants {users}", ["id"])
    for size in chart.sizes:
        del shop.sizes[size.id]
    del shop.size_charts[chart.id]
    shop.emit("SizeChart", "DELETED", chart)
    return {}


@mutation.field("createMeasurementChart")
@payload("measurement_chart")
def resolve_create_measurement_chart(
    _: None, info: Info, input: dict[str, Any]
) -> MeasurementChart:
    shop = shop_of(info)
    horizontal, vertical = input["horizontal_labels"], input["vertical_labels"]
    for key, labels in (("horizontalLabels", horizontal), ("verticalLabels", vertical)):
        require(labels, "At least one label is needed", ["input", key])
        require(len(set(labels)) == len(labels), "Labels must be unique", ["input", key])
    values: dict[tuple[str, str], str] = {}
    for index, item in enumerate(input.get("values") or []):
        where = ["input", "values", str(index)]
        for key, attr, labels in (
            ("horizontalLabel", "horizontal_label", horizontal),
            ("verticalLabel", "vertical_label", vertical),
        ):
            require(item[attr] in labels, f"Unknown {key} {item[attr]!r}", [*where, key])
        values[(item["vertical_label"], item["horizontal_label"])] = item["value"]
    chart = MeasurementChart(
        next_id(shop, "measurement_chart", shop.measurement_charts),
        input["name"],
        horizontal,
        vertical,
        input.get("display_unit"),
        values,
    )
    shop.measurement_charts[chart.id] = chart
    shop.emit("MeasurementChart", "CREATED", chart)
    return chart


@mutation.field("removeMeasurementChart")
@payload(None)
def resolve_remove_measurement_chart(_: None, info: Info, id: int) -> dict[str, Any]:
    shop = shop_of(info)
    chart = lookup(info, shop.measurement_charts, {"id": id}, [], kind="MeasurementChart")
    users = [
        p.id
        for p in shop.products.values()
        if p.measurement_table is not None and p.measurement_table.chart is chart
    ]
    require(not users, f"Measurement chart {id} is used by products {users}", ["id"])
    del shop.measurement_charts[chart.id]
    shop.emit("MeasurementChart", "DELETED", chart)
    return {}


def next_id(shop: Shop, kind: str, registry: dict[int, Any]) -> int:
    """A new id past every id in ``registry`` (seeded objects may not have used the counter)."""
    if registry:
        shop.new_id(kind, max(registry))
    return shop.new_id(kind)


def _unique_name(items: Any, name: str, kind: str) -> None:
    require(
        all(item.name != name for item in items),
        f"A {kind} named {name!r} exists already",
        ["input", "name"],
    )


@mutation.field("createFolder")
@payload("folder")
def resolve_create_folder(_: None, info: Info, input: dict[str, Any]) -> Folder:
    shop = shop_of(info)
    parent = None
    if input.get("parent") is not None:
        parent = lookup(info, shop.folders, input["parent"], ["input", "parent"], kind="Folder")
    siblings = [f for f in shop.folders.values() if f.parent is parent]
    _unique_name(siblings, input["name"], "folder in this parent")
    folder = Folder(next_id(shop, "folder", shop.folders), input["name"])
    folder.parent = parent
    shop.folders[folder.id] = folder
    _assign_external_id(info, "Folder", input, folder.id)
    shop.emit("Folder", "CREATED", folder)
    return folder


@mutation.field("createBrand")
@payload("brand")
def resolve_create_brand(_: None, info: Info, input: dict[str, Any]) -> Brand:
    shop = shop_of(info)
    _unique_name(shop.brands.values(), input["name"], "brand")
    uri = input.get("uri") or slug(input["name"])
    require(
        all(b.uri != uri for b in shop.brands.values()),
        f"A brand with uri {uri!r} exists already",
        ["input", "uri"],
    )
    stores = [
        lookup(info, shop.stores, ref, ["input", "addToStores", str(i)], kind="Store")
        for i, ref in enumerate(input.get("add_to_stores") or [])
    ]
    brand = Brand(next_id(shop, "brand", shop.brands), input["name"], uri)
    brand.stores = [s for i, s in enumerate(stores) if all(s is not t for t in stores[:i])]
    shop.brands[brand.id] = brand
    _assign_external_id(info, "Brand", input, brand.id)
    shop.emit("Brand", "CREATED", brand)
    return brand


@mutation.field("createCollection")
@payload("collection")
def resolve_create_collection(_: None, info: Info, input: dict[str, Any]) -> Collection:
    shop = shop_of(info)
    _unique_name(shop.collections.values(), input["name"], "collection")
    collection = Collection(
        next_id(shop, "collection", shop.collections),
        input["name"],
        input.get("status") or "ACTIVE",
    )
    shop.collections[collection.id] = collection
    _assign_external_id(info, "Collection", input, collection.id)
    shop.emit("Collection", "CREATED", collection)
    return collection


def slug(name: str) -> str:
    """A URI part made from a name: lower case, words of letters and digits joined by ``-``."""
    return "-".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


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
    ("measurementCharts", "measurement_charts"),
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
    *,
    everything: bool = False,
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
    if where.get("name"):
        products = _by_name(products, {"name": where["name"]})
    if where.get("updated_at"):
        products = [
            p for p in products if in_range(p.updated_at, where["updated_at"], shop.timezone)
        ]
    if everything:
        return products
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


@query.field("product")
def resolve_product(_: None, info: Info, id: int) -> Product | None:
    return shop_of(info).products.get(id)


@query.field("productVariant")
def resolve_product_variant(_: None, info: Info, id: int) -> ProductVariant | None:
    return shop_of(info).variants.get(id)


@query.field("counters")
def resolve_counters(_: None, _info: Info) -> dict[str, Any]:
    return {}


@counters_type.field("products")
def resolve_count_products(_: Any, info: Info, where: dict[str, Any] | None = None) -> int:
    return len(resolve_products(None, info, where, limit=None, page=None, everything=True))


@folder_type.field("products")
def resolve_folder_products(folder: Folder, info: Info) -> list[Product]:
    return [p for p in shop_of(info).products.values() if p.folder is folder]


@product_type.field("displays")
def resolve_product_displays(product: Product, info: Info) -> list[Any]:
    return [d for d in shop_of(info).displays.values() if d.product is product]
