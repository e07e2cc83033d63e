"""Every example of Centra's ERP guide, run verbatim against the emulator's erp-guide scenario.

Each test checks the answer has the documented shape (same keys, nested the same way, values of
the same kinds) where the guide prints a response, and the behaviour the guide describes.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

import erp_guide_examples as guide
from guide_checks import check_documented

# Fragments the guide uses without printing them, written from the responses it shows.
ORDER_INFO = """
fragment orderInfo on Order {
  id number isOnHold STATUS
  lines { id product { name } quantity taxPercent
    unitPrice { value currency { id code } conversionRate } hasAnyDiscount
    unitOriginalPrice { value currency { id code } conversionRate }
    lineValue { value currency { id code } conversionRate } }
  discountsApplied { value { value currency { id code } conversionRate } date }
  shippingAddress { ...address }
  billingAddress { ...address }
  ... on DirectToConsumerOrder { customer { email firstName lastName } }
}
fragment address on Address {
  firstName lastName address1 address2 city zipCode stateOrProvince cellPhoneNumber phoneNumber
  faxNumber email companyName attention vatNumber country { id name } state { id name }
}
"""
# The guide's two answers for ...orderInfo differ by "status"; each test uses the one it shows.
ORDER_INFO_WITH_STATUS = ORDER_INFO.replace("STATUS", "status")
ORDER_INFO = ORDER_INFO.replace("STATUS", "")
CUSTOMER_ID = "fragment customerId on DirectToConsumerOrder { customer { id email } }"
PRODUCT_SIZE_FIELDS = (
    "fragment basicProductSizeFields on ProductSize { id EAN sizeNumber size { name } }"
)


@pytest.fixture
def shop_api(centra_emulator_factory):
    return centra_emulator_factory(scenario="erp-guide")


def post(running, document: str) -> httpx.Response:
    headers = {"Authorization": f"Bearer {running.token}"}
    return httpx.post(running.url, json={"query": document}, headers=headers)


def run(running, document: str) -> dict[str, Any]:
    response = post(running, document)
    body = response.json()
    assert response.status_code == 200, body
    assert "errors" not in body, body["errors"]
    for payload in body["data"].values():
        if isinstance(payload, dict) and "userErrors" in payload:
            assert payload["userErrors"] == [], payload["userErrors"]
    return body


def test_create_one_size_chart(shop_api):
    body = run(shop_api, guide.CREATE_SIZE_CHART_ONE_SIZE)
    check_documented(body, guide.CREATE_SIZE_CHART_ONE_SIZE_RESPONSE)
    chart = body["data"]["createSizeChart"]["sizeChart"]
    assert [s["name"] for s in chart["sizes"]] == ["One Size"]
    assert (chart["verticalLabels"], chart["dividerSymbol"]) == (None, "x")
    assert {"SizeChart:write", "SizeChart:read"} <= set(body["extensions"]["permissionsUsed"])


def test_create_two_dimensional_size_chart_names_sizes_hxv(shop_api):
    body = run(shop_api, guide.CREATE_SIZE_CHART_PANTS)
    check_documented(body, guide.CREATE_SIZE_CHART_PANTS_RESPONSE)
    names = [s["name"] for s in body["data"]["createSizeChart"]["sizeChart"]["sizes"]]
    assert len(names) == 13 * 6
    assert names[:3] == ["24x26", "24x28", "24x30"] and names[-1] == "38x36"
    shop = shop_api.shop
    size_id = body["data"]["createSizeChart"]["sizeChart"]["sizes"][0]["id"]
    assert shop.id_conversions.internal("centra-bridge", "Size", "Pants sizes|24x26") == size_id


def test_create_product(shop_api):
    body = run(shop_api, guide.CREATE_PRODUCT)
    check_documented(body, guide.CREATE_PRODUCT_RESPONSE)
    product = body["data"]["createProduct"]["product"]
    assert (product["name"], product["productNumber"], product["brand"]["name"]) == (
        "First Product",
        "Prod123",
        "Base Brand",
    )


def test_create_variant(shop_api):
    body = run(shop_api, guide.CREATE_VARIANT)
    check_documented(body, guide.CREATE_VARIANT_RESPONSE)
    variant = shop_api.shop.variants[body["data"]["createProductVariant"]["productVariant"]["id"]]
    assert (variant.product.id, variant.size_chart.id, variant.unit_cost.value) == (1, 2, 60)


def test_create_product_with_variants(shop_api):
    body = run(shop_api, guide.CREATE_PRODUCT_WITH_VARIANTS)
    [variant] = body["data"]["createProduct"]["product"]["variants"]
    assert variant == {
        "name": "First ProductVariant",
        "status": "ACTIVE",
        "variantNumber": "Var123",
        "internalName": "vrnt",
        "sizeChart": {"id": 1},
    }


def test_create_product_size(shop_api):
    body = run(shop_api, guide.CREATE_ONE_SIZE)
    # The guide's printed answer says "GTIN" where its query asks for EAN; the query wins.
    size = body["data"]["createProductSize"]["productSize"]
    assert (size["EAN"], size["sizeNumber"]) == ("EAN000111", "111")
    assert shop_api.shop.product_sizes[size["id"]].sku == "Prod1V1111"


def test_create_variant_with_sizes(shop_api):
    body = run(shop_api, guide.CREATE_VARIANT_WITH_SIZES + PRODUCT_SIZE_FIELDS)
    payload = body["data"]["createProductVariant"]
    sizes = payload["productVariant"]["productSizes"]
    assert [(s["size"]["name"], s["EAN"]) for s in sizes] == [
        ("S", "5678902338761"),
        ("M", "5678902338762"),
        ("L", "5678902338763"),
    ]
    assert payload["userWarnings"] == []


def test_create_warehouse(shop_api):
    body = run(shop_api, guide.CREATE_WAREHOUSE)
    check_documented(body, guide.CREATE_WAREHOUSE_RESPONSE)
    warehouse = body["data"]["createWarehouse"]["warehouse"]
    assert warehouse["state"]["name"] == "Nevada"
    # beforeWarehouse: {id: 1} puts it first in allocation priority.
    assert next(iter(shop_api.shop.warehouses)) == warehouse["id"]


def _level(running, warehouse_id: int, variant_id: int, size_name: str):
    shop = running.shop
    size = next(s for s in shop.variants[variant_id].product_sizes if s.size.name == size_name)
    return shop.level(shop.warehouses[warehouse_id], size)


def test_add_stock(shop_api):
    body = run(shop_api, guide.ADD_STOCK)
    check_documented(body, guide.ADD_STOCK_RESPONSE)
    level = _level(shop_api, 3, 2, "S")
    # Wholesale order 3957 was waiting for two of these: the delivery goes to it first.
    assert (level.physical_quantity, level.allocated_quantity) == (2, 2)
    assert shop_api.shop.orders[3957].lines[0].demand == 0


def test_remove_stock(shop_api):
    run(shop_api, guide.CREATE_ONE_SIZE)  # activates size 1 (One Size) on variant 1
    with shop_api.shop.lock:
        level = _level(shop_api, 1, 1, "One Size")
        level.physical_quantity = 8
    refused = post(
        shop_api, guide.REMOVE_STOCK.replace("deliveredQuantity: 5", "deliveredQuantity: 9")
    )
    [error] = refused.json()["data"]["changeStock"]["userErrors"]
    assert "only 8 free to allocate" in error["message"]
    body = run(shop_api, guide.REMOVE_STOCK)
    check_documented(body, guide.REMOVE_STOCK_RESPONSE)
    assert level.physical_quantity == 3


def test_set_absolute_stock_is_idempotent(shop_api):
    first = run(shop_api, guide.ABSOLUTE_STOCK)
    assert len(first["data"]["setStock"]["stockChanges"]) == 1
    assert _level(shop_api, 1, 1445, "XL").physical_quantity == 10
    again = run(shop_api, guide.ABSOLUTE_STOCK)
    assert again["data"]["setStock"]["stockChanges"] == []


def test_get_orders(shop_api):
    body = run(shop_api, guide.GET_ORDERS + CUSTOMER_ID)
    check_documented(body, guide.GET_ORDERS_RESPONSE)
    [order] = body["data"]["orders"]
    assert order["shippingAddress"]["city"] == "Winterfell"
    assert order["customer"] == {"id": 4, "email": "jon.snow@example.com"}


def test_lock_orders(shop_api):
    body = run(shop_api, guide.LOCK_ORDERS)
    check_documented(body, guide.LOCK_ORDERS_RESPONSE)
    assert [o["isLocked"] for o in body["data"]["setOrdersLock"]["orders"]] == [True, True]
    assert "Order.isLocked:write" in body["extensions"]["permissionsUsed"]


def test_update_dtc_basic_fields(shop_api):
    body = run(shop_api, guide.UPDATE_DTC_BASIC_FIELDS + ORDER_INFO)
    check_documented(body, guide.UPDATE_DTC_BASIC_FIELDS_RESPONSE)
    order = body["data"]["updateDirectToConsumerOrder"]["order"]
    assert (order["shippingAddress"]["city"], order["billingAddress"]["address2"]) == (
        "Stockholm",
        "1b",
    )


def test_update_dtc_cancel_releases_stock(shop_api):
    line = shop_api.shop.order_lines[68]
    level = shop_api.shop.level(line.allocations[0].warehouse, line.product_size)
    free_before = level.free_to_allocate_quantity
    body = run(shop_api, guide.UPDATE_DTC_CANCEL + ORDER_INFO_WITH_STATUS)
    check_documented(body, guide.UPDATE_DTC_CANCEL_RESPONSE)
    [line_out] = body["data"]["updateDirectToConsumerOrder"]["order"]["lines"]
    assert (line_out["quantity"], line_out["lineValue"]["value"]) == (9, 6075)
    assert level.free_to_allocate_quantity == free_before + 1


def test_confirm_order(shop_api):
    body = run(shop_api, guide.CONFIRM_ORDER)
    check_documented(body, guide.CONFIRM_ORDER_RESPONSE)
    assert body["data"]["confirmOrder"]["order"]["status"] == "CONFIRMED"
    again = post(shop_api, guide.CONFIRM_ORDER).json()["data"]["confirmOrder"]
    assert again["userErrors"][0]["message"] == "Order 14 is CONFIRMED, not PENDING"


def test_capture_order_as_printed_is_invalid_and_the_corrected_form_captures(shop_api):
    # As printed, the "# number: 10 })" comment swallows the closing brackets.
    printed = post(shop_api, guide.CAPTURE_ORDER)
    assert printed.status_code == 400
    assert "Syntax Error" in printed.json()["errors"][0]["message"]
    corrected = guide.CAPTURE_ORDER.replace("# number: 10 })", "# number: 10\n})")
    body = run(shop_api, corrected)
    entry = body["data"]["captureOrder"]["paymentHistoryEntry"]
    assert (entry["entryType"], entry["status"], entry["value"]["value"]) == (
        "CAPTURE",
        "SUCCESS",
        1400,
    )


def test_create_shipment(shop_api):
    body = run(shop_api, guide.CREATE_SHIPMENT + guide.SHIPMENT_DETAILS_FRAGMENT)
    check_documented(body, guide.CREATE_SHIPMENT_RESPONSE)
    shipment = body["data"]["createShipment"]["shipment"]
    assert shipment["createdAt"].startswith("2022-06-23T15:47:12")
    assert shipment["lines"][0]["quantity"] == 2
    assert shop_api.shop.orders[39790].status == "PROCESSING"


def test_capture_shipment(shop_api):
    body = run(shop_api, guide.CAPTURE_SHIPMENT)
    payload = body["data"]["captureShipment"]
    assert payload["shipment"]["isCaptured"] is True
    assert payload["paymentHistoryEntry"]["entryType"] == "CAPTURE"


def test_update_shipment_mark_paid(shop_api):
    body = run(shop_api, guide.UPDATE_SHIPMENT_MARK_PAID + guide.SHIPMENT_DETAILS_FRAGMENT)
    check_documented(body, guide.UPDATE_SHIPMENT_MARK_PAID_RESPONSE)
    shipment = body["data"]["updateShipment"]["shipment"]
    assert shipment["isPaid"] is True and shipment["paidAt"]


def test_create_shipment_with_capturing(shop_api):
    body = run(shop_api, guide.CREATE_SHIPMENT_WITH_CAPTURING)
    shipment = body["data"]["createShipment"]["shipment"]
    assert shipment["isCaptured"] is True
    [capture] = shipment["order"]["paymentHistory"]
    assert (capture["entryType"], capture["value"]["value"]) == ("CAPTURE", 725)


def test_complete_shipment_takes_stock_off_the_shelf(shop_api):
    run(shop_api, guide.UPDATE_SHIPMENT_MARK_PAID + guide.SHIPMENT_DETAILS_FRAGMENT)
    line = shop_api.shop.order_lines[17635]
    level = shop_api.shop.level(shop_api.shop.warehouses[1], line.product_size)
    physical = level.physical_quantity
    body = run(shop_api, guide.COMPLETE_SHIPMENT + guide.SHIPMENT_DETAILS_FRAGMENT)
    check_documented(body, guide.COMPLETE_SHIPMENT_RESPONSE)
    shipment = body["data"]["completeShipment"]["shipment"]
    assert shipment["shippedAt"] == "2023-01-09T15:18:33+01:00"
    assert shipment["carrierInformation"] == {
        "carrierName": "Carrier name",
        "serviceName": "Service name",
    }
    assert level.physical_quantity == physical - 1


def test_complete_shipment_refuses_a_future_date(shop_api):
    future = guide.COMPLETE_SHIPMENT.replace("2023-01-09T15:18:33+01:00", "+2 days")
    payload = post(shop_api, future + guide.SHIPMENT_DETAILS_FRAGMENT).json()["data"][
        "completeShipment"
    ]
    assert payload["userErrors"][0]["message"] == "shippedAt cannot be in the future"


def test_create_return_puts_items_back(shop_api):
    line = shop_api.shop.shipment_lines[2943].order_line
    level = shop_api.shop.level(shop_api.shop.warehouses[1], line.product_size)
    physical = level.physical_quantity
    body = run(shop_api, guide.CREATE_RETURN)
    assert len(body["data"]["createReturn"]["return"]["lines"]) == 2
    assert level.physical_quantity == physical + 4


def test_query_returns(shop_api):
    body = run(shop_api, guide.QUERY_RETURNS)
    assert [(r["id"], r["status"]) for r in body["data"]["returns"]] == [
        (315, "IN_PROGRESS"),
        (436, "IN_PROGRESS"),
    ]
    assert body["data"]["returns"][0]["lines"] == [{"shipmentLine": {"id": 2943}}]


def test_complete_and_uncomplete_return(shop_api):
    body = run(shop_api, guide.COMPLETE_RETURN)
    assert body["data"]["completeReturn"]["return"] == {"id": 315, "status": "COMPLETED"}
    twice = post(shop_api, guide.COMPLETE_RETURN).json()["data"]["completeReturn"]
    assert twice["userErrors"][0]["message"] == "Return 315 is COMPLETED already"
    body = run(shop_api, guide.UNCOMPLETE_RETURN)
    assert body["data"]["uncompleteReturn"]["return"] == {"id": 315, "status": "IN_PROGRESS"}


def test_delete_return_reallocates(shop_api):
    line = shop_api.shop.shipment_lines[2944].order_line
    level = shop_api.shop.level(shop_api.shop.warehouses[1], line.product_size)
    free = level.free_to_allocate_quantity
    body = run(shop_api, guide.DELETE_RETURN)
    assert body["data"]["deleteReturn"]["return"]["id"] == 436
    assert 436 not in shop_api.shop.returns
    assert level.free_to_allocate_quantity == free - 1


BUNDLE_FIELDS = "fragment bundleFields on Bundle { id type priceType product { id name isBundle } sections { quantity productVariants { id } } }"


def test_create_fixed_bundle(shop_api):
    body = run(shop_api, guide.CREATE_FIXED_BUNDLE + BUNDLE_FIELDS)
    bundle = body["data"]["createBundle"]["bundle"]
    assert (bundle["type"], bundle["priceType"], bundle["product"]["isBundle"]) == (
        "FIXED",
        "STATIC",
        True,
    )
    assert [
        (s["quantity"], [v["id"] for v in s["productVariants"]]) for s in bundle["sections"]
    ] == [
        (1, [1449]),
        (2, [1450]),
    ]


def test_create_pricelist(shop_api):
    body = run(shop_api, guide.CREATE_PRICELIST)
    check_documented(body, guide.CREATE_PRICELIST_RESPONSE)
    pricelist = body["data"]["createPricelist"]["pricelist"]
    assert (pricelist["currency"]["code"], pricelist["assignedToCountries"][0]["name"]) == (
        "SEK",
        "Sweden",
    )


def test_set_prices(shop_api):
    body = run(shop_api, guide.SET_PRICES)
    check_documented(body, guide.SET_PRICES_RESPONSE)
    entry = shop_api.shop.pricelists[23].entries[(2, None)]
    assert (entry.price.value, entry.price.currency.code) == (290, "EUR")


def test_set_prices_batch_warns_about_skipped_prices(shop_api):
    body = run(shop_api, guide.SET_PRICES_BATCH)
    payload = body["data"]["setPricesBatch"]
    assert [p["id"] for p in payload["pricelists"]] == [
        19,
        19,
    ]  # {externalId: "19"} is pricelist 19
    # Pricelist 19 is in USD: the EUR prices of the second item are skipped, with warnings.
    assert len(payload["userWarnings"]) == 2
    assert [p["price"]["value"] for p in payload["pricelists"][0]["prices"]] == [2]


def test_create_price_alteration(shop_api):
    body = run(shop_api, guide.CREATE_PRICE_ALTERATION)
    check_documented(body, guide.CREATE_PRICE_ALTERATION_RESPONSE)
    assert body["data"]["createPriceAlteration"]["priceAlteration"]["startDate"] == "2024-02-01"


def test_set_altered_prices(shop_api):
    body = run(shop_api, guide.SET_ALTERED_PRICES)
    payload = body["data"]["setAlteredPrices"]
    assert (payload["priceAlteration"], payload["pricelist"]) == ({"id": 1}, {"id": 21})
    assert payload["products"] == [{"id": 1, "name": "First Product"}]


def test_set_altered_prices_batch(shop_api):
    body = run(shop_api, guide.SET_ALTERED_PRICES_BATCH)
    [alteration] = body["data"]["setAlteredPricesBatch"]["priceAlterations"]
    prices = {
        (p["pricelist"]["id"], p["product"]["id"]): p["price"]["value"]
        for p in alteration["prices"]
    }
    assert prices == {(65, 1293): 10, (65, 67): 11, (66, 1293): 12, (66, 67): 13}


def test_create_display(shop_api):
    body = run(shop_api, guide.CREATE_DISPLAY)
    check_documented(body, guide.CREATE_DISPLAY_RESPONSE)
    display = shop_api.shop.displays[body["data"]["createDisplay"]["display"]["id"]]
    assert [v.id for v in display.product_variants] == [1545]


def test_update_display_as_printed_is_invalid_and_the_corrected_form_adds_the_variant(shop_api):
    # As printed, "input: [ addProductVariants: {...} ]" is not GraphQL: a list has no keys.
    printed = post(shop_api, guide.ADD_VARIANTS_TO_DISPLAY)
    assert printed.status_code == 400
    assert "Syntax Error" in printed.json()["errors"][0]["message"]
    corrected = guide.ADD_VARIANTS_TO_DISPLAY.replace(
        "input: [ addProductVariants: { productVariant: { id: 1446 } } ]",
        "input: { addProductVariants: [{ productVariant: { id: 1446 } }] }",
    )
    body = run(shop_api, corrected)
    assert body["data"]["updateDisplay"]["display"] == {"id": 2276}
    assert [v.id for v in shop_api.shop.displays[2276].product_variants] == [1446]


def test_display_refuses_a_variant_of_another_product(shop_api):
    wrong = guide.CREATE_DISPLAY.replace("{id: 1545}", "{id: 1445}")
    [error] = post(shop_api, wrong).json()["data"]["createDisplay"]["userErrors"]
    assert "belongs to product 1" in error["message"]


def test_create_account(shop_api):
    body = run(shop_api, guide.CREATE_ACCOUNT)
    check_documented(body, guide.CREATE_ACCOUNT_RESPONSE)
    account = body["data"]["createAccount"]["account"]
    assert (account["discountPercent"], account["isDiscountVisible"]) == (14.3, True)


def test_create_buyer(shop_api):
    body = run(shop_api, guide.CREATE_BUYER)
    check_documented(body, guide.CREATE_BUYER_RESPONSE)
    buyer = body["data"]["createBuyer"]["buyer"]
    assert buyer["account"] == {"id": 5, "name": "Centra 5"}
    assert buyer["billingAddress"] == {"email": "jon.snow@centra.com"}


def test_create_preorder_delivery_window(shop_api):
    body = run(shop_api, guide.CREATE_PREORDER_DELIVERY_WINDOW)
    check_documented(body, guide.CREATE_PREORDER_DELIVERY_WINDOW_RESPONSE)


def test_set_delivery_window_variants_as_printed_is_invalid_and_the_corrected_form_works(shop_api):
    # As printed, the mutation lacks its final closing brace.
    printed = post(shop_api, guide.SET_DELIVERY_WINDOW_VARIANTS)
    assert printed.status_code == 400
    assert "Syntax Error" in printed.json()["errors"][0]["message"]
    body = run(shop_api, guide.SET_DELIVERY_WINDOW_VARIANTS + "\n}")
    assert body["data"]["setDeliveryWindowVariants"]["deliveryWindow"] == {"id": 3}
    assert [v.product_variant.id for v in shop_api.shop.delivery_windows[3].variants] == [
        1844,
        1845,
    ]


def test_delivery_window_takes_at_most_100_variants(shop_api):
    variants = ", ".join("{productVariant: {id: 1844}, type: STOCK}" for _ in range(101))
    query = f"mutation {{ setDeliveryWindowVariants(input: {{deliveryWindow: {{id: 3}}, variants: [{variants}]}}) {{ userErrors {{ message }} }} }}"
    [error] = post(shop_api, query).json()["data"]["setDeliveryWindowVariants"]["userErrors"]
    assert error["message"] == "At most 100 variants per call, got 101"


def test_create_voucher_with_actions(shop_api):
    body = run(shop_api, guide.CREATE_VOUCHER_WITH_ACTIONS)
    check_documented(body, guide.CREATE_VOUCHER_WITH_ACTIONS_RESPONSE)
    voucher = body["data"]["createVoucher"]["voucher"]
    assert (voucher["startAt"], voucher["stopAt"]) == (
        "2024-04-01T11:22:00+02:00",
        "2026-04-01T11:22:00+02:00",
    )
    assert [a["result"]["type"] for a in voucher["actions"]] == [
        "CHANGE_SELECTED_PRODUCTS_PRICE",
        "SET_FREE_SHIPPING",
    ]


def test_update_wholesale_order_adds_to_the_matching_line(shop_api):
    body = run(
        shop_api,
        guide.UPDATE_WHOLESALE_ADD_PRODUCTS
        + ORDER_INFO.replace("DirectToConsumerOrder", "WholesaleOrder").replace(
            "customer { email firstName lastName }", "account { id }"
        ),
    )
    # Same display, size, price, comment and window as the existing line: its quantity grows.
    [line] = body["data"]["updateWholesaleOrder"]["order"]["lines"]
    assert line["quantity"] == 3
    other_price = guide.UPDATE_WHOLESALE_ADD_PRODUCTS.replace("value: 110.00", "value: 99.00")
    run(
        shop_api,
        other_price
        + ORDER_INFO.replace("DirectToConsumerOrder", "WholesaleOrder").replace(
            "customer { email firstName lastName }", "account { id }"
        ),
    )
    assert [ln.quantity for ln in shop_api.shop.orders[3957].lines] == [3, 1]


def test_get_customer_with_attributes(shop_api):
    body = run(shop_api, guide.GET_CUSTOMER_WITH_ATTRIBUTES + guide.ATTRIBUTES_FRAGMENT)
    check_documented(body, guide.GET_CUSTOMER_WITH_ATTRIBUTES_RESPONSE)
    assert body["data"] == guide.GET_CUSTOMER_WITH_ATTRIBUTES_RESPONSE["data"]


def test_set_customer_attribute(shop_api):
    body = run(shop_api, guide.SET_CUSTOMER_ATTRIBUTE + guide.ATTRIBUTES_FRAGMENT)
    check_documented(body, guide.SET_CUSTOMER_ATTRIBUTE_RESPONSE)
    assert body["data"] == guide.SET_CUSTOMER_ATTRIBUTE_RESPONSE["data"]
