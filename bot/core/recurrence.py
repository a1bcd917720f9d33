"""When a schedule is due: local times in IANA zones, daylight saving, one run per day.

Pure standard library: no Discord, no APScheduler, no I/O. Every datetime that goes
in or comes out is timezone-aware; instants come out in UTC.

Daylight-saving rules, for a schedule at local time T in zone Z on local date D:

- T exists once on D: the run is T on D (07:00 stays 07:00 local all year).
- T is skipped on D (spring forward, e.g. 02:30 in America/New_York on 8 March 2026):
  the run is the transition instant, the first instant after the gap, which reads
  03:00 local. Every time inside the gap runs at that same instant, once.
- T happens twice on D (fall back, e.g. 01:30 in America/New_York on 1 November
  2026): the run is the first occurrence (``fold=0``, still on summer time), once.
- Rare zones whose gap runs past midnight (America/Nuuk, 28 March 2026: 23:00 jumps
  to 00:00): the run is the last minute before the gap (22:59), so that each run
  stays on its own local date. A date that never existed (Pacific/Apia, 30 December
  2011) has no run.

So a run's local date is always the date it is for (a claim per schedule and
``local_date_of(run)`` is safe), there is at most one run per local date, and
``next_run`` iterated from its own result never yields the same instant twice.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Self
from zoneinfo import ZoneInfo

from bot.core.inputs import check_days, parse_days, parse_kind, parse_theme_choice, parse_time
from bot.values import ROTATE, Schedule


@dataclass(frozen=True, slots=True)
class ScheduleSpec:
    """What a schedule posts and when: local time, days, theme (or ROTATE), kind (None = any)."""

    at_local: time
    days: frozenset[int]
    theme: str
    kind: str | None = None

    def __post_init__(self) -> None:
        """Keep the invariants the parsers guarantee, however the spec was built."""
        if self.at_local.tzinfo is not None or self.at_local.second or self.at_local.microsecond:
            raise ValueError("at_local must be a naive local time in whole minutes")
        check_days(self.days)
        if not self.theme:
            raise ValueError("theme must be a theme id or ROTATE")

    @classmethod
    def parse(
        cls,
        *,
        time: str,
        days: str = "daily",
        theme: str = ROTATE,
        kind: str | None = None,
        known_theme_ids: Collection[str],
        known_kinds: Collection[str] = (),
    ) -> Self:
        """Build a spec from what an admin typed; raises UserError naming the bad field."""
        return cls(
            at_local=parse_time(time),
            days=parse_days(days),
            theme=parse_theme_choice(theme, known_theme_ids),
            kind=parse_kind(kind, known_kinds),
        )

    @classmethod
    def of(cls, schedule: Schedule) -> Self:
        """The parsed form of a stored schedule."""
        return cls(at_local=parse_time(schedule.local_time), days=parse_days(schedule.days),
                   theme=schedule.theme, kind=schedule.kind)

    def next_run(self, zone: ZoneInfo, after: datetime) -> datetime:
        """The first run strictly after ``after``, in UTC."""
        return next_run(self.at_local, self.days, zone, after)

    def latest_due(self, zone: ZoneInfo, now: datetime) -> datetime | None:
        """Today's run if it is due by ``now`` (never yesterday's)."""
        return latest_due(self.at_local, self.days, zone, now)


def _require_aware(instant: datetime) -> None:
    """Refuse naive datetimes, which would silently mean the machine's local time."""
    if instant.utcoffset() is None:
        raise ValueError(f"expected a timezone-aware datetime, got {instant!r}")


def local_date_of(instant: datetime, zone: ZoneInfo) -> date:
    """Return the calendar date in ``zone`` at ``instant``."""
    _require_aware(instant)
    return instant.astimezone(zone).date()


def _end_of_gap(zone: ZoneInfo, before: datetime, after: datetime) -> datetime:
    """Find the transition between two instants on either side of one clock change.

    Returns the first whole second in ``(before, after]`` that already has the
    UTC offset of ``after``. Time zone transitions fall on whole seconds.
    """
    target = after.astimezone(zone).utcoffset()
    low, high = math.floor(before.timestamp()), math.ceil(after.timestamp())
    while high - low > 1:
        middle = (low + high) // 2
        if datetime.fromtimestamp(middle, zone).utcoffset() == target:
            high = middle
        else:
            low = middle
    return datetime.fromtimestamp(high, UTC)


def run_on(at_local: time, zone: ZoneInfo, local_date: date) -> datetime:
    """Return the UTC instant of the run at ``at_local`` on ``local_date`` in ``zone``.

    A skipped local time runs at the end of the gap; a repeated one at its first
    occurrence (see the module docstring). If ``local_date`` never existed in
    ``zone`` the result falls on another date, and ``next_run`` passes it over.
    """
    wall = datetime.combine(local_date, at_local)
    first = wall.replace(tzinfo=zone, fold=0).astimezone(UTC)
    if first.astimezone(zone).replace(tzinfo=None) == wall:
        return first
    # In a gap, fold=0 reads the wall time with the old offset (landing after the
    # change) and fold=1 with the new one (landing before it).
    before = wall.replace(tzinfo=zone, fold=1).astimezone(UTC)
    end = _end_of_gap(zone, before, first)
    if local_date_of(end, zone) == local_date:
        return end
    return end - timedelta(minutes=1)  # the gap runs past midnight: stay on this date


def next_run(at_local: time, days: Collection[int], zone: ZoneInfo, after: datetime) -> datetime:
    """Return the first run strictly after ``after``, in UTC."""
    _require_aware(after)
    check_days(days)
    today = local_date_of(after, zone)
    for offset in range(9):
        day = today + timedelta(days=offset)
        if day.weekday() in days:
            run = run_on(at_local, zone, day)
            if run > after and local_date_of(run, zone) == day:
                return run
    raise AssertionError("unreachable: a scheduled day falls within nine days")


def latest_due(
    at_local: time, days: Collection[int], zone: ZoneInfo, now: datetime
) -> datetime | None:
    """Return today's run (local date of ``now``) if it is due by ``now``, else None.

    Used for catch-up at start: it never returns yesterday's run.
    """
    check_days(days)
    today = local_date_of(now, zone)
    if today.weekday() not in days:
        return None
    run = run_on(at_local, zone, today)
    return run if run <= now else None


def day_label(day: date, *, year: bool = False) -> str:
    """A day as members read it: ``Sun 07 Jun`` (``Sun 07 Jun 2026`` with the year)."""
    return day.strftime("%a %d %b %Y" if year else "%a %d %b")


def moment_label(instant: datetime, *, year: bool = False) -> str:
    """A local instant as members read it: ``Sun 07 Jun 07:00 BST`` (the year optional)."""
    return f"{day_label(instant.date(), year=year)} {instant:%H:%M %Z}"
