"""A member's own corner: time zone, quiet hours, reminders, race DMs, and their data.

The use cases behind ``/me``. A member's settings are theirs in every club; a
reminder belongs to the club it was added in (it picks from that club's themes
and entries), and runs at the member's local time: their own zone when they set
one, else that club's.

**Quiet hours** (``/me quiet from:22:00 to:07:00``) are local to the member and may
cross midnight; ``from`` is inside them, ``to`` is not, so 22:00–07:00 holds 22:00
and 06:59 and lets 07:00 through. Zero length (from = to) is refused. Inside them
no direct message arrives: a reminder, a race-morning note or a story's outcome
is held until they end, then sent (once: the ledger key is the same). A
race-morning note whose race has started by then is dropped, not sent late.

**Failing DMs**: a reminder whose DM fails (closed DMs) is marked failing, and
after three failing days it pauses itself. When a DM fails the bot asks Discord,
once, whether the member is still in the reminder's server; when they left, the
reminder stops at once (it stays stopped until they resume it). Either way the
member is told once, privately, at their next command.

**Their data**: ``/me data`` gathers everything kept about them; ``/me forget``
erases it (see :meth:`bot.store.members.MemberData.forget` for each table).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.inputs import format_days, format_time, parse_days, parse_id, parse_time, parse_zone
from bot.core.live_library import LiveLibrary
from bot.core.ports import ChangeObserver, Clock, Store
from bot.core.recurrence import local_date_of, moment_label, next_run, run_on
from bot.errors import NotFound, UserError
from bot.values import (
    Forgotten,
    MemberRecord,
    MemberSettings,
    PostKind,
    Race,
    Reminder,
    SubmissionStatus,
    Where,
)

MAX_REMINDERS = 5
PAUSE_AFTER_FAILING_DAYS = 3
CLUB_ZONE_WORDS = frozenset({"club", "default", "reset"})
OFF_WORDS = frozenset({"off", "none", "no"})
SEE_LIST = "See yours with /me reminder list."
LEFT_THE_SERVER = "you are no longer in the server it belongs to"
RELEASE_AFTER = timedelta(seconds=1)  # a held DM whose quiet hours ended early: goes next


@dataclass(frozen=True)
class QuietHours:
    """From ``start`` (inside) to ``end`` (outside), local; may cross midnight."""

    start: time
    end: time

    @classmethod
    def of(cls, settings: MemberSettings) -> QuietHours | None:
        """The member's quiet hours, if they set some."""
        if settings.quiet_from is None or settings.quiet_to is None:
            return None
        return cls(parse_time(settings.quiet_from), parse_time(settings.quiet_to))

    def covers(self, at: time) -> bool:
        """Whether a local wall-clock time is inside the quiet hours."""
        if self.start < self.end:
            return self.start <= at < self.end
        return at >= self.start or at < self.end

    def holds(self, instant: datetime, zone: ZoneInfo) -> bool:
        """Whether an instant falls inside them, in ``zone``."""
        local = instant.astimezone(zone)
        return self.covers(time(local.hour, local.minute))

    def end_after(self, instant: datetime, zone: ZoneInfo) -> datetime:
        """The first end of quiet hours after ``instant`` (UTC): when a held DM goes."""
        today = local_date_of(instant, zone)
        for offset in range(3):
            end = run_on(self.end, zone, today + timedelta(days=offset))
            if end > instant:
                return end
        raise AssertionError("unreachable: quiet hours end within two days")

    def __str__(self) -> str:
        return f"{format_time(self.start)}–{format_time(self.end)}"


@dataclass(frozen=True)
class ReminderView:
    """A reminder as ``list`` shows it: its next run in the member's time, its health."""

    reminder: Reminder
    next_run_local: datetime | None

    def describe(self) -> str:
        """``#3 07:00 daily, any theme, mantras — next: Tue 02 Jun 07:00 CEST — ok``."""
        r = self.reminder
        parts = [f"#{r.id} {r.local_time} {r.days}, {r.theme or 'any theme'}"]
        if r.kind:
            parts.append(f", {r.kind}")
        if self.next_run_local is not None:
            parts.append(f" — next: {moment_label(self.next_run_local)}")
        parts.append(f" — {r.health}")
        return "".join(parts)


@dataclass(frozen=True)
class MemberReport:
    """What ``/me data`` shows: the record, as text and as a JSON file."""

    record: MemberRecord
    text: str
    json: str


