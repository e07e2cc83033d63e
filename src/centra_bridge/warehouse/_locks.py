"""One sync at a time per warehouse: a lock file beside a DuckDB file, an advisory lock in
PostgreSQL. A blocked run fails at once and says who holds the lock, since when."""

from __future__ import annotations

import fcntl
import importlib
import json
import os
import socket
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from centra_bridge.errors import SyncError, WarehouseBusyError
from centra_bridge.redact import first_line, hide_secrets
from centra_bridge.warehouse._destination import CONNECT_TIMEOUT, POSTGRES_EXTRA


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
class FileLock:
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
class PostgresLock:
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
            raise SyncError(msg, hint=f"Install it: {POSTGRES_EXTRA}") from None
        me = f"centra-bridge {os.getpid()}@{socket.gethostname()}"[:63]  # NAMEDATALEN - 1
        try:
            connection = psycopg2.connect(
                self.url, connect_timeout=CONNECT_TIMEOUT, application_name=me
            )
        except psycopg2.Error as exc:
            detail = hide_secrets(first_line(exc), self.url)
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
