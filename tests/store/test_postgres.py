"""What only PostgreSQL has: placeholders, refusals, processes starting together, notifications.

The stores here stand for processes: each has its own pool and its own listening
connection, as two ``secondwind run`` processes on one database have.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

import asyncpg
import pytest

from bot.store import Store, StoreError
from bot.store.database import Database, migrations
from bot.store.postgres import PostgresDatabase, numbered

GUILD = 1000


def test_question_marks_become_numbered_parameters_outside_quotes_and_comments() -> None:
    sql = "SELECT '?', \"a?\", ? -- what?\n FROM t WHERE x = ? /* ? */ AND y = 'it''s ?' OR z = ?"
    assert numbered(sql) == ("SELECT '?', \"a?\", $1 -- what?\n FROM t WHERE x = $2 /* ? */"
                             " AND y = 'it''s ?' OR z = $3")


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> float:
    """Seconds until ``condition()`` held (fails after ``timeout``)."""
    started = time.perf_counter()
    while not condition():
        assert time.perf_counter() - started < timeout, "timed out"
        await asyncio.sleep(0.005)
    return time.perf_counter() - started


async def test_a_server_that_does_not_answer_is_one_line_without_the_password() -> None:
    url = "postgresql://club:s3cret@127.0.0.1:1/secondwind"
    with pytest.raises(StoreError) as refused:
        await Store.open(url)
    message = str(refused.value)
    assert message.startswith("cannot connect to PostgreSQL at postgresql://club:***@127.0.0.1:1/")
    assert "s3cret" not in message and "\n" not in message


async def test_another_applications_database_is_refused_and_left_alone(pg_url: str) -> None:
    conn = await asyncpg.connect(pg_url)
    await conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total INTEGER)")
    try:
        with pytest.raises(StoreError, match=r"another application's tables .*invoices"):
            await Store.open(pg_url)
        tables = {r[0] for r in await conn.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        assert tables == {"invoices"}
    finally:
        await conn.close()


async def test_processes_starting_together_migrate_once(pg_url: str) -> None:
    stores = await asyncio.gather(*(Store.open(pg_url) for _ in range(4)))
    assert {await s.database.version() for s in stores} == {len(migrations("postgres"))}
    for store in stores:
        await store.close()


async def test_a_change_in_one_process_is_seen_by_the_other_at_its_next_read(pg_url: str) -> None:
    here, there = await Store.open(pg_url), await Store.open(pg_url)
    try:
        assert (await there.clubs.get(GUILD)).timezone == "UTC"
        assert await there.content.entries(GUILD) == []
        assert await there.history.helped_counts(GUILD) == {}
        await here.clubs.set_timezone(GUILD, "Asia/Tokyo")
        await here.history.record_helped(GUILD, 7, "doubt-x")
        # The announcement is sent before set_timezone returns; the other process drops its
        # copy as soon as the notification arrives: well within one command.
        waited = await until(lambda: GUILD not in there.clubs._cache._values)
        assert waited < 0.5
        assert (await there.clubs.get(GUILD)).timezone == "Asia/Tokyo"
        assert await there.history.helped_counts(GUILD) == {"doubt-x": 1}
        # Its own announcements do not make a process drop what it just loaded.
        await here.clubs.get(GUILD)
        await asyncio.sleep(0.05)
        assert GUILD in here.clubs._cache._values
    finally:
        await here.close()
        await there.close()


async def test_while_not_listening_nothing_is_cached_and_then_all_is_dropped(pg_url: str) -> None:
    here, there = await Store.open(pg_url), await Store.open(pg_url)
    database = there.database
    assert isinstance(database, PostgresDatabase) and database._listener is not None
    listener_pid = database._listener.get_server_pid()
    try:
        await there.clubs.get(GUILD)
        await here.database.execute("SELECT pg_terminate_backend(?)", listener_pid)
        await until(lambda: not there.caches.trusted)
        assert GUILD not in there.clubs._cache._values  # everything dropped
        await here.clubs.set_timezone(GUILD, "Europe/Oslo")  # unheard by the other process…
        assert (await there.clubs.get(GUILD)).timezone == "Europe/Oslo"  # …which reads afresh
        assert GUILD not in there.clubs._cache._values  # and keeps nothing meanwhile
        await until(lambda: there.caches.trusted, timeout=10)
        assert database._listener is not None
        assert database._listener.get_server_pid() != listener_pid
        await there.clubs.get(GUILD)
        await here.clubs.set_timezone(GUILD, "Europe/Paris")
        await until(lambda: GUILD not in there.clubs._cache._values)
        assert (await there.clubs.get(GUILD)).timezone == "Europe/Paris"
    finally:
        await here.close()
        await there.close()


async def test_ids_use_bigint_and_identity_columns(pg_url: str) -> None:
    db = await Database.open(pg_url)
    try:
        rows = await db.fetch_all(
            "SELECT table_name, column_name, data_type, is_identity FROM"
            " information_schema.columns WHERE table_schema = current_schema()"
            " AND (column_name = 'id' OR column_name LIKE '%\\_id')")
        kinds = {(r["table_name"], r["column_name"]): (r["data_type"], r["is_identity"])
                 for r in rows}
        assert kinds[("schedules", "id")] == ("bigint", "YES")
        assert kinds[("clubs", "guild_id")][0] == "bigint"
        assert kinds[("post_ledger", "ref_id")][0] == "bigint"
        text_ids = {k for k, (kind, _) in kinds.items() if kind != "bigint"}
        assert all(column in ("entry_id", "theme_id", "id") for _, column in text_ids), text_ids
    finally:
        await db.close()


async def test_both_backends_have_the_same_tables_and_columns(pg_url: str, tmp_path: Path) -> None:
    """The same migration number means the same schema: what `db copy` relies on."""
    sqlite = await Database.open(tmp_path / "sw.db")
    postgres = await Database.open(pg_url)
    try:
        assert sorted(await sqlite.tables()) == await postgres.tables()
        for table in await postgres.tables():
            here = {r["name"]: bool(r["notnull"] or r["pk"]) for r in await sqlite.fetch_all(
                f"PRAGMA table_info({table})")}
            there = {r[0]: r[1] == "NO" for r in await postgres.fetch_all(
                "SELECT column_name, is_nullable FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND table_name = ?", table)}
            assert here == there, table
    finally:
        await sqlite.close()
        await postgres.close()


async def test_a_member_forgotten_in_one_process_is_forgotten_in_the_other(pg_url: str) -> None:
    here, there = await Store.open(pg_url), await Store.open(pg_url)
    try:
        await here.history.record_shown(GUILD, 10, 77, "doubt-a")
        await here.history.flush()
        assert await there.history.recent_for_user(77, 5) == ["doubt-a"]  # kept in memory
        await there.history.record_shown(GUILD, 11, 77, "doubt-b")
        await there.history.flush()
        here.history.forget_member(77, [])
        await here.database.execute("UPDATE history SET user_id = NULL WHERE user_id = 77")
        await here.caches.settle()
        await until(lambda: 77 not in there.history._by_user._lists)
        assert await there.history.recent_for_user(77, 5) == []
    finally:
        await here.close()
        await there.close()
