"""The service's HTTP side (starlette): the status page, ``/api/status``, ``/healthz``,
Prometheus ``/metrics``, the analytics query API and Centra's webhook receiver.

Loopback by default. Bound to another address the service needs a bearer token, which every
route but ``/healthz`` and the webhooks (signed with each shop's own secret) asks for.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import time
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from centra_bridge.centra import WebhookSignatureError, parse_webhook, verify_webhook
from centra_bridge.errors import CentraBridgeError, ConfigError, WarehouseBusyError
from centra_bridge.service._metrics import render_metrics
from centra_bridge.service._page import render_status

if TYPE_CHECKING:
    from centra_bridge.config import ServiceSettings
    from centra_bridge.service._status import StatusReader
    from centra_bridge.state import StateStore

__all__ = ["Submit", "is_loopback", "web_app"]

logger = logging.getLogger("centra_bridge.service.webhooks")

# Hands a job to whatever runs jobs (this process's threads, or the queue): (shop, job, payload).
Submit = Callable[[str, str, dict[str, Any]], None]
_WEBHOOK_TYPES = {"order", "shipment", "return", "customer", "account"}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_binding(service: ServiceSettings) -> None:
    """Refuse to serve the page off loopback without a token: it names shops and errors."""
    if not is_loopback(service.host) and service.token is None:
        msg = f"The status page would be open to anyone on {service.host} without a token"
        raise ConfigError(
            msg,
            hint='Set [service] token_env = "NAME" (and export NAME=<long random string>), '
            "or CENTRA_BRIDGE_SERVICE_TOKEN, or bind to 127.0.0.1.",
        )


def _error(status: int, message: str, hint: str | None = None) -> JSONResponse:
    return JSONResponse({"error": message, "hint": hint}, status_code=status)


class _App:
    def __init__(
        self,
        service: ServiceSettings,
        store: StateStore,
        status: StatusReader,
        submit: Submit,
        clock: Callable[[], float],
    ) -> None:
        self.service, self.store, self.status, self.submit = service, store, status, submit
        self.clock = clock
        self.open = is_loopback(service.host) and service.token is None

    def allowed(self, request: Request) -> bool:
        if self.open:
            return True
        given = request.headers.get("authorization", "")
        token = self.service.token.get_secret_value() if self.service.token else ""
        return bool(token) and hmac.compare_digest(given.encode(), f"Bearer {token}".encode())

    def guarded(self, handler: Callable[[Request], Any]) -> Callable[[Request], Any]:
        async def guard(request: Request) -> Response:
            if not self.allowed(request):
                return _error(401, "A bearer token is required", "Send Authorization: Bearer "
                              "<the token named by [service] token_env>.")  # fmt: skip
            result: Response = await handler(request)
            return result

        return guard

    async def page(self, _: Request) -> Response:
        return HTMLResponse(render_status(self.status.read()))

    async def api_status(self, _: Request) -> Response:
        return JSONResponse(self.status.read().to_dict())

    async def healthz(self, _: Request) -> Response:
        try:
            healthy = self.status.read().healthy
        except CentraBridgeError:
            return PlainTextResponse("state store unreachable\n", status_code=503)
        # Up is what an orchestrator restarts on; a failing shop is the page's news, not a
        # reason to restart the process.
        return PlainTextResponse("ok\n" if healthy else "ok (some shops failing)\n")

    async def metrics(self, _: Request) -> Response:
        body, content_type = render_metrics(self.status.read())
        return Response(body, media_type=content_type)

    async def query(self, request: Request) -> Response:
        from centra_bridge.analytics import AnalyticsError, Query, run_query
        from centra_bridge.warehouse import Reader, duckdb_file

        params = request.query_params
        only = next(iter(self.service.shops)) if len(self.service.shops) == 1 else None
        name = params.get("shop") or only
        if name not in self.service.shops:
            return _error(400, f"Name the shop: ?shop=<one of {', '.join(self.service.shops)}>")
        settings = self.service.shops[name].settings
        try:
            fmt = _format(params.get("format", "json"))
            query = Query(
                request.path_params["query_type"],
                _names(params.get("dimensions")),
                _names(params.get("metrics")),
                _day(params.get("from")),
                _day(params.get("to")),
                tuple(int(s) for s in _names(params.get("stores"))),
                params.get("timezone", "UTC"),
                params.get("base_currency", "").lower() in ("1", "true", "yes"),
                params.get("returns_by", "order"),
            )
            location = duckdb_file(settings) or settings.destination or ""
            with Reader(location) as reader:
                table = run_query(reader, query)
        except ValueError as exc:
            return _error(400, str(exc))
        except WarehouseBusyError as exc:
            return _error(503, exc.message, exc.hint)
        except (AnalyticsError, CentraBridgeError) as exc:
            return _error(400, exc.message, exc.hint)
        return _answer(table, fmt)

    async def webhook(self, request: Request) -> Response:
        name = request.path_params["shop"]
        shop = self.service.shops.get(name)
        peer = request.client.host if request.client else "?"
        if shop is None or shop.webhook_secret is None:
            logger.warning("webhook for %s from %s refused: no such shop with a secret", name, peer)
            return _error(404, f"No shop {name!r} with a webhook secret")
        body = await request.body()
        header = request.headers.get("x-centra-signature")
        try:
            verify_webhook(shop.webhook_secret.get_secret_value(), body, header, now=self.clock())
            payload = parse_webhook(body)
        except (WebhookSignatureError, ValueError) as exc:
            reason = exc.message if isinstance(exc, CentraBridgeError) else "payload is not JSON"
            logger.warning("webhook for %s from %s refused (401): %s", name, peer, reason)
            return _error(401, reason)
        signature = dict(p.split("=", 1) for p in (header or "").split(",") if "=" in p)["v1"]
        if not self.store.claim_key(f"webhooks:{name}", signature):
            logger.warning("webhook for %s from %s refused (409): a replay of %s…", name, peer,
                           signature[:12])  # fmt: skip
            return _error(409, "This webhook call was received before (a replay)")
        events = [e for e in payload.get("events") or () if isinstance(e, dict)]
        orders = sorted(
            {int(e["id"]) for e in events if e.get("type") == "order" and _number(e.get("id"))}
        )
        types = sorted({str(e.get("type")) for e in events} & _WEBHOOK_TYPES)
        mode = self.status.events_mode(name)
        if mode == "events":
            # The events consumer has these changes already: a fetch would only cost requests.
            return JSONResponse({"accepted": len(events), "fetch": False, "why": "events"})
        self.submit(name, "webhook", {"orders": orders, "types": types})
        return JSONResponse({"accepted": len(events), "fetch": True, "orders": len(orders)})


def _answer(table: Any, fmt: str) -> Response:
    """The query's Arrow table as JSON (a list of rows) or CSV (for a spreadsheet's import)."""
    if fmt == "json":
        body = json.dumps(table.to_pylist(), default=str)
        return Response(body, media_type="application/json")
    import pyarrow as pa
    import pyarrow.csv as pcsv

    sink = pa.BufferOutputStream()
    pcsv.write_csv(table, sink)
    return Response(sink.getvalue().to_pybytes(), media_type="text/csv; charset=utf-8")


def _format(fmt: str) -> str:
    if fmt not in ("json", "csv"):
        msg = f"format {fmt!r} is not json or csv"
        raise ValueError(msg)
    return fmt


def _number(value: Any) -> bool:
    return str(value).isdigit()


def _names(text: str | None) -> tuple[str, ...]:
    return tuple(n.strip() for n in (text or "").split(",") if n.strip())


def _day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        msg = f"{text!r} is not a date: use YYYY-MM-DD"
        raise ValueError(msg) from None


def web_app(
    service: ServiceSettings,
    store: StateStore,
    status: StatusReader,
    submit: Submit,
    *,
    clock: Callable[[], float] = time.time,
) -> Starlette:
    """The routes; ``submit`` starts a webhook's fetch; ``clock`` dates the webhooks' stamps
    (the documented test vector is signed in 1970)."""
    app = _App(service, store, status, submit, clock)
    return Starlette(
        routes=[
            Route("/", app.guarded(app.page)),
            Route("/api/status", app.guarded(app.api_status)),
            Route("/api/query/{query_type}", app.guarded(app.query)),
            Route("/metrics", app.guarded(app.metrics)),
            Route("/healthz", app.healthz),
            Route("/webhooks/centra/{shop}", app.webhook, methods=["POST"]),
        ]
    )
