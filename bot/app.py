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
from bot.core.digest import DigestBook, DigestPosts
from bot.core.encouragement import Encouragement
from bot.core.live_library import LiveLibrary
from bot.core.members import MemberBook
from bot.core.morning_posts import MorningPosts
from bot.core.ports import ChangeObservers, Clock, utc_now
from bot.core.posting import Poster, TimedSource
from bot.core.race_posts import RaceCheckinPosts, RaceMorningPosts
from bot.core.races import RaceBook
from bot.core.reminder_posts import DirectMessages, HeldDmPosts, RaceDmPosts, ReminderPosts
from bot.core.safety import Safety
from bot.core.schedule_book import ScheduleBook
from bot.errors import LibraryError
from bot.store import ClubDefaults, Store

log = logging.getLogger(__name__)


class App:
    """Everything both front ends share."""

    def timed_sources(self, poster: Poster) -> list[TimedSource]:
        """Every kind of timed post, delivered through ``poster``.

        Schedules, races, digests, and members' DMs: reminders, race-morning notes,
        and what quiet hours held.
        """
        race_mornings = RaceMorningPosts(self.store, self.races, self.encouragement, poster,
                                         self.clock)
        dms = DirectMessages(self.store, self.members, poster, self.changes)
        reminders = ReminderPosts(self.store, self.encouragement, self.members, dms, poster,
                                  self.changes, self.clock)
        race_dms = RaceDmPosts(self.store, self.encouragement, self.members, dms,
                               race_mornings, poster, self.clock)
        return [
            MorningPosts(self.store, self.encouragement, self.races, poster, self.clock),
            race_mornings,
            RaceCheckinPosts(self.store, self.races, self.encouragement, poster, self.clock),
            DigestPosts(self.store, self.digests, poster, self.clock),
            reminders,
            race_dms,
            HeldDmPosts(self.store, self.members, dms, [reminders, race_dms], self.changes,
                        self.clock),
        ]

    def __init__(self, store: Store, library: Library, *, clock: Clock = utc_now,
                 rng: random.Random | None = None) -> None:
        self.store = store
        self.clock = clock
        self.library = LiveLibrary(library)
        self.changes = ChangeObservers()
        self.safety = Safety(store, self.library)
        self.encouragement = Encouragement(store, self.library, self.safety, rng=rng)
        self.races = RaceBook(store, self.encouragement, self.changes, clock)
        self.clubs = ClubSettings(store, self.library, self.encouragement, self.races,
                                  self.changes, clock)
        self.schedules = ScheduleBook(store, self.library, self.changes, clock)
        self.club_content = ClubContentService(store, self.library, self.safety)
        self.digests = DigestBook(store, self.library, self.races, self.changes, clock)
        self.members = MemberBook(store, self.library, self.changes, clock)

    @classmethod
    async def open(cls, settings: Settings, *, db_path: Path | None = None,
                   clock: Clock = utc_now, rng: random.Random | None = None) -> App:
        """Load the library (off the event loop) and open the database."""
        library = await asyncio.to_thread(load_library, settings.content_paths)
        store = await Store.open(db_path or settings.database_location,
                                 ClubDefaults(timezone=settings.default_timezone),
                                 guilds=settings.shards, clock=clock)
        try:
            return cls(store, library, clock=clock, rng=rng)
        except BaseException:
            await store.close()  # an open database keeps the process alive
            raise

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
