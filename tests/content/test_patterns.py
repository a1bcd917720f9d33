"""The pattern detectors behind ``content stats --patterns`` and the library's caps."""

from __future__ import annotations

import pytest

from bot.content import Entry, Library, Theme
from bot.content.pattern_table import pattern_report
from bot.content.patterns import (
    ends_in_imperative,
    has_contrast,
    measure,
    mentions_kilometres,
    mentions_miles,
    near_duplicates,
    repeated_sentences,
    sentences,
    watched_words,
)

CONTRASTS = [
    "It's not a setback. It's a detour.",
    "The hill isn't the enemy; it's the teacher.",
    "It's not about the time, it's about the people.",
    "Rest isn't weakness — it's training.",
    "You're not slow. You're new.",
    "Its not the pace, its the patience.",
    "Rest isn't weakness. Rest is training.",
    "It wasn’t the hill, it was the wind.",
    "This is not a race, but a conversation.",
    "It was not the medal but the morning that stayed with her.",
    "Running is less a sport than a habit of mind.",
    "The long run is less about pace than about patience.",
    "She was less brave than stubborn.",
    "The plateau isnt a wall: its a landing.",
    "Not for the time, but for the people beside you.",
    "It isn’t failure – it’s information.",
    "The taper is not rest, but sharpening.",
    "What you feel at mile twenty isn't weakness. It is glycogen running out.",
]
NOT_CONTRASTS = [
    "I did not stop.",
    "It's not easy. It never was.",
    "I wasn't fast, but I finished.",
    "It's not much, but it's mine.",
    "She didn't win, but the crowd cheered anyway.",
    "It finished in less than an hour.",
    "I ran less time than I hoped.",
    "He's not sure. He laughs and laces up.",
    "It's not raining yet, and the wind has dropped.",
    "This isn't your first race, is it?",
    "Isn't it strange? It was the best day of the year.",
    "Do not start too fast.",
    "It was not far to the finish.",
    "I'm not a morning person. Nobody in my house is.",
    "Not bad for a Tuesday.",
    "She ran less fast than the others.",
    "We're not there yet, but we will be.",
    "It's not over until the last lap.",
]


@pytest.mark.parametrize("text", CONTRASTS)
def test_contrast_found(text: str) -> None:
    assert has_contrast(text)


@pytest.mark.parametrize("text", NOT_CONTRASTS)
def test_plain_not_is_no_contrast(text: str) -> None:
    assert not has_contrast(text)


def test_contrast_inside_a_longer_body() -> None:
    body = ("Marta ran the first mile too fast.\n\nBy the bridge she knew it. "
            "That wasn't bad luck. It was the plan she never made.\n\nShe walked a while.")
    assert has_contrast(body)
    assert not has_contrast(body.replace("It was the plan", "The plan"))


IMPERATIVES = [
    "Go gently.",
    "Trust the taper.",
    "Don't stop now.",
    "Be proud of that.",
    "Let it be slow.",
    "Keep going.",
    "A long story here. And then this. Just keep going.",
    "Never stop asking.",
    "Do not apologise for your pace.",
    "So go.",
    "*Breathe out, and run the next mile.*",
    "Dont look at the watch.",
    "Please see a physio before you run again.",
    "Now rest.",
    "When it hurts like that, stop and get it looked at.",
    "Tomorrow, rest.",
]
NOT_IMPERATIVES = [
    "You can stop now.",
    "Rest is training.",
    "Would you run it again?",
    "Let's go.",
    "\"Keep going,\" she said.",
    "Run club starts at six.",
    "We kept going.",
    "The finish line came at last.",
    "Never again.",
    "Keep going. I kept going.",
    "So it goes.",
    "Finish line ahead, and a marshal waving.",
    "Slow enough to hear the birds is fast enough.",
    "What will you carry tomorrow?",
    "When it hurts, you will know.",
]


@pytest.mark.parametrize("text", IMPERATIVES)
def test_imperative_ending_found(text: str) -> None:
    assert ends_in_imperative(text)


@pytest.mark.parametrize("text", NOT_IMPERATIVES)
def test_not_an_imperative_ending(text: str) -> None:
    assert not ends_in_imperative(text)


def test_sentences_split_at_ends_and_line_breaks() -> None:
    assert sentences("One. Two! \"Three?\" she said.\nFour…  five") == \
        ["One.", "Two!", "\"Three?\"", "she said.", "Four…", "five"]


