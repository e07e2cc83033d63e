"""The Centra Webhook plugin in Integration API mode: signed POSTs about orders, shipments, returns.

Payload ``{"events": [{"type": "order", "action": "update", "date": "...", "id": 2735}]}``,
urlencoded as ``payload=...``, signed with ``X-Centra-Signature``. Events are batched (at most
``max_events`` per call); a failed call (timeout or non-2xx) is retried ``retries`` times with
growing delays (1 s, 2 s, 4 s) and then dropped, as Centra's plugin does.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlencode

import httpx

from centra_bridge.centra import sign_webhook

logger = logging.getLogger("centra_bridge.emulator.webhooks")

# Events system object type -> webhook type; change type -> action.
_TYPES = {
    "Order": "order",
    "Shipment": "shipment",
    "Customer": "customer",
    "Account": "account",
    "Return": "return",
}
_ACTIONS = {
    "CREATED": "insert",
    "UPDATED": "update",
    "COMPLETED": "update",
    "DELETED": "delete",
    "DEPENDENT_DATA_CHANGED": "update",
}


@dataclass
class WebhookPlugin:
    url: str
    secret: str
    max_events: int = 100
    timeout: float = 5.0
    retries: int = 0  # 0 (Centra's default) to 3
    delivered: int = 0
    dropped: int = 0
    _pending: list[dict[str, object]] = field(default_factory=list)
    _wake: threading.Event = field(default_factory=threading.Event)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def observe(self, object_type: str, change_type: str, reference: int) -> None:
        kind = _TYPES.get(object_type)
        if kind is None:
            return
        action = "create" if kind != "order" and change_type == "CREATED" else _ACTIONS[change_type]
        stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        self._pending.append({"type": kind, "action": action, "date": stamp, "id": reference})
        self._wake.set()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True, name="centra-webhooks")
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=self.timeout * 2)

    def _run(self) -> None:
        with httpx.Client(timeout=self.timeout) as http:
            while not self._stop.is_set():
                self._wake.wait(0.5)
                self._wake.clear()
                while self._pending and not self._stop.is_set():
                    batch, self._pending[: self.max_events] = self._pending[: self.max_events], []
                    self._deliver(http, batch)

    def _deliver(self, http: httpx.Client, batch: list[dict[str, object]]) -> None:
        body = urlencode({"payload": json.dumps({"events": batch}, separators=(",", ":"))}).encode()
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(2 ** (attempt - 1))
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-Centra-Signature": sign_webhook(self.secret, body),
            }
            try:
                response = http.post(self.url, content=body, headers=headers)
                if response.is_success:
                    self.delivered += len(batch)
                    return
                reason = f"HTTP {response.status_code}"
            except httpx.HTTPError as exc:
                reason = type(exc).__name__
            logger.info("webhook to %s failed (%s), attempt %d", self.url, reason, attempt + 1)
        self.dropped += len(batch)
        logger.warning(
            "webhook gave up after %d attempts; %d events dropped", self.retries + 1, len(batch)
        )
