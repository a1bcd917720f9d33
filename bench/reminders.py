"""Reminders: N members with a reminder in the same minute, by DM, through a fake Discord at R/s.

A daily reminder costs one request once the member's DM channel is known (the
bot keeps its id); the first time, opening the DM channel is a request of its
own. So the run is measured twice, each from a fresh database:

- ``known``: every member's DM channel id is already kept (any day after the
  first): N requests, lower bound N/R;
- ``first``: no DM channel known yet (the first morning): 2N requests, bound 2N/R.

Prints, for each, the wall time from the moment the jobs fire until the last DM
arrived, against that lower bound (target ratio <= 1.15); the requests really
made (DM channels opened, DMs sent, 429s); and that each member got their DM
exactly once (one message in their DM channel, one ledger row marked sent).

    .venv/bin/python bench/reminders.py                 # 10,000 members at 50 req/s, both runs
    .venv/bin/python bench/reminders.py --only known    # one of the two
    .venv/bin/python bench/reminders.py --quick         # 200 members, a smoke run

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
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.timed_posts import FIRE_AHEAD, TOKEN, bot_against, fire_together, time_delivery
from bot.store import Store
from bot.values import PostKind
from tests.fakediscord import FakeDiscord
from tests.fakediscord.server import MEMBER_PERMISSIONS

MEMBERS_PER_CLUB = 100
FIRST_CLUB = 10_000
FIRST_MEMBER = 70_000_000


def seed(path: Path, members: list[tuple[int, int]], dm_channels: dict[int, int]) -> None:
    """One reminder per member at 07:00 UTC; DM channel ids kept when ``dm_channels`` has them.

    Raw SQL in one transaction (seeding is not what is measured). ``created_at`` is
    now, so the start-up catch-up does not take today's 07:00 for a missed run.
    """
    now = datetime.now(UTC).isoformat(timespec="seconds")
    clubs = sorted({guild for guild, _ in members})
    with sqlite3.connect(path) as db:
        db.executemany("INSERT INTO clubs (guild_id, timezone, created_at) VALUES (?, 'UTC', ?)",
                       [(guild, now) for guild in clubs])
        db.executemany(
            "INSERT INTO reminders (user_id, guild_id, local_time, days, created_at)"
            " VALUES (?, ?, '07:00', 'daily', ?)", [(user, guild, now) for guild, user in members])
        db.executemany(
            "INSERT INTO member_settings (user_id, dm_channel_id, created_at) VALUES (?, ?, ?)",
            [(user, dm_channels[user], now) for _, user in members if user in dm_channels])


async def run(count: int, rate: int, known: bool) -> int:
    label = "known" if known else "first"
    members = [(FIRST_CLUB + n // MEMBERS_PER_CLUB, FIRST_MEMBER + n) for n in range(count)]
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "reminders.db"
        store = await Store.open(db)  # the bot's own schema
        await store.close()
        async with FakeDiscord(bot_user_id=1, application_id=2, valid_token=TOKEN,
                               rate_limit_per_second=rate) as fake:
            clubs: dict[int, list[tuple[int, str, int]]] = {}
            for guild, user in members:
                clubs.setdefault(guild, []).append((user, f"m{user}", MEMBER_PERMISSIONS))
            for guild, people in clubs.items():
                fake.add_guild(guild, f"club {guild}", members=people)
            dm_channels = ({user: fake.open_dm_channel(user) for _, user in members} if known
                           else {})
            started = time.perf_counter()
            seed(db, members, dm_channels)
            print(f"[{label}] seeded {count} members with a reminder "
                  f"in {time.perf_counter() - started:.1f} s")
            needed = count if known else 2 * count
            async with bot_against(fake, db) as bot:
                await asyncio.gather(*bot.jobs.tasks)  # the start-up catch-up: nothing to send
                before = len(fake.requests)
                run_at = (datetime.now(UTC) + FIRE_AHEAD).replace(second=0, microsecond=0)
                await fire_together(bot, PostKind.REMINDER, range(1, count + 1), run_at)
                wall = await time_delivery(
                    lambda: sum(1 for _, user in members
                                if (c := fake.dm_channel_id(user)) and fake.messages(c)),
                    count, give_up=needed / rate * 3 + 30)
            made = fake.requests[before:]
            opened = sum(1 for r in made if r.method == "POST" and r.status == 200
                         and r.path == "/users/@me/channels")
            sends = sum(1 for r in made if r.method == "POST" and r.status == 200
                        and r.path.endswith("/messages"))
            throttled = sum(1 for r in made if r.status == 429)
            counts = [len(fake.messages(c)) if (c := fake.dm_channel_id(user)) else 0
                      for _, user in members]
        with sqlite3.connect(db) as conn:
            sent = conn.execute("SELECT COUNT(*) FROM post_ledger WHERE kind = 'reminder'"
                                " AND status = 'sent'").fetchone()[0]
    bound = needed / rate
    state = "known" if known else "not known yet"
    print(f"[{label}] members               {count} (DM channels {state})")
    print(f"[{label}] rate limit            {rate} requests/s (global)")
    each = "one DM each" if known else "open + DM each"
    print(f"[{label}] requests needed       {needed} ({each})")
    print(f"[{label}] requests made         {opened} DM channels opened, {sends} DMs sent, "
          f"{throttled} answered 429")
    print(f"[{label}] wall time             {wall:.2f} s")
    print(f"[{label}] lower bound           {bound:.2f} s")
    print(f"[{label}] ratio                 {wall / bound:.3f}  (target <= 1.15)")
    print(f"[{label}] delivered             {sum(1 for c in counts if c >= 1)} of {count}")
    print(f"[{label}] members DMed twice    {sum(1 for c in counts if c > 1)}")
    print(f"[{label}] ledger rows 'sent'    {sent}")
    ok = sent == count and all(c == 1 for c in counts) and opened == (0 if known else count)
    return 0 if ok else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10_000)
    parser.add_argument("--rate", type=int, default=50)
    parser.add_argument("--only", choices=("known", "first"), help="run one of the two")
    parser.add_argument("--quick", action="store_true", help="200 members, a smoke run")
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    count = 200 if args.quick else args.members
    runs = [args.only == "known"] if args.only else [True, False]
    results = [asyncio.run(run(count, args.rate, known)) for known in runs]
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory (bot + fake, one process) {peak_mb:.0f} MB")
    return max(results)


if __name__ == "__main__":
    raise SystemExit(main())
