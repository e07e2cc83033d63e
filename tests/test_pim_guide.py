"""Every example of Centra's PIM guide, run verbatim against the emulator's pim-guide scenario.

Each test checks the answer has the documented shape (same keys, nested the same way, values of
the same kinds) where the guide prints a response, the documented values where they are the
emulator's to match (ids the scenario gives, names, computed texts), and the behaviour the guide
describes. Where the guide's sequence creates something and then reads or changes it, the test
runs the examples in that order. Fragments the guide prints once (``marketFields``,
``displayFields``, ``translations``) are appended to the operations that spread them.
"""

from __future__ import annotations

import copy
from typing import Any

import httpx
import pytest
from graphql import GraphQLInputObjectType, parse, print_type
from graphql.language import InputObjectTypeDefinitionNode

import pim_guide_examples as guide
from centra_bridge.centra import schema
from centra_bridge.emulator import put_stock
from guide_checks import assert_shape, check_documented

MARKET_FIELDS = guide.CREATE_MARKET[guide.CREATE_MARKET.index("fragment marketFields") :]
TRANSLATIONS = guide.TRANSLATIONS[guide.TRANSLATIONS.index("fragment translations") :]
FRAGMENTS = {
    "marketFields": MARKET_FIELDS,
    "displayFields": guide.DISPLAY_FIELDS,
    "translations": TRANSLATIONS,
}


@pytest.fixture
def shop_api(centra_emulator_factory):
    return centra_emulator_factory(scenario="pim-guide")


def with_fragments(document: str) -> str:
    """The document with the fragments it spreads but does not define, as the guide intends."""
    for name, fragment in FRAGMENTS.items():
        if f"...{name}" in document and f"fragment {name}" not in document:
            document += "\n" + fragment
    return document


def post(running, document: str, operation: str | None = None) -> httpx.Response:
    body: dict[str, Any] = {"query": with_fragments(document)}
    if operation:
        body["operationName"] = operation
    headers = {"Authorization": f"Bearer {running.token}"}
    return httpx.post(running.url, json=body, headers=headers)


def run(running, document: str, operation: str | None = None) -> dict[str, Any]:
    response = post(running, document, operation)
    body = response.json()
    assert response.status_code == 200, body
    assert "errors" not in body, body["errors"]
    for payload in body["data"].values():
        if isinstance(payload, dict) and "userErrors" in payload:
            assert payload["userErrors"] == [], payload["userErrors"]
    return body


def refused(running, document: str) -> str:
    """The one userError message of a mutation document."""
    body = post(running, document).json()
    assert "errors" not in body, body["errors"]
    [payload] = body["data"].values()
    [error] = payload["userErrors"]
    return str(error["message"])


def used(body: dict[str, Any]) -> set[str]:
    return set(body["extensions"]["permissionsUsed"])


def without(value: Any, key: str) -> Any:
    """A copy of a documented answer without ``key`` anywhere (for fields the query omits)."""
    if isinstance(value, dict):
        return {k: without(v, key) for k, v in value.items() if k != key}
    if isinstance(value, list):
        return [without(v, key) for v in value]
    return value


def but_id(value: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in value.items() if k != "id"}


# -- stores and markets ----------------------------------------------------------------------------


def test_get_stores(shop_api):
    body = run(shop_api, guide.GET_STORES)
    assert body["data"] == guide.GET_STORES_RESPONSE["data"]
    assert used(body) == {"Store:read"}


def test_create_market(shop_api):
    body = run(shop_api, guide.CREATE_MARKET)
    check_documented(body, guide.CREATE_MARKET_RESPONSE)
    assert body["data"] == guide.CREATE_MARKET_RESPONSE["data"]
    assert {"Market:write", "Market:read", "Market.comment:read", "Campaign:read"} <= used(body)
    # Names are unique per store; countries go to markets of DTC stores only.
    assert "has a market named 'First Market'" in refused(shop_api, guide.CREATE_MARKET)
    wholesale = guide.CREATE_MARKET.replace("store: {id: 1}", "store: {id: 2}")
    assert "DTC stores" in refused(shop_api, wholesale)


def test_single_market(shop_api):
    run(shop_api, guide.CREATE_MARKET)
    body = run(shop_api, guide.SINGLE_MARKET)
    assert body["data"] == guide.SINGLE_MARKET_RESPONSE["data"]
    assert "Market:write" not in used(body)


