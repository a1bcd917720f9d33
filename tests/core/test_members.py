"""Members' own corner (bot.core.members, bot.core.reminder_posts) over a real SQLite file.

Reminders, race-morning DMs and held DMs are driven as the console drives them: a
clock the test moves, and every timed post that falls due on the way delivered
through the real Poster and ledger, to a PostTarget that records what it sent.
"""

from __future__ import annotations

import asyncio
import json
import random
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.app import App
from bot.console.timeline import Timeline
from bot.content import Library
from bot.core.members import LEFT_THE_SERVER, MAX_REMINDERS, QuietHours
from bot.core.posting import Poster
from bot.core.reminder_posts import HeldDmPosts, RaceDmPosts, ReminderPosts
from bot.errors import ChannelUnavailable, NotFound, UserError
from bot.store import Store
from bot.values import OutcomeStatus, Outgoing, PostKey, PostKind, SubmissionStatus, Where
from tests.doubles import Clock

CLUB, OTHER_CLUB = 1, 2
GENERAL = 10
ANA, SAM = 101, 102
DM_BASE = 900_000
NEW_YORK, LONDON = ZoneInfo("America/New_York"), ZoneInfo("Europe/London")
START = datetime(2027, 3, 10, 0, 0, tzinfo=UTC)  # a few days before New York's spring forward


@dataclass
class Sent:
    user_id: int
    outgoing: Outgoing
    nonce: str | None
    at: datetime


@dataclass
class FakeTarget:
    """Direct messages as Discord takes them: one channel per member, nonces deduplicated."""

    clock: Clock
    sent: list[Sent] = field(default_factory=list)
    closed: set[int] = field(default_factory=set)  # members with DMs closed
    left: set[int] = field(default_factory=set)  # members who left every shared server
    dm_opens: int = 0
    member_checks: int = 0
    nonces: dict[str, int] = field(default_factory=dict)

    async def send(self, outgoing: Outgoing, *, nonce: str | None) -> int:
        user_id = outgoing.channel_id - DM_BASE
        if user_id in self.closed or user_id in self.left:
            raise ChannelUnavailable("they don't take direct messages from the bot", gone=False)
        if nonce is not None and nonce in self.nonces:
            return self.nonces[nonce]
        self.sent.append(Sent(user_id, outgoing, nonce, self.clock()))
        if nonce is not None:
            self.nonces[nonce] = len(self.sent)
        return len(self.sent)

    async def find_own_message(self, channel_id: int, since: datetime) -> int | None:
        return None

    async def dm_channel(self, user_id: int) -> int:
        self.dm_opens += 1
        return DM_BASE + user_id

    async def still_member(self, guild_id: int, user_id: int) -> bool:
        self.member_checks += 1
        return user_id not in self.left

    def to(self, user_id: int) -> list[Sent]:
        return [s for s in self.sent if s.user_id == user_id]


@dataclass
class World:
    app: App
    clock: Clock
    target: FakeTarget
    timeline: Timeline
    db: Path

    async def advance(self, **delta: float) -> None:
        await self.timeline.advance_to(self.clock() + timedelta(**delta))

    async def until(self, when: datetime) -> None:
        await self.timeline.advance_to(when)

    def source(self, kind: type) -> object:
        return next(s for s in self.timeline.sources if isinstance(s, kind))

    def rows(self, sql: str, *args: object) -> list[tuple]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(sql, args).fetchall()


def build(app: App, clock: Clock, target: FakeTarget) -> Timeline:
    poster = Poster(app.store, target, clock, catch_up=timedelta(hours=2))
    return Timeline(clock, target, app.timed_sources(poster))  # type: ignore[arg-type]


@pytest.fixture
async def world(tmp_path: Path, library: Library) -> AsyncIterator[World]:
    clock = Clock(START)
    store = await Store.open(tmp_path / "sw.db")
    app = App(store, library, clock=clock, rng=random.Random(7))
    await app.clubs.set_timezone(CLUB, "Europe/London")
    target = FakeTarget(clock)
    yield World(app, clock, target, build(app, clock, target), tmp_path / "sw.db")
    await store.close()


