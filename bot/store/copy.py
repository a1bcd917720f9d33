"""``secondwind db copy --to postgresql://…``: move a club's SQLite database to PostgreSQL.

The SQLite file is never written: it is copied with the backup API to a
temporary file, which is brought to the latest schema. The target is brought to
the latest schema too, so both are at the same version (the migrations of both
backends are numbered alike), and must be empty: a database with another
application's tables, or with any Second Wind row, is refused in one line.

Tables are copied parents first (by their foreign keys) with ``COPY``, in one
transaction, in batches; the counts of every table are compared before the
commit, and identity sequences are moved past the highest id copied (and past
SQLite's AUTOINCREMENT counters, so an id handed out once is never handed out again).
Then ``ANALYZE``, so that the planner knows the tables' sizes from the first query.
"""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.errors import StoreError
from bot.store.postgres import PostgresDatabase
from bot.store.sqlite import SqliteDatabase, backup_database

log = logging.getLogger(__name__)

BATCH = 20_000
_INTEGER_TYPES = frozenset({"bigint", "integer", "smallint"})


@dataclass(frozen=True)
class CopiedTable:
    """One table copied, and how many rows it holds on both sides."""

    name: str
    rows: int


async def copy_to_postgres(source: Path, url: str) -> list[CopiedTable]:
    """Copy the SQLite database at ``source`` into the empty PostgreSQL database at ``url``."""
    if not source.is_file():
        raise StoreError(f"no database at {source} to copy: run the bot or the console once, "
                         "or point --config at the right settings")
    with tempfile.TemporaryDirectory(prefix="secondwind-copy-") as folder:
        snapshot = Path(folder) / "snapshot.db"
        await backup_database(source, snapshot)
        sqlite = await SqliteDatabase.open(snapshot)
        try:
            target = await PostgresDatabase.open(url)
            try:
                return await _copy(sqlite, target)
            finally:
                await target.close()
        finally:
            await sqlite.close()


async def _copy(sqlite: SqliteDatabase, target: PostgresDatabase) -> list[CopiedTable]:
    if await sqlite.version() != await target.version():
        raise StoreError(f"{sqlite.where} and {target.where} are at different schema versions")
    tables = _parents_first(await sqlite.tables(), await _foreign_keys(sqlite))
    if set(tables) != set(await target.tables()):
        raise StoreError(f"the tables of {target.where} differ from the SQLite database's: "
                         f"{sorted(set(tables) ^ set(await target.tables()))}")
    filled = [t for t in tables if (await target.fetch_one(f"SELECT COUNT(*) FROM {t}"))[0]]  # type: ignore[index]  # noqa: S608 - our table names
    if filled:
        raise StoreError(f"{target.where} is not empty (rows in {', '.join(filled)}): copy "
                         "only into a new, empty database")
    counters = await _autoincrement_counters(sqlite)
    copied = []
    async with target.pool.acquire() as conn, conn.transaction():
        for table in tables:
            columns, types = await _columns(sqlite, conn, table)
            count = 0
            async with sqlite.connection.execute(
                    f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid") as cursor:  # noqa: S608 - our names
                while batch := await cursor.fetchmany(BATCH):
                    records = [_coerced(row, types) for row in batch]
                    await conn.copy_records_to_table(table, records=records, columns=columns)
                    count += len(records)
            there = await conn.fetchval(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - our names
            counted = await sqlite.fetch_one(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - our names
            here = counted[0] if counted else 0
            if not here == there == count:
                raise StoreError(f"copying {table} did not verify: {here} rows in SQLite, "
                                 f"{there} in PostgreSQL; nothing was copied")
            if "id" in columns and types[columns.index("id")] in _INTEGER_TYPES:
                await _move_identity(conn, table, counters.get(table, 0))
            copied.append(CopiedTable(table, count))
            log.info("copied %s: %d rows", table, count)
    await target.pool.execute("ANALYZE")  # the planner's statistics, before the first query
    return copied


async def _foreign_keys(sqlite: SqliteDatabase) -> dict[str, set[str]]:
    parents: dict[str, set[str]] = {}
    for table in await sqlite.tables():
        rows = await sqlite.fetch_all(f"PRAGMA foreign_key_list({table})")
        parents[table] = {r["table"] for r in rows} - {table}
    return parents


def _parents_first(tables: Sequence[str], parents: dict[str, set[str]]) -> list[str]:
    ordered: list[str] = []
    waiting = list(tables)
    while waiting:
        ready = [t for t in waiting if parents.get(t, set()) <= set(ordered)]
        if not ready:
            raise StoreError(f"the tables' foreign keys go round in a circle: {waiting}")
        ordered += ready
        waiting = [t for t in waiting if t not in ready]
    return ordered


async def _autoincrement_counters(sqlite: SqliteDatabase) -> dict[str, int]:
    if not await sqlite.fetch_one(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_sequence'"):
        return {}
    return {r[0]: int(r[1]) for r in await sqlite.fetch_all(
        "SELECT name, seq FROM sqlite_sequence")}


async def _columns(sqlite: SqliteDatabase, conn: Any, table: str) -> tuple[list[str], list[str]]:
    here = [r["name"] for r in await sqlite.fetch_all(f"PRAGMA table_info({table})")]
    there = {r["column_name"]: r["data_type"] for r in await conn.fetch(
        "SELECT column_name, data_type FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND table_name = $1", table)}
    if set(here) != set(there):
        raise StoreError(f"the columns of {table} differ between the databases: "
                         f"{sorted(set(here) ^ set(there))}")
    return here, [there[c] for c in here]


def _coerced(row: Sequence[Any], types: Sequence[str]) -> tuple[Any, ...]:
    """SQLite keeps what it is given; PostgreSQL's COPY wants each column's own type."""
    values: list[Any] = []
    for value, kind in zip(row, types, strict=True):
        if value is None:
            values.append(None)
        elif kind in _INTEGER_TYPES and not isinstance(value, int):
            values.append(int(value))
        elif kind == "text" and not isinstance(value, str):
            values.append(str(value))
        else:
            values.append(value)
    return tuple(values)


async def _move_identity(conn: Any, table: str, counter: int) -> None:
    sequence = await conn.fetchval("SELECT pg_get_serial_sequence($1, 'id')", table)
    if sequence is None:
        return
    highest = await conn.fetchval(f"SELECT COALESCE(MAX(id), 0) FROM {table}")  # noqa: S608 - our names
    last = max(int(highest), counter)
    if last > 0:
        await conn.execute("SELECT setval($1, $2, true)", sequence, last)
