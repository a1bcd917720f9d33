"""SQLite storage behind small async functions; all SQL of the project lives here."""

from __future__ import annotations

from pathlib import Path

from bot.errors import StoreError
from bot.store.cache import GuildCaches
from bot.store.database import Database, backup_database
from bot.store.repositories import (
    ClubContent,
    ClubDefaults,
    Clubs,
    Deliveries,
    History,
    Meta,
    Schedules,
)

__all__ = ["ClubDefaults", "Store", "StoreError", "backup_database"]


class Store:
    """The repositories over one database: ``await Store.open(path)``, then ``close()``."""

    def __init__(self, database: Database, defaults: ClubDefaults) -> None:
        self.database = database
        self.caches = GuildCaches()
        parts = (database, defaults, self.caches)
        self.clubs = Clubs(*parts)
        self.schedules = Schedules(*parts)
        self.deliveries = Deliveries(*parts)
        self.history = History(*parts)
        self.content = ClubContent(*parts)
        self.meta = Meta(*parts)

    @classmethod
    async def open(cls, path: Path, defaults: ClubDefaults | None = None) -> Store:
        """Open the database at ``path``, migrated to the latest schema."""
        return cls(await Database.open(path), defaults or ClubDefaults())

    async def close(self) -> None:
        """Write what is still in memory, then close the database."""
        await self.history.flush()
        await self.database.close()
