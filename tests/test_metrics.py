"""``bot.metrics``: the Prometheus text, and /healthz naming what is wrong."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.errors import OperatorError
from bot.metrics import HealthServer, Metrics


async def fine() -> str | None:
    return None


async def down() -> str | None:
    return "not connected yet"


async def broken() -> str | None:
    raise ConnectionRefusedError("connection refused\nsecond line")


async def hangs() -> str | None:
    await asyncio.sleep(60)
    return None


@pytest.fixture
async def metrics() -> Metrics:
    return Metrics()


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def get(http: aiohttp.ClientSession, server: HealthServer, path: str) -> tuple[int, str]:
    async with http.get(f"http://127.0.0.1:{server.port}{path}") as response:
        return response.status, await response.text()


async def test_healthy_is_200_ok(metrics: Metrics, http: aiohttp.ClientSession) -> None:
    server = HealthServer(metrics, {"gateway": fine, "database": fine}, "127.0.0.1", 0)
    await server.start()
    try:
        assert server.port != 0
        assert await get(http, server, "/healthz") == (200, "ok\n")
    finally:
        await server.stop()


async def test_each_failing_part_is_named(metrics: Metrics, http: aiohttp.ClientSession,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.metrics.CHECK_TIMEOUT", 0.2)
    server = HealthServer(metrics, {"gateway": down, "database": broken, "scheduler": hangs,
                                    "other": fine}, "127.0.0.1", 0)
    await server.start()
    try:
        status, text = await get(http, server, "/healthz")
    finally:
        await server.stop()
    assert status == 503
    assert text.splitlines() == ["gateway: not connected yet", "database: connection refused",
                                 "scheduler: no answer within 0.2 s"]


async def test_metrics_are_prometheus_text_without_ids(metrics: Metrics,
                                                       http: aiohttp.ClientSession) -> None:
    metrics.interaction("club schedule add", "ok", 0.012)
    metrics.interaction("doubt", "refused", 0.002)
    metrics.post("schedule", "sent")
    metrics.post("schedule", "caught_up")
    metrics.rate_limit_waited(0.25)
    metrics.count_armed(lambda: {"schedule": 3, "digest": 1})
    metrics.count_library(lambda: 1234)
    server = HealthServer(metrics, {}, "127.0.0.1", 0)
    await server.start()
    try:
        status, text = await get(http, server, "/metrics")
    finally:
        await server.stop()
    assert status == 200
    samples = {(s.name, tuple(sorted(s.labels.items()))): s.value
               for family in text_string_to_metric_families(text) for s in family.samples}
    assert samples[("secondwind_interactions_total",
                    (("command", "club schedule add"), ("outcome", "ok")))] == 1
    assert samples[("secondwind_interaction_seconds_count", (("command", "doubt"),))] == 1
    assert samples[("secondwind_posts_total", (("kind", "schedule"), ("outcome", "sent")))] == 1
    assert samples[("secondwind_rate_limit_waits_total", ())] == 1
    assert samples[("secondwind_rate_limit_wait_seconds_total", ())] == 0.25
    assert samples[("secondwind_timed_posts_armed", (("kind", "schedule"),))] == 3
    assert samples[("secondwind_library_entries", ())] == 1234
    assert ("process_resident_memory_bytes", ()) in samples
    ours = {(label, value) for (name, labels) in samples if name.startswith("secondwind_")
            for label, value in labels if label != "le"}
    assert {label for label, _ in ours} == {"command", "outcome", "kind"}
    assert not any(any(c.isdigit() for c in value) for _, value in ours)  # no ids in labels


async def test_a_port_in_use_is_one_line_for_the_operator(metrics: Metrics) -> None:
    first = HealthServer(metrics, {}, "127.0.0.1", 0)
    await first.start()
    try:
        second = HealthServer(metrics, {}, "127.0.0.1", first.port)
        with pytest.raises(OperatorError, match=f"cannot serve metrics on 127.0.0.1:{first.port}"):
            await second.start()
    finally:
        await first.stop()
