"""GraphQL operations by name, from the ``operations/*.graphql`` directories of the packages.

The client's own operations (the permission probe, rate limits) live in ``client/operations``;
each feature package registers its own directory when it is imported
(``register_operations(Path(__file__).parent / "operations")``). Each operation is sent with the
text of its file, plus the fragments of any ``fragments.graphql`` that it uses (fragments shared
by several files live there once).

Tests validate every registered file against the SDL in ``centra_bridge.centra``, so client and
emulator cannot drift.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from pathlib import Path

SHARED_FRAGMENTS = "fragments.graphql"
_SPREAD = re.compile(r"\.\.\.\s*([_A-Za-z]\w*)")
# What delimits a document's top-level definitions: comments and strings (skipped: they may
# hold braces), braces, and each definition's keyword and name.
_TOKEN = re.compile(
    r'#[^\n]*|"(?:\\.|[^"\\])*"|[{}]|\b(query|mutation|subscription|fragment)\s+([_A-Za-z]\w*)'
)

OPERATIONS_DIR = Path(__file__).parent / "operations"
_DIRECTORIES: list[Path] = [OPERATIONS_DIR]

__all__ = ["OPERATIONS_DIR", "operation_document", "operation_names", "register_operations"]


def register_operations(directory: Path) -> None:
    """Make the operations in ``directory`` available by name (idempotent)."""
    if directory not in _DIRECTORIES:
        _DIRECTORIES.append(directory)
        _documents.cache_clear()


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


def _definitions(text: str) -> Iterator[tuple[str, str, str]]:
    """Keyword, name and text of each named top-level definition of the GraphQL document
    ``text``. A scan rather than graphql-core's parser: that import and parse would cost every
    command 0.1 s before its first request (tests check the scan against the parser)."""
    depth, head = 0, None
    for token in _TOKEN.finditer(text):
        if token.group(1) and depth == 0:
            head = token
        elif token.group() == "{":
            depth += 1
        elif token.group() == "}":
            depth -= 1
            if depth == 0 and head is not None:
                yield head.group(1), head.group(2), text[head.start() : token.end()]
                head = None


@functools.cache
def _documents() -> dict[str, str]:
    shared = {
        name: definition
        for directory in _DIRECTORIES
        if (directory / SHARED_FRAGMENTS).exists()
        for keyword, name, definition in _definitions(
            (directory / SHARED_FRAGMENTS).read_text(encoding="utf-8")
        )
        if keyword == "fragment"
    }
    documents: dict[str, str] = {}
    for directory in _DIRECTORIES:
        for path in sorted(directory.glob("*.graphql")):
            if path.name == SHARED_FRAGMENTS:
                continue
            text = _with_shared(path.read_text(encoding="utf-8"), shared)
            for keyword, name, _ in _definitions(text):
                if keyword != "fragment":
                    if name in documents:
                        msg = f"Operation {name} is defined twice ({path})"
                        raise ValueError(msg)
                    documents[name] = text
    return documents


def operation_names() -> list[str]:
    return sorted(_documents())


def operation_document(name: str) -> str:
    """The text of the file defining operation ``name``."""
    try:
        return _documents()[name]
    except KeyError:
        known = ", ".join(operation_names())
        msg = (
            f"No operation named {name!r} in {', '.join(map(str, _DIRECTORIES))}; known: {known} "
            "(is the package that owns it imported?)"
        )
        raise KeyError(msg) from None
