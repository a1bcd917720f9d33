"""The shipped library: big enough, varied, within its own rules of length and care."""

from __future__ import annotations

import re
from itertools import combinations

import pytest

from bot.content import KINDS, Library

MINIMUMS = {"story": 6, "reflection": 10, "mantra": 10, "prompt": 4}
WORD_RANGES = {"story": (120, 350), "reflection": (40, 120), "prompt": (5, 60)}
NEAR_DUPLICATE = 0.5
WORD_RE = re.compile(r"[a-z']+")


def shingles(text: str) -> set[tuple[str, ...]]:
    words = WORD_RE.findall(text.lower())
    if len(words) < 3:
        return {tuple(words)}
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def test_nine_themes_and_enough_entries(library: Library) -> None:
    assert list(library.themes) == ["doubt", "comeback", "adversity", "late-start", "belonging",
                                    "small-wins", "community", "lessons", "race-day"]
    assert len(library.entries) >= 300
    for theme_id in library.themes:
        for kind, minimum in MINIMUMS.items():
            count = len(library.entries_for([theme_id], kind))
            assert count >= minimum, f"{theme_id} has {count} {kind}s, needs {minimum}"


def test_lengths_fit_their_kind(library: Library) -> None:
    for entry in library.entries.values():
        if entry.kind in WORD_RANGES:
            low, high = WORD_RANGES[entry.kind]
            assert low <= entry.words <= high, f"{entry.source}: {entry.kind} of {entry.words} w"


def test_no_near_duplicates(library: Library) -> None:
    entries = list(library.entries.values())
    sets = {e.id: shingles(e.body) for e in entries}
    found = [
        (a.id, b.id, round(score, 2))
        for a, b in combinations(entries, 2)
        if (score := jaccard(sets[a.id], sets[b.id])) >= NEAR_DUPLICATE
    ]
    assert found == []
    titles = [e.title.lower() for e in entries]
    assert len(set(titles)) == len(titles), "two entries share a title"


@pytest.mark.parametrize("text, other, expected", [
    ("slow is still forward and forward is the job", "slow is still forward and forward is the job",
     True),
    ("slow is still forward and forward is the job", "hills are just slow flat ground", False),
])
def test_near_duplicate_measure_can_fail(text: str, other: str, expected: bool) -> None:
    assert (jaccard(shingles(text), shingles(other)) >= NEAR_DUPLICATE) is expected


def test_no_mentions_links_or_real_people_markers(library: Library) -> None:
    for entry in library.entries.values():
        assert "@" not in entry.body, entry.source
        assert "http" not in entry.body.lower(), entry.source
        assert entry.kind in KINDS


def test_pain_points_to_a_professional(library: Library) -> None:
    """Where an entry speaks of injury pain, the theme says to get it seen somewhere."""
    pro = re.compile(r"physio|doctor|\bgp\b|medic|specialist|clinic|nurse", re.IGNORECASE)
    comeback = library.entries_for(["comeback"])
    assert sum(bool(pro.search(e.body)) for e in comeback) >= 3