def at(user_id: int, guild_id: int | None = CLUB) -> Where:
    return Where(guild_id, GENERAL, user_id)


def local(sent: Sent, zone: ZoneInfo) -> datetime:
    return sent.at.astimezone(zone)


# --- quiet hours, as rules ------------------------------------------------------------------


def test_quiet_hours_hold_from_inside_and_let_to_through_even_across_midnight() -> None:
    night = QuietHours(time(22, 0), time(7, 0))
    assert night.covers(time(22, 0)) and night.covers(time(23, 59))
    assert night.covers(time(0, 0)) and night.covers(time(6, 59))
    assert not night.covers(time(7, 0)) and not night.covers(time(21, 59))
    morning = QuietHours(time(6, 0), time(8, 0))
    assert morning.covers(time(6, 0)) and morning.covers(time(7, 59))
    assert not morning.covers(time(8, 0)) and not morning.covers(time(5, 59))
    # 23:30 on a Saturday in London: quiet hours end at 07:00 on Sunday, after the clocks moved.
    saturday_night = datetime(2027, 3, 27, 23, 30, tzinfo=LONDON)
    end = night.end_after(saturday_night, LONDON)
    assert end.astimezone(LONDON) == datetime(2027, 3, 28, 7, 0, tzinfo=LONDON)
    assert end - saturday_night == timedelta(hours=6, minutes=30)  # one hour of the night lost
    assert night.end_after(end, LONDON).astimezone(LONDON).date() == date(2027, 3, 29)


async def test_quiet_hours_refuse_zero_length_and_bad_times(world: World) -> None:
    members = world.app.members
    for start, end, words in [("07:00", "07:00", "no time at all"),
                              ("25:00", "07:00", "use 24-hour HH:MM"),
                              ("22:00", None, "Give both ends")]:
        with pytest.raises(UserError, match=words):
            await members.set_quiet(ANA, start, end)
    assert world.rows("SELECT * FROM member_settings") == []
    assert str(await members.set_quiet(ANA, "22:00", "06:30")) == "22:00–06:30"
    assert await members.set_quiet(ANA, "off", None) is None
    assert world.rows("SELECT quiet_from, quiet_to FROM member_settings") == [(None, None)]


# --- reminders -------------------------------------------------------------------------------


async def test_a_reminder_comes_once_a_day_at_local_time_in_two_zones_across_dst(
    world: World
) -> None:
    members = world.app.members
    await members.set_timezone(at(ANA), "America/New_York")
    await members.set_timezone(at(SAM), "Europe/London")
    await members.add_reminder(at(ANA), "07:00")
    await members.add_reminder(at(SAM), "07:00", "daily", "doubt", "mantra")
    # New York springs forward on 14 March 2027, London on 28 March.
    await world.until(datetime(2027, 3, 31, 0, 0, tzinfo=UTC))
    for user_id, zone in ((ANA, NEW_YORK), (SAM, LONDON)):
        days = [local(s, zone) for s in world.target.to(user_id)]
        assert [d.time() for d in days] == [time(7, 0)] * len(days)
        assert [d.date() for d in days] == [date(2027, 3, 10) + timedelta(days=n)
                                            for n in range(len(days))]
        assert len(days) == 21  # 10 to 30 March
        nonces = [s.nonce for s in world.target.to(user_id)]
        assert len(set(nonces)) == len(nonces) and all(n and n.startswith("swM") for n in nonces)
    sam = world.target.to(SAM)[0].outgoing
    assert sam.embed is not None and sam.embed.footer.endswith("mantra")
    assert sam.lines == ("⏰ Your 07:00 reminder",)
    assert sam.buttons is not None and sam.buttons.guild_id == CLUB  # "This helped" in a DM
    assert world.target.dm_opens == 2  # the DM channel is kept: one request a day after that


