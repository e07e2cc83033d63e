"""Stock arithmetic through order → ship → return → delete return, for each return policy."""

from __future__ import annotations

from decimal import Decimal

import httpx
import pytest

from centra_bridge.emulator import place_order


def gql(running, query, **variables):
    headers = {"Authorization": f"Bearer {running.token}"}
    body = httpx.post(
        running.url, json={"query": query, "variables": variables}, headers=headers
    ).json()
    assert "errors" not in body, body["errors"]
    [payload] = body["data"].values()
    assert payload.get("userErrors", []) == [], payload["userErrors"]
    return payload


def levels(running, size):
    shop = running.shop
    return {
        wid: (lv.physical_quantity, lv.allocated_quantity, lv.free_to_allocate_quantity)
        for wid in (1, 3)
        if (lv := shop.level(shop.warehouses[wid], size))
    }


@pytest.mark.parametrize(
    ("policy", "after_return", "after_delete"),
    [
        # (physical, allocated, free) in warehouses 1 and 3, relative to before the order
        (
            "releaseItemsBackToWarehouse: true",
            {1: (-1, 0, -1), 3: (0, 0, 0)},
            {1: (-1, 2, -3), 3: (0, 0, 0)},
        ),
        (
            "sendItemsToDifferentWarehouse: {id: 3}",
            {1: (-3, 0, -3), 3: (2, 0, 2)},
            {1: (-3, 0, -3), 3: (2, 2, 0)},
        ),
        (
            "removeItemsFromStock: true",
            {1: (-3, 0, -3), 3: (0, 0, 0)},
            {1: (-3, 0, -3), 3: (0, 0, 0)},
        ),
    ],
)
def test_stock_through_a_full_cycle(centra_emulator_factory, policy, after_return, after_delete):
    running = centra_emulator_factory(scenario="erp-guide")
    shop = running.shop
    jacket = shop.variants[2001].product_sizes[0]
    start = levels(running, jacket)

    def delta():
        now = levels(running, jacket)
        return {w: tuple(a - b for a, b in zip(now[w], start[w], strict=True)) for w in now}

    with shop.lock:
        sweden = shop.markets[1]
        order = place_order(
            shop,
            market=sweden,
            customer=shop.customers[4],
            lines=[(jacket, 3, Decimal(675), Decimal(675))],
            shipping_value=Decimal(0),
        )
    assert delta() == {1: (0, 3, -3), 3: (0, 0, 0)}  # placing allocates
    gql(
        running,
        "mutation($n: Int!) { confirmOrder(input: {order: {number: $n}}) { userErrors { message } } }",
        n=order.number,
    )
    shipment = gql(
        running,
        """mutation($n: Int!) { createShipment(input: {order: {number: $n}, isPaid: true}) {
        shipment { id lines { id } } userErrors { message } } }""",
        n=order.number,
    )["shipment"]
    gql(
        running,
        'mutation($id: Int!) { completeShipment(id: $id, input: {shippedAt: "now"}) { userErrors { message } } }',
        id=shipment["id"],
    )
    assert delta() == {1: (-3, 0, -3), 3: (0, 0, 0)}  # shipping takes it off the shelf
    assert shop.orders[order.number].status == "SHIPPED"
    returned = gql(
        running,
        f"""mutation($s: Int!, $line: Int!) {{ createReturn(input: {{
        shipment: {{id: $s}}, lines: [{{shipmentLine: {{id: $line}}, quantity: 2}}],
        returnStockActionPolicy: {{ {policy} }} }}) {{ return {{ id }} userErrors {{ message }} }} }}""",
        s=shipment["id"],
        line=shipment["lines"][0]["id"],
    )["return"]
    assert delta() == after_return
    gql(
        running,
        "mutation($id: Int!) { deleteReturn(id: $id) { userErrors { message } } }",
        id=returned["id"],
    )
    assert delta() == after_delete


def test_cancel_with_remove_from_stock_takes_items_off_the_shelf(centra_emulator_factory):
    running = centra_emulator_factory(scenario="erp-guide")
    line = running.shop.order_lines[68]  # order 14: 10 jackets, allocated
    before = levels(running, line.product_size)[1]
    gql(
        running,
        """mutation { updateDirectToConsumerOrder(order: {number: 14}, input: {cancelLines: [
        {line: {id: 68}, quantity: 4, stockAction: REMOVE_FROM_STOCK}]}) { userErrors { message } } }""",
    )
    physical, allocated, free = levels(running, line.product_size)[1]
    assert (physical, allocated, free) == (before[0] - 4, before[1] - 4, before[2])


def test_new_stock_is_allocated_to_waiting_orders_first(centra_emulator_factory):
    running = centra_emulator_factory(scenario="erp-guide")
    shop = running.shop
    size = shop.variants[1445].product_sizes[0]  # XL, no stock at all
    with shop.lock:
        order = place_order(
            shop,
            market=shop.markets[1],
            customer=shop.customers[4],
            lines=[(size, 2, Decimal(1), Decimal(1))],
            shipping_value=Decimal(0),
        )
    assert order.lines[0].demand == 2
    assert shop.level(shop.warehouses[1], size).demand_quantity == 2
    gql(
        running,
        """mutation { changeStock(input: {intoWarehouse: {id: 1}, description: "Delivery",
        productVariants: [{productVariant: {id: 1445}, sizeChanges: [{size: {name: "XL"}, deliveredQuantity: 5}]}]}) {
        stockChange { id } userErrors { message } } }""",
    )
    level = shop.level(shop.warehouses[1], size)
    assert (level.physical_quantity, level.allocated_quantity, level.demand_quantity) == (5, 2, 0)
    query = """query($size: Int!) { warehouses(where: {id: [1]}) { stock(where: {productSizeId: [$size]}) {
        freeToAllocateQuantity allocatedQuantity physicalQuantity demandQuantity } } }"""
    headers = {"Authorization": f"Bearer {running.token}"}
    body = httpx.post(
        running.url, json={"query": query, "variables": {"size": size.id}}, headers=headers
    )
    assert body.json()["data"]["warehouses"][0]["stock"] == [
        {
            "freeToAllocateQuantity": 3,
            "allocatedQuantity": 2,
            "physicalQuantity": 5,
            "demandQuantity": 0,
        }
    ]
