"""The client against the emulator over real HTTP."""

from __future__ import annotations

import logging
import time

import pytest

from centra_bridge.client import CentraClient, parse_retry_after
from centra_bridge.emulator import Tier
from centra_bridge.errors import (
    AuthenticationError,
    GraphQLError,
    HTTPStatusError,
    PermissionDeniedError,
    TransportError,
    UnsureMutationError,
)

ALL_NUMBERS = """query All($limit: Int!, $page: Int!, $sort: [OrderSort!]) {
  orders(limit: $limit, page: $page, sort: $sort) { number }
}"""


def test_page_based_pagination_returns_every_order_exactly_once(centra_emulator):
    numbers: list[int] = []
    with CentraClient(centra_emulator.url, centra_emulator.token) as client:
        page = 1
        while True:
            batch = client.query(ALL_NUMBERS, {"limit": 150, "page": page}).data["orders"]
            numbers += [o["number"] for o in batch]
            if len(batch) < 150:
                break
            page += 1
    assert len(numbers) == len(set(numbers)) == len(centra_emulator.shop.orders)
    assert numbers == sorted(numbers)


CONNECTION = """query Conn($after: String) {
  orderConnection(first: 100, after: $after, sort: [updatedAt_ASC]) {
    totalCount
    edges { cursor node { number updatedAt } }
    pageInfo { hasNextPage endCursor }
  }
}"""


def test_connection_cursors_skip_nothing_when_orders_change_while_paging(centra_emulator):
    shop = centra_emulator.shop
    seen: list[int] = []
    after = None
    changed: list[int] = []
    with CentraClient(centra_emulator.url, centra_emulator.token) as client:
        while True:
            conn = client.query(CONNECTION, {"after": after}).data["orderConnection"]
            seen += [e["node"]["number"] for e in conn["edges"]]
            if len(seen) == 500:
                # Orders already read and not yet read change: both must (re)appear later.
                for number in (3, 10, 1500, 1999):
                    with shop.lock:
                        shop.update_order(number, status="CANCELLED")
                    changed.append(number)
            if not conn["pageInfo"]["hasNextPage"]:
                break
            after = conn["pageInfo"]["endCursor"]
    assert set(seen) == set(shop.orders)
    # Each changed order is seen after its change, at the end (newest updatedAt last).
    assert sorted(seen[-len(changed) :]) == sorted(changed)
    assert len(seen) == len(shop.orders) + 2  # 3 and 10 were read before they changed


FILTERED = """query F($where: OrderFilter, $sort: [OrderSort!]) {
  orders(where: $where, sort: $sort, limit: 200) { number status createdAt store { id } }
}"""


def test_filters_and_sort_match_the_shop(centra_emulator):
    shop = centra_emulator.shop
    with CentraClient(centra_emulator.url, centra_emulator.token) as client:
        by_number = client.query(FILTERED, {"where": {"number": [7, 3, 11]}}).data["orders"]
        assert [o["number"] for o in by_number] == [3, 7, 11]

        cancelled = client.query(
            FILTERED, {"where": {"status": "CANCELLED"}, "sort": ["number_DESC"]}
        ).data["orders"]
        expected = sorted(
            (o.number for o in shop.orders.values() if o.status == "CANCELLED"), reverse=True
        )
        assert [o["number"] for o in cancelled] == expected[:200]
        assert {o["status"] for o in cancelled} == {"CANCELLED"}

        window = {"from": "2026-08-01T00:00:00+00:00", "to": "2026-08-02T00:00:00+00:00"}
        in_window = client.query(FILTERED, {"where": {"createdAt": window}}).data["orders"]
        low, high = (shop.orders[1].created_at.fromisoformat(v) for v in window.values())
        expected_window = [o.number for o in shop.orders.values() if low <= o.created_at <= high]
        assert expected_window, "the seed should have orders that day"
        assert [o["number"] for o in in_window] == expected_window

        assert client.query(FILTERED, {"where": {"storeId": [99]}}).data["orders"] == []
        assert len(client.query(FILTERED, {"where": {"storeId": [1]}}).data["orders"]) == 200


def test_response_extensions_are_available_to_the_caller(centra_emulator):
    with CentraClient(centra_emulator.url, centra_emulator.token) as client:
        response = client.query("{ orders(limit: 5) { number market { name } } }")
    assert response.extensions.complexity is not None and response.extensions.complexity > 5
    assert response.extensions.permissions_used == ("Market:read", "Order:read")
    assert response.extensions.app_version


