"""Run the real bot against the fake Discord on loopback."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import Settings
from bot.discord.client import SecondWind
from bot.discord.endpoints import point_discord_at
from tests.fakediscord import FakeDiscord
from tests.fakediscord.server import MANAGE_GUILD, MEMBER_PERMISSIONS

TOKEN = "fake-token-for-tests"
BOT_ID, APP_ID = 900, 901
GUILD, OTHER_GUILD = 1000, 2000
GENERAL, MORNING, OTHER_CHANNEL = 1001, 1002, 2001
ADMIN, MEMBER, FRIEND = 3001, 3002, 3003
ROLE = 1100


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(bot_user_id=BOT_ID, application_id=APP_ID, valid_token=TOKEN) as server:
        server.add_guild(GUILD, "Harbour Runners",
                         channels=[(GENERAL, "general"), (MORNING, "morning")],
                         roles=[(ROLE, "early-birds")],
                         members=[(ADMIN, "coach", MEMBER_PERMISSIONS | MANAGE_GUILD),
                                  (MEMBER, "ana", MEMBER_PERMISSIONS),
                                  (FRIEND, "sam", MEMBER_PERMISSIONS)])
        server.add_guild(OTHER_GUILD, "Hill Striders", channels=[(OTHER_CHANNEL, "general")],
                         members=[(ADMIN, "coach", MEMBER_PERMISSIONS | MANAGE_GUILD)])
        point_discord_at(server.api_base_url, server.gateway_url)
        yield server
        point_discord_at(None, None)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return replace(Settings(), database_path=tmp_path / "bot.db", sync_commands=GUILD)


@contextlib.asynccontextmanager
async def running_bot(fake: FakeDiscord, settings: Settings) -> AsyncIterator[SecondWind]:
    """Start the bot, wait until the fake saw it ready, and close it afterwards."""
    bot = SecondWind(settings, guild_ready_timeout=0.1)
    ready = fake_ready_count(fake)
    task = asyncio.create_task(bot.start(TOKEN))
    try:
        await fake.wait_identified(ready + 1, timeout=15)
        await asyncio.wait_for(bot.wait_until_ready(), 15)
        yield bot
    finally:
        with contextlib.suppress(TimeoutError):  # closed mid-handshake, its heartbeat lives on
            await fake.wait_handshakes(timeout=10)
        await bot.close()
        await asyncio.wait_for(task, 10)


def fake_ready_count(fake: FakeDiscord) -> int:
    return len(fake.identifies)


@pytest.fixture
async def bot(fake: FakeDiscord, settings: Settings) -> AsyncIterator[SecondWind]:
    async with running_bot(fake, settings) as running:
        yield running
