"""Reference inputs (``{id: 1}``, ``{externalId: "A"}``, ``{name: "S"}``...) to shop objects.

Exactly one field must be given. ``externalId`` is looked up in the ID conversion table of the
calling token's integration. Failures are ``UserInputError`` with the argument path.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from centra_bridge.emulator._context import Info, shop_of
from centra_bridge.emulator._model import Country, Order, ProductSize, Size, SizeChart
from centra_bridge.emulator._mutations import UserInputError, require
from centra_bridge.emulator._shop import Shop

T = TypeVar("T")


def integration_of(info: Info) -> str:
    return str(info.context["grant"].integration)


def _one_field(ref: dict[str, Any] | None, path: Sequence[str]) -> tuple[str, Any]:
    given = [(k, v) for k, v in (ref or {}).items() if v is not None]
    if len(given) != 1:
        msg = "Exactly one input field should be provided"
        raise UserInputError(msg, path)
    return given[0]


def lookup(
    info: Info,
    registry: dict[int, T],
    ref: dict[str, Any] | None,
    path: Sequence[str],
    *,
    kind: str,
    id_type: str | None = None,
) -> T:
    """Resolve ``{id}`` or ``{externalId}`` against ``registry``; ``kind`` names it in errors."""
    field, value = _one_field(ref, path)
    if field == "external_id":
        internal = shop_of(info).id_conversions.internal(
            integration_of(info), id_type or kind, str(value)
        )
        if internal is None:
            msg = f"Could not find {kind} with external ID {value}"
            raise UserInputError(msg, [*path, "externalId"])
        value = internal
    elif field != "id":
        msg = f"{kind} cannot be referenced by {field}"
        raise UserInputError(msg, [*path, field])
    found = registry.get(int(value))
    if found is None:
        msg = f"Could not find {kind} with ID {value}"
        raise UserInputError(msg, [*path, "id"])
    return found


def order_ref(info: Info, ref: dict[str, Any] | None, path: Sequence[str]) -> Order:
    shop = shop_of(info)
    field, value = _one_field(ref, path)
    if field == "number":
        order = shop.orders.get(int(value))
    elif field == "id":
        order = shop.order_by_hash(str(value))
    else:
        return lookup(
            info, shop.orders, {"id": _external(info, "Order", value, path)}, path, kind="Order"
        )
    if order is None:
        msg = f"Could not find Order with {field} {value}"
        raise UserInputError(msg, [*path, field])
    return order


def _external(info: Info, object_type: str, value: str, path: Sequence[str]) -> int:
    internal = shop_of(info).id_conversions.internal(integration_of(info), object_type, str(value))
    if internal is None:
        msg = f"Could not find {object_type} with external ID {value}"
        raise UserInputError(msg, [*path, "externalId"])
    return internal


def country_ref(shop: Shop, ref: dict[str, Any] | None, path: Sequence[str]) -> Country:
    field, value = _one_field(ref, path)
    for country in shop.countries.values():
        if (field == "id" and country.id == value) or (field == "code" and country.code == value):
            return country
    msg = f"Could not find Country with {field} {value}"
    raise UserInputError(msg, [*path, field])


def changed_countries(
    shop: Shop, countries: list[Country], input: dict[str, Any], *, dtc: bool, what: str
) -> list[Country]:
    """``countries`` after the input's ``removeCountries`` and ``addCountries`` (adding only in
    DTC stores: wholesale sells to accounts, not countries)."""
    added = [
        country_ref(shop, ref, ["input", "addCountries", str(i)])
        for i, ref in enumerate(input.get("add_countries") or [])
    ]
    removed = [
        country_ref(shop, ref, ["input", "removeCountries", str(i)])
        for i, ref in enumerate(input.get("remove_countries") or [])
    ]
    require(
        not added or dtc,
        f"Countries can only be added to {what} of DTC stores",
        ["input", "addCountries"],
    )
    kept = [c for c in countries if c not in removed]
    return kept + [c for c in added if c not in kept]


def size_ref(
    info: Info, chart: SizeChart | None, ref: dict[str, Any] | None, path: Sequence[str]
) -> Size:
    """A size of ``chart`` by id or name (names are unique within a chart)."""
    shop = shop_of(info)
    field, value = _one_field(ref, path)
    if field == "external_id":
        field, value = "id", _external(info, "Size", value, path)
    size = shop.sizes.get(int(value)) if field == "id" else None
    if field == "name" and chart is not None:
        size = next((s for s in chart.sizes if s.name == value), None)
    if size is None or (chart is not None and size.chart is not chart):
        where = f" in size chart {chart.name!r}" if chart else ""
        msg = f"Could not find Size with {field} {value}{where}"
        raise UserInputError(msg, [*path, field])
    return size


def product_size_ref(shop: Shop, ref: dict[str, Any] | None, path: Sequence[str]) -> ProductSize:
    field, value = _one_field(ref, path)
    for size in shop.product_sizes.values():
        if (
            (field == "id" and size.id == value)
            or (field == "sku" and size.sku == value)
            or (field == "ean" and size.ean == value)
            or (field == "upc" and size.upc == value)
            or (field == "any" and value in (size.sku, size.ean, size.upc))
        ):
            return size
    msg = f"Could not find ProductSize with {field} {value}"
    raise UserInputError(msg, [*path, field])
