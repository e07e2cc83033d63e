"""Comparing a warehouse with a fresh full sync of the shop as it is now, row by row."""

from __future__ import annotations

from pathlib import Path

import duckdb
from pydantic import SecretStr

from centra_bridge.config import Settings
from centra_bridge.sync import TABLES, sync
from centra_bridge.testing import RunningEmulator


def warehouse_rows(path: Path) -> dict[str, list[tuple]]:
    """Every synced table's rows (without sync timestamps), sorted."""
    with duckdb.connect(str(path), read_only=True) as con:
        present = {
            name
            for (name,) in con.execute(
                "select table_name from information_schema.tables where table_schema = 'centra'"
            ).fetchall()
        }
        return {
            name: sorted(
                con.execute(f"select * exclude (_synced_at) from centra.{name}").fetchall(),
                key=repr,
            )
            for name in TABLES
            if name in present
        }


def fresh_sync(running: RunningEmulator, settings: Settings, where: Path) -> Path:
    """A full sync of the shop now, by a token of its own (its own events queue)."""
    token = running.add_token(integration=f"fresh-{where.name}")
    fresh = settings.model_copy(
        update={
            "token": SecretStr(token),
            "duckdb_path": where / "fresh.duckdb",
            "state_dir": where / "st",
        }
    )
    with fresh.client() as client:
        sync(fresh, client)
    return fresh.duckdb_path


def differences(ours: dict[str, list[tuple]], theirs: dict[str, list[tuple]]) -> dict[str, str]:
    """Per table: how many rows are missing, extra (duplicate or stale) against the fresh sync."""
    found = {}
    for table in sorted(set(ours) | set(theirs)):
        mine, fresh = ours.get(table, []), theirs.get(table, [])
        held, wanted = set(mine), set(fresh)
        missing = [r for r in fresh if r not in held]
        extra = [r for r in mine if r not in wanted]
        if missing or extra or len(mine) != len(fresh):
            found[table] = f"{len(missing)} missing, {len(extra)} extra: {(missing + extra)[:3]}"
    return found


def assert_same_as_fresh_sync(running: RunningEmulator, settings: Settings, tmp: Path) -> None:
    where = tmp / f"fresh{len(list(tmp.glob('fresh*')))}"
    where.mkdir()
    fresh = fresh_sync(running, settings, where)
    assert differences(warehouse_rows(settings.duckdb_path), warehouse_rows(fresh)) == {}
