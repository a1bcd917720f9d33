"""The database the repositories talk to: one small interface, two backends.

SQLite (:mod:`bot.store.sqlite`) is the default: one file, one process (with every
shard inside it). PostgreSQL (:mod:`bot.store.postgres`, through asyncpg) is chosen
by a ``postgresql://`` URL and serves several processes on one database. Both
implement :class:`Database`; the repositories write one SQL for both.

The interface: ``fetch_all``, ``fetch_one`` and ``execute`` (one statement; the
number of rows it changed), and ``transaction()``, a :class:`Connection` whose
``execute`` returns a :class:`Result` (rows changed, and rows returned by a
``SELECT`` or ``RETURNING``) and whose ``executemany`` returns nothing.

What differs between the backends, and why:

- **Placeholders.** Repositories write ``?``; the PostgreSQL backend rewrites them
  to ``$1, $2, …`` (asyncpg knows only numbered parameters), outside quotes.
- **Writers.** SQLite has one connection and one writer: each multi-statement write
  runs under one ``asyncio.Lock`` with ``BEGIN IMMEDIATE``. PostgreSQL has a pool,
  each transaction a connection of its own (READ COMMITTED): races between
  processes are settled by the database, by unique constraints
  (``INSERT … ON CONFLICT DO NOTHING``: two claims of one post leave one winner),
  row locks (``UPDATE … RETURNING`` counters), and, where a count guards an insert
  (at most N races or reminders), ``conn.lock(name)``: an advisory lock there, a
  no-op in SQLite, whose transactions never overlap.
- **Types.** Ids are INTEGER in SQLite (64-bit already) and BIGINT in PostgreSQL
  (Discord snowflakes); row ids are identity columns there. Dates and times are
  ISO TEXT in both, flags INTEGER 0/1 in both, so ``paused = 0`` reads the same.
  asyncpg checks each parameter's Python type against its column (a ``str`` for a
  BIGINT is refused where SQLite would store it), and PostgreSQL must be able to
  infer a parameter's type: write ``CAST(? AS BIGINT) IS NULL``, not ``? IS NULL``.
- **Schema versions.** ``PRAGMA user_version`` in SQLite, the one-row table
  ``secondwind_schema`` in PostgreSQL. Migrations are numbered per backend
  (``migrations/sqlite/NNNN_*.sql``, ``migrations/postgres/NNNN_*.sql``): the same
  number means the same schema on both, so a database can move from one to the
  other (``secondwind db copy``). PostgreSQL applies each under an advisory lock,
  so processes starting together apply it once.
- **Other processes.** A PostgreSQL database may be shared: a change to a guild is
  announced (``NOTIFY``) and each other process drops its copies of that guild
  (see :mod:`bot.store.cache`). A SQLite file has one process: nobody to tell.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, ClassVar, Protocol

from bot.errors import StoreError

BACKENDS = ("sqlite", "postgres")
_MIGRATION_RE = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
_URL_SCHEMES = ("postgresql://", "postgres://")


class Row(Protocol):
    """A row by position (``row[0]``) or by column name (``row["id"]``)."""

    def __getitem__(self, key: int | str, /) -> Any: ...


@dataclass
class Result:
    """What one statement did: rows changed (INSERT/UPDATE/DELETE), rows returned."""

    rowcount: int
    rows: list[Row] = field(default_factory=list)

    async def fetchone(self) -> Row | None:
        """The first row returned, or None (awaitable, as a DB-API cursor's is)."""
        return self.rows[0] if self.rows else None

    async def fetchall(self) -> list[Row]:
        """Every row returned."""
        return self.rows


class Connection(Protocol):
    """The connection of one transaction."""

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> Result:
        """Run one statement."""
        ...

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Run one statement for each set of parameters (no row count: asyncpg has none)."""
        ...

    async def lock(self, name: str) -> None:
        """Hold ``name`` until the transaction ends: for a count that guards an insert.

        Two transactions that each count rows and insert if under a limit must not
        overlap. SQLite already runs one write transaction at a time (a no-op there);
        PostgreSQL takes a transaction-scoped advisory lock on the name.
        """
        ...


def is_database_url(location: Path | str) -> bool:
    """Whether ``location`` names a PostgreSQL database rather than a SQLite file."""
    return isinstance(location, str) and location.startswith(_URL_SCHEMES)


def migrations(backend: str = "sqlite") -> list[tuple[int, str]]:
    """Every migration of a backend shipped with the package, as (version, SQL), in order."""
    if backend not in BACKENDS:
        raise ValueError(f"unknown database backend {backend!r}")
    folder = resources.files("bot.store").joinpath("migrations")
    stray = sorted(item.name for item in folder.iterdir() if item.name.endswith(".sql"))
    if stray:
        raise StoreError(f"migration files belong in migrations/sqlite/ and migrations/postgres/, "
                         f"not in migrations/ itself: {', '.join(stray)}")
    found = []
    for item in folder.joinpath(backend).iterdir():
        match = _MIGRATION_RE.match(item.name)
        if match:
            found.append((int(match.group(1)), item.read_text(encoding="utf-8")))
    found.sort()
    if [v for v, _ in found] != list(range(1, len(found) + 1)):
        raise StoreError(f"{backend} migrations are not numbered 0001, 0002, ... without gaps")
    return found


Heard = Callable[[str, int], None]  # ("guild" or "member", its id)
Signal = Callable[[], None]


class Database(ABC):
    """One database, SQLite or PostgreSQL; ``await Database.open(path_or_url)``."""

    backend: ClassVar[str]
    #: Several processes may use the database at once (PostgreSQL), so changes are announced.
    shared: ClassVar[bool] = False
    #: What a failed statement raises (besides StoreError), for callers that go on after one.
    errors: ClassVar[tuple[type[BaseException], ...]] = ()

    def __init__(self, where: str) -> None:
        self.where = where  # the file, or the URL without its password: for messages

    @classmethod
    async def open(cls, location: Path | str, up_to: int | None = None) -> Database:
        """Open the file or URL and bring its schema to ``up_to`` (default: latest)."""
        if is_database_url(location):
            from bot.store.postgres import PostgresDatabase

            return await PostgresDatabase.open(str(location), up_to)
        from bot.store.sqlite import SqliteDatabase

        return await SqliteDatabase.open(Path(location), up_to)

    @abstractmethod
    async def version(self) -> int:
        """The schema version recorded in the database."""

    @abstractmethod
    async def migrate(self, up_to: int | None = None) -> None:
        """Apply every migration newer than the database's version, each in one transaction."""

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Connection]:
        """A connection in a transaction: committed at the end, rolled back on error."""

    @abstractmethod
    async def fetch_all(self, sql: str, *args: Any) -> list[Row]:
        """Every row of a query."""

    @abstractmethod
    async def fetch_one(self, sql: str, *args: Any) -> Row | None:
        """The first row of a query, or None."""

    @abstractmethod
    async def execute(self, sql: str, *args: Any) -> int:
        """One write statement; returns the number of rows changed."""

    @abstractmethod
    async def tables(self) -> list[str]:
        """The names of Second Wind's tables (not the schema-version bookkeeping)."""

    @abstractmethod
    async def close(self) -> None:
        """Close every connection (an open one can keep the process alive)."""

    async def ping(self) -> None:
        """Raise unless the database answers a trivial query (for /healthz)."""
        await self.fetch_one("SELECT 1")

    async def announce_changed(self, what: str, ident: int) -> None:
        """Tell other processes that a guild (or a member) changed (nobody, by default)."""
        return

    async def listen_for_changes(self, changed: Heard, lost: Signal, regained: Signal) -> None:
        """Call ``changed("guild", guild_id)`` (or "member") for each change announced elsewhere.

        ``lost()`` when announcements may have been missed (the listening connection
        dropped), ``regained()`` once they flow again. Nothing by default.
        """
        return
