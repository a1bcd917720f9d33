"""The caches' one rule, without a database: a change to a guild drops every copy of it."""

from __future__ import annotations

import asyncio

from bot.store.cache import GuildCaches


class Loads:
    def __init__(self) -> None:
        self.value = "first"
        self.count = 0
        self.gate: asyncio.Event | None = None

    async def __call__(self, guild_id: int) -> str:
        self.count += 1
        value = self.value  # read "from the database" before waiting
        if self.gate is not None:
            await self.gate.wait()
        return value


async def test_a_change_drops_the_copy_of_that_guild_only() -> None:
    caches, loads = GuildCaches(), Loads()
    cache = caches.cache(loads)
    assert await cache.get(1) == "first" and await cache.get(2) == "first"
    loads.value = "second"
    await caches.changed(1)  # nobody else to tell: done at once
    assert await cache.get(1) == "second"
    assert await cache.get(2) == "first"
    assert loads.count == 3


async def test_a_load_under_way_while_its_guild_changes_is_not_kept() -> None:
    caches, loads = GuildCaches(), Loads()
    cache = caches.cache(loads)
    loads.gate = asyncio.Event()
    reading = asyncio.create_task(cache.get(1))
    await asyncio.sleep(0)  # it has read "first" and waits
    loads.value = "second"
    caches.changed_elsewhere(1)
    loads.gate.set()
    assert await reading == "first"  # that reader gets what it read…
    loads.gate = None
    assert await cache.get(1) == "second"  # …but it was not kept


async def test_nothing_is_kept_while_changes_may_go_unheard() -> None:
    caches, loads = GuildCaches(), Loads()
    cache = caches.cache(loads)
    await cache.get(1)
    caches.lost_contact()
    assert not caches.trusted
    await cache.get(1)
    await cache.get(1)
    assert loads.count == 3
    caches.regained_contact()
    await cache.get(1)
    await cache.get(1)
    assert loads.count == 4


async def test_changes_are_announced_and_settle_waits_for_them() -> None:
    told: list[tuple[str, int]] = []

    async def announce(what: str, ident: int) -> None:
        await asyncio.sleep(0.01)
        told.append((what, ident))

    caches = GuildCaches(announce=announce)
    await caches.changed(5)
    assert told == [("guild", 5)]
    caches.changed(6)  # not awaited: still sent, and settle() waits for it
    caches.member_changed(77)
    await caches.settle()
    assert told == [("guild", 5), ("guild", 6), ("member", 77)]


async def test_member_changes_reach_whoever_keeps_members() -> None:
    caches, dropped = GuildCaches(), []
    caches.on_member_changed(dropped.append)
    await caches.member_changed(7)
    caches.heard("member", 8)
    caches.lost_contact()
    caches.regained_contact()  # a member forgotten meanwhile may have gone unheard
    assert dropped == [7, 8, None]
