"""/me in the console: your time zone, quiet hours, reminders, race-morning DM, and your data.

Reminders come as direct messages, printed ``[posted in a direct message]`` when
``/clock advance`` (or ``/clock set``) moves the clock past their time — once a
day each, and held while your quiet hours last. ``/me data`` prints everything
kept about you (``file:me.json`` writes it as JSON); ``/me forget`` asks first,
and the buttons become ``confirm:remove``, ``confirm:anonymous`` or ``confirm:cancel``.
"""

from __future__ import annotations

from pathlib import Path

from bot.app import App
from bot.console.session import PRIVATE_NOTE, USER_ID, Command, Console, Handler
from bot.core import replies
from bot.errors import UserError
from bot.text import echo
from bot.values import SubmissionStatus

CONFIRMS = ("remove", "anonymous", "cancel")


def commands(app: App) -> list[Command]:
    """The /me commands."""
    members = app.members

    async def timezone(console: Console, options: dict[str, str]) -> str:
        return await members.set_timezone(console.where, options.get("zone", ""))

    async def quiet(console: Console, options: dict[str, str]) -> str:
        return replies.quiet_hours(
            await members.set_quiet(USER_ID, options.get("from", ""), options.get("to")))

    async def race_dm(console: Console, options: dict[str, str]) -> str:
        state = options.get("state", "").strip().lower()
        if state not in ("on", "off"):
            raise UserError(f"state {echo(state)}: use on or off, like /me race-dm state:on")
        races = await members.set_race_dm(console.where, state == "on")
        return replies.race_dms(state == "on", races, str)

    async def add(console: Console, options: dict[str, str]) -> str:
        view = await members.add_reminder(console.where, options.get("time", ""),
                                          options.get("days") or None,
                                          options.get("theme") or None,
                                          options.get("kind") or None)
        return replies.reminder_added(view.describe())

    async def list_(console: Console, options: dict[str, str]) -> str:
        views = await members.reminders(USER_ID)
        return "\n".join(v.describe() for v in views) or replies.NO_REMINDERS

    def pause(paused: bool) -> Handler:
        async def handle(console: Console, options: dict[str, str]) -> str:
            view = await members.set_paused(USER_ID, options.get("id", ""), paused)
            return replies.paused(view.describe(), paused)
        return handle

    async def remove(console: Console, options: dict[str, str]) -> str:
        removed = await members.remove_reminder(USER_ID, options.get("id", ""))
        return replies.reminder_removed(removed.id)

    async def data(console: Console, options: dict[str, str]) -> str:
        report = await members.data(USER_ID)
        text = report.text.replace("**", "")
        where = options.get("file", "").strip()
        if not where:
            return f"{PRIVATE_NOTE}\n{text}\n\n{report.json}"
        path = Path(where).expanduser()
        try:
            path.write_text(report.json + "\n", encoding="utf-8")
        except OSError as exc:
            raise UserError(f"Could not write {path}: {exc.strerror}") from None
        return f"{PRIVATE_NOTE}\n{text}\n\nWrote all of it as JSON to {path}."

    async def forget(console: Console, options: dict[str, str]) -> str:
        choice = options.get("confirm", "").strip().lower()
        if choice and choice not in CONFIRMS:
            raise UserError(f"confirm {echo(choice)}: use remove, anonymous or cancel.")
        if choice == "cancel":
            return "Nothing was deleted."
        record = await members.record(USER_ID)
        if not choice:
            if record.empty:
                raise UserError("Second Wind keeps nothing about you: there is nothing to "
                                "forget (or it has been forgotten already).")
            approved = sum(1 for s in record.stories if s.status is SubmissionStatus.APPROVED)
            ask = ("/me forget confirm:remove takes them out; confirm:anonymous keeps them "
                   "without your name" if approved else "/me forget confirm:remove does it")
            return (f"{PRIVATE_NOTE} This deletes everything Second Wind keeps about you "
                    f"(see /me data), and it can't be undone. {approved} of your stories are "
                    f"in the club's pool. {ask}; confirm:cancel keeps everything.")
        forgotten = await members.forget(USER_ID, remove_stories=choice == "remove")
        return forgotten.summary

    return [
        Command("me timezone", ("zone",), "Your time zone (club: follow the club's)", timezone),
        Command("me quiet", ("from", "to"),
                "Quiet hours: no DM from the bot between from and to (from:off ends them)",
                quiet),
        Command("me race-dm", ("state",), "A DM on the morning of races you joined (on/off)",
                race_dm),
        Command("me reminder add", ("time", "days", "theme", "kind"),
                "A reminder by DM at your local time (up to 5)", add),
        Command("me reminder list", (), "Your reminders", list_),
        Command("me reminder pause", ("id",), "Stop a reminder for now", pause(True)),
        Command("me reminder resume", ("id",), "Start a reminder again", pause(False)),
        Command("me reminder remove", ("id",), "Delete a reminder", remove),
        Command("me data", ("file",), "Everything kept about you (file: writes it as JSON)",
                data),
        Command("me forget", ("confirm",),
                "Delete everything kept about you (asks first; confirm: remove|anonymous)",
                forget),
    ]
