"""SQLite storage behind small async functions; all SQL of the project lives here."""

from __future__ import annotations

from pathlib import Path

from bot.store.database import Database, StoreError, backup_database
from bot.store.repositories import ClubContent, Clubs, Deliveries, History, Meta, Schedules

__all__ = ["Store", "StoreError", "backup_database"]


class Store:
    """The repositories over one database: ``await Store.open(path)``, then ``close()``."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.clubs = Clubs(database)
        self.schedules = Schedules(database)
        self.deliveries = Deliveries(database)
        self.history = History(database)
        self.content = ClubContent(database)
        self.meta = Meta(database)

    @classmethod
    async def open(cls, path: Path) -> Store:
        """Open the database at ``path``, migrated to the latest schema."""
        return cls(await Database.open(path))

    async def close(self) -> None:
        """Write what is still in memory, then close the database."""
        await self.history.flush()
        await self.database.close()
