from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from centra_bridge.cli import run
from centra_bridge.config import Settings, load_settings
from centra_bridge.testing import RunningEmulator


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """No CENTRA_BRIDGE_* from the developer's shell, and no centra-bridge.toml from the cwd."""
    for name in list(os.environ):
        if name.startswith("CENTRA_BRIDGE_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    yield


@pytest.fixture
def settings_for(tmp_path: Path):
    def make(running: RunningEmulator, token: str | None = None, **overrides: object) -> Settings:
        defaults = {"duckdb_path": tmp_path / "warehouse.duckdb", "state_dir": tmp_path / "state"}
        return load_settings(
            endpoint=running.url, token=token or running.token, **{**defaults, **overrides}
        )

    return make


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""

    def invoke(*args: str) -> tuple[int, str, str]:
        code = run(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return invoke
