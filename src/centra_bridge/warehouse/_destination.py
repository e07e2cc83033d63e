"""Where the rows go: the dlt destination a setting names, how it is shown (passwords masked),
what identifies it, and what can be checked before the first request (paths, the file, the
server), with errors that name the place and say what to do."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit

from centra_bridge.errors import CentraBridgeError, ConfigError, SyncError
from centra_bridge.redact import first_line, mask_url

if TYPE_CHECKING:
    from centra_bridge.warehouse._options import WarehouseOptions

logger = logging.getLogger("centra_bridge.warehouse")

CONNECT_TIMEOUT = 10  # seconds to reach a PostgreSQL server before saying it is unreachable
POSTGRES_EXTRA = "pip install 'centra-bridge[postgres]' (in a clone: pip install '.[postgres]')"


def configure_dlt() -> None:
    # No telemetry from a user's machine, and dlt's own log lines only when they matter.
    os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")
    os.environ.setdefault("RUNTIME__LOG_LEVEL", "ERROR")
    # Merges go through staging tables, which otherwise keep a copy of the last load's rows in
    # the warehouse: emptied after each load, the file is smaller and closing it (DuckDB's
    # checkpoint) takes half as long (0.10 s instead of 0.19 s after a 20,000-order backfill).
    os.environ.setdefault("LOAD__TRUNCATE_STAGING_DATASET", "true")


def is_postgres(target: str | None) -> bool:
    return target is not None and urlsplit(target).scheme in ("postgres", "postgresql")


def duckdb_file(settings: WarehouseOptions) -> Path | None:
    """The DuckDB file the rows go to, or None for another destination."""
    target = settings.destination
    if target is None:
        return settings.duckdb_path
    if target.startswith("duckdb://"):
        return Path(target.removeprefix("duckdb://"))
    return None


def describe_destination(settings: WarehouseOptions) -> str:
    """Where the rows go, for messages (a URL's password is never shown)."""
    if settings.destination is None:
        return str(settings.duckdb_path)
    return mask_url(settings.destination)


def warehouse_identity(settings: WarehouseOptions) -> str:
    """Where the data is, however the setting spells it: a DuckDB file's resolved path, a
    PostgreSQL server's host, port and database (not the user, password or options)."""
    path = duckdb_file(settings)
    if path is not None:
        identity = str(path.resolve())
    elif is_postgres(settings.destination):
        parts = urlsplit(settings.destination or "")
        database = unquote(parts.path.strip("/"))
        identity = f"postgresql://{parts.hostname}:{parts.port or 5432}/{database}"
    else:
        identity = settings.destination or ""
    return identity


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


def check_paths(settings: WarehouseOptions, path: Path | None) -> None:
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


def open_duckdb(path: Path, where: str) -> tuple[Any, str]:
    """Open the file (a corrupt file or one held by another program fails here, before any
    request); returns the connection and DuckDB's name for its catalog (the file's stem,
    mostly)."""
    import duckdb

    try:
        con = duckdb.connect(str(path))
        # As dlt sets it on the connections it uses: our own queries (``DuckDBSql``) then read
        # timestamps the same way whatever the machine's time zone.
        con.execute("SET TimeZone = 'UTC'")
        row = con.execute("select current_database()").fetchone()
    except duckdb.Error as exc:
        detail = first_line(exc)
        if "lock" in detail.lower():
            msg = f"{where} is open in another program: {detail}"
            hint = (
                "Close it there (DuckDB lets one process write a file at a time; open it "
                "read-only to look between syncs, or while `sync --follow` waits), then retry."
            )
        else:
            msg = f"{where} cannot be opened as a DuckDB database: {detail}"
            hint = (
                "Nothing was written to it. If it is not a DuckDB file, move it away or point "
                "duckdb_path at another file; a new one is created."
            )
        raise SyncError(msg, hint=hint) from None
    return con, str(row[0]) if row else path.stem


class DuckDBSql:
    """The two calls the warehouse makes of dlt's SQL client (``make_qualified_table_name``,
    ``execute_sql``), straight on the open DuckDB connection. dlt's client resolves its
    configuration each time it is opened: 10-20 ms, and 150 ms the first time in a process
    (a sixth of a backfill's tail), where these queries take under a millisecond."""

    def __init__(self, con: Any, catalog: str, dataset: str) -> None:
        self._con = con
        self._prefix = f"{_quoted(catalog)}.{_quoted(dataset)}."

    def make_qualified_table_name(self, table: str) -> str:
        return self._prefix + _quoted(table)

    def execute_sql(self, sql: str) -> list[tuple[Any, ...]]:
        return list(self._con.execute(sql).fetchall())


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def duckdb_destination(con: Any, catalog: str) -> Any:
    """dlt's DuckDB destination on the open connection ``con``, naming tables
    ``catalog.dataset.table``.

    Given a connection, dlt neither opens nor closes the file itself: given a path, it opens
    the file for every load and closes it after, with a checkpoint each time (a chunk's load
    of a 20,000-order backfill took 0.43-0.92 s that way, 0.35-0.78 s on the open file; on a
    busy machine half as long; docs/sync.md).

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

    return _DuckDB(con, destination_name="duckdb")


def postgres_credentials(url: str) -> str:
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


def our_error(exc: BaseException) -> CentraBridgeError | None:
    """Our own error inside dlt's wrapping, if there is one."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, CentraBridgeError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def environment_error(exc: Exception, where: str, doing: str) -> CentraBridgeError:
    """One line for what dlt says in pages: a missing extra, missing configuration, or the
    database's own complaint."""
    from dlt.common.configuration.exceptions import ConfigFieldMissingException
    from dlt.common.exceptions import MissingDependencyException

    cause = our_error(exc)
    if cause is not None:
        return cause
    inner: BaseException = exc
    while inner.__cause__ is not None and not isinstance(inner, MissingDependencyException):
        inner = inner.__cause__
    if isinstance(inner, MissingDependencyException):
        install = POSTGRES_EXTRA if "postgres" in str(inner) else _pip_line(str(inner))
        return SyncError(
            f"{doing} {where} needs a package that is not installed",
            hint=f"Install it: {install}",
        )
    if isinstance(inner, ConfigFieldMissingException):
        return ConfigError(
            f"The dlt destination {where} is not configured: {first_line(inner)}",
            hint="Configure it the dlt way (DESTINATION__<NAME>__CREDENTIALS__... environment "
            "variables or .dlt/secrets.toml), see https://dlthub.com/docs/dlt-ecosystem/"
            "destinations/",
        )
    return SyncError(
        f"{doing} {where} failed: {first_line(exc)}",
        hint="Check that the destination is reachable and that no other program holds a DuckDB "
        "file open, then retry: the sync resumes from its last load.",
    )


def _pip_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip().startswith("pip install"):
            return line.strip()
    return "the extra dlt names for this destination"
