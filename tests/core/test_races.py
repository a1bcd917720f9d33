"""The club's race calendar (bot.core.races) over a real SQLite file and the shipped library.

A club admin adds races in the club's own time zone, members join and leave them,
and after a race each member's check-in answer is counted once. Every refusal is
a UserError with words a member can act on, and leaves the database as it was.
"""

from __future__ import annotations

import asyncio
import random
import re
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import App
from bot.content import Library
from bot.core.races import CHECKIN_POOLS, MAX_UPCOMING, tally_text
from bot.errors import NotFound, UserError
from bot.store import Store
from bot.values import CheckinAnswer, Where
from tests.doubles import Clock

CLUB, OTHER = 1, 2
RACE_CHANNEL, OTHER_CHANNEL = 10, 20
ANA, SAM, JO = 101, 102, 103
NOW = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


@pytest.fixture
async def app(tmp_path: Path, library: Library, clock: Clock) -> AsyncIterator[App]:
    store = await Store.open(tmp_path / "sw.db")
    app = App(store, library, clock=clock, rng=random.Random(5))
    app.db_path = tmp_path / "sw.db"  # for rows() below
    await app.clubs.set_timezone(CLUB, "Europe/London")
    yield app
    await store.close()


def member(user_id: int, guild_id: int = CLUB) -> Where:
    return Where(guild_id, RACE_CHANNEL, user_id)


def day(offset: int) -> str:
    """The date ``offset`` days after NOW's date, as an admin types it."""
    return (NOW.date() + timedelta(days=offset)).isoformat()


def rows(app: App, table: str) -> int:
    """Rows in a table, read through a second connection as another process would."""
    with sqlite3.connect(app.db_path) as db:
        return db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]  # noqa: S608


# --- admins: add, list, remove -----------------------------------------------------------


async def test_add_list_and_remove(app: App) -> None:
    race = await app.races.add(CLUB, "Harbour 10K", day(12), RACE_CHANNEL, distance="10K",
                               start_time="9:30", link="https://harbour10k.example/2026")
    assert (race.name, race.local_date, race.channel_id) == ("Harbour 10K", date(2026, 6, 13),
                                                             RACE_CHANNEL)
    assert (race.distance, race.start_time, race.link) == ("10K", "09:30",
                                                           "https://harbour10k.example/2026")
    later = await app.races.add(CLUB, "Hill Half", day(40), RACE_CHANNEL)
    soon = await app.races.add(CLUB, "Park Mile", day(0), RACE_CHANNEL)
    assert [r.id for r in await app.races.upcoming(CLUB)] == [soon.id, race.id, later.id]
    assert await app.races.upcoming(OTHER) == []
    for text in (race.id, str(race.id), f"#{race.id}", "harbour 10k", " Harbour 10K "):
        assert (await app.races.get(CLUB, text)).id == race.id
    assert await app.races.days_to(race) == 12

    removed = await app.races.remove(CLUB, str(race.id))
    assert removed.id == race.id
    assert [r.id for r in await app.races.upcoming(CLUB)] == [soon.id, later.id]
    with pytest.raises(NotFound, match=f"There is no race '{race.id}' in this club"):
        await app.races.remove(CLUB, race.id)
    with pytest.raises(NotFound):  # another club can't remove ours
        await app.races.remove(OTHER, later.id)
    assert rows(app, "races") == 2


async def test_a_date_not_written_yyyy_mm_dd_is_refused(app: App) -> None:
    for text in ["2026-02-30", "2026-13-01", "next saturday", "31/12", "2026-6-20",
                 "20/06/2026", "2026-06-20 09:00", "tomorrow", ""]:
        with pytest.raises(UserError, match="is not a date: use YYYY-MM-DD, like 2026-05-17"):
            await app.races.add(CLUB, "Harbour 10K", text, RACE_CHANNEL)
    assert rows(app, "races") == 0


async def test_the_past_is_the_club_zones_past(app: App, clock: Clock) -> None:
    clock.now = datetime(2026, 6, 1, 23, 30, tzinfo=UTC)  # 2 June 11:30 in Auckland
    await app.clubs.set_timezone(CLUB, "Pacific/Auckland")
    await app.clubs.set_timezone(OTHER, "America/Los_Angeles")  # still 1 June 16:30 there
    with pytest.raises(UserError, match=r"2026-06-01 is in the past \(today is 2026-06-02 in "
                                        r"the club's time zone\)"):
        await app.races.add(CLUB, "Harbour 10K", "2026-06-01", RACE_CHANNEL)
    assert rows(app, "races") == 0
    assert (await app.races.add(CLUB, "Harbour 10K", "2026-06-02", RACE_CHANNEL)).id
    assert (await app.races.add(OTHER, "Bay 5K", "2026-06-01", OTHER_CHANNEL)).id
    with pytest.raises(UserError, match="in the past"):
        await app.races.add(OTHER, "Bay 5K", "2026-05-31", OTHER_CHANNEL)


