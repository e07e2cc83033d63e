"""The emulator's executable schema, built from the SDL files in ``schema/``.

Drift fails at build time: ariadne refuses a resolver for a field the SDL lacks, and
``check_schema_coverage`` refuses an SDL field that neither a resolver nor the backing model
class provides. Permissions come from the SDL itself: a field described
``Required permission: X`` (as Centra's schema pages annotate fields) is guarded by X.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from ariadne import ScalarType, make_executable_schema
from ariadne.schema_names import convert_schema_names
from ariadne.utils import convert_camel_case_to_snake
from graphql import (
    GraphQLError,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    default_field_resolver,
)

from centra_bridge.centra import required_permission, schema_sdl
from centra_bridge.emulator import (
    _catalog,
    _customers,
    _events,
    _idconv,
    _localization,
    _model,
    _orders,
    _pricing,
    _queues,
    _shipments,
    _stock,
    _stores,
    _vouchers,
    _wholesale,
)
from centra_bridge.emulator._context import Info

# GraphQL object type -> the model class whose attributes back its fields.
MODEL_TYPES: dict[str, type] = {
    "DirectToConsumerOrder": _model.Order,
    "OrderLine": _model.OrderLine,
    "Store": _model.Store,
    "Market": _model.Market,
    "Country": _model.Country,
    "Currency": _model.Currency,
    "Customer": _model.Customer,
    "Product": _model.Product,
    "ProductVariant": _model.ProductVariant,
    "ProductSize": _model.ProductSize,
    "Size": _model.Size,
    "Address": _model.Address,
    "MonetaryValue": _model.Money,
    "SizeChart": _model.SizeChart,
    "Brand": _model.Brand,
    "Collection": _model.Collection,
    "Folder": _model.Folder,
    "MeasurementChart": _model.MeasurementChart,
    "MeasurementTable": _model.MeasurementTable,
    "Weight": _model.Weight,
    "Campaign": _model.Campaign,
    "Language": _model.Language,
    "Warehouse": _model.Warehouse,
    "Stock": _model.StockLevel,
    "StockChange": _model.StockChange,
    "StockChangeLine": _model.StockChangeLine,
    "CountryState": _model.CountryState,
    "Shipment": _model.Shipment,
    "ShipmentLine": _model.ShipmentLine,
    "Return": _model.Return,
    "ReturnLine": _model.ReturnLine,
    "PaymentHistoryEntry": _model.PaymentHistoryEntry,
    "OrderDiscount": _model.OrderDiscount,
    "Event": _queues.Event,
    "EventListener": _queues.EventListener,
    "IdConversionEntry": _idconv.IdConversionEntry,
    "WholesaleOrder": _model.Order,
    "ShippingOption": _model.ShippingOption,
    "Pricelist": _model.Pricelist,
    "Price": _model.PriceEntry,
    "PriceAlteration": _model.PriceAlteration,
    "Display": _model.Display,
    "Category": _model.Category,
    "ProductMedia": _model.ProductMedia,
    "AllocationRule": _model.AllocationRule,
    "DeliveryWindow": _model.DeliveryWindow,
    "DeliveryWindowVariant": _model.DeliveryWindowVariant,
    "DeliveryWindowDiscount": _model.DeliveryWindowDiscount,
    "Account": _model.Account,
    "Buyer": _model.Buyer,
    "Bundle": _model.Bundle,
    "BundleSection": _model.BundleSection,
    "Voucher": _model.Voucher,
    "VoucherAction": _model.VoucherAction,
}
# Object types served as dicts with snake_case keys, built in one function each.
DICT_TYPES = {
    "OrderConnection",
    "OrderEdge",
    "PageInfo",
    "RateLimit",
    "StockTotals",
    "OrderTotals",
    "ShippingPriceGroup",
    "StockChangeConnection",
    "StockChangeEdge",
    "CarrierInformation",
    "VoucherCriterion",
    "VoucherResult",
    "Attribute",
    "AttributeType",
    "AttributeStringElement",
    "AttributeChoiceElement",
    "AttributeFileElement",
    "AttributeImageElement",
    "MappedAttribute",
    "Counters",
    "DisplayItem",
    "DisplayConnection",
    "DisplayEdge",
    "Localization",
    "Translation",
}
# Types that never have a value in the emulator (always null), kept for the schema's shape.
NULL_TYPES = {
    "AdminUser",
    "StorePlugin",
    "BrickAndMortar",
    "UserError",
    "UserWarning",
    "TaxGroup",
    "CampaignVariant",
}
ROOT_TYPES = {"Query", "Mutation"}

date_time_tz = ScalarType("DateTimeTz")
int64 = ScalarType("Int64")


@date_time_tz.serializer
def _serialize_date(value: Any) -> str:
    return str(value)


@date_time_tz.value_parser
def _parse_date(value: Any) -> str:
    if not isinstance(value, str):
        msg = f"DateTimeTz must be a string, got {value!r}"
        raise GraphQLError(msg)
    return value


@int64.value_parser
def _parse_int64(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int | str):
        msg = f"Int64 must be an integer, got {value!r}"
        raise GraphQLError(msg)
    return int(value)


def check_schema_coverage(schema: GraphQLSchema) -> None:
    """Fail unless every SDL object field has a resolver or a backing model attribute."""
    problems: list[str] = []
    for name, graphql_type in schema.type_map.items():
        if name.startswith("__") or not isinstance(graphql_type, GraphQLObjectType):
            continue
        if name in ROOT_TYPES:
            problems += [
                f"{name}.{f} has no resolver"
                for f, field in graphql_type.fields.items()
                if field.resolve is None
            ]
            continue
        if name in DICT_TYPES or name in NULL_TYPES or _is_payload(graphql_type):
            continue
        model = MODEL_TYPES.get(name)
        if model is None:
            problems.append(f"type {name} is neither a model type nor a dict type")
            continue
        for field_name, field in graphql_type.fields.items():
            attr = convert_camel_case_to_snake(field_name)
            if field.resolve is None and not hasattr(model, attr):
                problems.append(f"{name}.{field_name}: no resolver and no {model.__name__}.{attr}")
        for interface in graphql_type.interfaces:
            problems += _interface_drift(graphql_type, interface)
    if problems:
        raise RuntimeError("Emulator schema drift:\n  " + "\n  ".join(problems))


def _is_payload(graphql_type: GraphQLObjectType) -> bool:
    # Payloads are dicts built by the ``payload`` decorator.
    return any(i.name == "Payload" for i in graphql_type.interfaces)


def _interface_drift(obj: GraphQLObjectType, interface: GraphQLInterfaceType) -> list[str]:
    # Execution uses the object's fields, so a permission the interface states must be kept;
    # interfaces without one (ObjectWithAttributes) leave each type its own.
    problems = []
    for name, field in interface.fields.items():
        wanted = required_permission(field.description)
        if wanted and wanted != required_permission(obj.fields[name].description):
            problems.append(f"{obj.name}.{name} permission differs from {interface.name}.{name}")
    return problems


def _guard(resolver: Callable[..., Any], permission: str, field_name: str) -> Callable[..., Any]:
    message = f"You need {permission} permission to access {field_name}."

    def resolve(obj: Any, info: Info, **kwargs: Any) -> Any:
        context = info.context
        context["permissions_used"].add(permission)
        granted = context["permissions"]
        if granted is not None and permission not in granted:
            raise GraphQLError(message, extensions={"category": "authorization"})
        return resolver(obj, info, **kwargs)

    return resolve


def _guard_permissions(schema: GraphQLSchema) -> None:
    for name, graphql_type in schema.type_map.items():
        if name.startswith("__") or not isinstance(graphql_type, GraphQLObjectType):
            continue
        for field_name, field in graphql_type.fields.items():
            permission = required_permission(field.description)
            if permission:
                resolver = field.resolve or default_field_resolver
                field.resolve = _guard(resolver, permission, field_name)


@functools.cache
def build_schema() -> GraphQLSchema:
    schema = make_executable_schema(
        schema_sdl(),
        *_orders.bindables,
        *_stores.bindables,
        *_catalog.bindables,
        *_stock.bindables,
        *_shipments.bindables,
        *_events.bindables,
        *_pricing.bindables,
        *_wholesale.bindables,
        *_vouchers.bindables,
        *_customers.bindables,
        *_localization.bindables,
        date_time_tz,
        int64,
    )
    check_schema_coverage(schema)
    convert_schema_names(schema, None)
    _guard_permissions(schema)
    return schema


def all_permissions(schema: GraphQLSchema) -> set[str]:
    """Every permission some field of the schema requires."""
    return {
        permission
        for name, graphql_type in schema.type_map.items()
        if isinstance(graphql_type, GraphQLObjectType | GraphQLInterfaceType)
        and not name.startswith("__")
        for field in graphql_type.fields.values()
        if (permission := required_permission(field.description))
    }
