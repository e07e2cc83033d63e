"""Decisions applied to the state store, each order in one transaction with its outbox row, so
that a crash anywhere neither loses nor doubles an invitation.

The store holds, besides the ``invitations`` outbox (one row per invitation, keyed
``order-<number>`` of its first order: the idempotency key every delivery carries):

- ``invitations.orders``: per order number, what was decided (``invited``, ``merged``,
  ``skipped``, ``revoked``), the invitation it belongs to and why;
- ``invitations.customers``: per buyer, the invitation a next order may merge into;
- ``invitations.products``: per buyer and product, when it was last in an invitation;
- ``invitations``/``switched_on``: the shop's time of the first run (the look-back's origin).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from centra_bridge.invitations._rules import Order, content, left_out, send_time, trigger_time

if TYPE_CHECKING:
    from centra_bridge.invitations._options import InvitationsOptions
    from centra_bridge.state import OutboxRow, Transaction

__all__ = ["TOPIC", "Outcome", "apply", "merged", "switched_on"]

TOPIC = "invitations"
_ORDERS, _CUSTOMERS, _PRODUCTS, _META = (
    "invitations.orders",
    "invitations.customers",
    "invitations.products",
    "invitations",
)


@dataclass(frozen=True, slots=True)
class Outcome:
    """What became of one order."""

    number: int
    action: str  # invited, merged, kept, skipped, revoked, replanned, waiting
    reason: str = ""
    invitation: str | None = None
    send_at: datetime | None = None


def switched_on(tx: Transaction, now: datetime) -> datetime:
    """The shop's time of the first run (set by this call when there was none)."""
    stamp = tx.fact(_META, "switched_on")
    if stamp is None:
        stamp = now.timestamp()
        tx.set_fact(_META, "switched_on", stamp)
    return datetime.fromtimestamp(stamp, UTC)


def merged(payload: dict[str, Any]) -> dict[str, Any]:
    """One invitation from the orders it holds: the first order's buyer, every product once."""
    orders = [payload["orders"][k] for k in sorted(payload["orders"], key=int)]
    invitation = dict(orders[0])
    seen: dict[str, dict[str, Any]] = {}
    for order in orders:
        for product in order["products"]:
            seen.setdefault(product["id"], product)
    invitation["products"] = list(seen.values())
    invitation["internal_order_id"] = ",".join(o["internal_order_id"] for o in orders)
    return invitation


def _row(tx: Transaction, key: str) -> OutboxRow:
    return tx.outbox(TOPIC, key=key)[0]


def _remember_products(
    tx: Transaction, customer: str, products: list[dict[str, Any]], at: float | None
) -> None:
    for product in products:
        tx.set_fact(_PRODUCTS, f"{customer}|{product['id']}", at)


def apply(tx: Transaction, order: Order, options: InvitationsOptions, now: datetime) -> Outcome:
    """Decide for ``order`` (as Centra answers it now) and record the decision."""
    number = order.number
    fact: dict[str, Any] = tx.fact(_ORDERS, str(number)) or {}
    state = fact.get("state")
    excluded = left_out(order, options)
    reason = excluded.reason if excluded else None
    rule = options.rule(order.data)
    trigger_at = trigger_time(order, rule.trigger or options.trigger)

    if state in ("invited", "merged"):
        row = _row(tx, fact["invitation"])
        if excluded is not None and excluded.revokes:
            return _revoke(tx, row, order, excluded.reason)
        if row.status == "pending" and str(number) in row.payload["orders"]:
            # Lines cancelled or returned since are not invited for; products left out by the
            # cool-down stay out.
            before = {p["id"] for p in row.payload["orders"][str(number)]["products"]}
            body = content(order, rule, options)
            body["products"] = [p for p in body["products"] if p["id"] in before]
            orders = {**row.payload["orders"], str(number): body}
            tx.update_outbox(row.id, payload={**row.payload, "orders": orders})
        return Outcome(number, "kept", invitation=row.key, send_at=row.due)
    if reason or trigger_at is None:
        if reason and trigger_at is not None and state != "revoked":
            tx.set_fact(_ORDERS, str(number), {"state": "skipped", "reason": reason})
        return Outcome(number, "skipped" if reason else "waiting", reason or "")
    if state == "revoked":
        return _replan(tx, fact, order, options, now)

    origin = switched_on(tx, now)
    if trigger_at < origin - options.lookback:
        reason = (
            f"it reached {rule.trigger} on {trigger_at:%Y-%m-%d}, before the look-back of "
            f"{options.lookback.days} days from when invitations were switched on"
        )
        tx.set_fact(_ORDERS, str(number), {"state": "skipped", "reason": reason})
        return Outcome(number, "skipped", reason)
    return _plan(tx, order, options, trigger_at)


