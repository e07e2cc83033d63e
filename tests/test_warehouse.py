"""The warehouse before the first request: any DuckDB file name, one sync at a time, one
identity per warehouse, and environment problems as one line with a hint."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from centra_bridge.config import load_settings
from centra_bridge.errors import CentraBridgeError, ConfigError, SyncError
from centra_bridge.sync import open_warehouse, sync

NOBODY = 65534


def _sync(settings, **kwargs):
    with settings.client() as client:
        return sync(settings, client, **kwargs)


def _requests(running) -> int:
    return sum(running.emulator.responses.values())


def _one_line(error: CentraBridgeError) -> None:
    assert "\n" not in error.message, error.message
    assert error.hint, "every environment error says what to do"


@pytest.mark.parametrize(
    "name", [None, "centra.duckdb", "shop.duckdb", "data/centra.duckdb", "duckdb:///centra.duckdb"]
)
def test_any_duckdb_file_name_syncs_then_syncs_again(centra_emulator_factory, tmp_path, name):
    """The README's ``centra-bridge sync`` (no settings but the endpoint and token, so
    ./centra-bridge.duckdb) and files a user names, including one named like the ``centra`` schema."""
    running = centra_emulator_factory(orders=40)
    (tmp_path / "data").mkdir()
    options: dict[str, object] = {}
    if name and name.startswith("duckdb://"):
        options["destination"] = f"duckdb://{tmp_path}/{name.removeprefix('duckdb:///')}"
    elif name:
        options["duckdb_path"] = Path(name)
    settings = load_settings(endpoint=running.url, token=running.token, **options)
    first = _sync(settings)
    with running.shop.lock:
        running.shop.clock.advance(5)
        running.shop.update_order(7, status="ARCHIVED")
    second = _sync(settings)
    assert first.mode == "full"
    assert second.mode == "incremental"
    assert second.tables["orders"] == 1
    default = "centra-bridge.duckdb" if name is None else "centra.duckdb"
    path = tmp_path / (default if name is None or "://" in name else name)
    with duckdb.connect(str(path), read_only=True) as con:
        # DuckDB names the catalog after the file: centra.duckdb's tables are centra.centra.*
        (catalog,) = con.execute("select current_database()").fetchone() or ("?",)
        con.execute(f'use "{catalog}".centra')
        assert con.execute("select count(*) from orders").fetchall() == [(40,)]
        assert con.execute("select status from orders where number = 7").fetchall() == [
            ("ARCHIVED",)
        ]
    if path.stem != "centra":
        with duckdb.connect(str(path), read_only=True) as con:
            assert con.execute("select count(*) from centra.orders").fetchall() == [(40,)]


# -- one sync at a time -----------------------------------------------------------------------

HOLD = """
import sys
from centra_bridge.config import load_settings
from centra_bridge.sync import open_warehouse

