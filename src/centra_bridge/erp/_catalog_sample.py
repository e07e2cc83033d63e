"""A generated ERP catalog of any size, to try the push on and to measure it: products with
variants and sizes on one size chart, stock in warehouses, a price per pricelist.

>>> write_sample_catalog(Path("catalog/"), products=1000)   # 1,000 x 3 variants x 5 sizes
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

__all__ = ["write_sample_catalog"]

SIZES = ("XS", "S", "M", "L", "XL")
_PRICELISTS = (("PL-SEK", "SEK", "SE"), ("PL-EUR", "EUR", "DE|FR"), ("PL-USD", "USD", "US"))


def _ean(number: int) -> str:
    """A 13-digit EAN with its check digit."""
    body = f"735{number:09d}"
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    return body + str((10 - total % 10) % 10)


def _write(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def write_sample_catalog(
    directory: Path,
    *,
    products: int = 1000,
    variants: int = 3,
    sizes: int = 5,
    warehouses: int = 2,
    pricelists: int = 3,
    prefix: str = "ERP",
) -> None:
    """Write the catalog's CSV files into ``directory``; the same arguments write the same
    files, so a test can change a few rows and know what else is there."""
    directory.mkdir(parents=True, exist_ok=True)
    chart = list(SIZES[:sizes])
    _write(
        directory / "size_charts.csv",
        [{"size_chart_id": f"{prefix}-SC", "name": f"{prefix} apparel", "sizes": "|".join(chart)}],
    )
    houses = [f"{prefix}-WH{n}" for n in range(1, warehouses + 1)]
    _write(
        directory / "warehouses.csv",
        [{"warehouse_id": w, "name": f"{prefix} warehouse {n}"} for n, w in enumerate(houses, 1)],
    )
    lists = _PRICELISTS[:pricelists]
    _write(
        directory / "pricelists.csv",
        [
            {
                "pricelist_id": f"{prefix}-{key}",
                "name": f"{prefix} {currency}",
                "store": "Retail",
                "currency": currency,
                "countries": countries,
            }
            for key, currency, countries in lists
        ],
    )
    product_rows, variant_rows, size_rows, stock_rows, price_rows = [], [], [], [], []
    for p in range(1, products + 1):
        product, number = f"{prefix}-P{p:05d}", f"{prefix}{p:05d}"
        product_rows.append(
            {"product_id": product, "product_number": number, "name": f"Product {p}",
             "status": "ACTIVE", "country_of_origin": "SE"}
        )  # fmt: skip
        for key, currency, _ in lists:
            price = 100 + p % 400 if currency == "SEK" else 10 + p % 40
            price_rows.append(
                {"pricelist_id": f"{prefix}-{key}", "product_id": product, "price": price,
                 "currency": currency}
            )  # fmt: skip
        for v in range(1, variants + 1):
            variant = f"{product}-V{v}"
            variant_rows.append(
                {"variant_id": variant, "product_id": product, "name": f"Colour {v}",
                 "variant_number": f"-{v}", "size_chart_id": f"{prefix}-SC", "status": "ACTIVE",
                 "unit_cost": 10 + v, "unit_cost_currency": "EUR"}
            )  # fmt: skip
            for s, size in enumerate(chart):
                sku = f"{number}-{v}{size}"
                index = (p * variants + v) * sizes + s
                size_rows.append(
                    {"sku": sku, "variant_id": variant, "size": size, "ean": _ean(index)}
                )
                for w, house in enumerate(houses):
                    quantity = (index * 7 + w * 3) % 50
                    stock_rows.append({"warehouse_id": house, "sku": sku, "quantity": quantity})
    for name, rows in (
        ("products", product_rows),
        ("variants", variant_rows),
        ("sizes", size_rows),
        ("prices", price_rows),
        ("stock", stock_rows),
    ):
        _write(directory / f"{name}.csv", rows)