def _plan(
    tx: Transaction, order: Order, options: InvitationsOptions, trigger_at: datetime
) -> Outcome:
    number, customer = order.number, order.customer_key
    rule = options.rule(order.data)
    body = content(order, rule, options)
    floor = (trigger_at - options.product_cooldown).timestamp()
    mine: dict[str, Any] = tx.fact(_CUSTOMERS, customer) or {}
    pending = None
    if (
        mine
        and abs(trigger_at.timestamp() - mine["trigger_at"]) <= options.merge_window.total_seconds()
    ):
        row = _row(tx, mine["invitation"])
        pending = row if row.status == "pending" else None
    held = set(pending.payload["orders"]) if pending else set()
    fresh = []
    for product in body["products"]:
        invited = tx.fact(_PRODUCTS, f"{customer}|{product['id']}")
        in_merge = pending is not None and any(
            product["id"] == p["id"] for k in held for p in pending.payload["orders"][k]["products"]
        )
        if invited is None or invited < floor or in_merge:
            fresh.append(product)
    if not fresh:
        reason = f"every product was in an invitation within {options.product_cooldown.days} days"
        tx.set_fact(_ORDERS, str(number), {"state": "skipped", "reason": reason})
        return Outcome(number, "skipped", reason)
    body["products"] = fresh
    _remember_products(tx, customer, fresh, trigger_at.timestamp())
    send_at = send_time(trigger_at, rule, options)
    if pending is not None:
        payload = dict(pending.payload)
        payload["orders"] = {**payload["orders"], str(number): body}
        due = max(pending.due_at, send_at.timestamp())  # the later order's products arrive too
        tx.update_outbox(pending.id, payload=payload, due_at=due)
        tx.set_fact(_ORDERS, str(number), {"state": "merged", "invitation": pending.key})
        return Outcome(
            number, "merged", f"into {pending.key}", pending.key, datetime.fromtimestamp(due, UTC)
        )
    key = f"order-{number}"
    payload = {"orders": {str(number): body}, "customer": customer}
    tx.add_outbox(TOPIC, key, payload, due_at=send_at.timestamp())
    tx.set_fact(_CUSTOMERS, customer, {"invitation": key, "trigger_at": trigger_at.timestamp()})
    tx.set_fact(_ORDERS, str(number), {"state": "invited", "invitation": key})
    return Outcome(number, "invited", invitation=key, send_at=send_at)


def _revoke(tx: Transaction, row: OutboxRow, order: Order, reason: str) -> Outcome:
    number = order.number
    tx.set_fact(_ORDERS, str(number), {"state": "revoked", "invitation": row.key, "reason": reason})
    if row.status != "pending":
        # Sent (or failed) already: marked, never sent again.
        note = f"{reason}, after the invitation was {row.status}: it is not sent again"
        return Outcome(number, "revoked", note, row.key)
    orders = {k: v for k, v in row.payload["orders"].items() if k != str(number)}
    gone = row.payload["orders"].get(str(number), {}).get("products", [])
    kept = {p["id"] for body in orders.values() for p in body["products"]}
    _remember_products(tx, order.customer_key, [p for p in gone if p["id"] not in kept], None)
    if orders:
        tx.update_outbox(row.id, payload={**row.payload, "orders": orders})
    else:
        tx.update_outbox(row.id, status="cancelled", last_error=f"order {number}: {reason}")
    return Outcome(number, "revoked", reason, row.key)


def _replan(
    tx: Transaction,
    fact: dict[str, Any],
    order: Order,
    options: InvitationsOptions,
    now: datetime,
) -> Outcome:
    """A revoked order fulfilled after all: invited again, dated from now (not from the stale
    first trigger), unless its invitation went out before."""
    row = _row(tx, fact["invitation"])
    if row.status in ("sent", "failed"):
        return Outcome(order.number, "skipped", f"its invitation was {row.status} before")
    rule = options.rule(order.data)
    body = content(order, rule, options)
    send_at = send_time(now, rule, options)
    _remember_products(tx, order.customer_key, body["products"], now.timestamp())
    orders = {**row.payload["orders"], str(order.number): body}
    state = "invited" if row.key == f"order-{order.number}" else "merged"
    tx.update_outbox(
        row.id,
        status="pending",
        attempts=0,
        last_error=None,
        due_at=max(send_at.timestamp(), row.due_at if row.status == "pending" else 0),
        payload={**row.payload, "orders": orders},
    )
    tx.set_fact(_ORDERS, str(order.number), {"state": state, "invitation": row.key})
    return Outcome(order.number, "replanned", "fulfilled after it was revoked", row.key, send_at)