async def test_a_name_takes_1_to_100_characters(app: App) -> None:
    for name, length in [("", 0), ("   ", 0), ("\n\t", 0), ("x" * 101, 101), ("é" * 101, 101)]:
        with pytest.raises(UserError, match=rf"A race name takes 1 to 100 characters \(this "
                                            rf"one has {length}\)"):
            await app.races.add(CLUB, name, day(5), RACE_CHANNEL)
    assert rows(app, "races") == 0


async def test_names_of_1_and_100_characters_are_fine(app: App) -> None:
    assert (await app.races.add(CLUB, "X", day(5), RACE_CHANNEL)).name == "X"
    assert (await app.races.add(CLUB, "y" * 100, day(5), RACE_CHANNEL)).name == "y" * 100


async def test_mentions_and_masked_links_in_names_are_neutralised(app: App) -> None:
    race = await app.races.add(
        CLUB, "<@123> <@!45> <@&6> <#7> @everyone @here [Harbour 10K](https://evil.example)"
              "\nline two", day(5), RACE_CHANNEL, distance="[10K](https://evil.example) <@1>")
    assert race.name == ("@member @member @role #channel @\u200beveryone @\u200bhere "
                         "Harbour 10K (https://evil.example) line two")
    assert race.distance == "10K (https://evil.example) @member"
    for text in (race.name, race.distance):
        assert "<@" not in text and "](" not in text and "\n" not in text


async def test_other_bad_options_are_refused(app: App) -> None:
    for options, message in [
        ({"start_time": "25:00"}, "time '25:00' is not valid"),
        ({"start_time": "9am"}, "time '9am' is not valid"),
        ({"distance": "d" * 41}, "A distance takes up to 40 characters"),
        ({"link": "harbour10k.example"}, "is not a web address"),
        ({"link": "javascript:alert(1)"}, "is not a web address"),
        ({"link": "https://a.example/" + "x" * 300}, "is not a web address"),
    ]:
        with pytest.raises(UserError, match=message):
            await app.races.add(CLUB, "Harbour 10K", day(5), RACE_CHANNEL, **options)
    assert rows(app, "races") == 0


async def test_a_club_keeps_at_most_100_upcoming_races(app: App, clock: Clock) -> None:
    for n in range(MAX_UPCOMING):
        await app.races.add(CLUB, f"Race {n}", day(1 if n < 50 else 60), RACE_CHANNEL)
    with pytest.raises(UserError, match=re.escape("A club keeps up to 100 upcoming races. "
                                                  "Remove some with /club race remove.")):
        await app.races.add(CLUB, "One too many", day(70), RACE_CHANNEL)
    assert rows(app, "races") == 100
    assert (await app.races.add(OTHER, "Theirs", day(70), OTHER_CHANNEL)).id  # per club
    await app.races.remove(CLUB, 1)
    assert (await app.races.add(CLUB, "Room again", day(70), RACE_CHANNEL)).id
    clock.now += timedelta(days=3)  # the first 49 are past: they no longer count
    for n in range(49):
        await app.races.add(CLUB, f"Autumn {n}", day(90), RACE_CHANNEL)
    assert len(await app.races.upcoming(CLUB)) == 100


async def test_two_admins_adding_at_once_still_keep_the_limit(app: App) -> None:
    for n in range(MAX_UPCOMING - 1):
        await app.races.add(CLUB, f"Race {n}", day(10), RACE_CHANNEL)
    results = await asyncio.gather(
        app.races.add(CLUB, "Last A", day(11), RACE_CHANNEL),
        app.races.add(CLUB, "Last B", day(11), RACE_CHANNEL), return_exceptions=True)
    assert sum(isinstance(r, UserError) for r in results) == 1
    assert len(await app.races.upcoming(CLUB)) == MAX_UPCOMING


# --- members: join, leave, mine ----------------------------------------------------------


async def test_join_leave_and_mine(app: App) -> None:
    harbour = await app.races.add(CLUB, "Harbour 10K", day(12), RACE_CHANNEL)
    hill = await app.races.add(CLUB, "Hill Half", day(40), RACE_CHANNEL)
    race, new = await app.races.join(member(ANA), "harbour 10K")
    assert (race.id, new) == (harbour.id, True)
    race, new = await app.races.join(member(ANA), harbour.id)
    assert (race.name, new, race.runners) == ("Harbour 10K", False, 1)
    assert (await app.races.join(member(SAM), f"#{harbour.id}"))[1] is True
    assert (await app.races.join(member(SAM), str(hill.id)))[1] is True
    assert [(r.name, r.runners) for r in await app.races.upcoming(CLUB)] == [
        ("Harbour 10K", 2), ("Hill Half", 1)]
    assert [r.id for r in await app.races.mine(member(SAM))] == [harbour.id, hill.id]
    assert [r.id for r in await app.races.mine(member(ANA))] == [harbour.id]
    assert await app.races.mine(member(JO)) == []
    assert (await app.races.leave(member(ANA), harbour.id))[1] is True
    assert (await app.races.leave(member(ANA), harbour.id))[1] is False
    assert await app.races.mine(member(ANA)) == []
    assert (await app.races.get(CLUB, harbour.id)).runners == 1
    assert await app.store.races.runners(harbour.id) == [SAM]


