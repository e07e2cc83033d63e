from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

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


# The server the PostgreSQL tests create their databases on (the database named here is only
# connected to, never written).
POSTGRES_SERVER = os.environ.get(
    "CENTRA_BRIDGE_TEST_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """The URL of a database of the test's own, created for it and dropped after it: running
    the suite never touches a user's synced data. Skipped, saying why, without a server."""
    psycopg2 = pytest.importorskip("psycopg2", reason="pip install 'centra-bridge[postgres]'")
    try:
        admin = psycopg2.connect(POSTGRES_SERVER, connect_timeout=3)
    except psycopg2.OperationalError as exc:
        pytest.skip(f"no PostgreSQL at {POSTGRES_SERVER} ({exc}); set CENTRA_BRIDGE_TEST_POSTGRES")
    admin.autocommit = True
    name = f"centra_bridge_test_{uuid.uuid4().hex[:12]}"
    with admin.cursor() as cursor:
        cursor.execute(f'create database "{name}"')
    try:
        yield urlsplit(POSTGRES_SERVER)._replace(path=f"/{name}").geturl()
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'drop database if exists "{name}" with (force)')
        admin.close()


@pytest.fixture
def postgres(postgres_url: str) -> Iterator[object]:
    """An autocommit connection to the test's own database."""
    import psycopg2

    connection = psycopg2.connect(postgres_url, connect_timeout=3)
    connection.autocommit = True
    yield connection
    connection.close()
