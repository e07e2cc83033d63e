"""Customers and custom attributes (dynamic attributes, defined per shop)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ariadne import InterfaceType, MutationType, ObjectType, QueryType

from centra_bridge.emulator._context import Info, shop_of
from centra_bridge.emulator._dates import DEFAULT_FORMAT, format_php, in_range
from centra_bridge.emulator._model import (
    AttributeDefinition,
    Customer,
    MappedAttributeValue,
    Order,
    Product,
    ProductVariant,
)
from centra_bridge.emulator._mutations import UserInputError, payload, require
from centra_bridge.emulator._paging import page_slice
from centra_bridge.emulator._shop import Shop

query = QueryType()
mutation = MutationType()
customer_type = ObjectType("Customer")
product_type = ObjectType("Product")
variant_type = ObjectType("ProductVariant")
dtc_order_type = ObjectType("DirectToConsumerOrder")
element_interface = InterfaceType("AttributeElement")
with_attributes = InterfaceType("ObjectWithAttributes")
bindables = [
    query,
    mutation,
    customer_type,
    product_type,
    variant_type,
    dtc_order_type,
    element_interface,
    with_attributes,
]

_KIND_TYPES = {
    "SELECT": "AttributeChoiceElement",
    "FILE": "AttributeFileElement",
    "IMAGE": "AttributeImageElement",
}
_OBJECT_TYPES: dict[type, str] = {
    Customer: "Customer",
    Product: "Product",
    ProductVariant: "ProductVariant",
    Order: "Order",
}


def define_attribute(shop: Shop, definition: AttributeDefinition) -> None:
    """Add a custom attribute type to the shop (Centra configures these per client)."""
    shop.attribute_definitions[definition.name] = definition


def define_mapped_value(shop: Shop, value: MappedAttributeValue) -> None:
    """Add a pre-defined value of a mapped attribute type (Catalog -> Attributes in the AMS)."""
    shop.mapped_attributes[value.id] = value
    shop.new_id("mapped_attribute", value.id)


def _elements(definition: AttributeDefinition, assigned: dict[str, Any]) -> list[dict[str, Any]]:
    elements = []
    for key, description, kind in definition.elements:
        value = assigned.get(key)
        element = {
            "key": key,
            "description": description,
            "kind": kind,
            "value": value,
            "is_multi": False,
            "selected_value": value,
            "selected_value_name": value,
            "url": value,
        }
        if kind == "IMAGE" and isinstance(value, dict):  # an image: url, width, height, type
            element.update(value)
        elements.append(element)
    return elements


def _attribute(definition: AttributeDefinition, assigned: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": {"name": definition.name, "is_mapped": definition.is_mapped},
        "description": definition.description,
        "object_type": definition.object_type,
        "elements": _elements(definition, assigned),
    }


def attributes_of(shop: Shop, object_type: str, object_id: int) -> list[dict[str, Any]]:
    """Dynamic attributes first (as assigned), then each selected mapped value on its own."""
    values = shop.attribute_values.get((object_type, object_id), {})
    result = [
        _attribute(shop.attribute_definitions[name], assigned) for name, assigned in values.items()
    ]
    for mapped_id in shop.mapped_assignments.get((object_type, object_id), []):
        mapped = shop.mapped_attributes[mapped_id]
        result.append(_attribute(shop.attribute_definitions[mapped.type_name], mapped.values))
    return result


def _mapped(shop: Shop, value: MappedAttributeValue) -> dict[str, Any]:
    definition = shop.attribute_definitions[value.type_name]
    return {**_attribute(definition, value.values), "id": value.id, "name": value.name}


def _mapped_changes(
    shop: Shop, object_type: str, items: Sequence[dict[str, Any]], path: list[str]
) -> list[int]:
    """The mapped value ids ``items`` name, each checked against its type and object type."""
    ids = []
    for index, item in enumerate(items):
        where = [*path, str(index)]
        definition = shop.attribute_definitions.get(item["attribute_type_name"])
        require(
            definition and definition.is_mapped and definition.object_type == object_type,
            f"No mapped {object_type} attribute named {item['attribute_type_name']!r}",
            [*where, "attributeTypeName"],
        )
        value = shop.mapped_attributes.get(item["attribute_id"])
        require(
            value and value.type_name == item["attribute_type_name"],
            f"Attribute {item['attribute_type_name']} has no value with ID {item['attribute_id']}",
            [*where, "attributeId"],
        )
        ids.append(item["attribute_id"])
    return ids


def change_mapped(
    info: Info,
    object_type: str,
    object_id: int,
    items: Sequence[dict[str, Any]],
    path: list[str],
    *,
    select: bool,
) -> None:
    """Select (or de-select) mapped attribute values on an object; checks everything first."""
    shop = shop_of(info)
    ids = _mapped_changes(shop, object_type, items, path)
    selected = shop.mapped_assignments.setdefault((object_type, object_id), [])
    for mapped_id in ids:
        if select and mapped_id not in selected:
            selected.append(mapped_id)
        elif not select and mapped_id in selected:
            selected.remove(mapped_id)


def _object(shop: Shop, object_type: str, object_id: int) -> Any:
    registries: dict[str, dict[int, Any]] = {
        "Customer": shop.customers,
        "Product": shop.products,
        "ProductVariant": shop.variants,
        "Order": shop.orders,
    }
    return registries[object_type].get(object_id)


@element_interface.type_resolver
def resolve_element_type(element: dict[str, Any], *_: Any) -> str:
    return _KIND_TYPES.get(element["kind"], "AttributeStringElement")


@with_attributes.type_resolver
def resolve_with_attributes_type(obj: Any, *_: Any) -> str:
    if isinstance(obj, Order):
        return "WholesaleOrder" if obj.store.type == "WHOLESALE" else "DirectToConsumerOrder"
    return _OBJECT_TYPES.get(type(obj), "Customer")


def _target(shop: Shop, input: dict[str, Any]) -> Any:
    object_type, object_id = input["object_type"], int(input["object_id"])
    target = _object(shop, object_type, object_id)
    if target is None:
        msg = f"Could not find {object_type} with ID {object_id}"
        raise UserInputError(msg, ["input", "objectId"])
    return target


def _dynamic_definition(
    shop: Shop, object_type: str, item: dict[str, Any], where: list[str]
) -> AttributeDefinition:
    definition = shop.attribute_definitions.get(item["attribute_type_name"])
    require(
        definition and definition.object_type == object_type and not definition.is_mapped,
        f"No {object_type} attribute named {item['attribute_type_name']!r}",
        [*where, "attributeTypeName"],
    )
    assert definition is not None
    keys = [key for key, _, _ in definition.elements]
    require(
        item["attribute_element_key"] in keys,
        f"Attribute {definition.name} has no element "
        f"{item['attribute_element_key']!r}; it has {keys}",
        [*where, "attributeElementKey"],
    )
    return definition


@mutation.field("unassignAttributes")
@payload("object")
def resolve_unassign(_: None, info: Info, input: dict[str, Any]) -> Any:
    shop = shop_of(info)
    target = _target(shop, input)
    object_type, object_id = input["object_type"], int(input["object_id"])
    cleared = []
    for index, item in enumerate(input.get("dynamic_attributes") or []):
        where = ["input", "dynamicAttributes", str(index)]
        definition = _dynamic_definition(shop, object_type, item, where)
        cleared.append((definition.name, item["attribute_element_key"]))
    mapped = input.get("mapped_attributes") or []
    change_mapped(info, object_type, object_id, mapped, ["input", "mappedAttributes"], select=False)
    values = shop.attribute_values.get((object_type, object_id), {})
    for name, key in cleared:
        values.get(name, {}).pop(key, None)
        if not values.get(name):
            values.pop(name, None)
    shop.touch(target, object_type)
    return target


@mutation.field("assignAttributes")
@payload("object")
def resolve_assign(_: None, info: Info, input: dict[str, Any]) -> Any:
    shop = shop_of(info)
    target = _target(shop, input)
    object_type, object_id = input["object_type"], int(input["object_id"])
    mapped = input.get("mapped_attributes") or []
    _mapped_changes(shop, object_type, mapped, ["input", "mappedAttributes"])
    changes = []
    for index, item in enumerate(input.get("dynamic_attributes") or []):
        where = ["input", "dynamicAttributes", str(index)]
        definition = _dynamic_definition(shop, object_type, item, where)
        changes.append(
            (definition.name, item["attribute_element_key"], item["attribute_element_value"])
        )
    values = shop.attribute_values.setdefault((object_type, object_id), {})
    for name, key, value in changes:
        values.setdefault(name, {})[key] = value
    change_mapped(info, object_type, object_id, mapped, ["input", "mappedAttributes"], select=True)
    shop.touch(target, object_type)
    return target


def _attributes(object_type: str) -> Any:
    def resolve(obj: Any, info: Info) -> list[dict[str, Any]]:
        reference = obj.number if isinstance(obj, Order) else obj.id
        return attributes_of(shop_of(info), object_type, reference)

    return resolve


customer_type.set_field("attributes", _attributes("Customer"))
product_type.set_field("attributes", _attributes("Product"))
variant_type.set_field("attributes", _attributes("ProductVariant"))
dtc_order_type.set_field("attributes", _attributes("Order"))


@customer_type.field("updatedAt")
def resolve_customer_updated(
    customer: Customer, info: Info, format: str = DEFAULT_FORMAT
) -> str | None:
    if customer.updated_at is None:
        return None
    return format_php(customer.updated_at, format, shop_of(info).timezone)


@query.field("customers")
def resolve_customers(
    _: None,
    info: Info,
    where: dict[str, Any] | None = None,
    limit: int | None = None,
    page: int | None = None,
) -> list[Customer]:
    shop = shop_of(info)
    customers = list(shop.customers.values())
    where = where or {}
    if where.get("id") is not None:
        customers = [c for c in customers if c.id in set(where["id"])]
    match = where.get("email") or {}
    if match.get("equals") is not None:
        customers = [c for c in customers if c.email == match["equals"]]
    if match.get("contains") is not None:
        customers = [c for c in customers if match["contains"] in c.email]
    if where.get("updated_at"):
        customers = [
            c for c in customers if in_range(c.updated_at, where["updated_at"], shop.timezone)
        ]
    return page_slice(customers, limit, page)


@query.field("mappedAttributes")
def resolve_mapped_attributes(
    _: None,
    info: Info,
    where: dict[str, Any] | None = None,
    limit: int | None = None,
    page: int | None = None,
) -> list[dict[str, Any]]:
    shop = shop_of(info)
    values = list(shop.mapped_attributes.values())
    where = where or {}
    if where.get("id") is not None:
        values = [v for v in values if v.id in set(where["id"])]
    match = where.get("type_name") or {}
    if match.get("equals") is not None:
        values = [v for v in values if v.type_name == match["equals"]]
    if match.get("contains") is not None:
        values = [v for v in values if match["contains"] in v.type_name]
    if where.get("object_type") is not None:
        values = [
            v
            for v in values
            if shop.attribute_definitions[v.type_name].object_type == where["object_type"]
        ]
    return page_slice([_mapped(shop, v) for v in values], limit, page)
