"""Reading what members and admins type: times, days, zones, kinds, theme choices, ids.

Pure standard library. Every refusal is a :class:`~bot.errors.UserError` whose
message quotes the input (shortened and neutralised by :func:`bot.text.echo`)
and says what is accepted.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date, time
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from bot.errors import NotFound, UserError
from bot.text import echo
from bot.values import ROTATE

ANY_KIND = "any"
MAX_ID = 2**63 - 1  # SQLite's (and PostgreSQL's bigint) largest integer

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


def parse_time(text: str) -> time:
    """Parse a 24-hour ``H:MM`` or ``HH:MM`` local time, like ``7:00`` or ``18:30``.

    Seconds, ``24:00`` and am/pm are refused, so each time has one spelling.
    """
    match = _TIME_PATTERN.fullmatch(text.strip())
    if match is None:
        raise UserError(f"time {echo(text)} is not valid: use 24-hour HH:MM, like 07:00 or 18:30")
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
            raise UserError(
                f"days {echo(text)} not understood: use daily, weekdays, weekends, "
                "a list like mon,wed,fri or a range like mon-fri"
            )
        first, last = _DAY_NUMBERS[names[0]], _DAY_NUMBERS[names[-1]]
        days.update((first + step) % 7 for step in range((last - first) % 7 + 1))
    return frozenset(days)


def check_days(days: Collection[int]) -> None:
    """Refuse an empty set of days or numbers outside 0..6."""
    if not days or not set(days) <= EVERY_DAY:
        raise ValueError(f"days must be a non-empty set of 0..6 (0 = Monday), got {days!r}")


def format_days(days: Collection[int]) -> str:
    """Format days canonically: ``daily``, ``weekdays``, ``weekends`` or ``mon,wed,fri``."""
    check_days(days)
    chosen = frozenset(days)
    for name in ("daily", "weekdays", "weekends"):
        if chosen == _DAY_PRESETS[name]:
            return name
    return ",".join(DAY_ABBREVIATIONS[day] for day in sorted(chosen))


@cache
def zone_names() -> dict[str, str]:
    """Map lower-cased IANA names (``area/location`` and ``UTC``) to their real spelling."""
    names = {name for name in available_timezones() if "/" in name} | {"UTC"}
    return {name.lower(): name for name in names}


def parse_zone(text: str) -> ZoneInfo:
    """Parse an IANA time zone name such as ``Europe/London``, ignoring case.

    ``UTC`` is accepted. Paths, abbreviations and legacy names without an area
    (``EST``, ``GMT``, ``CET``) are refused: they do not follow daylight saving
    the way a club's clocks do.
    """
    name = zone_names().get(text.strip().lower())
    if name is None:
        raise UserError(
            f"unknown time zone {echo(text)}: "
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
    raise UserError(f"{what} {echo(text)} not found: choose {wildcard}{also}")


def parse_theme_choice(text: str, known_theme_ids: Collection[str]) -> str:
    """Return the theme id named by ``text``, or ``ROTATE`` for ``rotate``."""
    return _parse_choice("theme", text, known_theme_ids, ROTATE)


def parse_kind(text: str | None, known_kinds: Collection[str]) -> str | None:
    """Return the kind named by ``text``, or None (any kind) for ``any`` or nothing."""
    if text is None or not text.strip():
        return None
    kind = _parse_choice("kind", text, known_kinds, ANY_KIND)
    return None if kind == ANY_KIND else kind


def parse_id(value: int | str, what: str, see: str) -> int:
    """A stored row's id (``#12``, ``12``).

    Not a number: UserError asking for one. A number no row can have (zero,
    negative, beyond 64 bits): NotFound, like any id that isn't there.
    """
    text = str(value).strip().lstrip("#")
    if not re.fullmatch(r"[-+]?\d+", text, re.ASCII):
        raise UserError(f"Give the {what}'s number, like id:1. {see}")
    if len(text) > 20 or not 1 <= int(text) <= MAX_ID:
        raise NotFound(f"There is no {what} #{echo(text, 24)[1:-1]}. {see}")
    return int(text)


_DATE_PATTERN = re.compile(r"(\d{4})-(\d{2})-(\d{2})", re.ASCII)


def parse_date(text: str) -> date:
    """A calendar date written ``YYYY-MM-DD``, like ``2026-05-17``; nothing else.

    One spelling only: ``31/12`` is a different day in different countries, and
    ``next saturday`` depends on when it is read.
    """
    match = _DATE_PATTERN.fullmatch(text.strip())
    try:
        if match is None:
            raise ValueError
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        raise UserError(f"date {echo(text)} is not a date: use YYYY-MM-DD, like "
                        "2026-05-17") from None
