"""Members' repositories (bot.store.members) and migration 0009, on a real database."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.store import Store
from bot.store.database import Database
from bot.values import MemberSettings, PostKey, PostKind, SubmissionStatus

ANA, SAM = 101, 102
CLUB = 1
MIGRATION = 9


async def test_settings_start_empty_and_are_saved_a_field_at_a_time(location: Path | str) -> None:
    store = await Store.open(location)
    assert await store.members.get(ANA) == MemberSettings(user_id=ANA)
    await store.members.set_timezone(ANA, "Europe/Oslo")
    await store.members.set_quiet(ANA, "22:00", "07:00")
    await store.members.set_dm_channel(ANA, 5_000_000_000_000_000_001)
    await store.members.set_race_dm(ANA, True)
    assert await store.members.get(ANA) == MemberSettings(
        ANA, "Europe/Oslo", "22:00", "07:00", True, 5_000_000_000_000_000_001)
    await store.members.set_timezone(ANA, None)
    assert (await store.members.get(ANA)).timezone is None
    assert (await store.members.get(ANA)).quiet_from == "22:00"
    await store.close()


async def test_reminders_keep_the_limit_even_when_added_at_once(location: Path | str) -> None:
    store = await Store.open(location)
    added = await asyncio.gather(*(store.reminders.add(ANA, CLUB, f"0{n}:00", "daily", None,
                                                       None, 5) for n in range(9)))
    assert sum(r is not None for r in added) == 5
    assert len(await store.reminders.of_member(ANA)) == 5
    assert await store.reminders.add(SAM, CLUB, "07:00", "daily", "doubt", "mantra", 5)
    await store.close()


async def test_a_removed_reminder_id_is_never_handed_out_again(location: Path | str) -> None:
    store = await Store.open(location)
    first = await store.reminders.add(ANA, CLUB, "07:00", "daily", None, None, 5)
    assert first is not None
    key = PostKey(PostKind.REMINDER, first.id, date(2027, 3, 10))
    await store.ledger.claim(key)
    assert await store.reminders.remove(ANA, first.id)
    assert await store.ledger.get(key) is None  # its ledger rows went with it
    second = await store.reminders.add(ANA, CLUB, "07:00", "daily", None, None, 5)
    assert second is not None and second.id > first.id
    assert not await store.reminders.remove(SAM, second.id)  # only its member's
    await store.close()


async def test_failing_days_count_up_and_a_stop_pauses_a_club_s_reminders(
    location: Path | str
) -> None:
    store = await Store.open(location)
    here = await store.reminders.add(ANA, CLUB, "07:00", "daily", None, None, 5)
    there = await store.reminders.add(ANA, 2, "07:00", "daily", None, None, 5)
    assert here is not None and there is not None
    assert [await store.reminders.mark_failing(here.id, "closed DMs") for _ in range(3)] == \
        [1, 2, 3]
    await store.reminders.mark_healthy(here.id)
    assert (await store.reminders.get(here.id)).failing_days == 0  # type: ignore[union-attr]
    assert await store.reminders.stop_in_club(ANA, CLUB, "left") == [here.id]
    assert await store.reminders.stop_in_club(ANA, CLUB, "left") == []
    assert [r.id for r in await store.reminders.active()] == [there.id]
    assert await store.reminders.set_paused(ANA, here.id, False)
    assert (await store.reminders.get(here.id)).failing_reason is None  # type: ignore[union-attr]
    await store.close()


async def test_a_held_dm_is_kept_once_per_key_and_moves(location: Path | str) -> None:
    store = await Store.open(location)
    key = PostKey(PostKind.REMINDER, 7, date(2027, 3, 10))
    due = datetime(2027, 3, 10, 8, 0, tzinfo=UTC)
    held = await store.pending_dms.hold(ANA, CLUB, key, due, None)
    again = await store.pending_dms.hold(ANA, CLUB, key, due.replace(hour=9), None)
    assert again.id == held.id and again.due_at.hour == 9
    one_off = await store.pending_dms.one_off(ANA, CLUB, date(2027, 3, 10), due, "Hello.")
    assert one_off.key == PostKey(PostKind.HELD_DM, one_off.id, date(2027, 3, 10))
    assert [p.id for p in await store.pending_dms.all()] == [one_off.id, held.id]
    assert await store.pending_dms.for_key(key) == again
    await store.pending_dms.remove_key(key)
    await store.pending_dms.remove(one_off.id)
    assert await store.pending_dms.all() == []
    later = await store.pending_dms.one_off(ANA, CLUB, date(2027, 3, 10), due, "Again.")
    assert later.id > one_off.id  # never the id of one that went: its ledger key is taken
    await store.close()


async def test_notices_are_the_member_s_own(location: Path | str) -> None:
    store = await Store.open(location)
    await store.members.add_notice(ANA, "first")
    await store.members.add_notice(ANA, "second")
    await store.members.add_notice(SAM, "sam's")
    notices = await store.members.notices(ANA)
    assert [text for _, text in notices] == ["first", "second"]
    await store.members.drop_notices(SAM, [n for n, _ in notices])  # not Sam's to drop
    assert len(await store.members.notices(ANA)) == 2
    await store.members.drop_notices(ANA, [notices[0][0]])
    assert [text for _, text in await store.members.notices(ANA)] == ["second"]
    await store.close()


async def test_withdrawing_takes_an_approved_story_out_of_the_pool(location: Path | str) -> None:
    store = await Store.open(location)
    story = await store.content.add_submission(CLUB, ANA, "comeback", "Back", "x" * 30, "ana")
    from bot.content import Entry
    entry = Entry(id="club-1-back", theme="comeback", kind="story", title="Back",
                  body="x" * 30, credit="ana", source="club")
    assert await store.content.decide_submission(CLUB, story.id, SAM, entry)
    assert [e.id for e in await store.content.entries(CLUB)] == ["club-1-back"]
    assert await store.member_data.withdraw_story(SAM, story.id) is None  # not Sam's
    before = await store.member_data.withdraw_story(ANA, story.id)
    assert before is not None and before.status is SubmissionStatus.APPROVED
    assert await store.content.entries(CLUB) == []  # the cached copy was dropped too
    after = await store.member_data.withdraw_story(ANA, story.id)
    assert after is not None and after.status is SubmissionStatus.WITHDRAWN
    await store.close()


@pytest.mark.parametrize("status", ["pending", "approved", "rejected"])
async def test_migration_9_keeps_every_submission_and_takes_withdrawn(
    tmp_path: Path, status: str
) -> None:
    path = tmp_path / "sw.db"
    old = await Database.open(path, up_to=MIGRATION - 1)
    await old.execute("INSERT INTO clubs (guild_id, timezone, created_at) VALUES (1, 'UTC', 'x')")
    await old.execute(
        "INSERT INTO submissions (id, guild_id, user_id, theme_id, title, body, credit, status,"
        " review_message_id, decided_by, entry_id, created_at, decided_at)"
        " VALUES (41, 1, 101, 'doubt', 'T', 'B', 'ana', ?, 55, 102, NULL, 'c', 'd')", status)
    await old.close()
    store = await Store.open(path)
    [kept] = await store.member_data.stories(ANA)
    assert (kept.id, kept.status, kept.review_message_id, kept.credit) == (41, status, 55, "ana")
    newer = await store.content.add_submission(CLUB, ANA, "doubt", "New", "y" * 30, None)
    assert newer.id == 42
    await store.close()
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE submissions SET status = 'withdrawn' WHERE id = 41")
        with pytest.raises(sqlite3.IntegrityError):
            conn.execute("UPDATE submissions SET status = 'lost' WHERE id = 41")
        conn.execute("DELETE FROM submissions WHERE id = 42")
        conn.execute("INSERT INTO submissions (guild_id, user_id, theme_id, title, body,"
                     " created_at) VALUES (1, 101, 'doubt', 'T', 'B', 'c')")
        assert conn.execute("SELECT MAX(id) FROM submissions").fetchone()[0] == 43
        indexes = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'submissions'")}
        assert {"submissions_guild", "submissions_user"} <= indexes


async def test_a_member_record_gathers_their_rows_and_forget_erases_them(
    location: Path | str
) -> None:
    store = await Store.open(location)
    await store.members.set_quiet(ANA, "22:00", "07:00")
    await store.members.set_dm_channel(ANA, 777)
    reminder = await store.reminders.add(ANA, CLUB, "07:00", "daily", None, None, 5)
    assert reminder is not None
    await store.ledger.claim(PostKey(PostKind.REMINDER, reminder.id, date(2027, 3, 10)))
    await store.history.record_shown(CLUB, 10, ANA, "doubt-a")
    await store.history.record_shown(None, 777, ANA, "doubt-b")  # in their DM channel
    await store.history.record_helped(CLUB, ANA, "doubt-a")
    story = await store.content.add_submission(CLUB, ANA, "comeback", "Back", "x" * 30, None)
    await store.members.add_notice(ANA, "a note")
    record = await store.member_data.record(ANA)
    assert record.settings is not None and record.settings.quiet_to == "07:00"
    assert [r.id for r in record.reminders] == [reminder.id]
    assert record.picks_shown == 2 and [h[1] for h in record.helped] == ["doubt-a"]
    assert [s.id for s in record.stories] == [story.id] and record.notices == ("a note",)
    assert not record.empty
    forgotten = await store.member_data.forget(ANA, remove_stories=True)
    assert forgotten.rows_cleared == 1  # the club channel's history row, without them
    assert (await store.member_data.record(ANA)).empty
    assert await store.ledger.get(PostKey(PostKind.REMINDER, reminder.id,
                                          date(2027, 3, 10))) is None
    assert await store.history.recent_for_channel(777, 5) == []
    assert await store.history.recent_for_channel(10, 5) == ["doubt-a"]
    await store.close()
