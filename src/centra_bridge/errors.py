"""The one exception tree of centra-bridge.

    CentraBridgeError                 every error we raise; ``hint`` says what to do
    ├── ConfigError                   a setting is missing or wrong (before any request)
    │   └── ExtraMissingError         a part needs an extra that is not installed
    ├── ClientError                   talking to Centra failed
    │   ├── TransportError            network failure or timeout (retried)
    │   ├── HTTPStatusError           a non-2xx answer (5xx retried)
    │   │   ├── AuthenticationError   401/403: the token is missing, wrong or expired
    │   │   └── RateLimitedError      429, with ``retry_after`` seconds (retried)
    │   ├── InvalidResponseError      the body is not a GraphQL response
    │   ├── GraphQLError              the response carries ``errors`` (all kept, with partial data)
    │   │   └── PermissionDeniedError one or more ``authorization`` errors, naming the permissions
    │   ├── UserErrorsError           a mutation answered ``userErrors``
    │   └── UnsureMutationError       a create's answer was lost: not sent twice, run again
    ├── SyncError                     the warehouse or its state cannot be used
    │   └── WarehouseBusyError        another sync holds the warehouse's lock (try again later)
    ├── StateError                    the state store (SQLite file, PostgreSQL) cannot be used
    └── LeaseLostError                another process took over this integration's events

Messages never contain the token: the client never puts it anywhere but the request header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

__all__ = [
    "AuthenticationError",
    "CentraBridgeError",
    "ClientError",
    "ConfigError",
    "ExtraMissingError",
    "GraphQLError",
    "GraphQLErrorEntry",
    "HTTPStatusError",
    "InvalidResponseError",
    "LeaseLostError",
    "PermissionDeniedError",
    "RateLimitedError",
    "StateError",
    "SyncError",
    "TransportError",
    "UnsureMutationError",
    "UserError",
    "UserErrorsError",
    "WarehouseBusyError",
    "permission_from_message",
]


class CentraBridgeError(Exception):
    """Root of every error centra-bridge raises.

    ``hint`` is one sentence telling the user what to do next; the CLI prints it under the message.
    """

    retryable: ClassVar[bool] = False
    default_hint: ClassVar[str] = ""

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint if hint is not None else self.default_hint


class ConfigError(CentraBridgeError):
    """A setting is missing or invalid; raised before any request is sent."""

    default_hint = "Run `centra-bridge --help` to see every setting and where it can be given."


class ExtraMissingError(ConfigError):
    """A part of centra-bridge needs an optional extra; the hint names the pip line."""


class SyncError(CentraBridgeError):
    """The sync cannot proceed (warehouse unreachable, state unusable)."""


class WarehouseBusyError(SyncError):
    """Another sync (or reconcile) holds the warehouse's lock; the message names it."""


class StateError(CentraBridgeError):
    """The state store cannot be opened or written."""


class LeaseLostError(CentraBridgeError):
    """The lease on an integration's events ran out and another consumer holds it now: this one
    stops without confirming, and the batch is delivered to the holder (handlers are
    idempotent)."""

    default_hint = (
        "Only one process consumes an integration's events at a time; this one stopped. "
        "Restart it to wait for its turn."
    )


class ClientError(CentraBridgeError):
    """Talking to the Centra Integration API failed."""


class TransportError(ClientError):
    """The request did not get an HTTP answer (connection refused, reset, timeout)."""

    retryable = True
    default_hint = "Check that the endpoint URL is right and the server is reachable."

    def __init__(self, message: str, *, connect_failed: bool = False) -> None:
        super().__init__(message)
        self.connect_failed = connect_failed


class UnsureMutationError(ClientError):
    """A mutation's answer was lost (timeout, reset, a 5xx): Centra may have applied it. It is
    not sent again by itself, since a second create would make a second object."""

    default_hint = (
        "Run the command again: what was applied is recognised (ID conversion, natural keys, "
        "the state store's intents) and not done twice."
    )


