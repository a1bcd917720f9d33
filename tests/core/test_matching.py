"""Free text to theme, and crisis detection (bot/core/matching.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import Entry, Library, load_library
from bot.core.crisis import CrisisLevel, assess
from bot.core.matching import ThemeMatcher, normalise_words, stem

CONTENT = Path(__file__).resolve().parents[2] / "content"


def _entry(entry_id: str, theme: str, title: str, body: str, *tags: str) -> Entry:
    return Entry(id=entry_id, theme=theme, kind="reflection", title=title, body=body, tags=tags)


# A few entries written here, so these tests do not depend on the shipped stories.
FIXTURE_ENTRIES = [
    _entry("t-doubt", "doubt", "The voice",
           "The voice says everyone is watching and you are too slow to be here.",
           "self-talk", "comparison"),
    _entry("t-comeback", "comeback", "Slow return",
           "After the injury the physio wrote a plan: one minute jogging, one walking.",
           "injury", "first-run-back"),
    _entry("t-adversity", "adversity", "The jacket",
           "Three months after the funeral she wore his jacket on the canal path.",
           "grief", "loss"),
    _entry("t-late", "late-start", "Sixty-one",
           "She bought her first trainers at sixty-one and walked most of the first week.",
           "age", "beginner"),
    _entry("t-belong", "belonging", "Back row",
           "I stood at the back of every photo until I noticed nobody was looking.",
           "body", "claiming-space"),
    _entry("t-small", "small-wins", "Lamp post",
           "Three lamp posts, then four, then the whole loop without a walk break.",
           "without-stopping", "quiet-pr"),
    _entry("t-community", "community", "The cowbell",
           "The marshal at the cattle grid rang her cowbell for every runner.",
           "volunteers", "cheering"),
    _entry("t-lessons", "lessons", "Rest is training",
           "The rest day is where the training turns into fitness. Patience is a skill.",
           "rest", "patience"),
    _entry("t-race", "race-day", "Night before",
           "Bib pinned to the shirt, shoes by the door, sleep not coming.",
           "nerves", "night-before"),
]


@pytest.fixture(scope="module")
def small_library() -> Library:
    themes = load_library([CONTENT / "themes.yaml"]).themes
    return Library(themes=dict(themes), entries={e.id: e for e in FIXTURE_ENTRIES})


@pytest.fixture(scope="module")
def matcher(small_library: Library) -> ThemeMatcher:
    return ThemeMatcher.from_library(small_library)


@pytest.fixture(scope="module")
def full_matcher() -> ThemeMatcher:
    return ThemeMatcher.from_library(load_library([CONTENT]))


PHRASES = [
    ("knee injury, scared to start again", {"comeback"}),
    ("everyone in the club is faster than me", {"doubt", "belonging"}),
    ("first 5k on Saturday", {"race-day"}),
    ("I'm 58 and never ran", {"late-start"}),
    ("my dad died last month and I can't face running", {"adversity"}),
    ("going through chemo and trying to keep moving", {"adversity"}),
    ("caring for my mum with dementia, no time for myself", {"adversity"}),
    ("looking after my dad full time as his carer", {"adversity"}),
    ("my wife died in the spring and the house is so quiet", {"adversity"}),
    ("lost my job and running is all I have left", {"adversity"}),
    ("going through a divorce", {"adversity"}),
    ("grief", {"adversity"}),
    ("looking for a group run to join", {"community"}),
    ("volunteering at parkrun this weekend", {"community"}),
    ("thinking of marshalling at the local 10k", {"community"}),
    ("my running buddies cheered me over the line", {"community"}),
    ("ran my first mile without stopping!", {"small-wins"}),
    ("ran a whole mile without walking for the first time", {"small-wins"}),
    ("finished in last place but I was smiling", {"small-wins"}),
    ("got a new PB today!", {"small-wins"}),
    ("hit a 30 day running streak", {"small-wins"}),
    ("I had to walk some of it but I still finished", {"small-wins"}),
    ("I hate rest days, I feel lazy when I take one", {"lessons"}),
    ("taking a rest day even though I want to run", {"lessons"}),
    ("what has running taught you about patience?", {"lessons"}),
    ("stuck on a plateau for months, nothing is improving", {"lessons"}),
    ("consistency over intensity, slowly building the habit", {"lessons"}),
    ("learning to slow down on easy runs", {"lessons"}),
    ("I don't look like a runner", {"belonging"}),
    ("I race in a wheelchair and people stare", {"belonging"}),
    ("people laughed at me running in my hijab", {"belonging"}),
    ("I'm the only Black woman at my running club", {"belonging"}),
    ("disabled runner and people tell me I shouldn't run", {"belonging"}),
    ("they said people my size shouldn't run", {"belonging"}),
    ("nervous about the marathon tomorrow", {"race-day"}),
    ("can't sleep, the race is tomorrow morning", {"race-day"}),
    ("the last mile of the half marathon", {"race-day"}),
    ("first time racing a 10k, butterflies in my stomach", {"race-day"}),
    ("the start line nerves are real", {"race-day"}),
    ("marathon", {"race-day"}),
    ("six months off with burnout, want to get back into it", {"comeback"}),
    ("my physio says I can start jogging again", {"comeback"}),
    ("back after a stress fracture", {"comeback"}),
    ("my first run back after surgery", {"comeback"}),
    ("recovering from covid and everything feels hard", {"comeback", "adversity"}),
    ("is it too late to start running at 45?", {"late-start"}),
    ("just retired and want to try running", {"late-start"}),
    ("I'm 70 years old, can I still start?", {"late-start"}),
    ("in my sixties and a total beginner", {"late-start"}),
    ("turning 50 and want to start", {"late-start"}),
    ("I always come last and feel like a fraud", {"doubt"}),
    ("I'm too slow to run with anyone", {"doubt"}),
    ("I'm the slowest in my group", {"doubt"}),
    ("bad race yesterday, DNF at 30k", {"doubt"}),
    ("sick of feeling like an imposter", {"doubt"}),
]

HEADLINES = [
    ("knee injury, scared to start again", {"comeback"}),
    ("everyone in the club is faster than me", {"doubt", "belonging"}),
    ("first 5k on Saturday", {"race-day"}),
    ("I'm 58 and never ran", {"late-start"}),
    ("my mum died and I don't know how to keep going", {"adversity"}),
    ("I don't look like a runner", {"belonging"}),
    ("ran my first mile without stopping!", {"small-wins"}),
    ("volunteering at parkrun this weekend", {"community"}),
    ("I hate rest days", {"lessons"}),
    ("I race in a wheelchair and people stare", {"belonging"}),
]


@pytest.mark.parametrize(("text", "accepted"), PHRASES, ids=[p for p, _ in PHRASES])
def test_phrase_matches_theme(matcher: ThemeMatcher, text: str, accepted: set[str]) -> None:
    assert matcher.match(text) in accepted


def test_table_is_big_enough() -> None:
    assert len(PHRASES) >= 30
    assert {t for _, accepted in PHRASES for t in accepted} >= {
        "doubt", "comeback", "adversity", "late-start", "belonging",
        "small-wins", "community", "lessons", "race-day",
    }


@pytest.mark.parametrize(("text", "accepted"), HEADLINES, ids=[p for p, _ in HEADLINES])
def test_full_library_headline_examples(
    full_matcher: ThemeMatcher, text: str, accepted: set[str]
) -> None:
    assert full_matcher.match(text) in accepted


@pytest.mark.parametrize("text", ["", "   ", "\n\t", "🏃‍♀️🔥💪", "???", "!!! ...", "asdf qwer"])
def test_nothing_to_match_gives_none(matcher: ThemeMatcher, text: str) -> None:
    assert matcher.match(text) is None


def test_allowed_themes_are_respected(matcher: ThemeMatcher) -> None:
    text = "knee injury, scared to start again"
    assert matcher.match(text) == "comeback"
    allowed = [t for t in matcher.theme_ids if t != "comeback"]
    assert matcher.match(text, allowed) in set(allowed)
    assert matcher.match(text, ["doubt"]) == "doubt"  # "scared"
    assert matcher.match(text, ["community"]) is None  # nothing in the text points there
    assert matcher.match(text, []) is None
    assert matcher.match(text, ["no-such-theme"]) is None


@pytest.mark.parametrize(("text", "accepted"), PHRASES[:20])
def test_disabled_theme_is_never_returned(
    matcher: ThemeMatcher, text: str, accepted: set[str]
) -> None:
    for disabled in accepted:
        allowed = [t for t in matcher.theme_ids if t != disabled]
        assert matcher.match(text, allowed) != disabled


def test_match_is_deterministic(small_library: Library) -> None:
    first = ThemeMatcher.from_library(small_library)
    second = ThemeMatcher.from_library(small_library)
    for text, _ in PHRASES:
        assert first.match(text) == second.match(text) == first.match(text)


def test_scores_cover_allowed_themes_only(matcher: ThemeMatcher) -> None:
    scores = matcher.scores("first 5k on Saturday", ["race-day", "doubt"])
    assert set(scores) == {"race-day", "doubt"}
    assert scores["race-day"] > scores["doubt"]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("I'm 58 and never ran", ["im", "age", "and", "never", "ran"]),
        ("I am 70 years old", ["i", "am", "age", "year", "old"]),
        ("turning 50", ["turn", "age"]),
        ("in my 60s", ["in", "my", "age"]),
        ("at the age of 45", ["at", "the", "age", "of", "age"]),
        ("I ran 50 miles", ["i", "ran", "50", "mil"]),
        ("at 40 minutes", ["at", "40", "minut"]),
        ("I'm 25", ["im", "25"]),
        ("Don’t RUNNING, races!", ["dont", "run", "rac"]),
    ],
)
def test_normalise_words(text: str, words: list[str]) -> None:
    assert normalise_words(text) == words


def test_stem_sends_word_families_to_one_key() -> None:
    assert stem("racing") == stem("races") == stem("race") == stem("raced")
    assert stem("running") == stem("runs") == "run"
    assert stem("marshalling") == stem("marshal")
    assert stem("injuries") == stem("injury")
    assert stem("stopped") == stem("stop")


def test_ages_only_count_as_ages(matcher: ThemeMatcher) -> None:
    assert matcher.match("I'm 63 and want to start") == "late-start"
    assert matcher.match("I ran 50 miles this month") != "late-start"


CRISIS = [
    "I want to die",
    "i just wanna die",
    "I'm going to kill myself",
    "been thinking about killing myself",
    "i want to kil myself",
    "k i l l m y s e l f",
    "I don't want to be here anymore",
    "i dont want to be here any more",
    "I don't want to be here.",
    "I want to end it all",
    "sometimes I think about ending my life",
    "there's no reason to live",
    "no point in living",
    "nothing left to live for",
    "I've been feeling suicidal",
    "having suicidal thoughts again",
    "feeling sucidal",
    "su1c1de",
    "I keep wanting to hurt myself",
    "I hurt myself again",
    "self harm",
    "started self-harming again",
    "everyone would be better off without me",
    "I wish I was dead",
    "I can't go on anymore",
    "i cant do this any more",
    "I don't want to wake up tomorrow",
    "I want to unalive myself",
    "gonna kms",
    "I’ve thought about taking my own life",
    "i just want to sleep forever",
]

NOT_CRISIS = [
    "this hill is killing me",
    "I'm dying out here at mile 20",
    "dead legs after those intervals",
    "killer intervals tonight",
    "I could die of happiness",
    "my knee is killing me",
    "suicide sprints at track tonight",
    "coach made us do suicides",
    "I absolutely killed it at parkrun",
    "I'm dead tired after the long run",
    "I'd rather die than run another hill rep",
    "I think I hurt myself on the downhill",
    "finished dead last but smiling",
    "I don't want to be here at 5am in the rain",
    "I don't want to wake up at 5am for parkrun",
    "ran 10 kms today",
    "I nearly died on that last climb",
    "at the end of it all the medal was worth it",
    "we ended the season with a party",
    "I want to diet before the marathon",
    "I can't go on without a gel",
    "dying to get back out there",
    "I don't want to go on the long run",
    "the wall nearly killed me",
    "my legs wanted to die on the last climb",
    "a song about self harmony on my playlist",
]


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_is_noticed(text: str) -> None:
    assert assess(text) is CrisisLevel.DANGER


@pytest.mark.parametrize("text", NOT_CRISIS)
def test_running_talk_is_not_crisis(text: str) -> None:
    assert assess(text) is CrisisLevel.NONE


@pytest.mark.parametrize("text", ["", "   ", "🏃", "first 5k on Saturday"])
def test_ordinary_text_is_not_crisis(text: str) -> None:
    assert assess(text) is CrisisLevel.NONE
