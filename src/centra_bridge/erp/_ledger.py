"""What the ERP flows remember, and where.

- In Centra, with ID conversion (per integration name, the token's): which ERP shipment or
  return became which Centra object. Centra's copy is the truth: a second machine, or a lost
  state store, never applies an ERP id twice.
- In the state store: the intent written *before* each create (the objects the new one will be
  among, and what it will hold). A crash between Centra's create and ``setIdConversions``
  leaves a created object without its mapping; the next run finds the intent, recognises the
  object (new since the intent, unmapped, the same lines: the order is locked, so nobody else
  made it) and maps it instead of creating a second one.
- Leases, one per order while rows of it are applied, so that two imports never apply the same
  rows at the same moment.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from centra_bridge import state

if TYPE_CHECKING:
    from centra_bridge.client import CentraClient
    from centra_bridge.erp._options import ErpOptions
    from centra_bridge.state import StateStore

__all__ = ["Ledger", "repeatable"]

_PAGE = 200

# Mutations whose second application is a second object or a second change (the rest set a
# state, and may be sent again when an answer is lost).
_ONCE = frozenset({"ErpChangeStock", "ErpCancelLines", "ErpCaptureShipment"})


def repeatable(operation: str) -> bool:
    """Whether the client may send ``operation`` again after losing its answer."""
    return not operation.startswith("ErpCreate") and operation not in _ONCE


class Ledger:
    def __init__(self, client: CentraClient, store: StateStore, options: ErpOptions) -> None:
        self.client, self.store, self.options = client, store, options
        self.holder = uuid.uuid4().hex
        self.mutations = 0
        self._by_external: dict[str, dict[str, int | None]] = {}
        self._by_internal: dict[str, dict[int, str]] = {}
        self._loaded: dict[str, set[int]] = {}

    def mutate(self, operation: str, variables: dict[str, Any], payload: str) -> dict[str, Any]:
        self.mutations += 1
        return self.client.mutate(operation, variables, payload, repeatable=repeatable(operation))

    # -- ID conversion -----------------------------------------------------------------------

    def _entries(self, where: dict[str, Any]) -> list[dict[str, Any]]:
        pages = self.client.pages("ErpIdConversions", "idConversions", {"where": where}, size=_PAGE)
        return [entry for items, _ in pages for entry in items]

    def _cache(self, object_type: str, entries: list[dict[str, Any]]) -> None:
        by_external = self._by_external.setdefault(object_type, {})
        by_internal = self._by_internal.setdefault(object_type, {})
        for entry in entries:
            by_external[entry["externalId"]] = int(entry["internalId"])
            by_internal[int(entry["internalId"])] = entry["externalId"]

    def load(self, object_type: str, internal_ids: Iterable[int]) -> None:
        """Read the ERP ids of these Centra objects (a page per 200): one read for a file's
        worth of orders, instead of one per row."""
        loaded = self._loaded.setdefault(object_type, set())
        wanted = sorted(set(internal_ids) - loaded)
        for start in range(0, len(wanted), _PAGE):
            chunk = wanted[start : start + _PAGE]
            self._cache(
                object_type, self._entries({"objectType": [object_type], "internalId": chunk})
            )
            loaded.update(chunk)

    def internal(self, object_type: str, external_id: str) -> int | None:
        """The Centra id the ERP id was mapped to (asked once, then remembered)."""
        known = self._by_external.setdefault(object_type, {})
        if external_id not in known:
            where = {"objectType": [object_type], "externalId": {"equals": external_id}}
            entries = self._entries(where)
            self._cache(object_type, entries)
            known.setdefault(external_id, None)
        return known[external_id]

    def matching(self, object_type: str, text: str) -> dict[str, int]:
        """Every mapped ERP id containing ``text``, with its Centra id."""
        entries = self._entries({"objectType": [object_type], "externalId": {"contains": text}})
        self._cache(object_type, entries)
        return {e["externalId"]: int(e["internalId"]) for e in entries}

    def mapped(self, object_type: str) -> dict[str, int]:
        """The mappings read so far (by ``load``, ``internal`` or ``matching``)."""
        known = self._by_external.get(object_type, {})
        return {external: internal for external, internal in known.items() if internal is not None}

    def external(self, object_type: str, internal_id: int) -> str | None:
        self.load(object_type, [internal_id])
        return self._by_internal.get(object_type, {}).get(internal_id)

    def remember(self, object_type: str, external_id: str, internal_id: int) -> None:
        entry = {"externalId": external_id, "internalId": internal_id, "objectType": object_type}
        self.mutate("ErpSetIdConversions", {"input": [entry]}, "setIdConversions")
        self._cache(object_type, [entry])

    # -- creating once -----------------------------------------------------------------------

    def create_once(
        self,
        object_type: str,
        key: str,
        *,
        siblings: list[dict[str, Any]],
        same: Callable[[dict[str, Any]], bool],
        create: Callable[[], dict[str, Any]],
    ) -> tuple[dict[str, Any], bool]:
        """The Centra object for ERP id ``key``, created and mapped once; True when it was
        found created by an earlier run that died before mapping it. ``siblings`` are the
        objects it is created among (the order's shipments, the shipment's returns)."""
        scope = f"erp.{object_type.lower()}s"
        intent = self.store.fact(scope, key)
        found = None
        if intent and intent.get("state") == "creating":
            known = set(intent["known"])
            self.load(object_type, [s["id"] for s in siblings])
            found = next(
                (
                    s
                    for s in siblings
                    if s["id"] not in known
                    and self.external(object_type, s["id"]) is None
                    and same(s)
                ),
                None,
            )
        created = found
        if created is None:
            self.store.set_fact(
                scope, key, {"state": "creating", "known": [s["id"] for s in siblings]}
            )
            created = create()
        self.remember(object_type, key, int(created["id"]))
        self.store.set_fact(scope, key, {"state": "mapped", "id": int(created["id"])})
        return created, found is not None

    # -- one import at a time per order ------------------------------------------------------

    @contextmanager
    def applying(self, order_number: int) -> Iterator[bool]:
        """Hold the order's lease while its rows are applied; False when another import
        holds it (its rows are refused, to be imported again)."""
        lease = state.Lease(
            self.store, f"erp.apply:{order_number}", ttl=self.options.claim_ttl, holder=self.holder
        )
        held = lease.acquire()
        try:
            yield held
        finally:
            if held:
                lease.release()
