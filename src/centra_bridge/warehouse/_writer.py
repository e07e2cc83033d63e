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
that can be checked without Centra (paths, an existing file, the server, the lock) is checked
when it is constructed, before the sync sends its first request.
"""

from __future__ import annotations

import hashlib
import logging
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from centra_bridge.errors import CentraBridgeError
from centra_bridge.redact import hide_secrets
from centra_bridge.warehouse._destination import (
    DuckDBSql,
    check_paths,
    configure_dlt,
    describe_destination,
    duckdb_destination,
    duckdb_file,
    environment_error,
    is_postgres,
    open_duckdb,
    our_error,
    postgres_credentials,
    warehouse_identity,
)
from centra_bridge.warehouse._locks import FileLock, PostgresLock

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence
    from types import TracebackType

    import pyarrow as pa

    from centra_bridge.warehouse._history import History
    from centra_bridge.warehouse._options import WarehouseOptions
    from centra_bridge.warehouse._table import AttributeColumn, Table

logger = logging.getLogger("centra_bridge.warehouse")

__all__ = ["DATASET", "Warehouse", "warehouse_identity"]

DATASET = "centra"
_RESOURCE = "centra"


@dataclass
class Warehouse:
    """The warehouse of ``options`` holding the ``definitions`` tables (and ``histories`` of
    some), locked for this process until ``close`` (or the end of a ``with`` block).
    Construction raises ConfigError or SyncError, before any request to Centra, when the
    warehouse cannot be used. ``mapped``: custom attribute columns per table."""

    options: WarehouseOptions
    definitions: Mapping[str, Table]
    histories: Sequence[History] = ()
    mapped: dict[str, tuple[AttributeColumn, ...]] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock: FileLock | PostgresLock | None = None
        self._duckdb: Any = None  # the DuckDB file's connection while held (see ``release``)
        configure_dlt()
        # A killed run may have loaded without tidying: the first tidy of a run covers all.
        self._untidy: set[str] = set(self.definitions)
        self.duckdb_file = duckdb_file(self.options)
        self.where = describe_destination(self.options)
        check_paths(self.options, self.duckdb_file)
        target = self.options.destination
        if self.duckdb_file is not None:
            self._lock = FileLock(self.duckdb_file.with_name(self.duckdb_file.name + ".lock"))
        elif target is not None and is_postgres(target):
            self._lock = PostgresLock(target, DATASET)
        if self._lock is not None:
            self._lock.acquire(self.where)
        # A DuckDB file that is not there yet holds nothing to read before the first load.
        self.new = self.duckdb_file is not None and not self.duckdb_file.exists()
        self._opening: threading.Thread | None = None
        self._open_error: BaseException | None = None
        try:
            self._open()
        except BaseException:
            self.close()
            raise

    def _open(self) -> None:
        # One pipeline (and one set of cursors) per warehouse, however its URL is spelled.
        self.identity = warehouse_identity(self.options)
        digest = hashlib.sha256(self.identity.encode()).hexdigest()[:10]
        self._options = {
            "pipeline_name": "centra_bridge_" + digest,
            "dataset_name": DATASET,
            "pipelines_dir": str(self.options.state_dir.resolve() / "pipelines"),
        }
        if self.duckdb_file is None:
            self._open_pipeline()
            return
        if not self.new:
            self._connect_file()  # a file held by another program fails here, before any request
            self._open_pipeline()
            return

        # Importing DuckDB and dlt and making the file and its pipeline take about a second:
        # for a new file nothing needs them before the first load, so they overlap with the
        # first requests. Signals stay with the main thread (see centra_bridge.cli).
        def opening() -> None:
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
            try:
                self._connect_file()
                self._open_pipeline()
            except BaseException as exc:  # noqa: BLE001 (raised where the pipeline is needed)
                self._open_error = exc

        self._opening = threading.Thread(target=opening, name="warehouse-open", daemon=True)
        self._opening.start()

    def _opened(self) -> None:
        """Wait for a pipeline opening in the background; raise what stopped it."""
        if self._opening is not None:
            self._opening.join()
            self._opening = None
        if self._open_error is not None:
            raise self._open_error

    def _open_pipeline(self) -> None:
        """dlt's pipeline on the connected file, on PostgreSQL, or on any dlt destination the
        options name (configured the dlt way: env or .dlt/secrets.toml)."""
        import dlt

        target = self.options.destination
        destination: Any = target
        if self.duckdb_file is not None:
            destination = duckdb_destination(self._duckdb, self._catalog)
        elif is_postgres(target):
            credentials = postgres_credentials(target or "")
            destination = dlt.destinations.postgres(credentials=credentials)
        self._options["destination"] = destination
        try:
            self._pipeline = dlt.pipeline(**self._options)
            if self.new:  # the file is gone: cursors from before would skip everything
                self._pipeline.drop()
                self._pipeline = dlt.pipeline(**self._options)
                return
            if self.pipeline.has_pending_data:
                self._finish_pending()
            if not self.pipeline.default_schema_name and self.exists():
                # A warehouse without local state (a new machine, a deleted state dir): take the
                # schema and state dlt keeps in the destination itself.
                self.pipeline.sync_destination()
        except Exception as exc:
            raise self._error(exc, "Opening") from exc

    def _connect_file(self) -> None:
        assert self.duckdb_file is not None
        self._duckdb, self._catalog = open_duckdb(self.duckdb_file, self.where)

    @property
    def pipeline(self) -> Any:
        """dlt's pipeline, on an open connection to a DuckDB file (opened again after
        ``release``)."""
        self._opened()
        if self.duckdb_file is not None and self._duckdb is None:
            import dlt

            self._connect_file()
            self._options["destination"] = duckdb_destination(self._duckdb, self._catalog)
            self._pipeline = dlt.pipeline(**self._options)
        return self._pipeline

    @contextmanager
    def _sql(self) -> Iterator[Any]:
        """A SQL client on the warehouse: on a DuckDB file the open connection itself."""
        pipeline = self.pipeline  # (reconnects a released file)
        if self._duckdb is not None:
            yield DuckDBSql(self._duckdb, self._catalog, DATASET)
            return
        with pipeline.sql_client() as sql:
            yield sql

    def checkpoint(self) -> None:
        """Write what the DuckDB file logged into the file now, rather than when it is closed
        (other destinations: nothing to do). A backfill calls it before its last chunk, while
        the last pages are fetched: closing then writes that chunk only (0.02 s, not 0.09 s)."""
        if self._duckdb is not None:
            self._duckdb.execute("CHECKPOINT")

    def release(self) -> None:
        """Close the DuckDB file until the next read or load, keeping the lock: a sync that
        waits (``--follow``) lets other programs open the file meanwhile."""
        opening = getattr(self, "_opening", None)
        if opening is not None:  # it makes and uses the connection: let it finish first
            opening.join()
        con = getattr(self, "_duckdb", None)  # None too when construction failed early
        if con is not None:
            con.close()
            self._duckdb = None

    def _error(self, exc: Exception, doing: str) -> CentraBridgeError:
        error = environment_error(exc, self.where, doing)
        # dlt's messages may quote the connection string.
        error.message = hide_secrets(error.message, self.options.destination)
        error.args = (error.message,)
        return error

    def close(self) -> None:
        """Close the file and release the warehouse's lock (idempotent); the next sync may
        then run."""
        self.release()
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
        # A forgotten close: the file and the lock go with the object (as with a killed process).
        self.release()
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
        self._pipeline = dlt.pipeline(**self._options)

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
            cause = our_error(exc)
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
        # Table and column names come from the table definitions; keys are integers.
        rows = sql.execute_sql(f"select count(*) from {table} where {condition}")  # noqa: S608
        if rows and rows[0][0]:
            sql.execute_sql(f"delete from {table} where {condition}")  # noqa: S608
            name = table.rsplit(".", 1)[-1].strip('"')
            self.deleted[name] = self.deleted.get(name, 0) + int(rows[0][0])

    def missing_histories(self) -> list[str]:
        """History tables switched on whose base table is held but which do not exist yet."""
        known = self.tables()
        return sorted(
            h.table.name for h in self.histories if h.base in known and h.table.name not in known
        )

    def tables(self) -> set[str]:
        return (
            set(self.pipeline.default_schema.tables) if self.pipeline.default_schema_name else set()
        )

    def _drop_stale_children(self, loaded: set[str]) -> None:
        present = self.tables()
        with self._sql() as sql:
            for name in loaded:
                table = self.definitions[name]
                if table.parent is None or name not in present:
                    continue
                owner, column = self.definitions[table.parent[0]], table.parent[1]
                child_sql = sql.make_qualified_table_name(name)
                parent_sql = sql.make_qualified_table_name(owner.name)
                condition = (
                    f"exists (select 1 from {parent_sql} p where p.{owner.key[0]} = "  # noqa: S608
                    f"{child_sql}.{column} and p._synced_at > {child_sql}._synced_at)"
                )
                self._count_and_delete(sql, child_sql, condition)

    def _record_history(self, changed: set[str]) -> None:
        if not self.histories:
            return
        present = self.tables()
        now = datetime.now(UTC)
        with self._sql() as sql:
            for history in self.histories:
                if history.base in changed and history.table.name in present:
                    history.record(sql, now)

    def watermark(self, table: Table, overlap: int) -> tuple[int, dict[str, int]] | None:
        """The newest ``updated_at`` the warehouse holds, and the keys updated within ``overlap``
        of it (as epoch seconds): the cursor as the rows themselves prove it. dlt saves its
        local state when it extracts, so after a kill that state can run ahead of the rows."""
        if table.name not in self.tables():
            return None
        with self._sql() as sql:
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
        defined = {*self.definitions, *(h.table.name for h in self.histories)}
        present = sorted(self.tables() & defined)
        if not present:
            return {}
        with self._sql() as sql:
            query = " union all ".join(
                f"select '{name}', count(*) from {sql.make_qualified_table_name(name)}"  # noqa: S608
                for name in present
            )
            return {name: int(count) for name, count in sql.execute_sql(query) or ()}

    def select(self, table: str, columns: str) -> list[tuple[Any, ...]]:
        """Every row of ``table``, as tuples of ``columns`` (a select list of its columns)."""
        with self._sql() as sql:
            name = sql.make_qualified_table_name(table)
            return list(sql.execute_sql(f"select {columns} from {name}") or ())  # noqa: S608

    def delete_where(self, table: str, condition: str) -> None:
        """Delete the rows of ``table`` that meet ``condition`` (counted in ``deleted``)."""
        with self._sql() as sql:
            self._count_and_delete(sql, sql.make_qualified_table_name(table), condition)
        self._untidy.add(table)  # its history rows are closed by the next tidy

    def max_key(self, table: Table) -> int | None:
        if table.name not in self.tables():
            return None
        with self._sql() as sql:
            name = sql.make_qualified_table_name(table.name)
            rows = sql.execute_sql(f"select max({table.key[0]}) from {name}")  # noqa: S608
        return None if not rows or rows[0][0] is None else int(rows[0][0])

    def held_stamps(self, table: Table, keys: list[int]) -> dict[int, int]:
        """``updated_at`` (epoch seconds) of the rows held with these keys."""
        if not keys or table.name not in self.tables():
            return {}
        listed = ", ".join(str(int(k)) for k in keys)
        with self._sql() as sql:
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
            (child.name, child.parent[1])
            for child in self.definitions.values()
            if child.parent and child.parent[0] == table.name
        ]
        with self._sql() as sql:
            for name, column in targets:
                if name not in self.tables():
                    continue
                qualified = sql.make_qualified_table_name(name)
                self._count_and_delete(sql, qualified, f"{column} in ({listed})")
        self._untidy.add(table.name)  # its history rows are closed by the next tidy
