"""Prometheus metrics, and ``/healthz`` and ``/metrics`` on ``metrics.listen`` (off by default).

One :class:`Metrics` per bot: the front end and the job runner are given it and
count into it; nothing here knows Discord or the database. Labels never carry a
member's text or any id: a command's name, a kind of post, an outcome.

======================================  ==============================================
``secondwind_interactions_total``       slash commands by ``command`` and ``outcome``
                                        (``ok``, ``refused``: the member's input or
                                        rights, ``error``: ours, ``lost``: expired)
``secondwind_interaction_seconds``      their latency in the bot, by ``command``
``secondwind_posts_total``              timed posts by ``kind`` and ``outcome``
                                        (``sent``, ``caught_up``: sent late at start,
                                        ``failed``, ``skipped``, ``retry``, ``already``,
                                        ``recovered``, ``held``)
``secondwind_catch_ups_total``          start-up catch-ups finished (missed posts sent
                                        or skipped: a new process is settled)
``secondwind_rate_limit_waits_total``   waits for this process's share of the REST budget
``secondwind_rate_limit_wait_seconds``  and their length (a counter of seconds)
``secondwind_gateway_reconnects_total`` RESUMEs and new sessions after the first
``secondwind_timed_posts_armed``        jobs in the scheduler, by ``kind``
``secondwind_library_entries``          entries in the live library (shipped + folders)
``process_*``, ``python_*``             the process: memory, CPU, file descriptors, GC
======================================  ==============================================

``/healthz`` answers 200 ``ok`` only when every check passes (the gateway is
connected, the database answers, the scheduler runs); otherwise 503 with one
line per failing part, like ``database: connection refused``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterator, Mapping

from aiohttp import web
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.gc_collector import GCCollector
from prometheus_client.platform_collector import PlatformCollector
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector

from bot.errors import OperatorError

log = logging.getLogger(__name__)

CHECK_TIMEOUT = 3.0
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)

Check = Callable[[], Awaitable[str | None]]  # None: healthy; else what is wrong


class _ArmedJobs(Collector):
    """Read at scrape time: how many jobs of each kind the scheduler holds."""

    def __init__(self) -> None:
        self.count: Callable[[], Mapping[str, int]] = dict

    def collect(self) -> Iterator[Metric]:
        family = GaugeMetricFamily("secondwind_timed_posts_armed",
                                   "Timed posts armed in the scheduler, by kind",
                                   labels=["kind"])
        for kind, count in sorted(self.count().items()):
            family.add_metric([kind], count)
        yield family


class Metrics:
    """Every metric of one bot, in a registry of its own."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        for collector in (ProcessCollector, PlatformCollector, GCCollector):
            collector(registry=self.registry)
        registry = self.registry
        self.interactions = Counter(
            "secondwind_interactions", "Slash commands, by command and outcome",
            ["command", "outcome"], registry=registry)
        self.interaction_seconds = Histogram(
            "secondwind_interaction_seconds", "Slash command latency in the bot, by command",
            ["command"], buckets=LATENCY_BUCKETS, registry=registry)
        self.posts = Counter(
            "secondwind_posts", "Timed posts, by kind and outcome", ["kind", "outcome"],
            registry=registry)
        self.catch_ups = Counter(
            "secondwind_catch_ups", "Start-up catch-ups finished", registry=registry)
        self.rate_limit_waits = Counter(
            "secondwind_rate_limit_waits", "Waits for this process's share of the REST budget",
            registry=registry)
        self.rate_limit_wait_seconds = Counter(
            "secondwind_rate_limit_wait_seconds", "Seconds spent waiting for the REST budget",
            registry=registry)
        self.gateway_reconnects = Counter(
            "secondwind_gateway_reconnects", "Gateway RESUMEs and new sessions after the first",
            registry=registry)
        self.library_entries = Gauge(
            "secondwind_library_entries", "Entries in the live library", registry=registry)
        self._armed = _ArmedJobs()
        registry.register(self._armed)

    def interaction(self, command: str, outcome: str, seconds: float | None) -> None:
        """A slash command finished with ``outcome``, ``seconds`` after it arrived."""
        self.interactions.labels(command, outcome).inc()
        if seconds is not None:
            self.interaction_seconds.labels(command).observe(seconds)

    def post(self, kind: str, outcome: str) -> None:
        """A timed post ended with ``outcome``."""
        self.posts.labels(kind, outcome).inc()

    def rate_limit_waited(self, seconds: float) -> None:
        """A request waited ``seconds`` for its turn."""
        self.rate_limit_waits.inc()
        self.rate_limit_wait_seconds.inc(seconds)

    def count_armed(self, count: Callable[[], Mapping[str, int]]) -> None:
        """Read the jobs armed, by kind, from ``count`` at each scrape."""
        self._armed.count = count

    def count_library(self, count: Callable[[], int]) -> None:
        """Read the library's size from ``count`` at each scrape."""
        self.library_entries.set_function(lambda: float(count()))

    def render(self) -> bytes:
        """Everything, in Prometheus' text format."""
        return generate_latest(self.registry)


class HealthServer:
    """``/healthz`` and ``/metrics`` over HTTP on the bot's own event loop."""

    def __init__(self, metrics: Metrics, checks: Mapping[str, Check], host: str,
                 port: int) -> None:
        self.metrics = metrics
        self.checks = dict(checks)
        self.host, self.port = host, port
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        """Listen; a port that cannot be had is one line for the operator."""
        app = web.Application()
        app.router.add_get("/healthz", self._healthz)
        app.router.add_get("/metrics", self._metrics)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        try:
            await web.TCPSite(self._runner, self.host, self.port).start()
        except OSError as exc:
            await self._runner.cleanup()
            self._runner = None
            raise OperatorError(f"cannot serve metrics on {self.host}:{self.port} "
                                f"({exc.strerror or exc}): change metrics.listen") from None
        if self.port == 0:  # a free port was asked for (tests): say which
            self.port = int(self._runner.addresses[0][1])
        log.info("serving /healthz and /metrics on %s:%d", self.host, self.port)

    async def stop(self) -> None:
        """Stop listening."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def problems(self) -> list[str]:
        """What is wrong, one line per failing part; empty when healthy."""
        names = list(self.checks)
        results = await asyncio.gather(*(self._run(self.checks[n]) for n in names))
        return [f"{name}: {problem}" for name, problem in zip(names, results, strict=True)
                if problem is not None]

    @staticmethod
    async def _run(check: Check) -> str | None:
        try:
            return await asyncio.wait_for(check(), CHECK_TIMEOUT)
        except TimeoutError:
            return f"no answer within {CHECK_TIMEOUT:g} s"
        except Exception as exc:  # a check that fails is a failing part, not a 500
            return (str(exc).splitlines() or [type(exc).__name__])[0][:200]

    async def _healthz(self, request: web.Request) -> web.Response:
        problems = await self.problems()
        if problems:
            return web.Response(status=503, text="\n".join(problems) + "\n")
        return web.Response(text="ok\n")

    async def _metrics(self, request: web.Request) -> web.Response:
        return web.Response(body=self.metrics.render(),
                            headers={"Content-Type": CONTENT_TYPE_LATEST})
