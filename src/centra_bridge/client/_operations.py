"""The client's GraphQL operations, from ``operations/*.graphql`` files.

Each operation is sent with the text of its file, plus the fragments of ``fragments.graphql``
that it uses (fragments shared by several files live there once).

Tests validate every file against the emulator's SDL, so client and emulator cannot drift.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from graphql import FragmentDefinitionNode, OperationDefinitionNode, parse, print_ast

SHARED_FRAGMENTS = "fragments.graphql"
_SPREAD = re.compile(r"\.\.\.\s*([_A-Za-z]\w*)")

OPERATIONS_DIR = Path(__file__).parent / "operations"

__all__ = ["OPERATIONS_DIR", "operation_document", "operation_names"]


def _with_shared(text: str, shared: dict[str, str]) -> str:
    """``text`` plus the shared fragments it spreads without defining, and theirs in turn."""
    defined = set(re.findall(r"fragment\s+(\w+)", text))
    missing = [n for n in _SPREAD.findall(text) if n in shared and n not in defined]
    while missing:
        name = missing.pop()
        if name not in defined:
            defined.add(name)
            text += "\n" + shared[name]
            missing += [n for n in _SPREAD.findall(shared[name]) if n in shared]
    return text


@functools.cache
def _documents() -> dict[str, str]:
    shared = {
        d.name.value: print_ast(d)
        for d in parse((OPERATIONS_DIR / SHARED_FRAGMENTS).read_text(encoding="utf-8")).definitions
        if isinstance(d, FragmentDefinitionNode)
    }
    documents: dict[str, str] = {}
    for path in sorted(OPERATIONS_DIR.glob("*.graphql")):
        if path.name == SHARED_FRAGMENTS:
            continue
        text = _with_shared(path.read_text(encoding="utf-8"), shared)
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