async def test_a_run_fired_twice_goes_once(world: World) -> None:
    view = await world.app.members.add_reminder(at(ANA), "07:00")
    await world.until(datetime(2027, 3, 10, 8, 0, tzinfo=UTC))
    reminders = world.source(ReminderPosts)
    assert isinstance(reminders, ReminderPosts)
    run_at = datetime(2027, 3, 10, 7, 0, tzinfo=UTC)
    again = await reminders.fire(view.reminder.id, run_at)  # a fall-back night's second 01:30
    assert again is not None and again.status is OutcomeStatus.ALREADY
    assert len(world.target.to(ANA)) == 1


async def test_quiet_hours_hold_a_reminder_until_they_end(world: World) -> None:
    members = world.app.members
    await members.set_quiet(ANA, "06:00", "08:00")
    await members.set_quiet(SAM, "22:00", "07:30")
    await members.add_reminder(at(ANA), "07:00")
    await members.add_reminder(at(SAM), "23:00")
    await world.until(datetime(2027, 3, 10, 7, 59, tzinfo=UTC))
    assert world.target.sent == []
    await world.until(datetime(2027, 3, 13, 0, 0, tzinfo=UTC))
    ana = [local(s, LONDON) for s in world.target.to(ANA)]
    assert ana == [datetime(2027, 3, d, 8, 0, tzinfo=LONDON) for d in (10, 11, 12)]
    sam = [local(s, LONDON) for s in world.target.to(SAM)]
    assert sam == [datetime(2027, 3, d, 7, 30, tzinfo=LONDON) for d in (11, 12)]
    # Each went under its own day's key: the day the reminder was for, not the day it arrived.
    days = world.rows("SELECT local_date FROM post_ledger WHERE kind = 'reminder' AND ref_id = 2"
                      " ORDER BY local_date")
    assert days == [("2027-03-10",), ("2027-03-11",)]
    assert world.rows("SELECT COUNT(*) FROM pending_dms") == [(1,)]  # 12 March's, still held


async def test_a_held_reminder_survives_a_restart(world: World, library: Library) -> None:
    await world.app.members.set_quiet(ANA, "06:00", "08:00")
    await world.app.members.add_reminder(at(ANA), "07:00")
    await world.until(datetime(2027, 3, 10, 7, 30, tzinfo=UTC))
    assert world.rows("SELECT kind, local_date FROM pending_dms") == [("reminder", "2027-03-10")]
    # The process stops at 07:30 and starts again at 08:10: no retry in memory any more.
    world.clock.set(datetime(2027, 3, 10, 8, 10, tzinfo=UTC))
    restarted = build(world.app, world.clock, world.target)
    outcomes = [o for source in restarted.sources for o in await source.missed()]
    assert [o.status for o in outcomes] == [OutcomeStatus.SENT]
    assert len(world.target.to(ANA)) == 1
    assert world.rows("SELECT COUNT(*) FROM pending_dms") == [(0,)]
    again = [o for source in restarted.sources for o in await source.missed()]
    assert again == [] and len(world.target.to(ANA)) == 1


async def test_a_reminder_held_past_the_catch_up_window_still_goes(world: World) -> None:
    await world.app.members.set_quiet(ANA, "21:00", "09:00")
    await world.app.members.add_reminder(at(ANA), "22:00")  # held for 11 hours, window 2
    await world.until(datetime(2027, 3, 11, 12, 0, tzinfo=UTC))
    assert [local(s, LONDON) for s in world.target.to(ANA)] == [
        datetime(2027, 3, 11, 9, 0, tzinfo=LONDON)]