def test_multiple_markets(shop_api):
    run(shop_api, guide.CREATE_MARKET)
    markets = run(shop_api, guide.MULTIPLE_MARKETS)["data"]["markets"]
    assert markets[-1] == guide.SINGLE_MARKET_RESPONSE["data"]["market"]
    assert_shape(guide.SINGLE_MARKET_RESPONSE["data"]["market"], markets[0])


def test_update_market(shop_api):
    run(shop_api, guide.CREATE_MARKET)
    body = run(shop_api, guide.UPDATE_MARKET)
    assert body["data"] == guide.UPDATE_MARKET_RESPONSE["data"]
    assert shop_api.shop.markets[29].name == "update"


# -- folders, brands, collections ------------------------------------------------------------------


def test_create_top_folder(shop_api):
    body = run(shop_api, guide.CREATE_TOP_FOLDER)
    check_documented(body, guide.CREATE_TOP_FOLDER_RESPONSE)
    folder = body["data"]["createFolder"]["folder"]
    # The scenario has folders 1 (Shop) and 2 (Outlet), which the guide's products use.
    assert folder == {"id": 3, "name": "First folder", "isTopFolder": True}
    again = guide.CREATE_TOP_FOLDER.replace(
        "){\n    folder{", "){\n    userErrors { message }\n    folder{"
    )
    assert "A folder in this parent named 'First folder' exists already" in refused(shop_api, again)


def test_create_child_folder(shop_api):
    body = run(shop_api, guide.CREATE_CHILD_FOLDER)
    check_documented(body, guide.CREATE_CHILD_FOLDER_RESPONSE)
    folder = body["data"]["createFolder"]["folder"]
    assert (folder["name"], folder["isTopFolder"]) == ("Second folder", False)
    assert shop_api.shop.folders[folder["id"]].parent is shop_api.shop.folders[1]


def test_get_folders(shop_api):
    run(shop_api, guide.CREATE_TOP_FOLDER)
    body = run(shop_api, guide.GET_FOLDERS)
    check_documented(body, guide.GET_FOLDERS_RESPONSE)
    [folder] = body["data"]["folders"]
    assert but_id(folder) == but_id(guide.GET_FOLDERS_RESPONSE["data"]["folders"][0])
    shop = run(shop_api, guide.GET_FOLDERS.replace('"First"', '"Shop"'))["data"]["folders"]
    assert [p["id"] for p in shop[0]["products"]] == [1]


def test_create_brand(shop_api):
    body = run(shop_api, guide.CREATE_BRAND)
    check_documented(body, guide.CREATE_BRAND_RESPONSE)
    brand = shop_api.shop.brands[body["data"]["createBrand"]["brand"]["id"]]
    assert (brand.name, brand.uri, [s.id for s in brand.stores]) == ("My Brand", "my-brand", [1])
    assert {"Brand:write", "Brand:read"} <= used(body)


def test_get_brands(shop_api):
    run(shop_api, guide.CREATE_BRAND)
    body = run(shop_api, guide.GET_BRANDS)
    check_documented(body, guide.GET_BRANDS_RESPONSE)
    assert [b["name"] for b in body["data"]["brands"]] == ["My Brand"]


def test_create_collection(shop_api):
    body = run(shop_api, guide.CREATE_COLLECTION)
    check_documented(body, guide.CREATE_COLLECTION_RESPONSE)
    collection = body["data"]["createCollection"]["collection"]
    assert but_id(collection) == {"name": "Collection 1", "status": "ACTIVE"}


def test_get_collections(shop_api):
    run(shop_api, guide.CREATE_COLLECTION)
    body = run(shop_api, guide.GET_COLLECTIONS)
    check_documented(body, guide.GET_COLLECTIONS_RESPONSE)
    assert [c["name"] for c in body["data"]["collections"]] == ["Collection 1"]


# -- size charts and measurement charts ------------------------------------------------------------


def test_get_size_charts(shop_api):
    body = run(shop_api, guide.GET_SIZE_CHARTS)
    check_documented(body, guide.GET_SIZE_CHARTS_RESPONSE)
    charts = body["data"]["sizeCharts"]
    assert charts[0] == guide.GET_SIZE_CHARTS_RESPONSE["data"]["sizeCharts"][0]


