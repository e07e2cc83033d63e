"""A client for Centra's Integration GraphQL API.

>>> from centra_bridge.client import CentraClient
>>> with CentraClient("https://shop.centra.com/graphql", token) as client:
...     orders = client.execute("Orders", {"limit": 10, "page": 1}).data["orders"]
"""

from centra_bridge.client._budget import TIERS, RateBudget, Tier
from centra_bridge.client._client import CentraClient, Extensions, Response, parse_retry_after
from centra_bridge.client._operations import OPERATIONS_DIR, operation_document, operation_names
from centra_bridge.client._permissions import (
    FEATURES,
    Feature,
    PermissionReport,
    operation_permissions,
    probe_permissions,
)
from centra_bridge.client._webhooks import (
    WebhookSignatureError,
    parse_webhook,
    sign_webhook,
    verify_webhook,
)

__all__ = [
    "FEATURES",
    "OPERATIONS_DIR",
    "TIERS",
    "CentraClient",
    "Extensions",
    "Feature",
    "PermissionReport",
    "RateBudget",
    "Response",
    "Tier",
    "WebhookSignatureError",
    "operation_document",
    "operation_names",
    "operation_permissions",
    "parse_retry_after",
    "parse_webhook",
    "probe_permissions",
    "sign_webhook",
    "verify_webhook",
]
