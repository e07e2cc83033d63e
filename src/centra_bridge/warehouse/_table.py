"""A warehouse table as data: its natural key, its Arrow schema, and how its rows come out of an
answered item (getters by dotted path, custom attributes to mapped columns or JSON)."""

from __future__ import annotations

import functools
import json
import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    import pyarrow as pa

# Column types by name, made into Arrow's types with the first rows: pyarrow (and numpy) take
# 0.07 s to import, which every command paid before its first request when tables held them.
ColumnType = Literal[
    "string", "int16", "int32", "int64", "float64", "bool", "money", "decimal", "timestamp"
]
MONEY: ColumnType = "money"  # decimal(18, 2)
TIMESTAMP: ColumnType = "timestamp"  # microseconds, UTC

# The column types an attribute mapping may ask for.
ATTRIBUTE_TYPES: dict[str, ColumnType] = {
    "text": "string",
    "integer": "int64",
    "decimal": "decimal",
    "boolean": "bool",
    "timestamp": TIMESTAMP,
}


@functools.cache
def arrow_type(name: ColumnType) -> pa.DataType:
    import pyarrow as pa

    types = {
        "string": pa.string(),
        "int16": pa.int16(),
        "int32": pa.int32(),
        "int64": pa.int64(),
        "float64": pa.float64(),
        "bool": pa.bool_(),
        MONEY: pa.decimal128(18, 2),
        "decimal": pa.decimal128(18, 4),
        TIMESTAMP: pa.timestamp("us", tz="UTC"),
    }
    return types[name]


Getter = Callable[[dict[str, Any]], Any]


def path(dotted: str) -> Getter:
    """``"a.b.c"`` → a getter returning ``row["a"]["b"]["c"]``, or None where a step is missing."""
    steps = dotted.split(".")
    # Getters run once per row and column (millions in a backfill): the common one- and
    # two-step paths without the loop.
    if len(steps) == 1:
        return operator.methodcaller("get", steps[0])
    if len(steps) == 2:
        outer, inner = steps

        def get_two(row: dict[str, Any]) -> Any:
            value = row.get(outer)
            return None if value is None else value.get(inner)

        return get_two

    def get(row: dict[str, Any]) -> Any:
        value: Any = row
        for step in steps:
            if value is None:
                return None
            value = value.get(step)
        return value

    return get


def parse_timestamp(value: str) -> datetime:
    """Centra's ``Y-m-d\\TH:i:sP`` timestamps, as aware datetimes."""
    return datetime.fromisoformat(value)


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: ColumnType
    get: Getter


def col(name: str, type_: ColumnType, getter: str | Getter | None = None) -> Column:
    """A column read from ``getter`` (a dotted path, by default the column's own name)."""
    if getter is None or isinstance(getter, str):
        getter = path(getter or name)
    return Column(name, type_, getter)


@dataclass(frozen=True, slots=True)
class AttributeColumn:
    """One mapped custom attribute: Centra key ``<type name>.<element key>`` → typed column."""

    key: str
    column: str
    type: str  # a key of ATTRIBUTE_TYPES


def attribute_values(attributes: list[dict[str, Any]] | None) -> dict[str, Any]:
    """Centra's attribute list flattened to ``{"<type>.<element>": value}``."""
    values: dict[str, Any] = {}
    for attribute in attributes or []:
        for element in attribute["elements"]:
            value = element.get("value")
            if value is None:
                value = element.get("selectedValue") or element.get("url")
            values[f"{attribute['type']['name']}.{element['key']}"] = value
    return values


def _convert(value: Any, kind: str) -> Any:
    if value is None or value == "":
        return None
    if kind == "integer":
        return int(value)
    if kind == "decimal":
        return Decimal(str(value))
    if kind == "boolean":
        return str(value).lower() in ("1", "true", "yes", "on")
    if kind == "timestamp":
        return parse_timestamp(str(value)).astimezone(UTC)
    return str(value)


@dataclass(frozen=True, slots=True)
class Table:
    """A warehouse table: ``rows`` turns one answered item into this table's raw rows."""

    name: str
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    rows: Callable[[dict[str, Any]], Iterable[dict[str, Any]]] = lambda item: (item,)
    # Child tables: (the owning table, the column holding its key). A child row older than its
    # owner's is stale and deleted with the owner's rows (``Warehouse.tidy``, ``delete``).
    parent: tuple[str, str] | None = None
    has_attributes: bool = False
    description: str = ""

    def schema(self, mapped: tuple[AttributeColumn, ...] = ()) -> pa.Schema:
        import pyarrow as pa

        fields = [
            pa.field(c.name, arrow_type(c.type), nullable=c.name not in self.key)
            for c in self.columns
        ]
        if self.has_attributes:
            fields += [pa.field(m.column, arrow_type(ATTRIBUTE_TYPES[m.type])) for m in mapped]
            fields.append(pa.field("attributes", pa.string()))
        fields.append(pa.field("_synced_at", arrow_type(TIMESTAMP)))
        return pa.schema(fields)

    def arrow(
        self,
        items: list[dict[str, Any]],
        synced_at: datetime,
        mapped: tuple[AttributeColumn, ...] = (),
    ) -> pa.Table:
        raw = [row for item in items for row in self.rows(item)]
        data: dict[str, list[Any]] = {c.name: list(map(c.get, raw)) for c in self.columns}
        if self.has_attributes:
            flat = [attribute_values(r.get("attributes")) for r in raw]
            for m in mapped:
                data[m.column] = [_convert(values.pop(m.key, None), m.type) for values in flat]
            data["attributes"] = [json.dumps(v, sort_keys=True) if v else None for v in flat]
        data["_synced_at"] = [synced_at] * len(raw)
        import pyarrow as pa

        return pa.Table.from_pydict(data, schema=self.schema(mapped))