settings = load_settings(endpoint="http://127.0.0.1:9/graphql", token="t", **eval(sys.argv[1]))
with open_warehouse(settings):
    print("held", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def holder() -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """Another process that holds a warehouse (as a running sync does) until the test ends."""
    started: list[subprocess.Popen[str]] = []

    def hold(**options: object) -> subprocess.Popen[str]:
        options = {k: str(v) for k, v in options.items()}
        process = subprocess.Popen(
            [sys.executable, "-c", HOLD, repr(options)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        assert process.stdout is not None
        line = process.stdout.readline()
        assert line == "held\n", process.stderr.read() if process.stderr else line
        return process

    yield hold
    for process in started:
        process.communicate("", timeout=30)


def _assert_held_by(error: SyncError, process: subprocess.Popen[str], where: str) -> None:
    _one_line(error)
    assert f"Another sync is loading into {where}" in error.message
    assert str(process.pid) in error.message
    assert socket.gethostname() in error.message
    assert "since" in error.message
    assert "Wait for it to finish" in error.hint


def test_a_second_sync_of_a_duckdb_file_fails_at_once_naming_the_first(
    centra_emulator, settings_for, holder, tmp_path
):
    settings = settings_for(centra_emulator)
    process = holder(duckdb_path=settings.duckdb_path, state_dir=tmp_path / "other-state")
    with pytest.raises(SyncError) as caught:
        _sync(settings)
    _assert_held_by(caught.value, process, str(settings.duckdb_path))
    assert _requests(centra_emulator) == 0  # no backfill, no 429s fought over
    process.communicate("", timeout=30)
    assert _sync(settings).mode == "full"  # released when the holder ends


def test_a_second_sync_of_a_postgres_database_fails_at_once_naming_the_first(
    centra_emulator, settings_for, holder, postgres_url, tmp_path
):
    process = holder(destination=postgres_url, state_dir=tmp_path / "other-state")
    settings = settings_for(centra_emulator, destination=postgres_url)
    with pytest.raises(SyncError) as caught:
        _sync(settings)
    _assert_held_by(caught.value, process, postgres_url)
    assert _requests(centra_emulator) == 0


def test_a_killed_sync_leaves_no_lock(settings_for, centra_emulator, holder):
    settings = settings_for(centra_emulator)
    process = holder(duckdb_path=settings.duckdb_path, state_dir=settings.state_dir)
    process.kill()
    process.wait()
    with open_warehouse(settings) as warehouse:
        assert warehouse.row_counts() == {}  # opened and read: nothing holds it


# -- identity -----------------------------------------------------------------------------------


def test_the_same_postgres_database_spelled_differently_is_the_same_warehouse(
    centra_emulator_factory, settings_for, postgres_url
):
    running = centra_emulator_factory(orders=60)
    first = _sync(settings_for(running, destination=postgres_url))
    # A password added (trust authentication ignores it), the other scheme, the default port
    # spelled out, an option: the same host, port and database.
    database = postgres_url.rsplit("/", 1)[1]
    respelled = f"postgres://postgres:s3cret@127.0.0.1:5432/{database}?sslmode=disable"
    second = _sync(settings_for(running, destination=respelled))
    assert first.mode == "full"
    assert second.mode == "incremental"
    assert "orders" not in second.tables  # nothing backfilled again
    assert "s3cret" not in second.destination


def test_the_same_duckdb_file_spelled_differently_is_the_same_warehouse(
    centra_emulator_factory, settings_for, tmp_path, monkeypatch
):
    running = centra_emulator_factory(orders=60)
    monkeypatch.chdir(tmp_path)
    first = _sync(settings_for(running, duckdb_path=Path("shop.duckdb")))
    for spelled in (
        {"duckdb_path": Path("./shop.duckdb")},
        {"destination": f"duckdb:///{tmp_path / 'shop.duckdb'}"},
    ):
        again = _sync(settings_for(running, **spelled))
        assert again.mode == "incremental", spelled
        assert "orders" not in again.tables, spelled  # nothing backfilled again
    assert first.mode == "full"


# -- the environment, before any request ------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_postgres_on_a_closed_port_is_one_line_without_the_password(centra_emulator, settings_for):
    port = _free_port()
    url = f"postgresql://me:hunter2@127.0.0.1:{port}/shop"
    with pytest.raises(SyncError) as caught:
        _sync(settings_for(centra_emulator, destination=url))
    error = caught.value
    _one_line(error)
    assert error.message.startswith(
        f"Cannot connect to PostgreSQL at postgresql://me:***@127.0.0.1:{port}/shop: "
    )
    assert "Connection refused" in error.message
    assert "hunter2" not in error.message + error.hint
    assert _requests(centra_emulator) == 0


def test_postgres_without_its_extra_names_the_install_command(
    centra_emulator, settings_for, monkeypatch
):
    monkeypatch.setitem(sys.modules, "psycopg2", None)  # as in an install without [postgres]
    settings = settings_for(centra_emulator, destination="postgresql://me@127.0.0.1/shop")
    with pytest.raises(SyncError) as caught:
        _sync(settings)
    _one_line(caught.value)
    assert "psycopg2" in caught.value.message
    assert "pip install 'centra-bridge[postgres]'" in caught.value.hint
    assert _requests(centra_emulator) == 0


def test_a_dlt_destination_without_its_extra_names_the_install_command(settings_for, tmp_path):
    # The mssql destination's driver (pyodbc) is not a dependency of centra-bridge.
    pytest.importorskip("dlt")
    if "pyodbc" in sys.modules or _importable("pyodbc"):
        pytest.skip("pyodbc is installed here")
    settings = load_settings(
        endpoint="https://shop.centra.com/graphql",
        token="t",
        destination="mssql",
        state_dir=tmp_path / "state",
    )
    with pytest.raises(SyncError) as caught:
        open_warehouse(settings)
    _one_line(caught.value)
    assert caught.value.message == "Opening mssql needs a package that is not installed"
    assert 'pip install "dlt[mssql]"' in caught.value.hint


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def test_a_corrupt_duckdb_file_is_reported_and_kept(centra_emulator, settings_for):
    settings = settings_for(centra_emulator)
    garbage = b"not a database, but the user's bytes\n" * 200
    settings.duckdb_path.write_bytes(garbage)
    with pytest.raises(SyncError) as caught:
        _sync(settings)
    _one_line(caught.value)
    assert caught.value.message.startswith(
        f"{settings.duckdb_path} cannot be opened as a DuckDB database: "
    )
    assert "not a valid DuckDB database file" in caught.value.message
    assert settings.duckdb_path.read_bytes() == garbage  # loses nothing
    assert _requests(centra_emulator) == 0


def test_a_duckdb_file_open_in_another_program_is_named(centra_emulator, settings_for):
    settings = settings_for(centra_emulator)
    other = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('open', flush=True); "
            "sys.stdin.read()",
            str(settings.duckdb_path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout is not None
        assert other.stdout.readline() == "open\n"
        with pytest.raises(SyncError) as caught:
            _sync(settings)
    finally:
        other.communicate("", timeout=30)
    _one_line(caught.value)
    assert caught.value.message.startswith(f"{settings.duckdb_path} is open in another program")
    assert f"PID {other.pid}" in caught.value.message
    assert "Close it there" in caught.value.hint
    assert _requests(centra_emulator) == 0


def test_a_missing_directory_for_the_duckdb_file_fails_before_any_request(
    centra_emulator, settings_for, tmp_path
):
    path = tmp_path / "no-such-dir" / "centra.duckdb"
    with pytest.raises(ConfigError) as caught:
        _sync(settings_for(centra_emulator, duckdb_path=path))
    _one_line(caught.value)
    assert caught.value.message == (
        f"duckdb_path {path}: the directory {path.parent} does not exist"
    )
    assert f"mkdir -p {path.parent}" in caught.value.hint
    assert _requests(centra_emulator) == 0
    assert not path.parent.exists()


def _unprivileged(check: Callable[[], str]) -> str:
    """``check()`` where file permissions apply: here for a normal user; under root, which
    writes anywhere, in a forked child that has become ``nobody`` (everything it runs is
    imported already, so it needs no access to the interpreter's files)."""
    if os.geteuid() != 0:
        return check()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover (the child)
        try:
            os.setgroups([])
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            result = check()
        except BaseException as exc:  # reported to the parent
            result = f"child failed: {exc!r}"
        os.write(write, result.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        result = pipe.read().decode()
    os.waitpid(pid, 0)
    return result


@pytest.fixture
def read_only_dir() -> Iterator[Path]:
    """A read-only directory inside a directory anyone may write to (and traverse)."""
    base = Path(tempfile.mkdtemp(prefix="centra-bridge-ro-"))
    base.chmod(0o777)
    (base / "ro").mkdir()
    (base / "ro").chmod(0o555)
    (base / "rw").mkdir()
    (base / "rw").chmod(0o777)
    yield base / "ro"
    (base / "ro").chmod(0o755)
    subprocess.run(["rm", "-rf", str(base)], check=True)


def _construct(settings) -> Callable[[], str]:
    def check() -> str:
        try:
            open_warehouse(settings).close()
        except CentraBridgeError as exc:
            return f"{type(exc).__name__}\n{exc.message}\n{exc.hint}"
        return "constructed"

    return check


@pytest.mark.parametrize("where", ["state_dir", "state_dir/sub", "duckdb_path"])
def test_read_only_directories_fail_at_construction(read_only_dir, where):
    writable = read_only_dir.parent / "rw"
    state = read_only_dir if where == "state_dir" else read_only_dir / "sub"
    options = {"state_dir": state, "duckdb_path": writable / "centra.duckdb"}
    if where == "duckdb_path":
        options = {"state_dir": writable / "state", "duckdb_path": read_only_dir / "centra.duckdb"}
    settings = load_settings(endpoint="https://shop.centra.com/graphql", token="t", **options)
    kind, message, hint = _unprivileged(_construct(settings)).split("\n")
    assert kind == "ConfigError"
    if where == "state_dir":
        assert message == f"state_dir {state}: cannot write in {state} (Permission denied)"
    elif where == "state_dir/sub":
        assert message == f"state_dir {state}: cannot create it (Permission denied)"
        assert "CENTRA_BRIDGE_STATE_DIR" in hint
    else:
        path = read_only_dir / "centra.duckdb"
        assert message == f"duckdb_path {path}: cannot write in {read_only_dir} (Permission denied)"
    assert hint
