"""Durable operational state shared by the features: run facts, idempotency keys, an outbox and
leases, in a SQLite file by default or PostgreSQL by URL.

>>> store = StateStore(Path(".centra-bridge/state.sqlite"))
>>> with store.transaction() as t:          # a decision and its delivery commit together
...     if t.claim_key("invitations", "order-1042"):
...         t.add_outbox("invitations", "order-1042", {"email": "..."}, due_at=later)
"""

from typing import TYPE_CHECKING

from centra_bridge._lazy import lazy_names

if TYPE_CHECKING:
    from centra_bridge.state._lease import Lease
    from centra_bridge.state._store import OutboxRow, StateStore, Transaction

__all__ = ["Lease", "OutboxRow", "StateStore", "Transaction"]

# Imported on first use: SQLAlchemy takes a quarter of a second to import, and commands that
# keep no state (check, sync) import the features that name these types.
__getattr__ = lazy_names(
    __name__, {"_lease": ("Lease",), "_store": ("OutboxRow", "StateStore", "Transaction")}
)
