"""Centra's Integration API contract as data, without I/O: the schema (SDL) and its permission
annotations, the rate-limit tiers and buckets, and webhook signatures.

Both the client and the emulator build on it; neither imports the other.
"""

from centra_bridge.centra._rates import (
    COMPLEXITY,
    MUTATIONS,
    REQUESTS,
    TIERS,
    WINDOWS,
    Tier,
    TokenBucket,
)
from centra_bridge.centra._schema import SCHEMA_DIR, required_permission, schema, schema_sdl
from centra_bridge.centra._webhooks import (
    WebhookSignatureError,
    parse_webhook,
    sign_webhook,
    verify_webhook,
)

__all__ = [
    "COMPLEXITY",
    "MUTATIONS",
    "REQUESTS",
    "SCHEMA_DIR",
    "TIERS",
    "WINDOWS",
    "Tier",
    "TokenBucket",
    "WebhookSignatureError",
    "parse_webhook",
    "required_permission",
    "schema",
    "schema_sdl",
    "sign_webhook",
    "verify_webhook",
]
