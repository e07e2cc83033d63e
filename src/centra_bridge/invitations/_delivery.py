"""Delivery from the outbox, and what a person does with one invitation (list, cancel, retry,
send now).

An invitation is marked sent only after the platform said it has it. A crash between the two
sends it again with the same idempotency key, which the platform (or our provider, reading its
"already have it" answer) takes as the same invitation: each arrives once. A failed attempt is
retried after ``retry_after``, doubled each time; after ``max_attempts`` it is parked as
``failed`` with its last error, shown by ``list`` and brought back by ``retry``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from centra_bridge.errors import CentraBridgeError
from centra_bridge.invitations._ledger import TOPIC, merged

if TYPE_CHECKING:
    from centra_bridge.invitations._options import InvitationsOptions
    from centra_bridge.invitations.providers import Provider
    from centra_bridge.state import OutboxRow, StateStore

__all__ = [
    "STATUSES",
    "DeliveryReport",
    "InvitationView",
    "InvitationsError",
    "change",
    "deliver",
    "list_invitations",
]

STATUSES = ("pending", "sent", "cancelled", "failed")


class InvitationsError(CentraBridgeError):
    default_hint = "Run `centra-bridge invitations list` to see the invitations and their ids."


@dataclass(slots=True)
class DeliveryReport:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    requests: int = 0
    errors: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class InvitationView:
    """One invitation as ``list`` shows it (no secrets; the buyer's email is the user's data)."""

    id: int
    key: str
    status: str
    send_at: datetime
    attempts: int
    orders: list[int]
    email: str | None
    products: int
    last_error: str | None

    @classmethod
    def of(cls, row: OutboxRow) -> InvitationView:
        invitation: dict[str, Any] = merged(row.payload) if row.payload.get("orders") else {}
        return cls(
            row.id,
            row.key,
            row.status,
            row.due,
            row.attempts,
            sorted(int(n) for n in row.payload.get("orders", {})),
            invitation.get("buyer_email"),
            len(invitation.get("products", [])),
            row.last_error,
        )


def deliver(
    store: StateStore,
    provider: Provider,
    options: InvitationsOptions,
    now: datetime,
) -> DeliveryReport:
    """Send every pending invitation due at ``now`` (the shop's clock)."""
    report = DeliveryReport()
    # The shop's clock comes in whole seconds (the Date header): up to a second behind.
    due = now.timestamp() + 1
    while True:
        with store.transaction() as tx:
            rows = tx.outbox(TOPIC, status="pending", due_before=due, limit=provider.batch_size)
        if not rows:
            break
        results = provider.send([(row.key, merged(row.payload)) for row in rows])
        report.requests += 1
        with store.transaction() as tx:
            for row in rows:
                error = results.get(row.key, "the platform did not answer for it")
                if error is None:
                    tx.update_outbox(row.id, status="sent", attempts=row.attempts + 1)
                    report.sent += 1
                    continue
                attempts = row.attempts + 1
                report.errors.append(f"{row.key}: {error}")
                if attempts >= options.max_attempts:
                    tx.update_outbox(row.id, status="failed", attempts=attempts, last_error=error)
                    report.failed += 1
                else:
                    wait = options.retry_after.total_seconds() * 2 ** (attempts - 1)
                    tx.update_outbox(
                        row.id, attempts=attempts, last_error=error, due_at=now.timestamp() + wait
                    )
                    report.retrying += 1
        if report.retrying and all(results.get(r.key) is not None for r in rows):
            break  # the platform fails now: what is left waits for its retry time
    return report


def list_invitations(store: StateStore, status: str | None = None) -> list[InvitationView]:
    if status is not None and status not in STATUSES:
        msg = f"Unknown status {status!r}"
        raise InvitationsError(msg, hint=f"Use one of {', '.join(STATUSES)}.")
    with store.transaction() as tx:
        return [InvitationView.of(row) for row in tx.outbox(TOPIC, status=status)]


def change(store: StateStore, invitation_id: int, action: str, now: datetime) -> InvitationView:
    """``cancel`` a pending invitation, ``retry`` a failed one, or ``send-now`` a pending one
    (due at once; the next run sends it)."""
    allowed = {"cancel": ("pending",), "retry": ("failed",), "send-now": ("pending", "failed")}
    with store.transaction() as tx:
        found = tx.outbox(TOPIC, row_id=invitation_id)
        if not found:
            msg = f"There is no invitation {invitation_id}"
            raise InvitationsError(msg)
        row = found[0]
        if row.status not in allowed[action]:
            msg = f"Invitation {invitation_id} is {row.status}: it cannot be {action}"
            raise InvitationsError(
                msg, hint=f"{action} applies to {' or '.join(allowed[action])} invitations."
            )
        if action == "cancel":
            tx.update_outbox(row.id, status="cancelled", last_error="cancelled by hand")
        else:
            tx.update_outbox(row.id, status="pending", attempts=0, due_at=now.timestamp())
        return InvitationView.of(tx.outbox(TOPIC, row_id=row.id)[0])
