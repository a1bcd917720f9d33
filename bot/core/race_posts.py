"""A race's two timed posts: good luck on race morning, and "How did it go?" the day after.

Both go to the race's channel, each exactly once (the ledger, as every timed post).

- **Race morning**, 90 minutes before the start time, or at the club's morning
  time (its earliest schedule; 07:00 without one) when the race has none. It
  carries a race-day entry and mentions only the members who joined, through
  the message's allowed mentions; above 50 runners it names the count and
  mentions nobody.
- **Check-in**, the day after at 10:00 club time, with the four answers as
  persistent buttons.
"""

from __future__ import annotations

import functools
import logging
from datetime import date, datetime, time, timedelta

from bot.core.encouragement import Encouragement
from bot.core.inputs import parse_time
from bot.core.phases import PHASE_POOLS
from bot.core.ports import Clock, Store
from bot.core.posting import Due, Outcome, Poster
from bot.core.races import RaceBook
from bot.core.recurrence import run_on
from bot.values import (
    Card,
    CheckinButtons,
    Outgoing,
    Phase,
    PickButtons,
    PostKey,
    PostKind,
    Race,
    Where,
)

log = logging.getLogger(__name__)

BEFORE_START = timedelta(minutes=90)
DEFAULT_MORNING = time(7, 0)
CHECKIN_AT = time(10, 0)
MAX_MENTIONS = 50
CHECKIN_COLOUR = 0xD63031
RACE_DAY = PHASE_POOLS[Phase.RACE_DAY]


class _RacePosts:
    """What the two race posts share: one run per race, in the race's channel."""

    kind: PostKind

    def __init__(self, store: Store, races: RaceBook, encouragement: Encouragement,
                 poster: Poster, clock: Clock) -> None:
        self.store = store
        self.races = races
        self.encouragement = encouragement
        self.poster = poster
        self.clock = clock

    async def run_for(self, race: Race) -> datetime:
        """When this post of ``race`` goes out (UTC)."""
        raise NotImplementedError

    async def outgoing(self, race: Race) -> Outgoing:
        """The message of this post of ``race``."""
        raise NotImplementedError

    async def upcoming(self) -> list[Due]:
        """Every race whose post is still ahead."""
        now = self.clock()
        due = []
        for race in await self.store.races.from_date(now.date() - timedelta(days=2)):
            run_at = await self.run_for(race)
            if run_at > now:
                due.append(Due(race.id, run_at))
        return due

    async def next_run(self, ref_id: int, after: datetime) -> datetime | None:
        """The race's post, if it is still ahead of ``after``."""
        race = await self.store.races.get(ref_id)
        if race is None:
            return None
        run_at = await self.run_for(race)
        return run_at if run_at > after else None

    async def of_club(self, guild_id: int) -> list[int]:
        """The club's upcoming races."""
        return [r.id for r in await self.races.upcoming(guild_id)]

    async def fire(self, ref_id: int, run_at: datetime) -> Outcome | None:
        """Post it, unless it fired too late (then it is recorded as skipped)."""
        race = await self.store.races.get(ref_id)
        if race is None:
            return None
        key = PostKey(self.kind, race.id, race.local_date)
        late = await self.poster.skip_if_late(key, run_at, "fired too late")
        return late or await self.deliver(race)

    async def deliver(self, race: Race) -> Outcome:
        """Post it once."""
        return await self.poster.deliver(PostKey(self.kind, race.id, race.local_date),
                                         race.channel_id, lambda: self.outgoing(race))

    async def missed(self) -> list[Outcome]:
        """Posts that fell due while the bot was down: sent within the window, else skipped."""
        outcomes = []
        for race in await self.store.races.from_date(self.clock().date() - timedelta(days=2)):
            key = PostKey(self.kind, race.id, race.local_date)
            outcome = await self.poster.missed(key, await self.run_for(race), race.created_at,
                                               functools.partial(self.deliver, race))
            if outcome is not None:
                outcomes.append(outcome)
        return outcomes

    async def _local_run(self, race: Race, on: date, at: time) -> datetime:
        zone = (await self.store.clubs.get(race.guild_id)).zone
        return run_on(at, zone, on)


class RaceMorningPosts(_RacePosts):
    """Good luck on race morning, to the members who joined."""

    kind = PostKind.RACE_MORNING

    async def run_for(self, race: Race) -> datetime:
        """90 minutes before the start, or the club's morning time."""
        if race.start_time:
            start = await self._local_run(race, race.local_date, parse_time(race.start_time))
            return start - BEFORE_START
        return await self._local_run(race, race.local_date, await self._morning(race.guild_id))

    async def _morning(self, guild_id: int) -> time:
        times = [parse_time(s.local_time) for s in await self.store.schedules.for_club(guild_id)
                 if not s.paused]
        return min(times, default=DEFAULT_MORNING)

    async def outgoing(self, race: Race) -> Outgoing:
        """A race-day entry, the race's details, and the runners who joined."""
        runners = await self.store.races.runners(race.id)
        where = Where(race.guild_id, race.channel_id, None)
        post = (await self.encouragement.pick_for_moment(where, RACE_DAY)
                or await self.encouragement.pick(where))
        if not runners:
            greeting = f"🏁 It's race day: **{race.name}**! Good luck to everyone running."
        elif len(runners) > MAX_MENTIONS:
            greeting = (f"🏁 Good luck to the {len(runners)} of you running **{race.name}** "
                        "today!")
        else:
            names = " ".join(f"<@{user_id}>" for user_id in runners)
            greeting = f"🏁 Good luck today, everyone running **{race.name}**! {names}"
        details = " · ".join(x for x in (race.distance,
                                          f"starts {race.start_time}" if race.start_time else "",
                                          race.link or "") if x)
        mentioned = tuple(runners) if len(runners) <= MAX_MENTIONS else ()
        return Outgoing(
            channel_id=race.channel_id, guild_id=race.guild_id, embed=post,
            lines=(greeting, *([details] if details else [])), mention_user_ids=mentioned,
            buttons=PickButtons(post.theme_id, None, post.entry_id))


class RaceCheckinPosts(_RacePosts):
    """"How did it go?" the day after, with the four answers as buttons."""

    kind = PostKind.RACE_CHECKIN

    async def run_for(self, race: Race) -> datetime:
        """10:00 club time, the day after the race."""
        return await self._local_run(race, race.local_date + timedelta(days=1), CHECKIN_AT)

    async def outgoing(self, race: Race) -> Outgoing:
        """The question and its buttons; nobody is mentioned."""
        card = Card(title=f"🏁 How did {race.name} go?",
                    body="Tap the answer that fits. You'll get something for it, and only you "
                         "will see it. The club only ever sees the counts, never who said "
                         "what.",
                    color=CHECKIN_COLOUR, footer="Race check-in")
        return Outgoing(channel_id=race.channel_id, guild_id=race.guild_id, embed=card,
                        buttons=CheckinButtons(race.id))

