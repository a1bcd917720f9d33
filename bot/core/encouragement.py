"""Picks for members: theme commands, ``/encourage``, cheers, and "this helped"."""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass

from bot.content import Entry, Theme
from bot.core.crisis import CrisisLevel
from bot.core.live_library import LiveLibrary
from bot.core.phases import PhasePool
from bot.core.pick import history_window, pick_entry
from bot.core.ports import Store
from bot.core.safety import Safety, SupportReply
from bot.errors import UserError
from bot.text import echo
from bot.values import Post, Where

log = logging.getLogger(__name__)

# What a member in distress (not danger) gets after the gentle line: an entry for a
# hard season of life, not a pick for whatever their words happened to match.
HARD_SEASON = PhasePool(frozenset({"hard-season", "self-compassion", "loneliness", "grief"}),
                        ("adversity",))


@dataclass(frozen=True)
class ThemeChoice:
    """A theme and whether the club has it on."""

    theme: Theme
    enabled: bool


@dataclass(frozen=True)
class Answer:
    """What a member gets for their own words: a post, words of support, or both.

    Danger: support only, no post. Distress: a gentle line, then a post. Otherwise:
    a post. Words of support are only ever shown to the member who wrote.
    """

    post: Post | None
    support: SupportReply | None = None


class Encouragement:
    """Picks over the live library and the club's own entries, steered by history."""

    def __init__(self, store: Store, library: LiveLibrary, safety: Safety, *,
                 rng: random.Random | None = None) -> None:
        self.store = store
        self.library = library
        self.safety = safety
        self.rng = rng or random.Random()

    async def themes(self, guild_id: int | None) -> list[ThemeChoice]:
        """Every theme, with whether this club has it enabled (all of them outside a server)."""
        disabled = (await self.store.clubs.get(guild_id)).disabled_themes \
            if guild_id is not None else frozenset()
        return [ThemeChoice(t, t.id not in disabled) for t in self.library.themes.values()]

    async def enabled_theme_ids(self, guild_id: int | None) -> list[str]:
        """The ids of the themes this club has on (every theme outside a server)."""
        return [c.theme.id for c in await self.themes(guild_id) if c.enabled]

    async def club_entries(self, guild_id: int | None) -> list[Entry]:
        """The club's own entries whose theme exists in the library."""
        if guild_id is None:
            return []
        return [e for e in await self.store.content.entries(guild_id)
                if e.theme in self.library.themes]

    async def pick(
        self, where: Where, theme_id: str | None = None, kind: str | None = None,
        *, record: bool = True,
    ) -> Post:
        """An entry for this place and member, from one theme or all enabled ones."""
        kind = self.library.kind(kind)
        enabled = await self.enabled_theme_ids(where.guild_id)
        if theme_id is not None:
            theme = self.library.theme(theme_id)
            if theme.id not in enabled:
                raise UserError(f"{theme.emoji} {theme.name} is turned off in this server. "
                                "An admin can turn it on with /club themes enable.")
            enabled = [theme.id]
        if not enabled:
            raise UserError("Every theme is turned off in this server. "
                            "An admin can turn some on with /club themes enable.")
        pool = self.library.current.entries_for(enabled, kind)
        pool += [e for e in await self.club_entries(where.guild_id)
                 if e.theme in enabled and (kind is None or e.kind == kind)]
        return await self._pick_from(where, pool, kind, record=record)

    async def pick_for_moment(self, where: Where, moment: PhasePool,
                              kind: str | None = None) -> Post | None:
        """An entry for a moment (a race phase, a check-in answer), or None when used up.

        Looks at the moment's tagged entries first, then its themes, among the club's
        enabled themes; a tier counts only while it holds an entry this channel (and
        member) has not seen lately. None tells the caller to pick as usual.
        """
        enabled = await self.enabled_theme_ids(where.guild_id)
        entries = self.library.current.entries_for(enabled, kind) + [
            e for e in await self.club_entries(where.guild_id)
            if e.theme in enabled and (kind is None or e.kind == kind)]
        entries = [e for e in entries if not moment.belongs_elsewhere(e.tags)]
        tiers = [[e for e in entries if moment.wants_tag(e.tags)],
                 [e for e in entries if e.theme in moment.themes]]
        history = self.store.history
        for tier in tiers:
            if not tier:
                continue
            window = history_window(len(tier))
            seen = set(await history.recent_for_channel(where.channel_id, window)
                       if where.channel_id is not None else [])
            seen |= set(await history.recent_for_user(where.user_id, window)
                        if where.user_id is not None else [])
            fresh = [e for e in tier if e.id not in seen]
            if fresh:
                return await self._pick_from(where, fresh, kind, record=True)
        return None

    async def _pick_from(self, where: Where, pool: list[Entry], kind: str | None, *,
                         record: bool) -> Post:
        window = history_window(len(pool))
        history = self.store.history
        channel_recent = (await history.recent_for_channel(where.channel_id, window)
                          if where.channel_id is not None else [])
        user_recent = (await history.recent_for_user(where.user_id, window)
                       if where.user_id is not None else [])
        helped = (await history.helped_counts(where.guild_id)
                  if where.guild_id is not None else {})
        entry = pick_entry(pool, channel_recent, user_recent, helped, self.rng)
        if entry is None:
            raise UserError(f"There is nothing of the kind {echo(kind or 'any')} here yet. "
                            "Try another kind.")
        if record:
            await history.record_shown(where.guild_id, where.channel_id, where.user_id, entry.id)
        return self.library.post_of(entry)

    async def encourage(self, where: Where, about: str | None) -> Answer:
        """A pick for what the member wrote; real help first when it sounds like crisis."""
        level = self.safety.level(about, "/encourage")
        support = (await self.safety.reply(where.guild_id, level)
                   if level is not CrisisLevel.NONE else None)
        if level is CrisisLevel.DANGER:
            return Answer(None, support)
        if level is CrisisLevel.DISTRESS and (post := await self.pick_for_moment(
                where, HARD_SEASON)) is not None:
            return Answer(post, support)
        moment = self.library.moments.match(about) if about else None
        if moment is not None and (post := await self.pick_for_moment(
                where, PhasePool(frozenset({moment})))) is not None:
            return Answer(post, support)
        enabled = await self.enabled_theme_ids(where.guild_id)
        theme_id = self.library.matcher.match(about, allowed_theme_ids=enabled) if about else None
        return Answer(await self.pick(where, theme_id), support)

    async def cheer(self, where: Where, note: str | None) -> Answer:
        """A mantra to send a clubmate; a note that sounds like crisis is not sent on."""
        level = self.safety.level(note, "/cheer")
        support = (await self.safety.reply(where.guild_id, level)
                   if level is not CrisisLevel.NONE else None)
        if level is CrisisLevel.DANGER:
            return Answer(None, support)
        return Answer(await self.pick(where, None, "mantra"), support)

    async def mark_helped(self, where: Where, entry_id: str) -> bool:
        """Record "this helped"; False when this member had said so already."""
        if where.guild_id is None or where.user_id is None:
            return False
        return await self.store.history.record_helped(where.guild_id, where.user_id, entry_id)
