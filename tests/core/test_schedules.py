"""Tests for bot.core.schedules: parsing, DST-safe run times, rotation and nonces.

2026 clock changes used below (UTC instants):
- Europe/London: forward 29 Mar 01:00 (01:00 GMT -> 02:00 BST),
  back 25 Oct 01:00 (02:00 BST -> 01:00 GMT). London's gap is 01:00-02:00 local,
  so 02:30 exists there on 29 March; 01:30 is the skipped time.
- America/New_York: forward 8 Mar 07:00 (02:00 EST -> 03:00 EDT),
  back 1 Nov 06:00 (02:00 EDT -> 01:00 EST).
- Australia/Sydney: back 4 Apr 16:00 (Sun 5 Apr 03:00 AEDT -> 02:00 AEST),
  forward 3 Oct 16:00 (Sun 4 Oct 02:00 AEST -> 03:00 AEDT).
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.inputs import (
    format_days,
    format_time,
    parse_days,
    parse_kind,
    parse_theme_choice,
    parse_time,
    parse_zone,
)
from bot.core.morning_posts import rotation_theme
from bot.core.posting import delivery_nonce
from bot.core.recurrence import ScheduleSpec, latest_due, local_date_of, next_run, run_on
from bot.errors import UserError
from bot.values import ROTATE

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
SYDNEY = ZoneInfo("Australia/Sydney")
ZONES = [LONDON, NEW_YORK, SYDNEY]
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
NUUK = ZoneInfo("America/Nuuk")
MORE_ZONES = [*ZONES, LORD_HOWE, NUUK, ZoneInfo("America/Santiago"), ZoneInfo("Pacific/Chatham")]
EVERY_DAY = frozenset(range(7))
THEMES = ["comeback", "first-5k", "hills", "long-run", "recovery"]


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# --- parsing -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7:00", time(7, 0)),
        ("07:00", time(7, 0)),
        ("19:05", time(19, 5)),
        ("00:00", time(0, 0)),
        ("23:59", time(23, 59)),
        (" 6:30 ", time(6, 30)),
    ],
)
def test_parse_time_accepts(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "25:61",
        "24:00",
        "23:60",
        "7",
        "700",
        "07:0",
        "07:000",
        "7.00",
        "07:00:00",
        "7am",
        "7:00 pm",
        "-1:00",
        "０７:００",  # full-width digits
        "٠٧:٠٠",  # Arabic-Indic digits
    ],
)
def test_parse_time_rejects(text):
    with pytest.raises(UserError, match="use 24-hour HH:MM, like 07:00 or 18:30"):
        parse_time(text)


def test_time_error_message_is_the_documented_one():
    with pytest.raises(UserError) as caught:
        parse_time("25:61")
    assert str(caught.value) == "time '25:61' is not valid: use 24-hour HH:MM, like 07:00 or 18:30"


def test_long_input_is_shortened_in_the_message():
    with pytest.raises(UserError) as caught:
        parse_time("x" * 5000)
    assert len(str(caught.value)) < 120
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("text", ["00:00", "07:05", "23:59"])
def test_format_time_round_trips(text):
    assert format_time(parse_time(text)) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("daily", {0, 1, 2, 3, 4, 5, 6}),
        ("Every Day", {0, 1, 2, 3, 4, 5, 6}),
        ("everyday", {0, 1, 2, 3, 4, 5, 6}),
        ("weekdays", {0, 1, 2, 3, 4}),
        ("WEEKENDS", {5, 6}),
        ("mon", {0}),
        ("sun", {6}),
        ("mon,wed,fri", {0, 2, 4}),
        ("Mon, Wed , FRI", {0, 2, 4}),
        ("mon wed fri", {0, 2, 4}),
        ("Monday, Wednesday, Friday", {0, 2, 4}),
        ("tues,thurs", {1, 3}),
        ("mon-fri", {0, 1, 2, 3, 4}),
        ("mon - fri", {0, 1, 2, 3, 4}),
        ("monday-friday", {0, 1, 2, 3, 4}),
        ("fri-mon", {4, 5, 6, 0}),
        ("sat-sun", {5, 6}),
        ("sun-sat", {0, 1, 2, 3, 4, 5, 6}),
        ("mon-mon", {0}),
        ("mon,wed-fri", {0, 2, 3, 4}),
        ("sat,sun,sat", {5, 6}),
    ],
)
def test_parse_days_accepts(text, expected):
    assert parse_days(text) == frozenset(expected)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "someday",
        "mon-",
        "-fri",
        "-",
        "mon-wed-fri",
        "mon,,wed",
        ",mon",
        "mon,",
        "mo",
        "7",
    ],
)
def test_parse_days_rejects(text):
    with pytest.raises(UserError) as caught:
        parse_days(text)
    assert str(caught.value) == (
        f"days {text!r} not understood: use daily, weekdays, weekends, "
        "a list like mon,wed,fri or a range like mon-fri"
    )


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (range(7), "daily"),
        (range(5), "weekdays"),
        ({5, 6}, "weekends"),
        ({4, 0, 2}, "mon,wed,fri"),
        ({6, 0}, "mon,sun"),
        ({0, 1, 2, 3, 4, 5}, "mon,tue,wed,thu,fri,sat"),
    ],
)
def test_format_days(days, expected):
    assert format_days(days) == expected


@given(st.sets(st.integers(0, 6), min_size=1))
def test_format_days_round_trips(days):
    assert parse_days(format_days(days)) == days


@pytest.mark.parametrize("days", [set(), {7}, {-1, 0}])
def test_format_days_rejects_impossible_sets(days):
    with pytest.raises(ValueError, match=r"non-empty set of 0\.\.6"):
        format_days(days)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Europe/London", "Europe/London"),
        ("europe/london", "Europe/London"),
        (" America/New_York ", "America/New_York"),
        ("UTC", "UTC"),
        ("utc", "UTC"),
        ("Australia/Sydney", "Australia/Sydney"),
    ],
)
def test_parse_zone_accepts(text, key):
    assert parse_zone(text).key == key


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "Mars/Base",
        "London",
        "America",
        "/etc/localtime",
        "../../etc/passwd",
        "Europe/../Europe/London",
        "localtime",
        "Factory",
        "EST",
        "GMT",
        "CET",
        "BST",
        "+01:00",
    ],
)
def test_parse_zone_rejects(text):
    with pytest.raises(UserError) as caught:
        parse_zone(text)
    assert str(caught.value) == (
        f"unknown time zone {text!r}: use an IANA name like Europe/London or America/New_York"
    )


def test_parse_theme_choice():
    assert parse_theme_choice("hills", THEMES) == "hills"
    assert parse_theme_choice(" Hills ", THEMES) == "hills"
    assert parse_theme_choice("Rotate", THEMES) == ROTATE
    assert parse_theme_choice("rotate", []) == ROTATE


@pytest.mark.parametrize("text", ["", "mountains", "hill"])
def test_parse_theme_choice_lists_choices(text):
    with pytest.raises(UserError) as caught:
        parse_theme_choice(text, ["hills", "comeback"])
    assert str(caught.value) == (
        f"theme {text!r} not found: choose rotate or one of: comeback, hills"
    )


def test_parse_kind():
    assert parse_kind(None, ["story", "quote"]) is None
    assert parse_kind("", ["story", "quote"]) is None
    assert parse_kind("any", ["story", "quote"]) is None
    assert parse_kind("Story", ["story", "quote"]) == "story"
    with pytest.raises(UserError, match=r"kind 'poem' not found: choose any or one of: quote"):
        parse_kind("poem", ["story", "quote"][1:])


def test_schedule_spec_parse():
    spec = ScheduleSpec.parse(
        time="7:00",
        days="mon-fri",
        theme="hills",
        kind="story",
        known_theme_ids=THEMES,
        known_kinds=["story", "quote"],
    )
    assert spec == ScheduleSpec(time(7, 0), frozenset(range(5)), "hills", "story")
    assert ScheduleSpec.parse(time="18:30", known_theme_ids=THEMES) == ScheduleSpec(
        time(18, 30), frozenset(range(7)), ROTATE, None
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"time": "25:61"}, "time '25:61'"),
        ({"time": "07:00", "days": "mon-"}, "days 'mon-'"),
        ({"time": "07:00", "theme": "Mars"}, "theme 'Mars'"),
        ({"time": "07:00", "kind": "poem"}, "kind 'poem'"),
    ],
)
def test_schedule_spec_parse_names_the_bad_field(fields, message):
    with pytest.raises(UserError, match=message):
        ScheduleSpec.parse(**fields, known_theme_ids=THEMES, known_kinds=["story"])


@pytest.mark.parametrize(
    ("at_local", "days"),
    [
        (time(7, 0, 30), EVERY_DAY),
        (time(7, 0, tzinfo=UTC), EVERY_DAY),
        (time(7, 0), frozenset()),
        (time(7, 0), frozenset({7})),
    ],
)
def test_schedule_spec_keeps_its_invariants(at_local, days):
    with pytest.raises(ValueError):
        ScheduleSpec(at_local, days, ROTATE)


# --- run times across daylight saving -------------------------------------------------


@pytest.mark.parametrize(
    ("zone", "at_local", "local_date", "expected"),
    [
        # Europe/London, spring forward (gap 01:00-02:00 local)
        (LONDON, time(0, 30), date(2026, 3, 29), utc(2026, 3, 29, 0, 30)),
        (LONDON, time(1, 0), date(2026, 3, 29), utc(2026, 3, 29, 1, 0)),
        (LONDON, time(1, 30), date(2026, 3, 29), utc(2026, 3, 29, 1, 0)),  # skipped -> 02:00 BST
        (LONDON, time(2, 0), date(2026, 3, 29), utc(2026, 3, 29, 1, 0)),
        (LONDON, time(2, 30), date(2026, 3, 29), utc(2026, 3, 29, 1, 30)),  # exists in London
        (LONDON, time(7, 0), date(2026, 3, 28), utc(2026, 3, 28, 7, 0)),
        (LONDON, time(7, 0), date(2026, 3, 29), utc(2026, 3, 29, 6, 0)),
        # Europe/London, fall back (01:00-02:00 local happens twice)
        (LONDON, time(1, 30), date(2026, 10, 25), utc(2026, 10, 25, 0, 30)),  # first, BST
        (LONDON, time(2, 0), date(2026, 10, 25), utc(2026, 10, 25, 2, 0)),
        (LONDON, time(7, 0), date(2026, 10, 24), utc(2026, 10, 24, 6, 0)),
        (LONDON, time(7, 0), date(2026, 10, 25), utc(2026, 10, 25, 7, 0)),
        # America/New_York, spring forward (gap 02:00-03:00 local)
        (NEW_YORK, time(1, 59), date(2026, 3, 8), utc(2026, 3, 8, 6, 59)),
        (NEW_YORK, time(2, 0), date(2026, 3, 8), utc(2026, 3, 8, 7, 0)),
        (NEW_YORK, time(2, 30), date(2026, 3, 8), utc(2026, 3, 8, 7, 0)),  # skipped -> 03:00 EDT
        (NEW_YORK, time(2, 59), date(2026, 3, 8), utc(2026, 3, 8, 7, 0)),
        (NEW_YORK, time(3, 0), date(2026, 3, 8), utc(2026, 3, 8, 7, 0)),
        (NEW_YORK, time(7, 0), date(2026, 3, 7), utc(2026, 3, 7, 12, 0)),
        (NEW_YORK, time(7, 0), date(2026, 3, 8), utc(2026, 3, 8, 11, 0)),
        # America/New_York, fall back (01:00-02:00 local happens twice)
        (NEW_YORK, time(0, 59), date(2026, 11, 1), utc(2026, 11, 1, 4, 59)),
        (NEW_YORK, time(1, 0), date(2026, 11, 1), utc(2026, 11, 1, 5, 0)),
        (NEW_YORK, time(1, 30), date(2026, 11, 1), utc(2026, 11, 1, 5, 30)),  # first, EDT
        (NEW_YORK, time(2, 0), date(2026, 11, 1), utc(2026, 11, 1, 7, 0)),
        (NEW_YORK, time(7, 0), date(2026, 10, 31), utc(2026, 10, 31, 11, 0)),
        (NEW_YORK, time(7, 0), date(2026, 11, 1), utc(2026, 11, 1, 12, 0)),
        # Australia/Sydney, DST ends on the first Sunday of April (02:00-03:00 twice)
        (SYDNEY, time(2, 30), date(2026, 4, 5), utc(2026, 4, 4, 15, 30)),  # first, AEDT
        (SYDNEY, time(3, 0), date(2026, 4, 5), utc(2026, 4, 4, 17, 0)),
        (SYDNEY, time(7, 0), date(2026, 4, 4), utc(2026, 4, 3, 20, 0)),
        (SYDNEY, time(7, 0), date(2026, 4, 5), utc(2026, 4, 4, 21, 0)),
        # Australia/Sydney, DST starts on the first Sunday of October (gap 02:00-03:00)
        (SYDNEY, time(2, 30), date(2026, 10, 4), utc(2026, 10, 3, 16, 0)),  # -> 03:00 AEDT
        (SYDNEY, time(3, 0), date(2026, 10, 4), utc(2026, 10, 3, 16, 0)),
        (SYDNEY, time(7, 0), date(2026, 10, 3), utc(2026, 10, 2, 21, 0)),
        (SYDNEY, time(7, 0), date(2026, 10, 4), utc(2026, 10, 3, 20, 0)),
    ],
)
def test_run_on(zone, at_local, local_date, expected):
    run = run_on(at_local, zone, local_date)
    assert run == expected
    assert run.tzinfo is UTC
    assert local_date_of(run, zone) == local_date


@pytest.mark.parametrize(
    ("zone", "at_local", "local_date", "expected"),
    [
        # Lord Howe Island moves its clocks by 30 minutes (gap 02:00-02:30).
        (LORD_HOWE, time(2, 15), date(2026, 10, 4), utc(2026, 10, 3, 15, 30)),  # -> 02:30
        (LORD_HOWE, time(1, 45), date(2026, 4, 5), utc(2026, 4, 4, 14, 45)),  # first, +11
        # Nuuk jumps from Saturday 23:00 to Sunday 00:00: the run stays on Saturday.
        (NUUK, time(23, 30), date(2026, 3, 28), utc(2026, 3, 29, 0, 59)),  # -> 22:59
        (NUUK, time(22, 30), date(2026, 3, 28), utc(2026, 3, 29, 0, 30)),
        (NUUK, time(23, 30), date(2026, 3, 29), utc(2026, 3, 30, 0, 30)),
    ],
)
def test_run_on_unusual_changes(zone, at_local, local_date, expected):
    run = run_on(at_local, zone, local_date)
    assert run == expected
    assert local_date_of(run, zone) == local_date


def test_a_date_that_never_existed_has_no_run():
    apia = ZoneInfo("Pacific/Apia")  # skipped 30 December 2011 entirely
    runs = []
    instant = datetime(2011, 12, 28, 12, tzinfo=apia)
    for _ in range(3):
        instant = next_run(time(7, 0), EVERY_DAY, apia, instant)
        runs.append(local_date_of(instant, apia))
    assert runs == [date(2011, 12, 29), date(2011, 12, 31), date(2012, 1, 1)]


@pytest.mark.parametrize("zone", ZONES)
def test_seven_stays_seven_local_all_year(zone):
    for offset in range(366):
        day = date(2026, 1, 1) + timedelta(days=offset)
        local = run_on(time(7, 0), zone, day).astimezone(zone)
        assert (local.date(), local.time()) == (day, time(7, 0))


@pytest.mark.parametrize("zone", MORE_ZONES)
@pytest.mark.parametrize(
    "at_local",
    [
        time(0, 0),
        time(0, 30),
        time(1, 0),
        time(1, 30),
        time(2, 0),
        time(2, 30),
        time(3, 0),
        time(7, 0),
        time(23, 59),
    ],
)
def test_iterating_next_run_gives_each_day_once(zone, at_local):
    runs = []
    instant = datetime(2026, 1, 1, tzinfo=zone) - timedelta(microseconds=1)
    while instant < datetime(2027, 1, 1, tzinfo=zone):
        following = next_run(at_local, EVERY_DAY, zone, instant)
        assert following > instant
        runs.append(following)
        instant = following
    local_dates = [local_date_of(run, zone) for run in runs]
    expected = [date(2026, 1, 1) + timedelta(days=n) for n in range(len(local_dates))]
    assert local_dates == expected  # one run per local day, none skipped or doubled
    assert len(runs) >= 365
    assert len(set(runs)) == len(runs)


def test_next_run_is_strictly_after():
    run = run_on(time(7, 0), NEW_YORK, date(2026, 3, 9))
    assert next_run(time(7, 0), EVERY_DAY, NEW_YORK, run) == run_on(
        time(7, 0), NEW_YORK, date(2026, 3, 10)
    )
    assert next_run(time(7, 0), EVERY_DAY, NEW_YORK, run - timedelta(microseconds=1)) == run


def test_fall_back_second_occurrence_does_not_run_again():
    # 06:10 UTC on 1 Nov is 01:10 EST, the second pass through 01:xx in New York.
    second_pass = utc(2026, 11, 1, 6, 10)
    assert next_run(time(1, 30), EVERY_DAY, NEW_YORK, second_pass) == utc(2026, 11, 2, 6, 30)
    first_pass = utc(2026, 11, 1, 5, 10)
    assert next_run(time(1, 30), EVERY_DAY, NEW_YORK, first_pass) == utc(2026, 11, 1, 5, 30)


def test_next_run_respects_days_across_a_change():
    sundays = frozenset({6})
    after = utc(2026, 3, 1, 12)  # Sunday afternoon in New York
    runs = []
    for _ in range(3):
        after = next_run(time(2, 30), sundays, NEW_YORK, after)
        runs.append(after)
    assert runs == [utc(2026, 3, 8, 7, 0), utc(2026, 3, 15, 6, 30), utc(2026, 3, 22, 6, 30)]


def test_next_run_accepts_any_aware_datetime_and_returns_utc():
    after = datetime(2026, 3, 8, 1, 0, tzinfo=NEW_YORK)
    run = next_run(time(7, 0), EVERY_DAY, NEW_YORK, after)
    assert run == utc(2026, 3, 8, 11, 0)
    assert run.tzinfo is UTC


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        next_run(time(7, 0), EVERY_DAY, LONDON, datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="timezone-aware"):
        latest_due(time(7, 0), EVERY_DAY, LONDON, datetime(2026, 1, 1))


def test_next_run_refuses_no_days():
    with pytest.raises(ValueError, match="non-empty"):
        next_run(time(7, 0), frozenset(), LONDON, utc(2026, 1, 1))


@given(
    zone=st.sampled_from(MORE_ZONES),
    at_local=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    days=st.frozensets(st.integers(0, 6), min_size=1),
    after=st.datetimes(
        min_value=datetime(2026, 1, 1),
        max_value=datetime(2026, 12, 31),
        timezones=st.just(UTC),
    ),
)
def test_next_run_properties(zone, at_local, days, after):
    run = next_run(at_local, days, zone, after)
    assert run > after
    assert run.tzinfo is UTC
    assert local_date_of(run, zone).weekday() in days
    assert run == run_on(at_local, zone, local_date_of(run, zone))
    assert run - after <= timedelta(days=7, hours=2)
    # Nothing was skipped between after and run.
    assert next_run(at_local, days, zone, run - timedelta(microseconds=1)) == run
    assert next_run(at_local, days, zone, run) > run


# --- catch-up ---------------------------------------------------------------------


def test_latest_due():
    weekdays = frozenset(range(5))
    seven = time(7, 0)
    # Sunday 8 March: not a scheduled day.
    assert latest_due(seven, weekdays, NEW_YORK, utc(2026, 3, 8, 20)) is None
    # Monday 9 March, 06:59 EDT: not yet.
    assert latest_due(seven, weekdays, NEW_YORK, utc(2026, 3, 9, 10, 59)) is None
    # 07:00 EDT exactly, and later that day: due.
    assert latest_due(seven, weekdays, NEW_YORK, utc(2026, 3, 9, 11)) == utc(2026, 3, 9, 11)
    assert latest_due(seven, weekdays, NEW_YORK, utc(2026, 3, 10, 3, 59)) == utc(2026, 3, 9, 11)
    # Tuesday 00:30 EDT: Monday's run is yesterday, never caught up.
    assert latest_due(seven, weekdays, NEW_YORK, utc(2026, 3, 10, 4, 30)) is None


def test_latest_due_on_change_days():
    # Skipped 02:30 in New York runs at 03:00 EDT (07:00 UTC).
    assert latest_due(time(2, 30), EVERY_DAY, NEW_YORK, utc(2026, 3, 8, 6, 59, 59)) is None
    assert latest_due(time(2, 30), EVERY_DAY, NEW_YORK, utc(2026, 3, 8, 7)) == utc(2026, 3, 8, 7)
    # During the repeated hour the run (first 01:30) is already due.
    assert latest_due(time(1, 30), EVERY_DAY, NEW_YORK, utc(2026, 11, 1, 6, 10)) == utc(
        2026, 11, 1, 5, 30
    )
    # Sydney, first Sunday of October: 02:30 becomes 03:00 AEDT.
    assert latest_due(time(2, 30), EVERY_DAY, SYDNEY, utc(2026, 10, 3, 16)) == utc(2026, 10, 3, 16)


def test_local_date_of():
    assert local_date_of(utc(2026, 4, 4, 15), SYDNEY) == date(2026, 4, 5)
    assert local_date_of(utc(2026, 11, 1, 3), NEW_YORK) == date(2026, 10, 31)


# --- rotation ---------------------------------------------------------------------

theme_lists = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=12),
    min_size=1,
    max_size=12,
    unique=True,
)
schedule_ids = st.integers(0, 2**63 - 1)
dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1))


@given(schedule_ids, dates, theme_lists, st.randoms())
def test_rotation_is_stable_under_reordering(schedule_id, day, themes, rng):
    shuffled = list(themes)
    rng.shuffle(shuffled)
    picked = rotation_theme(schedule_id, day, themes)
    assert picked in themes
    assert rotation_theme(schedule_id, day, shuffled) == picked
    assert rotation_theme(schedule_id, day, themes + themes[:1]) == picked  # duplicates ignored


@given(schedule_ids, dates, theme_lists.filter(lambda themes: len(themes) >= 2))
def test_rotation_differs_on_consecutive_days(schedule_id, day, themes):
    following = day + timedelta(days=1)
    assert rotation_theme(schedule_id, day, themes) != rotation_theme(
        schedule_id, following, themes
    )


@given(schedule_ids, dates, theme_lists)
def test_rotation_shows_every_theme_once_per_cycle(schedule_id, day, themes):
    cycle = [
        rotation_theme(schedule_id, day + timedelta(days=n), themes) for n in range(len(themes))
    ]
    assert sorted(cycle) == sorted(themes)


def test_rotation_is_not_in_step_across_schedules():
    day = date(2026, 6, 1)
    picks = {rotation_theme(schedule_id, day, THEMES) for schedule_id in range(1, 21)}
    assert len(picks) >= 3


@pytest.mark.parametrize(
    ("schedule_id", "expected"),
    [(1, ["hills", "long-run", "recovery"]), (42, ["comeback", "first-5k", "hills"])],
)
def test_rotation_is_the_same_in_every_process(schedule_id, expected):
    # Fixed values (Python's hash() would vary per process); a change here
    # would reshuffle every club's rotation.
    first = date(2026, 1, 1)
    picks = [rotation_theme(schedule_id, first + timedelta(days=n), THEMES) for n in range(3)]
    assert picks == expected


def test_rotation_needs_a_theme():
    with pytest.raises(ValueError, match="at least one theme"):
        rotation_theme(1, date(2026, 1, 1), [])


# --- nonces -----------------------------------------------------------------------


def test_nonce_shape():
    assert delivery_nonce(0, date(2026, 3, 8)) == "sw0-20260308"
    assert delivery_nonce(36, date(2026, 3, 8)) == "sw10-20260308"
    assert delivery_nonce(2**63 - 1, date(2026, 3, 8)) == "sw1y2p0ij32e8e7-20260308"


@pytest.mark.parametrize("schedule_id", [0, 1, 35, 36, 2**31, 2**53 + 1, 2**63 - 1])
@pytest.mark.parametrize("day", [date(1, 1, 1), date(2026, 12, 31), date(9999, 12, 31)])
def test_nonce_fits_discord(schedule_id, day):
    assert len(delivery_nonce(schedule_id, day)) <= 25


@pytest.mark.parametrize("schedule_id", [-1, 2**63])
def test_nonce_refuses_impossible_ids(schedule_id):
    with pytest.raises(ValueError, match="schedule id"):
        delivery_nonce(schedule_id, date(2026, 1, 1))


def test_nonces_are_distinct_on_a_grid():
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(400)]
    ids = [*range(100), 2**62, 2**63 - 1]
    nonces = {delivery_nonce(schedule_id, day) for schedule_id in ids for day in days}
    assert len(nonces) == len(ids) * len(days)


@given(schedule_ids, dates, schedule_ids, dates)
def test_nonces_are_distinct(first_id, first_day, second_id, second_day):
    same = (first_id, first_day) == (second_id, second_day)
    assert (delivery_nonce(first_id, first_day) == delivery_nonce(second_id, second_day)) == same
