"""The bot's /healthz and /metrics, and the pace its timed posts keep to its share of the budget."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import replace

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.config import Settings
from bot.discord.channel_target import RequestPacer
from bot.discord.client import SecondWind
from tests.discord.conftest import ADMIN, GENERAL, GUILD, MEMBER, running_bot
from tests.fakediscord import FakeDiscord

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


@pytest.fixture
async def watched(fake: FakeDiscord, settings: Settings) -> AsyncIterator[SecondWind]:
    async with running_bot(fake, replace(settings, metrics_listen=("127.0.0.1", 0))) as bot:
        yield bot


async def get(bot: SecondWind, path: str) -> tuple[int, str]:
    assert bot.health is not None
    async with aiohttp.ClientSession() as http, http.get(
            f"http://127.0.0.1:{bot.health.port}{path}") as response:
        return response.status, await response.text()


async def samples(bot: SecondWind) -> Samples:
    _, text = await get(bot, "/metrics")
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


async def test_healthy_bot_and_its_failing_parts(watched: SecondWind,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    assert await get(watched, "/healthz") == (200, "ok\n")

    async def unreachable() -> None:
        raise OSError("connection refused")

    monkeypatch.setattr(watched.app.store.database, "ping", unreachable)
    assert await get(watched, "/healthz") == (503, "database: connection refused\n")
    monkeypatch.undo()
    watched.jobs.scheduler.shutdown(wait=False)
    assert await get(watched, "/healthz") == (503, "scheduler: not running\n")


async def test_a_dropped_gateway_is_unhealthy_then_a_counted_reconnect(
        fake: FakeDiscord, watched: SecondWind) -> None:
    await fake.drop_gateway(resumable=False)
    for _ in range(40):  # discord.py waits a few seconds before it identifies again
        status, text = await get(watched, "/healthz")
        if status == 503:
            break
        await asyncio.sleep(0.05)
    assert status == 503 and text.startswith("gateway: ")
    await fake.wait_identified(2, timeout=15)
    await asyncio.wait_for(watched.wait_until_ready(), 15)
    for _ in range(100):
        if (await get(watched, "/healthz"))[0] == 200:
            break
        await asyncio.sleep(0.05)
    assert await get(watched, "/healthz") == (200, "ok\n")
    assert (await samples(watched))[("secondwind_gateway_reconnects_total", ())] == 1
    await fake.drop_gateway(resumable=True)
    await fake.wait_resumed(1)
    for _ in range(100):  # the bot reads RESUMED a moment after the fake sent it
        if (await samples(watched))[("secondwind_gateway_reconnects_total", ())] == 2:
            break
        await asyncio.sleep(0.05)
    assert (await samples(watched))[("secondwind_gateway_reconnects_total", ())] == 2


async def test_commands_are_counted_by_name_and_outcome(fake: FakeDiscord,
                                                        watched: SecondWind) -> None:
    await (await fake.send_command(GUILD, GENERAL, MEMBER, "doubt")).callback()
    refused = await fake.send_command(GUILD, GENERAL, ADMIN, ["club", "timezone"],
                                      options={"zone": "Mars/Base"})
    await refused.callback()
    found = await samples(watched)
    assert found[("secondwind_interactions_total", (("command", "doubt"), ("outcome", "ok")))] == 1
    assert found[("secondwind_interactions_total",
                  (("command", "club timezone"), ("outcome", "refused")))] == 1
    assert found[("secondwind_interaction_seconds_count", (("command", "doubt"),))] == 1
    assert found[("secondwind_library_entries", ())] == len(watched.app.library.current.entries)
    assert found[("secondwind_catch_ups_total", ())] == 1


async def test_the_pacer_keeps_to_its_rate_and_counts_its_waits() -> None:
    waits: list[float] = []
    pacer = RequestPacer(50, waited=waits.append)
    started = time.perf_counter()
    for _ in range(21):
        await pacer.wait()
    elapsed = time.perf_counter() - started
    assert 0.39 <= elapsed < 0.6  # the first goes at once, then one each 20 ms
    assert len(waits) == 20 and all(0 < w <= 0.021 for w in waits)


async def test_concurrent_waiters_share_the_rate() -> None:
    pacer = RequestPacer(100, burst=5)
    started = time.perf_counter()
    await asyncio.gather(*(pacer.wait() for _ in range(25)))
    elapsed = time.perf_counter() - started
    assert 0.19 <= elapsed < 0.4  # 5 at once, then 20 more at 100 a second
