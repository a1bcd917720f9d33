"""The use cases both front ends call; answers are plain values, problems are UserErrors."""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.content import KINDS, Entry, Library, Theme
from bot.core.matching import ThemeMatcher, looks_like_crisis
from bot.core.pick import history_window, pick_entry
from bot.core.schedules import ScheduleError, parse_zone, quoted
from bot.core.values import Club, Post, Schedule, Where
from bot.store import Store

log = logging.getLogger(__name__)


class UserError(Exception):
    """Bad input or a refused request; the message is shown to the member as it is."""


@dataclass(frozen=True)
class SupportReply:
    """Instead of a pick: a gentle message pointing to real help."""

    text: str


@dataclass(frozen=True)
class ThemeChoice:
    """A theme and whether the club has it on."""

    theme: Theme
    enabled: bool


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


class Encouragement:
    """Picks, club settings and feedback over one library and one store."""

    def __init__(
        self, library: Library, store: Store, *, default_timezone: str = "UTC",
        rng: random.Random | None = None, now: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self.default_timezone = default_timezone
        self.rng = rng or random.Random()
        self.now = now or (lambda: datetime.now(UTC))
        self.on_timezone_change: Callable[[int], Awaitable[None]] | None = None
        self.use_library(library)

    def use_library(self, library: Library) -> None:
        """Switch to a (re)loaded library."""
        self.library = library
        self.matcher = ThemeMatcher.from_library(library)

    # --- looking things up -------------------------------------------------------------

    async def club(self, guild_id: int | None) -> Club | None:
        """The club's settings, or None outside a server."""
        if guild_id is None:
            return None
        return await self.store.clubs.get(guild_id, self.default_timezone)

    def theme(self, text: str) -> Theme:
        """A theme by id, command or name; UserError listing the themes otherwise."""
        wanted = text.strip().lower().lstrip("/")
        for theme in self.library.themes.values():
            if wanted in (theme.id, theme.command, theme.name.lower()):
                return theme
        raise UserError(
            f"There is no theme {quoted(text)}. Themes: {', '.join(self.library.themes)}.")

    def kind(self, text: str | None, *, any_allowed: bool = True) -> str | None:
        """A kind of entry, or None for any; UserError listing the kinds otherwise."""
        wanted = (text or "").strip().lower()
        if any_allowed and wanted in ("", "any"):
            return None
        if wanted not in KINDS:
            raise UserError(f"There is no kind {quoted(text or '')}. Kinds: {', '.join(KINDS)}"
                            + (", or any." if any_allowed else "."))
        return wanted

    async def themes(self, guild_id: int | None) -> list[ThemeChoice]:
        """Every theme, with whether this club has it enabled."""
        club = await self.club(guild_id)
        disabled = club.disabled_themes if club else frozenset()
        return [ThemeChoice(t, t.id not in disabled) for t in self.library.themes.values()]

    async def enabled_theme_ids(self, guild_id: int | None) -> list[str]:
        """The ids of the themes this club has on (every theme outside a server)."""
        return [c.theme.id for c in await self.themes(guild_id) if c.enabled]

    async def zone(self, guild_id: int) -> ZoneInfo:
        """The club's time zone."""
        club = await self.store.clubs.get(guild_id, self.default_timezone)
        return ZoneInfo(club.timezone)

    async def club_entries(self, guild_id: int | None) -> list[Entry]:
        """The club's own entries whose theme exists in the library."""
        if guild_id is None:
            return []
        return [e for e in await self.store.content.entries(guild_id)
                if e.theme in self.library.themes]

    # --- picking -----------------------------------------------------------------------

    async def pick(
        self, where: Where, theme_id: str | None = None, kind: str | None = None,
        *, record: bool = True,
    ) -> Post:
        """An entry for this place and member, from one theme or all enabled ones."""
        enabled = await self.enabled_theme_ids(where.guild_id)
        if theme_id is not None:
            theme = self.theme(theme_id)
            if theme.id not in enabled:
                raise UserError(f"{theme.emoji} {theme.name} is turned off in this server. "
                                "An admin can turn it on with /club themes enable.")
            enabled = [theme.id]
        if not enabled:
            raise UserError("Every theme is turned off in this server. "
                            "An admin can turn some on with /club themes enable.")
        pool = self.library.entries_for(enabled, kind)
        pool += [e for e in await self.club_entries(where.guild_id)
                 if e.theme in enabled and (kind is None or e.kind == kind)]
        window = history_window(len(pool))
        channel_recent = (await self.store.history.recent_for_channel(where.channel_id, window)
                          if where.channel_id is not None else [])
        user_recent = (await self.store.history.recent_for_user(where.user_id, window)
                       if where.user_id is not None else [])
        helped = (await self.store.history.helped_counts(where.guild_id)
                  if where.guild_id is not None else {})
        entry = pick_entry(pool, channel_recent, user_recent, helped, self.rng)
        if entry is None:
            raise UserError(f"There is nothing of the kind '{kind}' here yet. Try another kind.")
        if record:
            await self.store.history.record_shown(
                where.guild_id, where.channel_id, where.user_id, entry.id)
        return self.post_of(entry)

    def post_of(self, entry: Entry) -> Post:
        """Dress an entry with its theme."""
        theme = self.library.themes[entry.theme]
        return Post(
            entry_id=entry.id, theme_id=theme.id, theme_name=theme.name, emoji=theme.emoji,
            color=theme.color, kind=entry.kind, title=entry.title, body=entry.body,
            credit=entry.credit,
        )

    async def encourage(self, where: Where, about: str | None) -> Post | SupportReply:
        """A pick for what the member wrote, or a pointer to real help when it sounds urgent."""
        if about and looks_like_crisis(about):
            log.info("answered /encourage with the support message (text not logged)")
            return SupportReply(self.library.messages.get("crisis", "").strip())
        enabled = await self.enabled_theme_ids(where.guild_id)
        theme_id = self.matcher.match(about, allowed_theme_ids=enabled) if about else None
        return await self.pick(where, theme_id)

    async def mark_helped(self, where: Where, entry_id: str) -> bool:
        """Record "this helped"; False when this member had said so already."""
        if where.guild_id is None or where.user_id is None:
            return False
        return await self.store.history.record_helped(where.guild_id, where.user_id, entry_id)

    async def cheer(self, where: Where) -> Post:
        """A mantra to send a clubmate, from the club's enabled themes."""
        return await self.pick(where, None, "mantra")

    # --- club settings -----------------------------------------------------------------

    async def set_timezone(self, guild_id: int, zone_text: str) -> str:
        """Set the club's time zone; returns its canonical name."""
        try:
            zone = parse_zone(zone_text)
        except ScheduleError as exc:
            raise UserError(str(exc)) from None
        await self.store.clubs.set_timezone(guild_id, zone.key)
        if self.on_timezone_change is not None:
            await self.on_timezone_change(guild_id)
        return zone.key

    async def set_themes_enabled(
        self, guild_id: int, themes_text: str, enabled: bool
    ) -> list[Theme]:
        """Turn themes on or off (``all`` or a comma list); returns the themes changed."""
        names = [n.strip() for n in themes_text.split(",") if n.strip()]
        if not names:
            raise UserError(f"Name a theme, or all. Themes: {', '.join(self.library.themes)}.")
        if any(n.lower() == "all" for n in names):
            if len(names) > 1:
                raise UserError("Use all on its own, or a comma list of themes.")
            themes = list(self.library.themes.values())
        else:
            themes = [self.theme(name) for name in names]
        await self.store.clubs.set_theme_enabled(
            guild_id, [t.id for t in themes], enabled, self.default_timezone)
        return themes

    async def status(self, guild_id: int, days: int = 30, top: int = 5) -> ClubStatus:
        """The club at a glance."""
        club = await self.store.clubs.get(guild_id, self.default_timezone)
        since = self.now() - timedelta(days=days)
        titles = {e.id: e.title for e in await self.club_entries(guild_id)}
        helpful = [
            (entry_id, titles.get(entry_id) or self._title(entry_id), count)
            for entry_id, count in await self.store.history.most_helpful(guild_id, since, top)
        ]
        return ClubStatus(
            club=club,
            enabled=[t for t in self.library.themes if t not in club.disabled_themes],
            disabled=[t for t in self.library.themes if t in club.disabled_themes],
            shipped_entries=len(self.library.entries),
            club_entries=len(titles),
            most_helpful=helpful,
            schedules=await self.store.schedules.for_club(guild_id),
            pending_submissions=await self.store.content.pending_count(guild_id),
        )

    def _title(self, entry_id: str) -> str:
        entry = self.library.entries.get(entry_id)
        return entry.title if entry else entry_id

    def theme_ids(self) -> Sequence[str]:
        """Every theme id, in library order."""
        return list(self.library.themes)
