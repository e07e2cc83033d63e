"""The durable store: run facts, idempotency keys, outbox rows and leases, in SQL.

A SQLite file by default (one machine), PostgreSQL by URL (several workers). What lives here is
what has no warehouse to be committed with: which decisions were taken, which deliveries are
owed, who consumes an integration's events. A warehouse's row cursors stay committed with its
rows (see ``centra_bridge.sync``), so a store lost or reset never makes a sync skip data.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Engine,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError, SQLAlchemyError

from centra_bridge.errors import StateError
from centra_bridge.redact import first_line, mask_url

__all__ = ["OutboxRow", "StateStore", "Transaction"]

_metadata = MetaData()
_facts = Table(
    "facts",
    _metadata,
    Column("scope", String(200), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("value", JSON, nullable=False),
    Column("updated_at", Float, nullable=False),
)
_keys = Table(
    "idempotency_keys",
    _metadata,
    Column("scope", String(200), primary_key=True),
    Column("key", String(300), primary_key=True),
    Column("created_at", Float, nullable=False),
)
_outbox = Table(
    "outbox",
    _metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("topic", String(100), nullable=False),
    Column("key", String(300), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("due_at", Float, nullable=False),
    Column("last_error", Text),
    Column("created_at", Float, nullable=False),
    Column("updated_at", Float, nullable=False),
    UniqueConstraint("topic", "key"),
    Index("outbox_due", "topic", "status", "due_at"),  # what delivery reads, batch by batch
)
# Epoch seconds, not timestamps: SQLite has no time zones and leases compare numbers.
_leases = Table(
    "leases",
    _metadata,
    Column("name", String(300), primary_key=True),
    Column("holder", String(300), nullable=False),
    Column("expires_at", Float, nullable=False),
)


@dataclass(frozen=True, slots=True)
class OutboxRow:
    id: int
    topic: str
    key: str
    payload: dict[str, Any]
    status: str  # pending, done, failed, cancelled (the topic's owner may use others)
    attempts: int
    due_at: float
    last_error: str | None

    @property
    def due(self) -> datetime:
        return datetime.fromtimestamp(self.due_at, UTC)


def _outbox_row(row: Any) -> OutboxRow:
    return OutboxRow(
        row.id, row.topic, row.key, row.payload, row.status, row.attempts, row.due_at,
        row.last_error,
    )  # fmt: skip


class Transaction:
    """Writes that commit together: a decision, its idempotency key and its outbox row."""

    def __init__(self, connection: Connection) -> None:
        self._c = connection

    def _insert(self, table: Table, **values: Any) -> Any:
        """An INSERT of the connection's dialect: both know ON CONFLICT."""
        dialect = sqlite if self._c.dialect.name == "sqlite" else postgresql
        return dialect.insert(table).values(**values)

    def _insert_new(self, table: Table, **values: Any) -> bool:
        """Insert unless the key is there; True when this call inserted."""
        statement = self._insert(table, **values).on_conflict_do_nothing()
        return bool(self._c.execute(statement).rowcount)

    def claim_key(self, scope: str, key: str) -> bool:
        """True the first time ``key`` is claimed in ``scope``, False ever after."""
        return self._insert_new(_keys, scope=scope, key=key, created_at=time.time())

    def set_fact(self, scope: str, key: str, value: Any) -> None:
        statement = self._insert(_facts, scope=scope, key=key, value=value, updated_at=time.time())
        statement = statement.on_conflict_do_update(
            index_elements=["scope", "key"],
            set_={"value": statement.excluded.value, "updated_at": statement.excluded.updated_at},
        )
        self._c.execute(statement)

    def fact(self, scope: str, key: str, default: Any = None) -> Any:
        query = select(_facts.c.value).where(_facts.c.scope == scope, _facts.c.key == key)
        value = self._c.execute(query).scalar()
        return default if value is None else value

    def facts(self, scope: str) -> dict[str, Any]:
        """Every fact of ``scope``, by key (a service's per-shop records)."""
        query = select(_facts.c.key, _facts.c.value).where(_facts.c.scope == scope)
        return {row.key: row.value for row in self._c.execute(query)}

    def count_outbox(self, topic: str, status: str) -> int:
        """How many of ``topic``'s rows have ``status`` (a backlog, without reading them)."""
        query = select(func.count()).where(_outbox.c.topic == topic, _outbox.c.status == status)
        return int(self._c.execute(query).scalar() or 0)

    def add_outbox(
        self, topic: str, key: str, payload: dict[str, Any], *, due_at: float | None = None
    ) -> bool:
        """Queue a delivery once per ``(topic, key)``; False when it was queued before."""
        now = time.time()
        return self._insert_new(
            _outbox, topic=topic, key=key, payload=payload, status="pending", attempts=0,
            due_at=now if due_at is None else due_at, created_at=now, updated_at=now,
        )  # fmt: skip

    def update_outbox(self, row_id: int, **values: Any) -> None:
        """Change a row's ``status``, ``attempts``, ``due_at``, ``last_error`` or ``payload``."""
        allowed = {"status", "attempts", "due_at", "last_error", "payload"}
        if not set(values) <= allowed:
            msg = f"outbox rows have no {sorted(set(values) - allowed)}"
            raise ValueError(msg)
        values["updated_at"] = time.time()
        self._c.execute(update(_outbox).where(_outbox.c.id == row_id).values(**values))

    def outbox(
        self,
        topic: str,
        *,
        status: str | None = None,
        due_before: float | None = None,
        key: str | None = None,
        row_id: int | None = None,
        limit: int | None = None,
    ) -> list[OutboxRow]:
        query = select(_outbox).where(_outbox.c.topic == topic).order_by(_outbox.c.id)
        if row_id is not None:
            query = query.where(_outbox.c.id == row_id)
        if status is not None:
            query = query.where(_outbox.c.status == status)
        if due_before is not None:
            query = query.where(_outbox.c.due_at <= due_before)
        if key is not None:
            query = query.where(_outbox.c.key == key)
        if limit is not None:
            query = query.limit(limit)
        return [_outbox_row(row) for row in self._c.execute(query)]

    def acquire_lease(self, name: str, holder: str, ttl: float) -> bool:
        """Take or extend the lease ``name`` for ``ttl`` seconds; False while another holder's
        lease runs."""
        now = time.time()
        if self._insert_new(_leases, name=name, holder=holder, expires_at=now + ttl):
            return True
        taken = update(_leases).where(
            _leases.c.name == name, or_(_leases.c.holder == holder, _leases.c.expires_at < now)
        )
        return bool(self._c.execute(taken.values(holder=holder, expires_at=now + ttl)).rowcount)

    def release_lease(self, name: str, holder: str) -> None:
        self._c.execute(
            update(_leases)
            .where(_leases.c.name == name, _leases.c.holder == holder)
            .values(expires_at=0.0)
        )

    def lease_holders(self, prefix: str = "") -> dict[str, str]:
        """Every running lease whose name starts with ``prefix``, by name (one query for a
        scheduler that watches many)."""
        query = select(_leases.c.name, _leases.c.holder).where(
            _leases.c.name.startswith(prefix, autoescape=True),
            _leases.c.expires_at >= time.time(),
        )
        return {row.name: row.holder for row in self._c.execute(query)}

    def lease_holder(self, name: str) -> str | None:
        """Who holds ``name`` now (None when nobody's lease runs)."""
        query = select(_leases.c.holder).where(
            _leases.c.name == name, _leases.c.expires_at >= time.time()
        )
        return self._c.execute(query).scalar()


