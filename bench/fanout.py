"""Fan-out: N schedules due in the same minute, through a fake Discord limited to R req/s.

Prints the wall time from the moment the jobs fire until the last post arrived,
against the N/R s lower bound (target ratio <= 1.15), how many were delivered
(must be all, each channel exactly once), and the process's peak memory.

    .venv/bin/python bench/fanout.py                # 10,000 schedules at 50 req/s
    .venv/bin/python bench/fanout.py --quick        # 200 schedules, a smoke run

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
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config import Settings
from bot.discord.client import SecondWind
from bot.discord.endpoints import point_discord_at
from bot.store import Store
from tests.fakediscord import FakeDiscord

TOKEN = "bench-token"
CHANNELS_PER_GUILD = 100


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
            guilds: dict[int, list[tuple[int, str]]] = {}
            for guild, channel in places:
                guilds.setdefault(guild, []).append((channel, f"c{channel}"))
            for guild, channels in guilds.items():
                fake.add_guild(guild, f"club {guild}", channels=channels)
            point_discord_at(fake.api_base_url, fake.gateway_url)
            settings = replace(Settings(), database_path=db, sync_commands="off")
            bot = SecondWind(settings, guild_ready_timeout=0.1)
            task = asyncio.create_task(bot.start(TOKEN))
            await asyncio.wait_for(bot.wait_until_ready(), 120)
            fire_at = datetime.now(UTC) + timedelta(seconds=2)
            run_at = fire_at.replace(second=0, microsecond=0)
            for schedule_id in range(1, schedules + 1):
                bot.scheduler.arm(schedule_id, run_at, retry_at=fire_at)
            await asyncio.sleep((fire_at - datetime.now(UTC)).total_seconds())
            began = time.perf_counter()
            delivered = lambda: sum(len(fake.messages(c)) for _, c in places)  # noqa: E731
            give_up = schedules / rate * 3 + 30
            while delivered() < schedules and time.perf_counter() - began < give_up:
                await asyncio.sleep(0.05)
            wall = time.perf_counter() - began
            await asyncio.sleep(1.0)  # anything doubled would show up now
            await bot.close()
            await task
            point_discord_at(None, None)
            counts = [len(fake.messages(c)) for _, c in places]
            throttled = sum(1 for r in fake.requests if r.status == 429)
        with sqlite3.connect(db) as conn:
            sent = conn.execute(
                "SELECT COUNT(*) FROM deliveries WHERE status = 'sent'").fetchone()[0]
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schedules", type=int, default=10_000)
    parser.add_argument("--rate", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="200 schedules, a smoke run")
    args = parser.parse_args()
    return asyncio.run(run(200 if args.quick else args.schedules, args.rate))


if __name__ == "__main__":
    raise SystemExit(main())
