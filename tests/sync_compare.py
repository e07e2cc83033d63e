"""The warehouse under test against a fresh full sync of the shop as it ended."""

from __future__ import annotations

from pathlib import Path

from centra_bridge.config import Settings
from centra_bridge.testing import RunningEmulator, compare_warehouses, fresh_sync, warehouse_rows


def assert_same_as_fresh_sync(running: RunningEmulator, settings: Settings, tmp: Path) -> None:
    where = tmp / f"fresh{len(list(tmp.glob('fresh*')))}"
    fresh = fresh_sync(running, settings, where)
    diffs = compare_warehouses(warehouse_rows(settings.duckdb_path), warehouse_rows(fresh))
    found = {n: (d.missing, d.duplicate, d.extra, d.stale, d.examples) for n, d in diffs.items()}
    assert not found, f"(missing, duplicate, extra, stale, examples) per table: {found}"
