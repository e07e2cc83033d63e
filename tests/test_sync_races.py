"""Reading a shop that changes underneath the sync: each race staged deterministically with the
emulator's request hook (a change made between two of the sync's requests), then the warehouse
compared row by row with a fresh full sync of the shop as it ended."""

from __future__ import annotations

import httpx

from centra_bridge.emulator import all_permissions, build_schema, place_random_orders
from centra_bridge.sync import sync
from sync_compare import assert_same_as_fresh_sync

NO_EVENTS = all_permissions(build_schema()) - {"Event:read", "Event:write"}
PAGES = {"Orders", "OrdersOfSecond"}


def _sync(settings, **kwargs):
    with settings.client() as client:
        return sync(settings, client, **kwargs)


def _on_request(running, name, nth, change):
    """Run ``change()`` once, just before the ``nth`` request whose operation is in ``name``
    (outside the shop's lock, so the change may itself call the API)."""
    seen, done = [], []

    def hook(operation, _variables):
        if operation in name:
            seen.append(operation)
            if len(seen) == nth:
                change()
                done.append(operation)

    running.emulator.add_request_hook(hook)
    return done


def _graphql(running, query, variables=None):
    answer = httpx.post(
        running.url,
        json={"query": query, "variables": variables or {}},
        headers={"Authorization": f"Bearer {running.token}"},
    )
    answer.raise_for_status()
    body = answer.json()
    assert "errors" not in body, body
    payload = next(iter(body["data"].values()))
    assert payload["userErrors"] == [], payload
    return payload


def test_a_backfill_never_skips_orders_when_one_second_holds_more_than_a_page(
    centra_emulator_factory, settings_for, tmp_path
):
    running = centra_emulator_factory(orders=20)
    shop = running.shop
    with shop.lock:
        shop.clock.advance(60)
        shop.clock.freeze()
        block = place_random_orders(shop, 450, seed=3)  # a flash sale: 450 orders in a second
        shop.clock.unfreeze()
        shop.clock.advance(5)

    def change_three_already_read():
        with shop.lock:
            for number in block[:3]:
                shop.update_order(number, is_on_hold=True)  # they leave the second

    changed = _on_request(running, PAGES, 3, change_three_already_read)
    settings = settings_for(running, page_size=200)
    _sync(settings)
    assert changed
    assert_same_as_fresh_sync(running, settings, tmp_path)


def test_b_the_newest_read_of_an_order_wins_within_one_chunk(
    centra_emulator_factory, settings_for, tmp_path
):
    running = centra_emulator_factory(orders=150)
    shop = running.shop
    ranked = sorted(shop.orders.values(), key=lambda o: (o.updated_at, o.number))
    returned = min(shop.returns.values(), key=lambda r: ranked.index(r.order))
    order = returned.order
    page_size = ranked.index(order) + 5  # the order is on the first page; more pages follow

    def change_an_order_read_on_page_one():
        shop.clock.advance(5)
        _graphql(
            running,
            "mutation($id: Int!) { deleteReturn(id: $id) { userErrors { message } } }",
            {"id": returned.id},
        )
        with shop.lock:
            shop.update_order(order.number, is_on_hold=not order.is_on_hold)  # to the end

    # No events: only the second read in the same chunk can bring the new state.
    settings = settings_for(running, token=running.add_token(NO_EVENTS), page_size=page_size)
    assert page_size * 2 < len(ranked)  # several pages, all in one chunk
    changed = _on_request(running, PAGES, 2, change_an_order_read_on_page_one)
    _sync(settings)
    assert changed
    assert returned.id not in shop.returns
    assert_same_as_fresh_sync(running, settings, tmp_path)


def test_c_a_change_between_the_drain_and_the_proof_is_no_evidence_events_are_off(
    centra_emulator_factory, settings_for, tmp_path
):
    running = centra_emulator_factory(orders=100)
    shop = running.shop
    settings = settings_for(running)
    _sync(settings)

    def change_after_the_drain():
        with shop.lock:
            shop.clock.advance(5)
            shop.update_order(5, status="ARCHIVED")

    changed = _on_request(running, {"Orders"}, 1, change_after_the_drain)  # the proof's look
    second = _sync(settings)
    assert changed
    assert second.notes == []
    assert second.events_mode == "events"
    with shop.lock:
        shop.clock.advance(5)
        shop.update_order(6, status="ARCHIVED")
    third = _sync(settings)
    assert third.notes == []
    assert third.events_mode == "events"
    assert third.tables["orders"] == 1  # through its event, not a re-read with overlap
    assert_same_as_fresh_sync(running, settings, tmp_path)


def test_d_polling_keeps_what_shares_the_cursor_second_and_snapshots_when_events_go_off(
    centra_emulator_factory, settings_for, tmp_path
):
    running = centra_emulator_factory(orders=100)
    shop = running.shop
    with shop.lock:
        shop.clock.advance(60)
        shop.clock.freeze()
        place_random_orders(shop, 2, seed=4)  # the newest rows' second
    settings = settings_for(running)
    _sync(settings)  # events look fine: listeners set, nothing queued
    with shop.lock:
        shop.events.disabled.add("centra-bridge")  # ... but Centra creates none from now on
        place_random_orders(shop, 1, seed=5)  # same second as the newest row, after reading it
        shop.clock.unfreeze()
        shop.clock.advance(100)
        shop.update_order(7, status="ARCHIVED")  # moves the cursor far past that second
    found_off = _sync(settings)
    # Stock moved with the new order: the run that finds events off re-reads it.
    assert_same_as_fresh_sync(running, settings, tmp_path)
    assert len(found_off.notes) == 1
    assert "without an event" in found_off.notes[0]
    assert found_off.events_mode == "polling"
    with shop.lock:
        shop.clock.advance(5)
        shop.update_order(8, status="ARCHIVED")
    later = _sync(settings)
    assert later.notes == []
    assert_same_as_fresh_sync(running, settings, tmp_path)


def test_d_polling_finds_children_that_change_without_their_order(
    centra_emulator_factory, settings_for, tmp_path
):
    running = centra_emulator_factory(orders=200)
    shop = running.shop
    settings = settings_for(running, token=running.add_token(NO_EVENTS))
    _sync(settings)
    uncaptured = next(s for s in shop.shipments.values() if not s.is_captured)
    unpaid = next(s for s in shop.shipments.values() if not s.is_paid and s is not uncaptured)
    open_return = next(r for r in shop.returns.values() if r.status != "COMPLETED")
    stamps = {o.number: o.updated_at for o in shop.orders.values()}
    shop.clock.advance(5)
    _graphql(
        running,
        "mutation($id: Int!) { captureShipment(id: $id) { userErrors { message } } }",
        {"id": uncaptured.id},
    )
    _graphql(
        running,
        "mutation($id: Int!) { updateShipment(id: $id, input: {isPaid: true}) { userErrors { message } } }",
        {"id": unpaid.id},
    )
    _graphql(
        running,
        "mutation($id: Int!) { completeReturn(id: $id) { userErrors { message } } }",
        {"id": open_return.id},
    )
    # Centra leaves an order's updatedAt alone when only its children change.
    assert stamps[open_return.order.number] == open_return.order.updated_at
    report = _sync(settings)
    assert_same_as_fresh_sync(running, settings, tmp_path)
    assert report.tables["shipments"] >= 2
