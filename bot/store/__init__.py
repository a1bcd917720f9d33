"""Storage behind small async functions, SQLite or PostgreSQL; all SQL of the project lives here."""

from __future__ import annotations

from pathlib import Path

from bot.config import ShardSlice
from bot.errors import StoreError
from bot.store.cache import GuildCaches
from bot.store.database import Database, is_database_url
from bot.store.members import MemberData, Members, PendingDms, Reminders
from bot.store.repositories import (
    Clock,
    ClubContent,
    ClubDefaults,
    Clubs,
    Digests,
    History,
    Ledger,
    Meta,
    Races,
    Schedules,
    wall_clock,
)
from bot.store.sqlite import backup_database

__all__ = ["ClubDefaults", "Store", "StoreError", "backup_database", "is_database_url"]


class Store:
    """The repositories over one database: ``await Store.open(path_or_url)``, then ``close()``.

    ``guilds``: this process serves a slice of the shards; the lists of every
    club's timed items (what the job runner arms) hold only its own guilds.
    """

    def __init__(self, database: Database, defaults: ClubDefaults, *,
                 guilds: ShardSlice | None = None, clock: Clock = wall_clock) -> None:
        self.database = database
        self.closed = False
        self.caches = GuildCaches(announce=database.announce_changed if database.shared else None)
        parts = (database, defaults, self.caches)
        self.clubs = Clubs(*parts, clock=clock)
        self.schedules = Schedules(*parts, guilds, clock=clock)
        self.ledger = Ledger(*parts, clock=clock)
        self.history = History(*parts, clock=clock)
        self.content = ClubContent(*parts, clock=clock)
        self.races = Races(*parts, guilds, clock=clock)
        self.digests = Digests(*parts, guilds, clock=clock)
        self.meta = Meta(*parts, clock=clock)
        self.members = Members(*parts, guilds, clock=clock)
        self.reminders = Reminders(*parts, guilds, clock=clock)
        self.pending_dms = PendingDms(*parts, guilds, clock=clock)
        self.member_data = MemberData(*parts, self.history, guilds, clock=clock)

    @classmethod
    async def open(cls, location: Path | str, defaults: ClubDefaults | None = None, *,
                   guilds: ShardSlice | None = None, clock: Clock = wall_clock) -> Store:
        """Open the SQLite file or PostgreSQL URL, migrated to the latest schema.

        On PostgreSQL the store listens for other processes' changes before it
        serves anything, so its caches can be trusted from the first read.
        """
        database = await Database.open(location)
        store = cls(database, defaults or ClubDefaults(), guilds=guilds, clock=clock)
        try:
            await database.listen_for_changes(store.caches.heard,
                                              store.caches.lost_contact,
                                              store.caches.regained_contact)
        except BaseException:
            await database.close()
            raise
        return store

    async def close(self) -> None:
        """Write what is still in memory, finish announcing changes, close the database.

        A second call does nothing.
        """
        if self.closed:
            return
        self.closed = True
        await self.history.flush()
        await self.caches.settle()
        await self.database.close()
