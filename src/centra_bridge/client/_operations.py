"""The client's GraphQL operations, one named operation per ``operations/*.graphql`` file.

Tests validate every file against the emulator's SDL, so client and emulator cannot drift.
"""

from __future__ import annotations

import functools
from pathlib import Path

from graphql import OperationDefinitionNode, parse

OPERATIONS_DIR = Path(__file__).parent / "operations"

__all__ = ["OPERATIONS_DIR", "operation_document", "operation_names"]


@functools.cache
def _documents() -> dict[str, str]:
    documents: dict[str, str] = {}
    for path in sorted(OPERATIONS_DIR.glob("*.graphql")):
        text = path.read_text(encoding="utf-8")
        for definition in parse(text).definitions:
            if isinstance(definition, OperationDefinitionNode) and definition.name:
                documents[definition.name.value] = text
    return documents


def operation_names() -> list[str]:
    return sorted(_documents())


def operation_document(name: str) -> str:
    """The text of the file defining operation ``name``."""
    try:
        return _documents()[name]
    except KeyError:
        known = ", ".join(operation_names())
        msg = f"No operation named {name!r} in {OPERATIONS_DIR}; known: {known}"
        raise KeyError(msg) from None
