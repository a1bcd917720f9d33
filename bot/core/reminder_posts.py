"""Direct messages on a timer: members' reminders, race-morning DMs, and DMs quiet hours held.

Three timed sources share one way of sending a DM (:class:`DirectMessages`):

- :class:`ReminderPosts` (``reminder``, keyed by the reminder): a pick from the
  reminder's club, at the member's local time, once per reminder per local day.
- :class:`RaceDmPosts` (``race-dm``, keyed by the ``race_runners`` row): good luck
  by DM on race morning, at the time of the race's own good-luck post, for a
  runner who asked for it (``/me race-dm state:on``).
- :class:`HeldDmPosts` (``held-dm``, keyed by the ``pending_dms`` row): what quiet
  hours held back, so that a restart loses nothing, and one-off messages (a
  story's outcome) which go at once or when quiet hours end.

A DM is a channel like any other: claim → send with a nonce → mark (see
:mod:`bot.core.posting`), to the member's DM channel, whose id is kept per
member, so a daily reminder costs one request (opening the channel is a request
of its own, made once).

Quiet hours: a DM due inside them is held, as a ``pending_dms`` row under its own
ledger key, and the run comes back when they end (``Outcome.retry_at``; the job
runner re-arms it). After a restart the held row itself is armed. Either path
sends under the same key, so the DM goes once. A reminder held this way is not
late when it goes: the catch-up window counts from the end of quiet hours. A
race-morning DM is dropped when the race has started by then.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.core.encouragement import Encouragement
from bot.core.inputs import parse_days, parse_time
from bot.core.members import (
    LEFT_THE_SERVER,
    PAUSE_AFTER_FAILING_DAYS,
    MemberBook,
    held_until,
)
from bot.core.phases import PHASE_POOLS
from bot.core.ports import ChangeObserver, Clock, Store
from bot.core.posting import Due, Failure, FailureHook, Outcome, Poster
from bot.core.race_posts import RaceMorningPosts
from bot.core.recurrence import latest_due, local_date_of, next_run, run_on
from bot.errors import ChannelUnavailable, TransientFailure, UserError
from bot.values import (
    DeliveryStatus,
    OutcomeStatus,
    Outgoing,
    PendingDm,
    Phase,
    PickButtons,
    PostKey,
    PostKind,
    Race,
    Reminder,
    Where,
)

log = logging.getLogger(__name__)

RACE_DM_EXPIRES_AT = time(12, 0)  # a race without a start time: the note is stale after noon
Build = Callable[[int], Awaitable[Outgoing]]  # the message, for the member's DM channel


async def _no_hook(failure: Failure) -> tuple[int, ...]:
    return ()


class DirectMessages:
    """Sends a DM exactly once, and holds one back while the member's quiet hours last."""

    def __init__(self, store: Store, members: MemberBook, poster: Poster,
                 observer: ChangeObserver) -> None:
        self.store = store
        self.members = members
        self.poster = poster
        self.observer = observer

    async def channel(self, user_id: int) -> int:
        """The member's DM channel: the kept id, or opened (one request) and then kept."""
        kept = (await self.store.members.get(user_id)).dm_channel_id
        if kept is not None:
            return kept
        channel_id = await self.poster.target.dm_channel(user_id)
        await self.store.members.set_dm_channel(user_id, channel_id)
        return channel_id

    async def send(self, key: PostKey, user_id: int, build: Build,
                   failed: FailureHook = _no_hook) -> Outcome:
        """Send ``build(channel)`` to the member under ``key``, once."""
        try:
            channel_id = await self.channel(user_id)
        except TransientFailure as exc:
            return Outcome(key, OutcomeStatus.RETRY, detail=str(exc))
        except ChannelUnavailable as exc:  # no DM channel at all: the day fails like a send
            existing = await self.store.ledger.claim(key)
            if existing is not None and existing.status.final:
                return Outcome(key, OutcomeStatus.ALREADY, existing.message_id)
            await failed(Failure(exc.reason, channel_gone=False))
            await self.store.ledger.finish(key, DeliveryStatus.FAILED, detail=exc.reason)
            return Outcome(key, OutcomeStatus.FAILED, detail=exc.reason)
        return await self.poster.deliver(key, channel_id, lambda: build(channel_id), failed)

    async def hold(self, user_id: int, guild_id: int | None, key: PostKey, until: datetime,
                   expires_at: datetime | None, *, arm: bool) -> Outcome:
        """Keep the DM until ``until`` (the end of quiet hours).

        ``arm``: have the held row armed now (at start-up catch-up, where nothing
        re-arms a HELD outcome); otherwise the run itself comes back at ``retry_at``.
        """
        held = await self.store.pending_dms.hold(user_id, guild_id, key, until, expires_at)
        if arm:
            await self.observer.timed_changed(PostKind.HELD_DM, held.id)
        log.info("%s %d %s held for quiet hours until %s", key.kind, key.ref_id,
                 key.local_date, until.isoformat())
        return Outcome(key, OutcomeStatus.HELD, detail="quiet hours", retry_at=until)


