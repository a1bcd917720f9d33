"""Fan-out over processes: N schedules due at once, split over two bot processes, one budget.

Two ``python -m bot run --shards i --shard-count 2`` processes on one PostgreSQL
database, against one fake Discord (in this process) that enforces the bot
token's global limit of R requests a second across both. Each process paces its
posts to its share, R/2. Prints the wall time from the moment the posts are due
until the last one arrived, against the N/R s floor (target ratio <= 1.15), how
many were delivered (each channel exactly once), the 429s Discord answered, and
each process's peak memory.

    .venv/bin/python bench/shards.py                 # 10,000 schedules at 50 req/s
    .venv/bin/python bench/shards.py --quick         # 200 schedules, a smoke run

``--start minute`` (the default) makes every schedule due at the next minute that
leaves the processes time to start: the jobs fire together, the real fan-out.
``--start catch-up`` makes them due a minute ago: each process posts them as its
catch-up at start (quicker to run; what ``--quick`` uses).

PostgreSQL: as ``bench/postgres.py`` (``--pg-url``, ``SECONDWIND_TEST_PG_URL``,
or a throwaway server).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.postgres import (  # noqa: E402
    TOKEN,
    bot_process,
    fresh_database,
    healthy,
    peak_rss_mb,
    postgres_server,
    scrape,
    wait_for,
)
from bench.timed_posts import add_clubs, time_delivery  # noqa: E402
from bot.store import Store  # noqa: E402
from tests.fakediscord import FakeDiscord  # noqa: E402

CHANNELS_PER_GUILD = 100
LEAD_TIME = 45  # seconds the processes get to start before the posts are due


def guild_of(index: int) -> int:
    """Guild ids alternate between shard 0 and shard 1 of 2: ``(id >> 22) % 2``."""
    return ((index + 2) << 22) | 1


async def seed(url: str, schedules: int, due: datetime) -> list[tuple[int, int]]:
    """Clubs with one schedule per channel, all due at ``due`` (UTC clubs)."""
    places = [(guild_of(n // CHANNELS_PER_GUILD), 1_000_000 + n) for n in range(schedules)]
    created = min(due, datetime.now(UTC)) - timedelta(minutes=1)
    store = await Store.open(url)
    async with store.database.transaction() as conn:
        await conn.executemany(
            "INSERT INTO clubs (guild_id, timezone, created_at) VALUES (?, 'UTC', ?)",
            [(g, created.isoformat()) for g in sorted({g for g, _ in places})])
        await conn.executemany(
            "INSERT INTO schedules (guild_id, channel_id, local_time, days, theme, created_at)"
            " VALUES (?, ?, ?, 'daily', 'rotate', ?)",
            [(g, c, due.strftime("%H:%M"), created.isoformat(timespec="seconds"))
             for g, c in places])
    await store.close()
    return places


async def run(schedules: int, rate: int, start: str, server: str) -> int:
    now = datetime.now(UTC)
    if start == "minute":
        due = (now + timedelta(seconds=LEAD_TIME + 60)).replace(second=0, microsecond=0)
    else:
        due = (now - timedelta(minutes=1)).replace(second=0, microsecond=0)
    async with fresh_database(server) as url:
        began = time.perf_counter()
        places = await seed(url, schedules, due)
        print(f"seeded {schedules} schedules in {time.perf_counter() - began:.1f} s, due "
              f"{due:%H:%M} UTC ({start})")
        async with FakeDiscord(bot_user_id=1, application_id=2, valid_token=TOKEN,
                               rate_limit_per_second=rate) as fake:
            add_clubs(fake, places)
            with tempfile.TemporaryDirectory(prefix="secondwind-shards-") as tmp:
                folder = Path(tmp)
                first = bot_process(fake, folder, "shard-0", database=url,
                                    args=("--shards", "0", "--shard-count", "2"))
                second = bot_process(fake, folder, "shard-1", database=url,
                                     args=("--shards", "1", "--shard-count", "2"))
                async with first as (p0, port0), second as (p1, port1):
                    delivered = lambda: sum(1 for _, c in places if fake.messages(c))  # noqa: E731
                    if start == "minute":
                        for port in (port0, port1):
                            await wait_for(lambda p=port: healthy(p), 120, "both processes")
                        await asyncio.sleep(max(0.0, (due - datetime.now(UTC)).total_seconds()))
                    else:  # the clock starts at the first post: start-up is not fan-out
                        await fake.wait_until(lambda: delivered() > 0, 120, "the first post")
                    wall = await time_delivery(delivered, schedules,
                                               give_up=schedules / rate * 3 + 60, settle=2.0)
                    metrics = [await scrape(port0), await scrape(port1)]
                    peaks = [peak_rss_mb(p0.pid), peak_rss_mb(p1.pid)]
            counts = [len(fake.messages(c)) for _, c in places]
            throttled = sum(1 for r in fake.requests if r.status == 429)
        store = await Store.open(url)
        row = await store.database.fetch_one(
            "SELECT COUNT(*) FROM post_ledger WHERE status = 'sent'")
        sent = int(row[0]) if row else 0
        await store.close()
    floor = schedules / rate
    waits = [int(m.get("secondwind_rate_limit_waits_total", 0)) for m in metrics]
    posted = [int(sum(v for k, v in m.items() if k.startswith("secondwind_posts_total")
                      and ('outcome="sent"' in k or 'outcome="caught_up"' in k)))
              for m in metrics]
    print(f"schedules            {schedules} over 2 processes (shards 0 and 1 of 2)")
    print(f"rate limit           {rate} requests/s (global, per token); {rate / 2:g} each")
    since = "the minute they were due" if start == "minute" else "the first post"
    print(f"wall time            {wall:.2f} s (from {since})")
    print(f"lower bound N/rate   {floor:.2f} s")
    print(f"ratio                {wall / floor:.3f}  (target <= 1.15)")
    print(f"delivered            {sum(1 for c in counts if c >= 1)} of {schedules}")
    print(f"channels posted twice {sum(1 for c in counts if c > 1)}")
    print(f"ledger 'sent'        {sent}")
    print(f"posted per process   {posted[0]} / {posted[1]}")
    print(f"pacer waits          {waits[0]} / {waits[1]}")
    print(f"429 answers          {throttled}")
    print(f"peak RSS per process {peaks[0]:.0f} MB / {peaks[1]:.0f} MB (bot processes alone)")
    return 0 if sent == schedules and all(c == 1 for c in counts) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schedules", type=int, default=10_000)
    parser.add_argument("--rate", type=int, default=50)
    parser.add_argument("--start", choices=("minute", "catch-up"), default=None)
    parser.add_argument("--pg-url", help="PostgreSQL server (see bench/postgres.py)")
    parser.add_argument("--quick", action="store_true", help="200 schedules by catch-up")
    args = parser.parse_args()
    schedules = 200 if args.quick else args.schedules
    start = args.start or ("catch-up" if args.quick else "minute")
    with postgres_server(args.pg_url) as server:
        return asyncio.run(run(schedules, args.rate, start, server))


if __name__ == "__main__":
    raise SystemExit(main())
