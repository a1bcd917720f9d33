"""Fan-out: N timed posts due at once, through a fake Discord limited to R req/s.

Two modes. By default N schedules due in the same minute (100 channels per
club). With ``--race-morning``, N clubs (one Discord server each) that each have
a race on the same morning with a couple of members who joined it: every
race-morning good-luck post falls due at once, each mentioning its runners.

Prints the wall time from the moment the jobs fire until the last post arrived,
against the N/R s lower bound (target ratio <= 1.15), how many were delivered
(must be all, each channel exactly once, each with one ledger row marked sent),
and the process's peak memory.

    .venv/bin/python bench/fanout.py                        # 10,000 schedules at 50 req/s
    .venv/bin/python bench/fanout.py --quick                # 200 schedules, a smoke run
    .venv/bin/python bench/fanout.py --race-morning         # 10,000 clubs' race mornings
    .venv/bin/python bench/fanout.py --race-morning --quick # 200 clubs

The fake Discord runs in the same process (one core of the two here), so the
figure includes its own work; it is a lower bound on what a real network adds.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import resource
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.timed_posts import (
    FIRE_AHEAD,
    TOKEN,
    add_clubs,
    bot_against,
    fire_together,
    time_delivery,
)
from bot.store import Store
from bot.values import PostKind
from tests.fakediscord import FakeDiscord

CHANNELS_PER_GUILD = 100
FIRST_CLUB = 10_000
FIRST_RACE_CHANNEL = 1_000_000
FIRST_RUNNER = 50_000_000
RACE_START = "09:30"  # club time (UTC here): the good-luck post is due at 08:00


async def seed(path: Path, schedules: int) -> list[tuple[int, int]]:
    """Clubs with one schedule per channel, all at the same minute; returns (guild, channel)."""
    store = await Store.open(path)
    places = []
    for n in range(schedules):
        guild = 10_000 + n // CHANNELS_PER_GUILD
        channel = 1_000_000 + n
        await store.schedules.add(guild, channel, "07:00", "daily", "rotate", None, None)
        places.append((guild, channel))
    await store.close()
    return places


async def run(schedules: int, rate: int) -> int:
    logging.basicConfig(level=logging.ERROR)
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "fanout.db"
        started = time.perf_counter()
        places = await seed(db, schedules)
        print(f"seeded {schedules} schedules in {time.perf_counter() - started:.1f} s")
        async with FakeDiscord(bot_user_id=1, application_id=2, valid_token=TOKEN,
                               rate_limit_per_second=rate) as fake:
            add_clubs(fake, places)
            async with bot_against(fake, db) as bot:
                run_at = (datetime.now(UTC) + FIRE_AHEAD).replace(second=0, microsecond=0)
                await fire_together(bot, PostKind.SCHEDULE, range(1, schedules + 1), run_at)
                wall = await time_delivery(
                    lambda: sum(len(fake.messages(c)) for _, c in places), schedules,
                    give_up=schedules / rate * 3 + 30)
            counts = [len(fake.messages(c)) for _, c in places]
            throttled = sum(1 for r in fake.requests if r.status == 429)
        with sqlite3.connect(db) as conn:
            sent = conn.execute(
                "SELECT COUNT(*) FROM post_ledger WHERE status = 'sent'").fetchone()[0]
    bound = schedules / rate
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"schedules            {schedules}")
    print(f"rate limit           {rate} requests/s (global)")
    print(f"wall time            {wall:.2f} s")
    print(f"lower bound N/rate   {bound:.2f} s")
    print(f"ratio                {wall / bound:.3f}  (target <= 1.15)")
    print(f"delivered            {sum(1 for c in counts if c >= 1)} of {schedules}")
    print(f"channels posted twice {sum(1 for c in counts if c > 1)}")
    print(f"deliveries 'sent'    {sent}")
    print(f"429 answers          {throttled}")
    print(f"peak memory (bot + fake, one process) {peak_mb:.0f} MB")
    return 0 if sent == schedules and all(c == 1 for c in counts) else 1


# --- race morning: one race per club, every good-luck post due at once -----------------------


def seed_races(path: Path, clubs: int, runners: int, race_day: date) -> list[int]:
    """Clubs with one race each on ``race_day`` and ``runners`` members who joined it.

    Raw SQL in one transaction, like seeding.py: 10,000 repository calls through the
    write lock would take minutes, and this is seeding, not what is measured.
    Returns each race's channel, in race id order (race n is club n's, in channel n).
    """
    now = datetime.now(UTC).isoformat(timespec="seconds")
    channels = [FIRST_RACE_CHANNEL + n for n in range(clubs)]
    with sqlite3.connect(path) as db:
        db.executemany("INSERT INTO clubs (guild_id, timezone, created_at) VALUES (?, 'UTC', ?)",
                       [(FIRST_CLUB + n, now) for n in range(clubs)])
        db.executemany(
            "INSERT INTO races (id, guild_id, name, local_date, channel_id, distance, start_time,"
            " created_at) VALUES (?, ?, ?, ?, ?, '10K', ?, ?)",
            [(n + 1, FIRST_CLUB + n, f"Harbour 10K #{n}", race_day.isoformat(), channels[n],
              RACE_START, now) for n in range(clubs)])
        db.executemany(
            "INSERT INTO race_runners (race_id, user_id, joined_at) VALUES (?, ?, ?)",
            [(n + 1, FIRST_RUNNER + n * runners + r, now)
             for n in range(clubs) for r in range(runners)])
    return channels


async def run_race_morning(clubs: int, rate: int, runners: int) -> int:
    logging.basicConfig(level=logging.ERROR)
    race_day = datetime.now(UTC).date() + timedelta(days=1)  # ahead: nothing fires by itself
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "fanout.db"
        started = time.perf_counter()
        store = await Store.open(db)  # the bot's own schema
        await store.close()
        channels = seed_races(db, clubs, runners, race_day)
        print(f"seeded {clubs} clubs, each with a race and {runners} runners, "
              f"in {time.perf_counter() - started:.1f} s")
        async with FakeDiscord(bot_user_id=1, application_id=2, valid_token=TOKEN,
                               rate_limit_per_second=rate) as fake:
            for n, channel in enumerate(channels):
                fake.add_guild(FIRST_CLUB + n, f"club {n}", channels=[(channel, "races")])
            started = time.perf_counter()
            async with bot_against(fake, db) as bot:
                print(f"bot ready with {clubs} servers in {time.perf_counter() - started:.1f} s")
                run_at = datetime.combine(race_day, datetime.min.time(), UTC) + timedelta(
                    hours=8)  # 09:30 minus 90 minutes: what the bot armed each race for
                armed = bot.jobs.scheduler.get_job("race-morning:1")
                assert armed is not None and armed.args[2] == run_at, "armed elsewhere"
                await fire_together(bot, PostKind.RACE_MORNING, range(1, clubs + 1), run_at)
                wall = await time_delivery(lambda: sum(1 for c in channels if fake.messages(c)),
                                           clubs, give_up=clubs / rate * 3 + 30)
            counts = [len(fake.messages(c)) for c in channels]
            throttled = sum(1 for r in fake.requests if r.status == 429)
            posted = [r.json for r in fake.requests
                      if r.method == "POST" and r.path.startswith("/channels/") and r.status == 200]
            mentioning = sum(1 for body in posted
                             if len(body.get("allowed_mentions", {}).get("users") or []) == runners
                             and body["allowed_mentions"].get("parse") == [])
        with sqlite3.connect(db) as conn:
            rows = conn.execute(
                "SELECT COUNT(*), COUNT(DISTINCT ref_id), SUM(status = 'sent') FROM post_ledger"
                " WHERE kind = 'race-morning'").fetchone()
    ledger_rows, ledger_races, sent = (v or 0 for v in rows)
    bound = clubs / rate
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"race mornings        {clubs} clubs, {runners} runners each")
    print(f"rate limit           {rate} requests/s (global)")
    print(f"wall time            {wall:.2f} s")
    print(f"lower bound N/rate   {bound:.2f} s")
    print(f"ratio                {wall / bound:.3f}  (target <= 1.15)")
    print(f"delivered            {sum(1 for c in counts if c >= 1)} of {clubs}")
    print(f"channels posted twice {sum(1 for c in counts if c > 1)}")
    print(f"ledger rows          {ledger_rows} ({ledger_races} races, {sent} sent)")
    print(f"mentioning runners   {mentioning} of {len(posted)} posts (allowed_mentions users only)")
    print(f"429 answers          {throttled}")
    print(f"peak memory (bot + fake, one process) {peak_mb:.0f} MB")
    once = all(c == 1 for c in counts) and ledger_rows == ledger_races == sent == clubs
    return 0 if once and mentioning == clubs else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schedules", type=int, default=10_000)
    parser.add_argument("--race-morning", action="store_true",
                        help="race-morning posts of N clubs instead of schedules")
    parser.add_argument("--clubs", type=int, default=10_000, help="with --race-morning")
    parser.add_argument("--runners", type=int, default=2, help="per race, with --race-morning")
    parser.add_argument("--rate", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="200 schedules (or clubs), a "
                        "smoke run")
    args = parser.parse_args()
    if args.race_morning:
        return asyncio.run(run_race_morning(200 if args.quick else args.clubs, args.rate,
                                            args.runners))
    return asyncio.run(run(200 if args.quick else args.schedules, args.rate))


if __name__ == "__main__":
    raise SystemExit(main())