def _sqlite_pragmas(connection: Any, _: Any) -> None:
    # WAL: readers never wait for the writer. synchronous=NORMAL: a commit survives the
    # process being killed (what SIGKILL and crashes do); only a power cut may lose the last
    # commits, and each commit costs no fsync (bench/invitations.py: the outbox's speed).
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _schema_of(url: str) -> tuple[str, str | None]:
    """``postgresql://.../db?schema=NAME`` -> the URL without it, and NAME: several stores
    (one per shop) share a database, each in a schema of its own."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in query if k == "schema"), None)
    if schema is None:
        return url, None
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", schema):
        msg = f"The state store's schema {schema!r} must be lower-case letters, digits and _"
        raise StateError(msg, hint="Name the schema like a PostgreSQL identifier.")
    rest = urlencode([(k, v) for k, v in query if k != "schema"])
    return parts._replace(query=rest).geturl(), schema


def _create_tables(engine: Engine, schema: str | None) -> None:
    # Two jobs opening one new store at once (a shop's sync handler and its ERP imports) both
    # see a schema or table missing and both create it; the loser's "already exists" is not
    # an error. Each such failure means one more exists, so one try per object is enough.
    tries = len(_metadata.tables) + 2
    for attempt in range(tries):
        try:
            if schema is not None:
                with engine.begin() as connection:
                    connection.exec_driver_sql(f'create schema if not exists "{schema}"')
            _metadata.create_all(engine)
        except (OperationalError, IntegrityError, ProgrammingError):
            if attempt == tries - 1:
                raise
        else:
            return


class StateStore:
    """``StateStore("sqlite:///path/state.sqlite")``, ``StateStore(Path(...))`` or a
    ``postgresql://`` URL (``?schema=NAME`` keeps its tables in that schema, created when
    missing). Tables are created when missing."""

    def __init__(self, url: str | Path) -> None:
        if isinstance(url, Path):
            url.parent.mkdir(parents=True, exist_ok=True)
            url = f"sqlite:///{url}"
        self.url = url
        self.where = mask_url(url)
        url, schema = _schema_of(url) if url.startswith("postgres") else (url, None)
        options: dict[str, Any] = {}
        if url.startswith("sqlite"):
            options["connect_args"] = {"timeout": 30}  # several processes share the file
        else:  # psycopg2 is the driver the PostgreSQL extra installs (dlt's too)
            scheme, sep, rest = url.partition("://")
            if scheme in ("postgres", "postgresql"):
                url = f"postgresql+psycopg2{sep}{rest}"
        try:
            self.engine: Engine = create_engine(url, **options)
            if url.startswith("sqlite"):
                event.listen(self.engine, "connect", _sqlite_pragmas)
            if schema is not None:
                self.engine = self.engine.execution_options(schema_translate_map={None: schema})
            _create_tables(self.engine, schema)
        except (SQLAlchemyError, ImportError) as exc:
            msg = f"The state store {self.where} cannot be opened: {first_line(exc)}"
            raise StateError(
                msg,
                hint="Check the state store URL (state_url) or the state directory's "
                "permissions; PostgreSQL needs pip install 'centra-bridge[postgres]'.",
            ) from None

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """One transaction: committed when the block ends, rolled back when it raises."""
        with self.engine.begin() as connection:
            yield Transaction(connection)

    def close(self) -> None:
        self.engine.dispose()

    # One-statement conveniences.
    def claim_key(self, scope: str, key: str) -> bool:
        with self.transaction() as t:
            return t.claim_key(scope, key)

    def fact(self, scope: str, key: str, default: Any = None) -> Any:
        with self.transaction() as t:
            return t.fact(scope, key, default)

    def set_fact(self, scope: str, key: str, value: Any) -> None:
        with self.transaction() as t:
            t.set_fact(scope, key, value)