async def test_joining_a_removed_past_or_foreign_race_is_refused(app: App,
                                                                 clock: Clock) -> None:
    removed = await app.races.add(CLUB, "Cancelled 5K", day(3), RACE_CHANNEL)
    await app.races.remove(CLUB, removed.id)
    with pytest.raises(NotFound, match=f"There is no upcoming race '{removed.id}' in this "
                                       "club. See the club's races with /race list."):
        await app.races.join(member(ANA), removed.id)
    with pytest.raises(NotFound, match="There is no upcoming race 'Cancelled 5K'"):
        await app.races.join(member(ANA), "Cancelled 5K")
    theirs = await app.races.add(OTHER, "Their 10K", day(3), OTHER_CHANNEL)
    with pytest.raises(NotFound):
        await app.races.join(member(ANA), theirs.id)
    past = await app.races.add(CLUB, "Sunday Parkrun", day(1), RACE_CHANNEL)
    clock.now += timedelta(days=2)
    with pytest.raises(NotFound, match="no upcoming race"):
        await app.races.join(member(ANA), past.id)
    with pytest.raises(UserError, match="use this in a server"):
        await app.races.join(Where(None, 5, ANA), past.id)
    assert rows(app, "race_runners") == 0


async def test_removing_a_race_removes_its_runners_and_answers(app: App,
                                                               clock: Clock) -> None:
    race = await app.races.add(CLUB, "Harbour 10K", day(0), RACE_CHANNEL)
    await app.races.join(member(ANA), race.id)
    await app.races.check_in(member(ANA), race.id, CheckinAnswer.PB)
    await app.races.remove(CLUB, race.id)
    assert (rows(app, "race_runners"), rows(app, "race_checkins")) == (0, 0)


# --- check-ins -----------------------------------------------------------------------------


async def test_a_check_in_counts_once_and_a_new_answer_changes_it(app: App,
                                                                   clock: Clock,
                                                                   library: Library) -> None:
    race = await app.races.add(CLUB, "Harbour 10K", day(1), RACE_CHANNEL)
    with pytest.raises(UserError, match=re.escape("Harbour 10K hasn't happened yet: the "
                                                  "check-in opens on race day.")):
        await app.races.check_in(member(ANA), race.id, CheckinAnswer.PB)
    assert rows(app, "race_checkins") == 0
    clock.now += timedelta(days=2)

    first = await app.races.check_in(member(ANA), race.id, CheckinAnswer.PB)
    assert first.note.startswith("Noted for Harbour 10K: PB or goal. Only the counts are "
                                 "shared, never who said what")
    entry = library.entries[first.post.entry_id]
    assert CHECKIN_POOLS[CheckinAnswer.PB].wants_tag(entry.tags) or entry.theme == "small-wins"
    again = await app.races.check_in(member(ANA), race.id, CheckinAnswer.PB)
    assert again.note == "You said PB or goal for Harbour 10K already."
    assert await app.races.tallies(race) == {CheckinAnswer.PB: 1}

    changed = await app.races.check_in(member(ANA), race.id, CheckinAnswer.TOUGH)
    assert changed.note.startswith("Noted for Harbour 10K: Tough day.")
    await app.races.check_in(member(SAM), race.id, CheckinAnswer.FINISHED)
    await app.races.check_in(member(JO), race.id, CheckinAnswer.FINISHED)
    assert await app.races.tallies(race) == {CheckinAnswer.TOUGH: 1, CheckinAnswer.FINISHED: 2}
    assert tally_text(await app.races.tallies(race)) == "Finished 2 · Tough day 1"
    assert rows(app, "race_checkins") == 3


async def test_each_answer_gets_a_fitting_entry(app: App, clock: Clock,
                                                library: Library) -> None:
    race = await app.races.add(CLUB, "Harbour 10K", day(0), RACE_CHANNEL)
    for n, answer in enumerate(CheckinAnswer):
        pool = CHECKIN_POOLS[answer]
        for k in range(5):
            reply = await app.races.check_in(member(200 + 10 * n + k), race.id, answer)
            entry = library.entries[reply.post.entry_id]
            assert pool.wants_tag(entry.tags) or entry.theme in pool.themes, (answer, entry.id)


