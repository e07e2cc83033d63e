"""One warehouse per events queue: Centra keeps one queue per integration name.

A confirmed event is gone for every token of that integration, so two warehouses synced with one
token would each take the other's changes and each would conclude that events are off. The sync
therefore records, in its state directory, which warehouse consumes the queue of an endpoint and
token, and refuses a second one with a message that says why and what to do. The token is not
stored: the claim is named by a digest of endpoint and token.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from centra_bridge.errors import ConfigError

if TYPE_CHECKING:
    from centra_bridge.sync._options import SyncOptions

__all__ = ["claim_events_queue"]


def claim_events_queue(
    settings: SyncOptions, integration: str, identity: str, where: str, *, take_over: bool = False
) -> None:
    """Record that the warehouse ``identity`` consumes the events of ``integration`` (the
    client's ``integration_key``); refuse when another one does, unless ``take_over``."""
    path = settings.state_dir / "events-queues" / f"{integration}.json"
    try:
        held = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        held = None
    if isinstance(held, dict) and held.get("warehouse") not in (None, identity) and not take_over:
        other = held.get("where") or held["warehouse"]
        msg = (
            f"This token's events queue is consumed by the sync into {other} (since "
            f"{held.get('since', '?')}): Centra keeps one events queue per integration, so a "
            f"second warehouse ({where}) would take that sync's changes."
        )
        raise ConfigError(
            msg,
            hint="Give this warehouse a token of another integration (System → API tokens), or "
            "run with --take-over-events to move the queue here (the other warehouse then "
            "needs its own token).",
        )
    if isinstance(held, dict) and held.get("warehouse") == identity:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    since = datetime.now(UTC).isoformat(timespec="seconds")
    path.write_text(json.dumps({"warehouse": identity, "where": where, "since": since}))