class HeldOwner(Protocol):
    """A source whose DMs quiet hours may hold: it sends its own held ones."""

    kind: PostKind

    async def deliver_held(self, pending: PendingDm) -> Outcome | None:
        """Send a held DM now (or hold it longer); None when its owner is gone."""
        ...


class ReminderPosts:
    """The timed source of members' reminders."""

    kind = PostKind.REMINDER

    def __init__(self, store: Store, encouragement: Encouragement, members: MemberBook,
                 dms: DirectMessages, poster: Poster, observer: ChangeObserver,
                 clock: Clock) -> None:
        self.store = store
        self.encouragement = encouragement
        self.members = members
        self.dms = dms
        self.poster = poster
        self.observer = observer
        self.clock = clock

    async def _zone(self, reminder: Reminder) -> ZoneInfo:
        return await self.members.zone(reminder.user_id, reminder.guild_id)

    async def _next(self, reminder: Reminder, after: datetime) -> datetime:
        return next_run(parse_time(reminder.local_time), parse_days(reminder.days),
                        await self._zone(reminder), after)

    # --- what the job runner asks ------------------------------------------------------------

    async def upcoming(self) -> list[Due]:
        """The next run of every reminder that is not paused."""
        now = self.clock()
        return [Due(r.id, await self._next(r, now)) for r in await self.store.reminders.active()]

    async def next_run(self, ref_id: int, after: datetime) -> datetime | None:
        """The reminder's first run after ``after``; None when removed or paused."""
        reminder = await self.store.reminders.get(ref_id)
        if reminder is None or reminder.paused:
            return None
        return await self._next(reminder, after)

    async def of_club(self, guild_id: int) -> list[int]:
        """The reminders of the club (they follow its zone unless the member set theirs)."""
        return [r.id for r in await self.store.reminders.of_club(guild_id)]

    async def fire(self, ref_id: int, run_at: datetime) -> Outcome | None:
        """The run at ``run_at``: sent, held for quiet hours, or skipped when too late."""
        reminder = await self.store.reminders.get(ref_id)
        if reminder is None or reminder.paused:
            return None
        zone = await self._zone(reminder)
        key = PostKey(self.kind, reminder.id, local_date_of(run_at, zone))
        return await self._go(reminder, key, zone, run_at)

    async def missed(self) -> list[Outcome]:
        """Today's runs missed while offline: sent (or held) within the window, else skipped."""
        now = self.clock()
        outcomes = []
        for reminder in await self.store.reminders.active():
            zone = await self._zone(reminder)
            due = latest_due(parse_time(reminder.local_time), parse_days(reminder.days), zone,
                             now)
            if due is None or (reminder.created_at is not None and due < reminder.created_at):
                continue
            key = PostKey(self.kind, reminder.id, local_date_of(due, zone))
            if await self.store.pending_dms.for_key(key) is not None:
                continue  # held: the held-DM source has it
            existing = await self.store.ledger.get(key)
            if existing is not None and existing.status.final:
                continue
            outcomes.append(await self._go(reminder, key, zone, due, arm_held=True))
        return outcomes

    async def deliver_held(self, pending: PendingDm) -> Outcome | None:
        """A held day of a reminder, once quiet hours are over."""
        reminder = await self.store.reminders.get(pending.key.ref_id)
        if reminder is None or reminder.paused:
            await self.store.pending_dms.remove(pending.id)
            return None
        return await self._go(reminder, pending.key, await self._zone(reminder), pending.due_at)

    # --- sending -----------------------------------------------------------------------------

    async def _go(self, reminder: Reminder, key: PostKey, zone: ZoneInfo, due: datetime, *,
                  arm_held: bool = False) -> Outcome:
        existing = await self.store.ledger.get(key)
        if existing is not None and existing.status.final:
            await self.store.pending_dms.remove_key(key)
            return Outcome(key, OutcomeStatus.ALREADY, existing.message_id)
        now = self.clock()
        quiet = await self.members.quiet_hours(reminder.user_id)
        until = held_until(quiet, now, zone)
        if until is not None:
            return await self.dms.hold(reminder.user_id, reminder.guild_id, key, until, None,
                                       arm=arm_held)
        if existing is None:
            effective = held_until(quiet, due, zone) or due  # held: due when quiet hours end
            late = await self.poster.skip_if_late(key, effective, "fired too late")
            if late is not None:
                await self.store.pending_dms.remove_key(key)
                return late
        outcome = await self.deliver(reminder, key)
        if outcome.status is not OutcomeStatus.RETRY:
            await self.store.pending_dms.remove_key(key)
        return outcome

    async def deliver(self, reminder: Reminder, key: PostKey) -> Outcome:
        """Send the day's reminder unless it was sent (or skipped) already."""
        refused: list[UserError] = []

        async def build(channel_id: int) -> Outgoing:
            try:
                return await self.outgoing(reminder, channel_id)
            except UserError as exc:
                refused.append(exc)
                raise

        async def failed(failure: Failure) -> tuple[int, ...]:
            await self._failed(reminder, failure, asked_member=not refused)
            return ()

        outcome = await self.dms.send(key, reminder.user_id, build, failed)
        if outcome.status in (OutcomeStatus.SENT, OutcomeStatus.RECOVERED):
            await self.store.reminders.mark_healthy(reminder.id)
        return outcome

    async def outgoing(self, reminder: Reminder, channel_id: int) -> Outgoing:
        """A pick from the reminder's club: the same embed and buttons as in the server."""
        where = Where(reminder.guild_id, channel_id, reminder.user_id)
        post = await self.encouragement.pick(where, reminder.theme, reminder.kind)
        return Outgoing(
            channel_id=channel_id, guild_id=None, embed=post,
            lines=(f"⏰ Your {reminder.local_time} reminder",),
            buttons=PickButtons(reminder.theme, reminder.kind, post.entry_id,
                                guild_id=reminder.guild_id))

    async def _failed(self, reminder: Reminder, failure: Failure, *, asked_member: bool) -> None:
        """A failing day; a member who left the server stops the reminder at once."""
        user_id = reminder.user_id
        if asked_member:
            if failure.channel_gone:  # the kept DM channel is no more: open a new one next time
                await self.store.members.set_dm_channel(user_id, None)
            try:
                member = await self.poster.target.still_member(reminder.guild_id, user_id)
            except (TransientFailure, ChannelUnavailable):
                member = True  # can't tell now: count the day as failing
            if not member:
                stopped = await self.store.reminders.stop_in_club(user_id, reminder.guild_id,
                                                                  LEFT_THE_SERVER)
                if stopped:
                    ids = ", ".join(f"#{i}" for i in stopped)
                    await self.members.notify(
                        user_id, f"Your reminder {ids} stopped: {LEFT_THE_SERVER}. It stays "
                        f"stopped; /me reminder resume id:{stopped[0]} starts it again.")
                    log.info("reminders %s stopped: member %d left guild %d", ids, user_id,
                             reminder.guild_id)
                for reminder_id in stopped:
                    await self.observer.timed_changed(PostKind.REMINDER, reminder_id)
                return
        days = await self.store.reminders.mark_failing(reminder.id, failure.reason)
        if days < PAUSE_AFTER_FAILING_DAYS:
            log.info("reminder %d failing (%s)", reminder.id, failure.reason)
            return
        await self.store.reminders.set_paused(
            user_id, reminder.id, True,
            f"paused itself after {days} failing days: {failure.reason}")
        await self.members.notify(
            user_id, f"Your reminder #{reminder.id} ({reminder.local_time} {reminder.days}) "
            f"paused itself: for {days} days I couldn't send it ({failure.reason}). Open your "
            f"direct messages to the bot, then /me reminder resume id:{reminder.id}.")
        await self.observer.timed_changed(PostKind.REMINDER, reminder.id)
        log.warning("reminder %d paused itself after %d failing days", reminder.id, days)


