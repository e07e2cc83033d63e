"""Durable operational state shared by the features: run facts, idempotency keys, an outbox and
leases, in a SQLite file by default or PostgreSQL by URL.

>>> store = StateStore(Path(".centra-bridge/state.sqlite"))
>>> with store.transaction() as t:          # a decision and its delivery commit together
...     if t.claim_key("invitations", "order-1042"):
...         t.add_outbox("invitations", "order-1042", {"email": "..."}, due_at=later)
"""

from centra_bridge.state._lease import Lease
from centra_bridge.state._store import OutboxRow, StateStore, Transaction

__all__ = ["Lease", "OutboxRow", "StateStore", "Transaction"]
