"""Schedules: parse what club admins type, and work out when each post is due.

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

import hashlib
import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Self
from zoneinfo import ZoneInfo, available_timezones

ROTATE = "rotate"
ANY_KIND = "any"

DAY_ABBREVIATIONS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_DAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_NUMBERS = {
    **{name: number for number, name in enumerate(DAY_ABBREVIATIONS)},
    **{name: number for number, name in enumerate(_DAY_NAMES)},
    "tues": 1,
    "thur": 3,
    "thurs": 3,
}
EVERY_DAY = frozenset(range(7))
WEEKDAYS = frozenset(range(5))
WEEKENDS = frozenset({5, 6})
_DAY_PRESETS = {
    "daily": EVERY_DAY,
    "every day": EVERY_DAY,
    "everyday": EVERY_DAY,
    "weekdays": WEEKDAYS,
    "weekends": WEEKENDS,
}

_TIME_PATTERN = re.compile(r"([01]?[0-9]|2[0-3]):([0-5][0-9])", re.ASCII)
_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_MAX_SCHEDULE_ID = 2**63 - 1  # SQLite's largest INTEGER


class ScheduleError(ValueError):
    """Something an admin typed is not a valid schedule; the message says what is."""


def quoted(text: str, limit: int = 40) -> str:
    """Show user input in a one-line message, shortened if long."""
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(shown)


def parse_time(text: str) -> time:
    """Parse a 24-hour ``H:MM`` or ``HH:MM`` local time, like ``7:00`` or ``18:30``.

    Seconds, ``24:00`` and am/pm are refused, so each time has one spelling.
    """
    match = _TIME_PATTERN.fullmatch(text.strip())
    if match is None:
        raise ScheduleError(
            f"time {quoted(text)} is not valid: use 24-hour HH:MM, like 07:00 or 18:30"
        )
    return time(int(match[1]), int(match[2]))


def format_time(at_local: time) -> str:
    """Format a local time as ``HH:MM``, the form ``parse_time`` reads back."""
    return f"{at_local.hour:02d}:{at_local.minute:02d}"


def parse_days(text: str) -> frozenset[int]:
    """Parse the days a schedule runs on, as weekday numbers (0 = Monday).

    Accepts ``daily`` (or ``every day``), ``weekdays``, ``weekends``, and lists of
    day names separated by commas or spaces (``mon,wed,fri``, ``Monday, Friday``),
    whose items may be ranges (``mon-fri``, ``mon,wed-fri``). A range may wrap
    past Sunday: ``fri-mon`` is Friday to Monday. Case does not matter.
    """
    normal = " ".join(text.lower().split())
    if normal in _DAY_PRESETS:
        return _DAY_PRESETS[normal]
    days: set[int] = set()
    for item in re.split(r"\s*,\s*|\s+", re.sub(r"\s*-\s*", "-", normal)):
        names = item.split("-")  # one day, or the two ends of a range
        if len(names) > 2 or any(name not in _DAY_NUMBERS for name in names):
            raise ScheduleError(
                f"days {quoted(text)} not understood: use daily, weekdays, weekends, "
                "a list like mon,wed,fri or a range like mon-fri"
            )
        first, last = _DAY_NUMBERS[names[0]], _DAY_NUMBERS[names[-1]]
        days.update((first + step) % 7 for step in range((last - first) % 7 + 1))
    return frozenset(days)


def _check_days(days: Collection[int]) -> None:
    """Refuse an empty set of days or numbers outside 0..6."""
    if not days or not set(days) <= EVERY_DAY:
        raise ValueError(f"days must be a non-empty set of 0..6 (0 = Monday), got {days!r}")


def format_days(days: Collection[int]) -> str:
    """Format days canonically: ``daily``, ``weekdays``, ``weekends`` or ``mon,wed,fri``."""
    _check_days(days)
    chosen = frozenset(days)
    for name in ("daily", "weekdays", "weekends"):
        if chosen == _DAY_PRESETS[name]:
            return name
    return ",".join(DAY_ABBREVIATIONS[day] for day in sorted(chosen))


@cache
def _zone_names() -> dict[str, str]:
    """Map lower-cased IANA names (``area/location`` and ``UTC``) to their real spelling."""
    names = {name for name in available_timezones() if "/" in name} | {"UTC"}
    return {name.lower(): name for name in names}


def parse_zone(text: str) -> ZoneInfo:
    """Parse an IANA time zone name such as ``Europe/London``, ignoring case.

    ``UTC`` is accepted. Paths, abbreviations and legacy names without an area
    (``EST``, ``GMT``, ``CET``) are refused: they do not follow daylight saving
    the way a club's clocks do.
    """
    name = _zone_names().get(text.strip().lower())
    if name is None:
        raise ScheduleError(
            f"unknown time zone {quoted(text)}: "
            "use an IANA name like Europe/London or America/New_York"
        )
    return ZoneInfo(name)


def _parse_choice(what: str, text: str, known: Collection[str], wildcard: str) -> str:
    """Match ``text`` to ``wildcard`` or one of ``known`` (ignoring case and spaces)."""
    choices = {choice.lower(): choice for choice in known}
    choices[wildcard] = wildcard
    normal = text.strip().lower()
    if normal in choices:
        return choices[normal]
    listed = ", ".join(sorted(set(known) - {wildcard}))
    also = f" or one of: {listed}" if listed else ""
    raise ScheduleError(f"{what} {quoted(text)} not found: choose {wildcard}{also}")


def parse_theme_choice(text: str, known_theme_ids: Collection[str]) -> str:
    """Return the theme id named by ``text``, or ``ROTATE`` for ``rotate``."""
    return _parse_choice("theme", text, known_theme_ids, ROTATE)


def parse_kind(text: str | None, known_kinds: Collection[str]) -> str | None:
    """Return the kind named by ``text``, or None (any kind) for ``any`` or nothing."""
    if text is None or not text.strip():
        return None
    kind = _parse_choice("kind", text, known_kinds, ANY_KIND)
    return None if kind == ANY_KIND else kind


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
        _check_days(self.days)
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
        """Build a spec from what an admin typed; raises ScheduleError naming the bad field."""
        return cls(
            at_local=parse_time(time),
            days=parse_days(days),
            theme=parse_theme_choice(theme, known_theme_ids),
            kind=parse_kind(kind, known_kinds),
        )


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
    _check_days(days)
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
    _check_days(days)
    today = local_date_of(now, zone)
    if today.weekday() not in days:
        return None
    run = run_on(at_local, zone, today)
    return run if run <= now else None


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
    if not 0 <= schedule_id <= _MAX_SCHEDULE_ID:
        raise ValueError(f"schedule id must be in 0..2**63-1, got {schedule_id}")
    day = f"{local_date.year:04d}{local_date.month:02d}{local_date.day:02d}"
    return f"sw{_base36(schedule_id)}-{day}"