@pytest.mark.parametrize(
    ("example", "response", "names"),
    [
        (guide.CREATE_SIZE_CHART_ONE_SIZE, guide.CREATE_SIZE_CHART_ONE_SIZE_RESPONSE, None),
        (guide.CREATE_SIZE_CHART_SML, guide.CREATE_SIZE_CHART_SML_RESPONSE, ["S", "M", "L"]),
        (guide.CREATE_SIZE_CHART_ANY, guide.CREATE_SIZE_CHART_ANY_RESPONSE, None),
    ],
    ids=["one-size", "sml", "any"],
)
def test_create_size_chart(shop_api, example, response, names):
    body = run(shop_api, example)
    check_documented(body, response)
    chart = body["data"]["createSizeChart"]["sizeChart"]
    documented = response["data"]["createSizeChart"]["sizeChart"]
    # `verticalLabels: []` answers null, as the guide shows.
    for key in ("name", "horizontalLabels", "verticalLabels", "dividerSymbol"):
        assert chart[key] == documented[key]
    assert [s["name"] for s in chart["sizes"]] == [s["name"] for s in documented["sizes"]]
    if names:
        assert [s["name"] for s in chart["sizes"]] == names


def test_remove_size_chart(shop_api):
    body = run(shop_api, guide.REMOVE_SIZE_CHART)
    assert body["data"] == guide.REMOVE_SIZE_CHART_RESPONSE["data"]
    assert 3 not in shop_api.shop.size_charts
    assert "Could not find SizeChart with ID 3" in refused(shop_api, guide.REMOVE_SIZE_CHART)
    # Chart 1 is used by variant 1: a chart in use stays.
    in_use = guide.REMOVE_SIZE_CHART.replace("id: 3", "id: 1")
    assert "used by variants" in refused(shop_api, in_use)


def test_create_measurement_chart(shop_api):
    body = run(shop_api, guide.CREATE_MEASUREMENT_CHART)
    check_documented(body, guide.CREATE_MEASUREMENT_CHART_RESPONSE)
    chart = body["data"]["createMeasurementChart"]["measurementChart"]
    documented = guide.CREATE_MEASUREMENT_CHART_RESPONSE["data"]["createMeasurementChart"]
    assert but_id(chart) == but_id(documented["measurementChart"])
    assert "MeasurementChart:write" in used(body)
    wrong = guide.CREATE_MEASUREMENT_CHART.replace(
        'verticalLabel: "Sleeve", value: "60"', ('verticalLabel: "Waist", value: "60"')
    )
    assert "Unknown verticalLabel 'Waist'" in refused(shop_api, wrong)


def test_remove_measurement_chart(shop_api):
    body = run(shop_api, guide.REMOVE_MEASUREMENT_CHART)
    assert body["data"] == guide.REMOVE_MEASUREMENT_CHART_RESPONSE["data"]
    assert 5 not in shop_api.shop.measurement_charts
    run(shop_api, guide.ASSIGN_MEASUREMENT_CHART)
    in_use = guide.REMOVE_MEASUREMENT_CHART.replace("id: 5", "id: 6")
    assert "used by products [1]" in refused(shop_api, in_use)


# -- warehouses, products, variants, sizes ---------------------------------------------------------


def test_get_warehouses(shop_api):
    body = run(shop_api, guide.GET_WAREHOUSES)
    assert body["data"] == guide.GET_WAREHOUSES_RESPONSE["data"]


def test_create_product(shop_api):
    body = run(shop_api, guide.CREATE_PRODUCT)
    check_documented(body, guide.CREATE_PRODUCT_RESPONSE)
    product = body["data"]["createProduct"]["product"]
    documented = guide.CREATE_PRODUCT_RESPONSE["data"]["createProduct"]["product"]
    assert but_id(product) == but_id(documented)
    assert shop_api.shop.products[product["id"]].country_of_origin.code == "DE"


@pytest.mark.parametrize(
    ("example", "response", "chart"),
    [
        (guide.CREATE_VARIANT_CHAIR, guide.CREATE_VARIANT_CHAIR_RESPONSE, 1),
        (guide.CREATE_VARIANT_SWEATER, guide.CREATE_VARIANT_SWEATER_RESPONSE, 2),
    ],
    ids=["chair", "sweater"],
)
def test_create_variant(shop_api, example, response, chart):
    body = run(shop_api, example)
    check_documented(body, response)
    variant = shop_api.shop.variants[body["data"]["createProductVariant"]["productVariant"]["id"]]
    assert (variant.product.id, variant.size_chart.id, variant.unit_cost.currency.code) == (
        1,
        chart,
        "EUR",
    )


def test_create_one_size(shop_api):
    body = run(shop_api, guide.CREATE_ONE_SIZE)
    check_documented(body, guide.CREATE_ONE_SIZE_RESPONSE)
    size = body["data"]["createProductSize"]["productSize"]
    documented = guide.CREATE_ONE_SIZE_RESPONSE["data"]["createProductSize"]["productSize"]
    assert but_id(size) == but_id(documented)
    assert shop_api.shop.product_sizes[size["id"]].sku == "Prod123Var123111"
    assert "already active" in refused(shop_api, guide.CREATE_ONE_SIZE)


