"""Resolvers for stores, markets and the rate-limit report."""

from __future__ import annotations

from typing import Any

from ariadne import QueryType

from centra_bridge.emulator._context import Info, shop_of
from centra_bridge.emulator._model import Country, Market, Store
from centra_bridge.emulator._paging import page_slice, sort_items
from centra_bridge.emulator._ratelimit import RateLimiter

query = QueryType()
bindables = [query]


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
