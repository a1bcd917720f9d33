"""The service over a real SQLite file and the shipped library."""

from __future__ import annotations

import random
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.content import Library
from bot.core.service import Encouragement, SupportReply, UserError
from bot.core.values import Where
from bot.store import Store

HERE = Where(1, 10, 100)


@pytest.fixture
async def service(tmp_path: Path, library: Library) -> AsyncIterator[Encouragement]:
    store = await Store.open(tmp_path / "sw.db")
    yield Encouragement(library, store, rng=random.Random(4))
    await store.close()


async def test_theme_pick_is_that_theme_and_kind(service: Encouragement) -> None:
    post = await service.pick(HERE, "doubt", "story")
    assert (post.theme_id, post.kind) == ("doubt", "story")
    assert post.footer == "Mental battles · story"
    assert post.color == 0x6C5CE7


async def test_channel_sees_whole_pool_before_repeat(service: Encouragement,
                                                     library: Library) -> None:
    size = len(library.entries_for(["lessons"], "mantra"))
    seen = [(await service.pick(Where(1, 10, 100 + i), "lessons", "mantra")).entry_id
            for i in range(size)]
    assert len(set(seen)) == size


async def test_disabled_theme_is_refused_and_left_out(service: Encouragement) -> None:
    await service.set_themes_enabled(1, "doubt, race-day", enabled=False)
    with pytest.raises(UserError, match="turned off"):
        await service.pick(HERE, "doubt")
    themes = {(await service.pick(HERE)).theme_id for _ in range(60)}
    assert "doubt" not in themes and "race-day" not in themes
    other_club = {(await service.pick(Where(2, 20, 200), "doubt")).theme_id}
    assert other_club == {"doubt"}


async def test_club_entries_only_in_their_own_club(service: Encouragement) -> None:
    await service.store.content.add_entry(1, "club-1-1", "small-wins", "mantra", "Ours",
                                          "Our own club line.", "Sam", None, "UTC")
    ours = {(await service.pick(Where(1, 10, 100 + i), "small-wins", "mantra")).entry_id
            for i in range(40)}
    assert "club-1-1" in ours
    theirs = {(await service.pick(Where(2, 20, 200 + i), "small-wins", "mantra")).entry_id
              for i in range(40)}
    assert "club-1-1" not in theirs


async def test_unknown_theme_and_kind_say_what_is_accepted(service: Encouragement) -> None:
    with pytest.raises(UserError, match="Themes: doubt, comeback"):
        service.theme("marathons")
    with pytest.raises(UserError, match="Kinds: story, reflection, mantra, prompt"):
        service.kind("poem")


async def test_timezone_validated_and_nothing_saved_on_error(service: Encouragement) -> None:
    assert await service.set_timezone(1, "europe/oslo") == "Europe/Oslo"
    with pytest.raises(UserError, match="IANA"):
        await service.set_timezone(1, "Mars/Base")
    assert (await service.club(1)).timezone == "Europe/Oslo"


async def test_encourage_matches_and_crisis_gets_support(service: Encouragement) -> None:
    post = await service.encourage(HERE, "knee injury, scared to start again")
    assert not isinstance(post, SupportReply) and post.theme_id == "comeback"
    reply = await service.encourage(HERE, "i want to kill myself")
    assert isinstance(reply, SupportReply)
    assert "emergency" in reply.text
    any_post = await service.encourage(HERE, None)
    assert not isinstance(any_post, SupportReply)


async def test_helped_feeds_status(service: Encouragement) -> None:
    post = await service.pick(HERE, "community")
    assert await service.mark_helped(HERE, post.entry_id)
    assert not await service.mark_helped(HERE, post.entry_id)
    await service.mark_helped(Where(1, 10, 101), post.entry_id)
    status = await service.status(1)
    assert status.most_helpful == [(post.entry_id, post.title, 2)]
    assert status.shipped_entries >= 300
