"""The emulator's webhook plugin posting to a real local receiver, and signature checks."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from centra_bridge.centra import WebhookSignatureError, parse_webhook, sign_webhook, verify_webhook

# The worked example in Centra's webhook documentation.
DOC_SECRET = "test123"
DOC_BODY = b"payload=%7B%22x%22%3A%22test%22%7D"
DOC_HEADER = "t=12345678,v1=0b9cd84f5d583e5e1aadfb9f160aa8080b51d5b85ff85808d6b75bdac356c549"


def test_signature_matches_the_documented_vector():
    assert sign_webhook(DOC_SECRET, DOC_BODY, timestamp=12345678) == DOC_HEADER
    verify_webhook(DOC_SECRET, DOC_BODY, DOC_HEADER, now=12345678)
    assert parse_webhook(DOC_BODY) == {"x": "test"}


@pytest.mark.parametrize(
    ("secret", "body", "header", "now", "problem"),
    [
        ("wrong", DOC_BODY, DOC_HEADER, 12345678, "does not match"),
        (DOC_SECRET, DOC_BODY + b"x", DOC_HEADER, 12345678, "does not match"),
        (DOC_SECRET, DOC_BODY, DOC_HEADER, 12345678 + 3600, "more than the 300 s allowed"),
        (DOC_SECRET, DOC_BODY, "v1=abc", 12345678, "malformed"),
        (DOC_SECRET, DOC_BODY, None, 12345678, "no X-Centra-Signature"),
    ],
)
def test_bad_signatures_are_refused(secret, body, header, now, problem):
    with pytest.raises(WebhookSignatureError, match=problem):
        verify_webhook(secret, body, header, now=now)


class Receiver(http.server.ThreadingHTTPServer):
    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.fail = False
        super().__init__(("127.0.0.1", 0), _Handler)


class _Handler(http.server.BaseHTTPRequestHandler):
    server: Receiver

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.requests.append((dict(self.headers), body))
        self.send_response(500 if self.server.fail else 200)
        self.end_headers()

    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()


def wait_for(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def confirm_some_order(running) -> int:
    number = next(o.number for o in running.shop.orders.values() if o.status == "PENDING")
    query = "mutation($n: Int!) { confirmOrder(input: {order: {number: $n}}) { userErrors { message } } }"
    headers = {"Authorization": f"Bearer {running.token}"}
    httpx.post(running.url, json={"query": query, "variables": {"n": number}}, headers=headers)
    return number


def test_changes_are_posted_signed(centra_emulator_factory, receiver):
    running = centra_emulator_factory(orders=50)
    url = f"http://127.0.0.1:{receiver.server_address[1]}/hook"
    httpx.post(running.server.base_url + "/emulator/webhook", json={"url": url, "secret": "s3cret"})
    number = confirm_some_order(running)
    wait_for(lambda: receiver.requests)
    headers, body = receiver.requests[0]
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    verify_webhook("s3cret", body, headers["X-Centra-Signature"])
    [event] = parse_webhook(body)["events"]
    assert (event["type"], event["action"], event["id"]) == ("order", "update", number)


def test_failed_calls_are_retried_then_dropped(centra_emulator_factory, receiver):
    running = centra_emulator_factory(orders=50)
    receiver.fail = True
    url = f"http://127.0.0.1:{receiver.server_address[1]}/hook"
    plugin = running.emulator.configure_webhook(url, "s3cret", retries=1)
    confirm_some_order(running)
    wait_for(lambda: plugin.dropped == 1)
    assert len(receiver.requests) == 2  # the first call and one retry
    running.emulator.remove_webhook()
