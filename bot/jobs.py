"""The job runner: APScheduler 3.x firing every timed post, one job per active schedule.

Each job is a ``DateTrigger`` at the schedule's next run, worked out by
``bot.core.recurrence`` in the club's zone, and re-armed when it fires.
Not a ``CronTrigger``: APScheduler 3.11.3's CronTrigger skips the whole Monday
after a spring-forward Sunday for times from 00:00 to 00:59 (see
tests/test_apscheduler_dst.py), and fires a non-existent time late. The
per-day claim in the database is what makes each day post once.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

from bot.core.ports import ChangeObservers, Clock, Store
from bot.core.posting import Deliverer
from bot.core.recurrence import ScheduleSpec, local_date_of
from bot.values import OutcomeStatus, Schedule

log = logging.getLogger(__name__)

RETRY_AFTER = timedelta(minutes=1)


def job_id(schedule_id: int) -> str:
    """The APScheduler job id of a schedule."""
    return f"schedule:{schedule_id}"


class JobRunner:
    """Keeps one job per active schedule in step with the database.

    It is the ChangeObserver of the use cases: it adds itself to ``changes`` and
    re-arms a schedule (or a club's) whenever one changes.
    """

    def __init__(self, store: Store, deliverer: Deliverer, clock: Clock,
                 changes: ChangeObservers) -> None:
        self.store = store
        self.deliverer = deliverer
        self.clock = clock
        changes.add(self)
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        self.scheduler.add_listener(self._job_event, EVENT_JOB_ERROR | EVENT_JOB_MISSED)
        self.tasks: set[asyncio.Task] = set()

    async def start(self) -> None:
        """Start the scheduler, arm every active schedule, catch up in the background."""
        self.scheduler.start()
        schedules = await self.store.schedules.active()
        for schedule in schedules:
            await self._arm_next(schedule)
        task = asyncio.create_task(self.catch_up(schedules), name="catch-up")
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        log.info("scheduler started with %d active schedules", len(schedules))

    async def catch_up(self, schedules: list[Schedule]) -> None:
        """Post today's missed runs still inside the window; record the others as skipped."""
        outcomes = await asyncio.gather(
            *(self.deliverer.catch_up_or_skip(s) for s in schedules), return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                log.error("catch-up failed", exc_info=outcome)
            elif outcome is not None:
                log.info("catch-up: schedule %d %s %s", outcome.schedule_id, outcome.local_date,
                         outcome.status)

    async def shutdown(self) -> None:
        """Stop firing jobs and wait for a catch-up still running."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)

    async def schedule_changed(self, schedule_id: int) -> None:
        """Re-arm a schedule after a change, or drop its job when removed or paused."""
        schedule = await self.store.schedules.get(schedule_id)
        if schedule is None:
            self._drop(schedule_id)
        else:
            await self._arm_next(schedule)

    async def club_changed(self, guild_id: int) -> None:
        """Re-arm every schedule of a club (its time zone changed)."""
        for schedule in await self.store.schedules.for_club(guild_id):
            await self._arm_next(schedule)

    async def _arm_next(self, schedule: Schedule) -> None:
        """Arm the schedule's next run; a paused one gets no job."""
        if schedule.paused:
            self._drop(schedule.id)
            return
        zone = (await self.store.clubs.get(schedule.guild_id)).zone
        self.arm(schedule.id, ScheduleSpec.of(schedule).next_run(zone, self.clock()))

    def _drop(self, schedule_id: int) -> None:
        if self.scheduler.get_job(job_id(schedule_id)):
            self.scheduler.remove_job(job_id(schedule_id))

    def arm(self, schedule_id: int, run_at: datetime, *, retry_at: datetime | None = None) -> None:
        """A job for the run at ``run_at`` (or a retry of it at ``retry_at``)."""
        self.scheduler.add_job(
            self._fire, DateTrigger(run_date=retry_at or run_at, timezone=UTC),
            args=(schedule_id, run_at), replace_existing=True,
            id=job_id(schedule_id) + (":retry" if retry_at else ""),
            misfire_grace_time=int(self.deliverer.catch_up.total_seconds()) or 1, coalesce=True)

    async def _fire(self, schedule_id: int, run_at: datetime) -> None:
        schedule = await self.store.schedules.get(schedule_id)
        if schedule is None or schedule.paused:
            return
        zone = (await self.store.clubs.get(schedule.guild_id)).zone
        local_date = local_date_of(run_at, zone)
        if not self.scheduler.get_job(job_id(schedule_id)):
            self.arm(schedule_id, ScheduleSpec.of(schedule).next_run(zone, run_at))
        if self.clock() - run_at > self.deliverer.catch_up:
            await self.store.deliveries.record_skip(schedule_id, local_date, "fired too late")
            return
        outcome = await self.deliverer.deliver(schedule, local_date)
        log.info("schedule %d %s: %s", schedule_id, local_date, outcome.status)
        for paused in outcome.paused:  # itself, or every schedule of a deleted channel
            self._drop(paused)
        if outcome.status is OutcomeStatus.RETRY:
            self.arm(schedule_id, run_at, retry_at=self.clock() + RETRY_AFTER)

    def _job_event(self, event: JobExecutionEvent) -> None:
        if event.code == EVENT_JOB_MISSED:
            log.warning("job %s missed its time %s", event.job_id, event.scheduled_run_time)
        else:
            log.error("job %s failed", event.job_id, exc_info=event.exception)