def test_missing_order_read_raises_the_documented_permission_error(centra_emulator):
    token = centra_emulator.add_token({"Store:read"})
    with CentraClient(centra_emulator.url, token) as client:
        raw = client.query("{ orderConnection { totalCount } }", allow_errors=True)
        with pytest.raises(PermissionDeniedError) as caught:
            client.execute("Orders", {"limit": 10, "page": 1})
    [error] = raw.errors
    assert error.message == "You need Order:read permission to access orderConnection."
    assert error.category == "authorization"
    assert error.path == ("orderConnection",)
    assert raw.extensions.permissions_used == ("Order:read",)
    assert caught.value.missing == ["Order:read"]
    assert "Order:read" in caught.value.hint


def test_unknown_and_missing_tokens_get_401(centra_emulator):
    with (
        CentraClient(centra_emulator.url, "not-a-token") as client,
        pytest.raises(AuthenticationError) as caught,
    ):
        client.execute("RateLimits")
    assert caught.value.status_code == 401
    assert client.requests_sent == 1  # never retried


def test_tiny_rate_limit_makes_the_client_wait_and_succeed(centra_emulator_factory):
    tier = Tier("tiny", 2, 1000, None, None, None, None)
    running = centra_emulator_factory(orders=50, tier=tier)
    started = time.monotonic()
    with CentraClient(running.url, running.token) as client:
        results = [client.execute("RateLimits").data["rateLimits"] for _ in range(3)]
    elapsed = time.monotonic() - started
    assert all(len(r) == 2 for r in results)
    assert running.emulator.responses[429] >= 1
    assert running.emulator.responses[200] == 3
    assert elapsed >= 4  # the third request waits for a token refilled at 0.2 per second


def test_server_errors_are_retried_and_client_errors_are_not(centra_emulator):
    centra_emulator.emulator.fail_next(2, status=503)
    with CentraClient(centra_emulator.url, centra_emulator.token) as client:
        assert "rateLimits" in client.execute("RateLimits").data
        assert client.requests_sent == 3
        with pytest.raises(GraphQLError):
            client.query("{ orders { nope } }")
        assert client.requests_sent == 4
    centra_emulator.emulator.fail_next(1, status=404)
    with (
        CentraClient(centra_emulator.url, centra_emulator.token) as client,
        pytest.raises(HTTPStatusError),
    ):
        client.execute("RateLimits")
    assert client.requests_sent == 1


CREATE_BRAND = """mutation Brand($name: String!) {
  createBrand(input: {name: $name}) { brand { id } userErrors { message } }
}"""


@pytest.fixture
def answer_lost(centra_emulator):
    """A proxy in front of the emulator that passes the first request on and answers 502
    (the answer lost on the way back, the mutation applied); later ones pass through."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    import httpx

    lost = [1]

    class Proxy(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            headers = {"Authorization": self.headers["Authorization"]}
            answer = httpx.post(centra_emulator.url, content=body, headers=headers)
            status, content = answer.status_code, answer.content
            if lost[0]:
                lost[0] -= 1
                status, content = 502, b"Bad Gateway"
            self.send_response(status)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/graphql"
    server.shutdown()


def _brands(centra_emulator, name):
    return [b for b in centra_emulator.shop.brands.values() if b.name == name]


def test_a_create_whose_answer_is_lost_is_not_sent_twice(centra_emulator, answer_lost):
    with CentraClient(answer_lost, centra_emulator.token) as client:
        with pytest.raises(UnsureMutationError) as caught:
            client.query(CREATE_BRAND, {"name": "Once"}, repeatable=False)
        assert client.requests_sent == 1
    assert "run the command again" in caught.value.hint.lower()
    assert len(_brands(centra_emulator, "Once")) == 1  # applied, and only once


def test_a_repeatable_mutation_is_sent_again_when_its_answer_is_lost(centra_emulator, answer_lost):
    with CentraClient(answer_lost, centra_emulator.token) as client:
        answer = client.query(CREATE_BRAND, {"name": "Twice"})
        assert client.requests_sent == 2
    # The second send met the brand the first had made: what repeatable=False is for.
    assert answer.data["createBrand"]["userErrors"]
    assert len(_brands(centra_emulator, "Twice")) == 1


def test_unreachable_endpoint_is_a_transport_error():
    client = CentraClient("http://127.0.0.1:9/graphql", "secret-token")
    with client, pytest.raises(TransportError) as caught:
        client.execute("RateLimits")
    assert "127.0.0.1:9" in caught.value.message
    assert "secret-token" not in str(caught.value)


def test_retry_after_accepts_seconds_http_dates_and_timestamps():
    assert parse_retry_after("3") == 3
    assert 9 <= parse_retry_after(str(time.time() + 10)) <= 10
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert parse_retry_after(None, default=2.0) == 2.0


def test_debug_logs_show_extensions_but_never_the_token(centra_emulator, caplog):
    caplog.set_level(logging.DEBUG)
    with CentraClient(centra_emulator.url, centra_emulator.token) as client:
        client.execute("RateLimits")
    assert "complexity=" in caplog.text
    assert centra_emulator.token not in caplog.text
    assert centra_emulator.token not in repr(client)
