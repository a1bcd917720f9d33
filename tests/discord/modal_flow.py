"""Driving forms (modals) and picks through the fake Discord, for the club-content tests."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import aiohttp

from tests.fakediscord import FakeDiscord

EPHEMERAL = 1 << 6
MODAL = 9


async def open_form(fake: FakeDiscord, guild: int | None, channel: int, user: int,
                    name: str | Sequence[str], options: Mapping[str, Any] | None = None,
                    ) -> tuple[str, dict[str, str]]:
    """Run a command that answers with a form: its custom_id and each field's starting text."""
    record = await fake.send_command(guild, channel, user, name, options=options or {})
    answer = await record.callback()
    assert answer["type"] == MODAL, answer
    return answer["data"]["custom_id"], form_defaults(answer["data"])


def form_defaults(data: dict) -> dict[str, str]:
    """Each text field's starting text, by custom_id."""
    found = {}
    for row in data["components"]:
        for item in [row.get("component")] if row["type"] == 18 else row["components"]:
            found[item["custom_id"]] = item.get("value") or ""
    return found


async def send_form(fake: FakeDiscord, guild: int | None, channel: int, user: int,
                    custom_id: str, values: Mapping[str, str]) -> dict:
    """Submit a form; the bot's answer (its data)."""
    record = await fake.submit_modal(guild, channel, user, custom_id, values)
    return (await record.callback())["data"]


async def answer_text(record: Any) -> dict:
    """The data of an answer, whether sent at once or after a defer (then the follow-up)."""
    answer = await record.callback()
    if answer["type"] == 5:  # deferred: the follow-up carries the text
        return (await record.wait_followups(1))[0]
    return answer["data"]


async def pick_titles(fake: FakeDiscord, guild: int, channel: int, user: int, command: str,
                      kind: str, count: int) -> list[str]:
    """``count`` picks of a theme command in one channel: a whole pool without repeats."""
    titles = []
    for _ in range(count):
        record = await fake.send_command(guild, channel, user, command, options={"kind": kind})
        titles.append((await record.callback())["data"]["embeds"][0]["title"])
    return titles


async def download(url: str) -> bytes:
    """An attachment the bot sent, from the fake's file store."""
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200
        return await response.read()


def rows(database: Path, sql: str, *args: Any) -> list[tuple]:
    """Rows straight from the bot's database file."""
    with sqlite3.connect(database) as db:
        return db.execute(sql, args).fetchall()
