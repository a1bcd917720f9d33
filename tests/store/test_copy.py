"""``secondwind db copy --to postgresql://…``: a club's SQLite database moves to PostgreSQL.

Everything arrives (every table, every row, ids and all), the counts are
verified, new rows continue after the copied ids, the SQLite file is left as it
was, and a target that is not empty is refused without being changed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import asyncpg
import pytest

from bot.content import Entry
from bot.store import Store, StoreError
from bot.store.copy import copy_to_postgres
from bot.values import CheckinAnswer, DeliveryStatus, PostKey, PostKind

ROOT = Path(__file__).resolve().parent.parent.parent
GUILD = 1_234_567_890_123_456_789


async def a_club(path: Path) -> dict[str, int]:
    """A SQLite database with a row in every table the club uses; returns some ids."""
    store = await Store.open(path)
    await store.clubs.set_timezone(GUILD, "Europe/Oslo")
    await store.clubs.set_theme_enabled(GUILD, ["doubt"], False)
    schedules = [await store.schedules.add(GUILD, 10 + i, "07:00", "daily", "rotate", None, 5)
                 for i in range(30)]
    await store.schedules.remove(GUILD, schedules[-1].id)  # the highest id is gone
    key = PostKey(PostKind.SCHEDULE, schedules[0].id, date(2026, 3, 29))
    await store.ledger.claim(key)
    await store.ledger.finish(key, DeliveryStatus.SENT, message_id=2**62, entry_id="doubt-a")
    for n in range(500):
        await store.history.record_shown(GUILD, 10, 100 + n % 7, f"entry-{n % 40}")
    await store.history.record_helped(GUILD, 100, "entry-1")
    [number] = await store.content.reserve_entry_numbers(1)
    await store.content.add_entries(GUILD, [Entry(id=f"club-{number}-hills", theme="doubt",
                                                  kind="mantra", title="Hills", body="Up.",
                                                  source="club")], added_by=100)
    story = await store.content.add_submission(GUILD, 100, "comeback", "Back", "B" * 40, "me")
    forgotten = await store.content.add_submission(GUILD, 101, "doubt", "Gone", "G" * 40, None)
    race = await store.races.add(GUILD, "Marathon", date(2026, 9, 20), 10, None, None, None)
    await store.races.join(race.id, 100)
    await store.races.set_checkin(race.id, 100, CheckinAnswer.PB)
    await store.digests.set(GUILD, 10, 6, "18:00")
    await store.meta.put("command_hash:global", "abc")
    await store.close()
    with contextlib.closing(sqlite3.connect(path)) as db:  # a forgotten story's id: never again
        db.execute("DELETE FROM submissions WHERE id = ?", (forgotten.id,))
        db.commit()
    return {"schedules": schedules[-2].id, "submission": forgotten.id, "race": race.id,
            "story": story.id}


def fingerprint(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        tables = [r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables}  # noqa: S608


async def test_everything_arrives_and_ids_continue(tmp_path: Path, pg_url: str) -> None:
    source = tmp_path / "club.db"
    ids = await a_club(source)
    before = fingerprint(source)
    copied = await copy_to_postgres(source, pg_url)
    assert {t.name: t.rows for t in copied} == counts(source)
    assert fingerprint(source) == before  # the SQLite file is only read
    assert next(t for t in copied if t.name == "history").rows == 500

    store = await Store.open(pg_url)
    try:
        club = await store.clubs.get(GUILD)
        assert club.timezone == "Europe/Oslo" and club.disabled_themes == frozenset({"doubt"})
        assert len(await store.schedules.for_club(GUILD)) == 29
        sent = await store.ledger.get(PostKey(PostKind.SCHEDULE, 1, date(2026, 3, 29)))
        assert sent is not None and sent.message_id == 2**62
        assert len(await store.history.recent_for_channel(10, 1000)) == 500
        assert await store.history.helped_counts(GUILD) == {"entry-1": 1}
        assert [e.title for e in await store.content.entries(GUILD)] == ["Hills"]
        assert await store.races.runners(ids["race"]) == [100]
        assert await store.meta.get("command_hash:global") == "abc"
        # New rows take ids after the copied ones, and after any SQLite's AUTOINCREMENT gave.
        schedule = await store.schedules.add(GUILD, 99, "07:00", "daily", "rotate", None, None)
        assert schedule.id == ids["schedules"] + 1
        assert await store.content.submission(GUILD, ids["story"]) is not None
        story = await store.content.add_submission(GUILD, 1, "doubt", "T", "C" * 40, None)
        assert story.id > ids["submission"]
        assert await store.content.reserve_entry_numbers(1) == [2]
    finally:
        await store.close()


async def test_a_target_with_rows_is_refused_and_left_as_it_was(tmp_path: Path,
                                                                pg_url: str) -> None:
    source = tmp_path / "club.db"
    await a_club(source)
    store = await Store.open(pg_url)
    await store.clubs.set_timezone(42, "Asia/Tokyo")
    await store.close()
    with pytest.raises(StoreError, match=r"is not empty \(rows in clubs\)"):
        await copy_to_postgres(source, pg_url)
    store = await Store.open(pg_url)
    assert (await store.clubs.get(42)).timezone == "Asia/Tokyo"
    assert await store.schedules.for_club(GUILD) == []
    await store.close()


async def test_another_applications_database_is_refused(tmp_path: Path, pg_url: str) -> None:
    source = tmp_path / "club.db"
    await a_club(source)
    conn = await asyncpg.connect(pg_url)
    await conn.execute("CREATE TABLE invoices (id INTEGER)")
    await conn.close()
    with pytest.raises(StoreError, match="another application's tables"):
        await copy_to_postgres(source, pg_url)


async def test_no_source_database_is_one_line(tmp_path: Path, pg_url: str) -> None:
    with pytest.raises(StoreError, match=r"no database at .* to copy"):
        await copy_to_postgres(tmp_path / "missing.db", pg_url)


def secondwind(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(folder / "config.yaml"), *args],
        capture_output=True, text=True, timeout=120, check=False, cwd=folder,
        env={**os.environ, "PYTHONPATH": str(ROOT)})


async def test_the_command_as_an_operator_runs_it(tmp_path: Path, pg_url: str) -> None:
    (tmp_path / "config.yaml").write_text("database:\n  path: club.db\n", encoding="utf-8")
    await a_club(tmp_path / "club.db")
    result = secondwind(tmp_path, "db", "copy", "--to", pg_url)
    assert result.returncode == 0, result.stderr
    assert "every table's count verified" in result.stdout
    assert "history                 500 rows" in result.stdout
    again = secondwind(tmp_path, "db", "copy", "--to", pg_url)
    assert again.returncode == 2 and again.stdout == ""
    [line] = again.stderr.splitlines()
    assert "is not empty" in line
    wrong = secondwind(tmp_path, "db", "copy", "--to", "mysql://club@host/db")
    assert wrong.returncode == 2 and "expected a URL like postgresql://" in wrong.stderr
