"""Members' timed items under shards, and race-morning DM rows, on both backends.

(The members' repositories themselves are in test_members.py.)
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.config import ShardSlice
from bot.store import Store
from bot.values import PostKey, PostKind

GUILD, OTHER = 1000, (1 << 22) | 7  # shards 0 and 1 of 2
ANA, BEN = 7, 8
DAY = date(2026, 9, 20)


async def test_a_store_for_a_slice_of_shards_lists_its_members_items(
        location: Path | str) -> None:
    store = await Store.open(location)
    mine = await store.reminders.add(ANA, GUILD, "07:00", "daily", None, None, 5)
    theirs = await store.reminders.add(ANA, OTHER, "07:00", "daily", None, None, 5)
    due = datetime(2026, 9, 20, 7, 0, tzinfo=UTC)
    direct = await store.pending_dms.one_off(ANA, None, DAY, due, "no guild: shard 0's")
    held = await store.pending_dms.hold(ANA, OTHER, PostKey(PostKind.REMINDER, 9, DAY), due, None)
    race = await store.races.add(OTHER, "Marathon", DAY, 20, None, None, None)
    assert race is not None
    await store.races.join(race.id, BEN)
    await store.members.set_race_dm(BEN, True)
    await store.close()
    assert mine is not None and theirs is not None
    zero = await Store.open(location, guilds=ShardSlice((0,), 2))
    one = await Store.open(location, guilds=ShardSlice((1,), 2))
    assert [r.id for r in await zero.reminders.active()] == [mine.id]
    assert [r.id for r in await one.reminders.active()] == [theirs.id]
    assert [p.id for p in await zero.pending_dms.all()] == [direct.id]  # DMs: shard 0, as Discord
    assert [p.id for p in await one.pending_dms.all()] == [held.id]
    assert await zero.members.race_dm_runners(DAY) == []
    assert [(r[1], r[2]) for r in await one.members.race_dm_runners(DAY)] == [(race.id, BEN)]
    await zero.close()
    await one.close()


async def test_race_dm_runner_rows(location: Path | str) -> None:
    store = await Store.open(location)
    race = await store.races.add(GUILD, "Marathon", DAY, 10, None, None, None)
    past = await store.races.add(GUILD, "Old", DAY - timedelta(days=30), 10, None, None, None)
    assert race is not None and past is not None
    for member in (ANA, BEN):
        await store.races.join(race.id, member)
        await store.races.join(past.id, member)
    await store.members.set_race_dm(ANA, True)
    ana_row = await store.members.runner_id(race.id, ANA)
    assert ana_row is not None and await store.members.runner_id(race.id, 99) is None
    assert await store.members.race_dm_runners(DAY) == [(ana_row, race.id, ANA)]
    assert await store.members.race_dm_runner(ana_row) == (race.id, ANA)
    ben_row = await store.members.runner_id(race.id, BEN)
    assert ben_row is not None and await store.members.race_dm_runner(ben_row) is None
    assert await store.members.runner_ids(ANA, DAY) == [ana_row]
    assert await store.members.club_runner_ids(GUILD, DAY) == [ana_row]
    await store.close()
