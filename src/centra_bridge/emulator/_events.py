"""GraphQL face of the events system and of ID conversion."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ariadne import MutationType, ObjectType, QueryType, UnionType
from graphql import GraphQLError

from centra_bridge.emulator import _model
from centra_bridge.emulator._context import Info, shop_of
from centra_bridge.emulator._dates import DEFAULT_FORMAT, format_php
from centra_bridge.emulator._idconv import IdConversionEntry
from centra_bridge.emulator._mutations import UserInputError, payload, warn
from centra_bridge.emulator._paging import page_slice
from centra_bridge.emulator._queues import Event, EventListener
from centra_bridge.emulator._refs import integration_of
from centra_bridge.emulator._shop import Shop

query = QueryType()
mutation = MutationType()
event_type = ObjectType("Event")
listener_type = ObjectType("EventListener")
target_union = UnionType("EventTarget")
bindables = [query, mutation, event_type, listener_type, target_union]

MAX_EVENTS = 1000

_TARGET_NAMES: dict[type, str] = {
    _model.Order: "DirectToConsumerOrder",
    _model.Product: "Product",
    _model.ProductVariant: "ProductVariant",
    _model.ProductSize: "ProductSize",
    _model.SizeChart: "SizeChart",
    _model.Shipment: "Shipment",
    _model.Return: "Return",
    _model.PaymentHistoryEntry: "PaymentHistoryEntry",
    _model.Warehouse: "Warehouse",
    _model.StockChange: "StockChange",
    _model.Customer: "Customer",
    _model.Market: "Market",
    _model.Store: "Store",
}


def registry_for(shop: Shop, object_type: str) -> dict[int, Any] | None:
    """Where objects of an event's ``objectType`` live (orders by number)."""
    registries: dict[str, dict[int, Any]] = {
        "Order": shop.orders,
        "Product": shop.products,
        "ProductVariant": shop.variants,
        "ProductSize": shop.product_sizes,
        "SizeChart": shop.size_charts,
        "Shipment": shop.shipments,
        "Return": shop.returns,
        "PaymentHistoryEntry": shop.payments,
        "Warehouse": shop.warehouses,
        "StockChange": shop.stock_changes,
        "Customer": shop.customers,
        "Market": shop.markets,
        "Store": shop.stores,
    }
    return registries.get(object_type)


@target_union.type_resolver
def resolve_target_type(obj: Any, *_: Any) -> str | None:
    return _TARGET_NAMES.get(type(obj))


# -- listeners and events ----------------------------------------------------------------------


@mutation.field("setEventListeners")
@payload("event_listeners")
def resolve_set_listeners(_: None, info: Info, input: list[dict[str, Any]]) -> list[EventListener]:
    queues = shop_of(info).events
    integration = integration_of(info)
    return [
        queues.set_listener(integration, item["object_type"], item.get("change_types"))
        for item in input
    ]


@mutation.field("unsetEventListeners")
@payload("event_listeners")
def resolve_unset_listeners(
    _: None, info: Info, input: list[dict[str, Any]]
) -> list[EventListener]:
    queues = shop_of(info).events
    integration = integration_of(info)
    affected = [
        queues.unset_listener(integration, item["object_type"], item.get("change_types"))
        for item in input
    ]
    return [listener for listener in affected if listener is not None]


@mutation.field("confirmEvents")
@payload("events")
def resolve_confirm(_: None, info: Info, input: dict[str, Any]) -> list[Event]:
    ids = [int(i) for i in input["events_ids"]]
    confirmed = shop_of(info).events.confirm(integration_of(info), ids)
    missing = sorted(set(ids) - {e.id for e in confirmed})
    if missing:  # confirming twice is harmless; say so rather than fail
        warn(info, f"Not in the queue (confirmed already?): {missing}", ["input", "eventsIds"])
    return confirmed


@query.field("eventListeners")
def resolve_listeners(
    _: None, info: Info, where: dict[str, Any] | None = None
) -> list[EventListener]:
    shop = shop_of(info)
    where = where or {}
    names = where.get("integration_name") or [integration_of(info)]
    listeners = [
        listener for name in names for listener in shop.events.listeners.get(name, {}).values()
    ]
    if where.get("object_type") is not None:
        listeners = [x for x in listeners if x.object_type in set(where["object_type"])]
    if where.get("change_type") is not None:
        wanted = set(where["change_type"])
        listeners = [x for x in listeners if wanted & set(x.change_types)]
    return listeners


