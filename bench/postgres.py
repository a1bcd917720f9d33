"""PostgreSQL beside SQLite, in one run: picks with 1,000,000 history rows, and the bot's memory.

    .venv/bin/python bench/postgres.py              # 1,000,000 history rows, 10,000 clubs
    .venv/bin/python bench/postgres.py --quick      # a smoke run

- ``pick``: ``Encouragement.pick`` (what ``/doubt`` runs) one call at a time, in the
  busy bench channel (recent history from memory) and in a fresh channel each
  time (recent history read from the database), on each backend, taking turns.
  Target: PostgreSQL's p99 within 3x of SQLite's.
- ``copy``: the SQLite database copied into PostgreSQL by ``secondwind db copy``'s
  code, which is how the PostgreSQL side is filled.
- ``memory``: the peak resident memory (``VmHWM``) of the bot process alone —
  ``python -m bot run`` against a fake Discord in this process — with 10,000
  clubs (each a guild with a schedule), after start-up, catch-up and 500
  ``/doubt`` in as many guilds; once per backend.

PostgreSQL: ``--pg-url`` (or ``SECONDWIND_TEST_PG_URL``) names a server where
the user may create databases; without one a throwaway server is started with
the machine's ``initdb`` (as the ``postgres`` user when run as root) and removed.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import asyncpg  # noqa: E402

from bench.seeding import (  # noqa: E402
    BENCH_CHANNEL,
    BENCH_GUILD,
    BENCH_USER,
    FIRST_GUILD,
    describe,
    seed_database,
)
from bot.app import App  # noqa: E402
from bot.config import SHIPPED_CONTENT  # noqa: E402
from bot.content import load_library  # noqa: E402
from bot.core.encouragement import Encouragement  # noqa: E402
from bot.store import Store  # noqa: E402
from bot.store.copy import copy_to_postgres  # noqa: E402
from bot.values import Where  # noqa: E402
from tests.fakediscord import FakeDiscord  # noqa: E402

TOKEN = "bench-token"
PG_BIN_GLOB = "/usr/lib/postgresql/*/bin"


# --- a PostgreSQL server --------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _pg_bin() -> Path:
    found = sorted(Path("/").glob(PG_BIN_GLOB.lstrip("/")), key=lambda p: p.parts)
    if not found:
        raise SystemExit("no PostgreSQL here: apt-get install postgresql, or give --pg-url")
    return found[-1]


@contextlib.contextmanager
def throwaway_server() -> Iterator[str]:
    """initdb into a temporary folder, start on loopback, yield its URL, stop and remove."""
    folder = Path(tempfile.mkdtemp(prefix="secondwind-pg-"))
    as_postgres: list[str] = []
    if os.geteuid() == 0:  # initdb and pg_ctl refuse to run as root
        shutil.chown(folder, "postgres")
        as_postgres = ["runuser", "-u", "postgres", "--"]
    binaries, port = _pg_bin(), free_port()
    data = folder / "data"
    subprocess.run([*as_postgres, str(binaries / "initdb"), "-D", str(data), "--auth=trust",
                    "--username=postgres", "-E", "UTF8", "--locale=C.UTF-8"],
                   check=True, capture_output=True)
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off"
    subprocess.run([*as_postgres, str(binaries / "pg_ctl"), "-D", str(data), "-l",
                    str(folder / "log"), "-w", "-o", options, "start"],
                   check=True, capture_output=True)
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_postgres, str(binaries / "pg_ctl"), "-D", str(data), "-m",
                        "immediate", "stop"], check=False, capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def postgres_server(url: str | None) -> Iterator[str]:
    """The given server, the one the tests use, or a throwaway one."""
    url = url or os.environ.get("SECONDWIND_TEST_PG_URL")
    if url:
        yield url
        return
    with throwaway_server() as started:
        yield started


@contextlib.asynccontextmanager
async def fresh_database(server: str) -> AsyncIterator[str]:
    """A new, empty database on the server, dropped afterwards."""
    name = f"sw_bench_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(server)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


# --- a bot process --------------------------------------------------------------------------

def peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def scrape(port: int) -> dict[str, float]:
    """The bot's /metrics as ``{name{labels}: value}`` (names and labels as printed)."""
    async with aiohttp.ClientSession() as http, http.get(
            f"http://127.0.0.1:{port}/metrics") as response:
        text = await response.text()
    found = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.rpartition(" ")
            found[name] = float(value)
    return found


