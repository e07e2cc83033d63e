"""The catalog directory: one file per entity, CSV, JSON Lines or Parquet, the same columns in each.

Rows keep their file, line and column order so that a refusal names the cell
(``products.csv:12:3``). Parquet rows are numbered from 1 like lines. A missing file means the
push leaves that entity alone; two files for one entity (``products.csv`` and
``products.jsonl``) are refused, since which one is the truth cannot be guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from centra_bridge.erp._files import _text, read_rows
from centra_bridge.erp._options import ErpError

__all__ = ["CATALOG_FILES", "CatalogRow", "Invalid", "read_catalog"]

# entity -> (columns, required columns); the order is the order of apply.
CATALOG_FILES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "size_charts": (
        ("size_chart_id", "name", "sizes", "vertical_sizes", "divider"),
        ("size_chart_id", "name", "sizes"),
    ),
    "warehouses": (("warehouse_id", "name", "status"), ("warehouse_id", "name")),
    "pricelists": (
        ("pricelist_id", "name", "store", "currency", "status", "countries"),
        ("pricelist_id", "name", "store", "currency"),
    ),
    "products": (
        (
            "product_id",
            "product_number",
            "name",
            "status",
            "country_of_origin",
            "harmonized_commodity_code",
        ),
        ("product_id", "name"),
    ),
    "variants": (
        (
            "variant_id",
            "product_id",
            "name",
            "variant_number",
            "status",
            "size_chart_id",
            "internal_name",
            "unit_cost",
            "unit_cost_currency",
        ),
        ("variant_id", "product_id", "name", "size_chart_id"),
    ),
    "sizes": (("sku", "variant_id", "size", "ean", "gtin", "upc"), ("sku", "variant_id", "size")),
    "displays": (
        ("product_id", "store", "name", "status", "description", "short_description", "variants"),
        ("product_id", "store"),
    ),
    "prices": (
        ("pricelist_id", "product_id", "variant_id", "price", "currency"),
        ("pricelist_id", "product_id", "price"),
    ),
    "price_alterations": (
        ("alteration_id", "name", "store", "start_date", "status"),
        ("alteration_id", "name", "store", "start_date"),
    ),
    "altered_prices": (
        ("alteration_id", "pricelist_id", "product_id", "variant_id", "price", "currency"),
        ("alteration_id", "pricelist_id", "product_id", "price"),
    ),
    "accounts": (
        ("account_id", "name", "market", "pricelist_id", "status", "discount_percent"),
        ("account_id", "name", "market", "pricelist_id"),
    ),
    "buyers": (
        ("buyer_id", "account_id", "email", "store", "status"),
        ("buyer_id", "account_id", "email", "store"),
    ),
    "delivery_windows": (
        ("delivery_window_id", "name", "markets", "type", "status", "variants"),
        ("delivery_window_id", "name", "markets"),
    ),
    "stock": (("warehouse_id", "sku", "quantity"), ("warehouse_id", "sku", "quantity")),
    "stock_deliveries": (
        ("delivery_id", "warehouse_id", "sku", "delivered_quantity", "unit_cost", "currency"),
        ("delivery_id", "warehouse_id", "sku", "delivered_quantity"),
    ),
}
_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}


@dataclass(frozen=True, slots=True)
class Invalid:
    """A row that is not applied: the cell (file, line, column), the ERP id, why, what to do."""

    file: str
    line: int
    column: int | None
    column_name: str
    key: str
    reason: str
    hint: str

    @property
    def where(self) -> str:
        at = f"{self.file}:{self.line}"
        return f"{at}:{self.column}" if self.column else at

    def __str__(self) -> str:
        column = f" ({self.column_name})" if self.column_name else ""
        return f"{self.where}{column}: {self.reason}; {self.hint}"


@dataclass(frozen=True, slots=True)
class CatalogRow:
    file: str
    line: int
    columns: tuple[str, ...]  # in the file's order, for column numbers
    values: dict[str, str]

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"

    def has(self, name: str) -> bool:
        """The file carries this column: its value is the ERP's (an empty one included)."""
        return name in self.values

    def get(self, name: str) -> str:
        return self.values.get(name, "").strip()

    def invalid(self, column: str, key: str, reason: str, hint: str) -> Invalid:
        number = self.columns.index(column) + 1 if column in self.columns else None
        return Invalid(self.file, self.line, number, column, key, reason, hint)

    def decimal(self, column: str) -> Decimal | None:
        """The column as a number (None when empty); ValueError when it is not one."""
        text = self.get(column).replace(",", ".") if self.get(column) else ""
        if not text:
            return None
        try:
            value = Decimal(text)
        except InvalidOperation:
            raise ValueError(text) from None
        if not value.is_finite():
            raise ValueError(text)
        return value

    def listed(self, column: str) -> list[str]:
        """A list in one cell: ``S|M|L`` (JSON Lines and Parquet may hold a real list, read
        as that)."""
        return [part.strip() for part in self.get(column).split("|") if part.strip()]


