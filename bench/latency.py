"""Interaction latency: /doubt on Second Wind against a bare discord.py bot, side by side.

Latency is measured inside the fake Discord: from the moment it sends
INTERACTION_CREATE down the gateway to the moment the bot's interaction callback
(the answer) reaches its REST endpoint. Second Wind runs on a database seeded to
look like a busy year (default 1,000,000 history rows, 10,000 clubs; the bench
channel has a few thousand rows of its own); the baseline (``baseline_bot.py``)
answers a fixed embed and touches nothing.

Two loads, each for both bots:

- sequential: one /doubt at a time (default 300);
- concurrent: bursts of 50 /doubt from 50 members at once (default 10 rounds).

The bots take turns (baseline, Second Wind, baseline, Second Wind: ``--passes``)
so that a noisy machine slows both alike; figures are pooled per bot. Printed:
p50, p99 and throughput for each, and Second Wind / baseline ratios (target:
p99 ratio <= 1.5). Everything — fake, bot, database thread — shares one process
and this machine's cores, so absolute numbers are only comparable within a run.

    .venv/bin/python bench/latency.py                 # full size
    .venv/bin/python bench/latency.py --quick         # a small smoke run
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import discord  # noqa: E402
from aiohttp import web  # noqa: E402

from bench.baseline_bot import BaselineBot  # noqa: E402
from bench.seeding import BENCH_CHANNEL, BENCH_GUILD, BENCH_USER, describe, seed_database  # noqa: E402
from bot.config import SHIPPED_CONTENT, Settings  # noqa: E402
from bot.content import load_library  # noqa: E402
from bot.discord.client import SecondWind  # noqa: E402
from bot.discord.endpoints import point_discord_at  # noqa: E402
from tests.fakediscord import MEMBER_PERMISSIONS, FakeDiscord  # noqa: E402

TOKEN = "bench-token"
BOT_ID, APP_ID = 900, 901
WARM_UP = 20
BURST_MEMBERS = [5_000_000 + n for n in range(50)]


class TimedFake(FakeDiscord):
    """The fake Discord, noting when each INTERACTION_CREATE left and its callback arrived."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.sent_at: dict[int, float] = {}
        self.answered_at: dict[int, float] = {}

    async def dispatch(self, event: str, data: dict) -> None:
        if event == "INTERACTION_CREATE":
            self.sent_at[int(data["id"])] = time.perf_counter()
        await super().dispatch(event, data)

    async def _interaction_callback(self, request: web.Request) -> web.Response:
        self.answered_at.setdefault(int(request.match_info["interaction_id"]),
                                    time.perf_counter())
        return await super()._interaction_callback(request)

    def latency(self, interaction_id: int) -> float:
        return self.answered_at[interaction_id] - self.sent_at[interaction_id]


@dataclass
class Figures:
    """Latencies (seconds) and busy wall time of one bot under one load."""

    latencies: list[float] = field(default_factory=list)
    wall: float = 0.0

    def p(self, q: int) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.wall if self.wall else 0.0


async def sequential(fake: TimedFake, count: int) -> Figures:
    figures = Figures()
    for _ in range(count):
        began = time.perf_counter()
        record = await fake.send_command(BENCH_GUILD, BENCH_CHANNEL, BENCH_USER, "doubt")
        await record.callback(timeout=60)
        figures.wall += fake.answered_at[record.id] - began
        figures.latencies.append(fake.latency(record.id))
    return figures


async def bursts(fake: TimedFake, size: int, rounds: int) -> Figures:
    figures = Figures()
    for _ in range(rounds):
        began = time.perf_counter()
        records = [await fake.send_command(BENCH_GUILD, BENCH_CHANNEL,
                                           BURST_MEMBERS[n % len(BURST_MEMBERS)], "doubt")
                   for n in range(size)]
        await asyncio.gather(*(r.callback(timeout=120) for r in records))
        figures.wall += max(fake.answered_at[r.id] for r in records) - began
        figures.latencies += [fake.latency(r.id) for r in records]
    return figures


def time_picks(bot: discord.Client, spent: list[float]) -> None:
    """Note how long each ``Encouragement.pick`` takes inside Second Wind (wraps the instance)."""
    service = bot.app.encouragement  # type: ignore[attr-defined]
    pick = service.pick

    async def timed_pick(*args: Any, **kwargs: Any) -> Any:
        began = time.perf_counter()
        try:
            return await pick(*args, **kwargs)
        finally:
            spent.append(time.perf_counter() - began)

    service.pick = timed_pick


