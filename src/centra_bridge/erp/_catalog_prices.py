"""Plan prices and price alterations.

Prices go in batches (``setPricesBatch``, ``setAlteredPricesBatch``: several pricelists in one
mutation), only for products with a row that differs from Centra's. A product's prices are sent
whole (its own price and its variants' prices apart, ``overrideIndividualVariantPrices``), so
Centra ends with exactly the file's prices for it.

Price alterations (wholesale) have neither an ID conversion type nor a list query in Centra, so
they are the one thing whose mapping lives in the push's state store (``erp.state``): the
intent is written before ``createPriceAlteration``, the id right after. A run that died between
the two finds the alteration by probing the ids after the last one it knew (Centra's ids grow)
for one with the same name, store and start date.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from centra_bridge.erp._catalog_files import CatalogRow
from centra_bridge.erp._catalog_levels import batches
from centra_bridge.erp._catalog_model import Carried, Change, FieldChange, Ref, Step
from centra_bridge.erp._catalog_plan import _STATUSES, Planner, _diff, _new, _text
from centra_bridge.erp._catalog_state import money

if TYPE_CHECKING:
    from centra_bridge.client import CentraClient
    from centra_bridge.state import StateStore

__all__ = ["Alterations", "plan_alterations", "plan_prices", "read_alterations"]

SCOPE = "erp.price_alterations"
_PROBES = 50  # ids tried after the last known one when a create's answer was lost
_PAGE = 200

Entry = tuple[str, CatalogRow, str | None, Decimal, str]  # key, row, variant, price, currency
Prices = dict[tuple[int, int, int | None], tuple[Decimal, str]]  # (pricelist, product, variant)


@dataclass
class Alterations:
    """What the state store and Centra know of the ERP's price alterations."""

    store: StateStore | None
    current: dict[str, dict[str, Any]] = field(default_factory=dict)  # ERP id -> Centra's
    prices: dict[str, Prices] = field(default_factory=dict)
    probe_after: int = 0  # the highest alteration id known

    def remember(self, key: str, internal: int) -> None:
        if self.store is not None:
            self.store.set_fact(SCOPE, key, {"state": "mapped", "id": internal})


def _read(client: CentraClient, internal: int) -> tuple[dict[str, Any] | None, Prices]:
    prices: Prices = {}
    page = 1
    while True:
        variables = {"id": internal, "limit": _PAGE, "page": page}
        found = client.execute("ErpPriceAlteration", variables).data["priceAlteration"]
        if found is None:
            return None, prices
        for item in found["prices"]:
            variant = item["productVariant"]
            value = money(item["price"])
            assert value is not None
            key = (item["pricelist"]["id"], item["product"]["id"], variant and variant["id"])
            prices[key] = value
        if len(found["prices"]) < _PAGE:
            return found, prices
        page += 1


def read_alterations(
    client: CentraClient, store: StateStore, wanted: list[tuple[str, str, int | None, str]]
) -> Alterations:
    """Centra's state of the alterations the store maps; ``wanted`` (ERP id, name, store id,
    start date) lets a lost create be recognised."""
    known = Alterations(store)
    with store.transaction() as transaction:
        facts = transaction.facts(SCOPE)
    ids = [f["id"] for f in facts.values() if f.get("state") == "mapped"]
    known.probe_after = max([0, *ids, *(f.get("after", 0) for f in facts.values())])
    for key, fact in facts.items():
        if fact.get("state") == "mapped":
            current, prices = _read(client, fact["id"])
            if current is not None:
                known.current[key], known.prices[key] = current, prices
    lost = {w[0]: w for w in wanted if (facts.get(w[0]) or {}).get("state") == "creating"}
    if lost:
        start = min(facts[k].get("after", 0) for k in lost)
        for internal in range(start + 1, start + 1 + _PROBES):
            current, prices = _read(client, internal)
            if current is None:
                break
            for key, (_, name, store_id, start_date) in list(lost.items()):
                if (current["name"], current["store"]["id"], current["startDate"][:10]) == (
                    name,
                    store_id,
                    start_date,
                ) and internal not in ids:
                    known.current[key], known.prices[key] = current, prices
                    store.set_fact(SCOPE, key, {"state": "mapped", "id": internal})
                    del lost[key]
    return known