async def test_a_check_in_for_another_clubs_race_is_refused(app: App, clock: Clock) -> None:
    theirs = await app.races.add(OTHER, "Their 10K", day(0), OTHER_CHANNEL)
    await app.races.check_in(member(SAM, OTHER), theirs.id, CheckinAnswer.FINISHED)
    with pytest.raises(NotFound, match="That race is not one of this club's"):
        await app.races.check_in(member(ANA, CLUB), theirs.id, CheckinAnswer.PB)
    with pytest.raises(NotFound):
        await app.races.check_in(member(ANA, CLUB), 9999, CheckinAnswer.PB)
    with pytest.raises(UserError, match="use this in a server"):
        await app.races.check_in(Where(None, 5, ANA), theirs.id, CheckinAnswer.PB)
    assert await app.races.tallies(theirs) == {CheckinAnswer.FINISHED: 1}
    await app.races.remove(OTHER, theirs.id)
    with pytest.raises(NotFound, match="or it was removed"):
        await app.races.check_in(member(SAM, OTHER), theirs.id, CheckinAnswer.PB)


async def test_an_old_check_in_button_of_a_removed_race_counts_for_nothing(app: App) -> None:
    spring = await app.races.add(CLUB, "Spring 10K", day(0), RACE_CHANNEL)
    await app.races.remove(CLUB, spring.id)
    autumn = await app.races.add(CLUB, "Autumn Half", day(0), RACE_CHANNEL)
    with pytest.raises(NotFound):  # a click on the Spring 10K's check-in post, still there
        await app.races.check_in(member(ANA), spring.id, CheckinAnswer.PB)
    assert await app.races.tallies(autumn) == {}


async def test_tallies_of_recent_races(app: App, clock: Clock) -> None:
    early = await app.races.add(CLUB, "Early 5K", day(0), RACE_CHANNEL)
    late = await app.races.add(CLUB, "Late 10K", day(3), RACE_CHANNEL)
    clock.now += timedelta(days=4)
    for user_id, answer in [(ANA, "pb"), (SAM, "dnf"), (JO, "pb")]:
        await app.races.check_in(member(user_id), early.id, CheckinAnswer(answer))
    today = await app.races.today(CLUB)
    assert [r.id for r in await app.races.recent(CLUB, today, days=7)] == [early.id, late.id]
    assert [r.id for r in await app.races.recent(CLUB, today, days=2)] == [late.id]
    assert tally_text(await app.races.tallies(early)) == ("PB or goal 2 · Didn't finish / "
                                                          "didn't start 1")
    assert tally_text(await app.races.tallies(late)) == "no answers yet"
    status = await app.clubs.status(CLUB)
    assert [(r.name, t) for r, t in status.recent_races] == [
        ("Early 5K", "PB or goal 2 · Didn't finish / didn't start 1"),
        ("Late 10K", "no answers yet")]
    assert "ANA" not in str(status.recent_races) and str(ANA) not in str(status.recent_races)


# --- countdowns ------------------------------------------------------------------------------


async def test_countdown_lines(app: App) -> None:
    today = await app.races.today(CLUB)
    assert await app.races.countdown(CLUB, today) == []
    harbour = await app.races.add(CLUB, "Harbour 10K", day(12), RACE_CHANNEL)
    for user_id in (ANA, SAM):
        await app.races.join(member(user_id), harbour.id)
    assert await app.races.countdown(CLUB, today) == ["🏁 Harbour 10K in 12 days · 2 running"]
    await app.races.add(CLUB, "Hill Half", day(20), RACE_CHANNEL)
    await app.races.add(CLUB, "Third Race", day(25), RACE_CHANNEL)
    assert await app.races.countdown(CLUB, today) == ["🏁 Harbour 10K in 12 days · 2 running",
                                                      "🏁 Hill Half in 20 days"]
    assert await app.races.countdown(CLUB, today + timedelta(days=11)) == [
        "🏁 Harbour 10K is tomorrow · 2 running", "🏁 Hill Half in 9 days"]
    assert (await app.races.countdown(CLUB, today + timedelta(days=12)))[0] == (
        "🏁 Harbour 10K is today · 2 running")
    assert await app.races.countdown(CLUB, today + timedelta(days=13)) == [
        "🏁 Hill Half in 7 days", "🏁 Third Race in 12 days"]
    assert await app.races.countdown(OTHER, today) == []


async def test_countdown_looks_30_days_ahead(app: App) -> None:
    today = await app.races.today(CLUB)
    await app.races.add(CLUB, "Far Marathon", day(31), RACE_CHANNEL)
    assert await app.races.countdown(CLUB, today) == []
    assert await app.races.countdown(CLUB, today + timedelta(days=1)) == [
        "🏁 Far Marathon in 30 days"]
