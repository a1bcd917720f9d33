"""Reliability without the scheduler: an unusable database file, and malformed admin input.

(a) A database the process cannot write is refused at start by ``secondwind run``
    and ``secondwind console -c`` alike: exit code 2, one line naming the path, no
    traceback. Root ignores file permissions, so as root the read-only cases run the
    command under ``unshare --user`` (a user namespace without capabilities over the
    files, where the owner's mode bits apply as they do for an operator); a database
    path that is a directory fails for everyone, root included.

(b) Malformed option values, sent through the fake Discord to the real bot as a
    club admin, each get an ephemeral answer a member can read (not the generic
    "something went wrong") and change nothing in the database: every table is
    dumped read-only before and after. The bot starts once for the module.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.config import Settings
from bot.discord.client import SecondWind
from bot.discord.endpoints import point_discord_at
from bot.store import Store, StoreError
from tests.fakediscord import MANAGE_GUILD, MEMBER_PERMISSIONS, ChannelArg, FakeDiscord

pytestmark = pytest.mark.asyncio(loop_scope="module")

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "fake-token-for-reliability"
TOKEN_ENV = "SW_RELIABILITY_TOKEN"
BOT_ID, APP_ID = 900, 901
GUILD, OTHER_GUILD = 1000, 2000
GENERAL, MORNING, OTHER_CHANNEL = 1001, 1002, 2001
ADMIN = 3001
EPHEMERAL = 1 << 6
CONTENT_LIMIT = 2000  # Discord refuses a longer message content (400, code 50035)
GENERIC_FAILURE = "something went wrong on our side"


# --- (a) a database the process cannot use ----------------------------------------------

LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO) ")
# aiosqlite's worker thread, when a connect fails and the loop closes before the thread
# finishes, prints this traceback; pinned by test_failed_open_leaves_no_worker_thread_running.
THREAD_NOISE = re.compile(r"^Exception in thread \S+ \(_connection_worker_thread\):$", re.M)


@functools.cache
def owner_without_override() -> tuple[str, ...] | None:
    """A command prefix under which file modes apply to us; None when there is none."""
    if os.geteuid() != 0:
        return ()
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    handle, name = tempfile.mkstemp(prefix="sw-unshare-probe-")
    os.close(handle)
    probe = Path(name)
    probe.chmod(0o444)
    try:
        works = subprocess.run([unshare, "--user", "true"], capture_output=True, timeout=10,
                               check=False).returncode == 0
        refused = subprocess.run([unshare, "--user", "sh", "-c", f"echo x >> {probe}"],
                                 capture_output=True, timeout=10, check=False).returncode != 0
    except (OSError, subprocess.SubprocessError):
        return None
    finally:
        probe.unlink()
    return (unshare, "--user") if works and refused else None


async def migrated(path: Path) -> None:
    store = await Store.open(path)
    await store.close()


@dataclass(frozen=True)
class Unusable:
    """One way a database path can be unusable, and what its message must say."""

    name: str
    says: str  # a word the one-line message must contain, besides the path
    modes_matter: bool  # needs owner semantics (root: unshare --user)


UNUSABLE = [
    Unusable("read-only file and folder", "read-only", True),
    Unusable("read-only folder, no file yet", "read-only", True),
    Unusable("path is a directory", "cannot open", False),
]


@contextlib.asynccontextmanager
async def unusable_database(kind: Unusable, tmp_path: Path) -> AsyncIterator[Path]:
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / "bot.db"
    if kind.name.startswith("read-only file"):
        await migrated(db)
        db.chmod(0o444)
    if kind.name.startswith("read-only"):
        folder.chmod(0o555)
    if kind.name == "path is a directory":
        db.mkdir()
    try:
        yield db
    finally:
        folder.chmod(0o755)
        if db.is_file():
            db.chmod(0o644)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def cli_fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(bot_user_id=BOT_ID, application_id=APP_ID, valid_token=TOKEN) as fake:
        fake.add_guild(GUILD, "Harbour Runners", channels=[(GENERAL, "general")])
        yield fake


async def secondwind(prefix: tuple[str, ...], *args: str,
                     env: dict[str, str]) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        *prefix, sys.executable, "-m", "bot", *args, env=env, cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode or 0, out.decode(), err.decode()


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in (TOKEN_ENV, "SECONDWIND_CONFIG", "DISCORD_TOKEN")}
    return env | extra


def message_lines(stderr: str) -> list[str]:
    """What the operator reads: stderr without INFO logs and the known thread noise."""
    noise = THREAD_NOISE.search(stderr)
    text = stderr[: noise.start()] if noise else stderr
    return [line for line in text.splitlines() if line.strip() and not LOG_LINE.match(line)]


@pytest.mark.parametrize("command", ["console", "run"])
@pytest.mark.parametrize(
    "kind", [pytest.param(k, id=k.name) for k in UNUSABLE])
async def test_unusable_database_is_one_clear_line_and_exit_2(
    kind: Unusable, command: str, tmp_path: Path, cli_fake: FakeDiscord
) -> None:
    prefix = owner_without_override() if kind.modes_matter else ()
    if prefix is None:
        pytest.skip("running as root without a working `unshare --user`: modes are ignored")
    async with unusable_database(kind, tmp_path) as db:
        if command == "console":
            code, out, err = await secondwind(prefix, "console", "--db", str(db), "-c", "/doubt",
                                              env=clean_env())
        else:
            config = tmp_path / "config.yaml"
            config.write_text(f"database:\n  path: {db}\ndiscord:\n  sync_commands: 'off'\n"
                              f"  token_env: {TOKEN_ENV}\n")
            env = clean_env(**{TOKEN_ENV: TOKEN, "DISCORD_API_BASE_URL": cli_fake.api_base_url,
                               "DISCORD_GATEWAY_URL": cli_fake.gateway_url})
            code, out, err = await secondwind(prefix, "--config", str(config), "run", env=env)
    lines = message_lines(err)
    assert code == 2, err
    assert "Traceback" not in "\n".join(lines), err
    assert len(lines) == 1, err
    assert str(db) in lines[0]
    assert kind.says in lines[0], lines[0]
    assert out.strip() == ""


async def test_failed_open_leaves_no_worker_thread_running(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"
    db.mkdir()
    with pytest.raises(StoreError, match=re.escape(str(db))):
        await Store.open(db)
    running = [t.name for t in threading.enumerate()
               if "_connection_worker_thread" in t.name and t.is_alive()]
    assert not running, running


# --- (b) malformed admin input --------------------------------------------------------

@dataclass(frozen=True)
class Case:
    """One admin command with one malformed option value."""

    path: tuple[str, ...]
    options: dict[str, Any]
    varied: str
    guild: int = GUILD
    channel: int = GENERAL

    @property
    def id(self) -> str:
        value = self.options[self.varied]
        shown = ascii(value)
        shown = shown if len(shown) <= 40 else f"{shown[:30]}...<{len(str(value))} chars>"
        return f"{' '.join(self.path[1:])} {self.varied}:{shown}"


LONG = "x" * 6000  # Discord's longest string option value
COMMON = [
    "", " ", "\t", "\n", "0", "-1", "1", "3.14", "1e309", "NaN", "null", "None", "true", "[]",
    "{}", "*", "%", "%s%s%s%n", "{0}{1}", "${jndi:ldap://example.invalid/a}",
    "<script>alert(1)</script>", "@everyone", "<@&1100>", "../../etc/passwd",
    "C:\\Windows\\System32", "file:///etc/passwd", "🏃", "\u202eEurope/London",
    "'; DROP TABLE clubs; --", "\" OR 1=1 --", "\x00", LONG,
]
ZONES = [
    *COMMON,
    "Mars/Base", "Europe/", "/Europe/London", "Europe//London", "Europe/London/",
    "Europe/London/..", "Europe/../Europe/London", "Europe\\London", "Europe/London\x00",
    "Europe/Lon don", "America/New York", "EST", "GMT", "CET", "PST8PDT", "Zulu", "Factory",
    "localtime", "posixrules", "UTC+2", "UTC-05:00", "GMT+1", "+02:00", "Z", "Etc/GMT+99",
    "Etc/GMT+", "/usr/share/zoneinfo/Europe/London", "../../../../usr/share/zoneinfo/UTC",
    "/etc/localtime", "Amérique/Paris", "Europe/Londön", "Ευρώπη/Αθήνα", "Asia/東京",
    "Europe/🏃‍♀️", "Ｅｕｒｏｐｅ/Ｌｏｎｄｏｎ", "Europe/\u200bLondon",
    "Europe/London'; DROP TABLE clubs;--",
    "Europe/London\nAmerica/New_York", "Europe/London?", "Europe/*", "Europe/" + "a" * 5000,
]


def theme_values(valid: str) -> list[str]:
    """Bad theme lists; those naming ``valid`` too must change nothing (all or nothing)."""
    return [
        *COMMON,
        "nope", ",,", ",", " , ", f"{valid},nope", f"nope,{valid}", f"{valid},,nope",
        f"{valid} nope", f"{valid},race-day,nope", "all,nope", "nope,all", f"all,{valid}",
        "ALL ALL", f"{valid}%", valid[:3], f"{valid}z", f"{valid}-", f"-{valid}",
        f"{valid};nope", f"{valid}|race-day", f"{valid}\x00", f"{valid}\u200b",
        "".join(chr(ord(c) + 0xFEE0) if c.isalpha() else c for c in valid),  # fullwidth
        "🧠", "race dayz", "race_day",
        f"{valid}'); DELETE FROM disabled_themes; --",  # noqa: S608 - a value, not a query
        f"{valid}\nnope", ",".join(["nope"] * 500), f"{valid}," * 300 + "nope",
        f"{valid.title()},Nope",
    ]


SCHEDULE = {"channel": ChannelArg(MORNING), "time": "07:00", "days": "daily", "theme": "rotate"}
BAD_SCHEDULE = {
    "time": ["25:61", "24:00", "7", "7:5", "07:00:00", "7am", "7:00 pm", "07.00", "0700", "",
             " ", "-1:00", "07:60", "１２:００", "٠٧:٠٠", "07:00; DROP TABLE schedules; --",
             LONG, "noon", "NaN", "99999999999:00", "07:0\x00"],
    "days": ["someday", "mon-", "-fri", "mon--fri", "mon,,fri", "8", "mon-tue-wed",
             "weekdays,weekends", "daily,mon", "lundi", "月", "mon; DROP TABLE schedules", LONG,
             "\x00"],
    "theme": ["nope", "rotate,doubt", "doubt,comeback", "🧠", "all", LONG,
              "'; DROP TABLE schedules; --"],
    "kind": ["novel", "stories", "'; --", LONG],
}
OTHER_CLUBS_SCHEDULE = 2  # made in OTHER_GUILD by the fixture
BAD_IDS = [0, -1, 999_999, 2**53, -(2**53), OTHER_CLUBS_SCHEDULE]

def cases() -> list[Case]:
    found = [Case(("club", "timezone"), {"zone": z}, "zone") for z in dict.fromkeys(ZONES)]
    for action, valid in (("enable", "doubt"), ("disable", "comeback")):
        for value in dict.fromkeys(theme_values(valid)):
            found.append(Case(("club", "themes", action), {"theme": value}, "theme"))
    for option, values in BAD_SCHEDULE.items():
        for value in values:
            found.append(Case(("club", "schedule", "add"), {**SCHEDULE, option: value}, option))
    for action in ("pause", "resume", "remove", "test"):
        found += [Case(("club", "schedule", action), {"id": i}, "id") for i in BAD_IDS]
    return found


CASES = cases()


def dump(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table, read through a read-only connection."""
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall()  # noqa: S608
                for t in tables}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(bot_user_id=BOT_ID, application_id=APP_ID, valid_token=TOKEN) as server:
        admin = [(ADMIN, "coach", MEMBER_PERMISSIONS | MANAGE_GUILD)]
        server.add_guild(GUILD, "Harbour Runners", members=admin,
                         channels=[(GENERAL, "general"), (MORNING, "morning")])
        server.add_guild(OTHER_GUILD, "Hill Striders", members=admin,
                         channels=[(OTHER_CHANNEL, "general")])
        point_discord_at(server.api_base_url, server.gateway_url)
        try:
            yield server
        finally:
            point_discord_at(None, None)


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("reliability") / "bot.db"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def admin(fake: FakeDiscord, db_path: Path) -> AsyncIterator[Callable[..., Any]]:
    """The running bot, set up as a club would be; yields ``send(case) -> answer``."""
    settings = replace(Settings(), database_path=db_path, sync_commands="off")
    bot = SecondWind(settings, guild_ready_timeout=0.1)
    task = asyncio.create_task(bot.start(TOKEN))

    async def send(path: tuple[str, ...], options: dict[str, Any], guild: int = GUILD,
                   channel: int = GENERAL) -> tuple[dict, Any]:
        record = await fake.send_command(guild, channel, ADMIN, list(path), options=options)
        return await record.callback(timeout=10), record

    try:
        await fake.wait_identified(1, timeout=30)
        await asyncio.wait_for(bot.wait_until_ready(), 30)
        setup = [
            (("club", "timezone"), {"zone": "Europe/Oslo"}, GUILD, GENERAL),
            (("club", "themes", "disable"), {"theme": "doubt,race-day"}, GUILD, GENERAL),
            (("club", "schedule", "add"), SCHEDULE, GUILD, GENERAL),
            (("club", "schedule", "add"), {**SCHEDULE, "channel": ChannelArg(OTHER_CHANNEL)},
             OTHER_GUILD, OTHER_CHANNEL),
        ]
        for path, options, guild, channel in setup:
            answer, _ = await send(path, options, guild, channel)
            assert "There is" not in answer["data"].get("content", ""), answer
        rows = dump(db_path)["schedules"]
        assert [(r[0], r[1]) for r in rows] == [(1, GUILD), (OTHER_CLUBS_SCHEDULE, OTHER_GUILD)]
        assert sorted(r[1] for r in dump(db_path)["disabled_themes"]) == ["doubt", "race-day"]
        yield send
    finally:
        await bot.close()
        await asyncio.wait_for(task, 30)


async def test_there_are_over_a_hundred_cases() -> None:
    assert len(CASES) >= 100
    assert len({c.id for c in CASES}) == len(CASES)


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=c.id) for c in CASES])
async def test_malformed_admin_value_is_refused_and_changes_nothing(
    case: Case, admin: Callable[..., Any], db_path: Path
) -> None:
    before = dump(db_path)
    answer, record = await admin(case.path, case.options, case.guild, case.channel)
    await asyncio.sleep(0.01)  # anything written just after the answer shows up too
    after = dump(db_path)
    data = answer.get("data") or {}
    content = data.get("content") or ""
    assert answer["type"] == 4, answer  # answered at once, not deferred
    assert data.get("flags", 0) & EPHEMERAL, answer
    assert content.strip() and not data.get("embeds"), answer
    assert GENERIC_FAILURE not in content, content
    assert not record.followups
    assert after == before, {t: (before[t], after[t]) for t in after if before.get(t) != after[t]}
    assert len(content) <= CONTENT_LIMIT, f"{len(content)} characters"
