"""Reading a warehouse: SQL in, Arrow tables out, for DuckDB files and PostgreSQL databases.

Read-only by construction (a DuckDB file is opened read-only; PostgreSQL sessions are set
read-only), so a report, the demo or analytics can never change synced data.
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from centra_bridge.errors import CentraBridgeError, WarehouseBusyError
from centra_bridge.redact import first_line, mask_url

if TYPE_CHECKING:
    from collections.abc import Sequence

    import pyarrow as pa

__all__ = ["Reader", "WarehouseReadError"]


class WarehouseReadError(CentraBridgeError):
    """The warehouse cannot be opened or a query against it failed."""

    default_hint = "Run `centra-bridge sync` first, or check the warehouse's path or URL."


class Reader:
    """``Reader(Path("centra-bridge.duckdb"))`` or ``Reader("postgresql://me@db/shop")``;
    ``dataset`` is the schema the sync loads into."""

    def __init__(self, location: str | Path, *, dataset: str = "centra") -> None:
        self.dataset = dataset
        self._duckdb: Any = None
        self._postgres: Any = None
        self._errors: tuple[type[Exception], ...] = ()  # the driver's, once it is imported
        if isinstance(location, str) and location.startswith("duckdb://"):
            location = Path(location.removeprefix("duckdb://"))
        if isinstance(location, Path):
            self.where = str(location)
            self._open_duckdb(location)
        elif location.startswith(("postgresql://", "postgres://")):
            self.where = mask_url(location)
            self._open_postgres(location)
        else:
            msg = f"Cannot read {mask_url(location)}: only DuckDB files and PostgreSQL are readable"
            raise WarehouseReadError(msg, hint="Use a .duckdb path or a postgresql:// URL.")

    def _open_duckdb(self, path: Path) -> None:
        import duckdb

        self._errors = (duckdb.Error,)
        if not path.exists():
            msg = f"The warehouse {path} does not exist"
            raise WarehouseReadError(msg)
        try:
            self._duckdb = duckdb.connect(str(path), read_only=True)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                msg = f"The warehouse {path} is held by another program (a sync running?)"
                raise WarehouseBusyError(msg, hint="Try again when it has finished.") from None
            msg = f"The warehouse {path} cannot be opened: {first_line(exc)}"
            raise WarehouseReadError(msg) from None

    def _open_postgres(self, url: str) -> None:
        try:
            import psycopg2
        except ImportError:
            msg = "Reading PostgreSQL needs the postgres extra, which is not installed"
            raise WarehouseReadError(
                msg, hint="pip install 'centra-bridge[postgres]' (in a clone: '.[postgres]')"
            ) from None
        self._errors = (psycopg2.Error,)
        try:
            self._postgres = psycopg2.connect(url, connect_timeout=10)
            self._postgres.set_session(readonly=True, autocommit=True)
        except psycopg2.Error as exc:
            msg = f"The warehouse {self.where} cannot be opened: {first_line(exc)}"
            raise WarehouseReadError(msg) from None

    @property
    def placeholder(self) -> str:
        """The parameter placeholder of this warehouse's driver."""
        return "?" if self._duckdb is not None else "%s"

    def query(self, sql: str, params: Sequence[Any] = ()) -> pa.Table:
        """Run ``sql`` (``?`` placeholders on DuckDB, ``%s`` on PostgreSQL; ``{dataset}`` is
        replaced by the schema) and return the result as an Arrow table."""
        import pyarrow as pa

        sql = sql.replace("{dataset}", self.dataset)
        try:
            if self._duckdb is not None:
                result = self._duckdb.sql(sql, params=list(params) or None)
                return pa.table({}) if result is None else result.to_arrow_table()
            with self._postgres.cursor() as cursor:
                cursor.execute(sql, tuple(params))
                names = [column.name for column in cursor.description or ()]
                rows = cursor.fetchall()
        except self._errors as exc:
            msg = f"Query against {self.where} failed: {first_line(exc)}"
            raise WarehouseReadError(msg) from None
        columns = [pa.array([row[i] for row in rows]) for i in range(len(names))]
        return pa.Table.from_arrays(columns, names=names)  # names may repeat (count, sum, sum)

    def tables(self) -> list[str]:
        """The tables the dataset holds (dlt's own bookkeeping tables left out)."""
        sql = "select table_name from information_schema.tables where table_schema = "
        found = self.query(f"{sql}{self.placeholder} order by table_name", [self.dataset])
        return [name for name in found.column(0).to_pylist() if not name.startswith("_dlt")]

    def close(self) -> None:
        for connection in (self._duckdb, self._postgres):
            if connection is not None:
                connection.close()

    def __enter__(self) -> Reader:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def define_views(location: str | Path, views: dict[str, str], *, dataset: str = "centra") -> None:
    """(Re)create ``views`` (name -> a select; ``{dataset}`` is the schema) in the warehouse, in
    one transaction, with a connection that writes for that moment only."""
    statements = []
    for name, select in views.items():
        statements += [
            f"drop view if exists {dataset}.{name}",
            f"create view {dataset}.{name} as {select.replace('{dataset}', dataset)}",
        ]
    where = str(location) if isinstance(location, Path) else mask_url(location)
    try:
        if isinstance(location, Path):
            import duckdb

            with duckdb.connect(str(location)) as connection:
                connection.execute("begin")
                for statement in statements:
                    connection.execute(statement)
                connection.execute("commit")
            return
        import psycopg2

        connection = psycopg2.connect(location, connect_timeout=10)
        try:
            with connection, connection.cursor() as cursor:  # one transaction
                for statement in statements:
                    cursor.execute(statement)
        finally:
            connection.close()
    except Exception as exc:  # noqa: BLE001 (each driver's errors, said once)
        msg = f"The views could not be created in {where}: {first_line(exc)}"
        raise WarehouseReadError(
            msg, hint="Run it when no sync is loading into the warehouse, after a first sync."
        ) from None
