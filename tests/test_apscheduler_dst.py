"""What APScheduler 3.11's CronTrigger does on daylight-saving days, next to our next_run.

These facts decide how the scheduler uses APScheduler. Measured with APScheduler
3.11.3 and zoneinfo on the 2026 changes in Europe/London, America/New_York and
Australia/Sydney, calling ``get_next_fire_time(previous, now)`` the way the
scheduler does after each fire (``previous`` = ``now`` = the fire just done), and
for a job built afresh (``previous=None``), as on every start:

1. Ordinary times (07:00, 12:00, 18:30, 23:59; any days) fire exactly when
   ``next_run`` says, all year: 07:00 stays 07:00 local.
2. Fall back, repeated hour (London 01:00-01:59 on 25 Oct, New York 01:00-01:59 on
   1 Nov, Sydney 02:00-02:59 on 5 Apr): CronTrigger fires TWICE, at fold=0 (the
   instant ``next_run`` gives) and again an hour later at fold=1. Both fires have
   the same local date, so the claim per (schedule, local date) drops the second.
   A job built during the repeated hour, after the first fire, fires again too.
3. Spring forward, skipped hour (London 01:01-01:59 on 29 Mar, New York and Sydney
   02:01-02:59 on 8 Mar / 4 Oct): CronTrigger fires ONCE, on the right local date,
   but returns the non-existent wall time with the old offset
   (``2026-03-08T02:30-05:00``), i.e. the instant 03:30 EDT, where ``next_run``
   says 03:00 EDT (end of the gap). It is later by how far the time lies in the
   gap (30 minutes for xx:30); at the start of the gap (02:00) they agree. A job
   built after the change but before that shifted fire (03:00-03:29 EDT for 02:30)
   jumps to the next day; ``latest_due`` already counts that run as due.
4. SKIPPED DAY, the one that needs our own handling: a time in the hour after
   midnight (00:00-00:59) does not fire at all on the Monday after a
   spring-forward Sunday, in New York and Sydney for daily schedules and in all
   three zones for weekday or Monday-only schedules (London daily is spared only
   because its change is at 01:00). CronTrigger moves to the next day by adding
   the wall-clock difference as elapsed time, so the step across the change lands
   at 01:00, the hour no longer matches, and it moves on another day (the bug of
   agronholm/apscheduler#529 and #606, still present in 3.11.3). It happens both
   after a fire and for a job built at any time between the last fire and the
   change, so no restart or catch-up notices: the post is simply not made.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger

from bot.core.inputs import DAY_ABBREVIATIONS, EVERY_DAY, parse_days
from bot.core.recurrence import latest_due, local_date_of, next_run, run_on


def cron_day_of_week(days: frozenset[int] | range) -> str:
    """Days in a cron ``day_of_week`` field (APScheduler's syntax): ``*`` or ``mon,fri``."""
    if frozenset(days) == EVERY_DAY:
        return "*"
    return ",".join(DAY_ABBREVIATIONS[day] for day in sorted(set(days)))


def test_cron_day_of_week():
    assert cron_day_of_week(range(7)) == "*"
    assert cron_day_of_week(parse_days("fri-mon")) == "mon,fri,sat,sun"

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
SYDNEY = ZoneInfo("Australia/Sydney")

# (zone, a local time in the odd hour, local date) of each 2026 change.
FALL_BACK = [
    (LONDON, time(1, 30), date(2026, 10, 25)),
    (NEW_YORK, time(1, 30), date(2026, 11, 1)),
    (SYDNEY, time(2, 30), date(2026, 4, 5)),
]
SPRING_FORWARD = [
    (LONDON, time(1, 30), date(2026, 3, 29)),
    (NEW_YORK, time(2, 30), date(2026, 3, 8)),
    (SYDNEY, time(2, 30), date(2026, 10, 4)),
]


def trigger(zone: ZoneInfo, at_local: time, days: frozenset[int]) -> CronTrigger:
    return CronTrigger(
        hour=at_local.hour,
        minute=at_local.minute,
        day_of_week=cron_day_of_week(days),
        timezone=zone,
    )


def cron_fires(zone, at_local, days, start, end):
    """Fire times in (start, end), asked for as the scheduler does after each fire.

    Returned as APScheduler gives them (in ``zone``). Compare them in UTC: Python
    never finds an aware datetime in a gap or fold equal to one in another zone.
    """
    cron = trigger(zone, at_local, days)
    fires = []
    fire = cron.get_next_fire_time(None, start + timedelta(microseconds=1))
    while fire is not None and fire < end:
        fires.append(fire)
        fire = cron.get_next_fire_time(fire, fire)
    return fires


def our_runs(zone, at_local, days, start, end):
    """next_run iterated over (start, end)."""
    runs = []
    run = next_run(at_local, days, zone, start)
    while run < end:
        runs.append(run)
        run = next_run(at_local, days, zone, run)
    return runs


def in_utc(fires):
    return [fire.astimezone(UTC) for fire in fires]


def local_midnight(zone: ZoneInfo, day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone)


def day_window(zone: ZoneInfo, day: date) -> tuple[datetime, datetime]:
    """From just before local midnight starting ``day`` to the next midnight."""
    start = local_midnight(zone, day) - timedelta(seconds=1)
    return start, local_midnight(zone, day + timedelta(days=1))


YEAR_2026 = {zone: (local_midnight(zone, date(2026, 1, 1)) - timedelta(seconds=1),
                    local_midnight(zone, date(2027, 1, 1)))
             for zone in (LONDON, NEW_YORK, SYDNEY)}  # fmt: skip


@pytest.mark.parametrize("zone", [LONDON, NEW_YORK, SYDNEY])
@pytest.mark.parametrize("at_local", [time(7, 0), time(12, 0), time(18, 30), time(23, 59)])
@pytest.mark.parametrize("days", ["daily", "weekdays", "fri-mon", "sun"])
def test_ordinary_times_agree_all_year(zone, at_local, days):
    chosen = parse_days(days)
    fires = cron_fires(zone, at_local, chosen, *YEAR_2026[zone])
    assert in_utc(fires) == our_runs(zone, at_local, chosen, *YEAR_2026[zone])
    assert all(fire.astimezone(UTC).astimezone(zone).time() == at_local for fire in fires)


@pytest.mark.parametrize(("zone", "at_local", "day"), FALL_BACK)
def test_fall_back_fires_twice(zone, at_local, day):
    fires = cron_fires(zone, at_local, EVERY_DAY, *day_window(zone, day))
    ours = run_on(at_local, zone, day)

    assert in_utc(fires) == [ours, ours + timedelta(hours=1)]
    assert [fire.fold for fire in fires] == [0, 1]
    assert {local_date_of(fire, zone) for fire in fires} == {day}  # one claim covers both
    assert our_runs(zone, at_local, EVERY_DAY, *day_window(zone, day)) == [ours]


@pytest.mark.parametrize(("zone", "at_local", "day"), FALL_BACK)
def test_job_built_during_repeated_hour_fires_again(zone, at_local, day):
    first = run_on(at_local, zone, day)
    cron = trigger(zone, at_local, EVERY_DAY)
    fire = cron.get_next_fire_time(None, first + timedelta(minutes=10))
    assert fire.astimezone(UTC) == first + timedelta(hours=1)
    assert local_date_of(fire, zone) == day


@pytest.mark.parametrize(("zone", "at_local", "day"), SPRING_FORWARD)
def test_spring_forward_fires_once_but_later_than_next_run(zone, at_local, day):
    (fire,) = cron_fires(zone, at_local, EVERY_DAY, *day_window(zone, day))
    ours = run_on(at_local, zone, day)
    one_hour_later = time(at_local.hour + 1, at_local.minute)

    # APScheduler hands back the non-existent wall time with the pre-change offset,
    assert (fire.time(), fire.fold) == (at_local, 0)
    # which is an hour later on the clock once the change is made,
    assert fire.astimezone(UTC).astimezone(zone).time() == one_hour_later
    # while next_run runs at the end of the gap: xx:30 fires 30 minutes later.
    assert ours.astimezone(zone).time() == time(at_local.hour + 1, 0)
    assert fire.astimezone(UTC) - ours == timedelta(minutes=30)
    assert local_date_of(fire, zone) == day


def test_spring_forward_agrees_at_the_start_of_the_gap():
    day = date(2026, 3, 8)
    fires = cron_fires(NEW_YORK, time(2, 0), EVERY_DAY, *day_window(NEW_YORK, day))
    assert in_utc(fires) == [run_on(time(2, 0), NEW_YORK, day)]
    assert in_utc(fires) == [datetime(2026, 3, 8, 7, 0, tzinfo=UTC)]


@pytest.mark.parametrize(("zone", "at_local", "day"), SPRING_FORWARD)
def test_weekly_schedule_in_the_gap_still_fires_that_sunday(zone, at_local, day):
    assert day.weekday() == 6
    start = local_midnight(zone, day - timedelta(days=1))
    fires = cron_fires(zone, at_local, frozenset({6}), start, start + timedelta(days=15))
    assert [local_date_of(fire, zone) for fire in fires] == [day, day + timedelta(days=7)]


def test_job_built_after_the_gap_skips_the_day_and_catch_up_covers_it():
    at_local, day = time(2, 30), date(2026, 3, 8)
    cron = trigger(NEW_YORK, at_local, EVERY_DAY)
    # Built at 02:59 EST: fires today, at 03:30 EDT.
    before_gap = datetime(2026, 3, 8, 6, 59, tzinfo=UTC)
    assert cron.get_next_fire_time(None, before_gap).astimezone(UTC) == datetime(
        2026, 3, 8, 7, 30, tzinfo=UTC
    )
    # Built at 03:10 EDT, before that fire: APScheduler jumps to tomorrow...
    after_gap = datetime(2026, 3, 8, 7, 10, tzinfo=UTC)
    fire = cron.get_next_fire_time(None, after_gap)
    assert local_date_of(fire, NEW_YORK) == day + timedelta(days=1)
    # ...but today's run (03:00 EDT) is already due for catch-up.
    assert latest_due(at_local, EVERY_DAY, NEW_YORK, after_gap) == run_on(at_local, NEW_YORK, day)


MONDAY_AFTER_SPRING_FORWARD = {
    LONDON: date(2026, 3, 30),
    NEW_YORK: date(2026, 3, 9),
    SYDNEY: date(2026, 10, 5),
}


@pytest.mark.parametrize(
    ("zone", "days"),
    [(NEW_YORK, "daily"), (SYDNEY, "daily"), (LONDON, "weekdays"), (NEW_YORK, "weekdays"),
     (SYDNEY, "weekdays"), (LONDON, "mon"), (NEW_YORK, "mon-fri")],
)  # fmt: skip
def test_hour_after_midnight_is_skipped_the_monday_after_spring_forward(zone, days):
    chosen, monday = parse_days(days), MONDAY_AFTER_SPRING_FORWARD[zone]
    start, end = local_midnight(zone, monday - timedelta(days=3)), local_midnight(zone, monday)
    end += timedelta(days=3)
    ours = our_runs(zone, time(0, 30), chosen, start, end)
    fires = in_utc(cron_fires(zone, time(0, 30), chosen, start, end))

    assert monday in {local_date_of(run, zone) for run in ours}
    assert fires == [run for run in ours if local_date_of(run, zone) != monday]


@pytest.mark.parametrize("zone", [NEW_YORK, SYDNEY])
def test_job_built_on_the_change_day_before_the_change_also_skips_monday(zone):
    monday = MONDAY_AFTER_SPRING_FORWARD[zone]
    built_at = local_midnight(zone, monday) - timedelta(hours=23)  # Sunday 01:00, before it
    fire = trigger(zone, time(0, 30), EVERY_DAY).get_next_fire_time(None, built_at)
    assert local_date_of(fire, zone) == monday + timedelta(days=1)
    # Monday's run is not due when the job is built, so catch-up at start cannot help.
    assert next_run(time(0, 30), EVERY_DAY, zone, built_at) == run_on(time(0, 30), zone, monday)


def test_london_daily_is_spared():
    chosen, monday = EVERY_DAY, MONDAY_AFTER_SPRING_FORWARD[LONDON]
    start, end = local_midnight(LONDON, monday - timedelta(days=3)), local_midnight(LONDON, monday)
    end += timedelta(days=3)
    fires = in_utc(cron_fires(LONDON, time(0, 30), chosen, start, end))
    assert fires == our_runs(LONDON, time(0, 30), chosen, start, end)


def anomalies(zone, at_local, days):
    """Compare a year of fires with next_run: (skipped, doubled, shifted by) per local date."""
    fires, ours = {}, {}
    for fire in in_utc(cron_fires(zone, at_local, days, *YEAR_2026[zone])):
        fires.setdefault(local_date_of(fire, zone), []).append(fire)
    for run in our_runs(zone, at_local, days, *YEAR_2026[zone]):
        ours[local_date_of(run, zone)] = run
    assert set(fires) <= set(ours)  # never fires on a day we would not
    skipped = set(ours) - set(fires)
    doubled = {day for day, day_fires in fires.items() if len(day_fires) > 1}
    shifted = {
        day: day_fires[0] - ours[day]
        for day, day_fires in fires.items()
        if day_fires[0] != ours[day]
    }
    return skipped, doubled, shifted


HALF_HOUR = timedelta(minutes=30)


@pytest.mark.parametrize(
    ("zone", "at_local", "days", "skipped", "doubled", "shifted"),
    [
        (LONDON, time(7, 0), "daily", set(), set(), {}),
        (LONDON, time(0, 30), "daily", set(), set(), {}),
        (LONDON, time(0, 30), "weekdays", {date(2026, 3, 30)}, set(), {}),
        (LONDON, time(1, 0), "daily", set(), {date(2026, 10, 25)}, {}),
        (LONDON, time(1, 30), "daily", set(), {date(2026, 10, 25)}, {date(2026, 3, 29): HALF_HOUR}),
        (LONDON, time(2, 30), "daily", set(), set(), {}),  # exists on both change days
        (NEW_YORK, time(7, 0), "daily", set(), set(), {}),
        (NEW_YORK, time(0, 30), "daily", {date(2026, 3, 9)}, set(), {}),
        (NEW_YORK, time(0, 30), "weekdays", {date(2026, 3, 9)}, set(), {}),
        (NEW_YORK, time(1, 30), "daily", set(), {date(2026, 11, 1)}, {}),
        (NEW_YORK, time(2, 0), "daily", set(), set(), {}),
        (NEW_YORK, time(2, 30), "daily", set(), set(), {date(2026, 3, 8): HALF_HOUR}),
        (SYDNEY, time(7, 0), "daily", set(), set(), {}),
        (SYDNEY, time(0, 30), "daily", {date(2026, 10, 5)}, set(), {}),
        (SYDNEY, time(0, 30), "weekdays", {date(2026, 10, 5)}, set(), {}),
        (SYDNEY, time(2, 30), "daily", set(), {date(2026, 4, 5)}, {date(2026, 10, 4): HALF_HOUR}),
        (SYDNEY, time(2, 30), "sun", set(), {date(2026, 4, 5)}, {date(2026, 10, 4): HALF_HOUR}),
    ],
)
def test_every_difference_over_2026(zone, at_local, days, skipped, doubled, shifted):
    assert anomalies(zone, at_local, parse_days(days)) == (skipped, doubled, shifted)
