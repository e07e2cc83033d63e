"""Which permissions each feature needs, and which of them a token has.

A feature built on our own operations needs exactly the permissions those operations touch: we
read them from the SDL's ``Required permission: X`` annotations, so the list cannot go stale.
Features not built yet list what the integrators in ``shared/seeds`` ask for.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from graphql import (
    FieldNode,
    GraphQLSchema,
    TypeInfo,
    TypeInfoVisitor,
    Visitor,
    build_schema,
    parse,
    visit,
)

from centra_bridge.client._client import CentraClient
from centra_bridge.client._operations import operation_document
from centra_bridge.errors import permission_from_message

__all__ = ["FEATURES", "Feature", "PermissionReport", "operation_permissions", "probe_permissions"]

# Our description of Centra's schema; the emulator serves the same files.
SCHEMA_DIR = Path(__file__).parents[1] / "emulator" / "schema"
_PERMISSION = re.compile(r"Required permission: (\S+)")


@dataclass(frozen=True, slots=True)
class Feature:
    name: str
    title: str
    operations: tuple[str, ...] = ()
    listed: tuple[str, ...] = ()  # from the seeds, for features whose operations come later

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
        operations=(
            "Orders",
            "OrderCount",
            "Customers",
            "Products",
            "Reference",
            "Stock",
            "Prices",
            "StockChanges",
        ),
    ),
    Feature(
        "events",
        "Near-real-time sync through events (else polling)",
        operations=("Events", "SetEventListeners", "ConfirmEvents"),
    ),
    Feature(
        "invitations",
        "Review invitations (seed 000, Lipscore)",
        listed=(
            "Market:read",
            "Order.billingAddress:read",
            "Order.shippingAddress:read",
            "Order:read",
            "OrderHistory:read",
            "PaymentHistory:read",
            "Product:read",
            "ProductVariant:read",
            "Return:read",
            "Shipment:read",
            "Store:read",
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
        "ERP middleware (seed 002)",
        listed=(
            "Order:read",
            "Order:write",
            "Order.isLocked:write",
            "Product:read",
            "Product:write",
            "Shipment:read",
            "Shipment:write",
            "Return:read",
            "Return:write",
            "StockChange:write",
            "Price:write",
            "Event:read",
            "Event:write",
        ),
    ),
)


@functools.cache
def _schema() -> GraphQLSchema:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SCHEMA_DIR.glob("*.graphql")))
    return build_schema(text)


@functools.cache
def operation_permissions(operation: str) -> frozenset[str]:
    """Every permission the fields selected by ``operation`` require."""
    schema = _schema()
    info = TypeInfo(schema)
    found: set[str] = set()

    class _Collect(Visitor):
        def enter_field(self, _node: FieldNode, *_: object) -> None:
            field = info.get_field_def()
            if field and (match := _PERMISSION.search(field.description or "")):
                found.add(match.group(1))

    document = parse(operation_document(operation))
    visit(document, TypeInfoVisitor(info, _Collect()))
    return frozenset(found)


@dataclass(frozen=True, slots=True)
class PermissionReport:
    """What one probe learned: ``granted`` and ``missing`` are certain, the rest unknown."""

    granted: frozenset[str]
    missing: frozenset[str]

    def status(self, permission: str) -> str:
        if permission in self.missing:
            return "missing"
        if permission in self.granted:
            return "granted"
        return "unverified"


def probe_permissions(client: CentraClient) -> PermissionReport:
    """Send the side-effect-free probe query and read the answer's errors and extensions."""
    response = client.execute("PermissionProbe", allow_errors=True)
    missing = {
        permission
        for error in response.errors
        if error.category == "authorization"
        and (permission := permission_from_message(error.message))
    }
    checked = set(response.extensions.permissions_used)
    return PermissionReport(granted=frozenset(checked - missing), missing=frozenset(missing))