def test_create_sizes_by_name(shop_api):
    body = run(shop_api, guide.CREATE_MULTIPLE_SIZES)
    check_documented(body, guide.CREATE_MULTIPLE_SIZES_RESPONSE)
    size = body["data"]["createProductSize"]["productSize"]
    documented = guide.CREATE_MULTIPLE_SIZES_RESPONSE["data"]["createProductSize"]
    assert but_id(size) == but_id(documented["productSize"])
    assert shop_api.shop.product_sizes[size["id"]].size.name == "S"


def test_bundle_example_is_a_placeholder(shop_api):
    # The guide's bundle section is "[TBD]": its request (and response) is `placeholder`.
    assert guide.BUNDLE_PLACEHOLDER == guide.BUNDLE_PLACEHOLDER_RESPONSE
    body = post(shop_api, guide.BUNDLE_PLACEHOLDER).json()
    assert "Cannot query field 'placeholder'" in body["errors"][0]["message"]


def test_assign_measurement_chart(shop_api):
    body = run(shop_api, guide.ASSIGN_MEASUREMENT_CHART)
    check_documented(body, guide.ASSIGN_MEASUREMENT_CHART_RESPONSE)
    product = body["data"]["updateProduct"]["product"]
    assert product["measurementTable"] == {"chart": {"name": "Shirts"}}
    assert (product["id"], product["name"], product["productNumber"]) == (
        1,
        "First Product",
        ("Prod123"),
    )


def test_unassign_measurement_chart(shop_api):
    run(shop_api, guide.ASSIGN_MEASUREMENT_CHART)
    body = run(shop_api, guide.UNASSIGN_MEASUREMENT_CHART)
    check_documented(body, guide.UNASSIGN_MEASUREMENT_CHART_RESPONSE)
    assert body["data"]["updateProduct"]["product"]["measurementTable"] is None
    assert shop_api.shop.products[1].measurement_table is None


# -- displays --------------------------------------------------------------------------------------


def _fragment_fields() -> set[str]:
    [fragment] = parse(guide.DISPLAY_FIELDS).definitions
    return {selection.name.value for selection in fragment.selection_set.selections}


def test_list_displays(shop_api):
    body = run(shop_api, guide.LIST_DISPLAYS)
    displays = body["data"]["displays"]
    assert [d["id"] for d in displays] == [1, 222, 345]
    assert set(displays[0]) == _fragment_fields()
    first = displays[0]
    assert (first["store"], first["product"]) == (
        {"id": 1, "name": "Retail Store"},
        {"id": 1, "name": "First Product"},
    )
    assert [lang["language"]["name"] for lang in first["localized"]] == ["German", "Swedish"]


def test_scroll_displays(shop_api):
    body = run(shop_api, guide.SCROLL_DISPLAYS)
    connection = body["data"]["displayConnection"]
    listed = run(shop_api, guide.LIST_DISPLAYS)["data"]["displays"]
    assert [e["node"] for e in connection["edges"]] == listed
    assert connection["pageInfo"]["hasNextPage"] is False
    first_two = run(shop_api, guide.SCROLL_DISPLAYS.replace("first: 10", "first: 2"))
    page = first_two["data"]["displayConnection"]
    assert [e["node"]["id"] for e in page["edges"]] == [1, 222]
    assert page["pageInfo"]["hasNextPage"] is True
    after = guide.SCROLL_DISPLAYS.replace(
        "first: 10", f'first: 2, after: "{page["pageInfo"]["endCursor"]}"'
    )
    rest = run(shop_api, after)["data"]["displayConnection"]
    assert [e["node"]["id"] for e in rest["edges"]] == [345]


def test_create_display(shop_api):
    body = run(shop_api, guide.CREATE_DISPLAY)
    display = body["data"]["createDisplay"]["display"]
    assert set(display) == _fragment_fields()
    assert (display["name"], display["status"], display["uri"]) == (
        "New display!",
        "ACTIVE",
        "new-display",  # made from the name when not given
    )
    assert (display["store"]["id"], display["product"]["id"]) == (1, 12)