async def wait_for(condition: Callable[[], object], timeout: float, what: str) -> None:
    began = time.perf_counter()
    while not await condition():  # type: ignore[misc]
        if time.perf_counter() - began > timeout:
            raise SystemExit(f"timed out waiting for {what}")
        await asyncio.sleep(0.2)


@contextlib.asynccontextmanager
async def bot_process(fake: FakeDiscord, folder: Path, name: str, *, database: str | Path,
                      args: tuple[str, ...] = (), rate: float | None = None,
                      ) -> AsyncIterator[tuple[asyncio.subprocess.Process, int]]:
    """``python -m bot run`` against the fake, with /metrics on a free port."""
    port = free_port()
    config = folder / f"{name}.yaml"
    db = (f"database:\n  path: {database}\n" if isinstance(database, Path) else "")
    config.write_text(
        "discord:\n  token_env: SW_BENCH_TOKEN\n  sync_commands: 'off'\n"
        + (f"  process_requests_per_second: {rate}\n" if rate else "") + db
        + f"metrics:\n  listen: 127.0.0.1:{port}\nlogging:\n  level: WARNING\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "SW_BENCH_TOKEN": TOKEN,
           "DISCORD_API_BASE_URL": fake.api_base_url, "DISCORD_GATEWAY_URL": fake.gateway_url}
    env.pop("SECONDWIND_DATABASE_URL", None)
    if isinstance(database, str):
        env["SECONDWIND_DATABASE_URL"] = database
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--config", str(config), "run", *args, env=env,
        cwd=folder, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    try:
        yield process, port
    finally:
        if process.returncode is None:
            process.terminate()
        _, err = await asyncio.wait_for(process.communicate(), 60)
        if process.returncode not in (0, -15):
            print(err.decode()[-3000:], file=sys.stderr)


async def caught_up(port: int) -> bool:
    with contextlib.suppress(aiohttp.ClientError):
        return bool((await scrape(port)).get("secondwind_catch_ups_total"))
    return False


async def healthy(port: int) -> bool:
    with contextlib.suppress(aiohttp.ClientError):
        async with aiohttp.ClientSession() as http, http.get(
                f"http://127.0.0.1:{port}/healthz") as response:
            return response.status == 200
    return False


# --- (a) picks ------------------------------------------------------------------------------

async def time_picks(service: Encouragement, place: Callable[[int], Where],
                     count: int) -> list[float]:
    for n in range(20):  # warm-up
        await service.pick(place(-1 - n), "doubt")
    spent = []
    for n in range(count):
        where = place(n)
        began = time.perf_counter()
        await service.pick(where, "doubt")
        spent.append(time.perf_counter() - began)
    return spent


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def bench_picks(locations: dict[str, Path | str], picks: int, passes: int) -> None:
    shipped = load_library([SHIPPED_CONTENT])
    times: dict[tuple[str, str], list[float]] = {}
    offset = 0
    for _ in range(passes):
        for backend, location in locations.items():
            store = await Store.open(location)
            try:
                service = App(store, shipped).encouragement
                scenarios: dict[str, Callable[[int], Where]] = {
                    "busy channel": lambda n: Where(BENCH_GUILD, BENCH_CHANNEL, BENCH_USER),
                    "fresh channels": lambda n, o=offset: Where(  # type: ignore[misc]
                        BENCH_GUILD, 60_000_000 + o + n, BENCH_USER),
                }
                for scenario, place in scenarios.items():
                    times.setdefault((backend, scenario), []).extend(
                        await time_picks(service, place, picks))
            finally:
                await store.close()
        offset += picks + 100
    for scenario in ("busy channel", "fresh channels"):
        p99 = {}
        for backend in locations:
            spent = times[(backend, scenario)]
            p99[backend] = percentile(spent, 0.99)
            print(f"pick  {scenario:<15} {backend:<9} p50 {percentile(spent, 0.5) * 1000:6.2f} ms"
                  f"   p99 {p99[backend] * 1000:6.2f} ms   (n={len(spent)})")
        ratio = p99["postgres"] / p99["sqlite"]
        print(f"pick  {scenario:<15} ratio p99 postgres / sqlite {ratio:.2f}   (target <= 3)")


