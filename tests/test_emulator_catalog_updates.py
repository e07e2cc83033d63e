"""The emulator's catalog updates that the ERP push sends: a variant's, a size's and a
warehouse's fields change, the rest stays, and refusals come back as userErrors."""

from __future__ import annotations

import httpx


def _ask(running, document, variables=None):
    answer = httpx.post(
        running.url,
        json={"query": document, "variables": variables or {}},
        headers={"Authorization": f"Bearer {running.token}"},
        timeout=30,
    ).json()
    assert "errors" not in answer, answer
    return answer["data"]


def test_variant_size_and_warehouse_updates(centra_emulator_factory):
    running = centra_emulator_factory(orders=0)
    shop = running.shop
    with shop.lock:
        variant = min(shop.variants.values(), key=lambda v: v.id)
        size = variant.product_sizes[0]
        warehouse = min(shop.warehouses.values(), key=lambda w: w.id)
        chart, product_number = variant.size_chart, variant.product.product_number
    data = _ask(
        running,
        """mutation($id: Int!) { updateProductVariant(id: $id, input: {name: "Deep sea",
             variantNumber: "-DS", unitCost: {value: 12.5, currencyIsoCode: "EUR"}}) {
           productVariant { name variantNumber status unitCost { value currency { code } }
                            sizeChart { id } }
           userErrors { message } } }""",
        {"id": variant.id},
    )["updateProductVariant"]
    assert data["userErrors"] == []
    assert data["productVariant"]["name"] == "Deep sea"
    assert data["productVariant"]["variantNumber"] == "-DS"
    assert data["productVariant"]["unitCost"] == {"value": 12.5, "currency": {"code": "EUR"}}
    assert data["productVariant"]["sizeChart"]["id"] == chart.id
    data = _ask(
        running,
        """mutation($id: Int!) { updateProductSize(id: $id, input: {EAN: "7350000000017",
             sizeNumber: "-XL"}) { productSize { SKU EAN sizeNumber } userErrors { message } } }""",
        {"id": size.id},
    )["updateProductSize"]
    assert data["productSize"] == {
        "SKU": f"{product_number}-DS-XL",
        "EAN": "7350000000017",
        "sizeNumber": "-XL",
    }
    data = _ask(
        running,
        """mutation($id: Int!) { updateWarehouse(id: $id, input: {name: "Renamed", threshold: 2}) {
             warehouse { name threshold status } userErrors { message } } }""",
        {"id": warehouse.id},
    )["updateWarehouse"]
    assert data["warehouse"] == {"name": "Renamed", "threshold": 2, "status": "ACTIVE"}
    data = _ask(
        running,
        """mutation { updateProductVariant(id: 999999, input: {name: "x"}) {
             productVariant { id } userErrors { message path } } }""",
    )["updateProductVariant"]
    assert data["productVariant"] is None
    assert data["userErrors"][0]["message"] == "Could not find ProductVariant with ID 999999"


def test_account_update_and_the_buyers_list(centra_emulator_factory):
    running = centra_emulator_factory(scenario="erp-guide")
    shop = running.shop
    with shop.lock:
        account = min(shop.accounts.values(), key=lambda a: a.id)
        buyers = len(shop.buyers)
    data = _ask(
        running,
        """mutation($id: Int!) { updateAccount(id: $id, input: {name: "Renamed AB",
             discounts: {generalDiscount: {discountPercent: 7.5}}}) {
           account { name status discountPercent } userErrors { message } } }""",
        {"id": account.id},
    )["updateAccount"]
    assert data["account"] == {
        "name": "Renamed AB",
        "status": account.status,
        "discountPercent": 7.5,
    }
    listed = _ask(running, "{ buyers(limit: 200) { id account { id } billingAddress { email } } }")
    assert len(listed["buyers"]) == buyers