@pytest.mark.parametrize(
    ("example", "name"),
    [
        (guide.DISPLAY_CREATE_INPUT, "DisplayCreateInput"),
        (guide.DISPLAY_UPDATE_INPUT, "DisplayUpdateInput"),
    ],
)
def test_display_inputs_match_the_schema(example, name):
    """The guide prints the inputs as SDL: the schema has each field with the printed type."""
    [definition] = parse(example).definitions
    assert isinstance(definition, InputObjectTypeDefinitionNode)
    ours = schema().type_map[name]
    assert isinstance(ours, GraphQLInputObjectType), print_type(ours)
    printed = {f.name.value: _type_text(f.type) for f in definition.fields}
    assert printed == {key: str(field.type) for key, field in ours.fields.items()}


def _type_text(node: Any) -> str:
    kind = node.kind
    if kind == "non_null_type":
        return _type_text(node.type) + "!"
    if kind == "list_type":
        return f"[{_type_text(node.type)}]"
    return str(node.name.value)


def test_add_variants_to_display(shop_api):
    body = run(shop_api, guide.ADD_VARIANTS_TO_DISPLAY)
    display = body["data"]["updateDisplay"]["display"]
    assert display["displayItems"] == [
        {"id": 1913, "productVariant": {"id": 1913, "name": ("Shirt blue")}}
    ]
    assert display["productVariants"] == [{"id": 1913, "name": "Shirt blue"}]


def test_update_display(shop_api):
    before = shop_api.shop.displays[1].updated_at
    body = run(shop_api, guide.UPDATE_DISPLAY)
    display = body["data"]["updateDisplay"]["display"]
    assert (display["id"], display["name"], display["uri"]) == (1, "First Product", "first-product")
    assert shop_api.shop.displays[1].updated_at is not before


# -- weight ----------------------------------------------------------------------------------------


def test_get_weight(shop_api):
    run(shop_api, guide.CREATE_ONE_SIZE)
    body = run(shop_api, guide.GET_WEIGHT)
    check_documented(body, guide.GET_WEIGHT_RESPONSE)
    product = body["data"]["product"]
    documented = guide.GET_WEIGHT_RESPONSE["data"]["product"]
    assert product["weight"] == documented["weight"]
    [size] = product["variants"][0]["productSizes"]
    assert size["weight"] == documented["weight"]


def test_update_weight(shop_api):
    body = run(shop_api, guide.UPDATE_WEIGHT)
    # The guide prints getWeight's answer here (with the old formattedValue); the mutation answers
    # under its own name with the new weight.
    weight = {"value": 3, "unit": "KILOGRAMS", "formattedValue": "3.000 kg"}
    assert body["data"]["updateProduct"]["product"] == {"weight": weight}
    documented = guide.UPDATE_WEIGHT_RESPONSE["data"]["product"]
    assert documented["weight"]["value"] == weight["value"]
    after = run(shop_api, guide.GET_WEIGHT)["data"]["product"]
    assert after["weight"] == weight


# -- pricelists and price alterations --------------------------------------------------------------


def test_get_pricelists(shop_api):
    body = run(shop_api, guide.GET_PRICELISTS)
    check_documented(body, guide.GET_PRICELISTS_RESPONSE)
    pricelists = body["data"]["pricelists"]
    # The guide's two, then the scenario's wholesale pricelist 21 (B2B SEK).
    assert pricelists[:2] == guide.GET_PRICELISTS_RESPONSE["data"]["pricelists"]
    assert [p["id"] for p in pricelists] == [1, 3, 21]


def test_create_pricelist(shop_api):
    body = run(shop_api, guide.CREATE_PRICELIST)
    check_documented(body, guide.CREATE_PRICELIST_RESPONSE)
    pricelist = body["data"]["createPricelist"]["pricelist"]
    documented = guide.CREATE_PRICELIST_RESPONSE["data"]["createPricelist"]["pricelist"]
    for key in ("id", "name", "status", "store", "currency"):
        assert pricelist[key] == documented[key]
    assert pricelist["assignedToCountries"] == [{"id": 1, "name": "Sweden"}]


def test_update_pricelist(shop_api):
    run(shop_api, guide.CREATE_PRICELIST)
    body = run(shop_api, guide.UPDATE_PRICELIST)
    check_documented(body, guide.UPDATE_PRICELIST_RESPONSE)
    pricelist = body["data"]["updatePricelist"]["pricelist"]
    assert (pricelist["id"], pricelist["status"]) == (36, "ACTIVE")


