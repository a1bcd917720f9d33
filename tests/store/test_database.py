"""The store on a real SQLite file: migrations, claims, history, backup."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import aiosqlite
import pytest

from bot.store import Store, StoreError, backup_database
from bot.store.database import Database, migrations

LATEST = len(migrations())


async def tables(path: Path) -> set[str]:
    async with aiosqlite.connect(path) as conn, conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'"
    ) as cursor:
        return {row[0] for row in await cursor.fetchall()}


async def test_fresh_file_gets_every_migration(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "sw.db")
    assert await store.database.version() == LATEST
    async with store.database.connection.execute("PRAGMA journal_mode") as cursor:
        assert (await cursor.fetchone())[0] == "wal"
    async with store.database.connection.execute("PRAGMA foreign_keys") as cursor:
        assert (await cursor.fetchone())[0] == 1
    await store.close()
    assert {"clubs", "schedules", "deliveries", "history", "feedback", "club_entries",
            "submissions", "meta"} <= await tables(tmp_path / "sw.db")


@pytest.mark.parametrize("start", range(LATEST + 1))
async def test_upgrade_from_every_earlier_version_keeps_data(tmp_path: Path, start: int) -> None:
    path = tmp_path / "sw.db"
    old = await Database.open(path, up_to=start)
    assert await old.version() == start
    if start >= 1:
        await old.execute("INSERT INTO clubs (guild_id, timezone, created_at) VALUES (5, "
                          "'Europe/Oslo', '2026-01-01')")
    await old.close()
    store = await Store.open(path)
    assert await store.database.version() == LATEST
    if start >= 1:
        assert (await store.clubs.get(5)).timezone == "Europe/Oslo"
    await store.close()


async def test_failed_migration_leaves_file_as_it_was(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "sw.db"
    db = await Database.open(path, up_to=1)
    await db.close()
    broken = [*migrations()[:1], (2, "CREATE TABLE history (id INTEGER);\nNOT SQL AT ALL;")]
    monkeypatch.setattr("bot.store.database.migrations", lambda: broken)
    with pytest.raises(StoreError, match=r"migration 0002 failed .* left at version 1"):
        await Database.open(path)
    monkeypatch.undo()
    assert "history" not in await tables(path)
    db = await Database.open(path, up_to=1)
    assert await db.version() == 1
    await db.close()


async def test_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot"):
        await Store.open(Path("/proc/secondwind/sw.db"))


async def test_delivery_claim_is_once_per_schedule_and_day(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "sw.db")
    schedule = await store.schedules.add(1, 10, "07:00", "daily", "rotate", None, None)
    day = date(2026, 3, 29)
    assert await store.deliveries.claim(schedule.id, day) is None
    again = await store.deliveries.claim(schedule.id, day)
    assert again is not None and again.status == "claimed"
    await store.deliveries.finish(schedule.id, day, "sent", message_id=99, entry_id="x")
    done = await store.deliveries.claim(schedule.id, day)
    assert done is not None and done.status == "sent" and done.message_id == 99
    assert await store.deliveries.claim(schedule.id, date(2026, 3, 30)) is None
    await store.close()


async def test_history_and_feedback(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "sw.db")
    for entry in ("a", "b", "c"):
        await store.history.record_shown(1, 10, 100, entry)
    await store.history.record_shown(1, 11, 101, "d")
    assert await store.history.recent_for_channel(10, 2) == ["c", "b"]
    assert await store.history.recent_for_user(101, 10) == ["d"]
    assert await store.history.record_helped(1, 100, "a") is True
    assert await store.history.record_helped(1, 100, "a") is False
    await store.history.record_helped(1, 101, "a")
    await store.history.record_helped(2, 101, "b")
    assert await store.history.helped_counts(1) == {"a": 2}
    await store.close()


async def test_settings_survive_reopen(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "sw.db")
    await store.clubs.set_timezone(7, "America/New_York")
    await store.clubs.set_theme_enabled(7, ["doubt", "lessons"], False)
    await store.clubs.set_theme_enabled(7, ["lessons"], True)
    await store.close()
    store = await Store.open(tmp_path / "sw.db")
    club = await store.clubs.get(7)
    assert club.timezone == "America/New_York"
    assert club.disabled_themes == frozenset({"doubt"})
    await store.close()


async def test_backup_copies_live_database(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "sw.db")
    await store.clubs.set_timezone(3, "Asia/Tokyo")
    await backup_database(tmp_path / "sw.db", tmp_path / "copy" / "backup.db")
    await store.close()
    copy = await Store.open(tmp_path / "copy" / "backup.db")
    assert (await copy.clubs.get(3)).timezone == "Asia/Tokyo"
    await copy.close()
