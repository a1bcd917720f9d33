"""A database that looks like a busy year: many clubs, a long history, some feedback.

Shared by ``latency.py`` and ``library.py``. The file is created and migrated by
``Store.open`` (so the schema and indexes are exactly the bot's), then filled with
plain ``sqlite3.executemany`` in one transaction. Raw SQL on purpose: the
repository functions insert one row per call through aiosqlite's worker thread
and the write lock, which would take many minutes for a million rows; this is
seeding, not product code, so it stays out of ``bot/store``.

Where the rows go:

- ``BENCH_CHANNEL`` in ``BENCH_GUILD`` gets a realistic busy-channel history
  (``channel_rows``, a few thousand), interleaved in time with everything else;
- ``BENCH_USER`` has a few hundred rows of their own, across channels;
- the rest is spread over every club's channels (2-8 each) and ~50,000 members.
"""

from __future__ import annotations

import random
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.store import Store

FIRST_GUILD = 100_000
BENCH_GUILD = FIRST_GUILD  # the first club is the one the benchmarks talk in
BENCH_CHANNEL = 7_000_000
BENCH_USER = 9_000_000
MEMBERS = 50_000
ZONES = ("UTC", "Europe/London", "Europe/Oslo", "America/New_York", "America/Chicago",
         "Asia/Tokyo", "Australia/Sydney", "America/Sao_Paulo", "Africa/Nairobi")


@dataclass(frozen=True)
class Seeded:
    """What went into the file, for the benchmark's report."""

    clubs: int
    history: int
    bench_channel_rows: int
    bench_user_rows: int
    feedback: int
    seconds: float


def _channels_of(guild_index: int, rng: random.Random) -> list[int]:
    return [8_000_000 + guild_index * 10 + c for c in range(rng.randint(2, 8))]


async def migrate(path: Path) -> None:
    """Create the file with the bot's own schema (every migration applied)."""
    store = await Store.open(path)
    await store.close()


async def seed_database(
    path: Path, *, history: int, clubs: int, entry_ids: list[str],
    channel_rows: int = 3000, user_rows: int = 400, feedback: int = 20_000, seed: int = 7,
) -> Seeded:
    """Migrate a fresh file at ``path`` and fill it (see the module docstring)."""
    started = time.perf_counter()
    await migrate(path)
    rng = random.Random(seed)
    clubs = max(clubs, 1)
    channel_rows = min(channel_rows, history // 3)
    user_rows = min(user_rows, history // 10)
    feedback = min(feedback, max(history // 50, 150))
    now = datetime.now(UTC)
    created = (now - timedelta(days=400)).isoformat(timespec="seconds")

    club_rows = [(FIRST_GUILD + g, ZONES[g % len(ZONES)], 0, created) for g in range(clubs)]
    channels = [_channels_of(g, rng) for g in range(clubs)]
    disabled = [(FIRST_GUILD + g, theme) for g in range(1, clubs, 10)
                for theme in rng.sample(("race-day", "adversity", "late-start"), 2)]

    # Who saw what, in time order: mark the rows that belong to the bench channel/user.
    special = rng.sample(range(history), channel_rows + user_rows)
    in_channel, for_user = set(special[:channel_rows]), set(special[channel_rows:])
    start = now - timedelta(days=365)
    step = 365 * 86_400 / max(history, 1)
    choice, randrange = rng.choice, rng.randrange

    def rows() -> Iterator[tuple]:
        for i in range(history):
            shown = (start + timedelta(seconds=i * step)).isoformat(timespec="seconds")
            if i in in_channel:
                yield (BENCH_GUILD, BENCH_CHANNEL, 5_000_000 + randrange(300), choice(entry_ids),
                       shown)
                continue
            g = randrange(clubs)
            user = BENCH_USER if i in for_user else 5_000_000 + randrange(MEMBERS)
            yield (FIRST_GUILD + g, choice(channels[g]), user, choice(entry_ids), shown)

    feedback_rows = {(BENCH_GUILD, 5_000_000 + randrange(300), choice(entry_ids))
                     for _ in range(min(150, feedback))}
    while len(feedback_rows) < feedback:
        feedback_rows.add((FIRST_GUILD + randrange(clubs), 5_000_000 + randrange(MEMBERS),
                           choice(entry_ids)))

    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO clubs (guild_id, timezone, private_by_default, created_at)"
                         " VALUES (?, ?, ?, ?)", club_rows)
        conn.executemany("INSERT INTO disabled_themes (guild_id, theme_id) VALUES (?, ?)",
                         disabled)
        conn.executemany("INSERT INTO history (guild_id, channel_id, user_id, entry_id, shown_at)"
                         " VALUES (?, ?, ?, ?, ?)", rows())
        conn.executemany("INSERT INTO feedback (guild_id, user_id, entry_id, created_at)"
                         " VALUES (?, ?, ?, ?)",
                         [(*row, created) for row in sorted(feedback_rows)])
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return Seeded(clubs=clubs, history=history, bench_channel_rows=channel_rows,
                  bench_user_rows=user_rows, feedback=len(feedback_rows),
                  seconds=time.perf_counter() - started)


def describe(seeded: Seeded) -> str:
    """One line for the report."""
    return (f"database: {seeded.history:,} history rows ({seeded.bench_channel_rows:,} in the "
            f"bench channel, {seeded.bench_user_rows:,} for the bench member), "
            f"{seeded.clubs:,} clubs, {seeded.feedback:,} feedback rows; "
            f"seeded in {seeded.seconds:.1f} s")
