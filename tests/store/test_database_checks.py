"""The database file is checked before anything is written to it.

A file that is partly corrupt, another application's SQLite database, or no
database at all is refused at open with one line, and its bytes (and the folder
around it) are left exactly as they were; a database written by an older
Second Wind, from before the file carried an application id, is adopted. Each
case is driven through ``Store.open`` and through ``python -m bot console --db
PATH -c /doubt``, as an operator would meet it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.store import Store, StoreError
from bot.store.database import Database, migrations

ROOT = Path(__file__).resolve().parent.parent.parent


def python_path() -> str:
    """This checkout first, then whatever PYTHONPATH the suite runs with."""
    return os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))


PAGE = 4096
APPLICATION_ID = 0x53576E64  # "SWnd", in every database Second Wind writes


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file in the folder and a hash of its bytes.

    A -shm file is SQLite's shared-memory index of the -wal, rebuilt from it by
    whoever opens the database: its presence counts, not its bytes.
    """
    return {p.name: "index" if p.name.endswith("-shm") else hashlib.sha256(
        p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def console(db: Path, command: str = "/doubt") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "console", "--db", str(db), "-c", command],
        capture_output=True, text=True, timeout=60, check=False, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": python_path()})


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database made as an admin makes it, with 400 schedules: tables span many pages."""
    path = tmp_path_factory.mktemp("template") / "club.db"
    script = "/club timezone zone:Europe/Oslo\n" + (
        "/club schedule add channel:#morning time:07:00\n" * 400)
    made = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--db", str(path)], input=script,
        capture_output=True, text=True, timeout=120, check=False, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": python_path()})
    assert made.returncode == 0, made.stderr
    return path


def connect(path: Path, *, read_only: bool = False,
            leave_no_trace: bool = False) -> contextlib.closing[sqlite3.Connection]:
    """A connection that is closed (not only committed) when the block ends.

    ``leave_no_trace``: read-only, and with no -wal or -shm made (``immutable``)
    unless a -wal is there to be read.
    """
    if read_only:
        wal = Path(f"{path}-wal").exists()
        query = "mode=ro" if wal or not leave_no_trace else "mode=ro&immutable=1"
        return contextlib.closing(sqlite3.connect(f"file:{path}?{query}", uri=True))
    return contextlib.closing(sqlite3.connect(path, isolation_level=None))


def root_page(path: Path, name: str) -> int:
    with connect(path, read_only=True, leave_no_trace=True) as db:
        (page,) = db.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                             (name,)).fetchone()
    return int(page)


def overwrite(path: Path, offset: int, data: bytes) -> None:
    with path.open("r+b") as file:
        file.seek(offset)
        file.write(data)


def leave_a_wal_behind(path: Path, write: Callable[[sqlite3.Connection], None]) -> None:
    """Make ``path`` look like a process died while writing: main file plus its -wal.

    The writing is done on a copy whose connection stays open while the copy's files
    are taken, so that the -wal holds frames not yet checkpointed into the main file.
    """
    scratch = path.with_name("scratch-" + path.name)
    shutil.copy(path, scratch)
    with connect(scratch) as db:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA wal_autocheckpoint = 0")
        write(db)
        for suffix in ("", "-wal", "-shm"):
            shutil.copy(f"{scratch}{suffix}", f"{path}{suffix}")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{scratch}{suffix}").unlink(missing_ok=True)
    assert Path(f"{path}-wal").stat().st_size > 0


def trash_index_page(path: Path) -> None:
    """An index's root page filled with noise."""
    page = root_page(path, "schedules_guild")
    overwrite(path, (page - 1) * PAGE, random.Random(7).randbytes(PAGE))


def trash_table_header(path: Path) -> None:
    """The page header of the schedules table's root (an interior page mid-file)."""
    page = root_page(path, "schedules")
    overwrite(path, (page - 1) * PAGE, b"\xff" * 64)


def impossible_cell_count(path: Path) -> None:
    """The last page (a leaf of schedules) claims far more cells than a page can hold."""
    pages = path.stat().st_size // PAGE
    overwrite(path, (pages - 1) * PAGE + 3, b"\x7f\xff")


def cut_in_half(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def trash_index_page_and_leave_a_wal(path: Path) -> None:
    trash_index_page(path)
    leave_a_wal_behind(path, lambda db: db.execute(
        "INSERT INTO meta (key, value) VALUES ('crashed', 'mid-write')"))


CORRUPTIONS: dict[str, Callable[[Path], None]] = {
    "index page": trash_index_page,
    "index page, and a WAL left behind": trash_index_page_and_leave_a_wal,
    "table page header": trash_table_header,
    "cell count": impossible_cell_count,
    "cut in half": cut_in_half,
}


def quick_check_fails(path: Path) -> bool:
    try:
        with connect(path, read_only=True, leave_no_trace=True) as db:
            return db.execute("PRAGMA quick_check").fetchall() != [("ok",)]
    except sqlite3.DatabaseError:
        return True


@pytest.fixture(params=list(CORRUPTIONS))
def corrupt_db(request: pytest.FixtureRequest, tmp_path: Path, template: Path) -> Path:
    path = tmp_path / "db" / "club.db"
    path.parent.mkdir()
    shutil.copy(template, path)
    assert not quick_check_fails(path)
    CORRUPTIONS[request.param](path)
    assert quick_check_fails(path), "the corruption must be one SQLite can see"
    return path


async def test_a_corrupt_database_is_refused_by_the_store(corrupt_db: Path) -> None:
    before = fingerprint(corrupt_db.parent)
    with pytest.raises(StoreError) as refused:
        await Store.open(corrupt_db)
    message = str(refused.value)
    assert "\n" not in message
    assert str(corrupt_db) in message
    assert "damaged" in message
    assert fingerprint(corrupt_db.parent) == before


async def test_a_corrupt_database_is_refused_by_the_console(corrupt_db: Path) -> None:
    before = fingerprint(corrupt_db.parent)
    result = console(corrupt_db)
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert str(corrupt_db) in line and "damaged" in line
    assert fingerprint(corrupt_db.parent) == before


# --- not Second Wind's ------------------------------------------------------------------

def notes_app(path: Path, application_id: int | None = None, wal: bool = False) -> None:
    with connect(path) as db:
        if wal:
            db.execute("PRAGMA journal_mode = WAL")
        if application_id is not None:
            db.execute(f"PRAGMA application_id = {application_id}")
        db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
        db.executemany("INSERT INTO notes (text) VALUES (?)", [(f"note {i}",) for i in range(50)])


def lookalike(path: Path) -> None:
    """Tables named like Second Wind's, but another application's id (GeoPackage's)."""
    with connect(path) as db:
        db.execute("PRAGMA application_id = 1196444487")
        for table in ("clubs", "schedules", "deliveries"):
            db.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY)")


def notes_app_that_crashed(path: Path) -> None:
    """Another application's WAL database, left with frames not yet in the main file."""
    notes_app(path, wal=True)
    leave_a_wal_behind(path, lambda db: db.executemany(
        "INSERT INTO notes (text) VALUES (?)", [(f"late {i}",) for i in range(50)]))


OTHER_APPS: dict[str, Callable[[Path], None]] = {
    "no application id": notes_app,
    "another application id": lambda path: notes_app(path, application_id=0x4D504258),
    "in WAL mode": lambda path: notes_app(path, wal=True),
    "in WAL mode, its WAL left behind": notes_app_that_crashed,
    "our table names, not our id": lookalike,
}


@pytest.mark.parametrize("make", list(OTHER_APPS.values()), ids=list(OTHER_APPS))
async def test_another_applications_database_is_refused(tmp_path: Path,
                                                        make: Callable[[Path], None]) -> None:
    path = tmp_path / "other.db"
    make(path)
    before = fingerprint(tmp_path)
    with pytest.raises(StoreError) as refused:
        await Store.open(path)
    assert "another application's" in str(refused.value) and "\n" not in str(refused.value)
    assert fingerprint(tmp_path) == before
    result = console(path)
    assert result.returncode == 2 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert "another application's SQLite database" in line and str(path) in line
    assert fingerprint(tmp_path) == before


NOT_DATABASES: dict[str, bytes] = {
    "random bytes": random.Random(3).randbytes(3 * PAGE),
    "text": b"club: Harbour Runners\ntimezone: Europe/Oslo\n" * 40,
    "SQLite's magic, then noise": b"SQLite format 3\x00" + random.Random(4).randbytes(PAGE),
}


@pytest.mark.parametrize("content", list(NOT_DATABASES.values()), ids=list(NOT_DATABASES))
async def test_a_file_that_is_no_database_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "club.db"
    path.write_bytes(content)
    before = fingerprint(tmp_path)
    with pytest.raises(StoreError) as refused:
        await Store.open(path)
    assert "not a SQLite database" in str(refused.value) and "\n" not in str(refused.value)
    result = console(path)
    assert result.returncode == 2 and result.stdout == ""
    [line] = result.stderr.splitlines()
    assert "not a SQLite database" in line and str(path) in line
    assert fingerprint(tmp_path) == before


# --- an older Second Wind ----------------------------------------------------------------

def forget_application_id(path: Path) -> None:
    with connect(path) as db:
        db.execute("PRAGMA application_id = 0")


def application_id(path: Path) -> int:
    with connect(path, read_only=True, leave_no_trace=True) as db:
        (found,) = db.execute("PRAGMA application_id").fetchone()
    return int(found)


@pytest.mark.parametrize("version", [1, len(migrations())])
async def test_an_older_second_wind_database_is_adopted(tmp_path: Path, version: int) -> None:
    path = tmp_path / "club.db"
    old = await Database.open(path, up_to=version)
    await old.connection.execute(
        "INSERT INTO clubs (guild_id, timezone, created_at) "
        "VALUES (1, 'Europe/Oslo', '2025-01-01T00:00:00+00:00')")
    await old.close()
    forget_application_id(path)
    assert application_id(path) == 0

    result = console(path, "/club status")
    assert result.returncode == 0, result.stderr
    assert "Time zone: Europe/Oslo" in result.stdout
    assert application_id(path) == APPLICATION_ID  # marked as ours from now on
    store = await Store.open(path)
    try:
        assert await store.database.version() == len(migrations())
        assert (await store.clubs.get(1)).timezone == "Europe/Oslo"
    finally:
        await store.close()