async def test_closed_dms_pause_a_reminder_after_three_days_and_tell_once(world: World) -> None:
    members = world.app.members
    view = await members.add_reminder(at(ANA), "07:00")
    world.target.closed.add(ANA)
    await world.until(datetime(2027, 3, 11, 12, 0, tzinfo=UTC))
    listed = (await members.reminders(ANA))[0].reminder
    assert listed.health.startswith("failing for 2 days: they don't take direct messages")
    await world.until(datetime(2027, 3, 14, 12, 0, tzinfo=UTC))
    listed = (await members.reminders(ANA))[0].reminder
    assert listed.paused and "paused itself after 3 failing days" in listed.health
    assert world.target.member_checks == 3  # one question to Discord per failed DM, no more
    told = await members.take_notices(ANA)
    assert len(told) == 1 and f"reminder #{view.reminder.id}" in told[0]
    assert "resume" in told[0]
    assert await members.take_notices(ANA) == []  # once
    assert world.target.sent == []
    world.target.closed.clear()
    await members.set_paused(ANA, view.reminder.id, False)
    await world.until(datetime(2027, 3, 15, 12, 0, tzinfo=UTC))
    assert len(world.target.to(ANA)) == 1
    assert (await members.reminders(ANA))[0].reminder.health == "ok"


async def test_leaving_stops_reminders_at_once_and_rejoining_does_not_restart_them(
    world: World
) -> None:
    members = world.app.members
    first = await members.add_reminder(at(ANA), "07:00")
    second = await members.add_reminder(at(ANA), "18:00", "weekdays")
    elsewhere = await members.add_reminder(at(ANA, OTHER_CLUB), "12:00")
    world.target.left.add(ANA)
    await world.until(datetime(2027, 3, 10, 8, 0, tzinfo=UTC))
    assert world.target.member_checks == 1
    views = {v.reminder.id: v.reminder for v in await members.reminders(ANA)}
    for view in (first, second):
        assert views[view.reminder.id].paused
        assert views[view.reminder.id].failing_reason == LEFT_THE_SERVER
    assert not views[elsewhere.reminder.id].paused  # its own club is asked when its DM fails
    [told] = await members.take_notices(ANA)
    assert "stopped" in told and LEFT_THE_SERVER in told
    world.target.left.clear()  # they come back
    await world.until(datetime(2027, 3, 12, 8, 0, tzinfo=UTC))
    assert [s.outgoing.lines for s in world.target.to(ANA)] == [("⏰ Your 12:00 reminder",)] * 2
    await members.set_paused(ANA, first.reminder.id, False)
    await world.until(datetime(2027, 3, 13, 8, 0, tzinfo=UTC))
    assert ("⏰ Your 07:00 reminder",) in [s.outgoing.lines for s in world.target.to(ANA)]


async def test_bad_input_gets_a_clear_answer_and_changes_nothing(world: World) -> None:
    members = world.app.members
    for call, words in [
        (members.add_reminder(at(ANA), "25:00"), "time '25:00' is not valid"),
        (members.add_reminder(at(ANA), "07:00", "someday"), "days 'someday' not understood"),
        (members.add_reminder(at(ANA), "07:00", None, "marathons"), "no theme 'marathons'"),
        (members.add_reminder(at(ANA), "07:00", None, None, "poem"), "no kind 'poem'"),
        (members.add_reminder(at(ANA, None), "07:00"), "add it in a server"),
        (members.set_timezone(at(ANA), "Mars/Base"), "unknown time zone 'Mars/Base'"),
        (members.set_paused(ANA, "7", True), "You have no reminder #7"),
        (members.remove_reminder(ANA, "seven"), "reminder's number"),
        (members.forget(ANA, remove_stories=True), "keeps nothing about you"),
    ]:
        with pytest.raises(UserError, match=words):
            await call
    assert world.rows("SELECT COUNT(*) FROM reminders") == [(0,)]
    assert world.rows("SELECT COUNT(*) FROM member_settings") == [(0,)]
    for hour in range(MAX_REMINDERS):
        await members.add_reminder(at(ANA), f"0{hour}:30")
    with pytest.raises(UserError, match="You have 5 reminders already"):
        await members.add_reminder(at(ANA), "09:30")
    assert world.rows("SELECT COUNT(*) FROM reminders") == [(MAX_REMINDERS,)]
    with pytest.raises(NotFound):
        await members.remove_reminder(SAM, "1")  # not Sam's
    await world.app.clubs.set_themes_enabled(CLUB, "doubt", False)
    with pytest.raises(UserError, match="turned off in this server"):
        await members.add_reminder(at(SAM), "07:00", None, "doubt")


