"""Plan products, variants and sizes.

A new product is one ``createProduct`` with its new variants and their sizes inside
(``addProductVariants`` with ``productSizes``), each with its ``externalId``: Centra creates
and maps them in one mutation, so no kill can leave them created but unmapped. New variants of
an existing product are one ``createProductVariant`` each with their sizes; new sizes of an
existing variant one ``createProductSize`` each.

Centra makes a size's SKU of product number + variant number + size number, so the size
number is what the ERP's SKU has after the product's and variant's numbers.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from centra_bridge.erp._catalog_files import CatalogRow
from centra_bridge.erp._catalog_model import Change, Ref, Step
from centra_bridge.erp._catalog_plan import _PRODUCT_STATUSES, Planner, _diff, _new, _Variant
from centra_bridge.erp._catalog_state import money

__all__ = ["plan_products", "plan_sizes", "plan_variants"]

_PRODUCT_FIELDS = {
    "name": "name",
    "product_number": "productNumber",
    "status": "status",
    "harmonized_commodity_code": "harmonizedCommodityCode",
}


def plan_products(p: Planner) -> None:  # noqa: PLR0912 (a refusal per rule)
    rows = p.files.rows.get("products", [])
    p._plan("products")
    numbers = Counter(r.get("product_number") or r.get("product_id") for r in rows)
    mapped = p.centra.mapped_ids("Product")
    by_number: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for product in p.centra.products.values():
        by_number[product["productNumber"] or ""].append(product)
    keyed = [(r.get("product_id"), r) for r in rows]
    for key, row in p._unique("products", "product_id", keyed):
        name, number = row.get("name"), row.get("product_number") or key
        status = p._status("products", row, key, _PRODUCT_STATUSES)
        if status is None:
            continue
        if not name:
            p._refuse("products", row, "name", key, "no name", "give the product a name")
            continue
        if numbers[number] > 1:
            p._refuse(
                "products",
                row,
                "product_number" if row.has("product_number") else "product_id",
                key,
                f"product number {number} is given to more than one product",
                "product numbers make the SKUs: give each product its own",
            )
            continue
        internal = p.centra.internal("Product", key)
        current = p.centra.products.get(internal) if internal else None
        if current is None:
            current = next((c for c in by_number.get(number, []) if c["id"] not in mapped), None)
            if current is not None:
                p._found("products", "Product", key, current["id"])
        p.products[key] = (number, current["id"] if current else None)
        p.product_names[key] = name
        wanted: dict[str, Any] = {"name": name, "product_number": number, "status": status}
        for column in ("harmonized_commodity_code", "country_of_origin"):
            if row.has(column):
                wanted[column] = (
                    row.get(column).upper() if column == "country_of_origin" else row.get(column)
                )
        if current is None:
            payload: dict[str, Any] = {
                _PRODUCT_FIELDS[k]: v for k, v in wanted.items() if k in _PRODUCT_FIELDS and v
            }
            if wanted.get("country_of_origin"):
                payload["countryOfOrigin"] = {"code": wanted["country_of_origin"]}
            payload.update(externalId=key, addProductVariants=[])
            p._plan("products").create.append(Change(key, row.where, _new(list(wanted.items()))))
            p.new_products[key] = p._send(
                "products",
                "ErpCreateProduct",
                {"input": payload},
                "createProduct",
                [(key, row)],
                "create",
                ("Product", key),
                ("product", "id"),
            )
            continue
        have = {
            "name": current["name"],
            "product_number": current["productNumber"] or "",
            "status": current["status"],
            "harmonized_commodity_code": current["harmonizedCommodityCode"] or "",
            "country_of_origin": (current["countryOfOrigin"] or {}).get("code", ""),
        }
        fields = _diff([(k, have[k], v) for k, v in wanted.items()])
        if p._changed("products", key, row, fields):
            update: dict[str, Any] = {}
            for change in fields:
                if change.field == "country_of_origin":
                    update["countryOfOrigin"] = {"code": change.new} if change.new else None
                else:
                    update[_PRODUCT_FIELDS[change.field]] = change.new
            p._send(
                "products",
                "ErpUpdateProduct",
                {"id": current["id"], "input": update},
                "updateProduct",
                [(key, row)],
                "update",
            )
    reverse = {v: k for k, v in p.centra.conversions.get("Product", {}).items()}
    for internal, key in reverse.items():
        found = p.centra.products.get(internal)
        if found and key not in p.products and ("products", key) not in p.refused:
            p.products[key] = (found["productNumber"] or "", internal)


def _cost(p: Planner, row: CatalogRow, key: str) -> tuple[bool, tuple[Any, str] | None]:
    try:
        value = row.decimal("unit_cost")
    except ValueError:
        p._refuse(
            "variants", row, "unit_cost", key, "unit_cost is not a number", "write it like 41.50"
        )
        return False, None
    if value is None:
        return True, None
    currency = row.get("unit_cost_currency").upper()
    if value < 0:
        p._refuse(
            "variants", row, "unit_cost", key, "negative unit cost", "give what one item costs"
        )
        return False, None
    if not currency:
        p._refuse(
            "variants",
            row,
            "unit_cost_currency",
            key,
            "unit cost without currency",
            "give unit_cost_currency, e.g. EUR",
        )
        return False, None
    return True, (value, currency)


def plan_variants(p: Planner) -> None:  # noqa: PLR0912, PLR0915 (a refusal per rule)
    rows = p.files.rows.get("variants", [])
    p._plan("variants")
    mapped = p.centra.mapped_ids("ProductVariant")
    keyed = [(r.get("variant_id"), r) for r in rows]
    for key, row in p._unique("variants", "variant_id", keyed):
        product, chart, name = row.get("product_id"), row.get("size_chart_id"), row.get("name")
        if not p._depends("variants", row, "product_id", key, "products", product, "product"):
            continue
        if product not in p.products:
            p._unknown("variants", row, "product_id", key, product, "product")
            continue
        if not p._depends(
            "variants", row, "size_chart_id", key, "size_charts", chart, "size chart"
        ):
            continue
        if chart not in p.charts:
            p._unknown("variants", row, "size_chart_id", key, chart, "size chart")
            continue
        status = p._status("variants", row, key, _PRODUCT_STATUSES)
        ok, cost = _cost(p, row, key)
        if status is None or not ok:
            continue
        if not name:
            p._refuse(
                "variants",
                row,
                "name",
                key,
                "no name",
                "give the variant a name (often its colour)",
            )
            continue
        number = row.get("variant_number")
        product_id = p.products[product][1]
        internal = p.centra.internal("ProductVariant", key)
        current = p.centra.variants.get(internal) if internal else None
        if current is not None and p.centra.variant_product[current["id"]] != product_id:
            p._refuse(
                "variants",
                row,
                "product_id",
                key,
                f"Centra's variant {current['id']} belongs to another product",
                "variants do not move between products: give it a new variant_id",
            )
            continue
        if current is None and product_id is not None:
            current = next(
                (
                    v
                    for v in p.centra.products[product_id]["variants"]
                    if v["id"] not in mapped
                    and (v["variantNumber"] or "") == number
                    and (number or v["name"] == name)
                ),
                None,
            )
            if current is not None:
                p._found("variants", "ProductVariant", key, current["id"])
        chart_id = p.ids.get(("SizeChart", chart))
        if current is not None and current["sizeChart"]["id"] != chart_id:
            p._refuse(
                "variants",
                row,
                "size_chart_id",
                key,
                f"Centra's variant {current['id']} has another size chart",
                "Centra sets a variant's size chart once: give a new variant_id for the new chart",
            )
            continue
        centra_id = current["id"] if current else None
        p.variants[key] = _Variant(key, product, number, p.charts[chart], centra_id)
        wanted: dict[str, Any] = {"name": name, "status": status, "variant_number": number}
        if row.has("internal_name"):
            wanted["internal_name"] = row.get("internal_name")
        if row.has("unit_cost"):
            wanted["unit_cost"] = f"{cost[0]} {cost[1]}" if cost else ""
        if current is None:
            payload: dict[str, Any] = {
                "name": name,
                "status": status,
                "variantNumber": number,
                "sizeChart": Ref("SizeChart", chart),
                "externalId": key,
                "productSizes": [],
            }
            if wanted.get("internal_name"):
                payload["internalName"] = wanted["internal_name"]
            if cost:
                payload["unitCost"] = {"value": float(cost[0]), "currencyIsoCode": cost[1]}
            p._plan("variants").create.append(Change(key, row.where, _new(list(wanted.items()))))
            parent = p.new_products.get(product)
            if parent is not None:
                variants = parent.variables["input"]["addProductVariants"]
                variants.append(payload)
                parent.rows.append(("variants", key, row, "create"))
                parent.nested.append(
                    ("ProductVariant", key, ("product", "variants", len(variants) - 1, "id"))
                )
                p.new_variants[key] = parent
            else:
                p.new_variants[key] = p._send(
                    "variants",
                    "ErpCreateVariant",
                    {"input": {"product": {"id": product_id}, **payload}},
                    "createProductVariant",
                    [(key, row)],
                    "create",
                    ("ProductVariant", key),
                    ("productVariant", "id"),
                )
            continue
        cents = money(current["unitCost"])
        have = {
            "name": current["name"],
            "status": current["status"],
            "variant_number": current["variantNumber"] or "",
            "internal_name": current["internalName"] or "",
            "unit_cost": f"{cents[0]} {cents[1]}" if cents else "",
        }
        if cost and cents and cost[0] == cents[0] and cost[1] == cents[1]:
            have["unit_cost"] = wanted["unit_cost"]  # 41 and 41.0 are one price
        fields = _diff([(k, have[k], v) for k, v in wanted.items()])
        if p._changed("variants", key, row, fields):
            names = {"name": "name", "status": "status", "variant_number": "variantNumber"}
            names["internal_name"] = "internalName"
            update: dict[str, Any] = {}
            for change in fields:
                if change.field == "unit_cost" and cost:
                    update["unitCost"] = {"value": float(cost[0]), "currencyIsoCode": cost[1]}
                elif change.field in names:
                    update[names[change.field]] = change.new
            p._send(
                "variants",
                "ErpUpdateVariant",
                {"id": current["id"], "input": update},
                "updateProductVariant",
                [(key, row)],
                "update",
            )
    _known_variants(p)


def _known_variants(p: Planner) -> None:
    """Variants mapped in Centra but not in the file: the sizes file may still refer to them."""
    product_keys = {v[1]: k for k, v in p.products.items() if v[1] is not None}
    for key, internal in p.centra.conversions.get("ProductVariant", {}).items():
        variant = p.centra.variants.get(internal)
        if variant is None or key in p.variants or ("variants", key) in p.refused:
            continue
        product = product_keys.get(p.centra.variant_product[internal])
        chart = p.centra.size_charts.get(variant["sizeChart"]["id"])
        if product is not None and chart is not None:
            sizes = [s["name"] for s in chart["sizes"]]
            p.variants[key] = _Variant(
                key, product, variant["variantNumber"] or "", sizes, internal
            )


def plan_sizes(p: Planner) -> None:  # noqa: PLR0912 (a refusal per rule)
    rows = p.files.rows.get("sizes", [])
    p._plan("sizes")
    pairs = Counter((r.get("variant_id"), r.get("size")) for r in rows)
    for sku, row in p._unique("sizes", "sku", [(r.get("sku"), r) for r in rows]):
        variant_key, size = row.get("variant_id"), row.get("size")
        if not p._depends("sizes", row, "variant_id", sku, "variants", variant_key, "variant"):
            continue
        variant = p.variants.get(variant_key)
        if variant is None:
            p._unknown("sizes", row, "variant_id", sku, variant_key, "variant")
            continue
        if size not in variant.sizes:
            p._refuse(
                "sizes",
                row,
                "size",
                sku,
                f"size {size!r} is not in the variant's size chart",
                f"use one of {'|'.join(variant.sizes)}",
            )
            continue
        if pairs[(variant_key, size)] > 1:
            p._refuse(
                "sizes",
                row,
                "size",
                sku,
                f"variant {variant_key} has size {size} on more than one row",
                "keep one row per variant and size",
            )
            continue
        prefix = p.products[variant.product][0] + variant.number
        if not sku.startswith(prefix):
            p._refuse(
                "sizes",
                row,
                "sku",
                sku,
                f"SKU {sku} does not begin with {prefix} (product number + variant number)",
                "Centra makes the SKU of product number + variant number + size number",
            )
            continue
        ean = row.get("ean") or row.get("gtin")
        wanted: dict[str, Any] = {"size_number": sku[len(prefix) :]}
        if row.has("ean") or row.has("gtin"):
            wanted["ean"] = ean
        if row.has("upc"):
            wanted["upc"] = row.get("upc")
        current = p.centra.sizes.get((variant.centra_id, size)) if variant.centra_id else None
        p.sizes[sku] = (variant_key, size, current)
        if current is None:
            payload: dict[str, Any] = {"size": {"name": size}, "sizeNumber": wanted["size_number"]}
            if wanted.get("ean"):
                payload["EAN"] = wanted["ean"]
            if wanted.get("upc"):
                payload["UPC"] = wanted["upc"]
            p._plan("sizes").create.append(
                Change(sku, row.where, _new([("size", size), *wanted.items()]))
            )
            parent = p.new_variants.get(variant_key)
            if parent is not None:
                _nest(parent, variant_key, payload)
                parent.rows.append(("sizes", sku, row, "create"))
            else:
                p._send(
                    "sizes",
                    "ErpCreateSize",
                    {"input": {"productVariant": {"id": variant.centra_id}, **payload}},
                    "createProductSize",
                    [(sku, row)],
                    "create",
                )
            continue
        have = {
            "size_number": current["sizeNumber"] or "",
            "ean": current["EAN"] or "",
            "upc": current["UPC"] or "",
        }
        fields = _diff([(k, have[k], v) for k, v in wanted.items()])
        if p._changed("sizes", sku, row, fields):
            names = {"size_number": "sizeNumber", "ean": "EAN", "upc": "UPC"}
            p._send(
                "sizes",
                "ErpUpdateSize",
                {"id": current["id"], "input": {names[f.field]: f.new for f in fields}},
                "updateProductSize",
                [(sku, row)],
                "update",
            )
    _known_sizes(p)


def _nest(parent: Step, variant_key: str, size: dict[str, Any]) -> None:
    payload = parent.variables["input"]
    if parent.operation == "ErpCreateProduct":
        payload = next(v for v in payload["addProductVariants"] if v["externalId"] == variant_key)
    payload["productSizes"].append(size)


def _known_sizes(p: Planner) -> None:
    """Sizes in Centra of known variants, by SKU: the stock files may name them."""
    for key, variant in p.variants.items():
        if variant.centra_id is None:
            continue
        for size in p.centra.variants[variant.centra_id]["productSizes"]:
            sku = size["SKU"]
            if sku not in p.sizes and ("sizes", sku) not in p.refused:
                p.sizes[sku] = (key, size["size"]["name"], size)