class RaceDmPosts:
    """The timed source of race-morning DMs, one per runner who asked for it."""

    kind = PostKind.RACE_DM

    def __init__(self, store: Store, encouragement: Encouragement, members: MemberBook,
                 dms: DirectMessages, morning: RaceMorningPosts, poster: Poster,
                 clock: Clock) -> None:
        self.store = store
        self.encouragement = encouragement
        self.members = members
        self.dms = dms
        self.morning = morning
        self.poster = poster
        self.clock = clock

    async def _runner(self, runner_id: int) -> tuple[Race, int] | None:
        found = await self.store.members.race_dm_runner(runner_id)
        if found is None:
            return None
        race = await self.store.races.get(found[0])
        return None if race is None else (race, found[1])

    async def expires(self, race: Race) -> datetime:
        """When the note is stale: the start, or noon club time without a start time."""
        zone = (await self.store.clubs.get(race.guild_id)).zone
        at = parse_time(race.start_time) if race.start_time else RACE_DM_EXPIRES_AT
        return run_on(at, zone, race.local_date)

    async def _window(self) -> list[tuple[int, Race, int]]:
        first = self.clock().date() - timedelta(days=2)
        found = []
        for runner_id, race_id, user_id in await self.store.members.race_dm_runners(first):
            race = await self.store.races.get(race_id)
            if race is not None:
                found.append((runner_id, race, user_id))
        return found

    async def upcoming(self) -> list[Due]:
        """Every opted-in runner's DM still ahead."""
        now = self.clock()
        due = []
        for runner_id, race, _ in await self._window():
            run_at = await self.morning.run_for(race)
            if run_at > now:
                due.append(Due(runner_id, run_at))
        return due

    async def next_run(self, ref_id: int, after: datetime) -> datetime | None:
        """The runner's DM, if it is still ahead of ``after`` (and they still want it)."""
        found = await self._runner(ref_id)
        if found is None:
            return None
        run_at = await self.morning.run_for(found[0])
        return run_at if run_at > after else None

    async def of_club(self, guild_id: int) -> list[int]:
        """Opted-in runners of the club's races (their times follow the club's zone)."""
        return await self.store.members.club_runner_ids(
            guild_id, self.clock().date() - timedelta(days=2))

    async def fire(self, ref_id: int, run_at: datetime) -> Outcome | None:
        """Send it, hold it for quiet hours, or drop it when the moment has passed."""
        found = await self._runner(ref_id)
        if found is None:
            return None
        race, user_id = found
        return await self._go(race, user_id, PostKey(self.kind, ref_id, race.local_date), run_at)

    async def missed(self) -> list[Outcome]:
        """Notes that fell due while the bot was down: sent (or held) if still timely."""
        now = self.clock()
        outcomes = []
        for runner_id, race, user_id in await self._window():
            run_at = await self.morning.run_for(race)
            if run_at > now:
                continue
            key = PostKey(self.kind, runner_id, race.local_date)
            if await self.store.pending_dms.for_key(key) is not None:
                continue
            existing = await self.store.ledger.get(key)
            if existing is not None and existing.status.final:
                continue
            outcomes.append(await self._go(race, user_id, key, run_at, arm_held=True))
        return outcomes

    async def deliver_held(self, pending: PendingDm) -> Outcome | None:
        """A held race-morning note, unless the runner no longer wants it."""
        found = await self._runner(pending.key.ref_id)
        if found is None:
            await self.store.pending_dms.remove(pending.id)
            return None
        race, user_id = found
        return await self._go(race, user_id, pending.key, pending.due_at)

    async def _go(self, race: Race, user_id: int, key: PostKey, due: datetime, *,
                  arm_held: bool = False) -> Outcome:
        existing = await self.store.ledger.get(key)
        if existing is not None and existing.status.final:
            await self.store.pending_dms.remove_key(key)
            return Outcome(key, OutcomeStatus.ALREADY, existing.message_id)
        now = self.clock()
        expires = await self.expires(race)
        zone = await self.members.zone(user_id, race.guild_id)
        quiet = await self.members.quiet_hours(user_id)
        until = held_until(quiet, now, zone)
        if now >= expires or (until is not None and until >= expires):
            return await self._drop(key, "the race had started by the end of quiet hours"
                                    if until is not None else "the race had started")
        if until is not None:
            return await self.dms.hold(user_id, race.guild_id, key, until, expires, arm=arm_held)
        if existing is None:
            effective = held_until(quiet, due, zone) or due
            late = await self.poster.skip_if_late(key, effective, "fired too late")
            if late is not None:
                await self.store.pending_dms.remove_key(key)
                return late
        outcome = await self.dms.send(key, user_id, lambda c: self.outgoing(race, user_id, c))
        if outcome.status is not OutcomeStatus.RETRY:
            await self.store.pending_dms.remove_key(key)
        return outcome

    async def _drop(self, key: PostKey, why: str) -> Outcome:
        await self.store.ledger.record_skip(key, why)
        await self.store.pending_dms.remove_key(key)
        log.info("race DM %d dropped: %s", key.ref_id, why)
        return Outcome(key, OutcomeStatus.SKIPPED, detail=why)

    async def outgoing(self, race: Race, user_id: int, channel_id: int) -> Outgoing:
        """Good luck by name of the race, with a race-day entry and its buttons."""
        where = Where(race.guild_id, channel_id, user_id)
        post = (await self.encouragement.pick_for_moment(where, PHASE_POOLS[Phase.RACE_DAY])
                or await self.encouragement.pick(where))
        details = " · ".join(x for x in (race.distance, f"starts {race.start_time}"
                                          if race.start_time else "") if x)
        line = f"🏁 Good luck at **{race.name}** today!" + (f" ({details})" if details else "")
        return Outgoing(channel_id=channel_id, guild_id=None, embed=post, lines=(line,),
                        buttons=PickButtons(post.theme_id, None, post.entry_id,
                                            guild_id=race.guild_id))


