"""The catalog push: ``plan_catalog`` says what a directory of ERP files would change in Centra,
``apply_catalog`` changes it, in dependency order, sending nothing for unchanged rows.

Apply is safe to kill and run again: every create either maps its ERP id in the same mutation
(``externalId`` on the create input) or is found again by its natural key on the next run, and
every other mutation sets a state (an absolute stock level, a product's prices, a field's value)
rather than adding to one; deliveries, which do add, are recognised by their description.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from centra_bridge.erp._catalog_b2b import plan_b2b, read_b2b
from centra_bridge.erp._catalog_files import CATALOG_FILES, Invalid, read_catalog
from centra_bridge.erp._catalog_levels import plan_deliveries, plan_displays, plan_stock
from centra_bridge.erp._catalog_model import (
    ApplyReport,
    Carried,
    EntityReport,
    Plan,
    Step,
    Unresolved,
    resolve,
)
from centra_bridge.erp._catalog_plan import Planner
from centra_bridge.erp._catalog_prices import (
    Alterations,
    plan_alterations,
    plan_prices,
    read_alterations,
)
from centra_bridge.erp._catalog_products import plan_products, plan_sizes, plan_variants
from centra_bridge.erp._catalog_state import read_centra
from centra_bridge.erp._ledger import repeatable
from centra_bridge.erp._options import open_store
from centra_bridge.errors import UserErrorsError

if TYPE_CHECKING:
    from centra_bridge.client import CentraClient
    from centra_bridge.erp._options import ErpOptions

__all__ = ["CATALOG_ENTITIES", "apply_catalog", "plan_catalog"]

CATALOG_ENTITIES = tuple(CATALOG_FILES)
_MAP_BATCH = 100


def _planner(client: CentraClient, options: ErpOptions, directory: Path) -> tuple[Planner, Plan]:
    files = read_catalog(directory)
    centra = read_centra(
        client, prices="prices" in files.rows, deliveries="stock_deliveries" in files.rows
    )
    alterations = Alterations(None)
    if "price_alterations" in files.rows:
        wanted = [
            (r.get("alteration_id"), r.get("name"), centra.store_id(r.get("store")),
             r.get("start_date")[:10])
            for r in files.rows["price_alterations"]
        ]  # fmt: skip
        alterations = read_alterations(client, open_store(options), wanted)
    b2b = read_b2b(client, set(files.rows))
    planner = Planner(files, centra)
    planner.size_charts()
    planner.warehouses_()
    planner.pricelists_()
    plan_products(planner)
    plan_variants(planner)
    plan_sizes(planner)
    plan_displays(planner)
    plan_prices(planner)
    plan_alterations(planner, alterations)
    plan_b2b(planner, b2b)
    plan_stock(planner)
    plan_deliveries(planner)
    entities = [planner.plans[e] for e in CATALOG_ENTITIES if e in files.rows]
    plan = Plan(str(directory), entities, files.ignored_columns, files.bad)
    return planner, plan


def plan_catalog(client: CentraClient, options: ErpOptions, directory: Path) -> Plan:
    """What applying ``directory`` would do, per entity; reads Centra, changes nothing."""
    return _planner(client, options, directory)[1]


def _dig(data: Any, path: tuple[str | int, ...]) -> int:
    for part in path:
        data = data[part]
    return int(data)


@dataclass
class _Run:
    client: CentraClient
    ids: dict[tuple[str, str], int]
    reports: dict[str, EntityReport]
    mutations: int = 0

    def fail(self, rows: list[Carried], reason: str, hint: str) -> None:
        for entity, key, row, _kind in rows:
            report = self.reports[entity]
            report.failed.append(Invalid(row.file, row.line, None, "", key, reason, hint))

    def done(self, rows: list[Carried]) -> None:
        for entity, _key, _row, kind in rows:
            report = self.reports[entity]
            if kind == "create":
                report.created += 1
            else:
                report.updated += 1

    def variables(self, step: Step) -> dict[str, Any] | None:
        if step.wrap is None:
            try:
                return dict(resolve(step.variables, self.ids))
            except Unresolved as missing:
                self.fail(step.rows, _missing(missing), "it is applied once that is created")
                return None
        resolved, carried = [], []
        for item, rows in step.items:
            try:
                resolved.append(resolve(item, self.ids))
                carried += rows
            except Unresolved as missing:
                self.fail(rows, _missing(missing), "it is applied once that is created")
        step.rows = carried
        if not resolved:
            return None
        try:
            return dict(resolve(step.wrap(resolved), self.ids))
        except Unresolved as missing:
            self.fail(carried, _missing(missing), "it is applied once that is created")
            return None

    def send(self, step: Step) -> None:
        variables = self.variables(step)
        if variables is None:
            return
        if step.before is not None:
            step.before()
        self.mutations += 1
        try:
            data = self.client.mutate(
                step.operation, variables, step.payload, repeatable=repeatable(step.operation)
            )
        except UserErrorsError as refused:
            reason = f"Centra refused it: {refused.messages}"
            self.fail(step.rows, reason, "fix the row, then apply again")
            return
        if step.creates is not None:
            self.ids[step.creates] = _dig(data, step.created_at)
            if step.after is not None:
                step.after(self.ids[step.creates])
            if step.map_after:
                object_type, key = step.creates
                entry: dict[str, Any] = {"objectType": object_type, "externalId": key}
                entry["internalId"] = self.ids[step.creates]
                self.mutations += 1
                self.client.mutate("ErpSetIdConversions", {"input": [entry]}, "setIdConversions")
        for object_type, key, path in step.nested:
            self.ids[(object_type, key)] = _dig(data, path)
        self.done(step.rows)


def _missing(missing: Unresolved) -> str:
    return f"its {missing.ref.object_type} {missing.ref.key} was not created"


def apply_catalog(client: CentraClient, options: ErpOptions, directory: Path) -> ApplyReport:
    """Carry out the plan of ``directory``: map what Centra holds unmapped, then create and
    update size charts, warehouses, pricelists, products, variants, sizes, displays, prices
    and stock, in that order. Rows the plan refused, and rows whose object could not be made,
    are reported; the others go through."""
    started = time.monotonic()
    planner, plan = _planner(client, options, directory)
    reports = {e.entity: EntityReport(e.entity, unchanged=e.unchanged) for e in plan.entities}
    run = _Run(client, dict(planner.ids), reports)
    for start in range(0, len(planner.maps), _MAP_BATCH):
        chunk = planner.maps[start : start + _MAP_BATCH]
        entries = [{"objectType": t, "externalId": k, "internalId": i} for t, k, i in chunk]
        run.mutations += 1
        client.mutate("ErpSetIdConversions", {"input": entries}, "setIdConversions")
    for entity in plan.entities:
        reports[entity.entity].mapped = len(entity.found)
    for step in planner.steps:
        run.send(step)
    invalid = [i for e in plan.entities for i in e.invalid] + plan.not_rows
    return ApplyReport(
        str(directory),
        list(reports.values()),
        invalid,
        run.mutations,
        round(time.monotonic() - started, 3),
        plan.ignored_columns,
    )
