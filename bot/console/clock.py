"""/clock in the console: see the time, and move it to see timed posts go out.

``/clock advance days:1 hours:2`` or ``/clock set when:2026-06-01 06:30`` (the
club's local time) moves the console's clock and prints every timed post that
fell due on the way, once each, as the bot would have posted them.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.app import App
from bot.console.session import GUILD_ID, Command, Console
from bot.core.recurrence import moment_label
from bot.errors import UserError
from bot.text import echo

MAX_ADVANCE = timedelta(days=400)
_UNITS = ("days", "hours", "minutes")


def _amount(options: dict[str, str], unit: str) -> int:
    text = options.get(unit, "").strip() or "0"
    if not text.isdigit() or len(text) > 6:
        raise UserError(f"{unit} takes a whole number, not {echo(text, 20)}.")
    return int(text)


async def _show(console: Console) -> str:
    zone = (await console.app.clubs.club(GUILD_ID)).zone
    return f"The console's clock: {moment_label(console.app.clock().astimezone(zone), year=True)}."


async def _move(console: Console, when: datetime) -> str:
    outcomes = await console.timed.timeline.advance_to(when)
    printed = console.timed.target.take()
    summary = await _show(console)
    if not outcomes:
        return f"{summary} Nothing fell due on the way."
    return f"{printed}\n\n{summary} {len(outcomes)} timed post(s) on the way."


def commands(app: App) -> list[Command]:
    """/clock, /clock advance, /clock set."""

    async def show(console: Console, options: dict[str, str]) -> str:
        return await _show(console)

    async def advance(console: Console, options: dict[str, str]) -> str:
        step = timedelta(**{unit: _amount(options, unit) for unit in _UNITS})
        if not timedelta(0) < step <= MAX_ADVANCE:
            raise UserError("Advance by days:, hours: or minutes:, up to 400 days, like "
                            "/clock advance days:1")
        return await _move(console, console.app.clock() + step)

    async def set_(console: Console, options: dict[str, str]) -> str:
        text = options.get("when", "").strip()
        zone = (await console.app.clubs.club(GUILD_ID)).zone
        try:
            when = datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=zone)
        except ValueError:
            raise UserError(f"when {echo(text)} is not a time: use YYYY-MM-DD HH:MM in the "
                            "club's time zone, like 2026-06-01 06:30") from None
        if when <= console.app.clock():
            raise UserError("The console's clock only moves forward (what is posted stays "
                            "posted).")
        return await _move(console, when)

    return [
        Command("clock", (), "The console's clock", show),
        Command("clock advance", _UNITS,
                "Move the clock forward and see the timed posts that fall due", advance),
        Command("clock set", ("when",),
                "Move the clock to a local time (YYYY-MM-DD HH:MM); timed posts fall due",
                set_),
    ]
