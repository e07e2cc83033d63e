"""The emulator's contract: schema, auth, permissions, rate limits, extensions."""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime

import httpx
import pytest
from ariadne import ObjectType, make_executable_schema

from centra_bridge.centra import Tier, schema_sdl
from centra_bridge.emulator import Shop, check_schema_coverage, seed_shop


def _post(running, query, token=None, variables=None):
    headers = {} if token is False else {"Authorization": f"Bearer {token or running.token}"}
    return httpx.post(
        running.url, json={"query": query, "variables": variables or {}}, headers=headers
    )


def test_a_resolver_for_a_field_missing_from_the_sdl_fails_at_build_time():
    orphan = ObjectType("Store")
    orphan.set_field("nickname", lambda *_: "x")
    with pytest.raises(ValueError, match="nickname"):
        make_executable_schema(schema_sdl(), orphan)


def test_an_sdl_field_without_behaviour_fails_the_coverage_check():
    drifted = make_executable_schema(schema_sdl() + "\nextend type Store { nickname: String }\n")
    with pytest.raises(RuntimeError, match=r"Store\.nickname: no resolver and no Store\.nickname"):
        check_schema_coverage(drifted)


def test_seeding_is_deterministic():
    first, second = Shop(), Shop()
    seed_shop(first, seed=7, orders=300)
    seed_shop(second, seed=7, orders=300)
    assert [(o.id, o.updated_at, o.grand_total()) for o in first.orders.values()] == [
        (o.id, o.updated_at, o.grand_total()) for o in second.orders.values()
    ]


def test_missing_and_unknown_tokens_get_401_json(centra_emulator):
    for token in (False, "nope"):
        response = _post(centra_emulator, "{ stores { id } }", token=token)
        assert response.status_code == 401
        assert response.json()["errors"][0]["extensions"]["category"] == "authentication"
    cookie = httpx.post(
        centra_emulator.url,
        json={"query": "{ stores { id } }"},
        cookies={"graphql-access": centra_emulator.token},
    )
    assert cookie.status_code == 200


def test_store_restricted_tokens_see_only_their_stores_orders(centra_emulator):
    query = "{ orderConnection(where: {storeId: [1]}) { totalCount } orders { store { id } } }"
    dtc = _post(centra_emulator, query, centra_emulator.add_token(store_ids={1})).json()
    assert dtc["data"]["orderConnection"]["totalCount"] == len(centra_emulator.shop.orders)
    assert {o["store"]["id"] for o in dtc["data"]["orders"]} == {1}
    wholesale = _post(centra_emulator, query, centra_emulator.add_token(store_ids={2})).json()
    assert wholesale["data"] == {"orderConnection": {"totalCount": 0}, "orders": []}


def test_nested_permissions_null_the_field_and_name_it(centra_emulator):
    token = centra_emulator.add_token({"Order:read"})
    body = _post(
        centra_emulator, "{ orders(limit: 2) { number shippingAddress { city } } }", token
    ).json()
    assert [o["number"] for o in body["data"]["orders"]] == [1, 2]
    assert [o["shippingAddress"] for o in body["data"]["orders"]] == [None, None]
    assert {e["message"] for e in body["errors"]} == {
        "You need Order.shippingAddress:read permission to access shippingAddress."
    }
    assert body["extensions"]["permissionsUsed"] == ["Order.shippingAddress:read", "Order:read"]


def test_limit_out_of_range_is_refused(centra_emulator):
    body = _post(centra_emulator, "{ orders(limit: 201) { number } }").json()
    assert body["errors"][0]["message"] == "Limit must be in range 1 - 200"


def test_invalid_queries_get_400_with_errors(centra_emulator):
    response = _post(centra_emulator, "{ orders { nope } }")
    assert response.status_code == 400
    assert "nope" in response.json()["errors"][0]["message"]


def test_complexity_grows_with_fields_and_list_size(centra_emulator):
    def cost(query):
        return _post(centra_emulator, query).json()["extensions"]["complexity"]

    small = cost("{ orders(limit: 10) { number } }")
    wider = cost("{ orders(limit: 10) { number status } }")
    longer = cost("{ orders(limit: 20) { number status } }")
    assert small < wider < longer


def test_rate_limits_report_all_buckets_with_consistent_quotas(centra_emulator_factory):
    running = centra_emulator_factory(orders=20, tier="growth")
    body = _post(
        running, "{ rateLimits { type intervalSeconds quota usedQuota remainingQuota } }"
    ).json()
    buckets = {(b["type"], b["intervalSeconds"]): b for b in body["data"]["rateLimits"]}
    assert buckets[("REQUEST_COUNT", "TEN_SECONDS")]["quota"] == 60
    assert buckets[("QUERY_COMPLEXITY", "ONE_HOUR")]["quota"] == 30_000_000
    assert len(buckets) == 6
    for bucket in buckets.values():
        assert bucket["quota"] == bucket["usedQuota"] + bucket["remainingQuota"]
    assert buckets[("REQUEST_COUNT", "TEN_SECONDS")]["usedQuota"] == 1


def test_exhausted_bucket_answers_429_with_a_retry_after_date(centra_emulator_factory):
    running = centra_emulator_factory(orders=20, tier=Tier("tiny", 1, None, None, None, None, None))
    assert _post(running, "{ stores { id } }").status_code == 200
    refused = _post(running, "{ stores { id } }")
    assert refused.status_code == 429
    resume = parsedate_to_datetime(refused.headers["Retry-After"]).timestamp()
    assert time.time() < resume <= time.time() + 12
