"""The shipped library: big enough, varied, within the content brief's rules and caps.

These tests judge the writing, so they fail while the library is being rewritten;
each failure names the entries (or words) to fix. The measures are those of
``secondwind content stats --patterns`` (:mod:`bot.content.patterns`), and
``secondwind content lint`` lists the per-entry problems with file and line.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable

from bot.config import SHIPPED_CONTENT
from bot.content import Entry, Library, lint_paths
from bot.content.patterns import (
    CONTRAST_CAP,
    IMPERATIVE_CAP,
    LEVEL_MIN,
    VOICE_MIN,
    WATCHED_CAP,
    ends_in_imperative,
    entry_text,
    has_contrast,
    near_duplicates,
    repeated_sentences,
    watched_words,
)

THEMES = ["doubt", "comeback", "adversity", "late-start", "belonging", "small-wins",
          "community", "lessons", "race-day"]
LIBRARY_MINIMUM = 640
KIND_MINIMUMS = {"story": 12, "reflection": 20, "mantra": 20, "prompt": 8}
MOMENT_MINIMUMS = {"taper": 15, "race-eve": 15, "post-race-pb": 10, "post-race-finished": 10,
                   "post-race-tough": 10, "post-race-dnf": 10}
SHOWN = 60  # lines of a failure message before "… and N more"


def listing(lines: Iterable[str]) -> str:
    lines = list(lines)
    more = f"\n  … and {len(lines) - SHOWN} more" if len(lines) > SHOWN else ""
    return "".join(f"\n  {line}" for line in lines[:SHOWN]) + more


def ids_by_theme(entries: Iterable[Entry]) -> str:
    by_theme: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        by_theme[entry.theme].append(entry.id)
    return listing(f"{theme} ({len(ids)}): {', '.join(ids)}" for theme, ids in by_theme.items())


def percent(count: int, total: int) -> str:
    return f"{count}/{total} = {count / total:.1%}" if total else "0/0"


def test_shipped_library_is_clean() -> None:
    problems = lint_paths([SHIPPED_CONTENT])
    kinds = Counter(re.sub(r"'[^']*'|\d+", "…", p.message.split(": ", 1)[-1]) for p in problems)
    assert not problems, (
        f"secondwind content lint finds {len(problems)} problem(s); by kind:"
        + listing(f"{n:4} × {kind}" for kind, n in kinds.most_common())
        + "\nfirst ones:" + listing(map(str, problems)))


def test_nine_themes_and_enough_entries(library: Library) -> None:
    assert list(library.themes) == THEMES
    assert len(library.entries) >= LIBRARY_MINIMUM, \
        f"the library has {len(library.entries)} entries, needs {LIBRARY_MINIMUM}"
    short = [f"{theme_id}: {count} {kind}s, needs {minimum}"
             for theme_id in library.themes
             for kind, minimum in KIND_MINIMUMS.items()
             if (count := len(library.entries_for([theme_id], kind))) < minimum]
    assert not short, "themes short of entries:" + listing(short)


def test_enough_entries_for_each_race_moment(library: Library) -> None:
    counts = Counter(tag for e in library.entries.values() for tag in set(e.tags))
    short = [f"{tag}: {counts[tag]}, needs {minimum}"
             for tag, minimum in MOMENT_MINIMUMS.items() if counts[tag] < minimum]
    assert not short, "moment tags short of entries:" + listing(short)


def test_contrast_constructions_are_rare(library: Library) -> None:
    found = [e for e in library.entries.values() if has_contrast(e.body)]
    total = len(library.entries)
    assert len(found) <= CONTRAST_CAP * total, (
        f"{percent(len(found), total)} of entries turn on a contrast ('not X, but Y', "
        f"'it's not X. It's Y', 'less X than Y'); the cap is {CONTRAST_CAP:.0%}. "
        "Entries with one:" + ids_by_theme(found))


def test_few_entries_end_on_an_order(library: Library) -> None:
    found = [e for e in library.entries.values() if ends_in_imperative(e.body)]
    total = len(library.entries)
    not_mantras = [e for e in found if e.kind != "mantra"]
    assert len(found) <= IMPERATIVE_CAP * total, (
        f"{percent(len(found), total)} of entries end on an order to the reader ('Go gently.'); "
        f"the cap is {IMPERATIVE_CAP:.0%}. Stories, reflections and prompts that do "
        "(fix these first):" + ids_by_theme(not_mantras))


def test_no_setting_word_or_prop_is_everywhere(library: Library) -> None:
    entries = list(library.entries.values())
    users: dict[str, list[str]] = defaultdict(list)
    for entry in entries:
        for word in watched_words(entry_text(entry)):
            users[word].append(entry.id)
    limit = WATCHED_CAP * len(entries)
    over = sorted(((w, ids) for w, ids in users.items() if len(ids) > limit),
                  key=lambda item: -len(item[1]))
    assert not over, (
        f"watched words in more than {WATCHED_CAP:.0%} of entries ({int(limit)} of "
        f"{len(entries)}):" + listing(f"{w} ({len(ids)}): {', '.join(ids)}" for w, ids in over))


def test_every_voice_is_heard(library: Library) -> None:
    assert library.tags is not None, "content/tags.yaml did not load"
    total = len(library.entries)
    counts = Counter(t for e in library.entries.values() for t in e.tags)
    voices = library.tags.group("voice")
    short = [f"{v}: {percent(counts[v], total)}" for v in voices
             if counts[v] < VOICE_MIN * total]
    assert not short, (f"each voice needs {VOICE_MIN:.0%} of the library; short:"
                       + listing(short) + "\nall voices:"
                       + listing(f"{v}: {percent(counts[v], total)}" for v in voices))


def test_every_level_in_every_theme(library: Library) -> None:
    assert library.tags is not None, "content/tags.yaml did not load"
    short = []
    for theme_id in library.themes:
        entries = library.entries_for([theme_id])
        counts = Counter(t for e in entries for t in e.tags)
        short += [f"{theme_id}: {level} {percent(counts[level], len(entries))}"
                  for level in library.tags.group("level")
                  if counts[level] < LEVEL_MIN * len(entries)]
    assert not short, f"each level needs {LEVEL_MIN:.0%} of each theme's entries:" + listing(short)


def test_no_long_sentence_twice(library: Library) -> None:
    repeated = repeated_sentences(library.entries.values())
    assert not repeated, (
        "sentences of eight or more words that appear more than once:"
        + listing(f"\"{s}\" in {', '.join(ids)}" for s, ids in repeated.items()))


def test_no_near_duplicates(library: Library) -> None:
    found = near_duplicates(list(library.entries.values()))
    assert not found, ("near-duplicate entries (word 3-gram Jaccard >= 0.5):"
                       + listing(f"{a} ~ {b}: {score}" for a, b, score in found))


def test_titles_are_unique(library: Library) -> None:
    by_title: dict[str, list[str]] = defaultdict(list)
    for entry in library.entries.values():
        by_title[entry.title.strip().lower()].append(entry.id)
    shared = {title: ids for title, ids in by_title.items() if len(ids) > 1}
    assert not shared, "titles used twice:" + listing(
        f"\"{title}\": {', '.join(ids)}" for title, ids in shared.items())


def test_no_mentions_links_or_event_brands(library: Library) -> None:
    bad = [f"{e.source} ({e.id})" for e in library.entries.values()
           if "@" in e.body or "http" in e.body.lower()
           or re.search(r"park\s?run", entry_text(e), re.IGNORECASE)]
    assert not bad, "entries with a mention, a link or the brand 'parkrun':" + listing(bad)


def test_pain_points_to_a_professional(library: Library) -> None:
    """Where the comeback theme speaks of injury, some entries say to get it seen."""
    pro = re.compile(r"physio|doctor|\bgp\b|medic|specialist|clinic|nurse", re.IGNORECASE)
    comeback = library.entries_for(["comeback"])
    assert sum(bool(pro.search(e.body)) for e in comeback) >= 3
