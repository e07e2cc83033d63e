"""The warehouse side: a dlt pipeline per destination, loads that carry their own cursors.

Every load is one ``pipeline.run`` of a resource that yields Arrow tables (one per warehouse
table) and writes the sync's cursors into dlt's resource state, which dlt commits together with
the rows: a process killed mid-load resumes from the cursors of the last committed load.

Child rows (order lines, shipments...) carry the ``_synced_at`` of the page that brought their
parent. A child older than its parent was not in the parent's latest answer (a deleted return,
say), so it is deleted by ``tidy`` (with the history step) after each events batch, at the end
of a backfill and of every run. The queries are idempotent and the first tidy of every run
covers every table, so a crash before one runs is repaired by the next run.

A ``Warehouse`` holds the warehouse's lock from construction to ``close``: one sync at a time
per warehouse (a lock file next to a DuckDB file, an advisory lock in PostgreSQL). Everything
that can be checked without Centra (paths, the file, the server, the lock) is checked when it
is constructed, before the sync sends its first request.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib
import json
import logging
import os
import socket
import tempfile
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

from centra_bridge.errors import CentraBridgeError, ConfigError, SyncError, WarehouseBusyError
from centra_bridge.sync._history import HISTORIES
from centra_bridge.sync._sources import SOURCE_OF_TABLE
from centra_bridge.sync._tables import TABLES, AttributeColumn, Table

if TYPE_CHECKING:
    from collections.abc import Iterator
    from types import TracebackType

    import pyarrow as pa

    from centra_bridge.config import Settings

logger = logging.getLogger("centra_bridge.sync")

DATASET = "centra"
_RESOURCE = "centra"
_CONNECT_TIMEOUT = 10  # seconds to reach a PostgreSQL server before saying it is unreachable
_POSTGRES_EXTRA = "pip install 'centra-bridge[postgres]'"


def _quiet_dlt() -> None:
    # No telemetry from a user's machine, and dlt's own log lines only when they matter.
    os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")
    os.environ.setdefault("RUNTIME__LOG_LEVEL", "ERROR")


def _is_postgres(target: str | None) -> bool:
    return target is not None and urlsplit(target).scheme in ("postgres", "postgresql")


def duckdb_file(settings: Settings) -> Path | None:
    """The DuckDB file the rows go to, or None for another destination."""
    target = settings.destination
    if target is None:
        return settings.duckdb_path
    if target.startswith("duckdb://"):
        return Path(target.removeprefix("duckdb://"))
    return None


def describe_destination(settings: Settings) -> str:
    """Where the rows go, for messages (a URL's password is never shown)."""
    if settings.destination is None:
        return str(settings.duckdb_path)
    return _mask(settings.destination)


def _mask(url: str) -> str:
    """``url`` with its password (in the user part or a ``password=`` option) as ``***``."""
    parts = urlsplit(url)
    masked = url
    if parts.password:
        masked = masked.replace(f":{parts.password}@", ":***@", 1)
    if "password=" in parts.query:
        query = urlencode(
            [(k, "***" if k == "password" else v) for k, v in parse_qsl(parts.query)], safe="*"
        )
        masked = masked.replace(parts.query, query, 1)
    return masked


def _hide_secrets(text: str, url: str | None) -> str:
    """``text`` (a driver's message, say) without the passwords ``url`` carries."""
    if not url:
        return text
    parts = urlsplit(url)
    secrets = [parts.password, *(v for k, v in parse_qsl(parts.query) if k == "password")]
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def warehouse_identity(settings: Settings) -> str:
    """Where the data is, however the setting spells it: a DuckDB file's resolved path, a
    PostgreSQL server's host, port and database (not the user, password or options)."""
    path = duckdb_file(settings)
    if path is not None:
        identity = str(path.resolve())
    elif _is_postgres(settings.destination):
        parts = urlsplit(settings.destination or "")
        database = unquote(parts.path.strip("/"))
        identity = f"postgresql://{parts.hostname}:{parts.port or 5432}/{database}"
    else:
        identity = settings.destination or ""
    return identity


def _first_line(exc: BaseException) -> str:
    """The innermost cause's first line: what went wrong, without dlt's pages of advice."""
    inner = exc
    while inner.__cause__ is not None:
        inner = inner.__cause__
    lines = [line.strip() for line in str(inner).splitlines() if line.strip()]
    return lines[0] if lines else type(inner).__name__


def _writable_dir(directory: Path, setting: str, value: Path) -> None:
    """Raise ConfigError unless files can be created in ``directory``."""
    try:
        with tempfile.TemporaryFile(dir=directory):
            pass
    except OSError as exc:
        msg = f"{setting} {value}: cannot write in {directory} ({exc.strerror or exc})"
        raise ConfigError(
            msg, hint=f"Make {directory} writable, or set {setting} to a writable place."
        ) from None


def _check_paths(settings: Settings, path: Path | None) -> None:
    """The state dir and the DuckDB file's directory must be writable, before any request."""
    state = settings.state_dir
    try:
        state.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        msg = f"state_dir {state}: cannot create it ({exc.strerror or exc})"
        raise ConfigError(
            msg,
            hint="Set state_dir (CENTRA_BRIDGE_STATE_DIR or state_dir in centra-bridge.toml) to "
            "a directory you can write to.",
        ) from None
    _writable_dir(state, "state_dir", state)
    if path is None:
        return
    setting = "duckdb_path" if settings.destination is None else "destination"
    directory = path.parent
    if not directory.is_dir():
        msg = f"{setting} {path}: the directory {directory} does not exist"
        raise ConfigError(
            msg, hint=f"Create it (mkdir -p {directory}) or put the file in an existing directory."
        )
    _writable_dir(directory, setting, path)


def _holder(note: str) -> tuple[str, object]:
    """Who holds a lock, and their process id, from the note the holder wrote."""
    try:
        holder = json.loads(note)
        return f"process {holder['pid']} on {holder['host']}, since {holder['since']}", holder[
            "pid"
        ]
    except (ValueError, KeyError, TypeError):
        return "another process", None


def _busy(where: str, holder: str, pid: object = None) -> WarehouseBusyError:
    stop = f" (or stop process {pid})" if pid else ""
    return WarehouseBusyError(
        f"Another sync is loading into {where}: {holder}",
        hint=f"Wait for it to finish{stop}, then run again; a stopped sync resumes from its "
        "last load.",
    )


@dataclass
class _FileLock:
    """An exclusive ``flock`` on ``<file>.lock``, which notes its holder for the next one."""

    path: Path
    handle: IO[str] | None = None

    def acquire(self, where: str) -> None:
        # "a+" opens without truncating: the holder's note is read before anything is written.
        handle = self.path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            note = handle.read()
            handle.close()
            raise _busy(where, *_holder(note)) from None
        handle.seek(0)
        handle.truncate()
        since = datetime.now(UTC).isoformat(timespec="seconds")
        handle.write(json.dumps({"pid": os.getpid(), "host": socket.gethostname(), "since": since}))
        handle.flush()
        self.handle = handle

    def release(self) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


def _lock_key(text: str) -> int:
    # A non-negative int4, so it compares with pg_locks' oid columns as written.
    return zlib.crc32(text.encode()) & 0x7FFFFFFF


@dataclass
class _PostgresLock:
    """A session-level ``pg_try_advisory_lock`` on the dataset, on a connection of its own
    held for the run: the server drops it when the process dies, however it dies."""

    url: str
    dataset: str
    connection: Any = None

    def acquire(self, where: str) -> None:
        try:
            psycopg2: Any = importlib.import_module("psycopg2")
        except ImportError:
            msg = f"Cannot load into {where}: the PostgreSQL driver (psycopg2) is not installed"
            raise SyncError(msg, hint=f"Install it: {_POSTGRES_EXTRA}") from None
        me = f"centra-bridge {os.getpid()}@{socket.gethostname()}"[:63]  # NAMEDATALEN - 1
        try:
            connection = psycopg2.connect(
                self.url, connect_timeout=_CONNECT_TIMEOUT, application_name=me
            )
        except psycopg2.Error as exc:
            detail = _hide_secrets(_first_line(exc), self.url)
            msg = f"Cannot connect to PostgreSQL at {where}: {detail}"
            raise SyncError(
                msg,
                hint="Check that the server runs and accepts connections at that host and port, "
                "and the user, password ($PGPASSWORD) and database, then retry.",
            ) from None
        connection.autocommit = True
        keys = (
            zlib.crc32(b"centra-bridge") & 0x7FFFFFFF,
            zlib.crc32(self.dataset.encode()) & 0x7FFFFFFF,
        )
        with connection.cursor() as cursor:
            cursor.execute("select pg_try_advisory_lock(%s, %s)", keys)
            row = cursor.fetchone()
            if row and row[0]:
                self.connection = connection
                return
            # Two-key advisory locks show as (classid, objid, objsubid 2) in pg_locks.
            cursor.execute(
                "select a.application_name, a.pid, a.backend_start from pg_locks l "
                "left join pg_stat_activity a on a.pid = l.pid "
                "where l.locktype = 'advisory' and l.granted and l.objsubid = 2 "
                "and l.classid = %s and l.objid = %s and l.database = "
                "(select oid from pg_database where datname = current_database())",
                keys,
            )
            found = cursor.fetchone()
        connection.close()
        if not found:
            raise _busy(where, "another session")
        name, backend, started = found
        since = f", since {started.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC" if started else ""
        holder = f"{name or 'another program'} (server process {backend}){since}"
        pid = name.split()[-1] if name and name.startswith("centra-bridge ") else None
        raise _busy(where, holder, pid)

    def release(self) -> None:
        if self.connection is not None:
            self.connection.close()  # ends the session, which releases its advisory lock
            self.connection = None


def _duckdb_catalog(path: Path, where: str) -> str:
    """Open the file once (a corrupt file or one held by another program fails here, before any
    request) and return DuckDB's name for its catalog (the file's stem, mostly)."""
    import duckdb

    try:
        with duckdb.connect(str(path)) as con:
            row = con.execute("select current_database()").fetchone()
    except duckdb.Error as exc:
        detail = _first_line(exc)
        if "lock" in detail.lower():
            msg = f"{where} is open in another program: {detail}"
            hint = (
                "Close it there (DuckDB lets one process write a file at a time; open it "
                "read-only to look while syncs run), then retry."
            )
        else:
            msg = f"{where} cannot be opened as a DuckDB database: {detail}"
            hint = (
                "Nothing was written to it. If it is not a DuckDB file, move it away or point "
                "duckdb_path at another file; a new one is created."
            )
        raise SyncError(msg, hint=hint) from None
    return str(row[0]) if row else path.stem


def _duckdb_destination(path: Path, catalog: str) -> Any:
    """dlt's DuckDB destination, naming tables ``catalog.dataset.table``.

    dlt names them ``dataset.table``, and DuckDB calls a file's catalog after the file: in
    ``centra.duckdb``, ``centra.orders`` could be the catalog ``centra``'s table ``orders`` or the
    schema ``centra``'s, and DuckDB refuses it ("Ambiguous reference to catalog or schema").
    """
    from dlt.destinations import duckdb as duckdb_factory
    from dlt.destinations.impl.duckdb.duck import DuckDbClient

    class _Client(DuckDbClient):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            caps = self.sql_client.capabilities

            def catalog_name(quote: bool = True, casefold: bool = True) -> str:
                name = caps.casefold_identifier(catalog) if casefold else catalog
                return str(caps.escape_identifier(name)) if quote else str(name)

            self.sql_client.catalog_name = catalog_name  # type: ignore[method-assign]

    class _DuckDB(duckdb_factory):
        @property
        def client_class(self) -> type[DuckDbClient]:
            return _Client

    return _DuckDB(str(path.resolve()), destination_name="duckdb")


def _postgres_credentials(url: str) -> str:
    """dlt insists on a password; without one in the URL use $PGPASSWORD, else an empty one
    (what a trust or peer setup ignores), so a local ``postgresql://user@host/db`` just works."""
    parts = urlsplit(url)
    if parts.password is not None:
        return url
    password = quote(os.environ.get("PGPASSWORD", ""), safe="")
    user = parts.username or "postgres"
    return parts._replace(
        netloc=f"{user}:{password}@{parts.hostname}:{parts.port or 5432}"
    ).geturl()


def _cause(exc: BaseException) -> CentraBridgeError | None:
    """Our own error inside dlt's wrapping, if there is one."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, CentraBridgeError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _environment_error(exc: Exception, where: str, doing: str) -> CentraBridgeError:
    """One line for what dlt says in pages: a missing extra, missing configuration, or the
    database's own complaint."""
    from dlt.common.configuration.exceptions import ConfigFieldMissingException
    from dlt.common.exceptions import MissingDependencyException

    cause = _cause(exc)
    if cause is not None:
        return cause
    inner: BaseException = exc
    while inner.__cause__ is not None and not isinstance(inner, MissingDependencyException):
        inner = inner.__cause__
    if isinstance(inner, MissingDependencyException):
        extra = "centra-bridge[postgres]" if "postgres" in str(inner) else None
        install = f"pip install '{extra}'" if extra else _pip_line(str(inner))
        return SyncError(
            f"{doing} {where} needs a package that is not installed",
            hint=f"Install it: {install}",
        )
    if isinstance(inner, ConfigFieldMissingException):
        return ConfigError(
            f"The dlt destination {where} is not configured: {_first_line(inner)}",
            hint="Configure it the dlt way (DESTINATION__<NAME>__CREDENTIALS__... environment "
            "variables or .dlt/secrets.toml), see https://dlthub.com/docs/dlt-ecosystem/"
            "destinations/",
        )
    return SyncError(
        f"{doing} {where} failed: {_first_line(exc)}",
        hint="Check that the destination is reachable and that no other program holds a DuckDB "
        "file open, then retry: the sync resumes from its last load.",
    )


def _pip_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip().startswith("pip install"):
            return line.strip()
    return "the extra dlt names for this destination"


@dataclass
class Warehouse:
    """The warehouse of ``settings``, locked for this process until ``close`` (or the end of a
    ``with`` block). Construction raises ConfigError or SyncError, before any request to
    Centra, when the warehouse cannot be used."""

    settings: Settings
    mapped: dict[str, tuple[AttributeColumn, ...]] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock: _FileLock | _PostgresLock | None = None
        _quiet_dlt()
        self.histories = [HISTORIES[name] for name in self.settings.history or ()]
        # A killed run may have loaded without tidying: the first tidy of a run covers all.
        self._untidy: set[str] = set(TABLES)
        self.duckdb_file = duckdb_file(self.settings)
        self.where = describe_destination(self.settings)
        _check_paths(self.settings, self.duckdb_file)
        target = self.settings.destination
        if self.duckdb_file is not None:
            self._lock = _FileLock(self.duckdb_file.with_name(self.duckdb_file.name + ".lock"))
        elif target is not None and _is_postgres(target):
            self._lock = _PostgresLock(target, DATASET)
        if self._lock is not None:
            self._lock.acquire(self.where)
        try:
            self._open()
        except BaseException:
            self.close()
            raise

    def _open(self) -> None:
        import dlt

        missing = False
        if self.duckdb_file is not None:
            missing = not self.duckdb_file.exists()  # before opening it creates the file
            catalog = _duckdb_catalog(self.duckdb_file, self.where)
            destination: Any = _duckdb_destination(self.duckdb_file, catalog)
        elif _is_postgres(self.settings.destination):
            credentials = _postgres_credentials(self.settings.destination or "")
            destination = dlt.destinations.postgres(credentials=credentials)
        else:
            # Any other dlt destination by name, configured the dlt way (env or .dlt/secrets.toml).
            destination = self.settings.destination
        # One pipeline (and one set of cursors) per warehouse, however its URL is spelled.
        key = warehouse_identity(self.settings)
        self._options = {
            "pipeline_name": "centra_bridge_" + hashlib.sha256(key.encode()).hexdigest()[:10],
            "destination": destination,
            "dataset_name": DATASET,
            "pipelines_dir": str(self.settings.state_dir.resolve() / "pipelines"),
        }
        try:
            self.pipeline = dlt.pipeline(**self._options)
            if missing:
                self.reset()  # the file is gone: cursors from before would skip everything
            elif self.pipeline.has_pending_data:
                self._finish_pending()
            if not self.pipeline.default_schema_name and self.exists():
                # A warehouse without local state (a new machine, a deleted state dir): take the
                # schema and state dlt keeps in the destination itself.
                self.pipeline.sync_destination()
        except Exception as exc:
            raise self._error(exc, "Opening") from exc

    def _error(self, exc: Exception, doing: str) -> CentraBridgeError:
        error = _environment_error(exc, self.where, doing)
        # dlt's messages may quote the connection string.
        error.message = _hide_secrets(error.message, self.settings.destination)
        error.args = (error.message,)
        return error

    def close(self) -> None:
        """Release the warehouse's lock (idempotent); the next sync may then run."""
        if self._lock is not None:
            self._lock.release()

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        # A forgotten close: the lock goes with the object (a killed process loses it anyway).
        lock = getattr(self, "_lock", None)
        if lock is not None:
            lock.release()

    def _finish_pending(self) -> None:
        """Load what a killed run left extracted but not loaded. dlt's ``run`` would load it
        *instead of* the data it is given, silently dropping that data."""
        try:
            self.pipeline.normalize()
            self.pipeline.load()
        except Exception:  # noqa: BLE001 (a torn package: its rows are read again anyway)
            logger.warning("Dropping an unfinished load left by an interrupted run")
            self.pipeline.drop_pending_packages()

    def exists(self) -> bool:
        """Whether the warehouse is there (only a DuckDB file can be known to be missing)."""
        return self.duckdb_file is None or self.duckdb_file.exists()

    def reset(self) -> None:
        import dlt

        self.pipeline.drop()
        self.pipeline = dlt.pipeline(**self._options)

    @property
    def state(self) -> dict[str, Any]:
        sources = self.pipeline.state.get("sources", {})
        resources = sources.get(self.pipeline.pipeline_name, {}).get("resources", {})
        return dict(resources.get(_RESOURCE, {}))

    def arrow(self, table: Table, items: list[dict[str, Any]], synced_at: Any) -> pa.Table:
        return table.arrow(items, synced_at, self.mapped.get(table.name, ()))

    def load(self, batches: list[tuple[Table, pa.Table]], cursors: dict[str, Any]) -> None:
        """Merge the batches on their natural keys and commit ``cursors`` with them."""
        import dlt

        hints = {
            table.name: dlt.mark.make_hints(
                table_name=table.name, primary_key=list(table.key), write_disposition="merge"
            )
            for table, _ in batches
        }

        known = self.tables()
        loaded = {table.name for table, _ in batches}
        # A history switched on after its table was first loaded starts with the next load.
        new_histories = [
            h.table
            for h in self.histories
            if h.base in known | loaded and h.table.name not in known
        ]
        for history in new_histories:
            hints[history.name] = dlt.mark.make_hints(
                table_name=history.name, primary_key=list(history.key), write_disposition="merge"
            )

        @dlt.resource(name=_RESOURCE, write_disposition="merge")
        def centra() -> Iterator[Any]:
            dlt.current.resource_state().update(cursors)
            for table, data in batches:
                if data.num_rows or table.name not in known:  # every table exists, even empty
                    yield dlt.mark.with_hints(data, hints[table.name], create_table_variant=True)
            for history in new_histories:  # created by dlt, filled by ``History.record``
                empty = history.arrow([], datetime.now(UTC))
                yield dlt.mark.with_hints(empty, hints[history.name], create_table_variant=True)

        if self.pipeline.has_pending_data:  # a failed load earlier in this process
            self._finish_pending()
        try:
            self.pipeline.run(centra())
        except Exception as exc:
            cause = _cause(exc)
            if cause is not None:
                # dlt's wrapper already chains to our error; chaining back would make a cycle.
                raise cause from None
            raise self._error(exc, "Loading into") from exc
        self._untidy |= loaded

    def tidy(self) -> None:
        """Delete stale child rows and bring history tables up to date for what was loaded
        since the last call. Both compare whole tables, so they run once per committed step
        (a backfill's chunks only tidy at its end), not once per load."""
        if not self._untidy:
            return
        self._drop_stale_children(self._untidy)
        self._record_history(self._untidy)
        self._untidy = set()

    def _count_and_delete(self, sql: Any, table: str, condition: str) -> None:
        # Table and column names come from our own TABLES registry; keys are integers.
        rows = sql.execute_sql(f"select count(*) from {table} where {condition}")  # noqa: S608
        if rows and rows[0][0]:
            sql.execute_sql(f"delete from {table} where {condition}")  # noqa: S608
            name = table.rsplit(".", 1)[-1].strip('"')
            self.deleted[name] = self.deleted.get(name, 0) + int(rows[0][0])

    def tables(self) -> set[str]:
        return (
            set(self.pipeline.default_schema.tables) if self.pipeline.default_schema_name else set()
        )

    def _drop_stale_children(self, loaded: set[str]) -> None:
        present = self.tables()
        with self.pipeline.sql_client() as sql:
            for name in loaded:
                table = TABLES[name]
                if table.parent is None or name not in present:
                    continue
                parent = TABLES[SOURCE_OF_TABLE[name].tables[0]]
                child_sql = sql.make_qualified_table_name(name)
                parent_sql = sql.make_qualified_table_name(parent.name)
                condition = (
                    f"exists (select 1 from {parent_sql} p where p.{parent.key[0]} = "  # noqa: S608
                    f"{child_sql}.{table.parent} and p._synced_at > {child_sql}._synced_at)"
                )
                self._count_and_delete(sql, child_sql, condition)

    def _record_history(self, changed: set[str]) -> None:
        if not self.histories:
            return
        present = self.tables()
        now = datetime.now(UTC)
        with self.pipeline.sql_client() as sql:
            for history in self.histories:
                if history.base in changed and history.table.name in present:
                    history.record(sql, now)

    def watermark(self, table: Table, overlap: int) -> tuple[int, dict[str, int]] | None:
        """The newest ``updated_at`` the warehouse holds, and the keys updated within ``overlap``
        of it (as epoch seconds): the cursor as the rows themselves prove it. dlt saves its
        local state when it extracts, so after a kill that state can run ahead of the rows."""
        if table.name not in self.tables():
            return None
        with self.pipeline.sql_client() as sql:
            name = sql.make_qualified_table_name(table.name)
            rows = sql.execute_sql(f"select max(updated_at) from {name}")  # noqa: S608
            newest = rows[0][0] if rows else None
            if newest is None:
                return None
            floor = (newest - timedelta(seconds=overlap)).isoformat()
            recent = sql.execute_sql(
                f"select {table.key[0]}, updated_at from {name} where updated_at >= '{floor}'"  # noqa: S608
            )
        return int(newest.timestamp()), {str(k): int(u.timestamp()) for k, u in recent or ()}

    def row_counts(self) -> dict[str, int]:
        """Rows per table held now (one query)."""
        present = sorted(self.tables() & ({*TABLES} | {h.table.name for h in self.histories}))
        if not present:
            return {}
        with self.pipeline.sql_client() as sql:
            query = " union all ".join(
                f"select '{name}', count(*) from {sql.make_qualified_table_name(name)}"  # noqa: S608
                for name in present
            )
            return {name: int(count) for name, count in sql.execute_sql(query) or ()}

    def max_key(self, table: Table) -> int | None:
        if table.name not in self.tables():
            return None
        with self.pipeline.sql_client() as sql:
            name = sql.make_qualified_table_name(table.name)
            rows = sql.execute_sql(f"select max({table.key[0]}) from {name}")  # noqa: S608
        return None if not rows or rows[0][0] is None else int(rows[0][0])

    def held_stamps(self, table: Table, keys: list[int]) -> dict[int, int]:
        """``updated_at`` (epoch seconds) of the rows held with these keys."""
        if not keys or table.name not in self.tables():
            return {}
        listed = ", ".join(str(int(k)) for k in keys)
        with self.pipeline.sql_client() as sql:
            name = sql.make_qualified_table_name(table.name)
            rows = sql.execute_sql(
                f"select {table.key[0]}, updated_at from {name} where {table.key[0]} in ({listed})"  # noqa: S608
            )
        return {int(k): int(u.timestamp()) for k, u in rows or () if u is not None}

    def delete(self, table: Table, keys: set[int]) -> None:
        """Remove deleted objects and their child rows."""
        if not keys or table.name not in self.tables():
            return
        listed = ", ".join(str(int(k)) for k in sorted(keys))
        targets = [(table.name, table.key[0])] + [
            (child, TABLES[child].parent or "")
            for child in SOURCE_OF_TABLE[table.name].tables[1:]
            if TABLES[child].parent
        ]
        with self.pipeline.sql_client() as sql:
            for name, column in targets:
                if name not in self.tables():
                    continue
                qualified = sql.make_qualified_table_name(name)
                self._count_and_delete(sql, qualified, f"{column} in ({listed})")
        self._untidy.add(table.name)  # its history rows are closed by the next tidy