def test_delete_pricelist(shop_api):
    run(shop_api, guide.CREATE_PRICELIST)
    body = run(shop_api, guide.DELETE_PRICELIST)
    assert body["data"] == guide.DELETE_PRICELIST_RESPONSE["data"]
    assert 36 not in shop_api.shop.pricelists
    account = run(
        shop_api,
        """mutation { createAccount(input: {name: "Buyer AB", status: ACTIVE, market: {id: 5},
        pricelist: {id: 21}}) { account { id } userErrors { message } } }""",
    )["data"]["createAccount"]["account"]
    in_use = guide.DELETE_PRICELIST.replace("id: 36", "id: 21")
    assert f"used by accounts [{account['id']}]" in refused(shop_api, in_use)


def test_create_price_alteration(shop_api):
    body = run(shop_api, guide.CREATE_PRICE_ALTERATION)
    check_documented(body, guide.CREATE_PRICE_ALTERATION_RESPONSE)
    assert body["data"] == guide.CREATE_PRICE_ALTERATION_RESPONSE["data"]


def test_update_price_alteration(shop_api):
    run(shop_api, guide.CREATE_PRICE_ALTERATION)
    body = run(shop_api, guide.UPDATE_PRICE_ALTERATION)
    assert body["data"] == guide.UPDATE_PRICE_ALTERATION_RESPONSE["data"]
    # One active alteration per store: a second one cannot be activated.
    run(shop_api, guide.CREATE_PRICE_ALTERATION)
    second = guide.UPDATE_PRICE_ALTERATION.replace("id: 1", "id: 2")
    assert "active price alteration already" in refused(shop_api, second)


def _altered(shop_api) -> None:
    run(shop_api, guide.CREATE_PRICE_ALTERATION)
    run(shop_api, guide.UPDATE_PRICE_ALTERATION)


def test_set_altered_prices(shop_api):
    _altered(shop_api)
    body = run(shop_api, guide.SET_ALTERED_PRICES)
    assert body["data"] == guide.SET_ALTERED_PRICES_RESPONSE["data"]


def test_get_price_alteration(shop_api):
    _altered(shop_api)
    run(shop_api, guide.SET_ALTERED_PRICES)
    body = run(shop_api, guide.GET_PRICE_ALTERATION)
    # A price set for the whole product is one row without a variant (the guide shows the row
    # of one of its variants).
    shaped = copy.deepcopy(guide.GET_PRICE_ALTERATION_RESPONSE)
    shaped["data"]["priceAlteration"]["prices"][0]["productVariant"] = None
    check_documented(body, shaped)
    alteration = body["data"]["priceAlteration"]
    documented = guide.GET_PRICE_ALTERATION_RESPONSE["data"]["priceAlteration"]
    for key in ("name", "startDate", "status", "store"):
        assert alteration[key] == documented[key]
    [price] = alteration["prices"]
    assert price["price"] == documented["prices"][0]["price"]  # "1 000.00 SEK"
    assert price["product"] == documented["prices"][0]["product"]


# -- products, stock -------------------------------------------------------------------------------


def _all_sizes(shop_api) -> None:
    """The guide's size activations: One Size on variant 1, S (and "repeat for M and L") on 2."""
    run(shop_api, guide.CREATE_ONE_SIZE)
    run(shop_api, guide.CREATE_MULTIPLE_SIZES)
    for name in ("M", "L"):
        repeat = guide.CREATE_MULTIPLE_SIZES.replace('name: "S"', f'name: "{name}"')
        run(shop_api, repeat.replace("789S", f"789{name}"))


def test_product_list(shop_api):
    _all_sizes(shop_api)
    body = run(shop_api, guide.PRODUCT_LIST)
    # The guide's answer shows each size's SKU, which this query does not ask for.
    check_documented(body, without(guide.PRODUCT_LIST_RESPONSE, "SKU"))
    [product] = [p for p in body["data"]["products"] if p["id"] == 1]
    sizes = [s for v in product["variants"] for s in v["productSizes"]]
    assert [s["sizeNumber"] for s in sizes] == ["111", "789S", "789M", "789L"]
    variant = product["variants"][0]
    assert variant["unitCost"] == {
        "value": 41,
        "currency": {"code": "EUR"},
        "formattedValue": ("41.00 EUR"),
    }
    assert body["data"]["counters"]["products"] == len(shop_api.shop.products)


