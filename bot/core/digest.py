"""The weekly digest: one post a week summing up the club's races, stories and what helped.

Admins set its channel, weekday and local time; it posts once a week in the
club's zone, exactly once like every timed post. Each part is left out when it
has nothing to say:

- races this week and next, with how many members run each;
- stories approved in the last 7 days, with their credit as the member chose;
- check-in counts from last week's races (never who answered what);
- the entry members marked "This helped" most this week.
"""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta

from bot.core.inputs import format_time, parse_days, parse_time
from bot.core.live_library import LiveLibrary
from bot.core.ports import ChangeObserver, Clock, Store
from bot.core.posting import Due, Outcome, Poster
from bot.core.races import RaceBook
from bot.core.recurrence import day_label, local_date_of, next_run
from bot.errors import UserError
from bot.text import echo
from bot.values import Card, DigestSetting, Outgoing, PostKey, PostKind

DIGEST_COLOUR = 0x0984E3
WEEK = timedelta(days=7)


def week_of(on: date) -> date:
    """The Monday of ``on``'s week: a digest's ledger key.

    So moving the digest to another day of the same week can't post a second one.
    """
    return on - timedelta(days=on.weekday())


class DigestBook:
    """Setting the club's digest up, and what it says on a given day."""

    def __init__(self, store: Store, library: LiveLibrary, races: RaceBook,
                 observer: ChangeObserver, clock: Clock) -> None:
        self.store = store
        self.library = library
        self.races = races
        self.observer = observer
        self.clock = clock

    async def set(self, guild_id: int, channel_id: int, day: str, time_text: str) -> DigestSetting:
        """Post the digest in ``channel_id`` every ``day`` (mon…sun) at ``time_text``."""
        days = parse_days(day)
        if len(days) != 1:
            raise UserError(f"day {echo(day)}: the digest goes out one day a week; name one, "
                            "like sun or monday.")
        local_time = format_time(parse_time(time_text))
        (weekday,) = days
        await self.store.digests.set(guild_id, channel_id, weekday, local_time)
        await self.observer.timed_changed(PostKind.DIGEST, guild_id)
        return DigestSetting(guild_id, channel_id, weekday, local_time)

    async def off(self, guild_id: int) -> bool:
        """Stop the digest; False when there was none."""
        removed = await self.store.digests.remove(guild_id)
        await self.observer.timed_changed(PostKind.DIGEST, guild_id)
        return removed

    async def setting(self, guild_id: int) -> DigestSetting | None:
        """The club's digest, if set."""
        return await self.store.digests.get(guild_id)

    async def card(self, guild_id: int, on: date) -> Card:
        """The digest as it reads on local date ``on``."""
        now = self.clock()
        parts: list[str] = []
        ahead = await self.store.races.between(guild_id, on, on + timedelta(days=13))
        if ahead:
            parts.append("**Races this week and next**\n" + "\n".join(
                f"• {r.name}, {day_label(r.local_date)}"
                + (f" · {r.runners} running" if r.runners else "") for r in ahead))
        stories = await self.store.content.approved_since(guild_id, now - WEEK)
        if stories:
            parts.append("**New stories in the club's collection**\n" + "\n".join(
                f"• {s.title}" + (f", shared by {s.credit}" if s.credit else "")
                for s in stories))
        past = await self.races.results(guild_id, on, days=7)
        if past:
            lines = [f"• {race.name}: {tallies}" for race, tallies in past]
            parts.append("**How last week's races went**\n" + "\n".join(lines))
        helped = await self.store.history.most_helpful(guild_id, now - WEEK, 1)
        if helped:
            entry_id, count = helped[0]
            own = {e.id: e.title for e in await self.store.content.entries(guild_id)}
            title = own.get(entry_id) or self.library.title(entry_id)
            times = "once" if count == 1 else f"{count} times"
            parts.append(f"**What helped most this week**\n• {title} (marked {times})")
        body = "\n\n".join(parts) or ("A quiet week: no races ahead, no new stories. "
                                      "Good running, everyone.")
        return Card(title=f"📰 The club's week · {on:%d %b %Y}", body=body,
                    color=DIGEST_COLOUR, footer="Weekly digest")


class DigestPosts:
    """The timed source of digests: one per club that has one, keyed by the guild."""

    kind = PostKind.DIGEST

    def __init__(self, store: Store, digests: DigestBook, poster: Poster, clock: Clock) -> None:
        self.store = store
        self.digests = digests
        self.poster = poster
        self.clock = clock

    async def _next(self, setting: DigestSetting, after: datetime) -> datetime:
        zone = (await self.store.clubs.get(setting.guild_id)).zone
        return next_run(parse_time(setting.local_time), {setting.weekday}, zone, after)

    async def upcoming(self) -> list[Due]:
        """Every club's next digest."""
        now = self.clock()
        return [Due(s.guild_id, await self._next(s, now)) for s in await self.store.digests.all()]

    async def next_run(self, ref_id: int, after: datetime) -> datetime | None:
        """The club's next digest after ``after``; None when it has none."""
        setting = await self.store.digests.get(ref_id)
        return None if setting is None else await self._next(setting, after)

    async def of_club(self, guild_id: int) -> list[int]:
        """The club itself, when it has a digest."""
        return [guild_id] if await self.store.digests.get(guild_id) else []

    async def fire(self, ref_id: int, run_at: datetime) -> Outcome | None:
        """Post this week's digest, unless it fired too late."""
        setting = await self.store.digests.get(ref_id)
        if setting is None:
            return None
        zone = (await self.store.clubs.get(setting.guild_id)).zone
        on = local_date_of(run_at, zone)
        key = PostKey(self.kind, setting.guild_id, week_of(on))
        late = await self.poster.skip_if_late(key, run_at, "fired too late")
        return late or await self.deliver(setting, on)

    async def deliver(self, setting: DigestSetting, on: date) -> Outcome:
        """Post the digest of local date ``on`` once."""
        async def build() -> Outgoing:
            return Outgoing(channel_id=setting.channel_id, guild_id=setting.guild_id,
                            embed=await self.digests.card(setting.guild_id, on))
        return await self.poster.deliver(PostKey(self.kind, setting.guild_id, week_of(on)),
                                         setting.channel_id, build)

    async def missed(self) -> list[Outcome]:
        """A digest due today while the bot was down: sent within the window, else skipped."""
        outcomes = []
        now = self.clock()
        for setting in await self.store.digests.all():
            zone = (await self.store.clubs.get(setting.guild_id)).zone
            today = local_date_of(now, zone)
            if today.weekday() != setting.weekday:
                continue
            due = next_run(parse_time(setting.local_time), {setting.weekday}, zone,
                           now - timedelta(days=1))
            key = PostKey(self.kind, setting.guild_id, week_of(today))
            outcome = await self.poster.missed(key, due, setting.created_at,
                                               functools.partial(self.deliver, setting, today))
            if outcome is not None:
                outcomes.append(outcome)
        return outcomes
