"""The composition root: the store, the live library and every use case, built once.

Both front ends (Discord and the console) open an :class:`App` and call its use
cases; neither builds a use case of its own. Everything here is plain Python:
the Discord front end adds its post target and job runner on top.
"""

from __future__ import annotations

import asyncio
import logging
import random
from pathlib import Path

from bot.config import Settings
from bot.content import Library, load_library
from bot.core.club_content import ClubContentService
from bot.core.club_settings import ClubSettings
from bot.core.encouragement import Encouragement
from bot.core.live_library import LiveLibrary
from bot.core.ports import ChangeObservers, Clock, utc_now
from bot.core.safety import Safety
from bot.core.schedule_book import ScheduleBook
from bot.errors import LibraryError
from bot.store import ClubDefaults, Store

log = logging.getLogger(__name__)


class App:
    """Everything both front ends share."""

    def __init__(self, store: Store, library: Library, *, clock: Clock = utc_now,
                 rng: random.Random | None = None) -> None:
        self.store = store
        self.clock = clock
        self.library = LiveLibrary(library)
        self.changes = ChangeObservers()
        self.safety = Safety(store, self.library)
        self.encouragement = Encouragement(store, self.library, self.safety, rng=rng)
        self.clubs = ClubSettings(store, self.library, self.encouragement, self.changes, clock)
        self.schedules = ScheduleBook(store, self.library, self.changes, clock)
        self.club_content = ClubContentService(store, self.library, self.safety)

    @classmethod
    async def open(cls, settings: Settings, *, db_path: Path | None = None,
                   clock: Clock = utc_now, rng: random.Random | None = None) -> App:
        """Load the library (off the event loop) and open the database."""
        library = await asyncio.to_thread(load_library, settings.content_paths)
        store = await Store.open(db_path or settings.database_path,
                                 ClubDefaults(timezone=settings.default_timezone))
        return cls(store, library, clock=clock, rng=rng)

    async def reload_library(self, paths: tuple[Path, ...]) -> Library | None:
        """Reload the YAML library off the event loop; on problems keep the live one."""
        try:
            library = await asyncio.to_thread(load_library, paths)
        except LibraryError as exc:
            log.error("library reload refused, keeping the current library:\n%s", exc)
            return None
        self.library.use(library)
        log.info("library reloaded: %d entries", len(library.entries))
        return library

    async def close(self) -> None:
        """Write what is in memory and close the database."""
        await self.store.close()
