"""Crisis detection (bot/core/crisis.py) against the labelled corpora, plus focused checks.

The first corpus is ``tests/crisis_corpus.yaml`` (its header explains the labels):

- every ``danger`` text must be DANGER, not merely DISTRESS;
- every ``distress`` text must be DISTRESS, exactly. Decided: none of them is
  danger. The closest ("I feel like a burden to my friends", "I feel like I'm
  drowning and nobody can see it", "I hate myself") speak of no death, no
  self-harm and no lack of safety, which is where the corpus draws the line; a
  text that adds one of those ("a burden ... there's no way out") is filed under
  danger, and the detector agrees;
- at most 5% of the ``running`` texts may fire (DISTRESS or DANGER); the test
  prints the ones that did, by category.

The second is ``tests/crisis_round3.yaml``, hard cases written blind (indirect
wording, quiet farewells, third-person framing about oneself, burden statements,
lookalikes; its header explains them), used for development. It is pinned the same way,
at the figures reached: every one of its 237 danger texts is DANGER, every one of its 72
distress texts is DISTRESS and not DANGER, and at most 5% of its 242 running texts fire
(reached: 2, 0.8%: "i want to die, who put a hill at mile 12" and "Can't go on, can't go
on... crossed the line five minutes later", both by decision, see the module docstring).

``tests/crisis_heldout.yaml`` is deliberately not read here: it measures how the
detector generalises, for ``bench/crisis.py`` to report.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from bot.core.crisis import CrisisLevel, assess, normalise

TESTS = Path(__file__).resolve().parents[1]
CORPUS = TESTS / "crisis_corpus.yaml"
ROUND3 = TESTS / "crisis_round3.yaml"
CORPORA = (CORPUS, ROUND3)
RUNNING_FALSE_ALARMS_ALLOWED = 0.05
HANG_GUARD_SECONDS = 0.5  # far above the real cost; only a hang or a blow-up fails

Corpus = dict[str, dict[str, list[str]]]


def _corpus(path: Path) -> Corpus:
    corpus: Corpus = yaml.safe_load(path.read_text(encoding="utf-8"))
    return corpus


def _texts(label: str) -> list[pytest.ParameterSet]:
    return [
        pytest.param(text, id=f"{path.stem.removeprefix('crisis_')}-{category}-{n}")
        for path in CORPORA
        for category, texts in _corpus(path)[label].items()
        for n, text in enumerate(texts)
    ]


# ---------------------------------------------------------------- the corpora

@pytest.mark.parametrize("text", _texts("danger"))
def test_danger_is_danger(text: str) -> None:
    assert assess(text) is CrisisLevel.DANGER


@pytest.mark.parametrize("text", _texts("distress"))
def test_distress_is_distress_and_not_danger(text: str) -> None:
    assert assess(text) is CrisisLevel.DISTRESS


@pytest.mark.parametrize("path", CORPORA, ids=lambda path: path.stem)
def test_running_talk_rarely_fires(path: Path) -> None:
    running = _corpus(path)["running"]
    fired = [
        (category, text, level)
        for category, texts in running.items()
        for text in texts
        if (level := assess(text)) is not CrisisLevel.NONE
    ]
    total = sum(len(texts) for texts in running.values())
    print(f"\nrunning talk that fired: {len(fired)} of {total}")
    for category, text, level in fired:
        print(f"  {category:<18} {level.value:<8} {text}")
    assert len(fired) <= RUNNING_FALSE_ALARMS_ALLOWED * total, fired


# ---------------------------------------------------------------- later running talk
# Running talk that comes after a danger phrase explains it only when it is about the same
# thing (see the module docstring). These follow-ups are about something else: they neither
# point back ("these hills"), nor start by naming what a "this" was, nor say where the
# writer will be ("see you Sunday" answers a farewell, whatever it is about).

UNRELATED_RUNNING_TALK = (
    "Anyone up for the long run on Sunday?",
    "Who's coming to the track tonight? 6 x 800 at 7.",
    "I ran 12 miles today and my legs are dead.",
    "My watch died at mile 3 again, typical.",
)


def _danger_and_distress() -> list[tuple[str, CrisisLevel]]:
    return [
        (text, level)
        for path in CORPORA
        for label, level in (("danger", CrisisLevel.DANGER), ("distress", CrisisLevel.DISTRESS))
        for texts in _corpus(path)[label].values()
        for text in texts
    ]


def test_unrelated_running_talk_after_a_sentence_changes_nothing() -> None:
    changed = [
        (text, later, assess(joined))
        for text, level in _danger_and_distress()
        for later in UNRELATED_RUNNING_TALK
        if assess(joined := f"{text.rstrip().rstrip('.!?')}. {later}") not in _AT_LEAST[level]
    ]
    assert not changed


def test_unrelated_running_talk_in_a_later_clause_changes_nothing() -> None:
    # Only where the phrase itself allows a later clause: some end their sentence by
    # definition ("I've picked the day."), so any later clause, running or not, changes them.
    changed = []
    for text, level in _danger_and_distress():
        stem = text.rstrip().rstrip(".!?")
        if assess(f"{stem}, that's all") not in _AT_LEAST[level]:
            continue
        for later in UNRELATED_RUNNING_TALK:
            joined = f"{stem}, {later[0].lower()}{later[1:]}"
            if assess(joined) not in _AT_LEAST[level]:
                changed.append((text, later, assess(joined)))
    assert not changed


_AT_LEAST = {
    CrisisLevel.DANGER: {CrisisLevel.DANGER},
    CrisisLevel.DISTRESS: {CrisisLevel.DISTRESS, CrisisLevel.DANGER},
}


# ---------------------------------------------------------------- decisions

@pytest.mark.parametrize(
    ("text", "level"),
    [
        # "kms" is aimed at oneself even after a session; after a number it is a distance.
        ("hill reps done, kms lol", CrisisLevel.DANGER),
        ("ran 12 kms before breakfast", CrisisLevel.NONE),
        ("the last few kms were hard", CrisisLevel.NONE),
        # "kys" alone is aimed at someone else; aimed at oneself it is danger.
        ("kys", CrisisLevel.NONE),
        ("I tell myself to kys every morning", CrisisLevel.DANGER),
        # Running talk and a danger statement together: danger.
        ("new half marathon PB and I still want to die", CrisisLevel.DANGER),
        ("my calves wanted to die on the last climb", CrisisLevel.NONE),
        ("my calves wanted to die on the last climb, not joking, so do I", CrisisLevel.DANGER),
        # What "this" is decides "I can't do this anymore".
        ("I can't do this anymore, these 6am tempo runs are brutal", CrisisLevel.NONE),
        ("I can't do this anymore", CrisisLevel.DANGER),
        # An act is a method only with intent before it.
        ("jumped off the harbour wall into the sea after the run", CrisisLevel.NONE),
        ("keep thinking about jumping off the harbour wall", CrisisLevel.DANGER),
        # Preparations: two weak signs are enough, unless the text looks forward.
        ("my final run. thanks for everything", CrisisLevel.DANGER),
        ("my final run before the taper. thanks for everything, see you on the start line",
         CrisisLevel.NONE),
        ("", CrisisLevel.NONE),
        ("   \n  ", CrisisLevel.NONE),
        # Running talk after the phrase explains it only if it is about the same thing.
        ("I can't go on, anyone up for the long run on Sunday?", CrisisLevel.DANGER),
        ("I can't do this anymore, 5am runs are wrecking me", CrisisLevel.NONE),
        ("I've put my affairs in order. Saving the killer workout for next week",
         CrisisLevel.DANGER),
        # A friend who is the writer is the writer.
        ("asking for a friend: is it normal to want to die? the friend is me",
         CrisisLevel.DANGER),
        ("asking for a friend: is it normal to need a poo mid-run?", CrisisLevel.NONE),
        ("a runner in our club thinks about killing himself every day. it's me",
         CrisisLevel.DANGER),
        # Not being around: a future without the writer, unless they say where they will be.
        ("I won't be around much longer", CrisisLevel.DANGER),
        ("won't be around for a few weeks, altitude camp in Kenya!", CrisisLevel.NONE),
        ("I can't promise I'll still be here tomorrow", CrisisLevel.DANGER),
        # Belongings given away: a sign without a mundane reason; two signs are danger.
        ("gave my watch and all my medals to my nephew, told him I won't be needing them",
         CrisisLevel.DANGER),
        ("gave my old medals to my nephew, he's hung them all over his room", CrisisLevel.NONE),
        # Questions about doses and heights, unless for an ailment.
        ("how many of my sleeping pills would it take", CrisisLevel.DANGER),
        ("how many paracetamol would it take to shift this headache", CrisisLevel.NONE),
        ("which bridge in town has no fence", CrisisLevel.DANGER),
        # At a high place, unless meeting or watching a race.
        ("I'm on the bridge", CrisisLevel.DANGER),
        ("I'm on the bridge at mile 3, come say hi", CrisisLevel.NONE),
        # "It" is running only if its sentence, or the one before, says so.
        ("soon it won't hurt anymore", CrisisLevel.DANGER),
        ("My knee is agony. Soon it won't hurt anymore", CrisisLevel.NONE),
        # A burden is distress; holding the group back on a hill is running.
        ("I feel like such a burden on everyone", CrisisLevel.DISTRESS),
        ("sorry for holding everyone back on the hills today", CrisisLevel.NONE),
        # Tears after a finishing time are joy.
        ("Sub-3 finally. 2:59:41. I'm crying", CrisisLevel.NONE),
        # The other languages, in their own word order.
        ("Ich werd mich vor den Zug werfen", CrisisLevel.DANGER),
        ("Me voy a tirar por el balcón", CrisisLevel.DANGER),
        ("Cuando ya no esté nadie me va a extrañar", CrisisLevel.DANGER),
        ("Ik zie het echt nie meer zitten", CrisisLevel.DANGER),
        ("Je veux que tout s'arrête pour de bon", CrisisLevel.DANGER),
        # A weapon emoji answering running talk before it is running talk.
        ("the hills are killing me. 🔫😵", CrisisLevel.NONE),
        ("🔫😵. anyone up for the long run on Sunday?", CrisisLevel.DANGER),
    ],
)
def test_decisions(text: str, level: CrisisLevel) -> None:
    assert assess(text) is level


def test_meaning_it_counts_only_near_what_is_meant() -> None:
    # "Is no joke" is about the heatwave; a "not joking" far away says nothing about the reps.
    hyperbole = "Wanted to die on rep 8 of the tempo session, what a course."
    assert assess(f"This heatwave is no joke. {hyperbole}") is CrisisLevel.NONE
    far = " ".join(["Long run on Sunday with the club, lovely and easy."] * 8)
    assert assess(f"Not joking, the cake was amazing. {far} {hyperbole}") is CrisisLevel.NONE
    assert assess(f"{hyperbole} Not joking.") is CrisisLevel.DANGER


# ---------------------------------------------------------------- normalising

@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("I DON’T want", "i dont want"),  # case, curly apostrophe
        ("dont  want", "dont want"),  # missing apostrophe, spaces
        ("I'll be fine", "i will be fine"),
        ("ich möchte nicht, je suis épuisée", "ich mochte nicht , je suis epuisee"),
        ("k\u200bi\u200dl\ufeffl", "kill"),  # zero-width characters
        ("diiiiieeeee", "die"),  # stretched letters
        ("s u i c i d e", "suicide"),  # spaced out
        ("k.m.s", "kms"),
        ("k i l l   m y s e l f", "killmyself"),  # the glued form has rules of its own
        ("plan b", "plan b"),  # two letters are not a word spelt out
        ("end.my.life.please", "end my life please"),  # dots between letters are spaces
        ("d i e. I could", "die . i could"),  # a letter after a full stop starts a sentence
        ("so did I. k.m.s.", "so did i . kms ."),  # "i" before a spelt-out word is a word
        ("life's pointless", "life is pointless"),
        ("ich mag nümme", "ich mag nicht mehr"),  # Swiss German
        ("su1c1d3 and k1ll", "suicide and kill"),  # digits for letters
        ("ki11 and kiII and su!c!de", "kill and kill and suicide"),  # ones, capitals, marks
        ("ran 10k in 52:14, 4x400 and 800s", "ran 10k in 52 : 14 , 4x400 and 800s"),
        ("i wanna die 2nite", "i want to die tonight"),  # chat spellings
        ("i wnat to kill myslef", "i want to kill myself"),  # one slip in a key word
        ("ｋｉｌｌ 𝐦𝐲𝐬𝐞𝐥𝐟", "kill myself"),  # full-width and mathematical letters
        ("kіll", "kill"),  # a Cyrillic і
        ("me 🔫 💀 🪦", "me emojigun dead emojigrave"),  # emoji that carry the meaning
        ("great run 🏃‍♀️🎉", "great run"),  # the rest drop out
    ],
)
def test_normalise(text: str, words: str) -> None:
    assert normalise(text) == f" . {words} . "


# ---------------------------------------------------------------- cost and hostile input

LONG_STORY = (
    "It was the third Saturday of the month when I finally signed up for the harbour 10k. "
    "My legs were dead after the hills, the intervals were killing me, and my Garmin died "
    "at mile two, so I ran on feel. At halfway I hit the wall; I wanted to quit. I crossed "
    "the line in 52:14 and cried at the finish, happy tears. "
) * 14

HOSTILE = [
    pytest.param(("want to " * 600)[:4000], id="repeated-lead"),
    pytest.param(("i dont want to " * 300)[:4000], id="unfinished-negation"),
    pytest.param(("wanted to die on rep 8 " * 200)[:4000], id="guard-on-every-phrase"),
    pytest.param(("a " * 2000)[:4000], id="single-letters"),
    pytest.param(("k.m.s." * 700)[:4000], id="spaced-out-dots"),
    pytest.param("a" * 4000, id="one-long-word"),
    pytest.param("1" * 4000, id="one-long-number"),
    pytest.param(("k1" * 2000), id="one-long-leet-word"),
    pytest.param("." * 4000, id="marks-only"),
    pytest.param("🔫" * 4000, id="emoji-only"),
    pytest.param(("k\u200b" * 2000), id="zero-width"),
    pytest.param(("if a car hit me " * 300)[:4000], id="long-unfinished-wish"),
    pytest.param(("I I I I I lIlIlI " * 250)[:4000], id="capitals"),
    pytest.param(("gave my watch to " * 300)[:4000], id="repeated-weak-sign"),
    pytest.param(("my last run and " * 300)[:4000], id="repeated-last-run"),
    pytest.param(("the friend is me, someone wants to " * 150)[:4000], id="repeated-reveal"),
    pytest.param(("this, " * 800)[:4000], id="repeated-pointer"),
]


def _seconds(text: str) -> float:
    began = time.perf_counter()
    assess(text)
    return time.perf_counter() - began


def test_a_long_story_is_quick() -> None:
    assert len(LONG_STORY) >= 4000
    assert assess(LONG_STORY) is CrisisLevel.NONE
    assert min(_seconds(LONG_STORY) for _ in range(3)) < HANG_GUARD_SECONDS


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_does_not_hang(text: str) -> None:
    assert len(text) >= 4000
    assert _seconds(text) < HANG_GUARD_SECONDS