async def test_six_reminders_added_at_once_keep_five(world: World) -> None:
    results = await asyncio.gather(
        *(world.app.members.add_reminder(at(ANA), f"0{n}:00") for n in range(8)),
        return_exceptions=True)
    assert sum(not isinstance(r, BaseException) for r in results) == MAX_REMINDERS
    assert world.rows("SELECT COUNT(*) FROM reminders") == [(MAX_REMINDERS,)]


async def test_the_member_zone_follows_the_club_until_set(world: World) -> None:
    members = world.app.members
    view = await members.add_reminder(at(ANA), "07:00")
    assert view.next_run_local is not None and view.next_run_local.tzinfo == LONDON
    text = await members.set_timezone(at(ANA), "asia/tokyo")
    assert text == "Your time zone is now Asia/Tokyo."
    assert (await members.reminders(ANA))[0].next_run_local.tzinfo == ZoneInfo("Asia/Tokyo")
    assert "club's time zone (Europe/London)" in await members.set_timezone(at(ANA), "club")


# --- race-morning DMs ------------------------------------------------------------------------


async def race_with(world: World, start: str | None) -> int:
    race = await world.app.races.add(CLUB, "Harbour 10K", "2027-03-14", GENERAL,
                                     distance="10K", start_time=start)
    await world.app.races.join(at(ANA), race.id)
    await world.app.members.set_race_dm(at(ANA), True)
    return race.id


async def test_a_race_dm_comes_on_race_morning_for_a_runner_who_asked(world: World) -> None:
    await race_with(world, "09:30")
    await world.app.races.join(at(SAM), 1)  # Sam runs it too, but asked for no DM
    await world.until(datetime(2027, 3, 15, 0, 0, tzinfo=UTC))
    [dm] = world.target.to(ANA)
    assert local(dm, LONDON) == datetime(2027, 3, 14, 8, 0, tzinfo=LONDON)  # 90 min before
    assert dm.outgoing.lines == ("🏁 Good luck at **Harbour 10K** today! (10K · starts 09:30)",)
    assert dm.nonce and dm.nonce.startswith("swG")
    assert world.target.to(SAM) == []


async def test_a_race_dm_held_by_quiet_hours_goes_when_they_end_or_not_after_the_start(
    world: World
) -> None:
    await race_with(world, "09:30")
    await world.app.members.set_quiet(ANA, "07:00", "09:00")
    await world.until(datetime(2027, 3, 15, 0, 0, tzinfo=UTC))
    assert [local(s, LONDON) for s in world.target.to(ANA)] == [
        datetime(2027, 3, 14, 9, 0, tzinfo=LONDON)]


async def test_a_race_dm_is_dropped_when_quiet_hours_outlast_the_start(world: World) -> None:
    await race_with(world, "09:30")
    await world.app.members.set_quiet(ANA, "07:00", "10:00")
    await world.until(datetime(2027, 3, 15, 0, 0, tzinfo=UTC))
    assert world.target.to(ANA) == []
    assert world.rows("SELECT status, detail FROM post_ledger WHERE kind = 'race-dm'") == [
        ("skipped", "the race had started by the end of quiet hours")]


async def test_leaving_a_race_or_turning_race_dms_off_drops_the_dm(world: World) -> None:
    race_id = await race_with(world, None)
    dms = world.source(RaceDmPosts)
    assert isinstance(dms, RaceDmPosts)
    assert len(await dms.upcoming()) == 1
    await world.app.members.set_race_dm(at(ANA), False)
    assert await dms.upcoming() == []
    await world.app.members.set_race_dm(at(ANA), True)
    await world.app.races.leave(at(ANA), race_id)
    assert await dms.upcoming() == []


# --- one-off DMs (a story's outcome) ---------------------------------------------------------


