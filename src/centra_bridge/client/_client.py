"""The GraphQL client: one POST per operation, errors mapped to our tree, retries by stamina."""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any

import httpx
import orjson
import stamina
from pydantic import SecretStr

from centra_bridge import __version__
from centra_bridge.client._budget import RateBudget
from centra_bridge.client._operations import operation_document
from centra_bridge.errors import (
    AuthenticationError,
    GraphQLError,
    GraphQLErrorEntry,
    HTTPStatusError,
    InvalidResponseError,
    PermissionDeniedError,
    RateLimitedError,
    TransportError,
    UnsureMutationError,
    UserError,
    UserErrorsError,
)

logger = logging.getLogger("centra_bridge.client")

__all__ = ["CentraClient", "Extensions", "Response"]

CONNECT_ATTEMPTS = 3
_MUTATION = re.compile(r"^\s*mutation\b", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Extensions:
    """Centra's per-response ``extensions``: cost and the permissions the request exercised."""

    complexity: int | None = None
    permissions_used: tuple[str, ...] = ()
    app_version: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, raw: dict[str, Any] | None) -> Extensions:
        raw = raw or {}
        complexity = raw.get("complexity")
        return cls(
            complexity=int(complexity) if isinstance(complexity, int | float) else None,
            permissions_used=tuple(raw.get("permissionsUsed") or ()),
            app_version=raw.get("appVersion"),
            raw=raw,
        )


@dataclass(frozen=True, slots=True)
class Response:
    """A GraphQL answer; ``errors`` is only non-empty when the caller allowed errors."""

    data: dict[str, Any]
    extensions: Extensions
    errors: tuple[GraphQLErrorEntry, ...] = ()
    # The server's clock when it answered (its ``Date`` header): a change stamped in that
    # second may still be followed by another with the same stamp.
    server_time: datetime | None = None


def _server_time(value: str | None) -> datetime | None:
    try:
        return parsedate_to_datetime(value) if value else None
    except (TypeError, ValueError):
        return None


