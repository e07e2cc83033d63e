"""Review invitations end to end: orders changed in the emulator over its API, decisions from
its events, deliveries to a fake review platform on a real port, the emulator's clock moved past
the delays."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from centra_bridge.client import ClientOptions
from centra_bridge.invitations import (
    InvitationsOptions,
    change,
    list_invitations,
    open_store,
    preview,
    run,
)
from centra_bridge.testing import FakeReviewPlatform
from shop_actions import cancel_lines, gql, new_order, return_all, ship

DAY = 24 * 3600


@pytest.fixture
def platform():
    with FakeReviewPlatform() as started:
        yield started


@pytest.fixture
def shop(centra_emulator_factory):
    return centra_emulator_factory(orders=40)  # 25 customers; every order a month old


def _options(platform, tmp_path, **changes) -> InvitationsOptions:
    values = {
        "provider": "webhook",
        "webhook_url": platform.webhook_url,
        "webhook_secret": platform.webhook_secret,
        "state": str(tmp_path / "invitations.sqlite"),
        **changes,
    }
    return InvitationsOptions(**values)


def _run(shop, options):
    with ClientOptions(endpoint=shop.url, token=shop.token).client() as client:
        return run(options, client)


def _preview(shop, options, numbers=None):
    with ClientOptions(endpoint=shop.url, token=shop.token).client() as client:
        return preview(options, client, numbers)


def _about(delta: timedelta, expected: timedelta) -> bool:
    """Within the few seconds between the order's change and the run's reading of the clock."""
    return abs(delta - expected) <= timedelta(seconds=5)


def _listed(options, status=None):
    store = open_store(options)
    try:
        return list_invitations(store, status)
    finally:
        store.close()


def test_a_shipped_order_is_invited_once_after_the_delay(shop, platform, tmp_path):
    options = _options(platform, tmp_path)
    _run(shop, options)  # switched on: listeners set, nothing at the trigger yet
    shipped, placed = new_order(shop, customer=1), new_order(shop, customer=2)
    ship(shop, shipped)

    first = _run(shop, options)
    assert [(o.number, o.action) for o in first.outcomes if o.action != "waiting"] == [
        (shipped, "invited")
    ]
    assert first.delivery is not None and first.delivery.sent == 0  # due in 7 days
    (pending,) = _listed(options, "pending")
    assert pending.orders == [shipped]
    assert _about(pending.send_at - first.now, timedelta(days=7))

    shop.shop.clock.advance(7 * DAY + 60)
    assert _run(shop, options).delivery.sent == 1
    assert _run(shop, options).delivery.sent == 0
    assert list(platform.accepted) == [f"order-{shipped}"]
    assert platform.repeats == {}
    invitation = platform.accepted[f"order-{shipped}"]
    customer = shop.shop.customers[1]
    assert invitation["buyer_email"] == customer.email.lower()
    assert invitation["buyer_name"] == f"{customer.first_name} {customer.last_name}"
    assert invitation["internal_order_id"] == str(shipped)
    order = shop.shop.orders[shipped]
    assert sorted(p["id"] for p in invitation["products"]) == sorted(
        str(line.product.id) for line in order.lines
    )
    assert all(p["skus"] for p in invitation["products"])
    assert placed not in [o for v in _listed(options) for o in v.orders]


def test_cancelling_or_returning_before_the_send_time_revokes_and_fulfilment_replans(
    shop, platform, tmp_path
):
    options = _options(platform, tmp_path)
    _run(shop, options)
    returned, cancelled = new_order(shop, customer=1), new_order(shop, customer=2)
    ship(shop, returned)
    ship(shop, cancelled)
    _run(shop, options)
    assert len(_listed(options, "pending")) == 2

    return_all(shop, returned)
    shop.shop.update_order(cancelled, status="CANCELLED")  # cancelled in AMS after shipping
    _run(shop, options)
    assert _listed(options, "pending") == []
    assert {v.orders[0]: v.last_error for v in _listed(options, "cancelled")} == {
        returned: f"order {returned}: every line was cancelled or returned",
        cancelled: f"order {cancelled}: the order is cancelled",
    }

    shop.shop.clock.advance(3 * DAY)
    shop.shop.update_order(cancelled, status="SHIPPED")  # fulfilled after all
    replanned = _run(shop, options)
    assert [o.action for o in replanned.outcomes if o.number == cancelled] == ["replanned"]
    (pending,) = _listed(options, "pending")
    assert _about(pending.send_at - replanned.now, timedelta(days=7))  # fresh, not the old date

    shop.shop.clock.advance(7 * DAY + 60)
    _run(shop, options)
    assert list(platform.accepted) == [f"order-{cancelled}"]


def test_an_invitation_sent_before_a_return_is_marked_and_never_sent_again(
    shop, platform, tmp_path
):
    options = _options(platform, tmp_path, delay="0s")
    _run(shop, options)
    number = new_order(shop)
    ship(shop, number)
    assert _run(shop, options).delivery.sent == 1
    return_all(shop, number)
    outcome = [o for o in _run(shop, options).outcomes if o.number == number]
    assert outcome[0].action == "revoked"
    assert "it is not sent again" in outcome[0].reason
    assert [v.status for v in _listed(options)] == ["sent"]
    assert list(platform.accepted) == [f"order-{number}"]


def test_orders_of_one_customer_merge_and_recently_invited_products_are_left_out(
    shop, platform, tmp_path
):
    options = _options(platform, tmp_path, merge_window="1d", product_cooldown="90d")
    _run(shop, options)
    first, second = new_order(shop, products=(0, 1)), new_order(shop, products=(1, 2))
    ship(shop, first)
    ship(shop, second)
    outcomes = {o.number: o for o in _run(shop, options).outcomes}
    assert outcomes[first].action == "invited"
    assert outcomes[second].action == "merged"
    (merged,) = _listed(options, "pending")
    assert merged.orders == [first, second]
    assert merged.products == 3  # products 0, 1, 2: the shared one once

    shop.shop.clock.advance(10 * DAY)  # past the merge window, within the 90 days
    again, partly = new_order(shop, products=(0,)), new_order(shop, products=(0, 3))
    ship(shop, again)
    shop.shop.clock.advance(2 * DAY)
    ship(shop, partly)
    outcomes = {o.number: o for o in _run(shop, options).outcomes}
    assert outcomes[again].action == "skipped"
    assert outcomes[again].reason == "every product was in an invitation within 90 days"
    assert outcomes[partly].action == "invited"
    (later,) = [v for v in _listed(options, "pending") if v.orders == [partly]]
    assert later.products == 1  # product 3 only
    shop.shop.update_order(partly, is_on_hold=False)  # decided again: still product 3 only
    _run(shop, options)
    (later,) = [v for v in _listed(options, "pending") if v.orders == [partly]]
    assert later.products == 1

    shop.shop.clock.advance(30 * DAY)
    _run(shop, options)
    sent = platform.accepted[f"order-{first}"]
    assert sent["internal_order_id"] == f"{first},{second}"
    assert len(platform.accepted) == 2


def test_orders_left_out_say_why(shop, platform, tmp_path):
    options = _options(
        platform,
        tmp_path,
        opt_out_attribute="cus_extra.ship_id=no-reviews",
        test_order_attribute="or_channel.name=test",
    )
    _run(shop, options)
    held, internal, opted_out, test_order, cancelled, partial = (
        new_order(shop, customer=c) for c in (1, 2, 3, 4, 5, 6)
    )
    for number in (held, internal, opted_out, test_order, partial):
        ship(shop, number)
    cancel_lines(shop, cancelled)
    shop.shop.update_order(held, is_on_hold=True)
    shop.shop.update_order(internal, is_internal=True)
    _assign(shop, "Customer", 3, "cus_extra", "ship_id", "no-reviews")
    _assign(shop, "Order", test_order, "or_channel", "name", "test")
    reasons = {o.number: o.reason for o in _preview(shop, options).outcomes}
    assert reasons[held] == "the order is on hold"
    assert reasons[internal] == "the order is internal"
    assert reasons[opted_out] == "the customer opted out (cus_extra.ship_id=no-reviews)"
    assert reasons[test_order] == "a test order (or_channel.name=test)"
    assert reasons[cancelled] == "the order is cancelled"
    assert reasons[partial] == ""
    assert _listed(options) == []  # a preview records nothing


def test_a_partly_cancelled_order_is_invited_for_what_was_kept(shop, platform, tmp_path):
    options = _options(platform, tmp_path)
    _run(shop, options)
    number = new_order(shop, products=(0, 1, 2))
    cancel_lines(shop, number, positions=(1,))
    ship(shop, number)
    _run(shop, options)
    (pending,) = _listed(options, "pending")
    assert pending.products == 2


def test_wholesale_orders_only_when_enabled(shop, platform, tmp_path):
    markets = sorted(shop.shop.markets.values(), key=lambda m: m.id)
    position = next(i for i, m in enumerate(markets) if m.store.type == "WHOLESALE")
    number = new_order(shop, market=position)
    ship(shop, number)
    off = _preview(shop, _options(platform, tmp_path), [number]).outcomes[0]
    assert off.reason == "a wholesale order (invitations.wholesale is off)"
    on = _preview(shop, _options(platform, tmp_path, wholesale=True), [number]).outcomes[0]
    assert on.action == "invited"


def test_switching_on_invites_only_orders_within_the_look_back(shop, platform, tmp_path):
    old, recent = new_order(shop, customer=1), new_order(shop, customer=2)
    ship(shop, old)
    shop.shop.clock.advance(20 * DAY)
    ship(shop, recent)
    shop.shop.clock.advance(3 * DAY)
    options = _options(platform, tmp_path)
    outcomes = {o.number: o for o in _run(shop, options).outcomes}
    assert outcomes[recent].action == "invited"
    assert old not in outcomes  # outside the scan
    shop.shop.update_order(old, is_on_hold=False)  # touched after switch-on: an event names it
    outcomes = {o.number: o for o in _run(shop, options).outcomes}
    assert outcomes[old].action == "skipped"
    assert "before the look-back of 14 days" in outcomes[old].reason
    assert [v.orders for v in _listed(options)] == [[recent]]


def test_a_platform_down_for_a_while_gets_every_invitation_once(shop, platform, tmp_path):
    options = _options(platform, tmp_path, delay="0s", retry_after="1m")
    _run(shop, options)
    numbers = [new_order(shop, customer=c) for c in (1, 2, 3)]
    for number in numbers:
        ship(shop, number)
    platform.fail_next(2)
    first = _run(shop, options)
    assert first.delivery.sent == 0  # the first fails, the rest wait for its retry
    assert first.delivery.retrying >= 1
    for _ in range(4):
        shop.shop.clock.advance(10 * 60)
        _run(shop, options)
    assert sorted(platform.accepted) == sorted(f"order-{n}" for n in numbers)
    assert platform.repeats == {}


def test_a_platform_that_never_recovers_parks_invitations_as_failed(shop, platform, tmp_path):
    options = _options(platform, tmp_path, delay="0s", retry_after="1m", max_attempts=3)
    _run(shop, options)
    number = new_order(shop)
    ship(shop, number)
    platform.fail_always(503)
    for _ in range(4):
        _run(shop, options)
        shop.shop.clock.advance(10 * 60)
    (failed,) = _listed(options, "failed")
    assert failed.attempts == 3
    assert failed.last_error.startswith("HTTP 503")

    platform.recover()
    store = open_store(options)
    try:
        change(store, failed.id, "retry", failed.send_at)
    finally:
        store.close()
    _run(shop, options)
    assert list(platform.accepted) == [f"order-{number}"]


def _assign(shop, object_type, object_id, attribute, element, value):
    gql(
        shop,
        "mutation($input: AttributesAssignInput!) { assignAttributes(input: $input) "
        "{ userErrors { message } } }",
        input={
            "objectType": object_type,
            "objectId": object_id,
            "dynamicAttributes": [
                {
                    "attributeTypeName": attribute,
                    "attributeElementKey": element,
                    "attributeElementValue": value,
                }
            ],
        },
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ['trigger = "delivered"'],
            "invitations.trigger from centra-bridge.toml:2: unknown trigger",
        ),
        (
            ['delay = "soon"'],
            "invitations.delay from centra-bridge.toml:2: 'soon' is not a duration",
        ),
        (
            ['provider = "lipscore"', 'languages = { SE = "sv" }'],
            "Lipscore has no language 'sv'",
        ),
        (['provider = "lipscore"'], "provider 'lipscore' needs lipscore_api_key, lipscore_secret"),
        (['send_hours = "12-10"'], "invitations.send_hours from centra-bridge.toml:2"),
    ],
)
def test_bad_settings_fail_at_start_naming_the_setting(
    lines, expected, cli, tmp_path, monkeypatch, shop
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CENTRA_BRIDGE_ENDPOINT", shop.url)
    monkeypatch.setenv("CENTRA_BRIDGE_TOKEN", shop.token)
    Path("centra-bridge.toml").write_text("\n".join(["[invitations]", *lines, ""]))
    code, out, err = cli("invitations", "run")
    assert code == 1
    assert expected in err
    assert "Traceback" not in err
    assert shop.token not in err + out


def test_the_cli_runs_lists_and_changes_invitations_without_showing_secrets(
    shop, platform, cli, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CENTRA_BRIDGE_ENDPOINT", shop.url)
    monkeypatch.setenv("CENTRA_BRIDGE_TOKEN", shop.token)
    monkeypatch.setenv("CENTRA_BRIDGE_INVITATIONS__WEBHOOK_SECRET", platform.webhook_secret)
    Path("centra-bridge.toml").write_text(
        f'[invitations]\nprovider = "webhook"\nwebhook_url = "{platform.webhook_url}"\n'
    )
    assert cli("invitations", "run")[0] == 0
    number = new_order(shop)
    ship(shop, number)
    code, out, err = cli("invitations", "preview")
    assert code == 0, err
    assert str(number) in out and "invited" in out
    code, _, err = cli("invitations", "preview", "--orders", f"{number},abc")
    assert code == 2  # a usage error, not a crash
    assert "expected order numbers separated by commas, got 'abc'" in err
    code, out, _ = cli("invitations", "run")
    assert code == 0
    assert "Delivered 0 invitations" in out  # due in 7 days
    code, out, _ = cli("invitations", "list", "--status", "pending", "--json")
    (listed,) = json.loads(out)
    assert listed["orders"] == [number]

    assert cli("invitations", "send-now", str(listed["id"]))[0] == 0
    code, out, _ = cli("invitations", "run")
    assert "Delivered 1 invitation" in out
    code, out, err = cli("invitations", "cancel", str(listed["id"]))
    assert code == 1
    assert "is sent: it cannot be cancel" in err
    everything = out + err + Path("centra-bridge.toml").read_text()
    everything += Path(".centra-bridge/invitations.sqlite").read_bytes().decode("latin-1")
    assert platform.webhook_secret not in everything
    assert shop.token not in everything


def test_lipscore_gets_batches_of_20_and_a_purchase_it_has_counts_as_delivered(
    centra_emulator_factory, platform, tmp_path
):
    shop = centra_emulator_factory(orders=40)
    options = InvitationsOptions(
        provider="lipscore",
        lipscore_url=platform.url,
        lipscore_api_key=platform.lipscore_api_key,
        lipscore_secret=platform.lipscore_secret,
        delay="0s",
        state=str(tmp_path / "invitations.sqlite"),
    )
    _run(shop, options)
    numbers = [new_order(shop, customer=c) for c in range(1, 26)]
    for number in numbers:
        ship(shop, number)
    # As if a run had sent this one and died before recording it.
    platform.accepted[f"order-{numbers[0]}"] = {"sent": "before"}
    report = _run(shop, options)
    assert report.delivery.sent == 25
    assert report.delivery.requests == 2  # 20 + 5
    assert platform.repeats == {f"order-{numbers[0]}": 1}
    purchase = platform.accepted[f"order-{numbers[1]}"]
    assert purchase["lang"] == "se"  # the seeded customer's Swedish address: Lipscore's code
    assert purchase["products"][0]["sku_values"]
    assert platform.rejected == []


def test_product_pages_come_from_the_stores_display_and_names_lose_their_brand(
    shop, platform, tmp_path
):
    options = _options(
        platform,
        tmp_path,
        base_url="https://shop.example",
        base_urls={"Sweden": "https://shop.example/se/"},
    )
    _run(shop, options)
    catalog = sorted(shop.shop.products.values(), key=lambda p: p.id)
    product = catalog[0]
    product.name = f"{product.brand.name} Runner"  # named with its brand, as many shops do
    gql(
        shop,
        "mutation($input: DisplayCreateInput!) { createDisplay(input: $input) "
        "{ userErrors { message } } }",
        input={
            "store": {"id": 1},
            "product": {"id": product.id},
            "name": product.name,
            "status": "ACTIVE",
            "uri": "runner-shoe",
            "canonicalCategory": {"id": 3},  # Shoes
            "addProductMedia": [{"productMedia": {"id": product.media[0].id}}],
        },
    )
    with shop.shop.lock:  # the second product shows only in the wholesale store
        for display in shop.shop.displays.values():
            if display.product is catalog[1]:
                display.store = shop.shop.stores[2]
    number = new_order(shop, products=(0, 1))  # the first market: Sweden
    ship(shop, number)
    (previewed,) = _preview(shop, options, [number]).outcomes
    assert previewed.action == "invited"
    assert _run(shop, options).outcomes[0].action == "invited"
    shop.shop.clock.advance(8 * DAY)
    _run(shop, options)
    (invitation,) = platform.accepted.values()
    pages = {p["id"]: p["url"] for p in invitation["products"]}
    assert pages[str(product.id)] == "https://shop.example/se/runner-shoe"
    assert pages[str(catalog[1].id)] is None  # no display in this store: no page to link
    names = {p["id"]: (p["name"], p["brand"]) for p in invitation["products"]}
    assert names[str(product.id)] == ("Runner", product.brand.name)
    sent = next(p for p in invitation["products"] if p["id"] == str(product.id))
    assert sent["category"] == "Shoes"
    assert sent["image_url"] == product.media[0].url


def test_the_voucher_used_travels_with_the_invitation(shop, platform, tmp_path):
    options = _options(platform, tmp_path, delay="0s")
    _run(shop, options)
    created = gql(
        shop,
        "mutation($input: VoucherCreateInput!) { createVoucher(input: $input) "
        "{ userErrors { message } voucher { id } } }",
        input={
            "name": "Welcome",
            "status": "ACTIVE",
            "startAt": "2026-01-01 00:00",
            "stopAt": "2027-12-31 00:00",
            "method": "CODE",
            "code": "WELCOME10",
            "priority": 1,
            "maxUsages": 0,
            "reuse": True,
            "combineWithOtherVouchers": True,
            "type": "DISCOUNT",
            "entryPointStrategy": "APPLY_ALL_IF_ALL_APPLY",
            "store": {"id": 1},
        },
    )
    voucher = shop.shop.vouchers[created["createVoucher"]["voucher"]["id"]]
    with_code, without = new_order(shop, customer=1, voucher=voucher), new_order(shop, customer=2)
    ship(shop, with_code)
    ship(shop, without)
    _run(shop, options)
    assert platform.accepted[f"order-{with_code}"]["voucher"] == "WELCOME10"
    assert platform.accepted[f"order-{without}"]["voucher"] is None


def test_the_send_window_holds_invitations_to_its_hours_and_days(shop, platform, tmp_path):
    options = _options(
        platform,
        tmp_path,
        delay="1d",
        send_hours="10-12",
        send_days="mon,tue,wed,thu,fri",
        timezone="Europe/Stockholm",
    )
    _run(shop, options)
    numbers = []
    for customer in (1, 2, 3):
        number = new_order(shop, customer=customer)
        ship(shop, number)
        numbers.append(number)
        shop.shop.clock.advance(29 * 3600)  # shipped at different hours and days
    _run(shop, options)
    for view in _listed(options, "pending"):
        local = view.send_at.astimezone(ZoneInfo("Europe/Stockholm"))
        assert 10 <= local.hour < 12
        assert local.weekday() < 5


def test_without_a_provider_a_run_is_dry(shop, tmp_path):
    options = InvitationsOptions(delay="0s", state=str(tmp_path / "invitations.sqlite"))
    _run(shop, options)
    number = new_order(shop)
    ship(shop, number)
    report = _run(shop, options)
    assert report.dry_run
    assert report.delivery is None
    assert [v.status for v in _listed(options)] == ["pending"]  # decided, kept, not sent


def test_a_markets_rule_overrides_its_stores_which_overrides_the_defaults():
    options = InvitationsOptions(
        delay="7d",
        markets={"Retail": {"delay": "2d", "send_hours": "9-17"}, "Sweden": {"delay": "1d"}},
    )
    sweden = {"market": {"id": 1, "name": "Sweden"}, "store": {"id": 1, "name": "Retail"}}
    uk = {"market": {"id": 3, "name": "United Kingdom"}, "store": {"id": 1, "name": "Retail"}}
    wholesale = {"market": {"id": 5, "name": "Wholesale Nordics"}, "store": {"id": 2}}
    assert options.rule(sweden).delay == timedelta(days=1)
    assert options.rule(sweden).send_hours == (9, 17)  # from the store's rule, under the market's
    assert options.rule(uk).delay == timedelta(days=2)
    assert options.rule(uk).send_hours == (9, 17)
    assert options.rule(wholesale).delay == timedelta(days=7)
