"""The steps the fan-out benchmarks share: clubs on the fake, the bot, firing, timing.

``fanout.py`` (schedules and race mornings), ``reminders.py`` and ``shards.py``
each seed their own rows, then: put the clubs on the fake Discord, start the bot,
fire every post at the same instant, and time until the last one arrived.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import Settings
from bot.discord.client import SecondWind
from bot.discord.endpoints import point_discord_at
from bot.values import PostKind
from tests.fakediscord import FakeDiscord

TOKEN = "bench-token"
FIRE_AHEAD = timedelta(seconds=2)  # time to arm every job before they all fire


def add_clubs(fake: FakeDiscord, places: Iterable[tuple[int, int]]) -> None:
    """One server on the fake per guild, with its channels (``places``: guild, channel)."""
    guilds: dict[int, list[tuple[int, str]]] = {}
    for guild, channel in places:
        guilds.setdefault(guild, []).append((channel, f"c{channel}"))
    for guild, channels in guilds.items():
        fake.add_guild(guild, f"club {guild}", channels=channels)


@asynccontextmanager
async def bot_against(fake: FakeDiscord, db: Path) -> AsyncIterator[SecondWind]:
    """Second Wind started against the fake (ready), closed afterwards."""
    point_discord_at(fake.api_base_url, fake.gateway_url)
    settings = replace(Settings(), database_path=db, sync_commands="off")
    bot = SecondWind(settings, guild_ready_timeout=0.1)
    task = asyncio.create_task(bot.start(TOKEN))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 300)
        yield bot
    finally:
        await bot.close()
        await task
        point_discord_at(None, None)


async def fire_together(bot: SecondWind, kind: PostKind, ref_ids: Iterable[int],
                        run_at: datetime) -> None:
    """Arm every post for ``run_at`` to fire at one instant just ahead; return as they fire."""
    fire_at = datetime.now(UTC) + FIRE_AHEAD
    for ref_id in ref_ids:
        bot.jobs.arm(kind, ref_id, run_at, retry_at=fire_at)
    await asyncio.sleep((fire_at - datetime.now(UTC)).total_seconds())


async def time_delivery(delivered: Callable[[], int], count: int, give_up: float,
                        settle: float = 1.0) -> float:
    """Seconds until ``delivered()`` reaches ``count`` (or ``give_up``); then wait ``settle``
    seconds more, so that anything posted twice shows up in the counts."""
    began = time.perf_counter()
    while delivered() < count and time.perf_counter() - began < give_up:
        await asyncio.sleep(0.05)
    wall = time.perf_counter() - began
    await asyncio.sleep(settle)
    return wall
