"""What a catalog push plans and what it did: dataclasses that the CLI renders and tests read.

The planner also leaves work for ``apply``: mutation inputs whose references to objects not yet
created are ``Ref``s (the object type and the ERP id), resolved to Centra ids when it is their
turn, so that a product created a moment before is referred to by the id Centra just gave it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from centra_bridge.erp._catalog_files import CatalogRow, Invalid

__all__ = [
    "ApplyReport",
    "Carried",
    "Change",
    "EntityPlan",
    "EntityReport",
    "FieldChange",
    "Plan",
    "Ref",
    "Step",
    "Unresolved",
    "resolve",
]


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: str | None  # None: the object is new
    new: str


@dataclass(frozen=True, slots=True)
class Change:
    """One row that sends something: created, or updated in the fields listed."""

    key: str
    where: str
    fields: tuple[FieldChange, ...]


@dataclass
class EntityPlan:
    entity: str
    create: list[Change] = field(default_factory=list)
    update: list[Change] = field(default_factory=list)
    unchanged: int = 0
    invalid: list[Invalid] = field(default_factory=list)
    # ERP ids found in Centra without a mapping (by product number, SKU, name): apply maps them
    # instead of creating a second object.
    found: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return len(self.create) + len(self.update)


@dataclass
class Plan:
    directory: str
    entities: list[EntityPlan]
    ignored_columns: dict[str, list[str]]
    not_rows: list[Invalid]

    @property
    def changes(self) -> int:
        return sum(e.changes for e in self.entities)

    @property
    def invalid(self) -> int:
        return sum(len(e.invalid) for e in self.entities) + len(self.not_rows)

    def entity(self, name: str) -> EntityPlan:
        return next(e for e in self.entities if e.entity == name)


@dataclass
class EntityReport:
    entity: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    mapped: int = 0  # found in Centra by natural key and mapped
    failed: list[Invalid] = field(default_factory=list)  # Centra refused, or a dependency did


@dataclass
class ApplyReport:
    directory: str
    entities: list[EntityReport]
    invalid: list[Invalid]  # refused before sending anything (the plan's)
    mutations: int
    seconds: float
    ignored_columns: dict[str, list[str]]

    @property
    def failed(self) -> int:
        return sum(len(e.failed) for e in self.entities)

    def entity(self, name: str) -> EntityReport:
        return next(e for e in self.entities if e.entity == name)


# -- work for apply -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ref:
    """An object by ERP id; ``bare`` gives the id itself instead of ``{id: ...}``."""

    object_type: str
    key: str
    bare: bool = False


class Unresolved(Exception):  # noqa: N818 (a signal between planner and apply, never raised out)
    def __init__(self, ref: Ref) -> None:
        super().__init__(f"{ref.object_type} {ref.key}")
        self.ref = ref


def resolve(value: Any, ids: dict[tuple[str, str], int]) -> Any:
    """``value`` with every ``Ref`` replaced by its Centra id; ``Unresolved`` when one has none
    (its create failed or was refused)."""
    if isinstance(value, Ref):
        found = ids.get((value.object_type, value.key))
        if found is None:
            raise Unresolved(value)
        return found if value.bare else {"id": found}
    if isinstance(value, dict):
        return {k: resolve(v, ids) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, ids) for v in value]
    if isinstance(value, tuple):  # a batch item: (alteration, pricelist, price)
        return tuple(resolve(v, ids) for v in value)
    return value


Carried = tuple[str, str, CatalogRow, str]  # (entity, ERP id, row, create|update|map)


@dataclass
class Step:
    """One mutation: what to send, the rows it carries (all fail together), the ERP id it
    creates (its Centra id read from the answer at ``created_at``) and the nested objects
    created with it (object type, ERP id, path to their id in the answer).

    A batch step's ``items`` are resolved one by one: an item whose object was not created is
    left out (its rows fail) and ``wrap`` makes the variables of the rest."""

    operation: str
    variables: dict[str, Any]
    payload: str
    rows: list[Carried]
    creates: tuple[str, str] | None = None
    created_at: tuple[str | int, ...] = ()
    nested: list[tuple[str, str, tuple[str | int, ...]]] = field(default_factory=list)
    items: list[tuple[Any, list[Carried]]] = field(default_factory=list)
    wrap: Callable[[list[Any]], dict[str, Any]] | None = None
    # For objects Centra cannot map (price alterations): note the intent before sending,
    # remember the new id after.
    before: Callable[[], None] | None = None
    after: Callable[[int], None] | None = None
    # Creates whose input takes no externalId: map the new id with setIdConversions at once.
    map_after: bool = False