def _price_entries(
    p: Planner, entity: str, rows: list[tuple[str, CatalogRow]], scope: str
) -> dict[tuple[str, str, str], list[Entry]]:
    """Valid price rows grouped by (alteration or "", pricelist, product)."""
    groups: dict[tuple[str, str, str], list[Entry]] = defaultdict(list)
    for key, row in rows:
        pricelist, product = row.get("pricelist_id"), row.get("product_id")
        variant = row.get("variant_id")
        if not p._depends(entity, row, "pricelist_id", key, "pricelists", pricelist, "pricelist"):
            continue
        if pricelist not in p.pricelists:
            p._unknown(entity, row, "pricelist_id", key, pricelist, "pricelist")
            continue
        if not p._depends(entity, row, "product_id", key, "products", product, "product"):
            continue
        if product not in p.products:
            p._unknown(entity, row, "product_id", key, product, "product")
            continue
        if variant and (p.variants.get(variant) is None or p.variants[variant].product != product):
            if p._depends(entity, row, "variant_id", key, "variants", variant, "variant"):
                reason = f"{variant} is not a variant of product {product}"
                p._refuse(entity, row, "variant_id", key, reason, "give the product's variant")
            continue
        try:
            price = row.decimal("price")
        except ValueError:
            p._refuse(entity, row, "price", key, "price is not a number", "write it like 290.00")
            continue
        currency, expected = row.get("currency").upper(), p.pricelists[pricelist]
        if price is None or price < 0:
            reason = "no price" if price is None else "negative price"
            p._refuse(entity, row, "price", key, reason, "give the price, 0 or more")
        elif not currency:
            hint = f"give the pricelist's currency ({expected})"
            p._refuse(entity, row, "currency", key, "price without currency", hint)
        elif currency != expected:
            reason = f"price in {currency}, pricelist {pricelist} is in {expected}"
            p._refuse(entity, row, "currency", key, reason, "give it in the pricelist's currency")
        else:
            groups[(scope and row.get(scope), pricelist, product)].append(
                (key, row, variant or None, price, currency)
            )
    return groups


def _price_items(
    p: Planner, entity: str, groups: dict[tuple[str, str, str], list[Entry]], have: Any
) -> list[tuple[Any, list[Carried]]]:
    """Per product with a changed row: (scope, pricelist ref, product price input), and the
    rows it carries; ``have(scope, pricelist id)`` gives Centra's prices."""
    plan = p._plan(entity)
    items: list[tuple[Any, list[Carried]]] = []
    for (scope, pricelist, product), entries in groups.items():
        base = next((e for e in entries if e[2] is None), None)
        if base is None:
            for key, row, *_ in entries:
                reason = f"product {product} has no price of its own in pricelist {pricelist}"
                hint = "add a row without variant_id: Centra prices the product, then variants"
                p._refuse(entity, row, "variant_id", key, reason, hint)
            continue
        pricelist_id, product_id = p.ids.get(("Pricelist", pricelist)), p.products[product][1]
        current: Prices = have(scope, pricelist_id) if pricelist_id else {}
        carried: list[Carried] = []
        for key, row, variant, price, currency in entries:
            variant_id = p.variants[variant].centra_id if variant else None
            old = None
            if product_id and pricelist_id and (variant is None or variant_id):
                old = current.get((pricelist_id, product_id, variant_id))
            new = f"{_text(price)} {currency}"
            if old is None:
                plan.create.append(Change(key, row.where, (FieldChange("price", None, new),)))
                carried.append((entity, key, row, "create"))
            elif old != (price, currency):
                was = f"{_text(old[0])} {old[1]}"
                plan.update.append(Change(key, row.where, (FieldChange("price", was, new),)))
                carried.append((entity, key, row, "update"))
            else:
                plan.unchanged += 1
        if not carried:
            continue
        item: dict[str, Any] = {
            "product": Ref("Product", product),
            "price": {"value": float(base[3]), "currencyIsoCode": base[4]},
            "overrideIndividualVariantPrices": True,
            "individualVariantPrices": [
                {
                    "productVariant": Ref("ProductVariant", e[2]),
                    "price": {"value": float(e[3]), "currencyIsoCode": e[4]},
                }
                for e in entries
                if e[2] is not None
            ],
        }
        scope_ref = Ref("PriceAlteration", scope, bare=True) if scope else 0
        items.append(((scope_ref, Ref("Pricelist", pricelist, bare=True), item), carried))
    return items


def _batch(items: list[Any], *, altered: bool) -> dict[str, Any]:
    grouped: dict[tuple[int, int], list[Any]] = defaultdict(list)
    for scope, pricelist, price in items:
        grouped[(scope, pricelist)].append(price)
    batch = []
    for (scope, pricelist), prices in grouped.items():
        entry: dict[str, Any] = {"pricelist": {"id": pricelist}, "productPrices": prices}
        if altered:
            entry["priceAlteration"] = {"id": scope}
        batch.append(entry)
    return {"input": batch}


