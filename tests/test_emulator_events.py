"""The events system and ID conversion, over HTTP."""

from __future__ import annotations

import httpx

LISTEN = """mutation { setEventListeners(input: [{objectType: Order}, {objectType: Shipment, changeTypes: [CREATED]}]) {
  eventListeners { objectType changeTypes integrationName } userErrors { message } } }"""
EVENTS = """{ events(limit: 50) { id objectType changeType objectReference
  object { ... on DirectToConsumerOrder { number status } ... on Shipment { id shipmentNumber: number } } } }"""
CONFIRM = "mutation($ids: [Int!]!) { confirmEvents(input: {eventsIds: $ids}) { events { id } userErrors { message } userWarnings { message } } }"
CONFIRM_ORDER = "mutation($n: Int!) { confirmOrder(input: {order: {number: $n}}) { order { status } userErrors { message } } }"


def gql(running, query, token=None, **variables):
    headers = {"Authorization": f"Bearer {token or running.token}"}
    body = httpx.post(
        running.url, json={"query": query, "variables": variables}, headers=headers
    ).json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def pending_order(running) -> int:
    return next(o.number for o in running.shop.orders.values() if o.status == "PENDING")


def test_events_are_redelivered_until_confirmed(centra_emulator_factory):
    running = centra_emulator_factory(orders=200)
    listeners = gql(running, LISTEN)["setEventListeners"]["eventListeners"]
    assert {(x["objectType"], tuple(x["changeTypes"])) for x in listeners} == {
        ("Order", ("CREATED", "UPDATED", "COMPLETED", "DELETED", "DEPENDENT_DATA_CHANGED")),
        ("Shipment", ("CREATED",)),
    }
    assert gql(running, EVENTS)["events"] == []  # nothing happened since listening
    number = pending_order(running)
    assert gql(running, CONFIRM_ORDER, n=number)["confirmOrder"]["order"]["status"] == "CONFIRMED"
    first = gql(running, EVENTS)["events"]
    assert [(e["objectType"], e["changeType"], e["objectReference"]) for e in first] == [
        ("Order", "UPDATED", number)
    ]
    assert first[0]["object"] == {"number": number, "status": "CONFIRMED"}
    assert gql(running, EVENTS)["events"] == first  # at-least-once: still there
    confirmed = gql(running, CONFIRM, ids=[first[0]["id"]])["confirmEvents"]
    assert confirmed["events"] == [{"id": first[0]["id"]}]
    assert gql(running, EVENTS)["events"] == []
    again = gql(running, CONFIRM, ids=[first[0]["id"]])["confirmEvents"]
    assert again["events"] == [] and again["userWarnings"]  # harmless, but said


def test_queue_is_shared_by_an_integration_and_separate_between_integrations(
    centra_emulator_factory,
):
    running = centra_emulator_factory(orders=50)
    same = running.add_token(None, integration="centra-bridge")
    other = running.add_token(None, integration="erp")
    gql(running, LISTEN)
    gql(running, LISTEN, token=other)
    gql(running, CONFIRM_ORDER, n=pending_order(running))
    mine = gql(running, EVENTS)["events"]
    assert gql(running, EVENTS, token=same)["events"] == mine
    gql(running, CONFIRM, token=same, ids=[e["id"] for e in mine])
    assert gql(running, EVENTS)["events"] == []  # confirmed by a sibling token: gone for all
    assert len(gql(running, EVENTS, token=other)["events"]) == 1


def test_unset_listener_drops_queued_events_and_deleted_objects_are_null(centra_emulator_factory):
    running = centra_emulator_factory(scenario="erp-guide")
    gql(
        running,
        "mutation { setEventListeners(input: [{objectType: Return}]) { userErrors { message } } }",
    )
    gql(running, "mutation { deleteReturn(id: 436) { userErrors { message } } }")
    [deleted] = gql(
        running, "{ events { changeType objectReference object { ... on Return { id } } } }"
    )["events"]
    assert deleted == {"changeType": "DELETED", "objectReference": 436, "object": None}
    gql(
        running,
        "mutation { unsetEventListeners(input: [{objectType: Return, changeTypes: [DELETED]}]) { userErrors { message } } }",
    )
    assert gql(running, EVENTS)["events"] == []


def test_switched_off_events_system_produces_nothing(centra_emulator_factory):
    running = centra_emulator_factory(orders=50)
    gql(running, LISTEN)
    httpx.post(
        running.server.base_url + "/emulator/events",
        json={"integration": "centra-bridge", "enabled": False},
    )
    gql(running, CONFIRM_ORDER, n=pending_order(running))
    assert gql(running, EVENTS)["events"] == []


def test_storefront_orders_emit_created_events(centra_emulator_factory):
    running = centra_emulator_factory(orders=50)
    gql(running, LISTEN)
    placed = httpx.post(running.server.base_url + "/emulator/orders", json={"count": 3}).json()[
        "orders"
    ]
    events = gql(running, EVENTS)["events"]
    assert [e["objectReference"] for e in events if e["changeType"] == "CREATED"] == placed


def test_id_conversions_resolve_external_ids_in_mutations(centra_emulator_factory):
    running = centra_emulator_factory(scenario="erp-guide")
    setting = gql(
        running,
        """mutation { setIdConversions(input: [
        {objectType: Order, externalId: "ERP-14", internalId: 14},
        {objectType: Warehouse, externalId: "WH-OUTLET", internalId: 3}]) {
      entries { externalId internalId objectType integrationName } userErrors { message } } }""",
    )
    assert setting["setIdConversions"]["entries"][0] == {
        "externalId": "ERP-14",
        "internalId": 14,
        "objectType": "Order",
        "integrationName": "centra-bridge",
    }
    confirmed = gql(
        running,
        """mutation { confirmOrder(input: {order: {externalId: "ERP-14"}}) {
        order { number status } userErrors { message } } }""",
    )
    assert confirmed["confirmOrder"]["order"] == {"number": 14, "status": "CONFIRMED"}
    sizes = gql(
        running,
        """{ idConversions(where: {objectType: Size, externalId: {equals: "XS-XL|M"}}) { internalId } }""",
    )
    assert len(sizes["idConversions"]) == 1  # automatic <chart>|<size> conversions
    other = running.add_token(None, integration="erp")
    missing = gql(
        running,
        """mutation { confirmOrder(input: {order: {externalId: "ERP-14"}}) {
        userErrors { message path } } }""",
        token=other,
    )
    assert missing["confirmOrder"]["userErrors"] == [
        {
            "message": "Could not find Order with external ID ERP-14",
            "path": ["input", "order", "externalId"],
        }
    ]
    gql(
        running,
        """mutation { unsetIdConversions(input: [{objectType: Order, idConversion: {externalId: "ERP-14"}}]) {
        entries { internalId } userErrors { message } } }""",
    )
    assert (
        gql(running, "{ idConversions(where: {objectType: Order}) { id } }")["idConversions"] == []
    )
