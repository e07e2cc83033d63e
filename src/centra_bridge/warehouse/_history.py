"""Opt-in history tables: valid-from / valid-to rows, so "what was in stock on the 3rd" has an
answer (``where valid_from <= t and (valid_to > t or valid_to is null)``).

``order_status_history`` follows each order's status, ``stock_history`` each size's levels per
warehouse. After each events batch and each backfill (``Warehouse.tidy``) the current history
rows are compared with the synced table: a row whose values changed is closed and a new one
opened, a row whose object is gone is closed. The comparison covers the whole table, so it is
idempotent, and a crash between a load and this step is mended by the next run.

What a sync cannot see it cannot record: history starts at the first sync, a status or level
that came and went between two syncs leaves no row, and stock levels are dated by when the sync
read them (Centra gives stock no timestamp), orders by their ``updatedAt``.
"""

# ruff: noqa: S608 (SQL names come from the table definitions; the one value is a timestamp)
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from centra_bridge.warehouse._table import TIMESTAMP, Table, col

__all__ = ["History", "history_of"]


@dataclass(frozen=True, slots=True)
class History:
    base: str  # the synced table followed
    key: tuple[str, ...]  # its key, which the history's key starts with
    table: Table
    tracked: tuple[str, ...]
    since: str  # the base table's column that dates its values

    def record(self, sql: Any, now: datetime) -> None:
        """Bring the history in line with the base table (``sql``: a dlt SQL client)."""
        base = sql.make_qualified_table_name(self.base)
        history = sql.make_qualified_table_name(self.table.name)
        same = " and ".join(f"h.{k} = b.{k}" for k in self.key)
        changed = " or ".join(f"h.{c} is distinct from b.{c}" for c in self.tracked)
        values = ", ".join(f"{c} = b.{c}" for c in self.tracked)
        moment = f"cast('{now.isoformat()}' as timestamp with time zone)"
        names = [c.name for c in self.table.columns]
        opened = {"valid_from": f"b.{self.since}", "valid_to": "null"}
        picked = [opened.get(name, f"b.{name}") for name in names]
        statements = [
            # Changed again within the same second it was opened: correct the open row.
            f"update {history} as h set {values} from {base} as b where {same} "
            f"and h.valid_to is null and h.valid_from = b.{self.since} and ({changed})",
            f"update {history} as h set valid_to = b.{self.since} from {base} as b where {same} "
            f"and h.valid_to is null and ({changed})",
            f"update {history} as h set valid_to = {moment} where h.valid_to is null and not "
            f"exists (select 1 from {base} as b where {same})",
            f"insert into {history} ({', '.join(names)}, _synced_at) select {', '.join(picked)}, "
            f"b._synced_at from {base} as b where not exists (select 1 from {history} as h "
            f"where {same} and h.valid_to is null)",
        ]
        for statement in statements:
            sql.execute_sql(statement)


def history_of(base: Table, name: str, tracked: tuple[str, ...], since: str) -> History:
    """The history table ``name`` of ``base``: its key and ``tracked`` columns, dated by the
    base table's ``since`` column."""
    columns = tuple(c for c in base.columns if c.name in (*base.key, *tracked))
    table = Table(
        name,
        (*base.key, "valid_from"),
        (*columns, col("valid_from", TIMESTAMP), col("valid_to", TIMESTAMP)),
    )
    return History(base.name, base.key, table, tracked, since)
