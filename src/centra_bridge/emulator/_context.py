"""What every resolver receives: the request's context and typed accessors for it."""

from __future__ import annotations

from typing import Any, TypeAlias

from graphql import GraphQLResolveInfo

from centra_bridge.emulator._shop import Shop

# Keys: shop, grant, permissions (None = all), permissions_used (set), limiter.
Context: TypeAlias = dict[str, Any]
Info: TypeAlias = GraphQLResolveInfo[Context]


def shop_of(info: Info) -> Shop:
    shop: Shop = info.context["shop"]
    return shop
