"""In-memory copies of what every pick reads, and the one rule that keeps them true.

Picks read a club's settings, its own entries and its "this helped" counts on
every command, so the store keeps copies of them per guild. The rule is one:
**a change to a guild drops every copy of that guild**. Repositories call
:meth:`GuildCaches.changed` after each write; with a database shared by several
processes, whatever tells this process that another one changed a guild (a
PostgreSQL notification, say) calls it too. The next read loads afresh.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

V = TypeVar("V")

MAX_GUILDS = 20_000


class GuildCache(Generic[V]):
    """One kind of per-guild value, loaded on first read, least recently used evicted."""

    def __init__(self, load: Callable[[int], Awaitable[V]], max_guilds: int) -> None:
        self._load = load
        self._values: OrderedDict[int, V] = OrderedDict()
        self._max = max_guilds

    async def get(self, guild_id: int) -> V:
        """The guild's value, from memory when there is a copy."""
        if guild_id in self._values:
            self._values.move_to_end(guild_id)
            return self._values[guild_id]
        value = await self._load(guild_id)
        self._values[guild_id] = value
        if len(self._values) > self._max:
            self._values.popitem(last=False)
        return value

    def drop(self, guild_id: int) -> None:
        """Forget the guild's copy."""
        self._values.pop(guild_id, None)


class GuildCaches:
    """Every per-guild cache of one store."""

    def __init__(self, max_guilds: int = MAX_GUILDS) -> None:
        self._caches: list[GuildCache] = []
        self._max = max_guilds

    def cache(self, load: Callable[[int], Awaitable[V]]) -> GuildCache[V]:
        """A new cache of values loaded by ``load``, dropped by :meth:`changed`."""
        cache: GuildCache[V] = GuildCache(load, self._max)
        self._caches.append(cache)
        return cache

    def changed(self, guild_id: int) -> None:
        """Something of the guild changed: drop every copy of it."""
        for cache in self._caches:
            cache.drop(guild_id)
