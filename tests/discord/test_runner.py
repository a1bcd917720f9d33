"""`secondwind run` as an operator starts it: token from the environment, clean signals."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.discord.conftest import GENERAL, GUILD, MEMBER, TOKEN
from tests.fakediscord import FakeDiscord


async def start_run(fake: FakeDiscord, tmp_path: Path, token: str | None,
                    *args: str, sync: str = str(GUILD)) -> asyncio.subprocess.Process:
    config = tmp_path / "config.yaml"
    config.write_text(f"database:\n  path: bot.db\ndiscord:\n  sync_commands: '{sync}'\n"
                      "  token_env: SW_TEST_TOKEN\n")
    env = {k: v for k, v in os.environ.items() if k != "SW_TEST_TOKEN"}
    env |= {"DISCORD_API_BASE_URL": fake.api_base_url, "DISCORD_GATEWAY_URL": fake.gateway_url}
    if token is not None:
        env["SW_TEST_TOKEN"] = token
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--config", str(config), *(args or ("run",)), env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)


async def finish(process: asyncio.subprocess.Process) -> tuple[int, str]:
    out, err = await asyncio.wait_for(process.communicate(), 30)
    return process.returncode or 0, (out + err).decode()


async def test_missing_token_is_one_clear_line(fake: FakeDiscord, tmp_path: Path) -> None:
    code, output = await finish(await start_run(fake, tmp_path, None))
    assert code == 2
    assert output.strip() == ("No bot token: set the environment variable SW_TEST_TOKEN "
                              "(see README: Running it on Discord).")


async def test_rejected_token_exits_2_without_printing_it(fake: FakeDiscord,
                                                          tmp_path: Path) -> None:
    wrong = "wrong-token-" + "x" * 20
    code, output = await finish(await start_run(fake, tmp_path, wrong))
    assert code == 2
    assert "Discord rejected the token in SW_TEST_TOKEN" in output
    assert wrong not in output and "Traceback" not in output


async def test_runs_answers_and_stops_cleanly_on_sigterm(fake: FakeDiscord,
                                                        tmp_path: Path) -> None:
    process = await start_run(fake, tmp_path, TOKEN)
    try:
        await fake.wait_identified(1, timeout=30)
        await fake.wait_until(lambda: bool(fake.commands.get(GUILD)), 30, "command sync")
        record = await fake.send_command(GUILD, GENERAL, MEMBER, "doubt")
        assert (await record.callback(timeout=10))["data"]["embeds"]
    finally:
        process.send_signal(signal.SIGTERM)
    code, output = await finish(process)
    assert code == 0, output
    assert "received SIGTERM, shutting down" in output
    assert TOKEN not in output
    assert not (tmp_path / "bot.db-wal").exists() or (tmp_path / "bot.db-wal").stat().st_size == 0


async def test_sync_forces_a_sync_and_exits(fake: FakeDiscord, tmp_path: Path) -> None:
    for _ in range(2):
        code, output = await finish(await start_run(fake, tmp_path, TOKEN, "sync"))
        assert code == 0, output
    assert len(fake.command_overwrites) == 2



async def test_sync_with_sync_off_says_so(fake: FakeDiscord, tmp_path: Path) -> None:
    code, output = await finish(await start_run(fake, tmp_path, TOKEN, "sync", sync="off"))
    assert code == 2 and "sync_commands is off" in output
    assert fake.command_overwrites == []
