"""SQLite: one aiosqlite connection per process, WAL, foreign keys, numbered migrations.

Migrations are ``migrations/sqlite/NNNN_name.sql``; ``PRAGMA user_version``
records the last one applied. Each runs in its own transaction, so a failed
migration leaves the file exactly as it was.

Before anything is written, an existing file is checked: it must be a SQLite
database, belong to Second Wind (``PRAGMA application_id``; a database from
before the id existed is recognised by its tables and adopted), and pass
``PRAGMA quick_check``. Each refusal is one line, and the file is left as it was.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, ClassVar

import aiosqlite

from bot.errors import StoreError
from bot.store.database import Database, Result, Row, migrations

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
APPLICATION_ID = 0x53576E64  # "SWnd": marks the file as Second Wind's
OUR_TABLES = frozenset({"clubs", "schedules"})


def _read_only(path: Path, exc: sqlite3.Error) -> bool:
    return "readonly" in str(exc) or not os.access(path.parent, os.W_OK) or (
        path.exists() and not os.access(path, os.W_OK))


def check_file(path: Path) -> None:
    """Refuse, in one line and changing nothing, a file the bot must not use.

    Done with plain sqlite3 before aiosqlite starts its worker thread, so a failure
    leaves no thread behind to complain after the event loop has closed.
    """
    where = f"cannot open database {path}"
    if path.is_dir():
        raise StoreError(f"{where}: that is a folder, not a file")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"{where}: cannot create its folder ({exc.strerror})") from None
    existing = path.exists() and path.stat().st_size > 0
    try:
        if existing:
            _check_existing(path)
        with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as probe:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and _read_only(path, exc):
            raise StoreError(f"{where}: the file or its folder is read-only for this user") \
                from None
        if "not a database" in str(exc) or "malformed" in str(exc):
            raise StoreError(f"{path} is not a SQLite database, or is damaged beyond "
                             "reading; point database.path (or --db) at Second Wind's "
                             "file") from None
        raise StoreError(f"{where}: {exc}") from None


def _check_existing(path: Path) -> None:
    """Check an existing file's identity and health without changing anything.

    Read only: a read-write connection, on closing, checkpoints a -wal left beside the
    file (by a crash, or by another application) into it. And ``immutable`` when there
    is no -wal (nothing has the file open in WAL mode), so that no -wal or -shm is made.
    """
    query = "mode=ro" if Path(f"{path}-wal").exists() else "mode=ro&immutable=1"
    uri = f"{path.resolve().as_uri()}?{query}"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as probe:
        _check_identity(probe, path)


def _check_identity(probe: sqlite3.Connection, path: Path) -> None:
    (app_id,) = probe.execute("PRAGMA application_id").fetchone()
    tables = {row[0] for row in probe.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    ours = app_id == APPLICATION_ID or (app_id == 0 and (tables >= OUR_TABLES or not tables))
    if not ours:
        raise StoreError(f"{path} is another application's SQLite database, not Second "
                         "Wind's; point database.path (or --db) at another file")
    problems = [row[0] for row in probe.execute("PRAGMA quick_check(5)")]
    if problems != ["ok"]:
        # One row may hold several problems on lines of their own: quote the first.
        lines = [line.strip() for problem in problems for line in str(problem).splitlines()
                 if line.strip() and not line.startswith("***")]
        first = lines[0] if lines else "not ok"
        raise StoreError(f"database {path} is damaged (quick_check: {first}); nothing "
                         "was changed. Restore a backup (secondwind db backup makes them)")


class _Transaction:
    """The one connection, inside ``BEGIN IMMEDIATE``: the Connection of a transaction."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> Result:
        """One statement, in one trip to the database thread; rows changed from total_changes."""
        before = self._connection.total_changes
        rows: list[Row] = list(await self._connection.execute_fetchall(sql, tuple(params)))
        return Result(self._connection.total_changes - before, rows)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """The statement once per parameter set."""
        await self._connection.executemany(sql, rows)

    async def lock(self, name: str) -> None:
        """Nothing to do: write transactions never overlap here (BEGIN IMMEDIATE, one writer)."""


