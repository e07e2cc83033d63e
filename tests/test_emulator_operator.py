"""The emulator's consistency with its docs (issue 9 E) and its operator API (issue 9 F), over HTTP."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx

LISTEN = """mutation { setEventListeners(input: [
  {objectType: Order}, {objectType: Shipment}, {objectType: Return},
  {objectType: PaymentHistoryEntry}, {objectType: Customer}]) { userErrors { message } } }"""
EVENTS = "{ events(limit: 200) { id objectType changeType objectReference } }"
ORDER = """query Order($n: Int!) { orders(where: {number: [$n]}) { number status updatedAt
  ... on DirectToConsumerOrder { customer { id email } } } }"""


def post(running, query: str, token: str | None = None, **variables: Any) -> httpx.Response:
    return httpx.post(
        running.url,
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token or running.token}"},
    )


def gql(running, query: str, token: str | None = None, **variables: Any) -> dict[str, Any]:
    body = post(running, query, token, **variables).json()
    assert "errors" not in body, body["errors"]
    return body["data"]


def operator(running, action: str, body: dict[str, Any] | None = None) -> httpx.Response:
    return httpx.post(f"{running.base_url}/emulator/{action}", json=body or {})


def events(running, token: str | None = None) -> list[tuple[str, str, int]]:
    """The queued events, confirmed as they are read."""
    queued = gql(running, EVENTS, token)["events"]
    if queued:
        gql(
            running,
            "mutation($ids: [Int!]!) { confirmEvents(input: {eventsIds: $ids}) { userErrors { message } } }",
            token,
            ids=[e["id"] for e in queued],
        )
    return [(e["objectType"], e["changeType"], e["objectReference"]) for e in queued]


def order(running, number: int) -> dict[str, Any]:
    return gql(running, ORDER, n=number)["orders"][0]


def later(running, seconds: int = 3600) -> str:
    """Move the shop's clock on, so that a stamp written now differs from every earlier one, and
    stop it there, so that a change made next is stamped with exactly that second.

    Returns the new time as the API shows it (the shop's time zone)."""
    body = {"advance_seconds": seconds, "freeze": True}
    now = operator(running, "clock", body).json()["status"]["now"]
    return datetime.fromisoformat(now).astimezone(ZoneInfo("Europe/Stockholm")).isoformat()


# -- E1: a child's change moves the child's stamp and tells its order -------------------------


def test_capturing_a_shipment_stamps_the_shipment_and_tells_the_order(centra_emulator_factory):
    running = centra_emulator_factory(orders=300)
    shipment = next(
        s
        for s in running.shop.shipments.values()
        if s.order.status == "PROCESSING" and not s.is_captured
    )
    number = shipment.order.number
    before = order(running, number)
    gql(running, LISTEN)
    now = later(running)
    answer = gql(
        running,
        "mutation($id: Int!) { captureShipment(id: $id) { userErrors { message } } }",
        id=shipment.id,
    )
    assert answer["captureShipment"]["userErrors"] == []
    capture = shipment.order.payment_history[-1]
    assert capture.entry_type == "CAPTURE"
    assert events(running) == [
        ("PaymentHistoryEntry", "CREATED", capture.id),
        ("Shipment", "UPDATED", shipment.id),
        ("Order", "DEPENDENT_DATA_CHANGED", number),  # and no Order UPDATED
    ]
    assert order(running, number)["updatedAt"] == before["updatedAt"]  # only the child changed
    # The sync polls shipments by their own stamp: the filter and the sort both see it.
    changed = gql(
        running,
        """query($from: DateTimeTz!) { shipments(where: {updatedAt: {from: $from}}) { id isCaptured } }""",
        **{"from": now},
    )["shipments"]
    assert changed == [{"id": shipment.id, "isCaptured": True}]
    newest = gql(running, "{ shipments(sort: [updatedAt_DESC], limit: 1) { id updatedAt } }")
    assert newest["shipments"] == [{"id": shipment.id, "updatedAt": now}]


def test_paying_a_shipped_shipment_completes_the_order(centra_emulator_factory):
    running = centra_emulator_factory(orders=300)
    number = next(n for n, o in running.shop.orders.items() if o.status == "PENDING")
    gql(
        running,
        "mutation($n: Int!) { confirmOrder(input: {order: {number: $n}}) { order { status } } }",
        n=number,
    )
    created = gql(
        running,
        """mutation($n: Int!) { createShipment(input: {order: {number: $n}, allocateDemand: true}) {
          shipment { id } userErrors { message } } }""",
        n=number,
    )["createShipment"]
    shipment_id = created["shipment"]["id"]
    gql(
        running,
        "mutation($id: Int!) { completeShipment(id: $id, input: {}) { userErrors { message } } }",
        id=shipment_id,
    )
    assert order(running, number)["status"] == "PROCESSING"  # shipped, but not paid
    gql(running, LISTEN)
    now = later(running)
    paid = gql(
        running,
        """mutation($id: Int!) { updateShipment(id: $id, input: {isPaid: true}) {
          shipment { isPaid updatedAt } userErrors { message } } }""",
        id=shipment_id,
    )["updateShipment"]
    assert paid["shipment"] == {"isPaid": True, "updatedAt": now}
    queued = events(running)
    assert queued == [
        ("Shipment", "UPDATED", shipment_id),
        ("Order", "DEPENDENT_DATA_CHANGED", number),
        ("Order", "COMPLETED", number),  # its own status changed: SHIPPED
    ]
    assert order(running, number) | {"customer": None} == {
        "number": number,
        "status": "SHIPPED",
        "updatedAt": now,
        "customer": None,
    }


def test_return_changes_stamp_the_return_not_the_order(centra_emulator_factory):
    running = centra_emulator_factory(scenario="erp-guide")
    number = running.shop.returns[315].order.number
    assert running.shop.returns[436].order.number == number
    before = order(running, number)
    gql(running, LISTEN)
    now = later(running)
    done = gql(
        running,
        "mutation { completeReturn(id: 315, input: {}) { return { status updatedAt } userErrors { message } } }",
    )["completeReturn"]
    assert done["return"] == {"status": "COMPLETED", "updatedAt": now}
    assert events(running) == [
        ("Return", "COMPLETED", 315),
        ("Order", "DEPENDENT_DATA_CHANGED", number),
    ]
    shipment = running.shop.returns[436].shipment.id
    gql(running, "mutation { deleteReturn(id: 436) { userErrors { message } } }")
    assert events(running) == [
        ("Shipment", "UPDATED", shipment),  # its returns changed: the trace a poller sees
        ("Return", "DELETED", 436),
        ("Order", "DEPENDENT_DATA_CHANGED", number),
    ]
    assert order(running, number)["updatedAt"] == before["updatedAt"]
    changed = gql(
        running,
        """query($from: DateTimeTz!) { returns(where: {updatedAt: {from: $from}}, sort: [updatedAt_DESC]) { id } }""",
        **{"from": now},
    )
    assert changed["returns"] == [{"id": 315}]


# -- E2, E3: what an order keeps as sold -------------------------------------------------------


def test_editing_the_buyers_email_changes_the_order_not_the_customer(centra_emulator_factory):
    running = centra_emulator_factory(orders=300)
    shop = running.shop
    customer_id, numbers = next(
        (cid, nums)
        for cid in shop.customers
        if len(nums := [n for n, o in shop.orders.items() if o.customer.id == cid]) >= 2
    )
    first, second = numbers[:2]
    query = "query($id: Int!) { customers(where: {id: [$id]}) { email updatedAt } }"
    customer_before = gql(running, query, id=customer_id)["customers"]
    gql(running, LISTEN)
    now = later(running)
    updated = gql(
        running,
        """mutation($n: Int!) { updateDirectToConsumerOrder(order: {number: $n},
          input: {customerInfo: {email: "new@example.com"}}) { userErrors { message } } }""",
        n=first,
    )
    assert updated["updateDirectToConsumerOrder"]["userErrors"] == []
    edited = order(running, first)
    assert edited["customer"] == {"id": customer_id, "email": "new@example.com"}
    assert edited["updatedAt"] == now
    assert order(running, second)["customer"]["email"] != "new@example.com"
    assert gql(running, query, id=customer_id)["customers"] == customer_before
    assert events(running) == [("Order", "UPDATED", first)]  # no Customer event


def test_order_lines_keep_the_product_name_they_were_sold_under(centra_emulator_factory):
    running = centra_emulator_factory(scenario="erp-guide")
    query = "{ orders(where: {number: [14]}) { lines { productName productVariantName product { id name } } } }"
    [line] = gql(running, query)["orders"][0]["lines"]
    renamed = gql(
        running,
        """mutation($id: Int!) { updateProduct(product: {id: $id}, input: {name: "Renamed"}) {
          userErrors { message } } }""",
        id=line["product"]["id"],
    )
    assert renamed["updateProduct"]["userErrors"] == []
    [after] = gql(running, query)["orders"][0]["lines"]
    assert after["product"]["name"] == "Renamed"  # the product itself is renamed
    assert (after["productName"], after["productVariantName"]) == (
        line["productName"],
        line["productVariantName"],
    )
    assert line["productName"] == "Basic Jacket"


# -- E4: simulated activity never fails half-way -----------------------------------------------


def test_activity_handles_partly_cancelled_orders(centra_emulator_factory):
    running = centra_emulator_factory(orders=50)
    shop = running.shop
    operator(running, "orders", {"count": 60, "seed": 5})
    # A fully cancelled line on every open order with two lines: the old simulation tried to
    # cancel it again and answered 500 after changing the orders before it.
    cancelled = [
        o.number for o in shop.orders.values() if o.status == "PENDING" and len(o.lines) >= 2
    ]
    assert len(cancelled) >= 10
    for number in cancelled:
        line = shop.orders[number].lines[0]
        gql(
            running,
            """mutation($n: Int!, $line: Int!, $q: Int!) { updateDirectToConsumerOrder(order: {number: $n},
              input: {cancelLines: [{line: {id: $line}, quantity: $q}]}) { userErrors { message } } }""",
            n=number,
            line=line.id,
            q=line.quantity,
        )
    answer = operator(running, "activity", {"new_orders": 2, "changed_orders": 1000, "seed": 3})
    assert answer.status_code == 200, answer.text
    changed = set(answer.json()["orders"])
    assert set(cancelled) <= changed
    for number in cancelled:  # each moved forward: shipped what was left, or cancelled it
        assert shop.orders[number].status in ("PROCESSING", "CANCELLED")


def test_refused_operator_calls_change_nothing_and_say_why(centra_emulator_factory):
    running = centra_emulator_factory(orders=100)
    count = len(running.shop.orders)
    refused = operator(running, "activity", {"new_orders": 5, "changed_orders": -1})
    assert len(running.shop.orders) == count  # the 5 new orders were not placed either
    assert refused.status_code == 400
    assert "changed_orders" in refused.json()["error"]
    typo = operator(running, "activity", {"new_order": 5})
    assert typo.status_code == 400 and "new_order" in typo.json()["error"]
    assert operator(running, "nonsense").status_code == 404
    bad_json = httpx.post(f"{running.base_url}/emulator/clock", content=b"{")
    assert bad_json.status_code == 400 and "error" in bad_json.json()


# -- F1: tokens --------------------------------------------------------------------------------


def test_tokens_can_be_made_over_http(centra_emulator_factory):
    running = centra_emulator_factory(orders=50)
    made = operator(running, "tokens", {"permissions": ["Order:read"], "integration": "erp"})
    assert made.status_code == 200
    token = made.json()["token"]
    assert "erp" in made.json()["status"]["integrations"]
    assert post(running, "{ orders(limit: 1) { number } }", token).json()["data"]["orders"]
    denied = post(running, EVENTS, token).json()
    assert denied["errors"][0]["message"] == "You need Event:read permission to access events."
    unknown = operator(running, "tokens", {"permissions": ["Order:read", "Ordr:raed", "X:y"]})
    assert unknown.status_code == 400
    assert unknown.json()["error"] == "Unknown permission(s): Ordr:raed, X:y"
    expired = operator(running, "tokens", {"expires_at": "2000-01-01T00:00:00+00:00"}).json()
    assert post(running, "{ orders(limit: 1) { number } }", expired["token"]).status_code == 401
    store = operator(running, "tokens", {"store_ids": [2]}).json()["token"]
    visible = gql(running, "{ orders(limit: 200) { store { id } } }", store)["orders"]
    assert {o["store"]["id"] for o in visible} <= {2}
    assert operator(running, "tokens", {"store_ids": [99]}).json()["error"] == (
        "Unknown store id(s): 99"
    )


# -- F2: the clock -----------------------------------------------------------------------------


def test_a_frozen_clock_gives_two_changes_the_same_second(centra_emulator_factory):
    running = centra_emulator_factory(orders=200)
    set_to = operator(running, "clock", {"set": "2027-03-01T10:00:00+01:00", "freeze": True})
    assert set_to.json()["now"] == "2027-03-01T09:00:00+00:00"
    assert set_to.json()["status"]["clock_frozen"] is True
    pending = [n for n, o in running.shop.orders.items() if o.status == "PENDING"][:2]
    for number in pending:
        gql(
            running,
            "mutation($n: Int!) { confirmOrder(input: {order: {number: $n}}) { order { status } } }",
            n=number,
        )
    stamps = {order(running, n)["updatedAt"] for n in pending}
    assert stamps == {"2027-03-01T10:00:00+01:00"}
    moved = operator(running, "clock", {"advance_seconds": 5}).json()
    assert moved["now"] == "2027-03-01T09:00:05+00:00"  # frozen clocks move only when told
    running.shop.clock.unfreeze()  # the in-process way
    assert operator(running, "clock", {"freeze": False}).json()["status"]["clock_frozen"] is False
    assert operator(running, "clock", {"set": "yesterday"}).status_code == 400
    assert operator(running, "clock", {}).status_code == 400


# -- F3: faults --------------------------------------------------------------------------------


def test_faults_hit_only_the_scoped_tokens_and_are_counted(centra_emulator_factory):
    running = centra_emulator_factory(orders=50)
    victim = running.add_token()
    configured = operator(running, "faults", {"error": 1.0, "tokens": [victim]})
    assert configured.status_code == 200
    assert post(running, "{ orders(limit: 1) { number } }").status_code == 200  # the driver
    assert [
        post(running, "{ orders(limit: 1) { number } }", victim).status_code for _ in range(3)
    ] == [500] * 3
    faults = httpx.get(f"{running.base_url}/emulator/status").json()["faults"]
    assert faults["injected"]["error"] == 3
    assert faults["scoped_tokens"] == 1
    assert operator(running, "faults", {"tokens": "abc"}).status_code == 400


def test_fault_sequence_carries_on_across_configuration_calls(centra_emulator_factory):
    running = centra_emulator_factory(orders=20)

    def statuses(count: int) -> list[int]:
        return [post(running, "{ orders(limit: 1) { number } }").status_code for _ in range(count)]

    operator(running, "faults", {"error": 0.5, "seed": 7})
    reference = statuses(24)
    operator(running, "faults", {"error": 0.5, "seed": 7})
    first = statuses(12)
    operator(running, "faults", {"slow_seconds": 0.01})  # no seed: the sequence goes on
    assert first + statuses(12) == reference
    assert 500 in reference and 200 in reference


# -- F4, F5: reset and purge -------------------------------------------------------------------


def test_reset_keeps_tokens_and_the_events_switch(centra_emulator_factory):
    running = centra_emulator_factory(orders=50)
    erp = running.add_token(integration="erp")
    operator(running, "events", {"integration": "erp", "enabled": False})
    reset = operator(running, "reset", {"orders": 30, "seed": 2})
    assert reset.status_code == 200
    assert reset.json()["status"]["events_disabled"] == ["erp"]
    assert reset.json()["status"]["orders"] == 30
    gql(running, LISTEN, erp)
    number = next(n for n, o in running.shop.orders.items() if o.status == "PENDING")
    gql(
        running,
        "mutation($n: Int!) { confirmOrder(input: {order: {number: $n}}) { order { status } } }",
        erp,
        n=number,
    )
    assert gql(running, EVENTS, erp)["events"] == []  # still switched off
    assert operator(running, "reset", {"scenario": "nope"}).status_code == 400


def test_purging_an_integrations_queue(centra_emulator_factory):
    running = centra_emulator_factory(orders=50)
    other = running.add_token(integration="erp")
    gql(running, LISTEN)
    gql(running, LISTEN, other)
    operator(running, "orders", {"count": 2})
    purged = httpx.post(
        f"{running.base_url}/emulator/events/purge", json={"integration": "centra-bridge"}
    )
    assert purged.status_code == 200
    assert purged.json()["purged"] == 4  # per order: Order CREATED and the AUTH payment
    assert gql(running, EVENTS)["events"] == []
    assert len(gql(running, EVENTS, other)["events"]) == 4  # other integrations keep theirs
    unknown = httpx.post(f"{running.base_url}/emulator/events/purge", json={"integration": "x"})
    assert unknown.status_code == 400


# -- F6: request hooks -------------------------------------------------------------------------


def test_request_hook_sees_each_request_before_it_runs(centra_emulator_factory):
    running = centra_emulator_factory(orders=50)
    number = next(n for n, o in running.shop.orders.items() if o.status == "PENDING")
    seen: list[tuple[str | None, dict[str, Any]]] = []

    def hook(name: str | None, variables: dict[str, Any]) -> None:
        seen.append((name, variables))
        if name == "Held":  # change the shop between the request's arrival and its execution
            with running.shop.lock:
                running.shop.update_order(number, is_on_hold=True)

    remove = running.add_request_hook(hook)
    held = gql(
        running, "query Held($n: Int!) { orders(where: {number: [$n]}) { isOnHold } }", n=number
    )
    assert held["orders"] == [{"isOnHold": True}]
    body = {
        "query": "query A { orders(limit: 1) { number } } query B { stores { id } }",
        "operationName": "B",
    }
    httpx.post(running.url, json=body, headers={"Authorization": f"Bearer {running.token}"})
    gql(running, "{ stores { id } }")
    assert seen == [("Held", {"n": number}), ("B", {}), (None, {})]
    remove()
    gql(running, "query Again { stores { id } }")
    assert len(seen) == 3


def test_a_request_hook_may_wait_for_another_request(centra_emulator_factory):
    running = centra_emulator_factory(orders=20)
    release = threading.Event()
    finished: list[str] = []

    def hook(name: str | None, _: dict[str, Any]) -> None:
        if name == "First":
            assert release.wait(10)

    running.add_request_hook(hook)

    def first() -> None:
        gql(running, "query First { stores { id } }")
        finished.append("First")

    thread = threading.Thread(target=first)
    thread.start()
    gql(running, "query Second { stores { id } }")  # served while First waits in its hook
    finished.append("Second")
    release.set()
    thread.join(10)
    assert finished == ["Second", "First"]


def test_a_failing_hook_answers_500(centra_emulator_factory):
    running = centra_emulator_factory(orders=20)

    def hook(_: str | None, __: dict[str, Any]) -> None:
        raise RuntimeError("boom")

    running.emulator.add_request_hook(hook)
    answer = post(running, "{ stores { id } }")
    assert answer.status_code == 500 and "boom" in answer.json()["errors"][0]["message"]