# --- (b) memory -----------------------------------------------------------------------------

def add_schedules(path: Path, clubs: int) -> None:
    """A schedule per club, in its first channel, not due until tomorrow's catch-up."""
    later = (datetime.now(UTC) + timedelta(hours=6)).strftime("%H:%M")
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.executemany(
            "INSERT INTO schedules (guild_id, channel_id, local_time, days, theme, created_at)"
            " VALUES (?, ?, ?, 'daily', 'rotate', ?)",
            [(FIRST_GUILD + g, 8_000_000 + g * 10, later, now) for g in range(clubs)])
        conn.commit()


async def bench_memory(locations: dict[str, Path | str], clubs: int, commands: int,
                       folder: Path) -> None:
    for backend, location in locations.items():
        async with FakeDiscord(bot_user_id=1, application_id=2, valid_token=TOKEN) as fake:
            for g in range(clubs):
                fake.add_guild(FIRST_GUILD + g, f"club {g}", channels=[(8_000_000 + g * 10, "c")],
                               members=[(5_000_000 + g, "member", 0)])
            began = time.perf_counter()
            async with bot_process(fake, folder, f"memory-{backend}", database=location) as (
                    process, port):
                await wait_for(lambda: healthy(port), 300, "the bot healthy")
                await wait_for(lambda: caught_up(port), 300, "the catch-up")
                ready = time.perf_counter() - began
                for n in range(commands):
                    guild = FIRST_GUILD + (n * 7919) % clubs
                    record = await fake.send_command(guild, 8_000_000 + (guild - FIRST_GUILD) * 10,
                                                     5_000_000 + guild - FIRST_GUILD, "doubt")
                    await record.callback(timeout=30)
                armed = (await scrape(port)).get(
                    'secondwind_timed_posts_armed{kind="schedule"}', 0)
                peak = peak_rss_mb(process.pid)
            print(f"memory {backend:<9} peak RSS of the bot process {peak:7.0f} MB   "
                  f"({clubs:,} clubs, {int(armed):,} schedules armed, {commands} /doubt; "
                  f"ready and caught up in {ready:.1f} s)")


# --- the run --------------------------------------------------------------------------------

async def run(args: argparse.Namespace, server: str) -> int:
    with tempfile.TemporaryDirectory(prefix="secondwind-bench-") as tmp:
        folder = Path(tmp)
        sqlite_path = folder / "bench.db"
        shipped = load_library([SHIPPED_CONTENT])
        print(describe(await seed_database(sqlite_path, history=args.history, clubs=args.clubs,
                                           entry_ids=list(shipped.entries))))
        add_schedules(sqlite_path, args.clubs)
        async with fresh_database(server) as pg_url:
            began = time.perf_counter()
            copied = await copy_to_postgres(sqlite_path, pg_url)
            rows = sum(t.rows for t in copied)
            print(f"copy  SQLite -> PostgreSQL: {rows:,} rows in {len(copied)} tables, "
                  f"{time.perf_counter() - began:.1f} s, every count verified")
            locations: dict[str, Path | str] = {"sqlite": sqlite_path, "postgres": pg_url}
            await bench_picks(locations, args.picks, args.passes)
            if not args.no_memory:
                await bench_memory(locations, args.clubs, args.commands, folder)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-url", help="a PostgreSQL server where the user may create "
                        "databases (default: $SECONDWIND_TEST_PG_URL, else a throwaway one)")
    parser.add_argument("--history", type=int, default=1_000_000)
    parser.add_argument("--clubs", type=int, default=10_000)
    parser.add_argument("--picks", type=int, default=2_000, help="picks per scenario and pass")
    parser.add_argument("--passes", type=int, default=2, help="turns per backend")
    parser.add_argument("--commands", type=int, default=500, help="/doubt before the memory figure")
    parser.add_argument("--no-memory", action="store_true", help="skip the bot-process memory")
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke run")
    args = parser.parse_args()
    if args.quick:
        args.history, args.clubs, args.picks, args.passes, args.commands = 5_000, 100, 100, 1, 20
    with postgres_server(args.pg_url) as server:
        return asyncio.run(run(args, server))


if __name__ == "__main__":
    raise SystemExit(main())
