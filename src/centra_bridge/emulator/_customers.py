"""Customers and custom attributes (dynamic attributes, defined per shop)."""

from __future__ import annotations

from typing import Any

from ariadne import InterfaceType, MutationType, ObjectType, QueryType

from centra_bridge.emulator._context import Info, shop_of
from centra_bridge.emulator._dates import DEFAULT_FORMAT, format_php, in_range
from centra_bridge.emulator._model import AttributeDefinition, Customer, Order, Product
from centra_bridge.emulator._mutations import UserInputError, payload, require
from centra_bridge.emulator._paging import page_slice
from centra_bridge.emulator._shop import Shop

query = QueryType()
mutation = MutationType()
customer_type = ObjectType("Customer")
product_type = ObjectType("Product")
dtc_order_type = ObjectType("DirectToConsumerOrder")
element_interface = InterfaceType("AttributeElement")
with_attributes = InterfaceType("ObjectWithAttributes")
bindables = [
    query,
    mutation,
    customer_type,
    product_type,
    dtc_order_type,
    element_interface,
    with_attributes,
]

_KIND_TYPES = {
    "SELECT": "AttributeChoiceElement",
    "FILE": "AttributeFileElement",
    "IMAGE": "AttributeImageElement",
}
_OBJECT_TYPES: dict[type, str] = {Customer: "Customer", Product: "Product", Order: "Order"}


def define_attribute(shop: Shop, definition: AttributeDefinition) -> None:
    """Add a custom attribute type to the shop (Centra configures these per client)."""
    shop.attribute_definitions[definition.name] = definition


def attributes_of(shop: Shop, object_type: str, object_id: int) -> list[dict[str, Any]]:
    values = shop.attribute_values.get((object_type, object_id), {})
    result = []
    for name, assigned in values.items():
        definition = shop.attribute_definitions[name]
        elements = [
            {
                "key": key,
                "description": description,
                "kind": kind,
                "value": assigned.get(key),
                "is_multi": False,
                "selected_value": assigned.get(key),
                "selected_value_name": assigned.get(key),
                "url": assigned.get(key),
            }
            for key, description, kind in definition.elements
        ]
        result.append(
            {
                "type": {"name": name, "is_mapped": definition.is_mapped},
                "description": definition.description,
                "object_type": definition.object_type,
                "elements": elements,
            }
        )
    return result


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


@mutation.field("assignAttributes")
@payload("object")
def resolve_assign(_: None, info: Info, input: dict[str, Any]) -> Any:
    shop = shop_of(info)
    object_type, object_id = input["object_type"], int(input["object_id"])
    target = _object(shop, object_type, object_id)
    if target is None:
        msg = f"Could not find {object_type} with ID {object_id}"
        raise UserInputError(msg, ["input", "objectId"])
    changes = []
    for index, item in enumerate(input["dynamic_attributes"]):
        where = ["input", "dynamicAttributes", str(index)]
        definition = shop.attribute_definitions.get(item["attribute_type_name"])
        require(
            definition and definition.object_type == object_type,
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
        changes.append(
            (definition.name, item["attribute_element_key"], item["attribute_element_value"])
        )
    values = shop.attribute_values.setdefault((object_type, object_id), {})
    for name, key, value in changes:
        values.setdefault(name, {})[key] = value
    shop.touch(target, object_type)
    return target


def _attributes(object_type: str) -> Any:
    def resolve(obj: Any, info: Info) -> list[dict[str, Any]]:
        reference = obj.number if isinstance(obj, Order) else obj.id
        return attributes_of(shop_of(info), object_type, reference)

    return resolve


customer_type.set_field("attributes", _attributes("Customer"))
product_type.set_field("attributes", _attributes("Product"))
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
