"""Several bot processes on one PostgreSQL database, each with a slice of the shards.

Each process is ``python -m bot run --shards … --shard-count …`` as an operator
starts it, against one fake Discord that holds each shard's session apart and
sends each shard only its guilds. Schedules are due a few minutes ago, so each
process posts them as its catch-up at start; ``/metrics`` says when it is done.

- each process posts only for its own guilds, each schedule once;
- re-sharding moves guilds to the other process: nothing is posted twice that day;
- a process killed (SIGKILL) in the middle of its fan-out and started again
  leaves exactly one post per schedule;
- a change made by another process (the console, on the same database) is seen
  by a running bot at its next command.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import sys
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.config import Settings
from bot.store import Store
from tests.discord.conftest import APP_ID, BOT_ID, TOKEN, running_bot
from tests.fakediscord import MANAGE_GUILD, MEMBER_PERMISSIONS, FakeDiscord

ROOT = Path(__file__).resolve().parent.parent
ADMIN = 3001
START_TIMEOUT = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class BotProcess:
    name: str
    process: asyncio.subprocess.Process
    port: int
    output: str = ""

    async def metrics(self) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        async with aiohttp.ClientSession() as http, http.get(
                f"http://127.0.0.1:{self.port}/metrics") as response:
            text = await response.text()
        return {(sample.name, tuple(sorted(sample.labels.items()))): sample.value
                for family in text_string_to_metric_families(text) for sample in family.samples}

    async def health(self) -> tuple[int, str]:
        async with aiohttp.ClientSession() as http, http.get(
                f"http://127.0.0.1:{self.port}/healthz") as response:
            return response.status, await response.text()

    async def wait_healthy(self, timeout: float = 30) -> None:
        async with asyncio.timeout(timeout):
            while await self.health() != (200, "ok\n"):
                await asyncio.sleep(0.1)

    async def posts(self, outcome: str) -> int:
        key = ("secondwind_posts_total", (("kind", "schedule"), ("outcome", outcome)))
        return int((await self.metrics()).get(key, 0))

    async def wait_posts(self, done: Iterable[str], count: int, timeout: float = 60) -> None:
        """Until ``count`` schedules ended with one of the outcomes ``done``."""
        async with asyncio.timeout(timeout):
            while True:
                with contextlib.suppress(aiohttp.ClientError):
                    if sum([await self.posts(outcome) for outcome in done]) >= count:
                        return
                await asyncio.sleep(0.1)

    async def wait_caught_up(self, timeout: float = 60) -> None:
        """Until the process's catch-up at start has finished."""
        async with asyncio.timeout(timeout):
            while True:
                with contextlib.suppress(aiohttp.ClientError):
                    if (await self.metrics()).get(("secondwind_catch_ups_total", ())):
                        return
                await asyncio.sleep(0.1)

    async def stop(self, how: signal.Signals = signal.SIGTERM) -> str:
        if self.process.returncode is None:
            self.process.send_signal(how)
        out, err = await asyncio.wait_for(self.process.communicate(), 30)
        self.output += (out + err).decode()
        if how == signal.SIGTERM:
            assert self.process.returncode == 0, self.output
        return self.output

    def sent_schedules(self) -> set[int]:
        """Schedule ids this process logged as posted (caught up, sent or recovered)."""
        return {int(m.group(1)) for m in re.finditer(
            r"(?:catch-up: )?schedule (\d+) \S+:? (?:sent|recovered)", self.output)}


@contextlib.asynccontextmanager
async def bot_process(fake: FakeDiscord, folder: Path, pg_url: str, name: str,
                      shards: str, shard_count: int, *, rate: float | None = None,
                      ) -> AsyncIterator[BotProcess]:
    port = free_port()
    config = folder / f"{name}.yaml"
    config.write_text(
        "discord:\n  token_env: SW_SHARD_TOKEN\n  sync_commands: 'off'\n"
        + (f"  process_requests_per_second: {rate}\n" if rate else "")
        + f"metrics:\n  listen: 127.0.0.1:{port}\nlogging:\n  level: INFO\n",
        encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SW_SHARD_TOKEN": TOKEN,
           "SECONDWIND_DATABASE_URL": pg_url, "DISCORD_API_BASE_URL": fake.api_base_url,
           "DISCORD_GATEWAY_URL": fake.gateway_url}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--config", str(config), "run", "--shards", shards,
        "--shard-count", str(shard_count), env=env, cwd=folder,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    bot = BotProcess(name, process, port)
    try:
        yield bot
    finally:
        if process.returncode is None:
            process.kill()
            await process.communicate()


def guild_id(shard_key: int, n: int) -> int:
    """A guild id whose ``id >> 22`` is ``shard_key``: its shard of N is ``shard_key % N``."""
    return (shard_key << 22) | n


async def seed(pg_url: str, fake: FakeDiscord, guilds: dict[int, int]) -> dict[int, list[int]]:
    """Guilds with ``count`` channels each, a schedule per channel due a few minutes ago."""
    due = (datetime.now(UTC) - timedelta(minutes=3)).strftime("%H:%M")
    created = (datetime.now(UTC) - timedelta(days=2)).isoformat(timespec="seconds")
    store = await Store.open(pg_url)
    channels: dict[int, list[int]] = {}
    for guild, count in guilds.items():
        channels[guild] = [guild + 1 + c for c in range(count)]
        fake.add_guild(guild, f"club {guild}", channels=[(c, f"c{c}") for c in channels[guild]],
                       members=[(ADMIN, "coach", MEMBER_PERMISSIONS | MANAGE_GUILD)])
        for channel in channels[guild]:
            await store.schedules.add(guild, channel, due, "daily", "rotate", None, None)
    await store.database.execute("UPDATE schedules SET created_at = ?", created)
    await store.close()
    return channels


