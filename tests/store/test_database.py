"""The store on both backends: migrations, claims, history; and the SQLite file's own settings."""

from __future__ import annotations

import re
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from bot.store import Store, StoreError, backup_database
from bot.store.database import Database, migrations
from bot.values import DeliveryStatus, PostKey, PostKind

LATEST = len(migrations())
OUR_TABLES = {"clubs", "schedules", "post_ledger", "history", "feedback", "club_entries",
              "submissions", "meta", "races", "race_runners", "race_checkins", "digests"}


def test_every_migration_has_a_twin_on_the_other_backend() -> None:
    folder = resources.files("bot.store").joinpath("migrations")
    names = {backend: sorted(item.name for item in folder.joinpath(backend).iterdir()
                             if item.name.endswith(".sql")) for backend in ("sqlite", "postgres")}
    assert names["sqlite"] == names["postgres"]
    assert len(migrations("sqlite")) == len(migrations("postgres")) == LATEST


async def test_a_fresh_database_gets_every_migration(location: Path | str) -> None:
    store = await Store.open(location)
    assert await store.database.version() == LATEST
    assert set(await store.database.tables()) >= OUR_TABLES
    await store.close()


async def test_a_fresh_sqlite_file_is_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "sw.db")
    connection = store.database.connection  # type: ignore[attr-defined]
    async with connection.execute("PRAGMA journal_mode") as cursor:
        assert (await cursor.fetchone())[0] == "wal"
    async with connection.execute("PRAGMA foreign_keys") as cursor:
        assert (await cursor.fetchone())[0] == 1
    await store.close()


@pytest.mark.parametrize("start", range(LATEST + 1))
async def test_upgrade_from_every_earlier_version_keeps_data(location: Path | str,
                                                             start: int) -> None:
    old = await Database.open(location, up_to=start)
    assert await old.version() == start
    if start >= 1:
        await old.execute("INSERT INTO clubs (guild_id, timezone, created_at) VALUES (5, "
                          "'Europe/Oslo', '2026-01-01')")
    await old.close()
    store = await Store.open(location)
    assert await store.database.version() == LATEST
    if start >= 1:
        assert (await store.clubs.get(5)).timezone == "Europe/Oslo"
    await store.close()


async def test_failed_migration_leaves_the_database_as_it_was(
        location: Path | str, backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    db = await Database.open(location, up_to=1)
    await db.close()
    broken = [*migrations(backend)[:1], (2, "CREATE TABLE history (id INTEGER);\nNOT SQL AT ALL;")]
    monkeypatch.setattr(f"bot.store.{backend}.migrations", lambda backend: broken)
    with pytest.raises(StoreError, match=r"migration 0002 failed .* left at version 1"):
        await Database.open(location)
    monkeypatch.undo()
    db = await Database.open(location, up_to=1)
    assert await db.version() == 1
    assert "history" not in await db.tables()
    await db.close()


async def test_a_database_from_a_newer_second_wind_is_refused(location: Path | str,
                                                              backend: str) -> None:
    db = await Database.open(location)
    if backend == "sqlite":
        await db.execute(f"PRAGMA user_version = {LATEST + 1}")
    else:
        await db.execute("UPDATE secondwind_schema SET version = ?", LATEST + 1)
    await db.close()
    with pytest.raises(StoreError, match=re.escape(f"newer Second Wind (schema {LATEST + 1}")):
        await Database.open(location)


async def test_read_only_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="cannot"):
        await Store.open(Path("/proc/secondwind/sw.db"))


async def test_delivery_claim_is_once_per_schedule_and_day(location: Path | str) -> None:
    store = await Store.open(location)
    schedule = await store.schedules.add(1, 10, "07:00", "daily", "rotate", None, None)
    day = date(2026, 3, 29)
    key = PostKey(PostKind.SCHEDULE, schedule.id, day)
    assert await store.ledger.claim(key) is None
    again = await store.ledger.claim(key)
    assert again is not None and again.status == "claimed"
    await store.ledger.finish(key, DeliveryStatus.SENT, message_id=99, entry_id="x")
    done = await store.ledger.claim(key)
    assert done is not None and done.status == "sent" and done.message_id == 99
    assert await store.ledger.claim(PostKey(PostKind.SCHEDULE, schedule.id,
                                            date(2026, 3, 30))) is None
    await store.close()


async def test_history_and_feedback(location: Path | str) -> None:
    store = await Store.open(location)
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
    store = await Store.open(location)  # written to the database, not only kept in memory
    assert await store.history.recent_for_channel(10, 5) == ["c", "b", "a"]
    assert await store.history.recent_for_user(100, 5) == ["c", "b", "a"]
    await store.close()


async def test_settings_survive_reopen(location: Path | str) -> None:
    store = await Store.open(location)
    await store.clubs.set_timezone(7, "America/New_York")
    await store.clubs.set_theme_enabled(7, ["doubt", "lessons"], False)
    await store.clubs.set_theme_enabled(7, ["lessons"], True)
    await store.close()
    store = await Store.open(location)
    club = await store.clubs.get(7)
    assert club.timezone == "America/New_York"
    assert club.disabled_themes == frozenset({"doubt"})
    await store.close()


async def test_snowflake_sized_ids_round_trip(location: Path | str) -> None:
    guild, channel, role = 1_234_567_890_123_456_789, 2**63 - 1, 987_654_321_987_654_321
    store = await Store.open(location)
    await store.clubs.set_review_channel(guild, channel)
    schedule = await store.schedules.add(guild, channel, "07:00", "daily", "rotate", None, role)
    await store.close()
    store = await Store.open(location)
    assert (await store.clubs.get(guild)).review_channel_id == channel
    [again] = await store.schedules.for_club(guild)
    assert again == schedule and again.mention_role_id == role
    await store.close()


async def test_backup_copies_live_database(tmp_path: Path) -> None:
    store = await Store.open(tmp_path / "sw.db")
    await store.clubs.set_timezone(3, "Asia/Tokyo")
    await backup_database(tmp_path / "sw.db", tmp_path / "copy" / "backup.db")
    await store.close()
    copy = await Store.open(tmp_path / "copy" / "backup.db")
    assert (await copy.clubs.get(3)).timezone == "Asia/Tokyo"
    await copy.close()
