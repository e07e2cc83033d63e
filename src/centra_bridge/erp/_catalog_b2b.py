"""Plan the wholesale (B2B) side: accounts, their buyers, delivery windows with their variants.

Their create inputs carry no ``externalId``, so each create is mapped with ``setIdConversions``
right after it; a run killed between the two finds the object again by its natural key (an
account or delivery window by name, a buyer by e-mail within its account) and maps it.
Accounts are updated in place (name, status, market, pricelist, discount); buyers and delivery
windows are made once, and a window gets the variants it lacks (``setDeliveryWindowVariants``,
100 a call).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from centra_bridge.erp._catalog_files import CatalogRow
from centra_bridge.erp._catalog_model import Change, Ref, Step
from centra_bridge.erp._catalog_plan import _STATUSES, Planner, _diff, _new

if TYPE_CHECKING:
    from centra_bridge.client import CentraClient

__all__ = ["B2B", "plan_b2b", "read_b2b"]

_WINDOW_TYPES = ("STOCK", "LINK", "STOCK_LINK")  # at-once windows: PREORDER needs dates
_WINDOW_BATCH = 100  # Centra's limit per setDeliveryWindowVariants


@dataclass
class B2B:
    accounts: dict[int, dict[str, Any]]
    buyers: dict[int, dict[str, Any]]
    windows: dict[int, dict[str, Any]]


def read_b2b(client: CentraClient, entities: set[str]) -> B2B:
    def read(operation: str, root: str, wanted: str) -> dict[int, dict[str, Any]]:
        if wanted not in entities:
            return {}
        pages = client.pages(operation, root, {}, size=200)
        return {item["id"]: item for items, _ in pages for item in items}

    return B2B(
        read("ErpCatalogAccounts", "accounts", "accounts"),
        read("ErpCatalogBuyers", "buyers", "buyers"),
        read("ErpCatalogDeliveryWindows", "deliveryWindows", "delivery_windows"),
    )


def _existing(
    p: Planner, entity: str, object_type: str, key: str, registry: dict[int, Any], same: Any
) -> dict[str, Any] | None:
    internal = p.centra.internal(object_type, key)
    if internal in registry:
        return dict(registry[internal])
    mapped = p.centra.mapped_ids(object_type)
    found = next((o for o in registry.values() if o["id"] not in mapped and same(o)), None)
    if found is not None:
        p._found(entity, object_type, key, found["id"])
    return found


def _create(
    p: Planner, entity: str, operation: str, payload: str, row: CatalogRow, key: str, **kw: Any
) -> Step:
    object_type = {"accounts": "Account", "buyers": "Buyer"}.get(entity, "DeliveryWindow")
    step = p._send(
        entity,
        operation,
        {"input": kw["input"]},
        payload,
        [(key, row)],
        "create",
        (object_type, key),
        (kw["root"], "id"),
    )
    step.map_after = True
    return step


def _accounts(p: Planner, b2b: B2B) -> set[str]:  # noqa: PLR0912, PLR0915 (a rule each)
    rows = p.files.rows.get("accounts", [])
    p._plan("accounts")
    valid: set[str] = set()
    for key, row in p._unique("accounts", "account_id", [(r.get("account_id"), r) for r in rows]):
        name, pricelist = row.get("name"), row.get("pricelist_id")
        market = p.centra.market_id(row.get("market"))
        status = p._status("accounts", row, key, _STATUSES)
        if status is None:
            continue
        if not name:
            p._refuse("accounts", row, "name", key, "no name", "give the account a name")
            continue
        if market is None:
            reason = f"unknown market {row.get('market')!r}"
            p._refuse("accounts", row, "market", key, reason, "give a market's name or id")
            continue
        if not p._depends(
            "accounts", row, "pricelist_id", key, "pricelists", pricelist, "pricelist"
        ):
            continue
        if pricelist not in p.pricelists:
            p._unknown("accounts", row, "pricelist_id", key, pricelist, "pricelist")
            continue
        try:
            discount = row.decimal("discount_percent") or Decimal(0)
        except ValueError:
            hint = "write it like 12.5"
            p._refuse("accounts", row, "discount_percent", key, "not a number", hint)
            continue
        valid.add(key)
        current = _existing(
            p, "accounts", "Account", key, b2b.accounts, lambda a, name=name: a["name"] == name
        )
        wanted = {"name": name, "status": status, "market": market, "pricelist": pricelist}
        if row.has("discount_percent"):
            wanted["discount_percent"] = discount
        if current is None:
            p._plan("accounts").create.append(Change(key, row.where, _new(list(wanted.items()))))
            payload: dict[str, Any] = {
                "name": name,
                "status": status,
                "market": {"id": market},
                "pricelist": Ref("Pricelist", pricelist),
            }
            if discount:
                payload["discounts"] = {"generalDiscount": {"discountPercent": float(discount)}}
            _create(
                p,
                "accounts",
                "ErpCreateAccount",
                "createAccount",
                row,
                key,
                input=payload,
                root="account",
            )
            continue
        names = {i: k for (t, k), i in p.ids.items() if t == "Pricelist"}  # found ones too
        have = {
            "name": current["name"],
            "status": current["status"],
            "market": (current["market"] or {}).get("id"),
            "pricelist": names.get(int((current["pricelist"] or {}).get("id") or 0), ""),
            "discount_percent": Decimal(str(current["discountPercent"])),
        }
        fields = _diff([(k, have[k], v) for k, v in wanted.items()])
        if p._changed("accounts", key, row, fields):
            update: dict[str, Any] = {}
            for change in fields:
                if change.field == "market":
                    update["market"] = {"id": market}
                elif change.field == "pricelist":
                    update["pricelist"] = Ref("Pricelist", pricelist)
                elif change.field == "discount_percent":
                    general = {"discountPercent": float(discount)}
                    update["discounts"] = {"generalDiscount": general}
                else:
                    update[change.field] = change.new
            p._send(
                "accounts",
                "ErpUpdateAccount",
                {"id": current["id"], "input": update},
                "updateAccount",
                [(key, row)],
                "update",
            )
    for key, internal in p.centra.conversions.get("Account", {}).items():
        if internal in b2b.accounts and ("accounts", key) not in p.refused:
            valid.add(key)
    return valid


def _buyers(p: Planner, b2b: B2B, accounts: set[str]) -> None:
    rows = p.files.rows.get("buyers", [])
    p._plan("buyers")
    for key, row in p._unique("buyers", "buyer_id", [(r.get("buyer_id"), r) for r in rows]):
        account, email = row.get("account_id"), row.get("email").lower()
        store = p.centra.store_id(row.get("store"))
        status = p._status("buyers", row, key, _STATUSES)
        if status is None:
            continue
        if not p._depends("buyers", row, "account_id", key, "accounts", account, "account"):
            continue
        if account not in accounts:
            p._unknown("buyers", row, "account_id", key, account, "account")
            continue
        if "@" not in email:
            reason = f"e-mail {row.get('email')!r} is not an address"
            p._refuse("buyers", row, "email", key, reason, "give the buyer's e-mail")
            continue
        if store is None or p.centra.stores[store]["type"] != "WHOLESALE":
            reason = f"{row.get('store')!r} is not a wholesale store"
            p._refuse("buyers", row, "store", key, reason, "give the wholesale store's name or id")
            continue
        account_id = p.ids.get(("Account", account))

        def same(
            b: dict[str, Any], account_id: int | None = account_id, email: str = email
        ) -> bool:
            address = (b["billingAddress"] or {}).get("email") or ""
            return b["account"]["id"] == account_id and address.lower() == email

        if _existing(p, "buyers", "Buyer", key, b2b.buyers, same) is not None:
            p._plan("buyers").unchanged += 1  # made once; change buyers in Centra
            continue
        fields = _new([("account", account), ("email", email), ("status", status)])
        p._plan("buyers").create.append(Change(key, row.where, fields))
        payload = {
            "store": {"id": store},
            "status": status,
            "account": Ref("Account", account),
            "billingAddress": {"email": email},
        }
        _create(p, "buyers", "ErpCreateBuyer", "createBuyer", row, key, input=payload, root="buyer")


def _windows(p: Planner, b2b: B2B) -> None:
    rows = p.files.rows.get("delivery_windows", [])
    plan = p._plan("delivery_windows")
    keyed = [(r.get("delivery_window_id"), r) for r in rows]
    for key, row in p._unique("delivery_windows", "delivery_window_id", keyed):
        name, kind = row.get("name"), row.get("type").upper() or "STOCK"
        markets = [p.centra.market_id(m) for m in row.listed("markets")]
        status = p._status("delivery_windows", row, key, _STATUSES)
        variants = row.listed("variants")
        if status is None:
            continue
        if not name or not markets or None in markets:
            column = "name" if not name else "markets"
            reason = "no name" if not name else f"unknown market in {row.get('markets')!r}"
            p._refuse("delivery_windows", row, column, key, reason, "give a name and markets M1|M2")
            continue
        if kind not in _WINDOW_TYPES:
            reason = f"type {kind} is not an at-once type"
            hint = f"use {', '.join(_WINDOW_TYPES)}; make preorder windows in Centra"
            p._refuse("delivery_windows", row, "type", key, reason, hint)
            continue
        bad = next((v for v in variants if v not in p.variants), None)
        if bad is not None:
            earlier = p.refused.get(("variants", bad))
            reason = (
                f"its variant {bad} is refused ({earlier.where})"
                if earlier
                else f"unknown variant {bad}"
            )
            p._refuse(
                "delivery_windows", row, "variants", key, reason, "list known variant ids, V1|V2"
            )
            continue
        current = _existing(
            p,
            "delivery_windows",
            "DeliveryWindow",
            key,
            b2b.windows,
            lambda w, name=name: w["name"] == name,
        )
        shown = (
            {(v["productVariant"]["id"], v["type"]) for v in current["variants"]}
            if current
            else set()
        )
        missing = [v for v in variants if (p.variants[v].centra_id, kind) not in shown]
        if current is None:
            plan.create.append(
                Change(
                    key,
                    row.where,
                    _new([("name", name), ("type", kind), ("variants", "|".join(variants))]),
                )
            )
            payload = {
                "name": name,
                "status": status,
                "defaultVariantDeliveryType": kind,
                "markets": [{"id": m} for m in markets],
                "atOnce": {},
            }
            _create(
                p,
                "delivery_windows",
                "ErpCreateDeliveryWindow",
                "createDeliveryWindow",
                row,
                key,
                input=payload,
                root="deliveryWindow",
            )
        elif missing:
            have = sorted(v for v in variants if v not in missing)
            plan.update.append(
                Change(
                    key,
                    row.where,
                    _diff([("variants", "|".join(have), "|".join(sorted(variants)))]),
                )
            )
        else:
            plan.unchanged += 1
            continue
        for start in range(0, len(missing), _WINDOW_BATCH):
            chunk = missing[start : start + _WINDOW_BATCH]
            items = [{"productVariant": Ref("ProductVariant", v), "type": kind} for v in chunk]
            window = Ref("DeliveryWindow", key)
            kind_of_row = "create" if current is None else "update"
            step = Step(
                "ErpSetDeliveryWindowVariants",
                {"input": {"deliveryWindow": window, "variants": items}},
                "setDeliveryWindowVariants",
                [] if current is None else [("delivery_windows", key, row, kind_of_row)],
            )
            p.steps.append(step)


def plan_b2b(p: Planner, b2b: B2B) -> None:
    accounts = _accounts(p, b2b)
    _buyers(p, b2b, accounts)
    _windows(p, b2b)
