"""Copying Centra's data into a warehouse (DuckDB by default) with dlt.

>>> from centra_bridge.sync import sync
>>> report = sync(settings, client)   # a backfill the first time, then changes
"""

from centra_bridge.sync._events import EventBatch, EventsConsumer
from centra_bridge.sync._pipeline import BatchReport, Progress, SyncReport, selected_sources, sync
from centra_bridge.sync._reconcile import ReconcileReport, reconcile
from centra_bridge.sync._sources import SOURCES, Source
from centra_bridge.sync._tables import TABLES, Table
from centra_bridge.sync._warehouse import DATASET, Warehouse

__all__ = [
    "DATASET",
    "SOURCES",
    "TABLES",
    "BatchReport",
    "EventBatch",
    "EventsConsumer",
    "Progress",
    "ReconcileReport",
    "Source",
    "SyncReport",
    "Table",
    "Warehouse",
    "reconcile",
    "selected_sources",
    "sync",
]
