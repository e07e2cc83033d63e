"""Centra webhook signatures: ``X-Centra-Signature: t=<unix time>,v1=<hex>``.

``v1`` is HMAC-SHA256 with the endpoint secret over ``"<t>.<raw body>"``, where the raw body is
the urlencoded ``payload=...`` string exactly as received.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import parse_qs

from centra_bridge.errors import CentraBridgeError

__all__ = ["WebhookSignatureError", "parse_webhook", "sign_webhook", "verify_webhook"]

DEFAULT_TOLERANCE = 300  # seconds a signature stays acceptable (Centra does not say)


class WebhookSignatureError(CentraBridgeError):
    """The webhook's signature is missing, malformed, wrong or too old."""

    default_hint = "Check that the endpoint secret matches the one in Centra's webhook plugin."


def _digest(secret: str, timestamp: str, body: bytes) -> str:
    message = timestamp.encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign_webhook(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The ``X-Centra-Signature`` header value for ``body``."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    return f"t={stamp},v1={_digest(secret, stamp, body)}"


def verify_webhook(
    secret: str,
    body: bytes,
    header: str | None,
    *,
    tolerance: float | None = DEFAULT_TOLERANCE,
    now: float | None = None,
) -> None:
    """Raise ``WebhookSignatureError`` unless ``header`` signs ``body`` with ``secret``."""
    if not header:
        msg = "The webhook has no X-Centra-Signature header"
        raise WebhookSignatureError(msg)
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    stamp, given = parts.get("t"), parts.get("v1")
    if not stamp or not given or not stamp.isdigit():
        msg = "The X-Centra-Signature header is malformed: expected t=<time>,v1=<hex>"
        raise WebhookSignatureError(msg)
    if not hmac.compare_digest(_digest(secret, stamp, body), given):
        msg = "The webhook's signature does not match its body"
        raise WebhookSignatureError(msg)
    age = (time.time() if now is None else now) - int(stamp)
    if tolerance is not None and abs(age) > tolerance:
        msg = f"The webhook was signed {int(age)} s ago, more than the {int(tolerance)} s allowed"
        raise WebhookSignatureError(msg)


def parse_webhook(body: bytes) -> dict[str, Any]:
    """The JSON inside the urlencoded ``payload=...`` body."""
    values = parse_qs(body.decode(), keep_blank_values=True).get("payload")
    if not values:
        msg = "The webhook body has no payload field"
        raise WebhookSignatureError(msg, hint="Centra posts payload=<urlencoded JSON>.")
    parsed: dict[str, Any] = json.loads(values[0])
    return parsed