@query.field("events")
def resolve_events(
    _: None, info: Info, where: dict[str, Any] | None = None, limit: int = 100
) -> list[Event]:
    if not 1 <= limit <= MAX_EVENTS:
        msg = f"Limit must be in range 1 - {MAX_EVENTS}"
        raise GraphQLError(msg)
    shop = shop_of(info)
    grant = info.context["grant"]
    events = shop.events.pending(integration_of(info))
    where = where or {}
    filters: tuple[tuple[str, Callable[[Event], object]], ...] = (
        ("object_type", lambda e: e.object_type),
        ("change_type", lambda e: e.change_type),
        ("store_id", lambda e: e.store_id),
        ("market_id", lambda e: e.market_id),
    )
    for key, getter in filters:
        if where.get(key) is not None:
            allowed = set(where[key])
            events = [e for e in events if getter(e) in allowed]
    if grant.store_ids is not None:  # store-restricted tokens see only their stores' events
        events = [e for e in events if e.store_id is None or e.store_id in grant.store_ids]
    return events[:limit]


@event_type.field("object")
def resolve_event_object(event: Event, info: Info) -> Any:
    if event.change_type == "DELETED":
        return None
    registry = registry_for(shop_of(info), event.object_type)
    return None if registry is None else registry.get(event.object_reference)


@event_type.field("store")
def resolve_event_store(event: Event, info: Info) -> _model.Store | None:
    return shop_of(info).stores.get(event.store_id or 0)


@event_type.field("market")
def resolve_event_market(event: Event, info: Info) -> _model.Market | None:
    return shop_of(info).markets.get(event.market_id or 0)


def _date(attr: str) -> Any:
    def resolve(obj: Any, info: Info, format: str = DEFAULT_FORMAT) -> str:
        return format_php(getattr(obj, attr), format, shop_of(info).timezone)

    return resolve


event_type.set_field("createdAt", _date("created_at"))
listener_type.set_field("createdAt", _date("created_at"))
listener_type.set_field("updatedAt", _date("updated_at"))


# -- ID conversion -------------------------------------------------------------------------------


@mutation.field("setIdConversions")
@payload("entries")
def resolve_set_conversions(
    _: None, info: Info, input: list[dict[str, Any]]
) -> list[IdConversionEntry]:
    shop = shop_of(info)
    integration = integration_of(info)
    entries = []
    for index, item in enumerate(input):
        external = str(item["external_id"])
        if not 0 < len(external) <= 255:
            msg = "externalId must be 1 to 255 characters"
            raise UserInputError(msg, ["input", str(index), "externalId"])
        entries.append(
            shop.id_conversions.put(
                integration, item["object_type"], external, int(item["internal_id"])
            )
        )
    return entries


@mutation.field("unsetIdConversions")
@payload("entries")
def resolve_unset_conversions(
    _: None, info: Info, input: list[dict[str, Any]]
) -> list[IdConversionEntry]:
    shop = shop_of(info)
    integration = integration_of(info)
    removed = []
    for index, item in enumerate(input):
        ref = {k: v for k, v in item["id_conversion"].items() if v is not None}
        if len(ref) != 1:
            msg = "Exactly one input field should be provided"
            raise UserInputError(msg, ["input", str(index), "idConversion"])
        [(key, value)] = ref.items()
        attr = {"id": "id", "internal_id": "internal_id", "external_id": "external_id"}[key]
        for entry in list(shop.id_conversions.entries.values()):
            same = (
                entry.integration_name == integration and entry.object_type == item["object_type"]
            )
            if same and str(getattr(entry, attr)) == str(value):
                removed.append(shop.id_conversions.unset(entry.id))
    return [entry for entry in removed if entry is not None]


@query.field("idConversions")
def resolve_conversions(
    _: None,
    info: Info,
    where: dict[str, Any] | None = None,
    limit: int | None = None,
    page: int | None = None,
) -> list[IdConversionEntry]:
    shop = shop_of(info)
    integration = integration_of(info)
    entries = [e for e in shop.id_conversions.entries.values() if e.integration_name == integration]
    where = where or {}
    if where.get("object_type") is not None:
        entries = [e for e in entries if e.object_type in set(where["object_type"])]
    if where.get("internal_id") is not None:
        entries = [e for e in entries if e.internal_id in set(where["internal_id"])]
    match = where.get("external_id") or {}
    if match.get("equals") is not None:
        entries = [e for e in entries if e.external_id == match["equals"]]
    if match.get("contains") is not None:
        entries = [e for e in entries if match["contains"] in e.external_id]
    return page_slice(entries, limit, page)
