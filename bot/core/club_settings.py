"""What admins set for the whole club: time zone, themes, and the club at a glance."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from bot.content import Theme
from bot.core.encouragement import Encouragement
from bot.core.inputs import parse_zone
from bot.core.live_library import LiveLibrary
from bot.core.ports import ChangeObserver, Clock, Store
from bot.core.races import RaceBook
from bot.errors import UserError
from bot.values import Club, Race, Schedule


@dataclass(frozen=True)
class ThemesChanged:
    """Themes turned on or off, and the schedules that post a theme now off."""

    themes: list[Theme]
    enabled: bool
    schedules_affected: list[Schedule]


@dataclass(frozen=True)
class ClubStatus:
    """What ``/club status`` shows."""

    club: Club
    enabled: list[str]
    disabled: list[str]
    shipped_entries: int
    club_entries: int
    most_helpful: list[tuple[str, str, int]]
    schedules: list[Schedule]
    pending_submissions: int = 0
    recent_races: list[tuple[Race, str]] = field(default_factory=list)  # with check-in counts


class ClubSettings:
    """The club's time zone, its themes, and its status."""

    def __init__(self, store: Store, library: LiveLibrary, encouragement: Encouragement,
                 races: RaceBook, observer: ChangeObserver, clock: Clock) -> None:
        self.store = store
        self.library = library
        self.encouragement = encouragement
        self.races = races
        self.observer = observer
        self.clock = clock

    async def club(self, guild_id: int) -> Club:
        """The club's settings (the defaults for a club never seen before)."""
        return await self.store.clubs.get(guild_id)

    async def set_timezone(self, guild_id: int, zone_text: str) -> str:
        """Set the club's time zone; returns its canonical name."""
        zone = parse_zone(zone_text)
        await self.store.clubs.set_timezone(guild_id, zone.key)
        await self.observer.club_changed(guild_id)
        return zone.key

    async def set_themes_enabled(
        self, guild_id: int, themes_text: str, enabled: bool
    ) -> ThemesChanged:
        """Turn themes on or off (``all`` or a comma list).

        Turning off a theme that a schedule posts is done, and the answer names
        those schedules: they fail (and say why) until the theme is back on or
        the schedule changes.
        """
        names = [n.strip() for n in themes_text.split(",") if n.strip()]
        if not names:
            raise UserError(f"Name a theme, or all. Themes: {', '.join(self.library.themes)}.")
        if any(n.lower() == "all" for n in names):
            if len(names) > 1:
                raise UserError("Use all on its own, or a comma list of themes.")
            themes = list(self.library.themes.values())
        else:
            themes = [self.library.theme(name) for name in names]
        await self.store.clubs.set_theme_enabled(guild_id, [t.id for t in themes], enabled)
        await self.observer.club_changed(guild_id)
        ids = {t.id for t in themes}
        affected = [] if enabled else [
            s for s in await self.store.schedules.for_club(guild_id) if s.theme in ids]
        return ThemesChanged(themes, enabled, affected)

    async def status(self, guild_id: int, days: int = 30, top: int = 5) -> ClubStatus:
        """The club at a glance."""
        club = await self.store.clubs.get(guild_id)
        since = self.clock() - timedelta(days=days)
        titles = {e.id: e.title for e in await self.encouragement.club_entries(guild_id)}
        helpful = [
            (entry_id, titles.get(entry_id) or self.library.title(entry_id), count)
            for entry_id, count in await self.store.history.most_helpful(guild_id, since, top)
        ]
        theme_ids = self.library.theme_ids()
        today = await self.races.today(guild_id)
        recent = await self.races.results(guild_id, today, days)
        return ClubStatus(
            club=club,
            enabled=club.enabled(theme_ids),
            disabled=[t for t in theme_ids if t in club.disabled_themes],
            shipped_entries=len(self.library.current.entries),
            club_entries=len(titles),
            most_helpful=helpful,
            schedules=await self.store.schedules.for_club(guild_id),
            pending_submissions=await self.store.content.pending_count(guild_id),
            recent_races=recent,
        )
