"""The warehouse side: a dlt pipeline per destination, loads that carry their own cursors.

Every load is one ``pipeline.run`` of a resource that yields Arrow tables (one per warehouse
table) and writes the sync's cursors into dlt's resource state, which dlt commits together with
the rows: a process killed mid-load resumes from the cursors of the last committed load.

Child rows (order lines, shipments...) carry the ``_synced_at`` of the page that brought their
parent. A child older than its parent was not in the parent's latest answer (a deleted return,
say), so it is deleted by ``tidy`` (with the history step) after each events batch, at the end
of a backfill and of every run. The queries are idempotent and the first tidy of every run
covers every table, so a crash before one runs is repaired by the next run.
"""

from __future__ import annotations

import hashlib
import logging
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from centra_bridge.errors import CentraBridgeError, SyncError
from centra_bridge.sync._history import HISTORIES
from centra_bridge.sync._sources import SOURCE_OF_TABLE
from centra_bridge.sync._tables import TABLES, AttributeColumn, Table

if TYPE_CHECKING:
    from collections.abc import Iterator

    import pyarrow as pa

    from centra_bridge.config import Settings

logger = logging.getLogger("centra_bridge.sync")

DATASET = "centra"
_RESOURCE = "centra"


def _quiet_dlt() -> None:
    # No telemetry from a user's machine, and dlt's own log lines only when they matter.
    os.environ.setdefault("RUNTIME__DLTHUB_TELEMETRY", "false")
    os.environ.setdefault("RUNTIME__LOG_LEVEL", "ERROR")


def describe_destination(settings: Settings) -> str:
    """Where the rows go, for messages (a URL's password is never shown)."""
    if settings.destination is None:
        return str(settings.duckdb_path)
    parts = urlsplit(settings.destination)
    if parts.password:
        return settings.destination.replace(f":{parts.password}@", ":***@")
    return settings.destination


def _destination(settings: Settings) -> tuple[Any, Path | None]:
    """The dlt destination, and the DuckDB file when it is one. Settings validated the URL."""
    import dlt

    target = settings.destination
    if target is None or target.startswith("duckdb://"):
        path = settings.duckdb_path if target is None else Path(target.removeprefix("duckdb://"))
        return dlt.destinations.duckdb(str(path.resolve())), path
    if urlsplit(target).scheme in ("postgres", "postgresql"):
        return dlt.destinations.postgres(credentials=_postgres_credentials(target)), None
    # Any other dlt destination by name, configured the dlt way (env or .dlt/secrets.toml).
    return target, None


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


@dataclass
class Warehouse:
    settings: Settings
    mapped: dict[str, tuple[AttributeColumn, ...]] = field(default_factory=dict)
    deleted: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        _quiet_dlt()
        import dlt

        self.histories = [HISTORIES[name] for name in self.settings.history or ()]
        # A killed run may have loaded without tidying: the first tidy of a run covers all.
        self._untidy: set[str] = set(TABLES)

        destination, self.duckdb_file = _destination(self.settings)
        self.where = describe_destination(self.settings)
        key = str(self.duckdb_file.resolve()) if self.duckdb_file else self.where
        # One pipeline (and one set of cursors) per destination.
        name = "centra_bridge_" + hashlib.sha256(key.encode()).hexdigest()[:10]
        self._options = {
            "pipeline_name": name,
            "destination": destination,
            "dataset_name": DATASET,
            "pipelines_dir": str(self.settings.state_dir.resolve() / "pipelines"),
        }
        self.pipeline = dlt.pipeline(**self._options)
        if not self.exists():
            self.reset()  # the file is gone: cursors from before would skip everything
        elif self.pipeline.has_pending_data:
            self._finish_pending()
        if not self.pipeline.default_schema_name and self.exists():
            # A warehouse without local state (a new machine, a deleted state dir): take the
            # schema and state dlt keeps in the destination itself.
            self.pipeline.sync_destination()

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
            detail = str(exc)
            password = urlsplit(self.settings.destination or "").password
            if password:  # dlt's messages may quote the connection string
                detail = detail.replace(password, "***")
            msg = f"Loading into {self.where} failed: {detail}"
            raise SyncError(
                msg,
                hint="Check that the destination is reachable and that no other process holds "
                "a DuckDB file open, then retry: the sync resumes from its last load.",
            ) from exc
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