async def test_a_story_outcome_waits_for_quiet_hours_to_end(world: World) -> None:
    held = world.source(HeldDmPosts)
    assert isinstance(held, HeldDmPosts)
    world.clock.set(datetime(2027, 3, 10, 23, 0, tzinfo=UTC))
    await world.app.members.set_quiet(ANA, "22:00", "07:00")
    outcome = await held.send(ANA, CLUB, "Your story was added.")
    assert outcome.status is OutcomeStatus.HELD
    assert outcome.retry_at == datetime(2027, 3, 11, 7, 0, tzinfo=UTC)
    await world.until(datetime(2027, 3, 11, 6, 59, tzinfo=UTC))
    assert world.target.sent == []
    await world.until(datetime(2027, 3, 11, 12, 0, tzinfo=UTC))
    [dm] = world.target.to(ANA)
    assert dm.outgoing.embed is None and dm.outgoing.lines == ("Your story was added.",)
    assert dm.at == datetime(2027, 3, 11, 7, 0, tzinfo=UTC)
    outcome = await held.send(ANA, CLUB, "And another.")  # outside quiet hours: at once
    assert outcome.status is OutcomeStatus.SENT and len(world.target.to(ANA)) == 2
    assert world.rows("SELECT COUNT(*) FROM pending_dms") == [(0,)]


async def test_a_story_outcome_to_closed_dms_fails_quietly(world: World) -> None:
    held = world.source(HeldDmPosts)
    assert isinstance(held, HeldDmPosts)
    world.target.closed.add(ANA)
    outcome = await held.send(ANA, CLUB, "Your story was added.")
    assert outcome.status is OutcomeStatus.FAILED
    assert world.rows("SELECT COUNT(*) FROM pending_dms") == [(0,)]


# --- stories: withdraw -----------------------------------------------------------------------


async def share(world: World, user_id: int, title: str) -> int:
    shared = await world.app.club_content.submit(
        at(user_id), "comeback", title, "Six months after the surgery I ran to the road's end.",
        "me", "ana")
    return shared.submission.id


async def test_a_member_withdraws_a_waiting_or_approved_story(world: World) -> None:
    content = world.app.club_content
    waiting = await share(world, ANA, "Waiting")
    approved = await share(world, ANA, "Approved")
    rejected = await share(world, ANA, "Rejected")
    samuel = await share(world, SAM, "Sam's")
    decision = await content.decide(CLUB, approved, True, SAM)
    await content.decide(CLUB, rejected, False, SAM)
    assert decision.entry is not None
    assert decision.entry.id in {e.id for e in await world.app.encouragement.club_entries(CLUB)}
    assert (await content.withdraw(at(ANA), waiting)).status is SubmissionStatus.PENDING
    assert (await content.withdraw(at(ANA), f"#{approved}")).status is SubmissionStatus.APPROVED
    assert decision.entry.id not in {e.id for e in await world.app.encouragement.club_entries(CLUB)}
    for story, words in [(rejected, "was rejected already"), (waiting, "was withdrawn already"),
                         (samuel, f"You have no story #{samuel}"), (99, "no story #99")]:
        with pytest.raises(UserError, match=words):
            await content.withdraw(at(ANA), story)
    with pytest.raises(UserError, match="was withdrawn already"):
        await content.decide(CLUB, waiting, True, SAM)
    assert world.rows("SELECT id, status FROM submissions ORDER BY id") == [
        (waiting, "withdrawn"), (approved, "withdrawn"), (rejected, "rejected"),
        (samuel, "pending")]


# --- their data ------------------------------------------------------------------------------


