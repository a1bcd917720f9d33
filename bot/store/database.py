"""One aiosqlite connection per process: WAL, foreign keys, numbered migrations.

Migrations are ``migrations/NNNN_name.sql``; ``PRAGMA user_version`` records the
last one applied. Each runs in its own transaction, so a failed migration leaves
the file exactly as it was.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
_MIGRATION_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class StoreError(Exception):
    """The database cannot be opened or used; the message is for an operator."""


def migrations() -> list[tuple[int, str]]:
    """Every migration shipped with the package, as (version, SQL), in order."""
    found = []
    for item in resources.files("bot.store").joinpath("migrations").iterdir():
        match = _MIGRATION_RE.match(item.name)
        if match:
            found.append((int(match.group(1)), item.read_text(encoding="utf-8")))
    found.sort()
    if [v for v, _ in found] != list(range(1, len(found) + 1)):
        raise StoreError("migrations are not numbered 0001, 0002, ... without gaps")
    return found


def check_writable(path: Path) -> None:
    """Fail early, with a message an operator can act on, if the file can't be written.

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
    try:
        with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as probe:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
    except sqlite3.Error as exc:
        read_only = "readonly" in str(exc) or not os.access(path.parent, os.W_OK) or (
            path.exists() and not os.access(path, os.W_OK))
        reason = "the file or its folder is read-only for this user" if read_only else str(exc)
        raise StoreError(f"{where}: {reason}") from None


class Database:
    """The connection, and the lock that serialises every multi-statement write."""

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self.connection = connection
        self.write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path, up_to: int | None = None) -> Database:
        """Open (creating) the file and bring its schema to ``up_to`` (default: latest)."""
        check_writable(path)
        connection = await aiosqlite.connect(path, isolation_level=None)
        connection.row_factory = aiosqlite.Row
        database = cls(connection)
        try:
            await connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await connection.execute("PRAGMA journal_mode = WAL")
            await connection.execute("PRAGMA synchronous = NORMAL")
            await connection.execute("PRAGMA foreign_keys = ON")
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
        for version, sql in migrations():
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
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """``BEGIN IMMEDIATE`` … ``COMMIT`` under the write lock; rolls back on error."""
        async with self.write_lock:
            await self.connection.execute("BEGIN IMMEDIATE")
            try:
                yield self.connection
            except BaseException:
                await self.connection.execute("ROLLBACK")
                raise
            await self.connection.execute("COMMIT")

    async def fetch_all(self, sql: str, *args: Any) -> list[aiosqlite.Row]:
        """Every row of a query (one trip to the database thread, not three)."""
        return list(await self.connection.execute_fetchall(sql, args))

    async def fetch_one(self, sql: str, *args: Any) -> aiosqlite.Row | None:
        """The first row of a query, or None."""
        rows = await self.connection.execute_fetchall(sql, args)
        return next(iter(rows), None)

    async def execute(self, sql: str, *args: Any) -> int:
        """One write statement under the lock; returns the number of rows changed."""
        async with self.write_lock:
            cursor = await self.connection.execute(sql, args)
            return cursor.rowcount

    async def close(self) -> None:
        """Close the connection (an open one keeps the process alive)."""
        await self.connection.close()


async def backup_database(source: Path, target: Path) -> None:
    """Copy a live database with SQLite's online backup API."""
    if not source.exists():
        raise StoreError(f"no database at {source}")
    target.parent.mkdir(parents=True, exist_ok=True)
    async with aiosqlite.connect(source) as src, aiosqlite.connect(target) as dst:
        await src.backup(dst)
