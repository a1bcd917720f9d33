"""Fan-out under failure: SIGKILL mid-way and a dropped gateway still give one post each."""

from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.config import Settings
from bot.store import Store
from tests.discord.conftest import TOKEN, running_bot
from tests.fakediscord import FakeDiscord

CLUB = 5000
FIRST_CHANNEL = 600_000


async def seed(path: Path, count: int, minutes_ago: int = 10) -> list[int]:
    """``count`` schedules in one club, each in its own channel, due a few minutes ago."""
    store = await Store.open(path)
    due = (datetime.now(UTC) - timedelta(minutes=minutes_ago)).strftime("%H:%M")
    channels = [FIRST_CHANNEL + n for n in range(count)]
    for channel in channels:
        await store.schedules.add(CLUB, channel, due, "daily", "rotate", None, None)
    await store.close()
    with sqlite3.connect(path) as db:  # they existed before today's run
        db.execute("UPDATE schedules SET created_at = ?",
                   ((datetime.now(UTC) - timedelta(days=1)).isoformat(),))
    return channels


def posted(fake: FakeDiscord, channels: list[int]) -> list[int]:
    return [len(fake.messages(c)) for c in channels]


async def start_bot_process(fake: FakeDiscord, tmp_path: Path) -> asyncio.subprocess.Process:
    config = tmp_path / "config.yaml"
    config.write_text("database:\n  path: bot.db\ndiscord:\n  sync_commands: 'off'\n")
    env = os.environ | {"DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE_URL": fake.api_base_url,
                        "DISCORD_GATEWAY_URL": fake.gateway_url}
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--config", str(config), "run", env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)


async def test_sigkill_mid_fanout_then_restart_posts_each_channel_once(tmp_path: Path) -> None:
    """No channel is missed; the rare one posted twice is counted and must be zero."""
    async with FakeDiscord(bot_user_id=1, application_id=2, valid_token=TOKEN,
                           rate_limit_per_second=100) as fake:
        channels = await seed(tmp_path / "bot.db", 500)
        fake.add_guild(CLUB, "Big Club", channels=[(c, f"c{c}") for c in channels])
        first = await start_bot_process(fake, tmp_path)
        await fake.wait_until(lambda: sum(posted(fake, channels)) >= 150, 60, "150 posts")
        first.send_signal(signal.SIGKILL)
        await first.wait()
        killed_at = sum(posted(fake, channels))
        assert killed_at < 500, "the fan-out finished before the kill; nothing was tested"
        second = await start_bot_process(fake, tmp_path)
        try:
            await fake.wait_until(lambda: all(posted(fake, channels)), 90, "every channel")
            await asyncio.sleep(1.5)  # a double post would arrive now
        finally:
            second.send_signal(signal.SIGTERM)
            await asyncio.wait_for(second.wait(), 30)
        counts = posted(fake, channels)
        assert counts.count(0) == 0
        assert [c for c in channels if len(fake.messages(c)) > 1] == []
    with sqlite3.connect(tmp_path / "bot.db") as db:
        statuses = dict(db.execute("SELECT status, COUNT(*) FROM post_ledger GROUP BY status"))
    assert statuses == {"sent": 500}


async def test_gateway_dropped_during_fanout(tmp_path: Path) -> None:
    async with FakeDiscord(bot_user_id=1, application_id=2, valid_token=TOKEN,
                           rate_limit_per_second=100) as fake:
        channels = await seed(tmp_path / "bot.db", 300)
        fake.add_guild(CLUB, "Big Club", channels=[(c, f"c{c}") for c in channels])
        from bot.discord.endpoints import point_discord_at

        point_discord_at(fake.api_base_url, fake.gateway_url)
        settings = replace(Settings(), database_path=tmp_path / "bot.db", sync_commands="off")
        try:
            async with running_bot(fake, settings):
                await fake.wait_until(lambda: sum(posted(fake, channels)) >= 60, 30, "60 posts")
                await fake.drop_gateway(resumable=False)
                await fake.wait_until(lambda: all(posted(fake, channels)), 60, "every channel")
                await asyncio.sleep(1.0)
        finally:
            point_discord_at(None, None)
        assert posted(fake, channels) == [1] * len(channels)