async def test_data_shows_everything_kept_as_text_and_json(world: World) -> None:
    app = world.app
    await app.members.set_timezone(at(ANA), "Europe/Oslo")
    await app.members.set_quiet(ANA, "22:00", "07:00")
    await app.members.add_reminder(at(ANA), "07:00", "weekdays", "doubt")
    post = await app.encouragement.pick(at(ANA), "doubt")
    await app.encouragement.mark_helped(at(ANA), post.entry_id)
    story = await share(world, ANA, "End of the road")
    race = await app.races.add(CLUB, "Harbour 10K", "2027-04-04", GENERAL)
    await app.races.join(at(ANA), race.id)
    report = await app.members.data(ANA)
    assert "Time zone: Europe/Oslo · quiet hours: 22:00–07:00" in report.text
    assert "#1 07:00 weekdays, doubt" in report.text
    assert "Picks shown to you: 1" in report.text
    assert post.title in report.text
    assert f"#{story} End of the road (waiting for review)" in report.text
    assert "Harbour 10K 2027-04-04" in report.text
    data = json.loads(report.json)
    assert data["settings"]["timezone"] == "Europe/Oslo"
    assert data["reminders"][0]["days"] == "weekdays"
    assert data["this_helped"][0]["entry"] == post.entry_id
    assert data["stories"][0]["story"].startswith("Six months")
    assert data["races"] == [{"club": str(CLUB), "race": "Harbour 10K", "date": "2027-04-04",
                              "check_in": None}]
    nobody = await app.members.data(SAM)
    assert nobody.record.empty and "keeps nothing about you" in nobody.text


async def test_forget_also_forgets_what_is_in_memory(world: World) -> None:
    app = world.app
    post = await app.encouragement.pick(at(ANA), "doubt")
    await app.encouragement.mark_helped(at(ANA), post.entry_id)
    assert await app.store.history.recent_for_user(ANA, 5) == [post.entry_id]
    assert (await app.store.history.helped_counts(CLUB)).get(post.entry_id) == 1
    await app.encouragement.pick(at(ANA), "doubt")  # still in memory, not yet written
    forgotten = await app.members.forget(ANA, remove_stories=True)
    assert forgotten.rows_deleted >= 1 and forgotten.rows_cleared == 2
    assert await app.store.history.recent_for_user(ANA, 5) == []
    assert (await app.store.history.helped_counts(CLUB)).get(post.entry_id) is None
    await app.store.history.flush()
    assert world.rows("SELECT COUNT(*) FROM history WHERE user_id IS NOT NULL") == [(0,)]
    assert world.rows("SELECT COUNT(*) FROM history") == [(2,)]  # the channel keeps its history
    with pytest.raises(UserError, match="forgotten already"):
        await app.members.forget(ANA, remove_stories=True)


async def test_forgetting_drops_the_member_jobs(world: World) -> None:
    changed: list[tuple[PostKind, int]] = []

    class Observer:
        async def club_changed(self, guild_id: int) -> None:
            return None

        async def timed_changed(self, kind: PostKind, ref_id: int) -> None:
            changed.append((kind, ref_id))

    world.app.changes.add(Observer())
    view = await world.app.members.add_reminder(at(ANA), "07:00")
    changed.clear()
    await world.app.members.forget(ANA, remove_stories=True)
    assert (PostKind.REMINDER, view.reminder.id) in changed
    reminders = world.source(ReminderPosts)
    assert isinstance(reminders, ReminderPosts)
    assert await reminders.next_run(view.reminder.id, world.clock()) is None
    assert await reminders.fire(view.reminder.id, world.clock()) is None
    assert PostKey(PostKind.REMINDER, view.reminder.id, START.date()) is not None


async def test_quiet_hours_turned_off_release_what_they_held(world: World) -> None:
    await world.app.members.set_quiet(ANA, "06:00", "12:00")
    await world.app.members.add_reminder(at(ANA), "07:00")
    await world.until(datetime(2027, 3, 10, 8, 0, tzinfo=UTC))
    assert world.target.sent == []
    await world.app.members.set_quiet(ANA, "off", None)
    await world.until(datetime(2027, 3, 10, 8, 1, tzinfo=UTC))
    [dm] = world.target.to(ANA)
    assert dm.at == datetime(2027, 3, 10, 8, 0, 1, tzinfo=UTC)
    await world.until(datetime(2027, 3, 10, 13, 0, tzinfo=UTC))  # the old end: nothing more
    assert len(world.target.to(ANA)) == 1
