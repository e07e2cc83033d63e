"""What a shop does to its orders, done to the emulator the way Centra's users do it: a
storefront places orders, an ERP confirms, ships, cancels and returns over the Integration API
(real HTTP), an admin holds one in AMS."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx

from centra_bridge.emulator import place_order, put_stock


def gql(running: Any, query: str, **variables: Any) -> dict[str, Any]:
    answer = httpx.post(
        running.url,
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {running.token}"},
        timeout=30,
    ).json()
    assert "errors" not in answer, answer["errors"]
    payload = next(iter(answer["data"].values()))
    assert not (payload or {}).get("userErrors"), payload["userErrors"]
    return answer["data"]


def new_order(
    running: Any,
    *,
    customer: int = 1,
    products: tuple[int, ...] = (0, 1),
    market: int = 0,
    voucher: Any = None,
) -> int:
    """A placed (PENDING) order of one item each of the first size of these products (by
    position in the catalog), for the customer with this id; the warehouse receives the items
    first, so that the order can ship."""
    shop = running.shop
    with shop.lock:
        catalog = sorted(shop.products.values(), key=lambda p: p.id)
        sizes = [catalog[i].variants[0].product_sizes[0] for i in products]
        warehouse = next(iter(shop.warehouses.values()))
        for size in sizes:
            put_stock(shop, warehouse, size, 1)
        order = place_order(
            shop,
            market=sorted(shop.markets.values(), key=lambda m: m.id)[market],
            customer=shop.customers[customer],
            lines=[(size, 1, Decimal(100), Decimal(100)) for size in sizes],
            shipping_value=Decimal(0),
            voucher=voucher,
        )
    return order.number


def confirm(running: Any, number: int) -> None:
    gql(
        running,
        "mutation($n: Int!) { confirmOrder(input: {order: {number: $n}}) "
        "{ userErrors { message } } }",
        n=number,
    )


def ship(running: Any, number: int) -> None:
    """Confirm (when pending), ship every open line in one paid shipment, complete it."""
    order = running.shop.orders[number]
    if order.status == "PENDING":
        confirm(running, number)
    lines = [
        {"orderLine": {"id": line.id}, "quantity": line.active_quantity} for line in order.lines
    ]
    created = gql(
        running,
        "mutation($n: Int!, $lines: [ShipmentLineCreateInput!]) { createShipment(input: "
        "{order: {number: $n}, lines: $lines, isGoodToGo: true, isPaid: true, "
        "allocateDemand: true}) { userErrors { message } shipment { id } } }",
        n=number,
        lines=[line for line in lines if line["quantity"] > 0],
    )
    gql(
        running,
        "mutation($id: Int!) { completeShipment(id: $id, input: {}) { userErrors { message } } }",
        id=created["createShipment"]["shipment"]["id"],
    )


def cancel_lines(running: Any, number: int, positions: tuple[int, ...] | None = None) -> None:
    """Cancel the lines at these positions (all when None), every item of each."""
    order = running.shop.orders[number]
    chosen = order.lines if positions is None else [order.lines[i] for i in positions]
    gql(
        running,
        "mutation($n: Int!, $cancel: [OrderLineCancelInput!]) { updateDirectToConsumerOrder("
        "order: {number: $n}, input: {cancelLines: $cancel}) { userErrors { message } } }",
        n=number,
        cancel=[{"line": {"id": line.id}, "quantity": line.active_quantity} for line in chosen],
    )


def return_all(running: Any, number: int) -> None:
    for shipment in running.shop.orders[number].shipments:
        gql(
            running,
            "mutation($id: Int!, $lines: [ReturnLineCreateInput!]!) { createReturn(input: "
            "{shipment: {id: $id}, lines: $lines, returnStockActionPolicy: "
            "{releaseItemsBackToWarehouse: true}}) { userErrors { message } } }",
            id=shipment.id,
            lines=[
                {"shipmentLine": {"id": line.id}, "quantity": line.quantity}
                for line in shipment.lines
            ],
        )
