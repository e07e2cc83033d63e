"""Centra's side of the catalog, read in as few requests as the API allows.

Products come 200 to a page with their variants, sizes, the sizes' stock per warehouse and the
displays, so a 1,000-product catalog is five reads; prices 200 to a page per pricelist; the ERP
ids of everything (ID conversion, the token's integration) 200 to a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from centra_bridge.client import CentraClient

__all__ = ["MAPPED_TYPES", "CentraCatalog", "read_centra"]

_PAGE = 200
# The object types the push maps ERP ids of (sizes are found by variant and size name,
# displays by product and store: Centra's ID conversion has no types for them).
MAPPED_TYPES = (
    "SizeChart",
    "Warehouse",
    "Pricelist",
    "Product",
    "ProductVariant",
    "Account",
    "Buyer",
    "DeliveryWindow",
)


def money(value: dict[str, Any] | None) -> tuple[Decimal, str] | None:
    if not value:
        return None
    return Decimal(str(value["value"])), str(value["currency"]["code"])


@dataclass
class CentraCatalog:
    """What Centra holds now, indexed the ways the planner looks things up."""

    conversions: dict[str, dict[str, int]]  # object type -> ERP id -> Centra id
    stores: dict[int, dict[str, Any]]
    size_charts: dict[int, dict[str, Any]]
    warehouses: dict[int, dict[str, Any]]
    pricelists: dict[int, dict[str, Any]]
    prices: dict[int, dict[tuple[int, int | None], tuple[Decimal, str]]]
    products: dict[int, dict[str, Any]]
    markets: dict[int, dict[str, Any]] = field(default_factory=dict)
    variants: dict[int, dict[str, Any]] = field(default_factory=dict)
    variant_product: dict[int, int] = field(default_factory=dict)
    # (variant id, size name) -> product size (with "stock": {warehouse id: physical})
    sizes: dict[tuple[int, str], dict[str, Any]] = field(default_factory=dict)
    deliveries: set[str] | None = None  # stock change descriptions, read when needed

    def __post_init__(self) -> None:
        for product in self.products.values():
            for variant in product["variants"]:
                self.variants[variant["id"]] = variant
                self.variant_product[variant["id"]] = product["id"]
                for size in variant["productSizes"]:
                    size["stock"] = {
                        s["warehouse"]["id"]: int(s["physicalQuantity"]) for s in size["stock"]
                    }
                    self.sizes[(variant["id"], size["size"]["name"])] = size

    def internal(self, object_type: str, key: str) -> int | None:
        return self.conversions.get(object_type, {}).get(key)

    def mapped_ids(self, object_type: str) -> set[int]:
        return set(self.conversions.get(object_type, {}).values())

    def market_id(self, text: str) -> int | None:
        """A market by id or by name."""
        if text.isdigit() and int(text) in self.markets:
            return int(text)
        return next((i for i, m in self.markets.items() if m["name"] == text), None)

    def store_id(self, text: str) -> int | None:
        """A store by id or by name."""
        if text.isdigit() and int(text) in self.stores:
            return int(text)
        return next((i for i, s in self.stores.items() if s["name"] == text), None)


def _all(client: CentraClient, operation: str, root: str, variables: dict[str, Any]) -> list[Any]:
    return [
        item for items, _ in client.pages(operation, root, variables, size=_PAGE) for item in items
    ]


def read_deliveries(client: CentraClient) -> set[str]:
    """The descriptions of Centra's stock deliveries (a Relay connection, 200 a page)."""
    found: set[str] = set()
    after = None
    while True:
        answer = client.execute("ErpStockDeliveries", {"after": after}).data
        connection = answer["stockChangeConnection"]
        found.update(e["node"]["comment"] or "" for e in connection["edges"])
        if not connection["pageInfo"]["hasNextPage"]:
            return found
        after = connection["pageInfo"]["endCursor"]


def read_centra(
    client: CentraClient, *, prices: bool = True, deliveries: bool = False
) -> CentraCatalog:
    conversions: dict[str, dict[str, int]] = {t: {} for t in MAPPED_TYPES}
    where = {"objectType": list(MAPPED_TYPES)}
    for items, _ in client.pages(
        "ErpCatalogIdConversions", "idConversions", {"where": where}, size=_PAGE
    ):
        for entry in items:
            conversions[entry["objectType"]][entry["externalId"]] = int(entry["internalId"])
    reference = client.execute("ErpCatalogReference").data
    pricelists = {p["id"]: p for p in _all(client, "ErpCatalogPricelists", "pricelists", {})}
    price_rows: dict[int, dict[tuple[int, int | None], tuple[Decimal, str]]] = {}
    for pricelist_id in pricelists if prices else ():
        rows = price_rows.setdefault(pricelist_id, {})
        page = 1
        while True:
            answer = client.execute(
                "ErpCatalogPrices", {"id": [pricelist_id], "limit": _PAGE, "page": page}
            ).data
            items = answer["pricelists"][0]["prices"] if answer["pricelists"] else []
            for item in items:
                variant = item["productVariant"]
                value = money(item["price"])
                assert value is not None
                rows[(item["product"]["id"], variant["id"] if variant else None)] = value
            if len(items) < _PAGE:
                break
            page += 1
    catalog = CentraCatalog(
        conversions=conversions,
        stores={s["id"]: s for s in reference["stores"]},
        size_charts={c["id"]: c for c in reference["sizeCharts"]},
        warehouses={w["id"]: w for w in reference["warehouses"]},
        pricelists=pricelists,
        prices=price_rows,
        products={p["id"]: p for p in _all(client, "ErpCatalogProducts", "products", {})},
        markets={m["id"]: m for m in reference["markets"]},
    )
    if deliveries:
        catalog.deliveries = read_deliveries(client)
    return catalog
