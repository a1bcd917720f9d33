"""In-memory copies of what every pick reads, and the one rule that keeps them true.

Picks read a club's settings, its own entries and its "this helped" counts on
every command, so the store keeps copies of them per guild. The rule is one:
**a change to a guild drops every copy of that guild** — in every process.

- Repositories call :meth:`GuildCaches.changed` after each write: this process's
  copies go at once, and on a shared database (PostgreSQL) the change is
  announced to the others (``NOTIFY``); ``await`` the call to know the
  announcement has been sent before answering the member.
- Another process's announcement calls :meth:`GuildCaches.changed_elsewhere`.
- While announcements may be missed (the listening connection dropped), nothing
  is kept: every read loads afresh, until the listener is back
  (:meth:`lost_contact`, :meth:`regained_contact`), and then every copy is dropped.

So these copies are *dropped on change*, not owned: any process may change a
guild (a console on the same database, a guild that moved to another process's
shards) and every other process drops its copy before its next command, in
practice — the notification crosses the database while the next command
crosses Discord. A load that was under way while its guild changed is not kept
(it may have read the row before the change).

Members travel the same way: :meth:`GuildCaches.member_changed` (a member asked
to be forgotten) reaches every process, whose per-member memory (recent history,
registered with :meth:`GuildCaches.on_member_changed`) drops that member.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Generator
from typing import Generic, TypeVar

V = TypeVar("V")

log = logging.getLogger(__name__)

MAX_GUILDS = 20_000

Announce = Callable[[str, int], Awaitable[None]]  # ("guild" or "member", its id)
GUILD, MEMBER = "guild", "member"


class _Done:
    """An awaitable that is already done: ``changed`` with nobody to tell."""

    def __await__(self) -> Generator[None, None, None]:
        return
        yield  # a generator, finished at once


_DONE = _Done()


class GuildCache(Generic[V]):
    """One kind of per-guild value, loaded on first read, least recently used evicted."""

    def __init__(self, load: Callable[[int], Awaitable[V]], owner: GuildCaches,
                 max_guilds: int) -> None:
        self._load = load
        self._owner = owner
        self._values: OrderedDict[int, V] = OrderedDict()
        self._max = max_guilds

    async def get(self, guild_id: int) -> V:
        """The guild's value, from memory when there is a copy."""
        if guild_id in self._values:
            self._values.move_to_end(guild_id)
            return self._values[guild_id]
        version = self._owner.version(guild_id)
        value = await self._load(guild_id)
        if self._owner.trusted and self._owner.version(guild_id) == version:
            self._values[guild_id] = value
            if len(self._values) > self._max:
                self._values.popitem(last=False)
        return value

    def drop(self, guild_id: int) -> None:
        """Forget the guild's copy."""
        self._values.pop(guild_id, None)

    def clear(self) -> None:
        """Forget every copy."""
        self._values.clear()


class GuildCaches:
    """Every per-guild cache of one store, and how changes reach them."""

    def __init__(self, max_guilds: int = MAX_GUILDS, *, announce: Announce | None = None) -> None:
        self._caches: list[GuildCache] = []
        self._max = max_guilds
        self._announce = announce
        self._versions: dict[int, int] = {}  # per guild: how many times it changed
        self._epoch = 0  # how many times everything was dropped
        self._announcing: set[asyncio.Task] = set()
        self._member_listeners: list[Callable[[int | None], None]] = []
        self.trusted = True  # False while changes elsewhere may go unheard

    def cache(self, load: Callable[[int], Awaitable[V]]) -> GuildCache[V]:
        """A new cache of values loaded by ``load``, dropped by :meth:`changed`."""
        cache: GuildCache[V] = GuildCache(load, self, self._max)
        self._caches.append(cache)
        return cache

    def version(self, guild_id: int) -> tuple[int, int]:
        """Changes so far to the guild (and to everything): a load spanning one is not kept."""
        return (self._epoch, self._versions.get(guild_id, 0))

    def changed(self, guild_id: int) -> Awaitable[None]:
        """Something of the guild changed here: drop every copy, and tell other processes.

        Returns an awaitable that is done once the other processes have been told
        (at once when there is nobody to tell); not awaiting it is allowed.
        """
        self.changed_elsewhere(guild_id)
        return self._tell(GUILD, guild_id)

    def on_member_changed(self, drop: Callable[[int | None], None]) -> None:
        """Call ``drop(user_id)`` when a member changes here or elsewhere (None: everyone)."""
        self._member_listeners.append(drop)

    def member_changed(self, user_id: int) -> Awaitable[None]:
        """A member's data changed (they were forgotten): drop them here and everywhere."""
        self.member_changed_elsewhere(user_id)
        return self._tell(MEMBER, user_id)

    def member_changed_elsewhere(self, user_id: int | None) -> None:
        """Another process changed a member (None: any member): drop what is kept of them."""
        for drop in self._member_listeners:
            drop(user_id)

    def heard(self, what: str, ident: int) -> None:
        """An announcement from another process."""
        if what == MEMBER:
            self.member_changed_elsewhere(ident)
        else:
            self.changed_elsewhere(ident)

    def _tell(self, what: str, ident: int) -> Awaitable[None]:
        if self._announce is None:
            return _DONE
        task = asyncio.create_task(self._send(what, ident), name=f"announce-{what}-{ident}")
        self._announcing.add(task)
        task.add_done_callback(self._announcing.discard)
        return task

    async def _send(self, what: str, ident: int) -> None:
        assert self._announce is not None  # noqa: S101 - only scheduled with one
        try:
            await self._announce(what, ident)
        except Exception:  # the write is done; other processes drop all when they lose us
            log.warning("could not announce a change to %s %d", what, ident, exc_info=True)

    def changed_elsewhere(self, guild_id: int) -> None:
        """Another process changed the guild (or this one did): drop every copy of it."""
        self._versions[guild_id] = self._versions.get(guild_id, 0) + 1
        for cache in self._caches:
            cache.drop(guild_id)

    def lost_contact(self) -> None:
        """Changes elsewhere may go unheard from now on: drop everything, keep nothing."""
        if self.trusted:
            log.warning("no longer hearing other processes' changes: caching paused")
        self.trusted = False
        self._drop_all()

    def regained_contact(self) -> None:
        """Changes elsewhere are heard again: drop what was loaded meanwhile, cache again.

        A member forgotten meanwhile may have gone unheard too: every member's memory goes.
        """
        self._drop_all()
        self.member_changed_elsewhere(None)
        if not self.trusted:
            log.info("hearing other processes' changes again: caching resumed")
        self.trusted = True

    def _drop_all(self) -> None:
        self._epoch += 1
        for cache in self._caches:
            cache.clear()

    async def settle(self) -> None:
        """Wait until every change so far has been announced."""
        if self._announcing:
            await asyncio.gather(*self._announcing, return_exceptions=True)
