"""Any platform: each invitation POSTed as JSON, signed with HMAC-SHA256 over the exact body
(``X-Centra-Bridge-Signature: sha256=<hex>``) and carrying its ``Idempotency-Key``. A 2xx or
409 answer means the platform has it."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import TYPE_CHECKING, Any

import httpx

from centra_bridge.invitations.providers._http import client, error_of

if TYPE_CHECKING:
    from centra_bridge.invitations._options import InvitationsOptions

SIGNATURE_HEADER = "X-Centra-Bridge-Signature"


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class SignedWebhook:
    name = "webhook"
    batch_size = 1

    def __init__(self, options: InvitationsOptions) -> None:
        assert options.webhook_url and options.webhook_secret
        self.url = options.webhook_url
        self._secret = options.webhook_secret.get_secret_value()
        self._http = client()

    def send(self, batch: list[tuple[str, dict[str, Any]]]) -> dict[str, str | None]:
        results: dict[str, str | None] = {}
        for key, invitation in batch:
            body = json.dumps({"idempotency_key": key, "invitation": invitation}).encode()
            headers = {
                "Content-Type": "application/json",
                "Idempotency-Key": key,
                SIGNATURE_HEADER: signature(self._secret, body),
            }
            try:
                answer = self._http.post(self.url, content=body, headers=headers)
            except httpx.HTTPError as exc:
                results[key] = f"{type(exc).__name__}: {exc}"
                continue
            ok = answer.is_success or answer.status_code == httpx.codes.CONFLICT
            results[key] = None if ok else error_of(answer)
        return results

    def close(self) -> None:
        self._http.close()