async def with_bot(fake: TimedFake, make: Callable[[], discord.Client],
                   work: Callable[[], Any], picks: list[float] | None = None) -> Any:
    """Start a bot, warm it up, run ``work``, close it."""
    bot = make()
    identified = len(fake.identifies)
    task = asyncio.create_task(bot.start(TOKEN))
    try:
        await fake.wait_identified(identified + 1, timeout=120)
        await asyncio.wait_for(bot.wait_until_ready(), 120)
        await sequential(fake, WARM_UP)
        if picks is not None:
            time_picks(bot, picks)
        return await work()
    finally:
        await bot.close()
        await asyncio.wait_for(task, 30)


def merge(into: Figures, more: Figures) -> None:
    into.latencies += more.latencies
    into.wall += more.wall


def report(load: str, base: Figures, ours: Figures) -> None:
    for name, fig in (("baseline", base), ("secondwind", ours)):
        print(f"{load:<16}{name:<12}p50 {fig.p(50) * 1000:7.2f} ms   p99 {fig.p(99) * 1000:7.2f} ms"
              f"   throughput {fig.throughput:7.1f} /s   (n={len(fig.latencies)})")
    speed = ours.throughput / base.throughput
    print(f"{load:<16}{'ratio':<12}p50 {ours.p(50) / base.p(50):7.2f}      "
          f"p99 {ours.p(99) / base.p(99):7.2f}      throughput {speed:7.2f}"
          f"      (Second Wind / baseline; target p99 <= 1.5)")


async def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.ERROR)
    library = load_library([SHIPPED_CONTENT])
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "latency.db"
        seeded = await seed_database(db, history=args.history, clubs=args.clubs,
                                     entry_ids=list(library.entries))
        print(describe(seeded))
        async with TimedFake(bot_user_id=BOT_ID, application_id=APP_ID,
                             valid_token=TOKEN) as fake:
            fake.add_guild(BENCH_GUILD, "Harbour Runners", channels=[(BENCH_CHANNEL, "general")],
                           members=[(BENCH_USER, "ana", MEMBER_PERMISSIONS)])
            point_discord_at(fake.api_base_url, fake.gateway_url)
            settings = replace(Settings(), database_path=db, sync_commands="off",
                               log_level="ERROR")
            makers = {"baseline": lambda: BaselineBot(with_buttons=args.baseline_buttons,
                                                      guild_ready_timeout=0.1),
                      "secondwind": lambda: SecondWind(settings, guild_ready_timeout=0.1)}
            seq = {name: Figures() for name in makers}
            con = {name: Figures() for name in makers}
            picks = {"sequential": Figures(), "concurrent": Figures()}
            per_pass_seq = max(1, args.sequential // args.passes)
            per_pass_rounds = max(1, args.rounds // args.passes)
            try:
                for _ in range(args.passes):
                    for name, make in makers.items():
                        spent: list[float] = []

                        async def work(name: str = name, spent: list[float] = spent) -> None:
                            merge(seq[name], await sequential(fake, per_pass_seq))
                            picks["sequential"].latencies += spent
                            spent.clear()
                            merge(con[name], await bursts(fake, args.concurrent,
                                                          per_pass_rounds))
                            picks["concurrent"].latencies += spent

                        await with_bot(fake, make, work,
                                       spent if name == "secondwind" else None)
            finally:
                point_discord_at(None, None)
            print(f"bots took turns: {args.passes} passes of baseline then Second Wind; "
                  f"{WARM_UP} warm-up /doubt after each start, not counted")
            report("sequential", seq["baseline"], seq["secondwind"])
            report(f"concurrent({args.concurrent})", con["baseline"], con["secondwind"])
            for load, fig in picks.items():
                print(f"of which Encouragement.pick inside Second Wind, {load}: "
                      f"p50 {fig.p(50) * 1000:.2f} ms   p99 {fig.p(99) * 1000:.2f} ms")
            if fake.unhandled:
                print(f"fake Discord could not serve: {fake.unhandled[:5]}")
                return 1
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history", type=int, default=1_000_000, help="history rows to seed")
    parser.add_argument("--clubs", type=int, default=10_000, help="clubs to seed")
    parser.add_argument("--sequential", type=int, default=300, help="sequential /doubt per bot")
    parser.add_argument("--concurrent", type=int, default=50, help="/doubt per burst")
    parser.add_argument("--rounds", type=int, default=10, help="bursts per bot")
    parser.add_argument("--passes", type=int, default=2, help="turns each bot takes")
    parser.add_argument("--quick", action="store_true", help="tiny sizes, a smoke run")
    parser.add_argument("--baseline-buttons", action="store_true",
                        help="the baseline answers with the same two buttons Second Wind sends")
    args = parser.parse_args()
    if args.quick:
        args.history, args.clubs, args.sequential = 5_000, 100, 20
        args.concurrent, args.rounds, args.passes = 10, 2, 1
    return asyncio.run(run(args))


if __name__ == "__main__":
    raise SystemExit(main())
