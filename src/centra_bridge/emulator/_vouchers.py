"""Vouchers with actions (criteria and results), as ``createVoucher`` takes them in one call."""

from __future__ import annotations

from typing import Any

from ariadne import MutationType, ObjectType

from centra_bridge.emulator._context import Info, shop_of
from centra_bridge.emulator._dates import DEFAULT_FORMAT, format_php, parse_input
from centra_bridge.emulator._model import Voucher, VoucherAction
from centra_bridge.emulator._mutations import payload, require
from centra_bridge.emulator._refs import integration_of, lookup

mutation = MutationType()
voucher_type = ObjectType("Voucher")
bindables = [mutation, voucher_type]

_CRITERIA = {"always": "ALWAYS", "minimum_order_value": "MINIMUM_ORDER_VALUE"}
_RESULTS = {
    "selected_products": "CHANGE_SELECTED_PRODUCTS_PRICE",
    "free_shipping": "SET_FREE_SHIPPING",
}


def _action(item: dict[str, Any], path: list[str]) -> VoucherAction:
    criteria = [
        {"type": _CRITERIA[key]}
        for criterion in item.get("add_criteria") or []
        for key, value in criterion.items()
        if value not in (None, False)
    ]
    results = [key for key, value in (item.get("result") or {}).items() if value is not None]
    require(len(results) == 1, "Exactly one input field should be provided", [*path, "result"])
    entry = item.get("entrypoint_action")
    return VoucherAction(
        is_entry_point=entry is not None and entry.get("id") is None,
        criteria=criteria,
        result={"type": _RESULTS[results[0]]},
        continue_strategy=item["continue_strategy"],
    )


@mutation.field("createVoucher")
@payload("voucher")
def resolve_create_voucher(_: None, info: Info, input: dict[str, Any]) -> Voucher:
    shop = shop_of(info)
    store = lookup(info, shop.stores, input["store"], ["input", "store"], kind="Store")
    start = parse_input(input["start_at"], shop.timezone)
    stop = parse_input(input["stop_at"], shop.timezone)
    require(start < stop, "stopAt must be after startAt", ["input", "stopAt"])
    require(
        input["method"] != "CODE" or input.get("code"),
        "A CODE voucher needs a code",
        ["input", "code"],
    )
    taken = any(v.code == input.get("code") for v in shop.vouchers.values() if input.get("code"))
    require(
        not taken, f"The code {input.get('code')!r} is used by another voucher", ["input", "code"]
    )
    actions = [
        _action(item, ["input", "actions", str(i)])
        for i, item in enumerate(input.get("actions") or [])
    ]
    markets = [
        lookup(info, shop.markets, ref, ["input", "addMarkets", str(i)], kind="Market")
        for i, ref in enumerate(input.get("add_markets") or [])
    ]
    voucher = Voucher(
        shop.new_id("voucher"),
        input["name"],
        input["status"],
        start,
        stop,
        input["method"],
        input["priority"],
        input["max_usages"],
        input["reuse"],
        input["type"],
        input["entry_point_strategy"],
        store,
        code=input.get("code"),
        url=input.get("url"),
        combine_with_other_vouchers=input.get("combine_with_other_vouchers", True),
        conversion_html=input.get("conversion_html"),
        markets=markets,
        actions=actions,
    )
    shop.vouchers[voucher.id] = voucher
    shop.emit("Voucher", "CREATED", voucher)
    if input.get("external_id"):
        shop.id_conversions.put(integration_of(info), "Voucher", input["external_id"], voucher.id)
    return voucher


def _date(attr: str) -> Any:
    def resolve(voucher: Voucher, info: Info, format: str = DEFAULT_FORMAT) -> str:
        return format_php(getattr(voucher, attr), format, shop_of(info).timezone)

    return resolve


voucher_type.set_field("startAt", _date("start_at"))
voucher_type.set_field("stopAt", _date("stop_at"))
voucher_type.set_field("conversionHTML", lambda voucher, _: voucher.conversion_html)
