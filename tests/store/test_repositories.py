"""Every repository, on SQLite and on PostgreSQL: the same calls give the same answers.

Also what several processes need: two stores on one database claiming one post
leave exactly one winner, and a store opened for a slice of shards lists only the
timed items of its own guilds.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.config import ShardSlice
from bot.content import Entry
from bot.store import Store
from bot.values import (
    CheckinAnswer,
    DeliveryStatus,
    PostKey,
    PostKind,
    SubmissionStatus,
)

GUILD, OTHER = 1000, 2000


def entry(number: int, theme: str = "doubt", kind: str = "mantra", title: str = "Keep going",
          body: str = "One more step, then another.") -> Entry:
    return Entry(id=f"club-{number}-x", theme=theme, kind=kind, title=title, body=body,
                 credit="coach", source="club")


async def test_clubs(location: Path | str) -> None:
    store = await Store.open(location)
    fresh = await store.clubs.get(GUILD)
    assert fresh.timezone == "UTC" and fresh.disabled_themes == frozenset()
    await store.clubs.set_timezone(GUILD, "Europe/Oslo")
    await store.clubs.set_review_channel(GUILD, 55)
    await store.clubs.set_support_line(GUILD, "Call the club nurse: 555-0100")
    await store.clubs.set_theme_enabled(GUILD, ["doubt", "comeback"], False)
    await store.clubs.set_theme_enabled(GUILD, ["doubt", "comeback"], False)  # twice: no error
    club = await store.clubs.get(GUILD)
    assert (club.timezone, club.review_channel_id, club.support_line) == (
        "Europe/Oslo", 55, "Call the club nurse: 555-0100")
    assert club.disabled_themes == frozenset({"doubt", "comeback"})
    await store.clubs.set_review_channel(GUILD, None)
    await store.clubs.set_support_line(GUILD, None)
    club = await store.clubs.get(GUILD)
    assert club.review_channel_id is None and club.support_line is None
    assert (await store.clubs.get(OTHER)).timezone == "UTC"
    await store.close()


async def test_schedules(location: Path | str) -> None:
    store = await Store.open(location)
    first = await store.schedules.add(GUILD, 10, "07:00", "daily", "rotate", None, None)
    second = await store.schedules.add(GUILD, 11, "06:30", "weekdays", "doubt", "mantra", 77)
    other = await store.schedules.add(OTHER, 20, "08:00", "mon,wed", "comeback", None, None)
    assert second.id > first.id and second.kind == "mantra" and second.mention_role_id == 77
    assert first.created_at is not None and first.created_at.tzinfo is not None
    assert await store.schedules.get(first.id) == first
    assert await store.schedules.get(999_999) is None
    assert [s.id for s in await store.schedules.for_club(GUILD)] == [first.id, second.id]
    assert await store.schedules.set_paused(GUILD, first.id, True, "on holiday") is True
    assert await store.schedules.set_paused(OTHER, first.id, False) is False  # not its own
    assert [s.id for s in await store.schedules.active()] == [second.id, other.id]
    paused = await store.schedules.get(first.id)
    assert paused is not None and paused.paused and paused.failing_reason == "on holiday"
    assert await store.schedules.mark_failing(second.id, "no permission") == 1
    assert await store.schedules.mark_failing(second.id, "no permission") == 2
    assert await store.schedules.mark_failing(999_999, "gone") == 0
    await store.schedules.mark_healthy(second.id)
    healthy = await store.schedules.get(second.id)
    assert healthy is not None and healthy.failing_days == 0 and healthy.failing_reason is None
    assert await store.schedules.set_paused(GUILD, first.id, False) is True
    assert await store.schedules.pause_channel(10, "channel deleted") == [first.id]
    assert await store.schedules.pause_channel(10, "channel deleted") == []
    key = PostKey(PostKind.SCHEDULE, other.id, date(2026, 5, 1))
    await store.ledger.claim(key)
    assert await store.schedules.remove(GUILD, other.id) is False
    assert await store.schedules.remove(OTHER, other.id) is True
    assert await store.ledger.get(key) is None  # its ledger went with it
    await store.close()


async def test_ledger(location: Path | str) -> None:
    store = await Store.open(location)
    key = PostKey(PostKind.DIGEST, 5, date(2026, 6, 7))
    assert await store.ledger.get(key) is None
    assert await store.ledger.record_skip(key, "missed while offline") is True
    assert await store.ledger.record_skip(key, "again") is False
    skipped = await store.ledger.claim(key)
    assert skipped is not None and skipped.status == DeliveryStatus.SKIPPED
    assert skipped.detail == "missed while offline" and skipped.status.final
    race = PostKey(PostKind.RACE_MORNING, 5, date(2026, 6, 7))  # same ref and day, other kind
    assert await store.ledger.claim(race) is None
    await store.ledger.finish(race, DeliveryStatus.FAILED, detail="no permission")
    failed = await store.ledger.get(race)
    assert failed is not None and failed.status == DeliveryStatus.FAILED
    assert failed.claimed_at is not None and failed.claimed_at.tzinfo is not None
    await store.close()


async def test_history_most_helpful(location: Path | str) -> None:
    store = await Store.open(location)
    for user, entry_id in [(1, "a"), (2, "a"), (3, "b"), (1, "c"), (2, "c"), (3, "c")]:
        await store.history.record_helped(GUILD, user, entry_id)
    await store.history.record_helped(OTHER, 1, "b")
    since = datetime.now(UTC) - timedelta(days=1)
    assert await store.history.most_helpful(GUILD, since, 2) == [("c", 3), ("a", 2)]
    assert await store.history.most_helpful(GUILD, datetime.now(UTC) + timedelta(days=1), 5) == []
    assert await store.history.helped_counts(GUILD) == {"a": 2, "b": 1, "c": 3}
    await store.close()


async def test_club_entries(location: Path | str) -> None:
    store = await Store.open(location)
    assert await store.content.reserve_entry_numbers(2) == [1, 2]
    assert await store.content.reserve_entry_numbers(3) == [3, 4, 5]
    await store.content.add_entries(GUILD, [entry(2), entry(10, title="Ten")], added_by=7)
    assert [e.id for e in await store.content.entries(GUILD)] == ["club-2-x", "club-10-x"]
    await store.content.add_entries(GUILD, [entry(2, title="Renamed")], added_by=7)
    await store.content.add_entries(OTHER, [entry(10, title="Stolen")], added_by=8)  # not its own
    titles = {e.id: e.title for e in await store.content.entries(GUILD)}
    assert titles == {"club-2-x": "Renamed", "club-10-x": "Ten"}
    assert await store.content.entries(OTHER) == []
    assert await store.content.entry_count(GUILD) == 2
    assert await store.content.remove_entry(OTHER, "club-2-x") is False
    assert await store.content.remove_entry(GUILD, "club-2-x") is True
    assert [e.id for e in await store.content.entries(GUILD)] == ["club-10-x"]
    await store.close()


async def test_submissions(location: Path | str) -> None:
    store = await Store.open(location)
    before = datetime.now(UTC) - timedelta(seconds=5)
    first = await store.content.add_submission(GUILD, 7, "comeback", "Back", "A" * 30, "me")
    second = await store.content.add_submission(GUILD, 8, "doubt", "Doubt", "B" * 30, None)
    assert first.status == SubmissionStatus.PENDING and second.id > first.id
    assert await store.content.pending_count(GUILD) == 2
    assert await store.content.pending_count(GUILD, 7) == 1
    assert await store.content.pending_count(OTHER) == 0
    await store.content.set_review_message(first.id, 4242)
    again = await store.content.submission(GUILD, first.id)
    assert again is not None and again.review_message_id == 4242
    assert await store.content.submission(OTHER, first.id) is None
    approved = entry(11, theme="comeback", kind="story", title="Back", body="A" * 30)
    assert await store.content.decide_submission(GUILD, first.id, 1, approved) is True
    assert await store.content.decide_submission(GUILD, first.id, 1, None) is False  # decided
    assert await store.content.decide_submission(GUILD, second.id, 1, None) is True
    assert [s.id for s in await store.content.pending_submissions(GUILD)] == []
    assert [e.id for e in await store.content.entries(GUILD)] == ["club-11-x"]
    assert [s.id for s in await store.content.approved_since(GUILD, before)] == [first.id]
    rejected = await store.content.submission(GUILD, second.id)
    assert rejected is not None and rejected.status == SubmissionStatus.REJECTED
    await store.close()


async def test_races(location: Path | str) -> None:
    store = await Store.open(location)
    day = date(2026, 9, 20)
    marathon = await store.races.add(GUILD, "City Marathon", day, 10, "42.2 km", "09:00",
                                     "https://example.org")
    parkrun = await store.races.add(GUILD, "Parkrun", day - timedelta(days=30), 10, None, None,
                                    None)
    theirs = await store.races.add(OTHER, "Hill Race", day, 20, None, None, None)
    assert marathon.runners == 0 and marathon.distance == "42.2 km"
    assert await store.races.get(marathon.id) == marathon
    assert [r.id for r in await store.races.between(GUILD, day - timedelta(days=31), day)] == [
        parkrun.id, marathon.id]
    assert [r.id for r in await store.races.from_date(day)] == [marathon.id, theirs.id]
    assert [r.id for r in await store.races.of_club(GUILD)] == [parkrun.id, marathon.id]
    assert await store.races.join(marathon.id, 7) is True
    assert await store.races.join(marathon.id, 7) is False
    assert await store.races.join(marathon.id, 8) is True
    assert await store.races.runners(marathon.id) == [7, 8]
    assert (await store.races.get(marathon.id)).runners == 2  # type: ignore[union-attr]
    assert [r.id for r in await store.races.joined_by(GUILD, 7, day)] == [marathon.id]
    assert await store.races.leave(marathon.id, 8) is True
    assert await store.races.leave(marathon.id, 8) is False
    assert await store.races.set_checkin(marathon.id, 7, CheckinAnswer.PB) is True
    assert await store.races.set_checkin(marathon.id, 7, CheckinAnswer.PB) is False
    assert await store.races.set_checkin(marathon.id, 9, CheckinAnswer.TOUGH) is True
    assert await store.races.set_checkin(marathon.id, 9, CheckinAnswer.DNF) is True
    assert await store.races.tallies(marathon.id) == {CheckinAnswer.PB: 1, CheckinAnswer.DNF: 1}
    key = PostKey(PostKind.RACE_MORNING, marathon.id, day)
    await store.ledger.claim(key)
    assert await store.races.remove(OTHER, marathon.id) is False
    assert await store.races.remove(GUILD, marathon.id) is True
    assert await store.races.get(marathon.id) is None
    assert await store.races.runners(marathon.id) == []
    assert await store.ledger.get(key) is None
    await store.close()


async def test_digests_and_meta(location: Path | str) -> None:
    store = await Store.open(location)
    assert await store.digests.get(GUILD) is None
    await store.digests.set(GUILD, 10, 6, "18:00")
    await store.digests.set(GUILD, 11, 0, "07:30")  # moved
    await store.digests.set(OTHER, 20, 3, "12:00")
    moved = await store.digests.get(GUILD)
    assert moved is not None and (moved.channel_id, moved.weekday, moved.local_time) == (
        11, 0, "07:30")
    assert [d.guild_id for d in await store.digests.all()] == [GUILD, OTHER]
    assert await store.digests.remove(GUILD) is True
    assert await store.digests.remove(GUILD) is False
    assert await store.meta.get("command_hash:global") is None
    await store.meta.put("command_hash:global", "abc")
    await store.meta.put("command_hash:global", "def")
    assert await store.meta.get("command_hash:global") == "def"
    await store.close()


async def test_a_store_for_a_slice_of_shards_lists_only_its_guilds(location: Path | str) -> None:
    # Guild ids whose shard (of 2) is known: (id >> 22) % 2.
    even, odd = 4 << 22, 5 << 22
    store = await Store.open(location)
    for guild in (even, odd):
        await store.schedules.add(guild, guild + 1, "07:00", "daily", "rotate", None, None)
        await store.races.add(guild, "Race", date(2026, 9, 20), guild + 1, None, None, None)
        await store.digests.set(guild, guild + 1, 6, "18:00")
    await store.close()
    for shards, owned in (((0,), even), ((1,), odd)):
        mine = await Store.open(location, guilds=ShardSlice(shards, 2))
        assert [s.guild_id for s in await mine.schedules.active()] == [owned]
        assert [r.guild_id for r in await mine.races.from_date(date(2026, 1, 1))] == [owned]
        assert [d.guild_id for d in await mine.digests.all()] == [owned]
        assert len(await mine.schedules.for_club(even + odd - owned)) == 1  # by id: any guild
        await mine.close()
    every = await Store.open(location, guilds=ShardSlice((0, 1), 2))
    assert len(await every.schedules.active()) == 2
    await every.close()


async def test_two_stores_claiming_one_post_leave_one_winner(location: Path | str) -> None:
    """Two processes (here two stores, each with its own connections) race for each post."""
    first, second = await Store.open(location), await Store.open(location)
    keys = [PostKey(PostKind.SCHEDULE, n, date(2026, 3, 29)) for n in range(1, 41)]
    claims = [store.ledger.claim(key) for key in keys for store in (first, second, first)]
    results = await asyncio.gather(*claims)
    won = [key for key, result in zip([k for k in keys for _ in range(3)], results, strict=True)
           if result is None]
    assert sorted(won, key=lambda k: k.ref_id) == keys  # each post claimed exactly once
    await first.close()
    await second.close()


async def test_entry_numbers_never_repeat_across_stores(location: Path | str) -> None:
    first, second = await Store.open(location), await Store.open(location)
    batches = await asyncio.gather(*(store.content.reserve_entry_numbers(3)
                                     for _ in range(10) for store in (first, second)))
    numbers = [n for batch in batches for n in batch]
    assert sorted(numbers) == list(range(1, 61))
    await first.close()
    await second.close()


async def test_a_change_drops_the_cached_copy_in_the_same_store(location: Path | str) -> None:
    store = await Store.open(location)
    assert (await store.clubs.get(GUILD)).timezone == "UTC"  # cached now
    await store.clubs.set_timezone(GUILD, "Asia/Tokyo")
    assert (await store.clubs.get(GUILD)).timezone == "Asia/Tokyo"
    assert await store.content.entries(GUILD) == []
    await store.content.add_entries(GUILD, [entry(1)], added_by=None)
    assert len(await store.content.entries(GUILD)) == 1
    await store.close()


async def test_the_race_limit_holds_when_races_are_added_at_once(location: Path | str) -> None:
    """On PostgreSQL the count and the insert would race without the transaction's lock."""
    first, second = await Store.open(location), await Store.open(location)
    today = date(2026, 9, 1)
    added = await asyncio.gather(*(
        store.races.add(GUILD, f"Race {n}", today + timedelta(days=n), 10, None, None, None,
                        today=today, max_upcoming=4)
        for n in range(10) for store in (first, second)))
    assert sum(race is not None for race in added) == 4
    assert len(await first.races.of_club(GUILD)) == 4
    await first.close()
    await second.close()
