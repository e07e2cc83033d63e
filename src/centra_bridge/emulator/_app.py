"""The emulator's HTTP face: ``POST /graphql`` as Centra serves it, plus ``/emulator/`` controls.

Per request: injected faults, authenticate the token (401 JSON when missing or unknown: Centra
does not publish its answer), parse, call the request hooks (outside the shop lock), take
rate-limit tokens (429 with ``Retry-After`` as an HTTP date), execute under the shop lock, debit
the complexity, and answer with Centra's ``extensions`` block.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import secrets
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

from graphql import (
    DocumentNode,
    GraphQLError,
    GraphQLFormattedError,
    OperationDefinitionNode,
    OperationType,
    execute_sync,
    parse,
    validate,
)
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from centra_bridge.emulator._faults import Faults, cut_response
from centra_bridge.emulator._operator import operator_routes
from centra_bridge.emulator._ratelimit import TIERS, RateLimiter, Tier
from centra_bridge.emulator._schema import build_schema
from centra_bridge.emulator._shop import Shop
from centra_bridge.emulator._webhooks import WebhookPlugin

logger = logging.getLogger("centra_bridge.emulator")

APP_VERSION = "v1.7.0-emulator"

# Called with (operation name, variables) before each GraphQL request is executed.
RequestHook = Callable[[str | None, dict[str, Any]], None]


@dataclass(frozen=True, slots=True)
class TokenGrant:
    """What one Integration API token may do. ``permissions=None`` grants every permission."""

    integration: str
    permissions: frozenset[str] | None = None
    expires_at: datetime | None = None
    store_ids: frozenset[int] | None = None  # Centra's store restriction; None = every store


def _json(
    body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None
) -> Response:
    return Response(
        json.dumps(body, separators=(",", ":")),
        status_code=status,
        media_type="application/json",
        headers=headers,
    )


def _error(
    message: str, status: int, category: str, headers: dict[str, str] | None = None
) -> Response:
    return _json(
        {"errors": [{"message": message, "extensions": {"category": category}}]}, status, headers
    )


@functools.lru_cache(maxsize=512)
def _prepare(query: str) -> tuple[DocumentNode | None, list[GraphQLFormattedError]]:
    """Parse and validate once per distinct query text (clients repeat the same operations)."""
    try:
        document = parse(query)
    except GraphQLError as exc:
        return None, [exc.formatted]
    errors = validate(build_schema(), document)
    if errors:
        return None, [e.formatted for e in errors]
    return document, []


def _token_of(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else None
    return token or request.cookies.get("graphql-access") or None


def _operation(document: DocumentNode, name: str | None) -> OperationDefinitionNode | None:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if name is None:
        return operations[0] if len(operations) == 1 else None
    return next((o for o in operations if o.name and o.name.value == name), None)


def complexity_of(data: Any) -> int:
    """One point per value in the answer: grows with selected fields and with list sizes."""
    if isinstance(data, dict):
        return sum(1 + complexity_of(v) for v in data.values())
    if isinstance(data, list):
        return sum(complexity_of(v) for v in data)
    return 0


class Emulator:
    """One emulated Centra instance: a shop, its tokens and its rate limits."""

    def __init__(self, shop: Shop | None = None, *, tier: str | Tier = "growth") -> None:
        self.shop = shop or Shop()
        self.tokens: dict[str, TokenGrant] = {}
        self.set_tier(tier)
        self.responses: Counter[int] = Counter()  # GraphQL answers sent, by HTTP status
        self._failures: list[int] = []
        self.faults = Faults()
        self.webhook: WebhookPlugin | None = None
        self._hooks: list[RequestHook] = []

    def add_request_hook(self, fn: RequestHook) -> Callable[[], None]:
        """Call ``fn(operation_name, variables)`` before every GraphQL request is executed.

        It runs in a worker thread outside the shop lock, so it may change the shop (through
        ``emulator.shop`` and its lock) or wait for another request, e.g. to stage a race. The
        operation name is the request's ``operationName`` or the one in the document (None when
        anonymous). A hook that raises makes the request answer 500. Returns the remover.
        """
        self._hooks.append(fn)

        def remove() -> None:
            if fn in self._hooks:
                self._hooks.remove(fn)

        return remove

    def configure_webhook(self, url: str, secret: str, **options: Any) -> WebhookPlugin:
        """Install the Centra Webhook plugin (Integration API mode) posting to ``url``."""
        self.remove_webhook()
        plugin = WebhookPlugin(url, secret, **options)
        self.shop.events.observers.append(plugin.observe)
        plugin.start()
        self.webhook = plugin
        return plugin

    def remove_webhook(self) -> None:
        if self.webhook is not None:
            self.shop.events.observers.remove(self.webhook.observe)
            self.webhook.stop()
            self.webhook = None

    def fail_next(self, count: int, status: int = 500) -> None:
        """Answer the next ``count`` GraphQL requests with HTTP ``status`` (fault injection)."""
        self._failures.extend([status] * count)

    def set_tier(self, tier: str | Tier) -> None:
        if isinstance(tier, str):
            if tier not in TIERS:
                msg = f"Unknown rate-limit tier {tier!r}; use one of {', '.join(TIERS)}"
                raise ValueError(msg)
            tier = TIERS[tier]
        self.limiter = RateLimiter(tier)

    def add_token(
        self,
        token: str | None = None,
        *,
        permissions: set[str] | frozenset[str] | None = None,
        integration: str = "centra-bridge",
        expires_at: datetime | None = None,
        store_ids: set[int] | None = None,
    ) -> str:
        """Register a token (a random one unless given) and return it.

        ``store_ids`` restricts it to those stores, as Centra's token restrictions do.
        """
        token = token or secrets.token_urlsafe(24)
        with self.shop.lock:
            self.shop.register_integration(integration)
        grant_permissions = None if permissions is None else frozenset(permissions)
        self.tokens[token] = TokenGrant(
            integration,
            grant_permissions,
            expires_at,
            None if store_ids is None else frozenset(store_ids),
        )
        return token

    def _grant(self, request: Request) -> TokenGrant | Response:
        token = _token_of(request)
        if not token:
            return _error(
                "Missing access token: send 'Authorization: Bearer <token>'", 401, "authentication"
            )
        grant = self.tokens.get(token)
        if grant is None or (grant.expires_at and grant.expires_at <= self.shop.clock.now()):
            return _error("Invalid or expired access token", 401, "authentication")
        return grant

    async def graphql(self, request: Request) -> Response:
        response = await self._graphql(request)
        self.responses[response.status_code] += 1
        return response

    async def _graphql(self, request: Request) -> Response:
        if self._failures:
            status = self._failures.pop(0)
            self.faults.injected["fail_next"] += 1
            return _error(f"Injected failure (HTTP {status})", status, "internal")
        fault = self.faults.draw(_token_of(request))
        if fault == "error":
            return _error("Injected failure (HTTP 500)", 500, "internal")
        if fault == "rate_limit":
            return self._too_many_requests(0.0)
        if fault == "slow":
            await asyncio.sleep(self.faults.slow_seconds)
        response = await self._execute(request)
        if fault == "cut" and response.status_code == 200:
            return cut_response(bytes(response.body))
        return response

    async def _parse(
        self, request: Request
    ) -> tuple[TokenGrant, dict[str, Any], DocumentNode, OperationDefinitionNode] | Response:
        grant = self._grant(request)
        if isinstance(grant, Response):
            return grant
        try:
            body = json.loads(await request.body())
            query = body["query"]
            if not isinstance(query, str):
                raise TypeError  # noqa: TRY301
        except (ValueError, KeyError, TypeError):
            return _error(
                'The body must be JSON: {"query": "...", "variables": {...}}', 400, "request"
            )
        document, errors = _prepare(query)
        if document is None:
            return _json({"errors": errors}, 400)
        operation = _operation(document, body.get("operationName"))
        if operation is None:
            return _error("Name the operation to run with operationName", 400, "request")
        return grant, body, document, operation

    async def _execute(self, request: Request) -> Response:
        parsed = await self._parse(request)
        if isinstance(parsed, Response):
            return parsed
        grant, body, document, operation = parsed
        mutation = operation.operation is OperationType.MUTATION
        variables = body.get("variables") or {}
        failed = await self._run_hooks(
            body.get("operationName") or (operation.name.value if operation.name else None),
            dict(variables) if isinstance(variables, dict) else {},
        )
        if failed is not None:
            return failed
        with self.shop.lock:
            wait = self.limiter.admit(mutation=mutation)
            if wait > 0:
                return self._too_many_requests(wait)
            context: dict[str, Any] = {
                "shop": self.shop,
                "grant": grant,
                "permissions": grant.permissions,
                "permissions_used": set(),
                "limiter": self.limiter,
            }
            result = execute_sync(
                build_schema(),
                document,
                context_value=context,
                variable_values=variables,
                operation_name=body.get("operationName"),
            )
            complexity = complexity_of(result.data) + 1
            self.limiter.charge_complexity(complexity)
            answered_at = self.shop.clock.now()
        answer: dict[str, Any] = {}
        if result.errors:
            answer["errors"] = [e.formatted for e in result.errors]
            for error in result.errors:
                if error.original_error and not isinstance(error.original_error, GraphQLError):
                    logger.warning("resolver failed: %s", error, exc_info=error.original_error)
        answer["data"] = result.data
        answer["extensions"] = {
            "complexity": complexity,
            "permissionsUsed": sorted(context["permissions_used"]),
            "appVersion": APP_VERSION,
        }
        # The shop's clock, not the machine's: its stamps and its Date header must agree.
        return _json(
            answer, headers={"Date": format_datetime(answered_at.astimezone(UTC), usegmt=True)}
        )

    async def _run_hooks(self, name: str | None, variables: dict[str, Any]) -> Response | None:
        for hook in list(self._hooks):
            try:
                # A thread, so that a hook may block (e.g. until another request has run).
                await asyncio.to_thread(hook, name, variables)
            except Exception as exc:
                logger.warning("request hook failed", exc_info=exc)
                return _error(f"Request hook failed: {exc!r}", 500, "internal")
        return None

    def _too_many_requests(self, wait: float) -> Response:
        # Centra's docs say Retry-After holds a timestamp: an HTTP date, rounded up to a second.
        resume = datetime.now(UTC) + timedelta(seconds=wait + 1)
        return _error(
            "Rate limit exceeded: wait until the time in the Retry-After header",
            429,
            "rateLimit",
            {"Retry-After": format_datetime(resume.replace(microsecond=0), usegmt=True)},
        )

    async def _not_allowed(self, _: Request) -> Response:
        return _error("Use POST for GraphQL requests", 405, "request", {"Allow": "POST"})

    def asgi_app(self) -> Starlette:
        build_schema()  # fail at startup, not at the first request, when the schema drifted
        return Starlette(
            routes=[
                Route("/graphql", self.graphql, methods=["POST"]),
                Route("/graphql", self._not_allowed, methods=["GET"]),
                *operator_routes(self),
            ]
        )
