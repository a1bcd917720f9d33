"""The support answers (bot.core.safety) over a real SQLite file and the shipped library."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import App
from bot.content import Library
from bot.core.crisis import CrisisLevel
from bot.core.safety import CLUB_LINE_PREFIX, SUPPORT_LINE_MAX
from bot.errors import UserError
from bot.store import Store
from bot.values import Where

CLUB, OTHER = 1, 2
HERE = Where(CLUB, 10, 100)
HELPLINE = "findahelpline.com"


@pytest.fixture
async def app(tmp_path: Path, library: Library) -> AsyncIterator[App]:
    store = await Store.open(tmp_path / "sw.db")
    yield App(store, library, rng=random.Random(3))
    await store.close()


def test_the_library_has_every_support_message(library: Library) -> None:
    for name in ("crisis", "distress", "support", "helplines"):
        assert library.messages.get(name, "").strip(), name


async def test_support_names_real_help_with_the_clubs_line_first(app: App) -> None:
    general = await app.safety.support(CLUB)
    assert HELPLINE in general and "988" in general
    line = await app.safety.set_support_line(CLUB, "Call Jo, our welfare officer: 07700 900123")
    assert line == "Call Jo, our welfare officer: 07700 900123"
    ours = await app.safety.support(CLUB)
    assert ours.startswith(CLUB_LINE_PREFIX + line)
    assert HELPLINE in ours
    assert not (await app.safety.support(OTHER)).startswith(CLUB_LINE_PREFIX)  # clubs apart
    danger = await app.safety.reply(CLUB, CrisisLevel.DANGER)
    assert danger.text.startswith(CLUB_LINE_PREFIX + line) and HELPLINE in danger.text
    distress = await app.safety.reply(CLUB, CrisisLevel.DISTRESS)
    assert distress.text.startswith(CLUB_LINE_PREFIX + line) and "/support" in distress.text
    await app.safety.set_support_line(CLUB, None)
    assert not (await app.safety.support(CLUB)).startswith(CLUB_LINE_PREFIX)


async def test_the_clubs_line_is_neutralised_and_limited(app: App) -> None:
    line = await app.safety.set_support_line(
        CLUB, "@everyone ring <@&5> or [our page](https://x.example/a(b))\nany time")
    assert line is not None
    assert "@\u200beveryone" in line and "<@&5>" not in line and "](" not in line
    assert "\n" not in line
    for bad in ("", "   ", "x" * (SUPPORT_LINE_MAX + 1)):
        with pytest.raises(UserError, match=f"1 to {SUPPORT_LINE_MAX} characters"):
            await app.safety.set_support_line(CLUB, bad)
    assert (await app.safety.support(CLUB)).startswith(CLUB_LINE_PREFIX + line)  # unchanged


async def test_distress_gets_the_gentle_line_then_an_entry_for_a_hard_season(
    app: App, library: Library
) -> None:
    answer = await app.encouragement.encourage(
        HERE, "everything is falling apart at work and I'm in a dark place")
    assert answer.support is not None and answer.support.level is CrisisLevel.DISTRESS
    assert answer.post is not None
    entry = library.entries[answer.post.entry_id]
    assert entry.theme == "adversity" or {"hard-season", "self-compassion", "loneliness",
                                          "grief"} & set(entry.tags)


async def test_a_cheer_note_in_danger_is_not_sent_on(app: App) -> None:
    answer = await app.encouragement.cheer(HERE, "honestly I want to kill myself")
    assert answer.post is None and answer.support is not None
    assert HELPLINE in answer.support.text
    fine = await app.encouragement.cheer(HERE, "smashed it on the hills today!")
    assert fine.post is not None and fine.support is None
