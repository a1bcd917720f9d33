"""bot/core/inputs.py: ids and other typed values, as a hurried admin or an attacker types them.

Every refusal is a UserError (``NotFound`` for a number no row can have) whose
message quotes a short, neutralised echo of the input, so a 5,000-character
value or a 4,300-digit number cannot make the answer too long for Discord.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.app import App
from bot.content import Library
from bot.core.inputs import (
    MAX_ID,
    parse_days,
    parse_id,
    parse_kind,
    parse_theme_choice,
    parse_time,
    parse_zone,
)
from bot.core.live_library import LiveLibrary
from bot.errors import NotFound, UserError
from bot.store import Store

SEE = "(see /club schedule list)"
HUGE = "9" * 4300  # the longest integer Python turns into text by default
LONG_TEXT = "x" * 5000


@pytest.mark.parametrize(("typed", "number"), [
    ("1", 1), ("#12", 12), (" 12 ", 12), ("+7", 7), (12, 12), (str(MAX_ID), MAX_ID),
    ("007", 7),
])
def test_ids_that_name_a_row(typed: int | str, number: int) -> None:
    assert parse_id(typed, "schedule", SEE) == number


@pytest.mark.parametrize("typed", [
    0, "0", -5, "-5", "#-5", 2**63, str(2**63), 2**70, str(2**70), -(2**70), HUGE,
    int(HUGE), "-" + HUGE,
])
def test_numbers_no_row_can_have_are_not_found(typed: int | str) -> None:
    with pytest.raises(NotFound) as refused:
        parse_id(typed, "schedule", SEE)
    message = str(refused.value)
    assert message.startswith("There is no schedule #")
    assert message.endswith(SEE)
    assert len(message) < 120 and "\n" not in message


@pytest.mark.parametrize("typed", [
    "", " ", "abc", "1.5", "1e3", "0x10", "١٢", "½", "12abc", "#", "--1", "1 2", LONG_TEXT,
    "<@&1100>", "@everyone", "[1](https://x.example)",
])
def test_not_numbers_ask_for_one(typed: str) -> None:
    with pytest.raises(UserError) as refused:
        parse_id(typed, "story", "See /club submissions.")
    assert not isinstance(refused.value, NotFound)
    assert str(refused.value) == "Give the story's number, like id:1. See /club submissions."


PARSERS: list[tuple[str, Callable[[str], object]]] = [
    ("time", parse_time),
    ("days", parse_days),
    ("zone", parse_zone),
    ("theme choice", lambda text: parse_theme_choice(text, ["doubt", "comeback"])),
    ("kind", lambda text: parse_kind(text, ["story", "mantra"])),
]


@pytest.mark.parametrize(("name", "parse"), PARSERS, ids=[name for name, _ in PARSERS])
@pytest.mark.parametrize("typed", [LONG_TEXT, "<@&1100> @everyone " * 300,
                                   "[a](https://x.example)\n" * 200, HUGE])
def test_refusals_quote_a_short_harmless_echo(name: str, parse: Callable[[str], object],
                                              typed: str) -> None:
    with pytest.raises(UserError) as refused:
        parse(typed)
    message = str(refused.value)
    assert len(message) < 300, (name, len(message))
    assert "\n" not in message
    assert "@everyone" not in message and "<@&" not in message and "](" not in message


def test_theme_and_kind_lookups_echo_short(library: Library) -> None:
    live = LiveLibrary(library)
    for lookup in (live.theme, live.kind):
        with pytest.raises(UserError) as refused:
            lookup(LONG_TEXT)
        assert len(str(refused.value)) < 400


@pytest.mark.parametrize("typed", [2**70, 2**63, -5, 0, HUGE, "abc"])
async def test_the_schedule_book_answers_no_such_schedule(tmp_path: Path, library: Library,
                                                          typed: int | str) -> None:
    """The ids reach SQLite only once they fit its integers: no OverflowError."""
    store = await Store.open(tmp_path / "sw.db")
    app = App(store, library)
    try:
        for call in (lambda: app.schedules.get(1, typed),
                     lambda: app.schedules.set_paused(1, typed, True),
                     lambda: app.schedules.remove(1, typed),
                     lambda: app.club_content.decide(1, typed, True, 5)):
            with pytest.raises(UserError) as refused:
                await call()
            assert "There is no" in str(refused.value) or "number" in str(refused.value)
    finally:
        await app.close()
