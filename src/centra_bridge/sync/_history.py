"""The history tables the sync can keep (``history = ["orders", "stock"]``): see
``centra_bridge.warehouse.History`` for how they are kept and what they cannot show."""

from __future__ import annotations

from centra_bridge.sync._tables import TABLES
from centra_bridge.warehouse import History, history_of

__all__ = ["HISTORIES"]

# Keyed by the synced table they follow, which is what the ``history`` setting names.
HISTORIES: dict[str, History] = {
    "orders": history_of(TABLES["orders"], "order_status_history", ("status",), "updated_at"),
    "stock": history_of(
        TABLES["stock"],
        "stock_history",
        ("free_to_allocate", "allocated", "physical", "demand"),
        "_synced_at",
    ),
}
