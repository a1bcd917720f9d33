"""PostgreSQL through asyncpg: a pool per process, numbered migrations, change notifications.

Chosen by ``database.url: postgresql://user@host/dbname`` (or the environment
variable ``SECONDWIND_DATABASE_URL``). What differs from SQLite, and why, is in
:mod:`bot.store.database`; here is how:

- Statements arrive with ``?`` placeholders and are rewritten to ``$1, $2, …``
  once each (outside quotes and comments) and cached.
- ``transaction()`` takes a pool connection and opens a READ COMMITTED
  transaction; ``fetch_*`` and ``execute`` run on any free pool connection.
- Migrations are ``migrations/postgres/NNNN_name.sql``; the one-row table
  ``secondwind_schema`` records the last one applied. Each runs in its own
  transaction under ``pg_advisory_xact_lock``, and the version is read again
  inside the lock, so processes starting at once apply each migration once.
- A database holding tables but no ``secondwind_schema`` is another
  application's, and refused in one line without changing anything.
- Changes are announced with ``pg_notify('secondwind_changed', '<process
  token>:guild:<id>')`` (or ``member``); one extra connection per process
  LISTENs and drops that guild's (or member's) copies, skipping its own
  announcements. When that connection drops, caching pauses (``lost``) until it
  is back (``regained``).
"""

from __future__ import annotations

import asyncio
import logging
import re
import secrets
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any, ClassVar

import asyncpg

from bot.config import redact_url
from bot.errors import StoreError
from bot.store.database import Database, Heard, Result, Row, Signal, migrations

log = logging.getLogger(__name__)

SCHEMA_TABLE = "secondwind_schema"
CHANGES_CHANNEL = "secondwind_changed"
MIGRATION_LOCK = 0x53576E64  # pg_advisory_xact_lock key: "SWnd", as SQLite's application_id
POOL_SIZE = 10
CONNECT_TIMEOUT = 10.0
RECONNECT_DELAYS = (0.5, 1.0, 2.0, 5.0, 10.0)

