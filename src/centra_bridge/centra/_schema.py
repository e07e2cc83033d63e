"""Our description of Centra's Integration API schema: the SDL files in ``schema/``.

The client validates and plans its operations against it, the emulator serves it. Fields are
annotated as Centra's schema pages annotate them: ``Required permission: X``.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from graphql import GraphQLSchema

__all__ = ["SCHEMA_DIR", "required_permission", "schema", "schema_sdl"]

SCHEMA_DIR = Path(__file__).parent / "schema"
_PERMISSION = re.compile(r"Required permission: (\S+)")


def schema_sdl() -> str:
    """Every SDL file, joined: one document."""
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(SCHEMA_DIR.glob("*.graphql")))


@functools.cache
def schema() -> GraphQLSchema:
    # graphql-core loads here, on first use: the sync never needs it (0.08 s at every start).
    from graphql import build_schema

    return build_schema(schema_sdl())


def required_permission(description: str | None) -> str | None:
    """The permission a field's description says it needs, if any."""
    match = _PERMISSION.search(description or "")
    return match.group(1) if match else None