def test_product_list_with_stock(shop_api):
    run(shop_api, guide.CREATE_ONE_SIZE)
    run(shop_api, guide.ADD_STOCK_ONE_SIZE)
    body = run(shop_api, guide.PRODUCT_LIST_WITH_STOCK)
    [product] = [p for p in body["data"]["products"] if p["id"] == 1]
    [size] = product["variants"][0]["productSizes"]
    assert size["SKU"] == "Prod123Var123111"
    totals = size["stockTotals"]
    assert (totals["physicalQuantity"], totals["availableQuantity"]) == (5, 5)
    assert totals["onDeliveryQuantity"] == totals["unlinkedIncomingQuantity"] == 0


def _level(shop_api, warehouse_id: int, variant_id: int, size_name: str):
    shop = shop_api.shop
    [size] = [ps for ps in shop.variants[variant_id].product_sizes if ps.size.name == size_name]
    return shop.level(shop.warehouses[warehouse_id], size)


def test_add_stock_one_size(shop_api):
    run(shop_api, guide.CREATE_ONE_SIZE)
    body = run(shop_api, guide.ADD_STOCK_ONE_SIZE)
    check_documented(body, guide.ADD_STOCK_RESPONSE)
    assert _level(shop_api, 3, 1, "One Size").physical_quantity == 5


def test_add_stock(shop_api):
    run(shop_api, guide.CREATE_MULTIPLE_SIZES)
    body = run(shop_api, guide.ADD_STOCK)
    check_documented(body, guide.ADD_STOCK_RESPONSE)
    assert _level(shop_api, 3, 2, "S").physical_quantity == 2


def test_remove_stock(shop_api):
    run(shop_api, guide.CREATE_ONE_SIZE)
    shop = shop_api.shop
    with shop.lock:
        one_size = _level(shop_api, 1, 1, "One Size").product_size
        put_stock(shop, shop.warehouses[1], one_size, 8)
    body = run(shop_api, guide.REMOVE_STOCK)
    check_documented(body, guide.REMOVE_STOCK_RESPONSE)
    assert _level(shop_api, 1, 1, "One Size").physical_quantity == 3


def test_move_stock(shop_api):
    body = run(shop_api, guide.MOVE_STOCK)
    check_documented(body, guide.MOVE_STOCK_RESPONSE)
    assert _level(shop_api, 1, 2459, "XS").physical_quantity == 9
    assert _level(shop_api, 2, 2459, "XS").physical_quantity == 1


def test_absolute_stock(shop_api):
    body = run(shop_api, guide.ABSOLUTE_STOCK)
    assert len(body["data"]["setStock"]["stockChanges"]) == 1
    assert _level(shop_api, 1, 1445, "XL").physical_quantity == 10


# -- custom attributes -----------------------------------------------------------------------------


def test_product_list_with_attributes(shop_api):
    run(shop_api, guide.CREATE_ONE_SIZE)
    body = run(shop_api, guide.PRODUCT_LIST_WITH_ATTRIBUTES)
    documented = guide.PRODUCT_LIST_WITH_ATTRIBUTES_RESPONSE
    [product] = [p for p in body["data"]["products"] if p["id"] == 1]
    shaped = copy.deepcopy(body)
    shaped["data"]["products"] = [product]
    check_documented(shaped, documented)
    expected = documented["data"]["products"][0]
    assert product["attributes"] == expected["attributes"]
    swatch = product["variants"][0]["attributes"]
    [documented_swatch] = expected["variants"][0]["attributes"]
    assert [e["value"] for e in swatch[0]["elements"][:2]] == ["Blue", "#0000FF"]
    image = swatch[0]["elements"][2]
    assert set(image) == set(documented_swatch["elements"][2])
    assert (image["width"], image["height"], image["mimeType"]) == (50, 50, "image/jpg")
    assert product["variants"][1]["attributes"] == []
    assert {"Product.attributes:read", "ProductVariant.attributes:read"} <= used(body)


def test_get_mapped_attributes(shop_api):
    body = run(shop_api, guide.GET_MAPPED_ATTRIBUTES)
    assert body["data"] == guide.GET_MAPPED_ATTRIBUTES_RESPONSE["data"]
    assert used(body) == {"Attribute:read"}


def test_assign_attributes(shop_api):
    body = run(shop_api, guide.ASSIGN_ATTRIBUTES)
    check_documented(body, guide.ASSIGN_ATTRIBUTES_RESPONSE)
    target = body["data"]["assignAttributes"]["object"]
    documented = guide.ASSIGN_ATTRIBUTES_RESPONSE["data"]["assignAttributes"]["object"]
    assert target["attributes"] == documented["attributes"]
    assert (target["id"], target["name"]) == (1, "First Product")
    steel_on_variant = guide.ASSIGN_ATTRIBUTES.replace(
        "objectType: Product", ("objectType: ProductVariant")
    )
    assert "No mapped ProductVariant attribute" in refused(shop_api, steel_on_variant)


