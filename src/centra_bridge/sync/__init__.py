"""Copying Centra's data into a warehouse (DuckDB by default) with dlt.

>>> from centra_bridge.sync import sync_orders
>>> report = sync_orders(settings, client)   # full the first time, incremental after
"""

from centra_bridge.sync._orders import ORDER_LINES_SCHEMA, ORDERS_SCHEMA, iter_order_pages
from centra_bridge.sync._pipeline import DATASET, Progress, SyncReport, sync_orders

__all__ = [
    "DATASET",
    "ORDERS_SCHEMA",
    "ORDER_LINES_SCHEMA",
    "Progress",
    "SyncReport",
    "iter_order_pages",
    "sync_orders",
]
