"""Warehouses as the features read them: SQL in, Arrow tables out (DuckDB files, PostgreSQL).

>>> with Reader(Path("centra-bridge.duckdb")) as reader:
...     orders = reader.query("select * from {dataset}.orders")   # a pyarrow.Table
"""

from centra_bridge.warehouse._reader import Reader, WarehouseReadError

__all__ = ["Reader", "WarehouseReadError"]