class HeldDmPosts:
    """The timed source of held DMs (kept across restarts) and one-off messages."""

    kind = PostKind.HELD_DM

    def __init__(self, store: Store, members: MemberBook, dms: DirectMessages,
                 owners: Sequence[HeldOwner], observer: ChangeObserver, clock: Clock) -> None:
        self.store = store
        self.members = members
        self.dms = dms
        self.owners = {owner.kind: owner for owner in owners}
        self.observer = observer
        self.clock = clock

    async def send(self, user_id: int, guild_id: int | None, text: str) -> Outcome:
        """A one-off message (a story's outcome): now, or when the member's quiet hours end."""
        zone = await self.members.zone(user_id, guild_id)
        now = self.clock()
        until = held_until(await self.members.quiet_hours(user_id), now, zone)
        pending = await self.store.pending_dms.one_off(user_id, guild_id,
                                                       local_date_of(now, zone), until or now,
                                                       text)
        if until is not None:
            await self.observer.timed_changed(self.kind, pending.id)
            return Outcome(pending.key, OutcomeStatus.HELD, detail="quiet hours",
                           retry_at=until)
        return await self._one_off(pending)

    async def upcoming(self) -> list[Due]:
        """Every held message still ahead."""
        now = self.clock()
        return [Due(p.id, p.due_at) for p in await self.store.pending_dms.all() if p.due_at > now]

    async def next_run(self, ref_id: int, after: datetime) -> datetime | None:
        """When the held message goes, if after ``after``; None when it went."""
        pending = await self.store.pending_dms.get(ref_id)
        return pending.due_at if pending is not None and pending.due_at > after else None

    async def of_club(self, guild_id: int) -> list[int]:
        """Nothing to re-arm: a held message goes when the member's quiet hours end."""
        return []

    async def fire(self, ref_id: int, run_at: datetime) -> Outcome | None:
        """Send the held message (or hold it longer)."""
        pending = await self.store.pending_dms.get(ref_id)
        return None if pending is None else await self._go(pending)

    async def missed(self) -> list[Outcome]:
        """Held messages that fell due while the bot was down."""
        now = self.clock()
        outcomes = []
        for pending in await self.store.pending_dms.all():
            if pending.due_at <= now and (outcome := await self._go(pending)) is not None:
                outcomes.append(outcome)
        return outcomes

    async def _go(self, pending: PendingDm) -> Outcome | None:
        outcome: Outcome | None
        if pending.key.kind is PostKind.HELD_DM:
            outcome = await self._one_off(pending)
        else:
            outcome = await self.owners[pending.key.kind].deliver_held(pending)
        if outcome is not None and outcome.status is OutcomeStatus.HELD:
            # Held longer (quiet hours changed): the row has its new time; arm it, so
            # that a single job sends it rather than this one and a retry both.
            await self.observer.timed_changed(self.kind, pending.id)
            return None
        return outcome

    async def _one_off(self, pending: PendingDm) -> Outcome:
        zone = await self.members.zone(pending.user_id, pending.guild_id)
        until = held_until(await self.members.quiet_hours(pending.user_id), self.clock(), zone)
        if until is not None:
            await self.store.pending_dms.move(pending.id, until)
            return Outcome(pending.key, OutcomeStatus.HELD, retry_at=until)
        text = pending.text or ""

        async def build(channel_id: int) -> Outgoing:
            return Outgoing(channel_id=channel_id, guild_id=None, embed=None, lines=(text,))

        outcome = await self.dms.send(pending.key, pending.user_id, build)
        if outcome.status is not OutcomeStatus.RETRY:
            await self.store.pending_dms.remove(pending.id)
        return outcome
