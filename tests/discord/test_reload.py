"""SIGHUP reloads the library; a broken edit is refused and the old library keeps answering."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config import SHIPPED_CONTENT, Settings
from bot.content import load_library
from tests.discord.conftest import FRIEND, GENERAL, GUILD, MEMBER, MORNING, TOKEN, running_bot
from tests.fakediscord import FakeDiscord

NEW_ENTRY = """\
theme: small-wins
entries:
  - id: small-wins-reload-check
    kind: mantra
    title: Fresh off the press
    body: One more lamp post, then the next one.
    weight: 1000000000  # against ~30 mantras of weight 1: a miss is a 1-in-30-million event
"""


async def pick_title(fake: FakeDiscord, channel: int = GENERAL, member: int = MEMBER) -> str:
    """A small-wins mantra; the heavy new entry wins (all but certainly) unless this
    channel or member saw it."""
    record = await fake.send_command(GUILD, channel, member, "smallwin",
                                     options={"kind": "mantra"})
    return (await record.callback())["data"]["embeds"][0]["title"]


async def test_reload_takes_a_good_edit_and_refuses_a_broken_one(
    fake: FakeDiscord, settings: Settings, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    content = tmp_path / "content"
    shutil.copytree(SHIPPED_CONTENT, content)
    settings = replace(settings, content_paths=(content,))

    async with running_bot(fake, settings) as bot:
        (content / "extra.yaml").write_text(NEW_ENTRY)
        assert await bot.reload_library() is not None
        assert await pick_title(fake) == "✨ Fresh off the press"
        (content / "extra.yaml").write_text(NEW_ENTRY.replace("kind: mantra", "kind: limerick"))
        (content / "doubt.yaml").write_text("theme: doubt\nentries:\n  - id: [broken\n")
        assert await bot.reload_library() is None
        assert "library reload refused" in caplog.text
        assert "extra.yaml:4: unknown kind 'limerick'" in caplog.text
        assert "doubt.yaml:4: invalid YAML" in caplog.text
        # The old library is live: the new entry is still there, and doubt still answers.
        assert await pick_title(fake, MORNING, FRIEND) == "✨ Fresh off the press"
        doubt = await fake.send_command(GUILD, GENERAL, MEMBER, "doubt")
        assert (await doubt.callback())["data"]["embeds"]


async def test_sighup_reaches_the_running_process(fake: FakeDiscord, tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SHIPPED_CONTENT, content)
    config = tmp_path / "config.yaml"
    config.write_text(f"database:\n  path: bot.db\ndiscord:\n  sync_commands: '{GUILD}'\n"
                      f"content:\n  paths: [{content}]\n")
    env = os.environ | {"DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE_URL": fake.api_base_url,
                        "DISCORD_GATEWAY_URL": fake.gateway_url}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--config", str(config), "run", env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        await fake.wait_identified(1, timeout=30)
        await fake.wait_ready(timeout=30)
        (content / "extra.yaml").write_text(NEW_ENTRY)
        process.send_signal(signal.SIGHUP)
        titles = []
        for member in range(MEMBER, MEMBER + 50):  # a new member each time: none saw it yet
            titles.append(await pick_title(fake, member=member))
            if titles[-1] == "✨ Fresh off the press":
                break
            await asyncio.sleep(0.1)
        assert titles[-1] == "✨ Fresh off the press", titles
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(process.communicate(), 30)
    assert process.returncode == 0
    shipped = len(load_library([SHIPPED_CONTENT]).entries)
    assert f"library reloaded: {shipped + 1} entries" in err.decode()
