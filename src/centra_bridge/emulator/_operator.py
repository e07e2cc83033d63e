"""Operator and shopper controls under ``/emulator/`` (outside the GraphQL schema, no token).

    GET  /emulator/status                       counts, tier, clock, faults, webhook figures
    POST /emulator/reset      {scenario, seed, orders}
    POST /emulator/clock      {advance_seconds, set, freeze}
    POST /emulator/tier       {tier}
    POST /emulator/faults     {error, rate_limit, slow, cut, slow_seconds, seed, tokens}
    POST /emulator/tokens     {permissions, integration, store_ids, expires_at, token} -> {token}
    POST /emulator/orders     {count, seed}          place orders as a storefront would
    POST /emulator/activity   {new_orders, changed_orders, seed}
    POST /emulator/events     {integration, enabled}  switch the events system per integration
    POST /emulator/events/purge {integration}        drop its queued events -> {purged}
    POST /emulator/webhook    {url, secret, max_events, timeout, retries} ({} removes it)

They listen wherever the emulator listens (loopback by default) and need no token. Every action
checks its whole body before it changes anything, so a refused call (HTTP 400 or 404, JSON
``{"error": "..."}``) has changed nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from centra_bridge.emulator._activity import place_random_orders, simulate_activity
from centra_bridge.emulator._mutations import UserInputError
from centra_bridge.emulator._scenarios import SCENARIOS, apply_scenario
from centra_bridge.emulator._schema import all_permissions, build_schema
from centra_bridge.emulator._shop import Shop

if TYPE_CHECKING:
    from centra_bridge.emulator._app import Emulator

# The body fields each action takes; anything else is refused, naming it.
_FIELDS: dict[str, set[str]] = {
    "reset": {"scenario", "seed", "orders"},
    "clock": {"advance_seconds", "set", "freeze"},
    "tier": {"tier"},
    "faults": {"error", "rate_limit", "slow", "cut", "slow_seconds", "seed", "tokens"},
    "tokens": {"permissions", "integration", "store_ids", "expires_at", "token"},
    "orders": {"count", "seed"},
    "activity": {"new_orders", "changed_orders", "seed"},
    "events": {"integration", "enabled"},
    "events/purge": {"integration"},
    "webhook": {"url", "secret", "max_events", "timeout", "retries"},
}


def _answer(body: dict[str, Any], status: int = 200) -> Response:
    return Response(json.dumps(body), status_code=status, media_type="application/json")


def _int(data: dict[str, Any], key: str, default: int, *, minimum: int | None = 0) -> int:
    value = data.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int):
        msg = f"{key} must be a whole number, not {value!r}"
        raise TypeError(msg)
    if minimum is not None and value < minimum:
        msg = f"{key} must be {minimum} or more, not {value}"
        raise ValueError(msg)
    return value


def _bool(data: dict[str, Any], key: str) -> bool:
    value = data[key]
    if not isinstance(value, bool):
        msg = f"{key} must be true or false, not {value!r}"
        raise TypeError(msg)
    return value


def _str(data: dict[str, Any], key: str, default: str | None = None) -> str:
    value = data.get(key, default)
    if not isinstance(value, str) or not value:
        msg = f"{key} must be a non-empty string, not {value!r}"
        raise ValueError(msg)
    return value


def _when(shop: Shop, value: Any, key: str) -> datetime:
    """An ISO 8601 date-time; without an offset it is read in the shop's time zone."""
    try:
        parsed = datetime.fromisoformat(str(value).strip())
    except ValueError:
        msg = f"{key} must be an ISO 8601 date-time such as 2026-11-01T12:00:00+01:00"
        raise ValueError(msg) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=shop.timezone)


