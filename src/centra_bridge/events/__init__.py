"""Centra's events system, consumed once per integration for every feature.

>>> consumer = EventsConsumer(client, [warehouse_handler, invitations_handler], lease=lease)
>>> consumer.ensure_listeners()          # before reading anything else
>>> consumer.follow(stop, interval=30)   # each batch to every handler, then confirmed
"""

from pathlib import Path

from centra_bridge.client import register_operations
from centra_bridge.events._consumer import (
    CHANGE_TYPES,
    EVENT_BATCH,
    EventBatch,
    EventsConsumer,
    Handler,
)
from centra_bridge.events._stop import Stop, pause

register_operations(Path(__file__).parent / "operations")

__all__ = [
    "CHANGE_TYPES",
    "EVENT_BATCH",
    "EventBatch",
    "EventsConsumer",
    "Handler",
    "Stop",
    "pause",
]
