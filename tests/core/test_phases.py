"""Race phases (bot.core.phases) and what follows them: rotate's picks, race-morning times.

A club's phase comes from its races' local dates and its own local today, so a
club in Auckland and one in Los Angeles with the same race date each reach race
eve on their own evening. The race-morning post goes 90 real minutes before the
start, whatever the clocks do that night.

2026 clock changes used below: Europe/London forward 29 Mar 01:00 UTC (01:00 GMT
→ 02:00 BST; 01:00–01:59 local does not exist), back 25 Oct 01:00 UTC (01:00–01:59
local happens twice); America/Los_Angeles forward 8 Mar 10:00 UTC (02:00–02:59
local does not exist).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.app import App
from bot.content import Library
from bot.core.morning_posts import MorningPosts, rotation_theme
from bot.core.phases import PHASE_POOLS, POST_RACE_TAGS, phase_for, phase_on
from bot.core.posting import Poster
from bot.core.race_posts import RaceMorningPosts
from bot.core.recurrence import local_date_of, run_on
from bot.store import Store
from bot.values import Phase, PostKind, Race, Where
from tests.doubles import Clock, KeptTarget

CLUB, OTHER = 1, 2
CHANNEL = 10
LONDON = ZoneInfo("Europe/London")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
AUCKLAND = ZoneInfo("Pacific/Auckland")
ZONES = [AUCKLAND, LOS_ANGELES, LONDON, ZoneInfo("Australia/Lord_Howe"),
         ZoneInfo("America/Nuuk"), ZoneInfo("Asia/Kolkata"), ZoneInfo("UTC")]
# Instants within a few hours of these fall on or beside a clock change somewhere above.
TRANSITIONS = [datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC),
               datetime(2026, 3, 8, 10, tzinfo=UTC), datetime(2026, 11, 1, 9, tzinfo=UTC),
               datetime(2026, 4, 4, 14, tzinfo=UTC), datetime(2026, 9, 26, 14, tzinfo=UTC),
               datetime(2026, 4, 4, 15, tzinfo=UTC), datetime(2026, 10, 3, 15, tzinfo=UTC),
               datetime(2026, 3, 29, 0, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC),
               datetime(2026, 3, 28, 1, tzinfo=UTC)]


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 6, 1, 9, tzinfo=UTC))


@pytest.fixture
async def app(tmp_path: Path, library: Library, clock: Clock) -> AsyncIterator[App]:
    store = await Store.open(tmp_path / "sw.db")
    yield App(store, library, clock=clock, rng=random.Random(3))
    await store.close()


def sources(app: App, clock: Clock) -> tuple[KeptTarget, MorningPosts, RaceMorningPosts]:
    target = KeptTarget()
    poster = Poster(app.store, target, clock, catch_up=timedelta(hours=2))
    found = {s.kind: s for s in app.timed_sources(poster)}
    morning, race = found[PostKind.SCHEDULE], found[PostKind.RACE_MORNING]
    assert isinstance(morning, MorningPosts) and isinstance(race, RaceMorningPosts)
    return target, morning, race


# --- the phase of one race, and of several -----------------------------------------------


@pytest.mark.parametrize(("days", "phase"), [
    (400, Phase.BUILD), (15, Phase.BUILD), (14, Phase.TAPER), (7, Phase.TAPER),
    (2, Phase.TAPER), (1, Phase.RACE_EVE), (0, Phase.RACE_DAY), (-1, Phase.AFTER),
    (-3, Phase.AFTER), (-4, None), (-100, None)])
def test_phase_boundaries(days: int, phase: Phase | None) -> None:
    assert phase_for(days) is phase
    today = date(2026, 6, 1)
    assert phase_on(today, [today + timedelta(days=days)]) is phase


@pytest.mark.parametrize(("offsets", "phase"), [
    ([0, 1], Phase.RACE_DAY),        # race day beats a race tomorrow
    ([-1, 0, 5], Phase.RACE_DAY),    # ...and one yesterday
    ([1, -1], Phase.RACE_EVE),       # race eve beats the days after the last race
    ([-2, 5], Phase.AFTER),          # the days after beat the next race's taper
    ([-3, 20], Phase.AFTER),
    ([10, 20], Phase.TAPER),         # the nearest race's taper beats a later build
    ([20, 60], Phase.BUILD),
    ([-4, 30], Phase.BUILD),         # a race four days ago no longer counts
    ([-4], None),
    ([], None),
])
def test_overlapping_races_take_the_phase_that_matters_most(offsets: list[int],
                                                            phase: Phase | None) -> None:
    today = date(2026, 6, 1)
    assert phase_on(today, [today + timedelta(days=d) for d in offsets]) is phase


async def test_a_clubs_phase_counts_only_its_own_races(app: App, clock: Clock) -> None:
    today = date(2026, 6, 1)
    assert await app.races.phase(CLUB, today) is None
    await app.store.races.add(OTHER, "Theirs", today, CHANNEL, None, None, None)
    assert await app.races.phase(CLUB, today) is None
    await app.store.races.add(CLUB, "Autumn Marathon", date(2027, 10, 3), CHANNEL, None, None,
                              None)
    assert await app.races.phase(CLUB, today) is Phase.BUILD  # any race ahead, however far
    await app.store.races.add(CLUB, "Harbour 10K", date(2026, 6, 10), CHANNEL, None, None, None)
    assert [await app.races.phase(CLUB, today + timedelta(days=n)) for n in range(0, 16)] == [
        *[Phase.TAPER] * 8, Phase.RACE_EVE, Phase.RACE_DAY, *[Phase.AFTER] * 3,
        *[Phase.BUILD] * 3]


# --- across zones and clock changes --------------------------------------------------------

instants = st.one_of(
    st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2028, 12, 31),
                 timezones=st.just(UTC)),
    st.builds(lambda t, minutes: t + timedelta(minutes=minutes), st.sampled_from(TRANSITIONS),
              st.integers(-36 * 60, 36 * 60)))
guilds = itertools.count(100)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(instant=instants, zone=st.sampled_from(ZONES), days=st.integers(-5, 40))
async def test_the_phase_is_the_local_dates_phase_in_every_zone(
    app: App, clock: Clock, instant: datetime, zone: ZoneInfo, days: int
) -> None:
    guild = next(guilds)
    clock.now = instant
    await app.clubs.set_timezone(guild, zone.key)
    local = datetime.fromtimestamp(instant.timestamp(), zone).date()  # computed another way
    assert local == local_date_of(instant, zone)
    await app.store.races.add(guild, "Race", local + timedelta(days=days), CHANNEL, None, None,
                              None)
    today = await app.races.today(guild)
    assert today == local
    assert await app.races.phase(guild, today) is phase_for(days)
    assert phase_for((local + timedelta(days=days) - local_date_of(instant, zone)).days) \
        is phase_for(days)


async def test_auckland_and_los_angeles_reach_race_eve_on_their_own_evening(
    app: App, clock: Clock, library: Library
) -> None:
    race_day = date(2026, 6, 14)
    target, morning, _ = sources(app, clock)
    evening = {}
    for guild, zone in ((CLUB, AUCKLAND), (OTHER, LOS_ANGELES)):
        await app.clubs.set_timezone(guild, zone.key)
        await app.races.add(guild, "Harbour 10K", race_day.isoformat(), CHANNEL + guild)
        view = await app.schedules.add(guild, CHANNEL + guild, "18:00")  # rotate, daily
        evening[guild] = (view.schedule.id, run_on(time(18), zone, race_day - timedelta(1)))
    auckland_eve, los_angeles_eve = evening[CLUB][1], evening[OTHER][1]
    assert auckland_eve == datetime(2026, 6, 13, 6, tzinfo=UTC)
    assert los_angeles_eve == datetime(2026, 6, 14, 1, tzinfo=UTC)

    # Auckland's evening before the race: race eve there, still taper in Los Angeles.
    clock.now = auckland_eve
    assert await app.races.phase(CLUB, await app.races.today(CLUB)) is Phase.RACE_EVE
    assert await app.races.phase(OTHER, await app.races.today(OTHER)) is Phase.TAPER
    # Los Angeles' evening before: race eve there, race day already in Auckland.
    clock.now = los_angeles_eve
    assert await app.races.phase(OTHER, await app.races.today(OTHER)) is Phase.RACE_EVE
    assert await app.races.phase(CLUB, await app.races.today(CLUB)) is Phase.RACE_DAY

    for guild in (CLUB, OTHER):  # each club's own 18:00 post on its eve
        schedule_id, run_at = evening[guild]
        clock.now = run_at
        await morning.fire(schedule_id, run_at)
        post = target.sent[-1]
        assert post.guild_id == guild
        assert "race-eve" in library.entries[post.embed.entry_id].tags
        assert post.lines == ("🏁 Harbour 10K is tomorrow",)


# --- the race-morning post's time --------------------------------------------------------------


async def race_at(app: App, zone: ZoneInfo, on: date, start: str | None,
                  guild: int = CLUB) -> Race:
    await app.clubs.set_timezone(guild, zone.key)
    return await app.store.races.add(guild, "Harbour 10K", on, CHANNEL, None, start, None)


async def test_race_morning_is_90_minutes_before_the_start_across_clock_changes(
    app: App, clock: Clock
) -> None:
    _, _, race_posts = sources(app, clock)
    for guild, (zone, on, start, expected_utc, local_wall) in enumerate([
        # 02:30 BST exists on the spring-forward day; 90 minutes before is 00:00 GMT.
        (LONDON, date(2026, 3, 29), "02:30", datetime(2026, 3, 29, 0, 0, tzinfo=UTC), "00:00"),
        # 01:30 does not exist that day: the start reads as 02:00 BST (the end of the
        # gap), and 90 real minutes before it is 23:30 GMT the evening before.
        (LONDON, date(2026, 3, 29), "01:30", datetime(2026, 3, 28, 23, 30, tzinfo=UTC),
         "23:30"),
        (LONDON, date(2026, 3, 29), "09:30", datetime(2026, 3, 29, 7, 0, tzinfo=UTC), "08:00"),
        # 01:30 happens twice on the fall-back day: the first one (BST) counts.
        (LONDON, date(2026, 10, 25), "01:30", datetime(2026, 10, 24, 23, 0, tzinfo=UTC),
         "00:00"),
        (LONDON, date(2026, 10, 25), "02:00", datetime(2026, 10, 25, 0, 30, tzinfo=UTC),
         "01:30"),
        (LONDON, date(2026, 10, 25), "09:30", datetime(2026, 10, 25, 8, 0, tzinfo=UTC),
         "08:00"),
        (LOS_ANGELES, date(2026, 3, 8), "03:30", datetime(2026, 3, 8, 9, 0, tzinfo=UTC),
         "01:00"),
        (LOS_ANGELES, date(2026, 3, 8), "02:30", datetime(2026, 3, 8, 8, 30, tzinfo=UTC),
         "00:30"),
        (AUCKLAND, date(2026, 4, 5), "08:00", datetime(2026, 4, 4, 18, 30, tzinfo=UTC),
         "06:30"),
    ], start=10):
        race = await race_at(app, zone, on, start, guild)
        run_at = await race_posts.run_for(race)
        assert run_at == expected_utc, (zone, on, start)
        assert f"{run_at.astimezone(zone):%H:%M}" == local_wall, (zone, on, start)
        assert run_on(time.fromisoformat(start), zone, on) - run_at == timedelta(minutes=90)


async def test_without_a_start_time_race_morning_is_the_clubs_morning_time(
    app: App, clock: Clock
) -> None:
    _, _, race_posts = sources(app, clock)
    race = await race_at(app, LONDON, date(2026, 3, 29), None)
    assert await race_posts.run_for(race) == datetime(2026, 3, 29, 6, tzinfo=UTC)  # 07:00 BST
    await app.schedules.add(CLUB, CHANNEL, "08:15")
    early = await app.schedules.add(CLUB, CHANNEL, "05:45")
    await app.schedules.add(CLUB, CHANNEL, "06:30")
    assert await race_posts.run_for(race) == datetime(2026, 3, 29, 4, 45, tzinfo=UTC)
    await app.schedules.set_paused(CLUB, early.schedule.id, True)
    assert await race_posts.run_for(race) == datetime(2026, 3, 29, 5, 30, tzinfo=UTC)


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(zone=st.sampled_from(ZONES),
       on=st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
       start=st.times().map(lambda t: t.replace(second=0, microsecond=0)))
async def test_race_morning_lands_90_real_minutes_before_any_start(
    app: App, clock: Clock, zone: ZoneInfo, on: date, start: time
) -> None:
    _, _, race_posts = sources(app, clock)
    race = await race_at(app, zone, on, f"{start:%H:%M}", guild=next(guilds))
    run_at = await race_posts.run_for(race)
    gun = run_at + timedelta(minutes=90)
    wall = datetime.combine(on, start)
    if wall.replace(tzinfo=zone).astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall:
        assert gun.astimezone(zone).replace(tzinfo=None) == wall  # a start that exists
    else:
        assert gun == run_on(start, zone, on)  # in a gap: the end of the gap
        assert gun.astimezone(zone).date() in (on, on - timedelta(days=1))


# --- rotate follows the phase; a fixed theme keeps its theme -----------------------------------


async def test_rotate_follows_the_phase(app: App, clock: Clock, library: Library) -> None:
    _, morning, _ = sources(app, clock)
    await app.clubs.set_timezone(CLUB, "Europe/London")
    race_day = date(2026, 6, 20)
    await app.races.add(CLUB, "Harbour 10K", race_day.isoformat(), CHANNEL)
    schedule = (await app.schedules.add(CLUB, CHANNEL, "07:00")).schedule
    for offset, phase in [(6, Phase.TAPER), (2, Phase.TAPER), (1, Phase.RACE_EVE),
                          (0, Phase.RACE_DAY), (-1, Phase.AFTER), (-3, Phase.AFTER)]:
        on = race_day - timedelta(days=offset)
        pool = PHASE_POOLS[phase]
        for _ in range(3):
            post = await morning.post_for(schedule, on)
            entry = library.entries[post.entry_id]
            assert pool.wants_tag(entry.tags) or entry.theme in pool.themes, (phase, entry.id)
    later = race_day + timedelta(days=4)  # build again (no race ahead): the usual rotation
    enabled = await app.encouragement.enabled_theme_ids(CLUB)
    assert (await morning.post_for(schedule, later)).theme_id == rotation_theme(
        schedule.id, later, enabled)


async def test_rotate_falls_back_to_the_rotation_once_the_phase_is_used_up(
    app: App, clock: Clock, library: Library
) -> None:
    _, morning, _ = sources(app, clock)
    race_day = date(2026, 6, 20)
    eve = race_day - timedelta(days=1)
    await app.races.add(CLUB, "Harbour 10K", race_day.isoformat(), CHANNEL)
    schedule = (await app.schedules.add(CLUB, CHANNEL, "07:00", kind="mantra")).schedule
    eve_mantras = {e.id for e in library.entries.values()
                   if "race-eve" in e.tags and e.kind == "mantra"}
    assert eve_mantras
    shown = [(await morning.post_for(schedule, eve)).entry_id for _ in eve_mantras]
    assert set(shown) == eve_mantras  # each once, before anything else
    rotation = rotation_theme(schedule.id, eve, await app.encouragement.enabled_theme_ids(CLUB))
    after = await morning.post_for(schedule, eve)
    assert (after.theme_id, after.kind) == (rotation, "mantra")


async def test_a_fixed_theme_keeps_its_theme_and_gains_the_countdown(
    app: App, clock: Clock
) -> None:
    _, morning, _ = sources(app, clock)
    race_day = date(2026, 6, 6)
    race = await app.races.add(CLUB, "Harbour 10K", race_day.isoformat(), CHANNEL)
    await app.races.add(CLUB, "Hill Half", "2026-06-25", CHANNEL)
    await app.races.add(CLUB, "Bay Marathon", "2026-06-28", CHANNEL)
    await app.races.join(Where(CLUB, CHANNEL, 5), race.id)
    schedule = (await app.schedules.add(CLUB, CHANNEL, "07:00", theme="belonging")).schedule
    for on, lines in [
        (date(2026, 6, 1), ("🏁 Harbour 10K in 5 days · 1 running", "🏁 Hill Half in 24 days")),
        (race_day, ("🏁 Harbour 10K is today · 1 running", "🏁 Hill Half in 19 days")),
        (date(2026, 6, 30), ()),
    ]:
        outgoing = await morning.outgoing(schedule, on)
        assert outgoing.embed.theme_id == "belonging"
        assert outgoing.lines == lines


async def test_race_day_picks_are_not_for_another_moment(app: App, clock: Clock,
                                                         library: Library) -> None:
    _, morning, race_posts = sources(app, clock)
    race = await app.races.add(CLUB, "Harbour 10K", "2026-06-20", CHANNEL)
    schedule = (await app.schedules.add(CLUB, CHANNEL, "07:00")).schedule
    other_moments = {"taper", "race-eve", *POST_RACE_TAGS}
    picked = []
    for n in range(10):  # ten clubs' channels on race morning
        good_luck = await race_posts.outgoing(replace(race, channel_id=100 + n))
        rotate = await morning.post_for(replace(schedule, channel_id=200 + n), race.local_date)
        picked += [good_luck.embed.entry_id, rotate.entry_id]
    wrong = [(i, library.entries[i].tags) for i in picked
             if other_moments & set(library.entries[i].tags)]
    assert wrong == []