def parse_retry_after(value: str | None, default: float = 1.0) -> float:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds, an HTTP date or a Unix time."""
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        try:
            moment = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return default
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return max(0.0, (moment - datetime.now(UTC)).total_seconds())
    # Centra documents "a timestamp"; a number that large is one, not a delay.
    return max(0.0, number - time.time()) if number > 1e9 else max(0.0, number)


# Server errors that will not go away by waiting: the URL is not an API that does this.
PERMANENT_STATUSES = frozenset({501, 505, 510, 511})


def _transient(status: int) -> bool:
    return status >= 500 and status not in PERMANENT_STATUSES


def _retry_hook(exc: BaseException) -> bool | float:
    if isinstance(exc, RateLimitedError):
        return exc.retry_after
    if isinstance(exc, HTTPStatusError):
        return _transient(exc.status_code)
    return isinstance(exc, TransportError)


class CentraClient:
    """A client for one Centra Integration API endpoint.

    ``execute("Orders", {...})`` runs a named operation from ``client/operations/*.graphql``;
    ``query(document, ...)`` runs any document. Both return ``Response`` or raise a
    ``ClientError``. Transport errors, transient 5xx and 429 are retried (429 after
    ``Retry-After``); 501 and other lasting answers are not.
    With a ``RateBudget`` every request first waits for its share of the shop's rate limits,
    which are read from ``rateLimits`` when the client starts and every 30 s after.
    """

    def __init__(
        self,
        endpoint: str,
        token: SecretStr | str,
        *,
        timeout: float = 30.0,
        retry_attempts: int = 10,
        retry_timeout: float = 600.0,
        transport: httpx.BaseTransport | None = None,
        budget: RateBudget | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.budget = budget
        secret = token if isinstance(token, SecretStr) else SecretStr(token)
        # Names this integration's events queue (one per endpoint and token) without the token.
        key = f"{endpoint}\n{secret.get_secret_value()}".encode()
        self.integration_key = hashlib.sha256(key).hexdigest()[:20]
        self._http = httpx.Client(
            timeout=timeout,
            transport=transport,
            headers={
                "Authorization": f"Bearer {secret.get_secret_value()}",
                "User-Agent": f"centra-bridge/{__version__}",
            },
        )
        self.retry_attempts = retry_attempts
        self.retry_timeout = retry_timeout
        self.requests_sent = 0
        self.last_extensions = Extensions()

    def __repr__(self) -> str:
        return f"CentraClient(endpoint={self.endpoint!r})"

    # -- public ------------------------------------------------------------------------------

    def execute(
        self,
        operation: str,
        variables: dict[str, Any] | None = None,
        *,
        allow_errors: bool = False,
        repeatable: bool = True,
    ) -> Response:
        """Run the named operation from the bundled ``.graphql`` files (``repeatable``: see
        ``query``)."""
        return self.query(
            operation_document(operation),
            variables,
            operation_name=operation,
            allow_errors=allow_errors,
            repeatable=repeatable,
        )

    def query(
        self,
        document: str,
        variables: dict[str, Any] | None = None,
        *,
        operation_name: str | None = None,
        allow_errors: bool = False,
        repeatable: bool = True,
    ) -> Response:
        """Run ``document``; with ``allow_errors``, GraphQL errors come back in ``errors``.
        A mutation that is not ``repeatable`` (a create, a delta) is sent again only when it
        cannot have reached Centra (a refused connection, a 429); a lost answer raises
        ``UnsureMutationError`` instead of risking a second object."""
        body: dict[str, Any] = {"query": document, "variables": variables or {}}
        if operation_name:
            body["operationName"] = operation_name
        if self.budget is not None and operation_name != "RateLimits" and self.budget.refresh_due():
            self.read_rate_limits()
        mutation = bool(_MUTATION.search(document))
        refused = 0

        def retry(exc: BaseException) -> bool | float:
            # A refused connection means nothing listens there: retry briefly (a restart),
            # not for the whole budget meant for rate limits and server errors.
            nonlocal refused
            if isinstance(exc, TransportError) and exc.connect_failed:
                refused += 1
                return refused < CONNECT_ATTEMPTS
            if mutation and not repeatable and not isinstance(exc, RateLimitedError):
                return False
            return _retry_hook(exc)

        try:
            for attempt in stamina.retry_context(
                on=retry, attempts=self.retry_attempts, timeout=self.retry_timeout
            ):
                with attempt:
                    raw, server_time = self._post(body, operation_name, mutation=mutation)
        except (TransportError, HTTPStatusError) as exc:
            lost = isinstance(exc, TransportError) and not exc.connect_failed
            lost |= isinstance(exc, HTTPStatusError) and _transient(exc.status_code)
            if mutation and not repeatable and lost:
                msg = (
                    f"{operation_name or 'A mutation'}: {exc.message}, so whether Centra "
                    "applied it is unknown; it was not sent again"
                )
                raise UnsureMutationError(msg) from exc
            raise
        return self._interpret(raw, operation_name, allow_errors=allow_errors, at=server_time)

    def read_rate_limits(self) -> list[dict[str, Any]] | None:
        """Centra's ``rateLimits`` rows (None when the shop will not say), also handed to the
        budget: the shop's real quotas and what other integrations have used."""
        try:
            answer = self.execute("RateLimits")
        except (GraphQLError, InvalidResponseError) as exc:
            # Pace by what the budget knows. (An unreachable endpoint or a refused token is the
            # caller's error to meet, once, on its own request.)
            logger.info("could not read rateLimits (%s); pacing from the configured tier", exc)
            if self.budget is not None:
                self.budget.observe(None)
            return None
        rows = list(answer.data.get("rateLimits") or [])
        if self.budget is not None:
            self.budget.observe(rows, complexity=answer.extensions.complexity or 0)
        return rows

    def pages(
        self, operation: str, root: str, variables: dict[str, Any] | None = None, *, size: int = 200
    ) -> Iterator[tuple[list[Any], Response]]:
        """Numbered pages (``limit``, ``page``) of the operation's list ``root``, each with its
        answer, until a short one: how Centra's plain list queries are read to the end."""
        page = 1
        while True:
            answer = self.execute(operation, {**(variables or {}), "limit": size, "page": page})
            items = answer.data[root]
            yield items, answer
            if len(items) < size:
                return
            page += 1

    def mutate(
        self,
        operation: str,
        variables: dict[str, Any],
        payload_field: str,
        *,
        repeatable: bool = True,
    ) -> dict[str, Any]:
        """Run a mutation; raise ``UserErrorsError`` when its payload has ``userErrors``.
        Say ``repeatable=False`` for one that must not be applied twice (see ``query``)."""
        data = self.execute(operation, variables, repeatable=repeatable).data[payload_field]
        errors = [
            UserError(e.get("message", ""), tuple(str(p) for p in e.get("path") or ()))
            for e in data.get("userErrors") or ()
        ]
        if errors:
            raise UserErrorsError(operation, errors)
        for warning in data.get("userWarnings") or ():
            logger.warning("%s warning: %s", operation, warning.get("message"))
        return dict(data)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> CentraClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- internals ---------------------------------------------------------------------------

    def _post(
        self, body: dict[str, Any], operation: str | None, *, mutation: bool
    ) -> tuple[dict[str, Any], datetime | None]:
        reserved = self.budget.acquire(operation, mutation=mutation) if self.budget else 0
        self.requests_sent += 1
        started = time.monotonic()
        try:
            response = self._http.post(self.endpoint, json=body)
        except httpx.TimeoutException as exc:
            msg = f"Centra did not answer within {self._http.timeout.read}s ({self.endpoint})"
            raise TransportError(msg) from exc
        except httpx.ConnectError as exc:
            msg = f"Could not reach {self.endpoint}: {exc}"
            raise TransportError(msg, connect_failed=True) from exc
        except httpx.HTTPError as exc:
            msg = f"Could not reach {self.endpoint}: {exc.__class__.__name__}: {exc}"
            raise TransportError(msg) from exc
        elapsed = time.monotonic() - started
        where = f"{operation or 'query'} at {self.endpoint}"
        status = response.status_code
        if status == 429:
            if self.budget is not None:
                self.budget.refused()
            retry_after = parse_retry_after(response.headers.get("Retry-After"))
            logger.info("rate limited on %s; waiting %.1fs", where, retry_after)
            msg_0 = f"Rate limited by Centra on {where}"
            raise RateLimitedError(msg_0, retry_after=retry_after)
        if status in (401, 403):
            msg_0 = f"Centra refused the token ({status}) on {where}: {_error_message(response)}"
            raise AuthenticationError(
                msg_0,
                status_code=status,
            )
        try:
            # orjson: a page of 200 orders with lines is ~1 MB, and decoding it is most of the
            # client's work; the stdlib parser would take twice the CPU the sync can spare.
            payload = orjson.loads(response.content)
        except orjson.JSONDecodeError:
            payload = None
        if status >= 400 and not (
            status == 400 and isinstance(payload, dict) and "errors" in payload
        ):
            if _transient(status):
                msg_0 = f"Centra answered HTTP {status} on {where}"
                hint = "Retry later; if it persists, check Centra's status page."
            else:
                # Centra's API answers 200/400/401/403/429: anything else is another server.
                msg_0 = (
                    f"{self.endpoint} answered HTTP {status} {response.reason_phrase} to "
                    f"{operation or 'a query'}: the endpoint is probably wrong"
                )
                hint = "Use your shop's Integration API URL: https://<shop>.centra.com/graphql."
            raise HTTPStatusError(msg_0, status_code=status, hint=hint)
        if not isinstance(payload, dict) or not ("data" in payload or "errors" in payload):
            msg_0 = f"{where} did not answer with a GraphQL response (HTTP {status})"
            raise InvalidResponseError(msg_0)
        extensions = Extensions.from_json(payload.get("extensions"))
        self.last_extensions = extensions
        if self.budget is not None:
            self.budget.settle(operation, reserved, extensions.complexity)
        logger.debug(
            "%s took %.3fs, complexity=%s permissionsUsed=%s appVersion=%s",
            operation or "query",
            elapsed,
            extensions.complexity,
            ",".join(extensions.permissions_used),
            extensions.app_version,
        )
        return payload, _server_time(response.headers.get("Date"))

    def _interpret(
        self,
        payload: dict[str, Any],
        operation: str | None,
        *,
        allow_errors: bool,
        at: datetime | None = None,
    ) -> Response:
        errors = [GraphQLErrorEntry.from_json(e) for e in payload.get("errors") or ()]
        data = payload.get("data")
        extensions = Extensions.from_json(payload.get("extensions"))
        if errors and not allow_errors:
            if any(e.category == "authorization" for e in errors):
                raise PermissionDeniedError(
                    [e for e in errors if e.category == "authorization"],
                    data=data,
                    operation=operation,
                )
            raise GraphQLError(errors, data=data, operation=operation)
        return Response(
            data=data or {}, extensions=extensions, errors=tuple(errors), server_time=at
        )


def _error_message(response: httpx.Response) -> str:
    try:
        errors = response.json().get("errors") or [{}]
        return str(errors[0].get("message", "")) or response.reason_phrase
    except (json.JSONDecodeError, UnicodeDecodeError, AttributeError):
        return response.reason_phrase
