"""Resolvers for stores, markets and the rate-limit report."""

from __future__ import annotations

from typing import Any

from ariadne import MutationType, ObjectType, QueryType

from centra_bridge.emulator._context import Info, shop_of
from centra_bridge.emulator._model import Country, Display, Market, Store
from centra_bridge.emulator._mutations import payload, require
from centra_bridge.emulator._paging import page_slice, sort_items
from centra_bridge.emulator._ratelimit import RateLimiter
from centra_bridge.emulator._refs import changed_countries, integration_of, lookup

query = QueryType()
mutation = MutationType()
market_type = ObjectType("Market")
bindables = [query, mutation, market_type]


@query.field("stores")
def resolve_stores(_: None, info: Info) -> list[Store]:
    return list(shop_of(info).stores.values())


@query.field("markets")
def resolve_markets(
    _: None,
    info: Info,
    where: dict[str, Any] | None = None,
    sort: list[str] | None = None,
    limit: int | None = None,
    page: int | None = None,
) -> list[Market]:
    markets = list(shop_of(info).markets.values())
    where = where or {}
    if where.get("id") is not None:
        markets = [m for m in markets if m.id in set(where["id"])]
    if where.get("store_id") is not None:
        markets = [m for m in markets if m.store.id in set(where["store_id"])]
    ordered, _fields = sort_items(markets, sort, {"id": "id", "name": "name"}, "id")
    return page_slice(ordered, limit, page)


@query.field("rateLimits")
def resolve_rate_limits(_: None, info: Info) -> list[dict[str, Any]]:
    limiter: RateLimiter = info.context["limiter"]
    return limiter.snapshot()


@query.field("countries")
def resolve_countries(
    _: None,
    info: Info,
    where: dict[str, Any] | None = None,
    limit: int | None = None,
    page: int | None = None,
) -> list[Country]:
    countries = list(shop_of(info).countries.values())
    where = where or {}
    if where.get("code") is not None:
        countries = [c for c in countries if c.code in set(where["code"])]
    if where.get("is_eu") is not None:
        countries = [c for c in countries if c.is_eu == where["is_eu"]]
    return page_slice(countries, limit, page)


@query.field("market")
def resolve_market(_: None, info: Info, id: int) -> Market | None:
    return shop_of(info).markets.get(id)


@market_type.field("displays")
def resolve_market_displays(market: Market, info: Info) -> list[Display]:
    return [d for d in shop_of(info).displays.values() if market in d.markets]


def _change_market(info: Info, market: Market, input: dict[str, Any]) -> None:
    """Name, comment, allocation rule and countries of a create or update input."""
    shop = shop_of(info)
    name = input.get("name")
    if name is not None:
        taken = [m for m in shop.markets.values() if m.store is market.store and m.name == name]
        require(
            all(m is market for m in taken),
            f"Store {market.store.id} has a market named {name!r} already",
            ["input", "name"],
        )
        market.name = name
    if input.get("comment") is not None:
        market.comment = input["comment"]
    if input.get("allocation_rule") is not None:
        market.allocation_rule = lookup(
            info,
            shop.allocation_rules,
            input["allocation_rule"],
            ["input", "allocationRule"],
            kind="AllocationRule",
        )
    market.assigned_to_countries = changed_countries(
        shop,
        market.assigned_to_countries,
        input,
        dtc=market.store.type == "DIRECT_TO_CONSUMER",
        what="markets",
    )


@mutation.field("createMarket")
@payload("market")
def resolve_create_market(_: None, info: Info, input: dict[str, Any]) -> Market:
    shop = shop_of(info)
    store = lookup(info, shop.stores, input["store"], ["input", "store"], kind="Store")
    # A new market sells in the shop's base currency until a pricelist says otherwise.
    base = min(shop.currencies.values(), key=lambda c: (c.base_rate != 1.0, c.id))
    if shop.markets:
        shop.new_id("market", max(shop.markets))
    market = Market(shop.new_id("market"), "", store, [], base)
    _change_market(info, market, input)
    shop.markets[market.id] = market
    if input.get("external_id"):
        shop.id_conversions.put(integration_of(info), "Market", input["external_id"], market.id)
    shop.emit("Market", "CREATED", market)
    return market


@mutation.field("updateMarket")
@payload("market")
def resolve_update_market(_: None, info: Info, id: int, input: dict[str, Any]) -> Market:
    shop = shop_of(info)
    market = lookup(info, shop.markets, {"id": id}, [], kind="Market")
    _change_market(info, market, input)
    shop.emit("Market", "UPDATED", market)
    return market