@dataclass
class CatalogFiles:
    rows: dict[str, list[CatalogRow]]
    bad: list[Invalid]  # lines that are not rows at all (bad JSON)
    ignored_columns: dict[str, list[str]]  # file -> columns not known for its entity


def _parquet(path: Path) -> list[CatalogRow]:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises its own many kinds for a damaged file
        msg = f"{path} cannot be read as Parquet: {exc}"
        raise ErpError(
            msg, hint="Write it again, or give the entity as CSV or JSON Lines."
        ) from exc
    names = tuple(str(n).strip().lower() for n in table.column_names)
    rows = []
    for number, record in enumerate(table.to_pylist(), start=1):
        values = {}
        for name, value in zip(names, record.values(), strict=True):
            values[name] = _text(value)
        rows.append(CatalogRow(path.name, number, names, values))
    return rows


def _text_rows(
    path: Path, fmt: str, columns: tuple[str, ...], required: tuple[str, ...]
) -> tuple[list[CatalogRow], list[Invalid], list[str]]:
    rows, bad, ignored = read_rows(path, columns, required=required, fmt=fmt)
    found = [CatalogRow(r.file, r.line, tuple(r.values), r.values) for r in rows]
    refused = [
        Invalid(path.name, int(b.where.rsplit(":", 1)[1]), None, "", "", b.reason, b.hint)
        for b in bad
    ]
    return found, refused, ignored


def _file_of(directory: Path, entity: str) -> Path | None:
    found = [p for p in sorted(directory.glob(f"{entity}.*")) if p.suffix.lower() in _SUFFIXES]
    if len(found) > 1:
        names = ", ".join(p.name for p in found)
        msg = f"{directory} has {names}: one file per entity"
        raise ErpError(msg, hint="Keep the one that holds the ERP's truth and move the other away.")
    return found[0] if found else None


def read_catalog(directory: Path) -> CatalogFiles:
    """Every entity file of the directory (a missing one is an entity the push leaves alone)."""
    if not directory.is_dir():
        msg = f"{directory} is not a directory"
        raise ErpError(
            msg, hint="Give the directory that holds products.csv, variants.csv, ... (see docs)."
        )
    files = CatalogFiles({}, [], {})
    for entity, (columns, required) in CATALOG_FILES.items():
        path = _file_of(directory, entity)
        if path is None:
            continue
        fmt = _SUFFIXES[path.suffix.lower()]
        if fmt == "parquet":
            rows, bad = _parquet(path), list[Invalid]()
            seen = {c for r in rows[:1] for c in r.columns}
            missing = sorted(set(required) - seen) if rows else []
            if missing:
                msg = f"{path} has no column {', '.join(missing)}"
                raise ErpError(msg, hint=f"Its columns must include {', '.join(required)}.")
            ignored = sorted(seen - set(columns))
        else:
            rows, bad, ignored = _text_rows(path, fmt, columns, required)
        files.rows[entity] = rows
        files.bad += bad
        if ignored:
            files.ignored_columns[path.name] = ignored
    if not files.rows:
        msg = f"{directory} holds no catalog file"
        raise ErpError(
            msg,
            hint="Name the files after their entity: "
            + ", ".join(f"{e}.csv" for e in CATALOG_FILES)
            + " (or .jsonl, .parquet).",
        )
    return files
