"""The short confirmations the bot answers with, in the same words on Discord and in the console.

The two front ends differ only in how they show bold and how they name a
channel, so the functions here take those from the caller: ``strong`` (``**x**``
on Discord, ``str`` in the console) and a channel already rendered
(``<#id>`` or ``#general``). Entries and cards come from the library and the use
cases, refusals from :mod:`bot.errors`; what is left, the one-line "done" and
"nothing yet" answers, lives here so that an editor reads them in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from bot.core.inputs import DAY_ABBREVIATIONS
from bot.core.members import QuietHours
from bot.core.recurrence import day_label
from bot.values import DigestSetting, Race

Strong = Callable[[str], str]

NO_SCHEDULES = "No schedules yet. Add one with /club schedule add."
NO_RACES = "No races on the club's calendar yet."
NO_RACES_JOINED = "You haven't joined any club race. /race list shows them."
NO_REMINDERS = "No reminders yet. Add one with /me reminder add time:07:00."
NO_REVIEW_CHANNEL = "No review channel yet: choose one with /club submissions channel:#…"


def paused(described: str, now_paused: bool) -> str:
    """A schedule or reminder paused or resumed, described as its list shows it."""
    return f"{'Paused' if now_paused else 'Resumed'}: {described}"


def scheduled(described: str) -> str:
    """A schedule was added."""
    return f"Scheduled: {described}"


def schedule_removed(schedule_id: int) -> str:
    """A schedule was deleted."""
    return f"Removed schedule #{schedule_id}."


def reminder_added(described: str) -> str:
    """A member's reminder was added."""
    return (f"Reminder added: {described}. It comes by DM; make sure your DMs from the bot "
            "are open.")


def reminder_removed(reminder_id: int) -> str:
    """A member's reminder was deleted."""
    return f"Removed reminder #{reminder_id}."


def quiet_hours(hours: QuietHours | None) -> str:
    """The member's quiet hours, as now set (None: off)."""
    if hours is None:
        return "Quiet hours are off: DMs from the bot come at any time."
    return (f"Quiet hours {hours}, your time: DMs from the bot wait until they end (a "
            "race-morning note that would come after the race is dropped).")


def race_dms(on: bool, races: Sequence[Race], strong: Strong) -> str:
    """Race-morning DMs turned on (naming the races already joined) or off."""
    if not on:
        return "No more race-morning DMs."
    if not races:
        return "You'll get a DM on the morning of every race you join (/race join)."
    named = ", ".join(f"{strong(r.name)} ({day_label(r.local_date)})" for r in races)
    return f"You'll get a DM on race morning for {named} and every race you join."


def race_added(described: str, channel: str) -> str:
    """A race was put on the calendar; ``described`` is its line, ``channel`` where it posts."""
    return f"Added {described}. Its posts go to {channel}; members join with /race join."


def race_left(race: Race, was_running: bool, strong: Strong) -> str:
    """A member took themselves off a race's list (or was not on it)."""
    name = strong(race.name)
    return f"You're off the list for {name}." if was_running else f"You weren't down for {name}."


def race_removed(race: Race, strong: Strong) -> str:
    """An admin took a race off the calendar."""
    return f"Removed {strong(race.name)} and its list of runners."


def digest_set(setting: DigestSetting, channel: str) -> str:
    """The weekly digest was set."""
    return (f"The weekly digest goes to {channel} every {DAY_ABBREVIATIONS[setting.weekday]} "
            f"at {setting.local_time} club time.")


def digest_off(removed: bool) -> str:
    """The weekly digest was stopped (or there was none)."""
    return "The weekly digest is off." if removed else "There was no weekly digest to stop."


def review_channel(channel: str | None) -> str:
    """Where members' stories go for review (the channel rendered), or that none is set."""
    return f"Stories go to {channel} for review." if channel else NO_REVIEW_CHANNEL


def calendar(upcoming: str, results: Sequence[tuple[Race, str]]) -> str:
    """/club race list: the upcoming races' lines, then how the last month's went."""
    if not results:
        return upcoming
    return (f"{upcoming}\n\nHow recent races went:\n"
            + "\n".join(f"#{race.id} {race.name}: {tallies}" for race, tallies in results))
