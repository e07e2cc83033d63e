"""Which features a token allows: per feature, the permissions granted, missing, or not probed.

A feature built on our own operations needs exactly the permissions those operations touch
(``operation_permissions`` reads them from the SDL); features not built yet list what the
integrators in ``shared/seeds`` ask for. This module composes the features, so it imports their
packages (their operations register on import); the features never import it.

>>> ready = readiness(client)
>>> ready.feature("sync").missing
('Shipment:read',)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import centra_bridge.erp
import centra_bridge.events
import centra_bridge.invitations
import centra_bridge.sync
from centra_bridge.client import CentraClient, operation_permissions, probe_permissions

__all__ = ["FEATURES", "Feature", "FeatureReadiness", "Readiness", "readiness"]


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    title: str  # what users call it
    operations: tuple[str, ...] = ()
    listed: tuple[str, ...] = ()  # from the seeds, for features whose operations come later
    command: str = ""  # the command that uses it today; empty while the feature is not built

    @property
    def permissions(self) -> tuple[str, ...]:
        needed = set(self.listed)
        for operation in self.operations:
            needed |= operation_permissions(operation)
        return tuple(sorted(needed))


FEATURES: tuple[Feature, ...] = (
    Feature(
        "sync",
        "Warehouse sync (every table)",
        command="sync",
        operations=(
            "Orders",
            "OrderCount",
            "Customers",
            "Products",
            "Displays",
            "Reference",
            "Stock",
            "Prices",
            "StockChanges",
        ),
    ),
    Feature(
        "events",
        "Changes through Centra's events (else the sync polls)",
        command="sync",
        operations=("Events", "SetEventListeners", "ConfirmEvents"),
    ),
    Feature(
        "invitations",
        "Review invitations (seed 000, Lipscore)",
        command="invitations run",
        operations=(
            "InvitationOrders",
            "InvitationDisplays",
            "Events",
            "SetEventListeners",
            "ConfirmEvents",
        ),
    ),
    Feature(
        "analytics",
        "Analytics: Order items, Return items (seed 003)",
        listed=(
            "Market:read",
            "Order.shippingAddress:read",
            "Order:read",
            "PaymentHistory:read",
            "Product:read",
            "Return:read",
            "Shipment:read",
        ),
    ),
    Feature(
        "erp",
        "ERP fulfilment and catalog push (seed 002)",
        command="erp apply, erp orders export",
        operations=(
            *centra_bridge.erp.CATALOG_OPERATIONS,
            *centra_bridge.erp.OPERATIONS,
            "Events",
            "SetEventListeners",
            "ConfirmEvents",
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class FeatureReadiness:
    name: str
    title: str
    command: str
    granted: tuple[str, ...]
    missing: tuple[str, ...]
    unverified: tuple[str, ...]  # behind a missing permission, or written only when used

    @property
    def status(self) -> str:
        """``ready``, ``blocked`` (something is missing) or ``unverified``."""
        if self.missing:
            return "blocked"
        return "unverified" if self.unverified else "ready"


@dataclass(frozen=True, slots=True)
class Readiness:
    endpoint: str
    centra_version: str | None
    rate_limits: list[dict[str, Any]] = field(default_factory=list)  # Centra's rateLimits rows
    features: list[FeatureReadiness] = field(default_factory=list)

    def feature(self, name: str) -> FeatureReadiness:
        return next(f for f in self.features if f.name == name)

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(sorted({p for f in self.features for p in f.missing}))


def readiness(client: CentraClient, *, built_only: bool = True) -> Readiness:
    """Probe the token (side-effect-free queries) and sort each feature's permissions;
    ``built_only`` leaves out features no command uses yet (a verdict on them misleads)."""
    limits = client.read_rate_limits() or []  # first: the budget then needs no read of its own
    report = probe_permissions(client)
    features = []
    for feature in FEATURES:
        if built_only and not feature.command:
            continue
        by_status: dict[str, list[str]] = {"granted": [], "missing": [], "unverified": []}
        for permission in feature.permissions:
            by_status[report.status(permission)].append(permission)
        features.append(
            FeatureReadiness(
                feature.name,
                feature.title,
                feature.command,
                tuple(by_status["granted"]),
                tuple(by_status["missing"]),
                tuple(by_status["unverified"]),
            )
        )
    return Readiness(client.endpoint, client.last_extensions.app_version, limits, features)
