"""What the sync loads and where: the warehouse, tables, history, custom attributes, pacing of
its reads. Validated before any request is sent."""

from __future__ import annotations

import difflib
from typing import Annotated, Any

from pydantic import BaseModel, Field, ValidationInfo, field_validator
from pydantic_settings import NoDecode

from centra_bridge.sync._history import HISTORIES
from centra_bridge.sync._tables import TABLES
from centra_bridge.warehouse import ATTRIBUTE_TYPES, AttributeColumn, WarehouseOptions

__all__ = ["AttributeMapping", "SyncOptions"]


class AttributeMapping(BaseModel):
    """``"<attribute type>.<element key>" = { column = "material", type = "text" }``."""

    model_config = {"extra": "forbid", "frozen": True}
    column: str = Field(pattern=r"^[a-z_][a-z0-9_]*$")
    type: str = "text"


class SyncOptions(WarehouseOptions):
    """The sync's settings: where (``WarehouseOptions``) and what. The CLI composes them with
    the client's in ``config.Settings``."""

    page_size: int = Field(
        200, ge=1, le=200, description="Orders per request (Centra allows 1-200)"
    )
    overlap_seconds: int = Field(
        300, ge=0, description="Incremental syncs re-read this many seconds before the last cursor"
    )

    tables: Annotated[list[str] | None, NoDecode] = Field(
        None, description="Tables to sync (default: all), e.g. orders,order_lines"
    )
    chunk_pages: int = Field(
        25, ge=1, description="Order pages per committed load (a resumable backfill step)"
    )
    follow_interval: float = Field(
        30.0, gt=0, description="Seconds between event polls when the queue is empty (--follow)"
    )
    history: Annotated[list[str] | None, NoDecode] = Field(
        None,
        description="Tables whose history to keep as valid-from/valid-to rows: orders (status) "
        "and stock (levels), e.g. orders,stock",
    )
    attributes: dict[str, dict[str, AttributeMapping]] = Field(
        default_factory=dict,
        description="Custom attributes to columns, per table: [attributes.products]",
    )

    @field_validator("tables", "history", mode="before")
    @classmethod
    def _split_list(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [t.strip() for t in value.split(",") if t.strip()]
        return value

    @field_validator("tables")
    @classmethod
    def _known_tables(cls, value: list[str] | None) -> list[str] | None:
        for name in value or ():
            if name not in TABLES:
                close = difflib.get_close_matches(name, list(TABLES), n=1)
                guess = f" (did you mean {close[0]!r}?)" if close else ""
                msg = f"unknown table {name!r}{guess}; known tables: {', '.join(TABLES)}"
                raise ValueError(msg)
        return value

    @field_validator("history")
    @classmethod
    def _known_history(cls, value: list[str] | None, info: ValidationInfo) -> list[str] | None:
        tables = info.data.get("tables")
        for name in value or ():
            if name not in HISTORIES:
                msg = f"no history is kept for {name!r}; it can be for: {', '.join(HISTORIES)}"
                raise ValueError(msg)
            if tables and name not in tables:
                msg = f"history of {name!r} needs the {name!r} table, which tables leaves out"
                raise ValueError(msg)
        return value

    @field_validator("attributes")
    @classmethod
    def _mappable(
        cls, value: dict[str, dict[str, AttributeMapping]]
    ) -> dict[str, dict[str, AttributeMapping]]:
        with_attributes = [t.name for t in TABLES.values() if t.has_attributes]
        for table, mapping in value.items():
            if table not in with_attributes:
                msg = f"table {table!r} has no custom attributes; these do: {with_attributes}"
                raise ValueError(msg)
            taken = {c.name for c in TABLES[table].columns} | {"attributes", "_synced_at"}
            for key, target in mapping.items():
                if "." not in key:
                    msg = f"[attributes.{table}] key {key!r} must be '<attribute>.<element>'"
                    raise ValueError(msg)
                if target.type not in ATTRIBUTE_TYPES:
                    msg = (
                        f"[attributes.{table}] {key!r}: type {target.type!r} is not one of "
                        f"{', '.join(ATTRIBUTE_TYPES)}"
                    )
                    raise ValueError(msg)
                if target.column in taken:
                    msg = f"[attributes.{table}] {key!r}: column {target.column!r} exists already"
                    raise ValueError(msg)
                taken.add(target.column)
        return value

    def attribute_columns(self) -> dict[str, tuple[AttributeColumn, ...]]:
        return {
            table: tuple(AttributeColumn(key, m.column, m.type) for key, m in mapping.items())
            for table, mapping in self.attributes.items()
        }