def plan_prices(p: Planner) -> None:
    rows = p.files.rows.get("prices", [])
    p._plan("prices")
    keyed = [
        (f"{r.get('pricelist_id')}/{r.get('variant_id') or r.get('product_id')}", r) for r in rows
    ]
    groups = _price_entries(p, "prices", p._unique("prices", "pricelist_id", keyed), "")

    def have(_scope: str, pricelist_id: int) -> Prices:
        return {(pricelist_id, *k): v for k, v in p.centra.prices.get(pricelist_id, {}).items()}

    items = _price_items(p, "prices", groups, have)
    p.steps += batches(items, lambda i: _batch(i, altered=False), "ErpSetPrices", "setPricesBatch")


def plan_alterations(p: Planner, known: Alterations) -> None:  # noqa: PLR0915 (a rule each)
    rows = p.files.rows.get("price_alterations", [])
    p._plan("price_alterations")
    alterations: set[str] = set()
    for key, row in p._unique(
        "price_alterations", "alteration_id", [(r.get("alteration_id"), r) for r in rows]
    ):
        name, start = row.get("name"), row.get("start_date")[:10]
        store = p.centra.store_id(row.get("store"))
        status = p._status("price_alterations", row, key, _STATUSES)
        if status is None:
            continue
        if not name:
            p._refuse("price_alterations", row, "name", key, "no name", "give it a name")
            continue
        if store is None:
            reason = f"unknown store {row.get('store')!r}"
            p._refuse("price_alterations", row, "store", key, reason, "give the wholesale store")
            continue
        if len(start) != 10 or start[4] != "-" or start[7] != "-":
            reason = f"start_date {row.get('start_date')!r} is not a date"
            p._refuse("price_alterations", row, "start_date", key, reason, "write it as 2024-02-01")
            continue
        alterations.add(key)
        current = known.current.get(key)
        wanted = {"name": name, "status": status, "startDate": start}
        stamp = f"{start}T00:00:00+00:00"
        if current is None:
            p._plan("price_alterations").create.append(
                Change(key, row.where, _new(list(wanted.items())))
            )
            payload = {"name": name, "status": status, "store": {"id": store}, "startDate": stamp}
            step = p._send(
                "price_alterations",
                "ErpCreatePriceAlteration",
                {"input": payload},
                "createPriceAlteration",
                [(key, row)],
                "create",
                ("PriceAlteration", key),
                ("priceAlteration", "id"),
            )
            _intent(step, known, key)
            continue
        p.ids[("PriceAlteration", key)] = current["id"]
        if current["store"]["id"] != store:
            p._refuse(
                "price_alterations",
                row,
                "store",
                key,
                f"Centra's alteration {current['id']} is in another store",
                "give a new alteration_id",
            )
            alterations.discard(key)
            continue
        have = {
            "name": current["name"],
            "status": current["status"],
            "startDate": current["startDate"][:10],
        }
        fields = _diff([(k, have[k], v) for k, v in wanted.items()])
        if p._changed("price_alterations", key, row, fields):
            update = {f.field: (stamp if f.field == "startDate" else f.new) for f in fields}
            p._send(
                "price_alterations",
                "ErpUpdatePriceAlteration",
                {"id": current["id"], "input": update},
                "updatePriceAlteration",
                [(key, row)],
                "update",
            )
    rows = p.files.rows.get("altered_prices", [])
    p._plan("altered_prices")
    keyed = []
    for row in rows:
        target = row.get("variant_id") or row.get("product_id")
        keyed.append((f"{row.get('alteration_id')}/{row.get('pricelist_id')}/{target}", row))
    valid = []
    for key, row in p._unique("altered_prices", "alteration_id", keyed):
        alteration = row.get("alteration_id")
        if not p._depends(
            "altered_prices",
            row,
            "alteration_id",
            key,
            "price_alterations",
            alteration,
            "price alteration",
        ):
            continue
        if alteration not in alterations:
            p._unknown("altered_prices", row, "alteration_id", key, alteration, "price alteration")
            continue
        valid.append((key, row))
    groups = _price_entries(p, "altered_prices", valid, "alteration_id")

    def altered(scope: str, _pricelist_id: int) -> Prices:
        return known.prices.get(scope, {})

    items = _price_items(p, "altered_prices", groups, altered)
    p.steps += batches(
        items, lambda i: _batch(i, altered=True), "ErpSetAlteredPrices", "setAlteredPricesBatch"
    )


def _intent(step: Step, known: Alterations, key: str) -> None:
    store = known.store

    def before() -> None:
        if store is not None:
            store.set_fact(SCOPE, key, {"state": "creating", "after": known.probe_after})

    def after(internal: int) -> None:
        known.probe_after = max(known.probe_after, internal)
        known.remember(key, internal)

    step.before, step.after = before, after
