"""Durable operational state shared by the features: run facts, idempotency keys, an outbox and
leases, in a SQLite file by default or PostgreSQL by URL.

>>> store = StateStore(Path(".centra-bridge/state.sqlite"))
>>> with store.transaction() as t:          # a decision and its delivery commit together
...     if t.claim_key("invitations", "order-1042"):
...         t.add_outbox("invitations", "order-1042", {"email": "..."}, due_at=later)
"""

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from centra_bridge.state._lease import Lease
    from centra_bridge.state._store import OutboxRow, StateStore, Transaction

__all__ = ["Lease", "OutboxRow", "StateStore", "Transaction"]

# Imported on first use: SQLAlchemy takes a quarter of a second to import, and commands that
# keep no state (check, sync) import the features that name these types.
_MODULES = {
    "Lease": "_lease",
    "OutboxRow": "_store",
    "StateStore": "_store",
    "Transaction": "_store",
}


def __getattr__(name: str) -> Any:
    if name not in _MODULES:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(importlib.import_module(f"{__name__}.{_MODULES[name]}"), name)
