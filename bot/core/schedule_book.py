"""What admins do with schedules: add, list, pause, resume, remove; and a channel deleted."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from bot.content import KINDS
from bot.content.model import KIND_PLURALS
from bot.core.inputs import format_days, format_time, parse_id
from bot.core.live_library import LiveLibrary
from bot.core.ports import ChangeObserver, Clock, Store
from bot.core.recurrence import ScheduleSpec, moment_label
from bot.errors import NotFound, UserError
from bot.values import ROTATE, PostKind, Schedule

CHANNEL_DELETED = "the channel was deleted"
SEE_LIST = "(see /club schedule list)"


@dataclass(frozen=True)
class ScheduleView:
    """A schedule as ``list`` shows it: its next run in the club's time and its health."""

    schedule: Schedule
    next_run_local: datetime | None
    health: str

    def describe(self, channel: Callable[[int], str], role: Callable[[int], str],
                 strong: Callable[[str], str] = str) -> str:
        """One line for admins; each front end says how to show a channel, a role, bold."""
        s = self.schedule
        parts = [f"{strong(f'#{s.id}')} {channel(s.channel_id)} {s.local_time} {s.days}, {s.theme}"]
        if s.kind:
            parts.append(f", {KIND_PLURALS.get(s.kind, s.kind)}")
        if s.mention_role_id:
            parts.append(f", pings {role(s.mention_role_id)}")
        if self.next_run_local is None:
            parts.append(f" — {self.health}")
        else:
            parts.append(f" — next: {moment_label(self.next_run_local)} — {self.health}")
        return "".join(parts)


class ScheduleBook:
    """The club's schedules; every change is told to the observer (the job runner)."""

    def __init__(self, store: Store, library: LiveLibrary, observer: ChangeObserver,
                 clock: Clock) -> None:
        self.store = store
        self.library = library
        self.observer = observer
        self.clock = clock

    async def add(
        self, guild_id: int, channel_id: int, time: str, days: str = "daily",
        theme: str = ROTATE, kind: str | None = None, mention_role_id: int | None = None,
    ) -> ScheduleView:
        """Validate everything first, then save: nothing is half-saved."""
        theme_text = theme.strip().lower()
        if theme_text not in (ROTATE, ""):
            theme_text = self.library.theme(theme_text).id
        spec = ScheduleSpec.parse(time=time, days=days or "daily", theme=theme_text or ROTATE,
                                  kind=kind, known_theme_ids=self.library.theme_ids(),
                                  known_kinds=KINDS)
        club = await self.store.clubs.get(guild_id)
        if spec.theme in club.disabled_themes:
            theme_ = self.library.themes[spec.theme]
            raise UserError(f"{theme_.emoji} {theme_.name} is turned off in this server, so a "
                            "schedule for it would never post. Turn it on with /club themes "
                            "enable, or choose another theme or rotate.")
        schedule = await self.store.schedules.add(
            guild_id, channel_id, format_time(spec.at_local), format_days(spec.days), spec.theme,
            spec.kind, mention_role_id)
        await self._changed(schedule)
        return await self.view(schedule)

    async def view(self, schedule: Schedule, now: datetime | None = None) -> ScheduleView:
        """The schedule with its next run in the club's time zone."""
        zone = (await self.store.clubs.get(schedule.guild_id)).zone
        upcoming = None if schedule.paused else ScheduleSpec.of(schedule).next_run(
            zone, now or self.clock()).astimezone(zone)
        return ScheduleView(schedule, upcoming, schedule.health)

    async def of_club(self, guild_id: int) -> list[ScheduleView]:
        """Every schedule of the club."""
        return [await self.view(s) for s in await self.store.schedules.for_club(guild_id)]

    async def get(self, guild_id: int, schedule_id: int | str) -> Schedule:
        """One of the club's schedules; NotFound naming the ids there are otherwise."""
        number = parse_id(schedule_id, "schedule", SEE_LIST)
        schedule = await self.store.schedules.get(number)
        if schedule is None or schedule.guild_id != guild_id:
            ids = [s.id for s in await self.store.schedules.for_club(guild_id)]
            known = ", ".join(f"#{i}" for i in ids) if ids else "none yet"
            raise NotFound(f"There is no schedule #{number} here. Schedules: {known} "
                           "(see /club schedule list).")
        return schedule

    async def remove(self, guild_id: int, schedule_id: int | str) -> Schedule:
        """Delete a schedule; returns it as it was."""
        schedule = await self.get(guild_id, schedule_id)
        await self.store.schedules.remove(guild_id, schedule.id)
        await self._changed(schedule)
        return schedule

    async def set_paused(self, guild_id: int, schedule_id: int | str,
                         paused: bool) -> ScheduleView:
        """Pause, or resume (which also forgets earlier failures)."""
        schedule = await self.get(guild_id, schedule_id)
        await self.store.schedules.set_paused(guild_id, schedule.id, paused)
        await self._changed(schedule)
        return await self.view(await self.get(guild_id, schedule.id))

    async def _changed(self, schedule: Schedule) -> None:
        """Re-arm the schedule, and the club's other timed posts.

        A race without a start time posts at the club's morning time, which is its
        earliest schedule.
        """
        await self.observer.timed_changed(PostKind.SCHEDULE, schedule.id)
        await self.observer.club_changed(schedule.guild_id)

    async def channel_deleted(self, channel_id: int) -> list[int]:
        """A deleted channel pauses the schedules that post there; returns their ids."""
        paused = await self.store.schedules.pause_channel(channel_id, CHANNEL_DELETED)
        for schedule_id in paused:
            await self.observer.timed_changed(PostKind.SCHEDULE, schedule_id)
        return paused
