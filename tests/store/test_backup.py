"""``secondwind db backup PATH`` as an operator runs it, before an upgrade or from cron.

A backup is copied with SQLite's backup API and verified before it takes the
target's name. Whatever goes wrong is one line on stderr (exit 2), the live
database is left as it was, and nothing is left at the target: no 0-byte file, no
partial copy, and an older backup already there survives a failed run.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bot.store import Store

ROOT = Path(__file__).resolve().parent.parent.parent


def python_path() -> str:
    """This checkout first, then whatever PYTHONPATH the suite runs with."""
    return os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))


def secondwind(folder: Path, *args: str, limit_file_size: int | None = None,
               ) -> subprocess.CompletedProcess[str]:
    def limited() -> None:  # the disk fills up: writes past the limit fail (EFBIG)
        if limit_file_size is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_size, limit_file_size))

    return subprocess.run(
        [sys.executable, "-m", "bot", "--config", str(folder / "config.yaml"), *args],
        capture_output=True, text=True, timeout=60, check=False, cwd=folder,
        env={**os.environ, "PYTHONPATH": python_path()},
        preexec_fn=limited if limit_file_size is not None else None)


def tree(folder: Path) -> dict[str, str]:
    """Every file under the folder, with a hash of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def one_line(result: subprocess.CompletedProcess[str], *words: str) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    for word in words:
        assert word in line, line
    return line


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A live database made as an admin makes it: a club and 300 schedules, in the console."""
    folder = tmp_path_factory.mktemp("template")
    script = "/club timezone zone:Pacific/Auckland\n" + (
        "/club schedule add channel:#morning time:06:15 days:weekdays\n" * 300)
    made = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--db", str(folder / "live.db")],
        input=script, capture_output=True, text=True, timeout=120, check=False, cwd=ROOT,
        env={**os.environ, "PYTHONPATH": python_path()})
    assert made.returncode == 0, made.stderr
    return folder / "live.db"


@pytest.fixture
def club(tmp_path: Path, template: Path) -> Path:
    """A folder with config.yaml naming live.db, a copy of the template."""
    (tmp_path / "config.yaml").write_text("database:\n  path: live.db\n", encoding="utf-8")
    shutil.copy(template, tmp_path / "live.db")
    return tmp_path


def test_the_backup_is_a_verified_copy(club: Path) -> None:
    result = secondwind(club, "db", "backup", "backups/monday.db")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"backed up {club / 'live.db'} to backups/monday.db"
    copy = club / "backups" / "monday.db"
    assert sorted(p.name for p in copy.parent.iterdir()) == ["monday.db"]  # nothing beside it
    with contextlib.closing(sqlite3.connect(f"file:{copy}?mode=ro&immutable=1", uri=True)) as db:
        assert db.execute("PRAGMA quick_check").fetchall() == [("ok",)]
        assert db.execute("SELECT timezone FROM clubs WHERE guild_id = 1").fetchall() == [
            ("Pacific/Auckland",)]
        assert db.execute("SELECT COUNT(*) FROM schedules").fetchone() == (300,)


async def test_the_backup_opens_as_a_second_wind_database(club: Path) -> None:
    assert secondwind(club, "db", "backup", "copy.db").returncode == 0
    store = await Store.open(club / "copy.db")
    try:
        assert (await store.clubs.get(1)).timezone == "Pacific/Auckland"
        assert len(await store.schedules.for_club(1)) == 300
    finally:
        await store.close()


def test_a_corrupt_source_is_refused(club: Path) -> None:
    live = club / "live.db"
    with contextlib.closing(sqlite3.connect(f"file:{live}?mode=ro&immutable=1", uri=True)) as db:
        (page,) = db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'schedules'").fetchone()
    with live.open("r+b") as file:
        file.seek((page - 1) * 4096)
        file.write(b"\xff" * 64)
    before = tree(club)
    one_line(secondwind(club, "db", "backup", "copy.db"), "damaged", "live.db")
    assert tree(club) == before


def test_a_target_that_is_a_folder(club: Path) -> None:
    (club / "backups").mkdir()
    before = tree(club)
    one_line(secondwind(club, "db", "backup", "backups"), "backups is a folder")
    assert tree(club) == before


def unwritable_folder(club: Path) -> Path:
    """A folder this process truly cannot write in: /proc refuses even root."""
    folder = Path("/proc")
    assert not os.access(folder, os.W_OK) or os.geteuid() == 0
    return folder


@pytest.mark.parametrize("name", ["secondwind.db", "no-such-folder/secondwind.db"])
def test_a_target_in_a_folder_nobody_may_write(club: Path, name: str) -> None:
    folder = unwritable_folder(club)
    before = tree(club)
    target = folder / name
    one_line(secondwind(club, "db", "backup", str(target)), "cannot write the backup",
             str(target))
    assert not target.exists()
    assert not (folder / f".{Path(name).name}.partial").exists()
    assert tree(club) == before


def test_a_read_only_folder_for_an_ordinary_user(club: Path) -> None:
    folder = club / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this user may write a read-only folder (root): /proc is tested instead")
        one_line(secondwind(club, "db", "backup", "locked/copy.db"), "cannot write the backup")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_no_database_yet(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("database:\n  path: live.db\n", encoding="utf-8")
    one_line(secondwind(tmp_path, "db", "backup", "copy.db"),
             f"no database at {tmp_path / 'live.db'} yet")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.yaml"]


@pytest.mark.parametrize("content", [b"not a database at all\n" * 100,
                                     b"SQLite format 3\x00" + b"\x07" * 5000])
def test_a_source_that_is_not_a_database(tmp_path: Path, content: bytes) -> None:
    (tmp_path / "config.yaml").write_text("database:\n  path: live.db\n", encoding="utf-8")
    (tmp_path / "live.db").write_bytes(content)
    before = tree(tmp_path)
    one_line(secondwind(tmp_path, "db", "backup", "copy.db"), "not a SQLite database")
    assert tree(tmp_path) == before


def test_a_source_of_another_application(tmp_path: Path) -> None:
    (tmp_path / "config.yaml").write_text("database:\n  path: live.db\n", encoding="utf-8")
    with contextlib.closing(sqlite3.connect(tmp_path / "live.db")) as db:
        db.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    before = tree(tmp_path)
    one_line(secondwind(tmp_path, "db", "backup", "copy.db"), "another application's")
    assert tree(tmp_path) == before


@pytest.mark.parametrize("target", ["live.db", "./live.db", "{folder}/live.db", "link.db",
                                    "not-yet/../live.db"])
def test_backing_up_onto_the_live_file_itself(club: Path, target: str) -> None:
    (club / "link.db").symlink_to(club / "live.db")
    before = tree(club)
    one_line(secondwind(club, "db", "backup", target.format(folder=club)),
             "is the live database itself")
    assert tree(club) == before
    assert not (club / "not-yet").exists()


@pytest.mark.parametrize("target", ["live.db-wal", "live.db-shm", "./live.db-journal",
                                    "{folder}/live.db-wal"])
def test_backing_up_onto_a_file_sqlite_keeps_beside_the_live_one(club: Path, target: str,
                                                                  ) -> None:
    """A copy written as live.db-wal would be read as the live database's journal."""
    target = target.format(folder=club)
    before = tree(club)
    one_line(secondwind(club, "db", "backup", target), "live database's own files")
    assert tree(club) == before


def test_the_disk_filling_up_leaves_no_partial_copy(club: Path) -> None:
    old_backup = club / "backups" / "copy.db"
    old_backup.parent.mkdir()
    old_backup.write_bytes(b"last week's backup")
    live_size = (club / "live.db").stat().st_size
    assert live_size > 80_000
    before = tree(club)
    line = one_line(secondwind(club, "db", "backup", "backups/copy.db",
                               limit_file_size=64 * 1024), "cannot write the backup")
    assert "backups/copy.db" in line
    assert tree(club) == before  # last week's backup is still there, and nothing else is