def status_of(emulator: Emulator) -> dict[str, Any]:
    shop = emulator.shop
    with shop.lock:
        return {
            "orders": len(shop.orders),
            "shipments": len(shop.shipments),
            "returns": len(shop.returns),
            "tier": emulator.limiter.tier.name,
            "rate_usage": emulator.limiter.usage(),
            "now": shop.clock.now().isoformat(),
            "clock_frozen": shop.clock.frozen is not None,
            "responses": {str(k): v for k, v in emulator.responses.items()},
            "integrations": sorted(shop.integrations),
            "events_queued": {name: len(q) for name, q in shop.events.queues.items()},
            "events_disabled": sorted(shop.events.disabled),
            "faults": emulator.faults.summary(),
            "webhook": None
            if emulator.webhook is None
            else {
                "url": emulator.webhook.url,
                "delivered": emulator.webhook.delivered,
                "dropped": emulator.webhook.dropped,
            },
        }


def operator_routes(emulator: Emulator) -> list[Route]:
    async def run(request: Request, action: str) -> Response:
        if action not in _FIELDS:
            return _answer({"error": f"Unknown action {action!r}"}, 404)
        try:
            raw = await request.body()
            data = json.loads(raw) if raw else {}
            if not isinstance(data, dict):
                msg = "The body must be a JSON object"
                raise TypeError(msg)  # noqa: TRY301 (one place turns refusals into 400)
            unknown = sorted(set(data) - _FIELDS[action])
            if unknown:
                msg = (
                    f"Unknown field(s) for /emulator/{action}: {', '.join(unknown)}; "
                    f"it takes {', '.join(sorted(_FIELDS[action]))}"
                )
                raise ValueError(msg)  # noqa: TRY301
            result = _apply(emulator, action, data)
        except UserInputError as exc:
            return _answer({"error": exc.message}, 400)
        except (ValueError, TypeError, KeyError) as exc:
            text = f"Missing field {exc.args[0]!r}" if isinstance(exc, KeyError) else str(exc)
            return _answer({"error": text}, 400)
        return _answer({**result, "status": status_of(emulator)})

    async def handle(request: Request) -> Response:
        return await run(request, request.path_params["action"])

    async def purge(request: Request) -> Response:
        return await run(request, "events/purge")

    async def show(_: Request) -> Response:
        return _answer(status_of(emulator))

    return [
        Route("/emulator/status", show, methods=["GET"]),
        Route("/emulator/events/purge", purge, methods=["POST"]),
        Route("/emulator/{action}", handle, methods=["POST"]),
    ]


def _reset(emulator: Emulator, data: dict[str, Any]) -> dict[str, Any]:
    """A freshly seeded shop; tokens, integrations and their events switches are kept."""
    shop = emulator.shop
    scenario = _str(data, "scenario", "default")
    if scenario not in SCENARIOS:
        msg = f"Unknown scenario {scenario!r}; use one of {', '.join(SCENARIOS)}"
        raise ValueError(msg)
    seed, orders = _int(data, "seed", 1, minimum=None), _int(data, "orders", 2000)
    fresh = Shop(timezone=str(shop.timezone))
    apply_scenario(fresh, scenario, seed=seed, orders=orders)
    with shop.lock:
        for name in shop.integrations:
            fresh.register_integration(name)
        # The switch is the integration's setting, not shop data (as on Centra, where the
        # events system is enabled per integration): a reset must not turn it back on.
        fresh.events.disabled = set(shop.events.disabled)
        fresh.events.observers = shop.events.observers
        emulator.shop = fresh
    return {}


def _events(shop: Shop, data: dict[str, Any]) -> dict[str, Any]:
    integration = _str(data, "integration")
    if "enabled" not in data or _bool(data, "enabled"):
        shop.events.disabled.discard(integration)
    else:
        shop.events.disabled.add(integration)
    return {}


def _purge(shop: Shop, data: dict[str, Any]) -> dict[str, Any]:
    integration = _str(data, "integration")
    if integration not in shop.integrations:
        msg = f"Unknown integration {integration!r}; known: {', '.join(sorted(shop.integrations))}"
        raise ValueError(msg)
    return {"purged": shop.events.purge(integration)}


def _webhook(emulator: Emulator, data: dict[str, Any]) -> dict[str, Any]:
    if data.get("url"):
        emulator.configure_webhook(**data)
    else:
        emulator.remove_webhook()
    return {}


