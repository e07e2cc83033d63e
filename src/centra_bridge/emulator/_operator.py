"""Operator and shopper controls under ``/emulator/`` (outside the GraphQL schema, no token).

    GET  /emulator/status                       counts, tier, faults, webhook figures
    POST /emulator/reset      {scenario, seed, orders}
    POST /emulator/clock      {advance_seconds}
    POST /emulator/tier       {tier}
    POST /emulator/faults     {error, rate_limit, slow, cut, slow_seconds, seed}
    POST /emulator/orders     {count, seed}          place orders as a storefront would
    POST /emulator/activity   {new_orders, changed_orders, seed}
    POST /emulator/events     {integration, enabled}  switch the events system per integration
    POST /emulator/webhook    {url, secret, max_events, timeout, retries} ({} removes it)

They listen wherever the emulator listens (loopback by default) and need no token.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from centra_bridge.emulator._activity import place_random_orders, simulate_activity
from centra_bridge.emulator._scenarios import apply_scenario
from centra_bridge.emulator._shop import Shop

if TYPE_CHECKING:
    from centra_bridge.emulator._app import Emulator


def _answer(body: dict[str, Any], status: int = 200) -> Response:
    return Response(json.dumps(body), status_code=status, media_type="application/json")


def operator_routes(emulator: Emulator) -> list[Route]:
    async def body_of(request: Request) -> dict[str, Any]:
        raw = await request.body()
        data = json.loads(raw) if raw else {}
        if not isinstance(data, dict):
            msg = "The body must be a JSON object"
            raise TypeError(msg)
        return data

    def status() -> dict[str, Any]:
        shop = emulator.shop
        with shop.lock:
            return {
                "orders": len(shop.orders),
                "shipments": len(shop.shipments),
                "returns": len(shop.returns),
                "tier": emulator.limiter.tier.name,
                "rate_usage": emulator.limiter.usage(),
                "now": shop.clock.now().isoformat(),
                "responses": {str(k): v for k, v in emulator.responses.items()},
                "events_queued": {name: len(q) for name, q in shop.events.queues.items()},
                "events_disabled": sorted(shop.events.disabled),
                "faults": {
                    k: getattr(emulator.faults, k) for k in ("error", "rate_limit", "slow", "cut")
                },
                "webhook": None
                if emulator.webhook is None
                else {
                    "url": emulator.webhook.url,
                    "delivered": emulator.webhook.delivered,
                    "dropped": emulator.webhook.dropped,
                },
            }

    async def handle(request: Request) -> Response:
        action = request.path_params["action"]
        try:
            data = await body_of(request)
            result = _apply(emulator, action, data)
        except (ValueError, TypeError, KeyError) as exc:
            return _answer({"error": str(exc)}, 400)
        if result is None:
            return _answer({"error": f"Unknown action {action!r}"}, 404)
        return _answer({**result, "status": status()})

    async def show(_: Request) -> Response:
        return _answer(status())

    return [
        Route("/emulator/status", show, methods=["GET"]),
        Route("/emulator/{action}", handle, methods=["POST"]),
    ]


def _reset(emulator: Emulator, data: dict[str, Any]) -> dict[str, Any]:
    shop = emulator.shop
    fresh = Shop(timezone=str(shop.timezone))
    scenario = data.get("scenario", "default")
    seed, orders = int(data.get("seed", 1)), int(data.get("orders", 2000))
    apply_scenario(fresh, scenario, seed=seed, orders=orders)
    with shop.lock:
        for name in shop.integrations:
            fresh.register_integration(name)
        fresh.events.observers = shop.events.observers
        emulator.shop = fresh
    return {}


def _events(shop: Shop, data: dict[str, Any]) -> dict[str, Any]:
    integration = str(data["integration"])
    if data.get("enabled", True):
        shop.events.disabled.discard(integration)
    else:
        shop.events.disabled.add(integration)
    return {}


def _webhook(emulator: Emulator, data: dict[str, Any]) -> dict[str, Any]:
    if data.get("url"):
        emulator.configure_webhook(**data)
    else:
        emulator.remove_webhook()
    return {}


def _clock(emulator: Emulator, data: dict[str, Any]) -> dict[str, Any]:
    emulator.shop.clock.advance(float(data["advance_seconds"]))
    return {}


def _tier(emulator: Emulator, data: dict[str, Any]) -> dict[str, Any]:
    emulator.set_tier(str(data["tier"]))
    return {}


def _faults(emulator: Emulator, data: dict[str, Any]) -> dict[str, Any]:
    emulator.faults.configure(**data)
    return {}


def _apply(emulator: Emulator, action: str, data: dict[str, Any]) -> dict[str, Any] | None:
    shop = emulator.shop
    actions: dict[str, Callable[[], dict[str, Any]]] = {
        "reset": lambda: _reset(emulator, data),
        "webhook": lambda: _webhook(emulator, data),
        "clock": lambda: _clock(emulator, data),
        "tier": lambda: _tier(emulator, data),
        "faults": lambda: _faults(emulator, data),
        "events": lambda: _events(shop, data),
        "orders": lambda: {
            "orders": place_random_orders(
                shop, int(data.get("count", 1)), seed=int(data.get("seed", 0))
            )
        },
        "activity": lambda: {
            "orders": simulate_activity(
                shop,
                seed=int(data.get("seed", 0)),
                new_orders=int(data.get("new_orders", 10)),
                changed_orders=int(data.get("changed_orders", 10)),
            )
        },
    }
    handler = actions.get(action)
    if handler is None:
        return None
    if action in ("reset", "webhook"):  # these take the lock themselves, or need none
        return handler()
    with shop.lock:
        return handler()
