"""The ``secondwind`` command line as an operator types it: ``python -m bot …`` in a subprocess.

- ``--config`` is read wherever it is typed: before the subcommand or after it
  (``secondwind run --config config.yaml``), for run, console, content lint and
  db backup; ``--version`` prints the version.
- ``run`` and ``sync`` that cannot start (no token, a token of blanks, Discord
  unreachable) say so in one line on stderr and exit 2: no traceback, and the
  token is never printed. discord.py's INFO log lines (``logging in using static
  token``) are log lines, not the message, and are left out of the count.
- ``content lint`` lists problems sorted by file, then line.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot import __version__
from tests.fakediscord import FakeDiscord

ROOT = Path(__file__).resolve().parent.parent


def python_path() -> str:
    """This checkout first, then whatever PYTHONPATH the suite runs with."""
    return os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))


SECRET = "sw-secret-token-Zx81.never-printed"
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO) ")


def secondwind(*args: str, cwd: Path, env: dict[str, str] | None = None,
               stdin: str = "") -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items()
               if k not in ("DISCORD_TOKEN", "SECONDWIND_CONFIG", "DISCORD_API_BASE_URL",
                            "DISCORD_GATEWAY_URL")}
    environ["XDG_DATA_HOME"] = str(cwd / "xdg")  # the default database never lands in $HOME
    environ["PYTHONPATH"] = python_path()
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, cwd=cwd,
                          env=environ | (env or {}), capture_output=True, text=True, timeout=60,
                          check=False)


def message_lines(stderr: str) -> list[str]:
    """stderr without the log lines."""
    return [line for line in stderr.splitlines() if line.strip() and not LOG_LINE.match(line)]


def write_config(folder: Path, text: str, name: str = "config.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def closed_port() -> Iterator[int]:
    """A loopback port that refuses connections: bound, never listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def test_version(tmp_path: Path) -> None:
    result = secondwind("--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"secondwind {__version__}"


# --- --config before and after the subcommand ------------------------------------------

def config_first(config: Path, *rest: str) -> list[str]:
    return ["--config", str(config), *rest]


def config_after_command(config: Path, command: str, *rest: str) -> list[str]:
    return [command, "--config", str(config), *rest]


@pytest.mark.parametrize("where", ["before", "after"])
def test_run_reads_the_config(tmp_path: Path, where: str) -> None:
    config = write_config(tmp_path, "discord:\n  token_env: SW_CLI_TEST_TOKEN\n"
                                    "database:\n  path: club.db\n")
    args = config_first(config, "run") if where == "before" else config_after_command(config,
                                                                                    "run")
    result = secondwind(*args, cwd=tmp_path)
    assert result.returncode == 2
    # Only the config names SW_CLI_TEST_TOKEN: the message proves it was read.
    assert message_lines(result.stderr) == [
        "No bot token: set the environment variable SW_CLI_TEST_TOKEN (see README: Running it "
        "on Discord)."]


@pytest.mark.parametrize("where", ["before", "after"])
def test_console_reads_the_config(tmp_path: Path, where: str) -> None:
    config = write_config(tmp_path, "database:\n  path: data/club.db\n")
    command = ["-c", "/club timezone zone:Europe/Oslo"]
    args = (config_first(config, "console", *command) if where == "before"
            else config_after_command(config, "console", *command))
    result = secondwind(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "data" / "club.db") as db:
        assert db.execute("SELECT timezone FROM clubs").fetchall() == [("Europe/Oslo",)]
    assert not (tmp_path / "xdg").exists()  # nothing went to the default database


BROKEN_ENTRY = """\
theme: doubt
entries:
  - id: lint-me-one
    kind: poem
    title: A kind the bot does not have
    body: Words.
"""


@pytest.mark.parametrize("where", ["before", "after"])
def test_content_lint_reads_the_config(tmp_path: Path, where: str) -> None:
    club = tmp_path / "club"
    club.mkdir()
    (club / "extra.yaml").write_text(BROKEN_ENTRY, encoding="utf-8")
    config = write_config(tmp_path, "content:\n  paths: [shipped, club]\n")
    args = (config_first(config, "content", "lint") if where == "before"
            else ["content", "lint", "--config", str(config)])
    result = secondwind(*args, cwd=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "extra.yaml:4:" in result.stdout and "poem" in result.stdout
    # The same command without the config lints the shipped library alone.
    assert secondwind("content", "lint", cwd=tmp_path).returncode == 0


@pytest.mark.parametrize("where", ["before", "after"])
def test_db_backup_reads_the_config(tmp_path: Path, where: str) -> None:
    config = write_config(tmp_path, "database:\n  path: live.db\n")
    assert secondwind("--config", str(config), "console", "-c",
                      "/club timezone zone:Asia/Tokyo", cwd=tmp_path).returncode == 0
    target = tmp_path / "copy.db"
    args = (config_first(config, "db", "backup", str(target)) if where == "before"
            else ["db", "backup", str(target), "--config", str(config)])
    result = secondwind(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(target) as db:
        assert db.execute("SELECT timezone FROM clubs").fetchall() == [("Asia/Tokyo",)]


def test_the_config_after_the_command_wins(tmp_path: Path) -> None:
    first = write_config(tmp_path, "discord:\n  token_env: SW_FIRST\n", "first.yaml")
    second = write_config(tmp_path, "discord:\n  token_env: SW_SECOND\n", "second.yaml")
    result = secondwind("--config", str(first), "run", "--config", str(second), cwd=tmp_path)
    assert result.returncode == 2
    assert "SW_SECOND" in result.stderr and "SW_FIRST" not in result.stderr


# --- run and sync that cannot start ---------------------------------------------------

def unreachable(port: int, token: str = SECRET) -> dict[str, str]:
    return {"DISCORD_TOKEN": token,
            "DISCORD_API_BASE_URL": f"http://127.0.0.1:{port}/api/v10",
            "DISCORD_GATEWAY_URL": f"ws://127.0.0.1:{port}/gateway"}


@pytest.mark.parametrize("command", ["run", "sync"])
def test_discord_unreachable_is_one_line(tmp_path: Path, closed_port: int, command: str) -> None:
    config = write_config(tmp_path, "database:\n  path: club.db\n")
    result = secondwind(command, "--config", str(config), cwd=tmp_path,
                        env=unreachable(closed_port))
    assert result.returncode == 2, result.stderr
    [line] = message_lines(result.stderr)
    assert line.startswith(f"Cannot reach Discord at http://127.0.0.1:{closed_port}/api/v10")
    assert "Traceback" not in result.stderr
    assert SECRET not in result.stdout + result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("command", ["run", "sync"])
def test_a_token_of_blanks_is_missing(tmp_path: Path, closed_port: int, command: str) -> None:
    result = secondwind(command, cwd=tmp_path, env=unreachable(closed_port, token=" \t  \n"))
    assert result.returncode == 2
    assert message_lines(result.stderr) == [
        "No bot token: set the environment variable DISCORD_TOKEN (see README: Running it on "
        "Discord)."]


# --- content lint's order ---------------------------------------------------------------

def entry(entry_id: str, kind: str = "mantra") -> str:
    return (f"  - id: {entry_id}\n    kind: {kind}\n    title: T {entry_id}\n"
            f"    body: Keep going, one step.\n")


def test_lint_is_sorted_by_file_then_line(tmp_path: Path) -> None:
    # Found out of order: duplicates are noticed after the rest of their file, and
    # z-folder comes before a-folder in the config.
    for folder in ("z-folder", "a-folder"):
        (tmp_path / folder).mkdir()
        body = "theme: doubt\nentries:\n" + entry(f"{folder}-one") + entry(f"{folder}-one") \
            + entry(f"{folder}-two", kind="poem")
        (tmp_path / folder / "club.yaml").write_text(body, encoding="utf-8")
    config = write_config(tmp_path, "content:\n  paths: [shipped, z-folder, a-folder]\n")
    result = secondwind("--config", str(config), "content", "lint", cwd=tmp_path)
    assert result.returncode == 1
    found = [(line.split(":")[0], int(line.split(":")[1])) for line in result.stdout.splitlines()]
    assert len(found) == 4
    assert found == sorted(found)
    assert [Path(path).parent.name for path, _ in found] == ["a-folder"] * 2 + ["z-folder"] * 2


async def test_gateway_unreachable_is_one_line(tmp_path: Path, closed_port: int) -> None:
    async with FakeDiscord(bot_user_id=900, application_id=901, valid_token=SECRET) as fake:
        environ = {k: v for k, v in os.environ.items() if k != "SECONDWIND_CONFIG"}
        environ |= {"DISCORD_TOKEN": SECRET, "DISCORD_API_BASE_URL": fake.api_base_url,
                    "DISCORD_GATEWAY_URL": f"ws://127.0.0.1:{closed_port}/gateway",
                    "XDG_DATA_HOME": str(tmp_path / "xdg"), "PYTHONPATH": python_path()}
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", cwd=tmp_path, env=environ,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        try:
            out, err = await asyncio.wait_for(process.communicate(), 30)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    stderr = err.decode()
    assert process.returncode == 2, stderr[-2000:]
    assert len(message_lines(stderr)) == 1, stderr[-2000:]
    assert SECRET not in out.decode() + stderr