def test_unassign_attributes(shop_api):
    run(shop_api, guide.ASSIGN_ATTRIBUTES)
    body = run(shop_api, guide.UNASSIGN_ATTRIBUTES)
    check_documented(body, guide.UNASSIGN_ATTRIBUTES_RESPONSE)
    assert body["data"]["unassignAttributes"]["object"]["attributes"] == []


def test_mapped_attributes_through_update_product(shop_api):
    run(shop_api, guide.ASSIGN_MAPPED_ON_PRODUCT)
    assert shop_api.shop.mapped_assignments[("Product", 1)] == [7, 9]
    run(shop_api, guide.UNASSIGN_MAPPED_ON_PRODUCT)
    assert shop_api.shop.mapped_assignments[("Product", 1)] == []


# -- localization ----------------------------------------------------------------------------------


def test_get_languages(shop_api):
    body = run(shop_api, guide.GET_LANGUAGES)
    assert body["data"] == guide.GET_LANGUAGES_RESPONSE["data"]
    assert used(body) == {"Language:read"}


def test_find_product(shop_api):
    body = run(shop_api, guide.FIND_PRODUCT)
    assert body["data"] == guide.FIND_PRODUCT_RESPONSE["data"]


_DISPLAY_FIELDS = [
    "name",
    "uri",
    "metaDescription",
    "metaKeywords",
    "metaTitle",
    "shortDescription",
    "description",
]


@pytest.mark.parametrize(
    ("operation", "key", "fields"),
    [
        ("productTranslations", "product", ["name"]),
        ("variantTranslations", "productVariant", ["name"]),
        ("displayTranslations", "display", _DISPLAY_FIELDS),
    ],
)
def test_translations(shop_api, operation, key, fields):
    body = run(shop_api, guide.TRANSLATIONS, operation)
    localized = body["data"][key]["localized"]
    assert [lang["language"]["id"] for lang in localized] == [5, 2]
    for lang in localized:
        assert lang["translations"] == [{"field": f, "value": None} for f in fields]
    if key == "display":
        check_documented(body, guide.TRANSLATIONS_RESPONSE)
        documented = guide.TRANSLATIONS_RESPONSE["data"]["display"]["localized"]
        # The guide's shop also has two display attributes to translate; the scenario has none.
        assert [lang["language"] for lang in localized] == [d["language"] for d in documented]
        assert fields == [t["field"] for t in documented[0]["translations"]][:7]
        assert {"Display:read", "Localization:read", "Language:read"} <= used(body)


def test_localize(shop_api):
    body = run(shop_api, guide.LOCALIZE)
    localized = body["data"]["localize"]["localizedObject"]["localized"]
    # The guide prints displayTranslations' answer here; compare with its translations.
    documented = guide.LOCALIZE_RESPONSE["data"]["display"]["localized"]
    for mine, theirs in zip(localized, documented, strict=True):
        assert mine["language"] == theirs["language"]
        assert mine["translations"] == theirs["translations"][:7]
    after = run(shop_api, guide.TRANSLATIONS, "displayTranslations")["data"]["display"]
    assert after["localized"] == localized
    removed = guide.LOCALIZE.replace('value: "Name auf deutsch"', "value: null")
    body = run(shop_api, removed)
    german = body["data"]["localize"]["localizedObject"]["localized"][0]["translations"]
    assert german[:2] == [
        {"field": "name", "value": None},
        {"field": "uri", "value": "german-display-uri"},
    ]


# -- all in one ------------------------------------------------------------------------------------


def test_all_in_one(shop_api):
    body = run(shop_api, guide.ALL_IN_ONE)
    data = body["data"]
    sizes = data["createSizeChart"]["sizeChart"]["sizes"]
    # The conversion names size 50: the chart made in the same call has sizes 50 and 51.
    assert sizes == [{"id": 50}, {"id": 51}]
    [entry] = data["createConversionForSize"]["entries"]
    assert (entry["internalId"], entry["objectType"]) == (50, "Size")
    shop = shop_api.shop
    variant = shop.variants[data["createV1"]["productVariant"]["id"]]
    [size] = variant.product_sizes
    assert size.size.id == 50
    assert shop.level(shop.warehouses[1], size).physical_quantity == 5
    display = shop.displays[data["createD1"]["display"]["id"]]
    assert [v.name for v in display.product_variants] == ["First", "Second"]
    assert display.uri == "some-unique-uri"
