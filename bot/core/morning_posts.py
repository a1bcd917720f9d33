"""A club's scheduled morning posts: what each day's post is, and how a failure is kept.

Each schedule posts once per local day (see :mod:`bot.core.posting`). A schedule
with a fixed theme posts that theme; ``rotate`` walks the club's enabled themes,
one a day, except in race weeks: then it follows the club's race phase (taper,
race eve, race day, the days after; see :mod:`bot.core.phases`) while the library
has entries for it that the channel hasn't seen. Every post carries a countdown
to the club's next races within 30 days. A failure stays with its schedule: no
permission marks it failing and
after three failing days it pauses itself; a deleted channel pauses every
schedule that posts there. The other schedules go on.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections.abc import Sequence
from datetime import date, datetime

from bot.core.encouragement import Encouragement
from bot.core.phases import PHASE_POOLS
from bot.core.ports import Clock, Store
from bot.core.posting import Due, Failure, Outcome, Poster
from bot.core.races import RaceBook
from bot.core.recurrence import ScheduleSpec, local_date_of
from bot.errors import UserError
from bot.values import (
    OutcomeStatus,
    Outgoing,
    PickButtons,
    Post,
    PostKey,
    PostKind,
    Schedule,
    Where,
)

log = logging.getLogger(__name__)

PAUSE_AFTER_FAILING_DAYS = 3


def _stable_hash(schedule_id: int) -> int:
    """Hash a schedule id the same way in every process (unlike ``hash``)."""
    digest = hashlib.blake2b(str(schedule_id).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def rotation_theme(schedule_id: int, local_date: date, theme_ids: Sequence[str]) -> str:
    """Pick the theme a ``rotate`` schedule posts on ``local_date``.

    Walks the sorted theme ids one step a day, so with a fixed set of themes every
    theme comes round once per cycle and consecutive days differ (given two or
    more). Each schedule starts at its own point of the cycle, from a stable hash
    of its id, so clubs' rotations are not all in step.
    """
    ordered = sorted(set(theme_ids))
    if not ordered:
        raise ValueError("rotation needs at least one theme")
    step = local_date.toordinal() + _stable_hash(schedule_id)
    return ordered[step % len(ordered)]


class MorningPosts:
    """The timed source of schedules: their runs, their posts, their health."""

    kind = PostKind.SCHEDULE

    def __init__(self, store: Store, encouragement: Encouragement, races: RaceBook,
                 poster: Poster, clock: Clock) -> None:
        self.store = store
        self.encouragement = encouragement
        self.races = races
        self.poster = poster
        self.clock = clock

    # --- what the job runner asks ----------------------------------------------------------

    async def upcoming(self) -> list[Due]:
        """The next run of every active schedule."""
        now = self.clock()
        return [Due(s.id, await self._next(s, now)) for s in await self.store.schedules.active()]

    async def next_run(self, ref_id: int, after: datetime) -> datetime | None:
        """The schedule's first run after ``after``; None when removed or paused."""
        schedule = await self.store.schedules.get(ref_id)
        if schedule is None or schedule.paused:
            return None
        return await self._next(schedule, after)

    async def _next(self, schedule: Schedule, after: datetime) -> datetime:
        zone = (await self.store.clubs.get(schedule.guild_id)).zone
        return ScheduleSpec.of(schedule).next_run(zone, after)

    async def of_club(self, guild_id: int) -> list[int]:
        """The club's schedules."""
        return [s.id for s in await self.store.schedules.for_club(guild_id)]

    async def fire(self, ref_id: int, run_at: datetime) -> Outcome | None:
        """The run at ``run_at``: posted, or skipped when it fired too late."""
        schedule = await self.store.schedules.get(ref_id)
        if schedule is None or schedule.paused:
            return None
        zone = (await self.store.clubs.get(schedule.guild_id)).zone
        local_date = local_date_of(run_at, zone)
        key = PostKey(self.kind, schedule.id, local_date)
        late = await self.poster.skip_if_late(key, run_at, "fired too late")
        return late or await self.deliver(schedule, local_date)

    async def missed(self) -> list[Outcome]:
        """Today's runs missed while offline: posted within the window, else skipped."""
        outcomes = []
        for schedule in await self.store.schedules.active():
            outcome = await self.catch_up_or_skip(schedule)
            if outcome is not None:
                outcomes.append(outcome)
        return outcomes

    # --- delivering ------------------------------------------------------------------------

    async def deliver(self, schedule: Schedule, local_date: date) -> Outcome:
        """Post the day's entry unless it was posted (or skipped) already."""
        key = PostKey(self.kind, schedule.id, local_date)

        async def failed(failure: Failure) -> tuple[int, ...]:
            return await self._failed(schedule, failure)

        outcome = await self.poster.deliver(
            key, schedule.channel_id, lambda: self.outgoing(schedule, local_date), failed)
        if outcome.status in (OutcomeStatus.SENT, OutcomeStatus.RECOVERED):
            await self.store.schedules.mark_healthy(schedule.id)
        return outcome

    async def catch_up_or_skip(self, schedule: Schedule) -> Outcome | None:
        """At start: post today's run if it was missed and is still in the window, else skip.

        Never posts yesterday; a run that fell before the schedule existed is not missed.
        """
        zone = (await self.store.clubs.get(schedule.guild_id)).zone
        due = ScheduleSpec.of(schedule).latest_due(zone, self.clock())
        if due is None:
            return None
        local_date = local_date_of(due, zone)
        return await self.poster.missed(PostKey(self.kind, schedule.id, local_date), due,
                                        schedule.created_at,
                                        functools.partial(self.deliver, schedule, local_date))

    async def post_for(self, schedule: Schedule, local_date: date) -> Post:
        """Today's pick: the schedule's theme; for rotate, the race phase's or the rotation's."""
        where = Where(schedule.guild_id, schedule.channel_id, None)
        theme = schedule.theme
        if schedule.rotates:
            phase = await self.races.phase(schedule.guild_id, local_date)
            moment = PHASE_POOLS.get(phase) if phase else None
            if moment is not None and (post := await self.encouragement.pick_for_moment(
                    where, moment, schedule.kind)) is not None:
                return post
            enabled = await self.encouragement.enabled_theme_ids(schedule.guild_id)
            if not enabled:
                raise UserError("every theme is turned off in this server")
            theme = rotation_theme(schedule.id, local_date, enabled)
        return await self.encouragement.pick(where, theme, schedule.kind)

    async def outgoing(self, schedule: Schedule, local_date: date, *,
                       test: bool = False) -> Outgoing:
        """The message of the day: the pick, the role to ping, and a test marker if a test."""
        post = await self.post_for(schedule, local_date)
        lines = []
        if schedule.mention_role_id:
            lines.append(f"<@&{schedule.mention_role_id}>")
        if test:
            lines.append(f"🧪 Test post for schedule #{schedule.id} in <#{schedule.channel_id}> — "
                         "not today's delivery.")
        lines += await self.races.countdown(schedule.guild_id, local_date)
        return Outgoing(
            channel_id=schedule.channel_id, guild_id=schedule.guild_id, embed=post,
            lines=tuple(lines), mention_role_id=schedule.mention_role_id,
            buttons=PickButtons(None if schedule.rotates else post.theme_id, schedule.kind,
                                post.entry_id))

    async def test_post(self, schedule: Schedule) -> int:
        """Post one now, marked as a test; it does not count as the day's delivery."""
        zone = (await self.store.clubs.get(schedule.guild_id)).zone
        outgoing = await self.outgoing(schedule, local_date_of(self.clock(), zone), test=True)
        return await self.poster.target.send(outgoing, nonce=None)

    async def _failed(self, schedule: Schedule, failure: Failure) -> tuple[int, ...]:
        """Record the schedule's health; returns the schedules paused."""
        if failure.channel_gone:
            paused = await self.store.schedules.pause_channel(schedule.channel_id,
                                                              failure.reason)
            log.warning("schedule %d: %s; paused the channel's schedules", schedule.id,
                        failure.reason)
            return tuple(paused)
        days = await self.store.schedules.mark_failing(schedule.id, failure.reason)
        if days >= PAUSE_AFTER_FAILING_DAYS:
            await self.store.schedules.set_paused(
                schedule.guild_id, schedule.id, True,
                f"paused itself after {days} failing days: {failure.reason}")
            log.warning("schedule %d paused itself after %d failing days", schedule.id, days)
            return (schedule.id,)
        log.warning("schedule %d failing (%s)", schedule.id, failure.reason)
        return ()
