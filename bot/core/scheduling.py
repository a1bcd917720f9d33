"""Schedule use cases: add, list (with next run and health), remove, pause, resume."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime

from bot.content import KINDS
from bot.core.schedules import (
    ROTATE,
    ScheduleError,
    ScheduleSpec,
    format_days,
    format_time,
    next_run,
    parse_days,
    parse_time,
)
from bot.core.service import Encouragement, UserError
from bot.core.values import Schedule

PAUSE_AFTER_FAILING_DAYS = 3

ScheduleChanged = Callable[[int], Awaitable[None]]


@dataclass(frozen=True)
class ScheduleView:
    """A schedule as ``list`` shows it: its next run in the club's time and its health."""

    schedule: Schedule
    next_run_local: datetime | None
    health: str


def spec_of(schedule: Schedule) -> ScheduleSpec:
    """The parsed form of a stored schedule."""
    return ScheduleSpec(at_local=parse_time(schedule.local_time), days=parse_days(schedule.days),
                        theme=schedule.theme, kind=schedule.kind)


class ScheduleBook:
    """What admins do with schedules; ``on_change`` lets the scheduler follow along."""

    def __init__(self, service: Encouragement, on_change: ScheduleChanged | None = None) -> None:
        self.service = service
        self.store = service.store
        self.on_change = on_change

    async def _changed(self, schedule_id: int) -> None:
        if self.on_change is not None:
            await self.on_change(schedule_id)

    async def add(
        self, guild_id: int, channel_id: int, time: str, days: str = "daily",
        theme: str = ROTATE, kind: str | None = None, mention_role_id: int | None = None,
    ) -> ScheduleView:
        """Validate everything first, then save: nothing is half-saved."""
        theme_text = theme.strip().lower()
        if theme_text != ROTATE and theme_text:
            theme_text = self.service.theme(theme_text).id
        try:
            spec = ScheduleSpec.parse(time=time, days=days or "daily", theme=theme_text or ROTATE,
                                      kind=kind, known_theme_ids=self.service.theme_ids(),
                                      known_kinds=KINDS)
        except ScheduleError as exc:
            raise UserError(str(exc)) from None
        schedule = await self.store.schedules.add(
            guild_id, channel_id, format_time(spec.at_local), format_days(spec.days), spec.theme,
            spec.kind, mention_role_id, self.service.default_timezone)
        await self._changed(schedule.id)
        return await self.view(schedule)

    async def view(self, schedule: Schedule, now: datetime | None = None) -> ScheduleView:
        """The schedule with its next run in the club's time zone."""
        zone = await self.service.zone(schedule.guild_id)
        spec = spec_of(schedule)
        upcoming = None if schedule.paused else next_run(
            spec.at_local, spec.days, zone, now or self.service.now()).astimezone(zone)
        return ScheduleView(schedule, upcoming, schedule.health)

    async def list(self, guild_id: int) -> list[ScheduleView]:
        """Every schedule of the club."""
        return [await self.view(s) for s in await self.store.schedules.for_club(guild_id)]

    async def get(self, guild_id: int, schedule_id: int) -> Schedule:
        """One of the club's schedules; UserError naming the ids there are otherwise."""
        schedule = await self.store.schedules.get(schedule_id)
        if schedule is None or schedule.guild_id != guild_id:
            ids = [s.id for s in await self.store.schedules.for_club(guild_id)]
            known = ", ".join(f"#{i}" for i in ids) if ids else "none yet"
            raise UserError(f"There is no schedule #{schedule_id} here. Schedules: {known} "
                            "(see /club schedule list).")
        return schedule

    async def remove(self, guild_id: int, schedule_id: int) -> None:
        """Delete a schedule."""
        await self.get(guild_id, schedule_id)
        await self.store.schedules.remove(guild_id, schedule_id)
        await self._changed(schedule_id)

    async def set_paused(self, guild_id: int, schedule_id: int, paused: bool) -> ScheduleView:
        """Pause, or resume (which also forgets earlier failures)."""
        await self.get(guild_id, schedule_id)
        await self.store.schedules.set_paused(guild_id, schedule_id, paused)
        await self._changed(schedule_id)
        return await self.view(await self.get(guild_id, schedule_id))
