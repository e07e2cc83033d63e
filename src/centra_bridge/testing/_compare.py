"""Comparing a warehouse with a fresh full sync of the shop as it is now, row by row.

The test of a sync that read a changing shop: once the changes stop, every table must hold
exactly what a sync started afresh holds. Rows are matched on the table's natural key, so a
difference is told as missing (a key the fresh sync has and ours lacks), duplicate (a key held
more than once), extra (a key Centra no longer has) or stale (same key, other values).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import SecretStr

if TYPE_CHECKING:
    from centra_bridge.config import Settings
    from centra_bridge.testing import RunningEmulator

__all__ = ["TableDiff", "compare_warehouses", "fresh_sync", "warehouse_rows"]

_SYNC_COLUMNS = ("_synced_at",)  # when a row was read differs between any two syncs


@dataclass
class TableDiff:
    missing: int = 0
    duplicate: int = 0
    extra: int = 0
    stale: int = 0
    examples: list[Any] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.missing + self.duplicate + self.extra + self.stale


def warehouse_rows(path: Path, dataset: str = "centra") -> dict[str, list[dict[str, Any]]]:
    """Every synced table's rows (without ``_synced_at``) of the DuckDB file ``path``."""
    import duckdb

    from centra_bridge.sync import TABLES

    with duckdb.connect(str(path), read_only=True) as con:
        # Catalog-qualified: a file named like the dataset (centra.duckdb) makes a bare
        # ``centra.orders`` ambiguous.
        (catalog,) = con.execute("select current_database()").fetchone() or ("",)
        present = {
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = ?",
                [dataset],
            ).fetchall()
        }
        found: dict[str, list[dict[str, Any]]] = {}
        for name in sorted(set(TABLES) & present):
            cursor = con.execute(f'select * from "{catalog}"."{dataset}"."{name}"')  # noqa: S608
            columns = [d[0] for d in cursor.description]
            found[name] = [
                {c: v for c, v in zip(columns, row, strict=True) if c not in _SYNC_COLUMNS}
                for row in cursor.fetchall()
            ]
        return found


def compare_warehouses(
    ours: dict[str, list[dict[str, Any]]], fresh: dict[str, list[dict[str, Any]]]
) -> dict[str, TableDiff]:
    """Per table that differs: what ours lacks, repeats, keeps too long or holds stale."""
    from centra_bridge.sync import TABLES

    diffs: dict[str, TableDiff] = {}
    for name in sorted(set(ours) | set(fresh)):
        key = TABLES[name].key
        held = Counter(tuple(row[k] for k in key) for row in ours.get(name, []))
        mine = {tuple(row[k] for k in key): row for row in ours.get(name, [])}
        theirs = {tuple(row[k] for k in key): row for row in fresh.get(name, [])}
        diff = TableDiff(
            missing=len(theirs.keys() - mine.keys()),
            duplicate=sum(count - 1 for count in held.values()),
            extra=len(mine.keys() - theirs.keys()),
            stale=sum(1 for k in mine.keys() & theirs.keys() if mine[k] != theirs[k]),
        )
        if diff.total:
            diff.examples = [
                (k, mine.get(k), theirs.get(k))
                for k in sorted(mine.keys() ^ theirs.keys(), key=repr)[:2]
                + sorted(
                    (k for k in mine.keys() & theirs.keys() if mine[k] != theirs[k]), key=repr
                )[:2]
            ]
            diffs[name] = diff
    return diffs


def fresh_sync(running: RunningEmulator, settings: Settings, where: Path) -> Path:
    """A full sync of the shop as it is now into ``where``, by a token of a new integration
    (its own events queue, so the sync under test keeps its own)."""
    from centra_bridge.sync import sync

    where.mkdir(parents=True, exist_ok=True)
    token = running.add_token(integration=f"fresh-sync-{where.name}")
    fresh = settings.model_copy(
        update={
            "token": SecretStr(token),
            "destination": None,
            "duckdb_path": where / "fresh.duckdb",
            "state_dir": where / "state",
            "history": [],
        }
    )
    with fresh.client() as client:
        sync(fresh, client)
    return fresh.duckdb_path