def _clock(shop: Shop, data: dict[str, Any]) -> dict[str, Any]:
    """Set, then advance, then freeze or unfreeze: all checked before the clock moves."""
    if not data:
        msg = "Give advance_seconds, set or freeze"
        raise ValueError(msg)
    when = _when(shop, data["set"], "set") if "set" in data else None
    advance = data.get("advance_seconds", 0)
    if isinstance(advance, bool) or not isinstance(advance, int | float):
        msg = f"advance_seconds must be a number, not {advance!r}"
        raise TypeError(msg)
    freeze = _bool(data, "freeze") if "freeze" in data else None
    if when is not None:
        shop.clock.set(when)
    if advance:
        shop.clock.advance(float(advance))
    if freeze is True:
        shop.clock.freeze()
    elif freeze is False:
        shop.clock.unfreeze()
    return {"now": shop.clock.now().isoformat()}


def _token(emulator: Emulator, data: dict[str, Any]) -> dict[str, Any]:
    shop = emulator.shop
    permissions = data.get("permissions")
    if permissions is not None:
        if not isinstance(permissions, list) or not all(isinstance(p, str) for p in permissions):
            msg = "permissions must be a list of permission names, or null for every permission"
            raise ValueError(msg)
        unknown = sorted(set(permissions) - all_permissions(build_schema()))
        if unknown:
            msg = f"Unknown permission(s): {', '.join(unknown)}"
            raise ValueError(msg)
    store_ids = data.get("store_ids")
    if store_ids is not None:
        if not isinstance(store_ids, list) or not all(
            isinstance(i, int) and not isinstance(i, bool) for i in store_ids
        ):
            msg = "store_ids must be a list of store ids, or null for every store"
            raise ValueError(msg)
        missing = sorted(set(store_ids) - set(shop.stores))
        if missing:
            msg = f"Unknown store id(s): {', '.join(map(str, missing))}"
            raise ValueError(msg)
    expires = data.get("expires_at")
    token = data.get("token")
    if token is not None and (not isinstance(token, str) or not token.strip()):
        msg = "token must be a non-empty string (or left out for a random one)"
        raise ValueError(msg)
    created = emulator.add_token(
        token,
        permissions=None if permissions is None else set(permissions),
        integration=_str(data, "integration", "centra-bridge"),
        expires_at=None if expires is None else _when(shop, expires, "expires_at"),
        store_ids=None if store_ids is None else set(store_ids),
    )
    return {"token": created}


def _tier(emulator: Emulator, data: dict[str, Any]) -> dict[str, Any]:
    emulator.set_tier(_str(data, "tier"))
    return {}


def _faults(emulator: Emulator, data: dict[str, Any]) -> dict[str, Any]:
    emulator.faults.configure(**data)
    return {}


def _apply(emulator: Emulator, action: str, data: dict[str, Any]) -> dict[str, Any]:
    shop = emulator.shop
    actions: dict[str, Callable[[], dict[str, Any]]] = {
        "reset": lambda: _reset(emulator, data),
        "webhook": lambda: _webhook(emulator, data),
        "clock": lambda: _clock(shop, data),
        "tier": lambda: _tier(emulator, data),
        "faults": lambda: _faults(emulator, data),
        "tokens": lambda: _token(emulator, data),
        "events": lambda: _events(shop, data),
        "events/purge": lambda: _purge(shop, data),
        "orders": lambda: {
            "orders": place_random_orders(
                shop, _int(data, "count", 1), seed=_int(data, "seed", 0, minimum=None)
            )
        },
        "activity": lambda: {
            "orders": simulate_activity(
                shop,
                seed=_int(data, "seed", 0, minimum=None),
                new_orders=_int(data, "new_orders", 10),
                changed_orders=_int(data, "changed_orders", 10),
            )
        },
    }
    handler = actions[action]
    if action in ("reset", "webhook", "tokens"):  # these take the lock themselves, or need none
        return handler()
    with shop.lock:
        return handler()
