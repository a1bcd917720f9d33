"""The job runner: APScheduler 3.x firing every timed post, one job per item.

Each kind of timed post (schedules' morning posts, races' good-luck posts and
check-ins, weekly digests, members' reminders) is a :class:`TimedSource`. Each
active item gets one ``DateTrigger`` job at its next run, re-armed when it fires.
Not a ``CronTrigger``: APScheduler 3.11.3's CronTrigger skips the whole Monday
after a spring-forward Sunday for times from 00:00 to 00:59 (see
tests/test_apscheduler_dst.py), and fires a non-existent time late. The ledger
claim in the database is what makes each post go out once.

With several processes (``secondwind run --shards``), each arms only the items of
its own guilds, ``(guild_id >> 22) % shard_count`` in its shards: the store it is
given was opened for that slice, so the sources' lists of every club's items
(what :meth:`JobRunner.start` arms and :meth:`JobRunner.catch_up_missed` catches
up) hold only those guilds. A change to an item arrives as a command in its
guild, so only at the process that owns it. And if two processes ever did fire
the same post (while guilds move between processes), the ledger claim leaves one.
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

from bot.core.ports import ChangeObservers, Clock
from bot.core.posting import Outcome, TimedSource
from bot.metrics import Metrics
from bot.values import OutcomeStatus, PostKind

log = logging.getLogger(__name__)

RETRY_AFTER = timedelta(minutes=1)


def job_id(kind: PostKind, ref_id: int) -> str:
    """The APScheduler job id of an item, like ``schedule:12`` or ``race-morning:3``."""
    return f"{kind}:{ref_id}"


class JobRunner:
    """Keeps one job per active item of every source in step with the database.

    It is the ChangeObserver of the use cases: it adds itself to ``changes`` and
    re-arms an item (or every item of a club) whenever one changes.
    """

    def __init__(self, sources: Sequence[TimedSource], clock: Clock, changes: ChangeObservers, *,
                 catch_up: timedelta, metrics: Metrics | None = None) -> None:
        self.sources = {source.kind: source for source in sources}
        self.clock = clock
        self.catch_up = catch_up
        self.metrics = metrics or Metrics()
        self.metrics.count_armed(self.armed)
        changes.add(self)
        self.scheduler = AsyncIOScheduler(timezone=UTC)
        self.scheduler.add_listener(self._job_event, EVENT_JOB_ERROR | EVENT_JOB_MISSED)
        self.tasks: set[asyncio.Task] = set()

    async def start(self) -> None:
        """Start the scheduler, arm every active item, catch up in the background."""
        self.scheduler.start()
        armed = 0
        for source in self.sources.values():
            for due in await source.upcoming():
                self.arm(source.kind, due.ref_id, due.run_at)
                armed += 1
        task = asyncio.create_task(self.catch_up_missed(), name="catch-up")
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        log.info("job runner started with %d jobs", armed)

    async def catch_up_missed(self) -> None:
        """Post today's missed runs still inside the window; record the others as skipped."""
        results = await asyncio.gather(
            *(source.missed() for source in self.sources.values()), return_exceptions=True)
        for result in results:
            if isinstance(result, BaseException):
                log.error("catch-up failed", exc_info=result)
                continue
            for outcome in result:
                log.info("catch-up: %s %d %s %s", outcome.key.kind, outcome.key.ref_id,
                         outcome.key.local_date, outcome.status)
                self._count(outcome, caught_up=True)
                self._drop_paused(outcome.paused)
        self.metrics.catch_ups.inc()

    async def shutdown(self) -> None:
        """Stop firing jobs and wait for a catch-up still running."""
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        for task in list(self.tasks):
            task.cancel()
        await asyncio.gather(*self.tasks, return_exceptions=True)

    # --- ChangeObserver ---------------------------------------------------------------------

    async def timed_changed(self, kind: PostKind, ref_id: int) -> None:
        """Re-arm an item after a change, or drop its job when it is gone or paused."""
        run_at = await self.sources[kind].next_run(ref_id, self.clock())
        if run_at is None:
            self._drop(kind, ref_id)
        else:
            self.arm(kind, ref_id, run_at)

    async def club_changed(self, guild_id: int) -> None:
        """Re-arm every item of a club (its time zone changed)."""
        for source in self.sources.values():
            for ref_id in await source.of_club(guild_id):
                await self.timed_changed(source.kind, ref_id)

    # --- jobs ----------------------------------------------------------------------------

    def _drop(self, kind: PostKind, ref_id: int) -> None:
        if self.scheduler.get_job(job_id(kind, ref_id)):
            self.scheduler.remove_job(job_id(kind, ref_id))

    def _drop_paused(self, schedule_ids: Sequence[int]) -> None:
        for schedule_id in schedule_ids:  # a schedule that paused itself, or a deleted channel's
            self._drop(PostKind.SCHEDULE, schedule_id)

    def arm(self, kind: PostKind, ref_id: int, run_at: datetime, *,
            retry_at: datetime | None = None) -> None:
        """A job for the run at ``run_at`` (or a retry of it at ``retry_at``)."""
        self.scheduler.add_job(
            self._fire, DateTrigger(run_date=retry_at or run_at, timezone=UTC),
            args=(kind, ref_id, run_at), replace_existing=True,
            id=job_id(kind, ref_id) + (":retry" if retry_at else ""),
            misfire_grace_time=int(self.catch_up.total_seconds()) or 1, coalesce=True)

    async def _fire(self, kind: PostKind, ref_id: int, run_at: datetime) -> None:
        source = self.sources[kind]
        if not self.scheduler.get_job(job_id(kind, ref_id)):
            next_run = await source.next_run(ref_id, run_at)
            if next_run is not None:
                self.arm(kind, ref_id, next_run)
        outcome = await source.fire(ref_id, run_at)
        if outcome is None:
            return
        log.info("%s %d %s: %s", kind, ref_id, outcome.key.local_date, outcome.status)
        self._count(outcome)
        self._drop_paused(outcome.paused)
        if outcome.status in (OutcomeStatus.RETRY, OutcomeStatus.HELD):
            self.arm(kind, ref_id, run_at,
                     retry_at=outcome.retry_at or self.clock() + RETRY_AFTER)

    def armed(self) -> dict[str, int]:
        """How many items of each kind have a job (retries not counted twice)."""
        kinds = Counter(job.id.split(":", 1)[0] for job in self.scheduler.get_jobs()
                        if not job.id.endswith(":retry"))
        return dict(kinds)

    def _count(self, outcome: Outcome, *, caught_up: bool = False) -> None:
        sent = outcome.status is OutcomeStatus.SENT
        self.metrics.post(str(outcome.key.kind),
                          "caught_up" if sent and caught_up else str(outcome.status))

    def _job_event(self, event: JobExecutionEvent) -> None:
        if event.code == EVENT_JOB_MISSED:
            log.warning("job %s missed its time %s", event.job_id, event.scheduled_run_time)
        else:
            log.error("job %s failed", event.job_id, exc_info=event.exception)
