"""Plan displays and stock: what hangs off products and sizes.

Stock levels go in batches (``setStock`` with many variants), only the rows that differ from
Centra's. Deliveries are applied once: their description carries the ERP's delivery id, and
one already in Centra's stock changes is done.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from centra_bridge.erp._catalog_files import CatalogRow
from centra_bridge.erp._catalog_model import Carried, Change, FieldChange, Ref, Step
from centra_bridge.erp._catalog_plan import (
    _STATUSES,
    DELIVERY_PREFIX,
    STOCK_DESCRIPTION,
    Planner,
    _diff,
    _new,
)

__all__ = ["BATCH", "batches", "plan_deliveries", "plan_displays", "plan_stock"]

BATCH = 500  # items per setPricesBatch / setStock: a few hundred kilobytes of request


def plan_displays(p: Planner) -> None:  # noqa: PLR0912, PLR0915 (a refusal per rule)
    rows = p.files.rows.get("displays", [])
    p._plan("displays")
    keyed = []
    for row in rows:
        store = p.centra.store_id(row.get("store"))
        name = p.centra.stores[store]["name"] if store is not None else row.get("store")
        keyed.append((f"{row.get('product_id')}@{name}" if row.get("product_id") else "", row))
    for key, row in p._unique("displays", "product_id", keyed):
        product = row.get("product_id")
        if not p._depends("displays", row, "product_id", key, "products", product, "product"):
            continue
        if product not in p.products:
            p._unknown("displays", row, "product_id", key, product, "product")
            continue
        store = p.centra.store_id(row.get("store"))
        if store is None:
            p._refuse(
                "displays",
                row,
                "store",
                key,
                f"unknown store {row.get('store')!r}",
                "give a store's name or id in Centra",
            )
            continue
        status = p._status("displays", row, key, _STATUSES)
        if status is None:
            continue
        listed = row.listed("variants")
        variants = listed or [
            k for k, v in p.variants.items() if v.product == product and k in _file_keys(p)
        ]
        bad = next(
            (v for v in variants if p.variants.get(v) is None or p.variants[v].product != product),
            None,
        )
        if bad is not None:
            earlier = p.refused.get(("variants", bad))
            reason = (
                f"its variant {bad} is refused ({earlier.where})"
                if earlier
                else f"{bad} is not a variant of product {product}"
            )
            p._refuse(
                "displays", row, "variants", key, reason, "list the product's variant ids, V1|V2"
            )
            continue
        wanted: dict[str, Any] = {
            "name": row.get("name") or p.product_names.get(product, product),
            "status": status,
        }
        for column, field in (
            ("description", "description"),
            ("short_description", "shortDescription"),
        ):
            if row.has(column):
                wanted[field] = row.get(column)
        product_id = p.products[product][1]
        current = None
        if product_id is not None:
            displays = p.centra.products[product_id]["displays"]
            current = next((d for d in displays if d["store"]["id"] == store), None)
        refs = [{"productVariant": Ref("ProductVariant", v)} for v in variants]
        if current is None:
            fields = _new([*wanted.items(), ("variants", "|".join(variants))])
            p._plan("displays").create.append(Change(key, row.where, fields))
            payload = {"store": {"id": store}, "product": Ref("Product", product), **wanted}
            payload["addProductVariants"] = refs
            p._send(
                "displays",
                "ErpCreateDisplay",
                {"input": payload},
                "createDisplay",
                [(key, row)],
                "create",
            )
            continue
        shown = {v["id"] for v in current["productVariants"]}
        ids = {v: p.variants[v].centra_id for v in variants}
        extra = sorted(shown - {i for i in ids.values() if i is not None})
        # Centra's variants by ERP id where known (``#id`` for one the ERP never named).
        named = {v.centra_id: k for k, v in p.variants.items() if v.centra_id is not None}
        have = sorted(named.get(i, f"#{i}") for i in shown)
        pairs = [(f, current[f] or "", v) for f, v in wanted.items()]
        pairs.append(("variants", "|".join(have), "|".join(sorted(variants))))
        fields = _diff(pairs)
        if p._changed("displays", key, row, fields):
            update: dict[str, Any] = {f.field: f.new for f in fields if f.field != "variants"}
            added = [
                {"productVariant": Ref("ProductVariant", v)}
                for v, i in ids.items()
                if i not in shown
            ]
            if added:
                update["addProductVariants"] = added
            if extra:
                update["removeProductVariants"] = [{"id": i} for i in extra]
            p._send(
                "displays",
                "ErpUpdateDisplay",
                {"id": current["id"], "input": update},
                "updateDisplay",
                [(key, row)],
                "update",
            )


def _file_keys(p: Planner) -> set[str]:
    return {r.get("variant_id") for r in p.files.rows.get("variants", [])}


def batches(
    items: list[tuple[Any, list[Carried]]], wrap: Any, operation: str, payload: str
) -> list[Step]:
    return [
        Step(
            operation,
            {},
            payload,
            [c for _, rows in items[i : i + BATCH] for c in rows],
            items=items[i : i + BATCH],
            wrap=wrap,
        )
        for i in range(0, len(items), BATCH)
    ]


def plan_stock(p: Planner) -> None:
    rows = p.files.rows.get("stock", [])
    plan = p._plan("stock")
    keyed = [(f"{r.get('warehouse_id')}/{r.get('sku')}", r) for r in rows]
    per_warehouse: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for key, row in p._unique("stock", "sku", keyed):
        warehouse, sku = row.get("warehouse_id"), row.get("sku")
        if not p._depends("stock", row, "warehouse_id", key, "warehouses", warehouse, "warehouse"):
            continue
        if warehouse not in p.warehouses:
            p._unknown("stock", row, "warehouse_id", key, warehouse, "warehouse")
            continue
        if not p._depends("stock", row, "sku", key, "sizes", sku, "size"):
            continue
        if sku not in p.sizes:
            p._unknown("stock", row, "sku", key, sku, "size")
            continue
        text = row.get("quantity")
        if not text.lstrip("-").isdigit():
            p._refuse(
                "stock",
                row,
                "quantity",
                key,
                f"quantity {text!r} is not a whole number",
                "give the items on the shelf, 0 or more",
            )
            continue
        if int(text) < 0:
            p._refuse(
                "stock",
                row,
                "quantity",
                key,
                "negative stock",
                "give the items on the shelf, 0 or more (deliveries go in stock_deliveries)",
            )
            continue
        quantity = int(text)
        variant, size, current = p.sizes[sku]
        warehouse_id = p.ids.get(("Warehouse", warehouse))
        have = current["stock"].get(warehouse_id, 0) if current and warehouse_id else 0
        if have == quantity:
            plan.unchanged += 1
            continue
        kind = "update" if current and warehouse_id in current["stock"] else "create"
        old = None if kind == "create" else str(have)
        (plan.update if kind == "update" else plan.create).append(
            Change(key, row.where, (FieldChange("quantity", old, str(quantity)),))
        )
        per_warehouse[warehouse][variant].append(
            ({"size": {"name": size}, "quantity": quantity}, ("stock", key, row, kind))
        )
    for warehouse, variants in per_warehouse.items():
        items = [
            (
                {
                    "productVariant": Ref("ProductVariant", v),
                    "sizeStockLevels": [s for s, _ in levels],
                },
                [c for _, c in levels],
            )
            for v, levels in variants.items()
        ]

        def wrap(resolved: list[Any], warehouse: str = warehouse) -> dict[str, Any]:
            return {
                "input": {
                    "warehouse": Ref("Warehouse", warehouse),
                    "description": STOCK_DESCRIPTION,
                    "stockQuantityType": "PHYSICAL",
                    "productVariants": resolved,
                }
            }

        p.steps += batches(items, wrap, "ErpSetStock", "setStock")


def plan_deliveries(p: Planner) -> None:  # noqa: PLR0912 (a refusal per rule)
    rows = p.files.rows.get("stock_deliveries", [])
    plan = p._plan("stock_deliveries")
    done = p.centra.deliveries or set()
    keyed = [(f"{r.get('delivery_id')}/{r.get('warehouse_id')}/{r.get('sku')}", r) for r in rows]
    groups: dict[tuple[str, str], list[tuple[str, CatalogRow]]] = defaultdict(list)
    for key, row in p._unique("stock_deliveries", "delivery_id", keyed):
        groups[(row.get("delivery_id"), row.get("warehouse_id"))].append((key, row))
    for (delivery, warehouse), entries in groups.items():
        description = f"{DELIVERY_PREFIX}{delivery} into {warehouse}"
        if description in done:
            plan.unchanged += len(entries)
            continue
        lines: list[tuple[str, CatalogRow, str, str, int, dict[str, Any] | None]] = []
        for key, row in entries:
            sku = row.get("sku")
            reason = None
            if warehouse not in p.warehouses:
                reason = ("warehouse_id", f"unknown warehouse {warehouse}")
            elif sku not in p.sizes:
                reason = ("sku", f"unknown size {sku}")
            elif (
                not row.get("delivered_quantity").isdigit()
                or int(row.get("delivered_quantity")) == 0
            ):
                reason = ("delivered_quantity", "delivered_quantity must be a whole number above 0")
            cost = None
            if reason is None and row.get("unit_cost"):
                try:
                    value = row.decimal("unit_cost")
                except ValueError:
                    value = None
                if value is None or not row.get("currency"):
                    reason = ("unit_cost", "unit cost needs a number and its currency")
                else:
                    cost = {"value": float(value), "currencyIsoCode": row.get("currency").upper()}
            if reason is not None:
                p._refuse(
                    "stock_deliveries",
                    row,
                    reason[0],
                    key,
                    reason[1],
                    "fix the row; the delivery is applied whole once it is right",
                )
                lines = []
                break
            variant, size, _ = p.sizes[sku]
            lines.append((key, row, variant, size, int(row.get("delivered_quantity")), cost))
        if not lines:
            for key, row in entries:  # a delivery goes whole or not at all
                if ("stock_deliveries", key) not in p.refused:
                    p._refuse(
                        "stock_deliveries",
                        row,
                        "delivery_id",
                        key,
                        f"delivery {delivery} has a refused row",
                        "a delivery is applied whole: fix its other row",
                    )
            continue
        by_variant: dict[tuple[str, str], list[Any]] = defaultdict(list)
        for _key, _row, variant, size, quantity, cost in lines:
            by_variant[(variant, str(cost))].append((size, quantity, cost))
        payload = [
            {
                "productVariant": Ref("ProductVariant", variant),
                **({"unitCost": changes[0][2]} if changes[0][2] else {}),
                "sizeChanges": [
                    {"size": {"name": s}, "deliveredQuantity": q} for s, q, _ in changes
                ],
            }
            for (variant, _), changes in by_variant.items()
        ]
        for key, row, *_ in lines:
            plan.create.append(
                Change(
                    key,
                    row.where,
                    (FieldChange("delivered_quantity", None, row.get("delivered_quantity")),),
                )
            )
        p._send(
            "stock_deliveries",
            "ErpChangeStock",
            {
                "input": {
                    "intoWarehouse": Ref("Warehouse", warehouse),
                    "description": description,
                    "productVariants": payload,
                }
            },
            "changeStock",
            [(k, r) for k, r, *_ in lines],
            "create",
        )