@pytest.mark.parametrize("text, expected", [
    ("A train and a brain in the terrain.", set()),
    ("Rainy days; it was raining; the rains came.", {"rain"}),
    ("Past the lamp-post, the lamppost and the lamp post.", {"lamppost"}),
    ("She waited at the bus stop.", {"bus stop"}),
    ("The bus was late, then the bus stops were moved.", {"bus", "bus stop"}),
    ("He got his second wind on the windy climb.", {"wind"}),
    ("He got his second wind.", set()),
    ("A Hi-Vis vest, a hi vis jacket.", {"hi-vis"}),
    ("Coffee at the Café, tea after.", {"coffee", "café", "tea"}),
    ("A team of teachers.", set()),
    ("Two dogs and a dog-walker by the river.", {"dog", "river"}),
    ("The icy path; iced buns; the ice.", {"ice"}),
])
def test_watched_words_are_whole_words_with_their_forms(text: str, expected: set[str]) -> None:
    assert watched_words(text) == expected


@pytest.mark.parametrize("text, miles, kilometres", [
    ("Eight miles in the heat.", True, False),
    ("A half-mile warm-up.", True, False),
    ("26.2 mi on the watch.", True, False),
    ("A milestone birthday.", False, False),
    ("Her first 5K.", False, True),
    ("The 10k and the 21.1 km.", False, True),
    ("Two kilometres, then the last k.", False, True),
    ("Kilometers, American style.", False, True),
    ("400 metres on the track.", False, False),
    ("Two kids and a dog.", False, False),
    ("A mile, then another 5 km.", True, True),
])
def test_units(text: str, miles: bool, kilometres: bool) -> None:
    assert (mentions_miles(text), mentions_kilometres(text)) == (miles, kilometres)


def entry(entry_id: str, body: str, tags: tuple[str, ...] = (), theme: str = "doubt",
          title: str | None = None) -> Entry:
    return Entry(id=entry_id, theme=theme, kind="reflection", title=title or entry_id,
                 body=body, tags=tags)


def test_measure_counts_each_entry_once() -> None:
    entries = [
        entry("a", "Rain, rain and more rain. It's not a race. It's a run. Go gently.",
              ("coach", "new", "regular")),
        entry("b", "Ten miles by the river, rainy all the way.", ("veteran", "competitive")),
        entry("c", "The 5K went fine.", ()),
    ]
    counts = measure(entries)
    assert (counts.entries, counts.contrast, counts.imperative) == (3, 1, 1)
    assert (counts.miles, counts.kilometres) == (1, 1)
    assert counts.watched == {"rain": 2, "river": 1}
    assert counts.voices == {"coach": 1, "veteran": 1, "(none)": 1}
    assert counts.levels == {"new": 1, "regular": 1, "competitive": 1}
    assert counts.share(counts.contrast) == pytest.approx(1 / 3)


def test_repeated_sentences_ignore_case_space_and_punctuation() -> None:
    entries = [
        entry("a", "The whole field went quiet at the start line. Then we ran."),
        entry("b", "the whole  field went quiet, at the start-line!"),
        entry("c", "Then we ran."),  # short: under eight words
    ]
    assert repeated_sentences(entries) == {
        "the whole field went quiet at the start line": ["a", "b"]}


def test_near_duplicates() -> None:
    same = "slow is still forward and forward is the job"
    entries = [entry("a", same), entry("b", same + " today"), entry("c", "hills are flat ground")]
    assert near_duplicates(entries) == [("a", "b", 0.88)]


def test_pattern_report_is_aligned_text() -> None:
    theme = Theme(id="doubt", command="doubt", name="Doubt", description="d", color=0,
                  emoji="x")
    library = Library(themes={"doubt": theme}, entries={
        "a": entry("a", "It's not a race. It's a run. Keep going.", ("coach", "new")),
        "b": entry("b", "A dog in the rain.", ("light", "regular")),
    })
    report = "\n".join(pattern_report(library))
    assert "contrast" in report and "imperative end" in report
    rows = [line for line in report.splitlines() if line.startswith(("all ", "doubt "))]
    assert rows[0].split()[:4] == ["all", "2", "1", "50.0%!"]
    assert "dog" in report and "rain" in report