class SqliteDatabase(Database):
    """The connection, and the lock that serialises every multi-statement write."""

    backend = "sqlite"
    errors: ClassVar[tuple[type[BaseException], ...]] = (sqlite3.Error,)

    def __init__(self, connection: aiosqlite.Connection, path: Path) -> None:
        super().__init__(str(path))
        self.connection = connection
        self.path = path
        self.write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, location: Path | str, up_to: int | None = None) -> SqliteDatabase:
        """Open (creating) the file and bring its schema to ``up_to`` (default: latest)."""
        path = Path(location)
        check_file(path)
        connection = await aiosqlite.connect(path, isolation_level=None)
        connection.row_factory = aiosqlite.Row
        database = cls(connection, path)
        try:
            await connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await connection.execute("PRAGMA journal_mode = WAL")
            await connection.execute("PRAGMA synchronous = NORMAL")
            await connection.execute("PRAGMA foreign_keys = ON")
            await connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            await database.migrate(up_to)
        except StoreError:
            await connection.close()
            raise
        except sqlite3.OperationalError as exc:
            await connection.close()
            hint = " (is the file or its folder read-only?)" if "readonly" in str(exc) else ""
            raise StoreError(f"cannot use database {path}: {exc}{hint}") from None
        except BaseException:
            await connection.close()
            raise
        return database

    async def version(self) -> int:
        """The schema version recorded in the file."""
        async with self.connection.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        return int(row[0]) if row else 0

    async def migrate(self, up_to: int | None = None) -> None:
        """Apply every migration newer than the file's version, each in one transaction."""
        current = await self.version()
        shipped = migrations("sqlite")
        if current > len(shipped):
            raise StoreError(f"database {self.path} was written by a newer Second Wind "
                             f"(schema {current}; this one knows {len(shipped)}); upgrade first")
        for version, sql in shipped:
            if version <= current or (up_to is not None and version > up_to):
                continue
            log.info("applying database migration %04d", version)
            try:
                await self.connection.executescript(
                    f"BEGIN IMMEDIATE;\n{sql}\nPRAGMA user_version = {version};\nCOMMIT;"
                )
            except sqlite3.Error as exc:
                if self.connection.in_transaction:
                    await self.connection.execute("ROLLBACK")
                raise StoreError(f"database migration {version:04d} failed ({exc}); "
                                 f"the file is left at version {current}") from None
            current = version

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[_Transaction]:
        """``BEGIN IMMEDIATE`` … ``COMMIT`` under the write lock; rolls back on error."""
        async with self.write_lock:
            await self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield _Transaction(self.connection)
            except BaseException:
                await self.connection.execute("ROLLBACK")
                raise
            await self.connection.execute("COMMIT")

    async def fetch_all(self, sql: str, *args: Any) -> list[Row]:
        """Every row of a query (one trip to the database thread, not three)."""
        return list(await self.connection.execute_fetchall(sql, args))

    async def fetch_one(self, sql: str, *args: Any) -> Row | None:
        """The first row of a query, or None."""
        rows = await self.connection.execute_fetchall(sql, args)
        return next(iter(rows), None)

    async def execute(self, sql: str, *args: Any) -> int:
        """One write statement under the lock; returns the number of rows changed."""
        async with self.write_lock:
            cursor = await self.connection.execute(sql, args)
            return cursor.rowcount

    async def tables(self) -> list[str]:
        """Second Wind's tables, in the order they were created."""
        rows = await self.fetch_all("SELECT name FROM sqlite_master WHERE type = 'table'"
                                    " AND name NOT LIKE 'sqlite_%' ORDER BY rowid")
        return [r[0] for r in rows]

    async def close(self) -> None:
        """Close the connection (an open one keeps the process alive since aiosqlite 0.22)."""
        await self.connection.close()


SIDE_FILES = ("-wal", "-shm", "-journal")  # SQLite's own files beside a database


async def backup_database(source: Path, target: Path) -> None:
    """Copy a live database with SQLite's online backup API, then verify the copy.

    Refused in one line, leaving nothing behind: no database at ``source``, a
    source that is not Second Wind's or is damaged, a target that is a folder,
    read-only, or the live file itself. The copy is written next to the target
    and renamed into place only once ``quick_check`` passes on it.
    """
    if not source.is_file():
        raise StoreError(f"no database at {source} yet: run the bot or the console once, "
                         "or point --config at the right settings")
    if target.is_dir():
        raise StoreError(f"{target} is a folder: give the backup a file name, like "
                         f"{target / 'secondwind-backup.db'}")
    # Resolved even when it does not exist yet: sub/../live.db is the live file too.
    live = source.resolve()
    if target.resolve() == live:
        raise StoreError(f"{target} is the live database itself: choose another file")
    if target.resolve() in {live.with_name(live.name + end) for end in SIDE_FILES}:
        raise StoreError(f"{target} is one of the live database's own files "
                         "(SQLite writes it beside the database): choose another file")
    check_file_readable(source)
    partial = target.with_name(f".{target.name}.partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        async with aiosqlite.connect(source) as src, aiosqlite.connect(partial) as dst:
            await src.backup(dst)
            async with dst.execute("PRAGMA quick_check") as cursor:
                verdict = [row[0] for row in await cursor.fetchall()]
        if verdict != ["ok"]:
            raise StoreError(f"the copy of {source} did not verify ({verdict[0]}); "
                             "nothing was written")
        partial.replace(target)
    except (OSError, sqlite3.Error) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise StoreError(f"cannot write the backup {target}: {reason}") from None
    finally:
        partial.unlink(missing_ok=True)


def check_file_readable(path: Path) -> None:
    """Refuse a source that is not Second Wind's database or is damaged (read only)."""
    try:
        _check_existing(path)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} is not a SQLite database, or is damaged beyond "
                         f"reading ({exc}); nothing was written") from None
