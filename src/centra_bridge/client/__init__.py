"""A client for Centra's Integration GraphQL API.

>>> from centra_bridge.client import CentraClient
>>> with CentraClient("https://shop.centra.com/graphql", token) as client:
...     orders = client.execute("Orders", {"limit": 10, "page": 1}).data["orders"]
"""

from centra_bridge.client._budget import RateBudget
from centra_bridge.client._client import CentraClient, Extensions, Response, parse_retry_after
from centra_bridge.client._operations import (
    OPERATIONS_DIR,
    operation_document,
    operation_names,
    register_operations,
)
from centra_bridge.client._options import ClientOptions
from centra_bridge.client._permissions import (
    PermissionReport,
    operation_permissions,
    probe_permissions,
)

__all__ = [
    "OPERATIONS_DIR",
    "CentraClient",
    "ClientOptions",
    "Extensions",
    "PermissionReport",
    "RateBudget",
    "Response",
    "operation_document",
    "operation_names",
    "operation_permissions",
    "parse_retry_after",
    "probe_permissions",
    "register_operations",
]
