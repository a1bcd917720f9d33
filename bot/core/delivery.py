"""Delivering a schedule's post: exactly once per schedule and local day.

claim (schedule, local date) in the database → send with a nonce derived from
both, so Discord itself answers a retry with the first message → record the
message id. A day found claimed but not sent (a crash between claim and mark)
first looks for a message the bot posted in the channel since the claim.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

from bot.core.schedules import ROTATE, delivery_nonce, latest_due, local_date_of, rotation_theme
from bot.core.scheduling import PAUSE_AFTER_FAILING_DAYS, spec_of
from bot.core.service import Encouragement, UserError
from bot.core.values import Post, Schedule, Where

log = logging.getLogger(__name__)


class ChannelUnavailable(Exception):
    """The channel cannot take posts: ``gone`` when it was deleted, else a permission."""

    def __init__(self, reason: str, *, gone: bool) -> None:
        super().__init__(reason)
        self.reason, self.gone = reason, gone


class TransientFailure(Exception):
    """Discord could not take the post now (5xx, network); try again later."""


class PostTarget(Protocol):
    """Where scheduled posts go: Discord, or the console."""

    async def send(self, schedule: Schedule, post: Post, *, nonce: str | None,
                   test: bool = False) -> int:
        """Post to the schedule's channel; returns the message id."""
        ...

    async def find_own_message(self, channel_id: int, since: datetime) -> int | None:
        """A message this bot posted in the channel since a time, if any."""
        ...


@dataclass(frozen=True)
class Outcome:
    """What happened to one schedule's day."""

    schedule_id: int
    local_date: date
    status: str  # sent | already | recovered | skipped | failed | retry
    message_id: int | None = None
    detail: str = ""


class Deliverer:
    """Delivers schedules' posts through a target, at most ``concurrency`` at a time."""

    def __init__(
        self, service: Encouragement, target: PostTarget, *, catch_up: timedelta,
        concurrency: int = 50, now: Callable[[], datetime] | None = None,
    ) -> None:
        self.service, self.store, self.target = service, service.store, target
        self.catch_up = catch_up
        self.now = now or service.now
        self.slots = asyncio.Semaphore(concurrency)

    async def post_for(self, schedule: Schedule, local_date: date) -> Post:
        """Today's pick: the schedule's theme, or the rotation's among enabled themes."""
        theme = schedule.theme
        if theme == ROTATE:
            enabled = await self.service.enabled_theme_ids(schedule.guild_id)
            if not enabled:
                raise UserError("every theme is turned off in this server")
            theme = rotation_theme(schedule.id, local_date, enabled)
        return await self.service.pick(
            Where(schedule.guild_id, schedule.channel_id, None), theme, schedule.kind)

    async def deliver(self, schedule: Schedule, local_date: date) -> Outcome:
        """Post the day's entry unless it was posted (or skipped) already."""
        async with self.slots:
            return await self._deliver(schedule, local_date)

    async def _deliver(self, schedule: Schedule, local_date: date) -> Outcome:
        existing = await self.store.deliveries.claim(schedule.id, local_date)
        if existing is not None:
            if existing.status != "claimed":
                return Outcome(schedule.id, local_date, "already", existing.message_id)
            found = await self._find(schedule, existing.claimed_at)
            if found is not None:
                await self._sent(schedule, local_date, found, None)
                return Outcome(schedule.id, local_date, "recovered", found)
        try:
            post = await self.post_for(schedule, local_date)
            message_id = await self.target.send(
                schedule, post, nonce=delivery_nonce(schedule.id, local_date))
        except UserError as exc:
            return await self._failed(schedule, local_date, str(exc), pause_now=False)
        except ChannelUnavailable as exc:
            return await self._failed(schedule, local_date, exc.reason, pause_now=exc.gone)
        except TransientFailure as exc:
            log.warning("schedule %d: Discord did not take the post (%s); will retry",
                        schedule.id, exc)
            return Outcome(schedule.id, local_date, "retry", detail=str(exc))
        await self._sent(schedule, local_date, message_id, post.entry_id)
        return Outcome(schedule.id, local_date, "sent", message_id)

    async def _find(self, schedule: Schedule, since: datetime | None) -> int | None:
        if since is None:
            return None
        try:
            return await self.target.find_own_message(schedule.channel_id, since)
        except (ChannelUnavailable, TransientFailure):
            return None

    async def _sent(self, schedule: Schedule, local_date: date, message_id: int,
                    entry_id: str | None) -> None:
        await self.store.deliveries.finish(schedule.id, local_date, "sent",
                                           message_id=message_id, entry_id=entry_id)
        await self.store.schedules.mark_healthy(schedule.id)

    async def _failed(self, schedule: Schedule, local_date: date, reason: str, *,
                      pause_now: bool) -> Outcome:
        """Record the schedule's health first, then close the day as failed."""
        if pause_now:
            await self.store.schedules.pause_channel(schedule.channel_id, reason)
            log.warning("schedule %d: %s; paused the channel's schedules", schedule.id, reason)
        elif (days := await self.store.schedules.mark_failing(schedule.id, reason)) \
                >= PAUSE_AFTER_FAILING_DAYS:
            await self.store.schedules.set_paused(
                schedule.guild_id, schedule.id, True,
                f"paused itself after {days} failing days: {reason}")
            log.warning("schedule %d paused itself after %d failing days", schedule.id, days)
        else:
            log.warning("schedule %d failing (%s)", schedule.id, reason)
        await self.store.deliveries.finish(schedule.id, local_date, "failed", detail=reason)
        return Outcome(schedule.id, local_date, "failed", detail=reason)

    async def catch_up_or_skip(self, schedule: Schedule) -> Outcome | None:
        """At start: post today's run if it was missed and is still in the window, else skip.

        Never posts yesterday; a run that fell before the schedule existed is not missed.
        """
        zone = await self.service.zone(schedule.guild_id)
        spec = spec_of(schedule)
        now = self.now()
        due = latest_due(spec.at_local, spec.days, zone, now)
        if due is None or (schedule.created_at is not None and due < schedule.created_at):
            return None
        local_date = local_date_of(due, zone)
        existing = await self.store.deliveries.get(schedule.id, local_date)
        if existing is not None and existing.status != "claimed":
            return None
        if existing is None and now - due > self.catch_up:
            await self.store.deliveries.record_skip(
                schedule.id, local_date, f"missed while offline (due {due.isoformat()})")
            return Outcome(schedule.id, local_date, "skipped")
        return await self.deliver(schedule, local_date)

    async def test_post(self, schedule: Schedule) -> int:
        """Post one now, marked as a test; it does not count as the day's delivery."""
        zone = await self.service.zone(schedule.guild_id)
        post = await self.post_for(schedule, local_date_of(self.now(), zone))
        return await self.target.send(schedule, post, nonce=None, test=True)