_TOKEN_RE = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|/\*.*?\*/|\?""", re.DOTALL)
_RETURNS_ROWS_RE = re.compile(r"^\s*(SELECT|WITH|VALUES|SHOW)\b|\bRETURNING\b", re.IGNORECASE)
_COUNT_RE = re.compile(r"(\d+)$")


@lru_cache(maxsize=1024)
def numbered(sql: str) -> str:
    """``?`` placeholders as ``$1, $2, …``; question marks in quotes or comments stay."""
    counter = 0

    def number(match: re.Match[str]) -> str:
        nonlocal counter
        if match.group(0) != "?":
            return match.group(0)
        counter += 1
        return f"${counter}"

    return _TOKEN_RE.sub(number, sql)


@lru_cache(maxsize=1024)
def _returns_rows(sql: str) -> bool:
    return bool(_RETURNS_ROWS_RE.search(sql))


def _changed_rows(status: str) -> int:
    """Rows changed, from a command status like ``INSERT 0 1`` or ``UPDATE 3``."""
    match = _COUNT_RE.search(status or "")
    return int(match.group(1)) if match else 0


CONNECT_ERRORS = (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError)


def _reason(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]


class _Transaction:
    """A pool connection inside a transaction: the Connection of a transaction."""

    def __init__(self, connection: asyncpg.Connection) -> None:
        self._connection = connection

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> Result:
        """One statement: its rows (SELECT, RETURNING) and how many rows it changed."""
        query = numbered(sql)
        if _returns_rows(sql):
            rows = await self._connection.fetch(query, *params)
            changed = len(rows) if "RETURNING" in sql.upper() else 0
            return Result(changed, list(rows))
        return Result(_changed_rows(await self._connection.execute(query, *params)))

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """The statement once per parameter set, pipelined in one round of trips."""
        await self._connection.executemany(numbered(sql), list(rows))

    async def lock(self, name: str) -> None:
        """A transaction-scoped advisory lock on ``name`` (a 64-bit hash of it)."""
        await self._connection.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", f"secondwind:{name}")


class PostgresDatabase(Database):
    """A pool of connections to one PostgreSQL database, and its change listener."""

    backend = "postgres"
    shared = True
    errors: ClassVar[tuple[type[BaseException], ...]] = (
        asyncpg.PostgresError, asyncpg.InterfaceError, OSError)

    def __init__(self, pool: asyncpg.Pool, url: str) -> None:
        super().__init__(redact_url(url))
        self.pool = pool
        self.url = url
        self._token = secrets.token_hex(6)  # tells this process's announcements apart
        self._listener: asyncpg.Connection | None = None
        self._reconnecting: asyncio.Task | None = None
        self._on_changed: Heard | None = None
        self._on_lost: Signal | None = None
        self._on_regained: Signal | None = None
        self._closing = False

    @classmethod
    async def open(cls, location: Any, up_to: int | None = None,
                   pool_size: int = POOL_SIZE) -> PostgresDatabase:
        """Connect, check the database is Second Wind's (or empty), bring its schema up."""
        url = str(location)
        try:
            pool = await asyncpg.create_pool(url, min_size=1, max_size=pool_size,
                                             timeout=CONNECT_TIMEOUT)
        except CONNECT_ERRORS as exc:
            raise StoreError(f"cannot connect to PostgreSQL at {redact_url(url)}: "
                             f"{_reason(exc)}") from None
        database = cls(pool, url)
        try:
            await database._check_ours()
            await database.migrate(up_to)
        except BaseException:
            await pool.close()
            raise
        return database

    async def _check_ours(self) -> None:
        tables = await self._all_tables()
        if tables and SCHEMA_TABLE not in tables:
            shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
            raise StoreError(f"database {self.where} holds another application's tables "
                             f"({shown}), not Second Wind's; point database.url at an empty "
                             "database")

    async def _all_tables(self) -> list[str]:
        rows = await self.pool.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        return [r[0] for r in rows]

    async def version(self) -> int:
        """The schema version recorded in ``secondwind_schema`` (0 for an empty database)."""
        if SCHEMA_TABLE not in await self._all_tables():
            return 0
        value = await self.pool.fetchval(f"SELECT version FROM {SCHEMA_TABLE}")  # noqa: S608 - fixed name
        return int(value or 0)

    async def migrate(self, up_to: int | None = None) -> None:
        """Apply every newer migration, each in one transaction under the advisory lock."""
        shipped = migrations("postgres")
        current = await self.version()
        if current > len(shipped):
            raise StoreError(f"database {self.where} was written by a newer Second Wind "
                             f"(schema {current}; this one knows {len(shipped)}); upgrade first")
        for version, sql in shipped:
            if version <= current or (up_to is not None and version > up_to):
                continue
            async with self.pool.acquire() as conn:
                try:
                    async with conn.transaction():
                        await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
                        await conn.execute(f"CREATE TABLE IF NOT EXISTS {SCHEMA_TABLE}"
                                           " (version INTEGER NOT NULL)")
                        found = await conn.fetchval(f"SELECT version FROM {SCHEMA_TABLE}")  # noqa: S608 - fixed name
                        if found is not None and found >= version:
                            current = found  # another process applied it meanwhile
                            continue
                        log.info("applying database migration %04d", version)
                        await conn.execute(sql)
                        await conn.execute(f"DELETE FROM {SCHEMA_TABLE}")  # noqa: S608 - fixed name
                        await conn.execute(f"INSERT INTO {SCHEMA_TABLE} VALUES ($1)", version)  # noqa: S608 - fixed name
                except asyncpg.PostgresError as exc:
                    raise StoreError(f"database migration {version:04d} failed "
                                     f"({_reason(exc)}); the database is left at version "
                                     f"{current}") from None
            current = version

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[_Transaction]:
        """A pool connection in a transaction: committed at the end, rolled back on error."""
        async with self.pool.acquire() as conn, conn.transaction():
            yield _Transaction(conn)

    async def fetch_all(self, sql: str, *args: Any) -> list[Row]:
        """Every row of a query."""
        return list(await self.pool.fetch(numbered(sql), *args))

    async def fetch_one(self, sql: str, *args: Any) -> Row | None:
        """The first row of a query, or None."""
        row: Row | None = await self.pool.fetchrow(numbered(sql), *args)
        return row

    async def execute(self, sql: str, *args: Any) -> int:
        """One write statement; returns the number of rows changed."""
        return _changed_rows(await self.pool.execute(numbered(sql), *args))

    async def tables(self) -> list[str]:
        """Second Wind's tables."""
        return sorted(t for t in await self._all_tables() if t != SCHEMA_TABLE)

    async def close(self) -> None:
        """Stop listening, then close the pool."""
        self._closing = True
        if self._reconnecting is not None:
            self._reconnecting.cancel()
        if self._listener is not None:
            await self._listener.close(timeout=5)
        await self.pool.close()

    # --- changes made by other processes ---------------------------------------------------

    async def announce_changed(self, what: str, ident: int) -> None:
        """``NOTIFY`` the other processes that a guild (or a member) changed."""
        await self.pool.execute("SELECT pg_notify($1, $2)", CHANGES_CHANNEL,
                                f"{self._token}:{what}:{ident}")

    async def listen_for_changes(self, changed: Heard, lost: Signal, regained: Signal) -> None:
        """LISTEN on a connection of its own; reconnect (and say so) when it drops."""
        self._on_changed, self._on_lost, self._on_regained = changed, lost, regained
        try:
            await self._listen()
        except CONNECT_ERRORS as exc:
            raise StoreError(f"cannot listen for changes on {self.where}: "
                             f"{_reason(exc)}") from None

    async def _listen(self) -> None:
        conn = await asyncpg.connect(self.url, timeout=CONNECT_TIMEOUT)
        await conn.add_listener(CHANGES_CHANNEL, self._notified)
        conn.add_termination_listener(self._listener_closed)
        self._listener = conn

    def _notified(self, conn: Any, pid: int, channel: str, payload: str) -> None:
        token, what, ident = [*payload.split(":"), "", ""][:3]
        if token != self._token and ident.isdigit() and self._on_changed is not None:
            self._on_changed(what, int(ident))

    def _listener_closed(self, conn: Any) -> None:
        if self._closing or conn is not self._listener:
            return
        log.warning("lost the connection that listens for other processes' changes")
        self._listener = None
        if self._on_lost is not None:
            self._on_lost()
        self._reconnecting = asyncio.get_running_loop().create_task(
            self._relisten(), name="relisten-for-changes")

    async def _relisten(self) -> None:
        attempt = 0
        while not self._closing:
            await asyncio.sleep(RECONNECT_DELAYS[min(attempt, len(RECONNECT_DELAYS) - 1)])
            try:
                await self._listen()
            except CONNECT_ERRORS as exc:
                attempt += 1
                log.warning("listening for changes again failed (%s); retrying", _reason(exc))
                continue
            if self._on_regained is not None:
                self._on_regained()
            return
