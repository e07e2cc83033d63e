"""Where invitations go: one small interface, one module per platform.

A provider takes up to ``batch_size`` invitations and says, per idempotency key, whether the
platform has it (``None``) or what went wrong (the error, retried later). A platform that
answers "already have it" has it: deliveries repeat after a crash, by design. A new platform
(Trustpilot's invitations API, say) is one new module here and one name in ``build``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from centra_bridge.invitations._options import InvitationsOptions

__all__ = ["Provider", "build"]


class Provider(Protocol):
    name: str
    batch_size: int

    def send(self, batch: list[tuple[str, dict[str, Any]]]) -> dict[str, str | None]:
        """``(idempotency key, invitation)`` pairs → per key None (delivered) or the error."""
        ...

    def close(self) -> None: ...


def build(options: InvitationsOptions) -> Provider | None:
    """The configured provider; None for a dry run (nothing is sent)."""
    if options.provider == "lipscore":
        from centra_bridge.invitations.providers._lipscore import Lipscore

        return Lipscore(options)
    if options.provider == "webhook":
        from centra_bridge.invitations.providers._webhook import SignedWebhook

        return SignedWebhook(options)
    return None
