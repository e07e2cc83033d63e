"""Review invitations from Centra orders, exactly once (the review-platform role).

>>> options = InvitationsOptions(provider="webhook", webhook_url=..., webhook_secret=...)
>>> report = run(options, client)      # decide from the events, deliver what is due
>>> preview(options, client).outcomes  # what would be decided, and why, recording nothing

On the integration's shared consumer instead: ``sync(settings, client, handlers=[Invitations(
options, client, open_store(options))])``, then ``deliver``.
"""

from pathlib import Path
from typing import TYPE_CHECKING

from centra_bridge._lazy import lazy_names
from centra_bridge.client import register_operations

if TYPE_CHECKING:
    from centra_bridge.invitations._delivery import (
        STATUSES,
        DeliveryReport,
        InvitationsError,
        InvitationView,
        change,
        deliver,
        list_invitations,
    )
    from centra_bridge.invitations._handler import Invitations, RunReport, open_store, preview, run
    from centra_bridge.invitations._ledger import Outcome
    from centra_bridge.invitations._options import (
        LIPSCORE_LANGUAGES,
        TRIGGERS,
        InvitationsOptions,
        MarketRule,
    )
    from centra_bridge.invitations.providers import Provider, build

# Loaded on first use (centra_bridge._lazy): every command imports the options (``config``),
# few need the rest.
__getattr__ = lazy_names(
    __name__,
    {
        "_delivery": (
            "STATUSES",
            "DeliveryReport",
            "InvitationsError",
            "InvitationView",
            "change",
            "deliver",
            "list_invitations",
        ),
        "_handler": ("Invitations", "RunReport", "open_store", "preview", "run"),
        "_ledger": ("Outcome",),
        "_options": ("LIPSCORE_LANGUAGES", "TRIGGERS", "InvitationsOptions", "MarketRule"),
        "providers": ("Provider", "build"),
    },
)

register_operations(Path(__file__).parent / "operations")

__all__ = [
    "LIPSCORE_LANGUAGES",
    "STATUSES",
    "TRIGGERS",
    "DeliveryReport",
    "InvitationView",
    "Invitations",
    "InvitationsError",
    "InvitationsOptions",
    "MarketRule",
    "Outcome",
    "Provider",
    "RunReport",
    "build",
    "change",
    "deliver",
    "list_invitations",
    "open_store",
    "preview",
    "run",
]