class MemberBook:
    """A member's settings, reminders and data; every change to a timed item is told."""

    def __init__(self, store: Store, library: LiveLibrary, observer: ChangeObserver,
                 clock: Clock) -> None:
        self.store = store
        self.library = library
        self.observer = observer
        self.clock = clock

    # --- settings ---------------------------------------------------------------------------

    async def settings(self, user_id: int) -> MemberSettings:
        """The member's settings (none set for a member never seen)."""
        return await self.store.members.get(user_id)

    async def zone(self, user_id: int, guild_id: int | None) -> ZoneInfo:
        """The member's own zone, else the club's (UTC outside a club)."""
        own = (await self.store.members.get(user_id)).timezone
        if own:
            return ZoneInfo(own)
        if guild_id is None:
            return ZoneInfo("UTC")
        return (await self.store.clubs.get(guild_id)).zone

    async def quiet_hours(self, user_id: int) -> QuietHours | None:
        """The member's quiet hours, if any."""
        return QuietHours.of(await self.store.members.get(user_id))

    async def set_timezone(self, where: Where, zone_text: str) -> str:
        """Set the member's zone (``club`` goes back to the club's); returns a sentence."""
        user_id = _user(where)
        if zone_text.strip().lower() in CLUB_ZONE_WORDS:
            await self.store.members.set_timezone(user_id, None)
            name = (await self.zone(user_id, where.guild_id)).key
            text = f"Your times now follow the club's time zone ({name})."
        else:
            zone = parse_zone(zone_text)
            await self.store.members.set_timezone(user_id, zone.key)
            text = f"Your time zone is now {zone.key}."
        await self._rearm_reminders(user_id)
        return text

    async def set_quiet(self, user_id: int, start_text: str,
                        end_text: str | None) -> QuietHours | None:
        """Quiet hours from ``start_text`` to ``end_text``; ``off`` turns them off (None)."""
        if start_text.strip().lower() in OFF_WORDS:
            await self.store.members.set_quiet(user_id, None, None)
            await self._rehold(user_id)
            return None
        if not end_text or not end_text.strip():
            raise UserError("Give both ends of your quiet hours, like from:22:00 to:07:00 "
                            "(or from:off to turn them off).")
        quiet = QuietHours(parse_time(start_text), parse_time(end_text))
        if quiet.start == quiet.end:
            raise UserError(f"Quiet hours from {format_time(quiet.start)} to "
                            f"{format_time(quiet.end)} would last no time at all. Choose two "
                            "different times, like from:22:00 to:07:00.")
        await self.store.members.set_quiet(user_id, format_time(quiet.start),
                                           format_time(quiet.end))
        await self._rehold(user_id)
        return quiet

    async def _rehold(self, user_id: int) -> None:
        """What quiet hours hold goes when the new ones end (or in a moment, without any)."""
        quiet = await self.quiet_hours(user_id)
        now = self.clock()
        for pending in await self.store.pending_dms.of_member(user_id):
            zone = await self.zone(user_id, pending.guild_id)
            due = held_until(quiet, now, zone) or now + RELEASE_AFTER
            if due != pending.due_at:
                await self.store.pending_dms.move(pending.id, due)
                await self.observer.timed_changed(PostKind.HELD_DM, pending.id)

    async def set_race_dm(self, where: Where, on: bool) -> list[Race]:
        """Race-morning DMs on or off; returns the upcoming races the member joined."""
        user_id = _user(where)
        await self.store.members.set_race_dm(user_id, on)
        today = local_date_of(self.clock(), ZoneInfo("UTC")) - timedelta(days=1)
        for runner_id in await self.store.members.runner_ids(user_id, today):
            await self.observer.timed_changed(PostKind.RACE_DM, runner_id)
        if where.guild_id is None:
            return []
        club_today = local_date_of(self.clock(), (await self.store.clubs.get(where.guild_id)).zone)
        return await self.store.races.joined_by(where.guild_id, user_id, club_today)

    # --- reminders --------------------------------------------------------------------------

    async def add_reminder(self, where: Where, time_text: str, days_text: str | None = None,
                           theme_text: str | None = None,
                           kind_text: str | None = None) -> ReminderView:
        """Add a reminder in this club; everything is checked first, nothing half-saved."""
        user_id = _user(where)
        if where.guild_id is None:
            raise UserError("A reminder belongs to a club (it picks from the club's themes): "
                            "add it in a server.")
        at = format_time(parse_time(time_text))
        days = format_days(parse_days(days_text or "daily"))
        theme = None
        if theme_text and theme_text.strip().lower() not in ("", "any"):
            found = self.library.theme(theme_text)
            club = await self.store.clubs.get(where.guild_id)
            if found.id in club.disabled_themes:
                raise UserError(f"{found.emoji} {found.name} is turned off in this server, so a "
                                "reminder for it would never come. Choose another theme, or any.")
            theme = found.id
        kind = self.library.kind(kind_text)
        reminder = await self.store.reminders.add(user_id, where.guild_id, at, days, theme, kind,
                                                  MAX_REMINDERS)
        if reminder is None:
            raise UserError(f"You have {MAX_REMINDERS} reminders already, the most one member "
                            "can have. Remove one with /me reminder remove first.")
        await self.observer.timed_changed(PostKind.REMINDER, reminder.id)
        return await self.view(reminder)

    async def view(self, reminder: Reminder) -> ReminderView:
        """The reminder with its next run in the member's time."""
        zone = await self.zone(reminder.user_id, reminder.guild_id)
        upcoming = None if reminder.paused else next_run(
            parse_time(reminder.local_time), parse_days(reminder.days), zone,
            self.clock()).astimezone(zone)
        return ReminderView(reminder, upcoming)

    async def reminders(self, user_id: int) -> list[ReminderView]:
        """Every reminder of the member."""
        return [await self.view(r) for r in await self.store.reminders.of_member(user_id)]

    async def reminder(self, user_id: int, id_text: int | str) -> Reminder:
        """One of the member's reminders; NotFound naming theirs otherwise."""
        number = parse_id(id_text, "reminder", SEE_LIST)
        found = await self.store.reminders.get(number)
        if found is None or found.user_id != user_id:
            ids = [f"#{r.id}" for r in await self.store.reminders.of_member(user_id)]
            raise NotFound(f"You have no reminder #{number}. Yours: "
                           f"{', '.join(ids) or 'none yet'} ({SEE_LIST[:-1].lower()}).")
        return found

    async def set_paused(self, user_id: int, id_text: int | str, paused: bool) -> ReminderView:
        """Pause a reminder, or resume it (which forgets failures and a stop)."""
        reminder = await self.reminder(user_id, id_text)
        await self.store.reminders.set_paused(user_id, reminder.id, paused)
        await self.observer.timed_changed(PostKind.REMINDER, reminder.id)
        return await self.view(await self.reminder(user_id, reminder.id))

    async def remove_reminder(self, user_id: int, id_text: int | str) -> Reminder:
        """Delete a reminder; returns it as it was."""
        reminder = await self.reminder(user_id, id_text)
        await self.store.reminders.remove(user_id, reminder.id)
        await self.observer.timed_changed(PostKind.REMINDER, reminder.id)
        return reminder

    async def _rearm_reminders(self, user_id: int) -> None:
        for reminder in await self.store.reminders.of_member(user_id):
            await self.observer.timed_changed(PostKind.REMINDER, reminder.id)

    # --- notes for the member's next command ------------------------------------------------

    async def notify(self, user_id: int, text: str) -> None:
        """Tell the member once, privately, at their next command."""
        await self.store.members.add_notice(user_id, text)

    async def notices(self, user_id: int) -> list[tuple[int, str]]:
        """The notes waiting for the member, with their ids (see :meth:`told`)."""
        return await self.store.members.notices(user_id)

    async def told(self, user_id: int, notice_ids: list[int]) -> None:
        """The notes were told: they are not told again."""
        if notice_ids:
            await self.store.members.drop_notices(user_id, notice_ids)

    async def take_notices(self, user_id: int) -> list[str]:
        """The notes waiting for the member, taken: each is told once."""
        notices = await self.notices(user_id)
        await self.told(user_id, [n for n, _ in notices])
        return [text for _, text in notices]

    # --- their data -------------------------------------------------------------------------

    async def record(self, user_id: int) -> MemberRecord:
        """Everything kept about the member."""
        return await self.store.member_data.record(user_id)

    async def data(self, user_id: int) -> MemberReport:
        """Everything kept about the member, as text and as JSON."""
        record = await self.record(user_id)
        return MemberReport(record, self._text(record), json.dumps(
            self._json(record), indent=2, ensure_ascii=False))

    async def forget(self, user_id: int, *, remove_stories: bool) -> Forgotten:
        """Erase everything kept about the member; refused when there is nothing."""
        if (await self.record(user_id)).empty:
            raise UserError("Second Wind keeps nothing about you: there is nothing to forget "
                            "(or it has been forgotten already).")
        reminders = await self.store.reminders.of_member(user_id)
        runners = await self.store.members.runner_ids(user_id, date.min)
        pending = [p.id for p in await self.store.pending_dms.all() if p.user_id == user_id]
        forgotten = await self.store.member_data.forget(user_id, remove_stories=remove_stories)
        for reminder in reminders:
            await self.observer.timed_changed(PostKind.REMINDER, reminder.id)
        for runner_id in runners:
            await self.observer.timed_changed(PostKind.RACE_DM, runner_id)
        for pending_id in pending:
            await self.observer.timed_changed(PostKind.HELD_DM, pending_id)
        return forgotten

    def _title(self, entry_id: str) -> str:
        return self.library.title(entry_id)

    def _text(self, record: MemberRecord) -> str:
        if record.empty:
            return ("Second Wind keeps nothing about you: no settings, no reminders, no "
                    "history.")
        s = record.settings or MemberSettings(user_id=record.user_id)
        quiet = QuietHours.of(s)
        lines = ["**What Second Wind keeps about you**",
                 f"Time zone: {s.timezone or 'the club’s (not set)'} · quiet hours: "
                 f"{quiet or 'none'} · race-morning DM: {'on' if s.race_dm else 'off'} · "
                 f"DM channel known: {'yes' if s.dm_channel_id else 'no'}"]
        lines.append(f"Reminders ({len(record.reminders)}): " + ("; ".join(
            ReminderView(r, None).describe() for r in record.reminders) or "none"))
        lines.append(f"Picks shown to you: {record.picks_shown} (kept so you don't see the same "
                     "entry twice in a row)")
        lines.append(f"“This helped” marks ({len(record.helped)}): " + ("; ".join(
            self._title(entry) for _, entry, _ in record.helped[:20]) or "none")
            + (" …" if len(record.helped) > 20 else ""))
        lines.append(f"Stories you shared ({len(record.stories)}): " + ("; ".join(
            f"#{s_.id} {s_.title} ({_story_status(s_.status, s_.entry_id)})"
            for s_ in record.stories) or "none"))
        lines.append(f"Races ({len(record.races)}): " + ("; ".join(
            f"{race.name} {race.local_date:%Y-%m-%d}" + (f" (check-in: {answer})" if answer
                                                         else "")
            for race, answer in record.races) or "none"))
        extra = []
        if record.notices:
            extra.append(f"{len(record.notices)} note(s) waiting for you")
        if record.pending_dms:
            extra.append(f"{record.pending_dms} direct message(s) held for your quiet hours")
        if record.entries_added or record.stories_decided:
            extra.append(f"as an admin: {record.entries_added} club entries added and "
                         f"{record.stories_decided} stories decided (your id is kept with them)")
        if extra:
            lines.append("Also: " + "; ".join(extra))
        lines.append("/me forget erases all of it.")
        return "\n".join(lines)

    def _json(self, record: MemberRecord) -> dict[str, Any]:
        s = record.settings
        return {
            "user_id": str(record.user_id),
            "settings": None if s is None else {
                "timezone": s.timezone, "quiet_from": s.quiet_from, "quiet_to": s.quiet_to,
                "race_dm": s.race_dm,
                "dm_channel_id": str(s.dm_channel_id) if s.dm_channel_id else None},
            "reminders": [{
                "id": r.id, "club": str(r.guild_id), "time": r.local_time, "days": r.days,
                "theme": r.theme, "kind": r.kind, "health": r.health,
            } for r in record.reminders],
            "picks_shown": record.picks_shown,
            "this_helped": [{"club": str(g), "entry": e, "title": self._title(e), "when": w}
                            for g, e, w in record.helped],
            "stories": [{
                "id": s_.id, "club": str(s_.guild_id), "theme": s_.theme_id, "title": s_.title,
                "story": s_.body, "credit": s_.credit, "status": str(s_.status),
                "entry": s_.entry_id,
            } for s_ in record.stories],
            "races": [{"club": str(race.guild_id), "race": race.name,
                       "date": race.local_date.isoformat(), "check_in": answer}
                      for race, answer in record.races],
            "notices": list(record.notices),
            "held_direct_messages": record.pending_dms,
            "as_admin": {"club_entries_added": record.entries_added,
                         "stories_decided": record.stories_decided},
        }


def _user(where: Where) -> int:
    if where.user_id is None:
        raise UserError("This is about you: it needs a member.")
    return where.user_id


def _story_status(status: SubmissionStatus, entry_id: str | None) -> str:
    if status is SubmissionStatus.PENDING:
        return "waiting for review"
    if status is SubmissionStatus.APPROVED:
        return f"in the club's pool as {entry_id}" if entry_id else "approved"
    return str(status)


def held_until(quiet: QuietHours | None, instant: datetime, zone: ZoneInfo) -> datetime | None:
    """When quiet hours hold ``instant``: their end (when a DM may go); else None."""
    if quiet is None or not quiet.holds(instant, zone):
        return None
    return quiet.end_after(instant, zone)
