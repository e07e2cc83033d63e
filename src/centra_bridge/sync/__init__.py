"""Copying Centra's data into a warehouse (DuckDB by default) with dlt.

>>> from centra_bridge.sync import sync
>>> report = sync(settings, client)   # a backfill the first time, then changes
"""

from pathlib import Path

from centra_bridge.client import register_operations
from centra_bridge.sync._options import AttributeMapping, SyncOptions
from centra_bridge.sync._pipeline import (
    BatchReport,
    Progress,
    SyncReport,
    open_warehouse,
    selected_sources,
    sync,
)
from centra_bridge.sync._reconcile import ReconcileReport, reconcile
from centra_bridge.sync._sources import SOURCES, Source
from centra_bridge.sync._summary import MarketRevenue, WarehouseSummary, summarise
from centra_bridge.sync._tables import TABLES

register_operations(Path(__file__).parent / "operations")

__all__ = [
    "SOURCES",
    "TABLES",
    "AttributeMapping",
    "BatchReport",
    "MarketRevenue",
    "Progress",
    "ReconcileReport",
    "Source",
    "SyncOptions",
    "SyncReport",
    "WarehouseSummary",
    "open_warehouse",
    "reconcile",
    "selected_sources",
    "summarise",
    "sync",
]