async def schedule_guilds(pg_url: str) -> dict[int, int]:
    store = await Store.open(pg_url)
    try:
        return {s.id: s.guild_id for s in await store.schedules.active()}
    finally:
        await store.close()


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(bot_user_id=BOT_ID, application_id=APP_ID, valid_token=TOKEN) as server:
        yield server
    assert server.unhandled == []


def counts(fake: FakeDiscord, channels: dict[int, list[int]]) -> dict[int, int]:
    return {c: len(fake.messages(c)) for cs in channels.values() for c in cs}


async def test_each_process_posts_its_own_guilds_once_even_when_guilds_move(
        fake: FakeDiscord, pg_url: str, tmp_path: Path) -> None:
    guilds = {guild_id(key, key): 2 for key in range(1, 9)}  # shards of 2 and of 4 differ
    channels = await seed(pg_url, fake, guilds)
    owner = await schedule_guilds(pg_url)
    async with bot_process(fake, tmp_path, pg_url, "a", "0", 2) as a, \
            bot_process(fake, tmp_path, pg_url, "b", "1", 2) as b:
        await fake.wait_shards_ready([0, 1], 2, timeout=START_TIMEOUT)
        await a.wait_posts(["caught_up"], 8)
        await b.wait_posts(["caught_up"], 8)
        await a.wait_healthy()
        await b.wait_healthy()
        await a.stop()
        await b.stop()
    assert set(counts(fake, channels).values()) == {1}
    assert {(owner[s] >> 22) % 2 for s in a.sent_schedules()} == {0}
    assert {(owner[s] >> 22) % 2 for s in b.sent_schedules()} == {1}
    assert len(a.sent_schedules()) == len(b.sent_schedules()) == 8

    # Re-sharded: 4 shards, half the guilds now belong to the other process.
    async with bot_process(fake, tmp_path, pg_url, "c", "0,1", 4) as c, \
            bot_process(fake, tmp_path, pg_url, "d", "2,3", 4) as d:
        await fake.wait_shards_ready([0, 1, 2, 3], 4, timeout=START_TIMEOUT)
        await c.wait_caught_up()
        await d.wait_caught_up()
        assert await c.posts("caught_up") == await d.posts("caught_up") == 0
        await c.stop()
        await d.stop()
    moved = {s for s in a.sent_schedules() if (owner[s] >> 22) % 4 in (2, 3)}
    assert moved  # some guilds did move from the first process to the other
    assert set(counts(fake, channels).values()) == {1}  # and nothing was posted twice


async def test_a_process_killed_mid_fan_out_leaves_one_post_per_schedule(
        fake: FakeDiscord, pg_url: str, tmp_path: Path) -> None:
    busy, quiet = guild_id(2, 1), guild_id(3, 1)  # shard 0 and shard 1 of 2
    channels = await seed(pg_url, fake, {busy: 120, quiet: 10})
    async with bot_process(fake, tmp_path, pg_url, "a", "0", 2, rate=25) as a, \
            bot_process(fake, tmp_path, pg_url, "b", "1", 2) as b:
        await fake.wait_until(lambda: sum(len(fake.messages(c)) for c in channels[busy]) >= 30,
                              START_TIMEOUT, "the busy guild's fan-out under way")
        await a.stop(signal.SIGKILL)
        await b.wait_posts(["caught_up"], 10)
        posted_before_restart = sum(len(fake.messages(c)) for c in channels[busy])
        assert 30 <= posted_before_restart < 120
        async with bot_process(fake, tmp_path, pg_url, "a2", "0", 2, rate=100) as again:
            await again.wait_caught_up()
            await again.stop()
        await b.stop()
    assert counts(fake, channels) == {c: 1 for cs in channels.values() for c in cs}
    store = await Store.open(pg_url)
    try:
        rows = await store.database.fetch_all(
            "SELECT status, COUNT(*) FROM post_ledger GROUP BY status")
        assert {r[0]: r[1] for r in rows} == {"sent": 130}
    finally:
        await store.close()


async def test_a_change_by_another_process_is_seen_at_the_next_command(
        fake: FakeDiscord, pg_url: str, tmp_path: Path) -> None:
    """The console (process A) changes the club; the running bot (B) answers with it."""
    console_guild, channel = 1, 11  # the console's pseudo-club is guild 1
    fake.add_guild(console_guild, "Console Club", channels=[(channel, "general")],
                   members=[(ADMIN, "coach", MEMBER_PERMISSIONS | MANAGE_GUILD)])
    settings = replace(Settings(), database_url=pg_url, sync_commands=console_guild,
                       database_path=tmp_path / "unused.db")

    async def zone_shown() -> str:
        status = await fake.send_command(console_guild, channel, ADMIN, ["club", "status"])
        embed = (await status.callback())["data"]["embeds"][0]
        return str(embed)

    from bot.discord.endpoints import point_discord_at

    point_discord_at(fake.api_base_url, fake.gateway_url)
    try:
        async with running_bot(fake, settings):
            assert "UTC" in await zone_shown()  # read, and kept in the bot's memory
            console = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "console", "-c", "/club timezone zone:Asia/Tokyo",
                env={**os.environ, "PYTHONPATH": str(ROOT), "SECONDWIND_DATABASE_URL": pg_url},
                cwd=tmp_path, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
            out, err = await asyncio.wait_for(console.communicate(), 60)
            assert console.returncode == 0, (out + err).decode()
            assert "Asia/Tokyo" in await zone_shown()
    finally:
        point_discord_at(None, None)
