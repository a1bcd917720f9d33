"""Delivering a schedule's post: exactly once per schedule and local day.

claim (schedule, local date) in the database → send with a nonce derived from
both, so Discord itself answers a retry with the first message → record the
message id. A day found claimed but not sent (a crash between claim and mark)
first looks for a message the bot posted in the channel since the claim.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.core.encouragement import Encouragement
from bot.core.inputs import MAX_ID
from bot.core.ports import Clock, PostTarget, Store
from bot.core.recurrence import ScheduleSpec, local_date_of
from bot.errors import ChannelUnavailable, TransientFailure, UserError
from bot.values import DeliveryStatus, OutcomeStatus, Post, Schedule, Where

log = logging.getLogger(__name__)

PAUSE_AFTER_FAILING_DAYS = 3
_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"


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


def _base36(number: int) -> str:
    """Write a non-negative integer in lower-case base 36."""
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = _BASE36[digit] + digits
        if not number:
            return digits


def delivery_nonce(schedule_id: int, local_date: date) -> str:
    """Return the Discord message nonce for a schedule's post on a local date.

    ``sw`` + base-36 id + ``-`` + ``yyyymmdd``: at most 24 characters (Discord allows
    25) for any SQLite id, and distinct for distinct (schedule, date) pairs.
    """
    if not 0 <= schedule_id <= MAX_ID:
        raise ValueError(f"schedule id must be in 0..2**63-1, got {schedule_id}")
    day = f"{local_date.year:04d}{local_date.month:02d}{local_date.day:02d}"
    return f"sw{_base36(schedule_id)}-{day}"


@dataclass(frozen=True)
class Outcome:
    """What happened to one schedule's day, and which schedules it paused."""

    schedule_id: int
    local_date: date
    status: OutcomeStatus
    message_id: int | None = None
    detail: str = ""
    paused: tuple[int, ...] = ()


class Deliverer:
    """Delivers schedules' posts through a target, at most ``concurrency`` at a time."""

    def __init__(
        self, store: Store, encouragement: Encouragement, target: PostTarget, clock: Clock, *,
        catch_up: timedelta, concurrency: int = 50,
    ) -> None:
        self.store = store
        self.encouragement = encouragement
        self.target = target
        self.clock = clock
        self.catch_up = catch_up
        self.slots = asyncio.Semaphore(concurrency)

    async def post_for(self, schedule: Schedule, local_date: date) -> Post:
        """Today's pick: the schedule's theme, or the rotation's among enabled themes."""
        theme = schedule.theme
        if schedule.rotates:
            enabled = await self.encouragement.enabled_theme_ids(schedule.guild_id)
            if not enabled:
                raise UserError("every theme is turned off in this server")
            theme = rotation_theme(schedule.id, local_date, enabled)
        return await self.encouragement.pick(
            Where(schedule.guild_id, schedule.channel_id, None), theme, schedule.kind)

    async def deliver(self, schedule: Schedule, local_date: date) -> Outcome:
        """Post the day's entry unless it was posted (or skipped) already."""
        async with self.slots:
            return await self._deliver(schedule, local_date)

    async def _deliver(self, schedule: Schedule, local_date: date) -> Outcome:
        existing = await self.store.deliveries.claim(schedule.id, local_date)
        if existing is not None:
            if existing.status.final:
                return Outcome(schedule.id, local_date, OutcomeStatus.ALREADY,
                               existing.message_id)
            found = await self._find(schedule, existing.claimed_at)
            if found is not None:
                await self._sent(schedule, local_date, found, None)
                return Outcome(schedule.id, local_date, OutcomeStatus.RECOVERED, found)
        try:
            post = await self.post_for(schedule, local_date)
            message_id = await self.target.send(
                schedule, post, nonce=delivery_nonce(schedule.id, local_date))
        except UserError as exc:
            return await self._failed(schedule, local_date, str(exc), channel_gone=False)
        except ChannelUnavailable as exc:
            return await self._failed(schedule, local_date, exc.reason, channel_gone=exc.gone)
        except TransientFailure as exc:
            log.warning("schedule %d: Discord did not take the post (%s); will retry",
                        schedule.id, exc)
            return Outcome(schedule.id, local_date, OutcomeStatus.RETRY, detail=str(exc))
        await self._sent(schedule, local_date, message_id, post.entry_id)
        return Outcome(schedule.id, local_date, OutcomeStatus.SENT, message_id)

    async def _find(self, schedule: Schedule, since: datetime | None) -> int | None:
        if since is None:
            return None
        try:
            return await self.target.find_own_message(schedule.channel_id, since)
        except (ChannelUnavailable, TransientFailure):
            return None

    async def _sent(self, schedule: Schedule, local_date: date, message_id: int,
                    entry_id: str | None) -> None:
        await self.store.deliveries.finish(schedule.id, local_date, DeliveryStatus.SENT,
                                           message_id=message_id, entry_id=entry_id)
        await self.store.schedules.mark_healthy(schedule.id)

    async def _failed(self, schedule: Schedule, local_date: date, reason: str, *,
                      channel_gone: bool) -> Outcome:
        """Record the schedule's health first, then close the day as failed."""
        paused: tuple[int, ...] = ()
        if channel_gone:
            paused = tuple(await self.store.schedules.pause_channel(schedule.channel_id, reason))
            log.warning("schedule %d: %s; paused the channel's schedules", schedule.id, reason)
        elif (days := await self.store.schedules.mark_failing(schedule.id, reason)) \
                >= PAUSE_AFTER_FAILING_DAYS:
            await self.store.schedules.set_paused(
                schedule.guild_id, schedule.id, True,
                f"paused itself after {days} failing days: {reason}")
            paused = (schedule.id,)
            log.warning("schedule %d paused itself after %d failing days", schedule.id, days)
        else:
            log.warning("schedule %d failing (%s)", schedule.id, reason)
        await self.store.deliveries.finish(schedule.id, local_date, DeliveryStatus.FAILED,
                                           detail=reason)
        return Outcome(schedule.id, local_date, OutcomeStatus.FAILED, detail=reason,
                       paused=paused)

    async def catch_up_or_skip(self, schedule: Schedule) -> Outcome | None:
        """At start: post today's run if it was missed and is still in the window, else skip.

        Never posts yesterday; a run that fell before the schedule existed is not missed.
        """
        zone = (await self.store.clubs.get(schedule.guild_id)).zone
        now = self.clock()
        due = ScheduleSpec.of(schedule).latest_due(zone, now)
        if due is None or (schedule.created_at is not None and due < schedule.created_at):
            return None
        local_date = local_date_of(due, zone)
        existing = await self.store.deliveries.get(schedule.id, local_date)
        if existing is not None and existing.status.final:
            return None
        if existing is None and now - due > self.catch_up:
            await self.store.deliveries.record_skip(
                schedule.id, local_date, f"missed while offline (due {due.isoformat()})")
            return Outcome(schedule.id, local_date, OutcomeStatus.SKIPPED)
        return await self.deliver(schedule, local_date)

    async def test_post(self, schedule: Schedule) -> int:
        """Post one now, marked as a test; it does not count as the day's delivery."""
        zone = (await self.store.clubs.get(schedule.guild_id)).zone
        post = await self.post_for(schedule, local_date_of(self.clock(), zone))
        return await self.target.send(schedule, post, nonce=None, test=True)
