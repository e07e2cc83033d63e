"""Warehouses and stock: allocation, changes, absolute levels, and the stock queries.

Per product size and warehouse, Centra keeps physical and allocated quantities; free to
allocate is their difference. Orders allocate from warehouses in priority order (the order
warehouses were created, ``ALLOCATE`` and ``CHECK_FIRST`` policies); what cannot be allocated is
demand, kept on the first warehouse and allocated as soon as stock arrives.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ariadne import MutationType, ObjectType, QueryType

from centra_bridge.emulator._context import Info, shop_of
from centra_bridge.emulator._dates import DEFAULT_FORMAT, format_php, in_range
from centra_bridge.emulator._model import (
    Allocation,
    CountryState,
    Money,
    OrderLine,
    ProductSize,
    StockChange,
    StockChangeLine,
    StockLevel,
    Warehouse,
)
from centra_bridge.emulator._mutations import payload, require
from centra_bridge.emulator._paging import connection, page_slice, sort_items
from centra_bridge.emulator._refs import (
    country_ref,
    integration_of,
    lookup,
    product_size_ref,
    size_ref,
)
from centra_bridge.emulator._shop import Shop

query = QueryType()
mutation = MutationType()
warehouse_type = ObjectType("Warehouse")
stock_change_type = ObjectType("StockChange")
bindables = [query, mutation, warehouse_type, stock_change_type]

_ALLOCATING = ("ALLOCATE", "CHECK_FIRST")


# -- allocation ----------------------------------------------------------------------------------


def _allocating(shop: Shop) -> list[Warehouse]:
    return [w for w in shop.warehouses.values() if w.allocation_policy in _ALLOCATING]


def refresh_demand(shop: Shop, line: OrderLine) -> None:
    """Recompute the line's unallocated quantity and move it on the first warehouse's level."""
    demand = max(0, line.active_quantity - line.allocated_quantity - line.fulfilled_quantity)
    delta, line.demand = demand - line.demand, demand
    warehouses = _allocating(shop)
    if delta and warehouses:
        shop.level(warehouses[0], line.product_size).demand_quantity += delta
    waiting = shop.waiting[line.product_size.id]
    if demand:
        waiting[line.id] = line
    else:
        waiting.pop(line.id, None)


def allocate(shop: Shop, line: OrderLine, quantity: int) -> int:
    """Allocate up to ``quantity`` of ``line`` from free stock; returns how many were."""
    allocated = 0
    for warehouse in _allocating(shop):
        if allocated == quantity:
            break
        level = shop.level(warehouse, line.product_size)
        take = min(quantity - allocated, level.free_to_allocate_quantity)
        if take <= 0:
            continue
        level.allocated_quantity += take
        existing = next((a for a in line.allocations if a.warehouse is warehouse), None)
        if existing:
            existing.quantity += take
        else:
            line.allocations.append(Allocation(warehouse, take))
        allocated += take
    refresh_demand(shop, line)
    return allocated


def release(shop: Shop, line: OrderLine, quantity: int, *, remove_from_stock: bool) -> None:
    """Undo ``quantity`` of the line: demand first, then allocations, newest warehouse first."""
    left = quantity - min(quantity, line.demand)
    for allocation in reversed(line.allocations):
        take = min(left, allocation.quantity)
        if take <= 0:
            continue
        level = shop.level(allocation.warehouse, line.product_size)
        level.allocated_quantity -= take
        if remove_from_stock:
            level.physical_quantity -= take
        allocation.quantity -= take
        left -= take
    line.allocations = [a for a in line.allocations if a.quantity]


def consume(shop: Shop, line: OrderLine, quantity: int) -> list[Allocation]:
    """Take shipped items off the shelf; returns where they came from."""
    taken: list[Allocation] = []
    left = quantity
    for allocation in line.allocations:
        take = min(left, allocation.quantity)
        if take <= 0:
            continue
        level = shop.level(allocation.warehouse, line.product_size)
        level.allocated_quantity -= take
        level.physical_quantity -= take
        allocation.quantity -= take
        taken.append(Allocation(allocation.warehouse, take))
        left -= take
    line.allocations = [a for a in line.allocations if a.quantity]
    line.fulfilled_quantity += quantity
    refresh_demand(shop, line)
    return taken


def _feed_waiting(shop: Shop, size: ProductSize) -> None:
    """New free stock goes to lines waiting for it, oldest first."""
    for line in list(shop.waiting[size.id].values()):
        if allocate(shop, line, line.demand) == 0:
            break


def put_stock(shop: Shop, warehouse: Warehouse, size: ProductSize, delta: int) -> StockLevel:
    level = shop.level(warehouse, size)
    level.physical_quantity += delta
    if delta > 0 and warehouse.allocation_policy in _ALLOCATING:
        _feed_waiting(shop, size)
    return level


# -- stock changes -------------------------------------------------------------------------------


def record_change(
    shop: Shop,
    kind: str,
    comment: str | None,
    warehouse: Warehouse | None,
    lines: list[tuple[ProductSize, Warehouse, int, Money | None]],
) -> StockChange:
    change = StockChange(shop.new_id("stock_change"), shop.clock.now(), kind, comment, warehouse)
    for size, where, quantity, cost in lines:
        change.lines.append(
            StockChangeLine(
                shop.new_id("stock_change_line"),
                size,
                where,
                quantity,
                change,
                cost,
                free_to_allocate_quantity=shop.level(where, size).free_to_allocate_quantity,
            )
        )
    shop.stock_changes[change.id] = change
    shop.emit("StockChange", "CREATED", change)
    return change


def create_warehouse(
    shop: Shop, name: str, *, warehouse_id: int | None = None, **attrs: Any
) -> Warehouse:
    warehouse = Warehouse(shop.new_id("warehouse", warehouse_id), name, **attrs)
    shop.warehouses[warehouse.id] = warehouse
    shop.emit("Warehouse", "CREATED", warehouse)
    return warehouse


def _sizes_of_input(
    info: Info, data: dict[str, Any], size_key: str, path: list[str]
) -> list[tuple[ProductSize, int, dict[str, Any]]]:
    """(product size, quantity, item) from ``productVariants`` and ``productSizes`` inputs."""
    shop = shop_of(info)
    found: list[tuple[ProductSize, int, dict[str, Any]]] = []
    variant_key, quantity_key = (
        ("size_changes", "delivered_quantity")
        if size_key == "change"
        else ("size_stock_levels", "quantity")
    )
    for index, item in enumerate(data.get("product_variants") or []):
        where = [*path, "productVariants", str(index)]
        variant = lookup(
            info,
            shop.variants,
            item["product_variant"],
            [*where, "productVariant"],
            kind="ProductVariant",
        )
        entries = item[variant_key]
        for position, entry in enumerate(entries if isinstance(entries, list) else [entries]):
            size = size_ref(
                info,
                variant.size_chart,
                entry["size"],
                [*where, variant_key, str(position), "size"],
            )
            product_size = next((ps for ps in variant.product_sizes if ps.size is size), None)
            require(
                product_size,
                f"Size {size.name} is not active on variant {variant.id}",
                [*where, "size"],
            )
            assert product_size is not None
            found.append((product_size, int(entry[quantity_key]), item))
    for index, item in enumerate(data.get("product_sizes") or []):
        where = [*path, "productSizes", str(index)]
        product_size = product_size_ref(shop, item["product_size"], [*where, "productSize"])
        found.append((product_size, int(item.get(quantity_key) or item.get("quantity") or 0), item))
    require(found, "Give productVariants or productSizes", path)
    return found


def _cost(shop: Shop, item: dict[str, Any]) -> Money | None:
    cost = item.get("unit_cost")
    if not cost:
        return None
    currency = next(
        (c for c in shop.currencies.values() if c.code == cost["currency_iso_code"]), None
    )
    return Money(Decimal(str(cost["value"])), currency) if currency else None


@mutation.field("createWarehouse")
@payload("warehouse")
def resolve_create_warehouse(_: None, info: Info, input: dict[str, Any]) -> Warehouse:
    shop = shop_of(info)
    location = input.get("warehouse_location") or {}
    attrs: dict[str, Any] = {
        "status": input.get("status") or "ACTIVE",
        "is_hidden_from_stock_view": bool(input.get("hide_from_stock_view")),
        "threshold": input.get("threshold") or 0,
        "stock_master": input.get("stock_master_policy") or "CENTRA",
        "stock_ownership": input.get("stock_ownership_policy") or "OWN",
        "allocation_policy": input.get("allocation_policy") or "ALLOCATE",
        "zip_code": location.get("zip_code"),
    }
    if location.get("country"):
        attrs["country"] = country_ref(
            shop, location["country"], ["input", "warehouseLocation", "country"]
        )
    if location.get("state_or_province"):
        name = str(location["state_or_province"]).title()
        attrs["state"] = CountryState(shop.new_id("state"), name, name[:2].upper())
    before = None
    if input.get("before_warehouse"):
        before = lookup(
            info,
            shop.warehouses,
            input["before_warehouse"],
            ["input", "beforeWarehouse"],
            kind="Warehouse",
        )
    warehouse = create_warehouse(shop, input["name"], **attrs)
    if before is not None:  # priority: insert the new warehouse just before ``before``
        ordered = [w for w in shop.warehouses.values() if w is not warehouse]
        position = ordered.index(before)
        ordered.insert(position, warehouse)
        shop.warehouses = {w.id: w for w in ordered}
    if input.get("external_id"):
        shop.id_conversions.put(
            integration_of(info), "Warehouse", input["external_id"], warehouse.id
        )
    return warehouse


@mutation.field("updateWarehouse")
@payload("warehouse")
def resolve_update_warehouse(_: None, info: Info, id: int, input: dict[str, Any]) -> Warehouse:
    shop = shop_of(info)
    warehouse = lookup(info, shop.warehouses, {"id": id}, ["id"], kind="Warehouse")
    if input.get("name") is not None:
        require(input["name"].strip(), "A warehouse needs a name", ["input", "name"])
    attrs = {"name": "name", "status": "status", "threshold": "threshold"}
    attrs["hide_from_stock_view"] = "is_hidden_from_stock_view"
    for key, attr in attrs.items():
        if input.get(key) is not None:
            setattr(warehouse, attr, input[key])
    shop.emit("Warehouse", "UPDATED", warehouse)
    return warehouse


@mutation.field("changeStock")
@payload("stock_change")
def resolve_change_stock(_: None, info: Info, input: dict[str, Any]) -> StockChange:
    shop = shop_of(info)
    into = out = None
    if input.get("into_warehouse"):
        into = lookup(
            info,
            shop.warehouses,
            input["into_warehouse"],
            ["input", "intoWarehouse"],
            kind="Warehouse",
        )
    if input.get("out_from_warehouse"):
        out = lookup(
            info,
            shop.warehouses,
            input["out_from_warehouse"],
            ["input", "outFromWarehouse"],
            kind="Warehouse",
        )
    require(into or out, "Give intoWarehouse, outFromWarehouse, or both for a transfer", ["input"])
    items = _sizes_of_input(info, input, "change", ["input"])
    for size, quantity, _item in items:
        require(quantity > 0, "deliveredQuantity must be positive", ["input", "deliveredQuantity"])
        if out is not None:
            free = shop.level(out, size).free_to_allocate_quantity
            require(
                quantity <= free,
                f"Cannot take {quantity} of {size.sku} out of warehouse {out.name}: "
                f"only {free} free to allocate",
                ["input", "deliveredQuantity"],
            )
    lines: list[tuple[ProductSize, Warehouse, int, Money | None]] = []
    for size, quantity, item in items:
        cost = _cost(shop, item)
        if out is not None:
            put_stock(shop, out, size, -quantity)
            lines.append((size, out, -quantity, cost))
        if into is not None:
            put_stock(shop, into, size, quantity)
            lines.append((size, into, quantity, cost))
    kind = "TRANSFER" if into and out else ("DELIVERY" if into else "CORRECTION")
    return record_change(shop, kind, input["description"], into or out, lines)


@mutation.field("setStock")
@payload(None)
def resolve_set_stock(_: None, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    shop = shop_of(info)
    warehouse = lookup(
        info, shop.warehouses, input["warehouse"], ["input", "warehouse"], kind="Warehouse"
    )
    items = _sizes_of_input(info, input, "set", ["input"])
    free_to_allocate = input["stock_quantity_type"] == "FREE_TO_ALLOCATE"
    lines: list[tuple[ProductSize, Warehouse, int, Money | None]] = []
    for size, quantity, _item in items:
        require(quantity >= 0, "quantity must be 0 or more", ["input", "quantity"])
        level = shop.level(warehouse, size)
        current = level.free_to_allocate_quantity if free_to_allocate else level.physical_quantity
        if quantity != current:
            put_stock(shop, warehouse, size, quantity - current)
            lines.append((size, warehouse, quantity - current, None))
    changes = (
        [record_change(shop, "CORRECTION", input["description"], warehouse, lines)] if lines else []
    )
    return {"stock_changes": changes}


# -- queries ------------------------------------------------------------------------------------


def stock_rows(
    shop: Shop,
    where: dict[str, Any] | None,
    *,
    size: ProductSize | None = None,
    warehouse: Warehouse | None = None,
) -> list[StockLevel]:
    where = where or {}
    if size is not None:  # by key: a catalog's sizes each read their stock
        levels = (shop.stock.get((w.id, size.id)) for w in shop.warehouses.values())
        rows = [level for level in levels if level is not None]
    else:
        rows = [
            level
            for level in shop.stock.values()
            if warehouse is None or level.warehouse is warehouse
        ]
    if warehouse is not None:
        rows = [r for r in rows if r.warehouse is warehouse]
    if where.get("warehouse_id") is not None:
        rows = [r for r in rows if r.warehouse.id in set(where["warehouse_id"])]
    if where.get("product_size_id") is not None:
        rows = [r for r in rows if r.product_size.id in set(where["product_size_id"])]
    if where.get("product_id") is not None:
        rows = [r for r in rows if r.product_size.variant.product.id in set(where["product_id"])]
    return sorted(rows, key=lambda r: (r.warehouse.id, r.product_size.id))


def totals(rows: list[StockLevel]) -> dict[str, int]:
    names = (
        "free_to_allocate_quantity",
        "allocated_quantity",
        "physical_quantity",
        "demand_quantity",
        "available_now_quantity",
        "unshipped_quantity",
    )
    result = {name: sum(getattr(r, name) for r in rows) for name in names}
    result["available_quantity"] = result["available_now_quantity"]
    # Incoming stock comes from supplier orders, which the emulator does not have.
    for name in ("on_delivery_quantity", "linked_incoming_quantity", "unlinked_incoming_quantity"):
        result[name] = 0
    return result


@warehouse_type.field("stock")
def resolve_warehouse_stock(
    warehouse: Warehouse,
    info: Info,
    where: dict[str, Any] | None = None,
    limit: int | None = None,
    page: int | None = None,
) -> list[StockLevel]:
    return page_slice(stock_rows(shop_of(info), where, warehouse=warehouse), limit, page)


@warehouse_type.field("stockTotals")
def resolve_warehouse_totals(warehouse: Warehouse, info: Info) -> dict[str, int]:
    return totals(stock_rows(shop_of(info), None, warehouse=warehouse))


@query.field("warehouses")
def resolve_warehouses(
    _: None,
    info: Info,
    where: dict[str, Any] | None = None,
    sort: list[str] | None = None,
    limit: int | None = None,
    page: int | None = None,
) -> list[Warehouse]:
    warehouses = list(shop_of(info).warehouses.values())
    where = where or {}
    if where.get("id") is not None:
        warehouses = [w for w in warehouses if w.id in set(where["id"])]
    match = where.get("name") or {}
    if match.get("equals") is not None:
        warehouses = [w for w in warehouses if w.name == match["equals"]]
    if match.get("contains") is not None:
        warehouses = [w for w in warehouses if match["contains"].lower() in w.name.lower()]
    if sort:  # unsorted, warehouses come in allocation priority order
        warehouses, _fields = sort_items(warehouses, sort, {"id": "id", "name": "name"}, "id")
    return page_slice(warehouses, limit, page)


@query.field("stockChangeConnection")
def resolve_stock_changes(
    _: None,
    info: Info,
    where: dict[str, Any] | None = None,
    sort: list[str] | None = None,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
) -> dict[str, Any]:
    shop = shop_of(info)
    changes = list(shop.stock_changes.values())
    where = where or {}
    if where.get("id") is not None:
        changes = [c for c in changes if c.id in set(where["id"])]
    if where.get("warehouse_id") is not None:
        changes = [
            c for c in changes if c.warehouse and c.warehouse.id in set(where["warehouse_id"])
        ]
    if where.get("type") is not None:
        changes = [c for c in changes if c.type in set(where["type"])]
    if where.get("created_at"):
        changes = [c for c in changes if in_range(c.created_at, where["created_at"], shop.timezone)]
    ordered, fields = sort_items(changes, sort or ["id_DESC"], {"id": "id"}, "id")
    return connection(ordered, fields, first=first, after=after, last=last, before=before)


@stock_change_type.field("createdAt")
def resolve_change_created(change: StockChange, info: Info, format: str = DEFAULT_FORMAT) -> str:
    return format_php(change.created_at, format, shop_of(info).timezone)


@stock_change_type.field("lines")
def resolve_change_lines(
    change: StockChange, _: Info, limit: int | None = None, page: int | None = None
) -> list[StockChangeLine]:
    return page_slice(change.lines, limit, page)
