"""Which permissions an operation needs, and which of them a token has.

An operation needs exactly the permissions of the fields it selects: we read them from the
SDL's ``Required permission: X`` annotations, so the list cannot go stale.

A denied field that is non-null (``orders: [Order!]!``) nulls its parent, up to the whole
answer, and the server stops resolving its siblings: one probe names one denied permission of
each such chain. So the probe is sent again without the denied fields until no new denial comes
back; a token with every permission costs one request.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from centra_bridge.centra import required_permission, schema
from centra_bridge.client._client import CentraClient, Response
from centra_bridge.client._operations import operation_document
from centra_bridge.errors import InvalidResponseError, permission_from_message

if TYPE_CHECKING:
    from graphql import DocumentNode, FieldNode, InlineFragmentNode

# graphql-core is imported where it is used: the client loads with every command, and most of
# them (the sync among them) never plan an operation against the SDL (0.08 s at every start).

__all__ = ["PermissionReport", "operation_permissions", "probe_permissions"]


@functools.cache
def operation_permissions(operation: str) -> frozenset[str]:
    """Every permission the fields selected by ``operation`` require."""
    from graphql import TypeInfo, TypeInfoVisitor, Visitor, parse, visit

    info = TypeInfo(schema())
    found: set[str] = set()

    class _Collect(Visitor):
        def enter_field(self, _node: FieldNode, *_: object) -> None:
            field = info.get_field_def()
            if field and (permission := required_permission(field.description)):
                found.add(permission)

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


MAX_PROBES = 40  # each probe but the last names a new denied permission; a safety bound


def probe_permissions(client: CentraClient) -> PermissionReport:
    """Send the side-effect-free probe, again without each denied field, until every permission
    the probe touches is known; read the answers' errors and extensions."""
    from graphql import parse, print_ast

    document = parse(operation_document("PermissionProbe"))
    missing: set[str] = set()
    checked: set[str] = set()
    for _ in range(MAX_PROBES):
        response = client.query(
            print_ast(document), operation_name="PermissionProbe", allow_errors=True
        )
        _require_centra(client, response)
        checked |= set(response.extensions.permissions_used)
        denied = [e for e in response.errors if e.category == "authorization"]
        missing |= {p for e in denied if (p := permission_from_message(e.message))}
        paths = {tuple(str(step) for step in e.path if isinstance(step, str)) for e in denied}
        pruned = _without(document, paths - {()})
        if not denied or pruned is None or print_ast(pruned) == print_ast(document):
            break
        document = pruned
    return PermissionReport(granted=frozenset(checked - missing), missing=frozenset(missing))


def _require_centra(client: CentraClient, response: Response) -> None:
    """Centra answers every request with ``extensions.permissionsUsed``; another GraphQL
    server does not, and without this check would pass as a token with nothing verified."""
    if "permissionsUsed" in response.extensions.raw or any(
        e.category == "authorization" for e in response.errors
    ):
        return
    said = f" (it answered: {response.errors[0].message})" if response.errors else ""
    msg = f"{client.endpoint} answers GraphQL but does not look like Centra's Integration API{said}"
    raise InvalidResponseError(
        msg, hint="Use your shop's Integration API URL: https://<shop>.centra.com/graphql."
    )


def _response_key(node: FieldNode) -> str:
    return node.alias.value if node.alias else node.name.value


def _without(document: DocumentNode, paths: set[tuple[str, ...]]) -> DocumentNode | None:
    """``document`` without the fields at these response paths (list indices left out) and
    without selections left empty; None when nothing remains to ask."""
    from graphql import REMOVE, DocumentNode, FieldNode, OperationDefinitionNode, Visitor, visit

    class _Prune(Visitor):
        def enter_field(self, node: FieldNode, *args: Any) -> Any:
            ancestors = args[-1]
            keys = [_response_key(a) for a in ancestors if isinstance(a, FieldNode)]
            return REMOVE if (*keys, _response_key(node)) in paths else None

        def leave_field(self, node: FieldNode, *_: Any) -> Any:
            emptied = node.selection_set is not None and not node.selection_set.selections
            return REMOVE if emptied else None

        def leave_inline_fragment(self, node: InlineFragmentNode, *_: Any) -> Any:
            return None if node.selection_set.selections else REMOVE

    pruned = cast(DocumentNode, visit(document, _Prune()))
    operations = [d for d in pruned.definitions if isinstance(d, OperationDefinitionNode)]
    return pruned if operations and operations[0].selection_set.selections else None
