"""Plan a catalog push: the ERP's rows against Centra's state, entity by entity in the order of
apply, each row created, updated (the fields that differ), unchanged or refused with its cell.

A refused row takes what depends on it along (a variant of a refused product, the stock of a
refused size), each naming the refusal it follows from. Objects Centra holds without this
integration's mapping are found by their natural key (size chart, warehouse and pricelist by
name, product by number, variant by number and name within its product, size by variant and
size name, display by product and store) and mapped instead of created again: that is what
makes a push killed between a create and its mapping, or run from a second machine, converge.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from centra_bridge.erp._catalog_files import CatalogFiles, CatalogRow, Invalid
from centra_bridge.erp._catalog_model import Change, EntityPlan, FieldChange, Step
from centra_bridge.erp._catalog_state import CentraCatalog

__all__ = ["Planner"]

_PRODUCT_STATUSES = ("ACTIVE", "INACTIVE", "CANCELLED")
_STATUSES = ("ACTIVE", "INACTIVE")
STOCK_DESCRIPTION = "centra-bridge: ERP stock levels"
DELIVERY_PREFIX = "centra-bridge: ERP delivery "


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float | Decimal):
        return format(Decimal(str(value)).normalize(), "f")
    return str(value)


def _diff(pairs: list[tuple[str, Any, Any]]) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(name, _text(old), _text(new)) for name, old, new in pairs if old != new
    )


def _new(pairs: list[tuple[str, Any]]) -> tuple[FieldChange, ...]:
    return tuple(FieldChange(name, None, _text(value)) for name, value in pairs if value)


@dataclass
class _Variant:
    key: str
    product: str
    number: str
    sizes: list[str]  # the size chart's size names
    centra_id: int | None


@dataclass
class Planner:
    files: CatalogFiles
    centra: CentraCatalog
    plans: dict[str, EntityPlan] = field(default_factory=dict)
    steps: list[Step] = field(default_factory=list)
    ids: dict[tuple[str, str], int] = field(default_factory=dict)
    refused: dict[tuple[str, str], Invalid] = field(default_factory=dict)
    maps: list[tuple[str, str, int]] = field(default_factory=list)  # found by natural key
    charts: dict[str, list[str]] = field(default_factory=dict)
    warehouses: set[str] = field(default_factory=set)
    pricelists: dict[str, str] = field(default_factory=dict)  # key -> currency
    products: dict[str, tuple[str, int | None]] = field(default_factory=dict)  # number, id
    product_names: dict[str, str] = field(default_factory=dict)
    variants: dict[str, _Variant] = field(default_factory=dict)
    # sku -> (variant key, size name, Centra product size or None)
    sizes: dict[str, tuple[str, str, dict[str, Any] | None]] = field(default_factory=dict)
    new_products: dict[str, Step] = field(default_factory=dict)
    new_variants: dict[str, Step] = field(default_factory=dict)  # the step that creates it

    def __post_init__(self) -> None:
        for object_type, mapping in self.centra.conversions.items():
            for key, internal in mapping.items():
                self.ids[(object_type, key)] = internal

    # -- shared checks ---------------------------------------------------------------------

    def _plan(self, entity: str) -> EntityPlan:
        return self.plans.setdefault(entity, EntityPlan(entity))

    def _refuse(
        self, entity: str, row: CatalogRow, column: str, key: str, reason: str, hint: str
    ) -> None:
        invalid = row.invalid(column, key, reason, hint)
        self._plan(entity).invalid.append(invalid)
        if key:
            self.refused.setdefault((entity, key), invalid)

    def _depends(
        self, entity: str, row: CatalogRow, column: str, key: str, on: str, ref: str, noun: str
    ) -> bool:
        """False (and the row refused) when the ``noun`` it refers to was refused or is
        unknown; ``on`` is the entity referred to."""
        if not ref:
            self._refuse(entity, row, column, key, f"no {column}", f"give the row's {noun}")
            return False
        earlier = self.refused.get((on, ref))
        if earlier is not None:
            self._refuse(
                entity,
                row,
                column,
                key,
                f"its {noun} {ref} is refused ({earlier.where})",
                f"fix {earlier.where} first",
            )
            return False
        return True

    def _unknown(
        self, entity: str, row: CatalogRow, column: str, key: str, ref: str, noun: str
    ) -> None:
        self._refuse(
            entity,
            row,
            column,
            key,
            f"unknown {noun} {ref}",
            f"add it to the {noun.replace(' ', '_')}s file, or correct the id",
        )

    def _unique(
        self, entity: str, column: str, keyed: list[tuple[str, CatalogRow]]
    ) -> list[tuple[str, CatalogRow]]:
        """Rows whose key is given once; every row of a key given twice is refused (which of
        them is the truth cannot be told)."""
        counts = Counter(key for key, _ in keyed)
        kept = []
        for key, row in keyed:
            if not key:
                self._refuse(
                    entity, row, column, key, f"no {column}", f"give every row its {column}"
                )
            elif counts[key] > 1:
                lines = [str(r.line) for k, r in keyed if k == key]
                self._refuse(
                    entity,
                    row,
                    column,
                    key,
                    f"duplicate {column} {key} (lines {', '.join(lines)})",
                    "give each its own id, or keep one of the rows",
                )
            else:
                kept.append((key, row))
        return kept

    def _status(
        self, entity: str, row: CatalogRow, key: str, allowed: tuple[str, ...]
    ) -> str | None:
        status = row.get("status").upper() or "ACTIVE"
        if status not in allowed:
            self._refuse(
                entity,
                row,
                "status",
                key,
                f"unknown status {status}",
                f"use {' or '.join(allowed)}",
            )
            return None
        return status

    def _found(self, entity: str, object_type: str, key: str, internal: int) -> None:
        self.maps.append((object_type, key, internal))
        self.ids[(object_type, key)] = internal
        self._plan(entity).found.append(key)

    def _changed(
        self, entity: str, key: str, row: CatalogRow, fields: tuple[FieldChange, ...]
    ) -> bool:
        plan = self._plan(entity)
        if fields:
            plan.update.append(Change(key, row.where, fields))
            return True
        plan.unchanged += 1
        return False

    def _send(
        self,
        entity: str,
        operation: str,
        variables: dict[str, Any],
        payload: str,
        rows: list[tuple[str, CatalogRow]],
        kind: str,
        creates: tuple[str, str] | None = None,
        created_at: tuple[str | int, ...] = (),
    ) -> Step:
        carried = [(entity, key, row, kind) for key, row in rows]
        step = Step(operation, variables, payload, carried, creates, created_at)
        self.steps.append(step)
        return step

    # -- size charts, warehouses, pricelists -----------------------------------------------

    def size_charts(self) -> None:
        rows = self.files.rows.get("size_charts", [])
        self._plan("size_charts")
        for key, row in self._unique(
            "size_charts", "size_chart_id", [(r.get("size_chart_id"), r) for r in rows]
        ):
            name, horizontal, vertical = (
                row.get("name"),
                row.listed("sizes"),
                row.listed("vertical_sizes"),
            )
            divider = row.get("divider") or "x"
            if not name or not horizontal:
                column = "name" if not name else "sizes"
                self._refuse(
                    "size_charts",
                    row,
                    column,
                    key,
                    f"no {column}",
                    "give the chart a name and its sizes, S|M|L",
                )
                continue
            internal = self.centra.internal("SizeChart", key)
            chart = self.centra.size_charts.get(internal) if internal else None
            if chart is None:
                mapped = self.centra.mapped_ids("SizeChart")
                chart = next(
                    (
                        c
                        for c in self.centra.size_charts.values()
                        if c["name"] == name and c["id"] not in mapped
                    ),
                    None,
                )
                if chart is not None:
                    self._found("size_charts", "SizeChart", key, chart["id"])
            if chart is None:
                self.charts[key] = (
                    [f"{h}{divider}{v}" for h in horizontal for v in vertical]
                    if vertical
                    else horizontal
                )
                self._plan("size_charts").create.append(
                    Change(
                        key,
                        row.where,
                        _new(
                            [
                                ("name", name),
                                ("sizes", "|".join(horizontal)),
                                ("vertical_sizes", "|".join(vertical)),
                            ]
                        ),
                    )
                )
                self._send(
                    "size_charts",
                    "ErpCreateSizeChart",
                    {
                        "input": {
                            "name": name,
                            "horizontalLabels": horizontal,
                            "verticalLabels": vertical or None,
                            "dividerSymbol": divider,
                            "externalId": key,
                        }
                    },
                    "createSizeChart",
                    [(key, row)],
                    "create",
                    ("SizeChart", key),
                    ("sizeChart", "id"),
                )
                continue
            self.charts[key] = [s["name"] for s in chart["sizes"]]
            fields = _diff(
                [
                    ("name", chart["name"], name),
                    ("sizes", "|".join(chart["horizontalLabels"]), "|".join(horizontal)),
                    ("vertical_sizes", "|".join(chart["verticalLabels"] or []), "|".join(vertical)),
                ]
            )
            if fields:
                # Centra's update of a chart cannot drop sizes that variants use; the push does not
                # change charts, and its variants keep using Centra's (the chart still exists).
                changed = ", ".join(f.field for f in fields)
                self._plan("size_charts").invalid.append(
                    row.invalid(
                        fields[0].field,
                        key,
                        f"differs from Centra's size chart {chart['id']} in {changed}",
                        "the push does not change size charts: change it in Centra, or give "
                        "the new one its own size_chart_id",
                    )
                )
            else:
                self._plan("size_charts").unchanged += 1
        for key, internal in self.centra.conversions.get("SizeChart", {}).items():
            chart = self.centra.size_charts.get(internal)
            if (
                key not in self.charts
                and chart is not None
                and ("size_charts", key) not in self.refused
            ):
                self.charts[key] = [s["name"] for s in chart["sizes"]]

    def warehouses_(self) -> None:
        rows = self.files.rows.get("warehouses", [])
        self._plan("warehouses")
        for key, row in self._unique(
            "warehouses", "warehouse_id", [(r.get("warehouse_id"), r) for r in rows]
        ):
            name = row.get("name")
            status = self._status("warehouses", row, key, _STATUSES)
            if not name or status is None:
                if not name:
                    self._refuse(
                        "warehouses", row, "name", key, "no name", "give the warehouse a name"
                    )
                continue
            self.warehouses.add(key)
            internal = self.centra.internal("Warehouse", key)
            current = self.centra.warehouses.get(internal) if internal else None
            if current is None:
                mapped = self.centra.mapped_ids("Warehouse")
                current = next(
                    (
                        w
                        for w in self.centra.warehouses.values()
                        if w["name"] == name and w["id"] not in mapped
                    ),
                    None,
                )
                if current is not None:
                    self._found("warehouses", "Warehouse", key, current["id"])
            if current is None:
                self._plan("warehouses").create.append(
                    Change(key, row.where, _new([("name", name), ("status", status)]))
                )
                self._send(
                    "warehouses",
                    "ErpCreateWarehouse",
                    {"input": {"name": name, "status": status, "externalId": key}},
                    "createWarehouse",
                    [(key, row)],
                    "create",
                    ("Warehouse", key),
                    ("warehouse", "id"),
                )
                continue
            pairs: list[tuple[str, Any, Any]] = [("name", current["name"], name)]
            if row.has("status"):
                pairs.append(("status", current["status"], status))
            fields = self._changed("warehouses", key, row, _diff(pairs))
            if fields:
                changes = {"name": name, "status": status if row.has("status") else None}
                self._send(
                    "warehouses",
                    "ErpUpdateWarehouse",
                    {
                        "id": current["id"],
                        "input": {k: v for k, v in changes.items() if v is not None},
                    },
                    "updateWarehouse",
                    [(key, row)],
                    "update",
                )
        for key in self.centra.conversions.get("Warehouse", {}):
            if ("warehouses", key) not in self.refused and self.centra.internal(
                "Warehouse", key
            ) in self.centra.warehouses:
                self.warehouses.add(key)

    def pricelists_(self) -> None:  # noqa: PLR0912, PLR0915 (a refusal per rule)
        rows = self.files.rows.get("pricelists", [])
        self._plan("pricelists")
        for key, row in self._unique(
            "pricelists", "pricelist_id", [(r.get("pricelist_id"), r) for r in rows]
        ):
            name, currency = row.get("name"), row.get("currency").upper()
            store = self.centra.store_id(row.get("store"))
            status = self._status("pricelists", row, key, _STATUSES)
            countries = sorted(c.upper() for c in row.listed("countries"))
            if status is None:
                continue
            if not name:
                self._refuse("pricelists", row, "name", key, "no name", "give the pricelist a name")
                continue
            if store is None:
                self._refuse(
                    "pricelists",
                    row,
                    "store",
                    key,
                    f"unknown store {row.get('store')!r}",
                    "give a store's name or id in Centra",
                )
                continue
            if len(currency) != 3 or not currency.isalpha():
                self._refuse(
                    "pricelists",
                    row,
                    "currency",
                    key,
                    f"currency {currency!r} is not an ISO code",
                    "give the pricelist's currency, e.g. EUR",
                )
                continue
            self.pricelists[key] = currency
            internal = self.centra.internal("Pricelist", key)
            current = self.centra.pricelists.get(internal) if internal else None
            if current is None:
                mapped = self.centra.mapped_ids("Pricelist")
                current = next(
                    (
                        p
                        for p in self.centra.pricelists.values()
                        if p["name"] == name and p["store"]["id"] == store and p["id"] not in mapped
                    ),
                    None,
                )
                if current is not None:
                    self._found("pricelists", "Pricelist", key, current["id"])
            if current is None:
                self._plan("pricelists").create.append(
                    Change(
                        key,
                        row.where,
                        _new(
                            [
                                ("name", name),
                                ("store", store),
                                ("currency", currency),
                                ("status", status),
                                ("countries", "|".join(countries)),
                            ]
                        ),
                    )
                )
                payload: dict[str, Any] = {
                    "name": name,
                    "status": status,
                    "store": {"id": store},
                    "currencyIsoCode": currency,
                    "externalId": key,
                }
                if countries:
                    payload["addCountries"] = [{"code": c} for c in countries]
                self._send(
                    "pricelists",
                    "ErpCreatePricelist",
                    {"input": payload},
                    "createPricelist",
                    [(key, row)],
                    "create",
                    ("Pricelist", key),
                    ("pricelist", "id"),
                )
                continue
            if current["currency"]["code"] != currency or current["store"]["id"] != store:
                column = "currency" if current["currency"]["code"] != currency else "store"
                self._refuse(
                    "pricelists",
                    row,
                    column,
                    key,
                    f"Centra's pricelist {current['id']} has another {column}",
                    "a pricelist's store and currency do not change: give a new pricelist_id",
                )
                del self.pricelists[key]
                continue
            have = sorted(c["code"] for c in current["assignedToCountries"])
            pairs: list[tuple[str, Any, Any]] = [("name", current["name"], name)]
            if row.has("status"):
                pairs.append(("status", current["status"], status))
            if row.has("countries"):
                pairs.append(("countries", "|".join(have), "|".join(countries)))
            if self._changed("pricelists", key, row, _diff(pairs)):
                update: dict[str, Any] = {"name": name}
                if row.has("status"):
                    update["status"] = status
                if row.has("countries"):
                    update["addCountries"] = [
                        {"code": c} for c in countries if c not in have
                    ] or None
                    update["removeCountries"] = [
                        {"code": c} for c in have if c not in countries
                    ] or None
                self._send(
                    "pricelists",
                    "ErpUpdatePricelist",
                    {
                        "id": current["id"],
                        "input": {k: v for k, v in update.items() if v is not None},
                    },
                    "updatePricelist",
                    [(key, row)],
                    "update",
                )
        for key, internal in self.centra.conversions.get("Pricelist", {}).items():
            current = self.centra.pricelists.get(internal)
            if key not in self.pricelists and current and ("pricelists", key) not in self.refused:
                self.pricelists[key] = current["currency"]["code"]
