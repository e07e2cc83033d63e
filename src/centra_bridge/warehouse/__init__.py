"""Warehouses: writing through dlt (``Warehouse``: merge loads that carry their cursors, one
writer at a time) and reading for the features (``Reader``: SQL in, Arrow tables out).

>>> with Reader(Path("centra-bridge.duckdb")) as reader:
...     orders = reader.query("select * from {dataset}.orders")   # a pyarrow.Table
"""

from centra_bridge.warehouse._destination import describe_destination, duckdb_file
from centra_bridge.warehouse._history import History, history_of
from centra_bridge.warehouse._options import WarehouseOptions
from centra_bridge.warehouse._reader import Reader, WarehouseReadError, define_views
from centra_bridge.warehouse._table import (
    ATTRIBUTE_TYPES,
    MONEY,
    TIMESTAMP,
    AttributeColumn,
    Column,
    ColumnType,
    Getter,
    Table,
    col,
    parse_timestamp,
    path,
)
from centra_bridge.warehouse._writer import DATASET, Warehouse, warehouse_identity

__all__ = [
    "ATTRIBUTE_TYPES",
    "DATASET",
    "MONEY",
    "TIMESTAMP",
    "AttributeColumn",
    "Column",
    "ColumnType",
    "Getter",
    "History",
    "Reader",
    "Table",
    "Warehouse",
    "WarehouseOptions",
    "WarehouseReadError",
    "col",
    "define_views",
    "describe_destination",
    "duckdb_file",
    "history_of",
    "parse_timestamp",
    "path",
    "warehouse_identity",
]
