"""A fake review platform: a real HTTP server on a loopback port that takes invitations the way
the invitations providers send them (the signed JSON webhook, Lipscore's purchases API), counts
them by idempotency key and fails on demand.

    platform = FakeReviewPlatform().start()
    platform.fail_next(3)            # the next 3 requests answer 500
    platform.fail_always(503)        # until platform.recover()
    platform.latency = 0.05          # seconds per answer
    platform.accepted                # {idempotency key: invitation}, first receipt of each
    platform.repeats                 # {idempotency key: receipts after the first}

Like a real platform it keeps the first receipt of a key and answers a repeat as "already
have it" (409 on the webhook, a per-purchase error on Lipscore's API).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = ["FakeReviewPlatform"]


@dataclass
class FakeReviewPlatform:
    webhook_secret: str = "test-webhook-secret"  # noqa: S105 (a test platform's own)
    lipscore_api_key: str = "test-api-key"
    lipscore_secret: str = "test-lipscore-secret"  # noqa: S105
    accepted: dict[str, dict[str, Any]] = field(default_factory=dict)
    repeats: dict[str, int] = field(default_factory=dict)
    requests: int = 0
    latency: float = 0.0  # seconds each answer takes (a slow platform)
    rejected: list[str] = field(default_factory=list)  # why requests were refused (auth...)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._fail_next = 0
        self._fail_status = 500
        self._always: int | None = None
        self._server: ThreadingHTTPServer | None = None

    # -- control ------------------------------------------------------------------------------

    def fail_next(self, count: int, status: int = 500) -> None:
        with self._lock:
            self._fail_next, self._fail_status = count, status

    def fail_always(self, status: int = 500) -> None:
        with self._lock:
            self._always = status

    def recover(self) -> None:
        with self._lock:
            self._always, self._fail_next = None, 0

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the platform first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def webhook_url(self) -> str:
        return self.url + "/webhook"

    def start(self) -> FakeReviewPlatform:
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, answer = platform._answer(self.path, dict(self.headers), body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(data)  # the sender may be killed before it reads

            def log_message(self, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> FakeReviewPlatform:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- what it answers ----------------------------------------------------------------------

    def _failing(self) -> int | None:
        if self.latency:
            time.sleep(self.latency)
        with self._lock:
            self.requests += 1
            if self._always is not None:
                return self._always
            if self._fail_next > 0:
                self._fail_next -= 1
                return self._fail_status
        return None

    def _take(self, key: str, invitation: dict[str, Any]) -> bool:
        """Keep the first receipt of ``key``; False for a repeat."""
        with self._lock:
            if key in self.accepted:
                self.repeats[key] = self.repeats.get(key, 0) + 1
                return False
            self.accepted[key] = invitation
            return True

    def _answer(self, path: str, headers: dict[str, str], body: bytes) -> tuple[int, Any]:
        failing = self._failing()
        if failing is not None:
            return failing, {"error": "the platform is down (on purpose)"}
        parts = urlsplit(path)
        if parts.path == "/webhook":
            return self._webhook(headers, body)
        if parts.path == "/purchases":
            return self._purchases(parse_qs(parts.query), headers, body)
        return 404, {"error": f"no such endpoint {parts.path}"}

    def _webhook(self, headers: dict[str, str], body: bytes) -> tuple[int, Any]:
        expected = (
            "sha256=" + hmac.new(self.webhook_secret.encode(), body, hashlib.sha256).hexdigest()
        )
        if not hmac.compare_digest(headers.get("X-Centra-Bridge-Signature", ""), expected):
            self.rejected.append("bad signature")
            return 401, {"error": "bad signature"}
        message = json.loads(body)
        key = headers.get("Idempotency-Key") or ""
        if key != message.get("idempotency_key"):
            self.rejected.append("idempotency key header and body differ")
            return 400, {"error": "idempotency key mismatch"}
        if not self._take(key, message["invitation"]):
            return 409, {"error": "already received"}
        return 201, {"ok": True}

    def _purchases(
        self, query: dict[str, list[str]], headers: dict[str, str], body: bytes
    ) -> tuple[int, Any]:
        if query.get("api_key") != [self.lipscore_api_key] or (
            headers.get("X-Authorization") != self.lipscore_secret
        ):
            self.rejected.append("bad api key or secret")
            return 401, {"error": "unauthorized"}
        purchases = json.loads(body)["purchases"]
        if len(purchases) > 20:
            return 202, {"status": "queued"}  # results only for batches of 20 or fewer
        results: list[dict[str, Any]] = []
        for purchase in purchases:
            missing = [k for k in ("buyer_email", "buyer_name", "lang") if not purchase.get(k)]
            if missing:
                results.append({"errors": [f"{', '.join(missing)} missing"]})
            elif self._take(purchase["internal_attr_1"], purchase):
                results.append({"status": "created"})
            else:
                results.append({"errors": ["Purchase already exists"]})
        return 200, {"purchases": results}