class HTTPStatusError(ClientError):
    """The server answered with a non-2xx status."""

    def __init__(self, message: str, *, status_code: int, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.status_code = status_code

    @property
    def is_retryable(self) -> bool:
        return self.status_code >= 500


class AuthenticationError(HTTPStatusError):
    """The token was refused (missing, unknown, revoked or expired)."""

    default_hint = (
        "Create a new Integration API token in Centra (System → API tokens) and pass it with "
        "--token or CENTRA_BRIDGE_TOKEN."
    )


class RateLimitedError(HTTPStatusError):
    """Centra answered 429; ``retry_after`` is how many seconds to wait."""

    retryable = True
    default_hint = (
        "Centra's rate limit is shared by every integration on the shop; try again later."
    )

    def __init__(self, message: str, *, retry_after: float) -> None:
        super().__init__(message, status_code=429)
        self.retry_after = retry_after


class InvalidResponseError(ClientError):
    """The body is not a GraphQL response (not JSON, or neither ``data`` nor ``errors``)."""

    default_hint = "Check that the endpoint URL ends with /graphql and points at Centra."


@dataclass(frozen=True, slots=True)
class GraphQLErrorEntry:
    """One entry of a response's ``errors`` list."""

    message: str
    path: tuple[str | int, ...] = ()
    category: str | None = None
    extensions: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> GraphQLErrorEntry:
        extensions = raw.get("extensions") or {}
        return cls(
            message=str(raw.get("message", "")),
            path=tuple(raw.get("path") or ()),
            category=extensions.get("category"),
            extensions=extensions,
        )


class GraphQLError(ClientError):
    """The response carried ``errors``; ``data`` keeps whatever partial data came with them."""

    default_hint = "This is a bug in the query or in the server; run with --debug and report it."

    def __init__(
        self,
        errors: list[GraphQLErrorEntry],
        *,
        data: dict[str, Any] | None,
        operation: str | None = None,
        hint: str | None = None,
    ) -> None:
        where = f" in {operation}" if operation else ""
        first = errors[0].message if errors else "unknown error"
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        super().__init__(f"GraphQL error{where}: {first}{more}", hint=hint)
        self.errors = errors
        self.data = data
        self.operation = operation


_PERMISSION_RE = re.compile(r"You need (\S+) permission")


def permission_from_message(message: str) -> str | None:
    """The permission named by Centra's ``You need <Perm> permission to access <field>.``"""
    match = _PERMISSION_RE.search(message)
    return match.group(1) if match else None


class PermissionDeniedError(GraphQLError):
    """The token lacks one or more permissions; ``missing`` lists them, sorted."""

    def __init__(
        self,
        errors: list[GraphQLErrorEntry],
        *,
        data: dict[str, Any] | None,
        operation: str | None = None,
    ) -> None:
        self.missing = sorted(
            {p for e in errors if (p := permission_from_message(e.message)) is not None}
        )
        super().__init__(
            errors,
            data=data,
            operation=operation,
            hint=(
                f"Grant the token {', '.join(self.missing) or 'the missing permissions'} in Centra "
                "(System → API tokens), then run `centra-bridge check`."
            ),
        )
        self.message = f"The token lacks permission {', '.join(self.missing)}" + (
            f" (needed by {operation})" if operation else ""
        )
        self.args = (self.message,)


@dataclass(frozen=True, slots=True)
class UserError:
    """One ``userErrors`` entry of a mutation payload."""

    message: str
    path: tuple[str, ...] = ()


class UserErrorsError(ClientError):
    """A mutation answered ``userErrors``: Centra refused it (HTTP 200); never retried."""

    default_hint = "Fix the input named in the message; Centra did not apply the mutation."

    def __init__(self, mutation: str, errors: list[UserError]) -> None:
        detail = "; ".join(
            f"{e.message} (at {'.'.join(e.path)})" if e.path else e.message for e in errors
        )
        super().__init__(f"{mutation} was refused: {detail}")
        self.mutation = mutation
        self.errors = errors

    @property
    def messages(self) -> str:
        """Centra's messages alone, joined: for a reason that names its own subject."""
        return "; ".join(e.message for e in self.errors)
