"""The loader reports every problem with file and line, and never a traceback.

Every test here builds a small library in ``tmp_path`` (the shipped themes.yaml and
tags.yaml plus a few entries written here), so it passes whatever state the shipped
entries are in; ``test_library.py`` is where the shipped entries are judged.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import SHIPPED_CONTENT
from bot.content import (
    Library,
    LibraryError,
    Problem,
    lint_paths,
    load_library,
    parse_entries_text,
    parse_entry,
)

FILLER = "Easy miles build the engine nobody sees. "  # seven words
REFLECTION = (FILLER * 8).strip()  # 56 words
STORY = (FILLER * 30).strip()  # 210 words
THEMES = ("doubt, comeback, adversity, late-start, belonging, small-wins, community, lessons, "
          "race-day")

BASE = f"""\
theme: comeback
entries:
  - id: comeback-first-run-back
    kind: story
    title: First run back
    body: |
      {STORY}
    tags: [veteran, regular, comeback-steps]
  - id: comeback-easy-week
    kind: reflection
    title: Easy week
    body: |
      {REFLECTION}
    tags: [coach, new, regular]
  - id: comeback-one-more
    kind: mantra
    title: One more
    body: One more lamp post, then we'll see.
    tags: [light, new]
  - id: comeback-what-is-back
    kind: prompt
    title: What is back
    body: What would "back" look like on your first week?
    tags: [clubmate, competitive]
"""

ENTRY = f"""\
theme: doubt
entries:
  - id: doubt-test-one
    kind: reflection
    title: One
    body: |
      {REFLECTION}
    tags: [coach, new]
  - id: doubt-test-two
    kind: mantra
    title: Two
    body: Forward is the whole job.
    tags: [light, regular]
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A small curated library: shipped themes and tags, four clean entries."""
    folder = tmp_path / "content"
    folder.mkdir()
    for name in ("themes.yaml", "tags.yaml"):
        shutil.copy(SHIPPED_CONTENT / name, folder / name)
    (folder / "comeback.yaml").write_text(BASE)
    return folder


@pytest.fixture
def club(tmp_path: Path) -> Path:
    """A club's own folder: no themes.yaml, no tags.yaml."""
    club = tmp_path / "club"
    club.mkdir()
    return club


def lint(*paths: Path) -> list[str]:
    return [str(p) for p in lint_paths(list(paths))]


def test_small_library_is_clean(folder: Path) -> None:
    assert lint(folder) == []
    library = load_library([folder])
    assert len(library.entries) == 4
    assert library.tags is not None and library.tags.source == str(folder / "tags.yaml")


def test_bad_indentation_names_file_and_line(folder: Path) -> None:
    (folder / "extra.yaml").write_text(ENTRY.replace("    kind: mantra", "  kind: mantra"))
    problems = lint(folder)
    assert len(problems) == 1
    assert problems[0].startswith(f"{folder / 'extra.yaml'}:")
    assert "invalid YAML" in problems[0]
    assert int(problems[0].split(":")[1]) in (10, 11)


def test_duplicate_id_names_both_places(folder: Path) -> None:
    (folder / "extra.yaml").write_text(ENTRY.replace("doubt-test-two", "doubt-test-one"))
    assert lint(folder) == [
        f"{folder / 'extra.yaml'}:9: duplicate id 'doubt-test-one' "
        f"(first at {folder / 'extra.yaml'}:3)"
    ]


def test_duplicate_id_across_files(folder: Path) -> None:
    (folder / "extra.yaml").write_text(ENTRY.replace("doubt-test-one", "comeback-easy-week"))
    problems = lint(folder)
    assert len(problems) == 1
    assert "duplicate id 'comeback-easy-week'" in problems[0]
    assert "comeback.yaml:" in problems[0]


def test_unknown_theme(folder: Path) -> None:
    (folder / "extra.yaml").write_text(ENTRY.replace("theme: doubt", "theme: doubts"))
    assert lint(folder) == [
        f"{folder / 'extra.yaml'}:1: unknown theme 'doubts' (known: {THEMES})"
    ]


def test_body_over_discord_limit(folder: Path) -> None:
    (folder / "extra.yaml").write_text(ENTRY.replace(REFLECTION, "word " * 1000))  # 4,999 chars
    assert lint(folder) == [
        f"{folder / 'extra.yaml'}:6: entry 'doubt-test-one': 'body' is 4999 characters, "
        "over 4096",
        f"{folder / 'extra.yaml'}:6: entry 'doubt-test-one': a reflection takes 50-160 words; "
        "this one has 1000",
    ]


def test_two_line_and_long_mantras(folder: Path) -> None:
    text = ENTRY.replace("    body: Forward is the whole job.",
                         "    body: |\n      Forward is the whole job.\n      And then some.")
    (folder / "extra.yaml").write_text(text)
    assert lint(folder) == [f"{folder / 'extra.yaml'}:12: a mantra must be one line of at most "
                            "120 characters; this one has 2 lines"]
    (folder / "extra.yaml").write_text(ENTRY.replace("Forward is the whole job.", "x" * 121))
    assert lint(folder) == [f"{folder / 'extra.yaml'}:12: a mantra must be one line of at most "
                            "120 characters; this one has 121 characters"]
    (folder / "extra.yaml").write_text(ENTRY.replace("Forward is the whole job.", "x" * 120))
    assert lint(folder) == []


@pytest.mark.parametrize("body, problem", [
    ("No question here.", "a prompt must ask a question"),
    ("Why? And why not?", None),
    ("Why? Who? When?", "a prompt asks one or two questions; this one has 3"),
])
def test_prompt_asks_one_or_two_questions(folder: Path, body: str, problem: str | None) -> None:
    text = ENTRY.replace("kind: mantra", "kind: prompt").replace(
        "Forward is the whole job.", body)
    (folder / "extra.yaml").write_text(text)
    assert lint(folder) == ([f"{folder / 'extra.yaml'}:12: {problem}"] if problem else [])


def test_every_problem_reported_at_once(folder: Path) -> None:
    text = (ENTRY.replace("kind: reflection", "kind: poem")
            .replace("title: Two", "title: ''")
            .replace("doubt-test-two", "Doubt Test Two"))
    (folder / "extra.yaml").write_text(text)
    themes = (folder / "themes.yaml").read_text()
    (folder / "themes.yaml").write_text(
        themes.replace("command: doubt", "command: Doubt!").replace('"#6C5CE7"', '"purple"'))
    problems = lint(folder)
    messages = "\n".join(problems)
    assert "unknown kind 'poem'" in messages
    assert "missing or empty 'title'" in messages
    assert "entry id 'Doubt Test Two'" in messages
    assert "command 'Doubt!' is not a valid slash-command name" in messages
    assert "color 'purple'" in messages
    assert all(p.split(":")[1].isdigit() for p in problems)


def test_problems_sorted_by_file_then_line(folder: Path) -> None:
    (folder / "b.yaml").write_text(ENTRY.replace("kind: mantra", "kind: chant")
                                   .replace("kind: reflection", "kind: essay"))
    (folder / "a.yaml").write_text(ENTRY.replace("doubt-test", "doubt-a").replace(
        "[light, regular]", "[light]"))
    themes = (folder / "themes.yaml").read_text()
    (folder / "themes.yaml").write_text(themes.replace('"#D63031"', '"red"'))  # race-day
    problems = lint_paths([folder])
    assert [p.path for p in problems] == sorted(p.path for p in problems)
    assert problems == sorted(problems, key=lambda p: (p.path, p.line))
    assert [p.path.rsplit("/", 1)[1] for p in problems] == \
        ["a.yaml", "b.yaml", "b.yaml", "themes.yaml"]


def test_long_description_and_title(folder: Path) -> None:
    themes = (folder / "themes.yaml").read_text()
    (folder / "themes.yaml").write_text(themes.replace(
        "description: For the voice that says you're too slow", "description: " + "x" * 101))
    (folder / "extra.yaml").write_text(ENTRY.replace("title: One", "title: " + "t" * 257))
    problems = lint(folder)
    assert any("'description' is 101 characters, over 100" in p for p in problems)
    assert any("'title' is 257 characters, over 256" in p for p in problems)


def test_load_raises_with_all_problems(folder: Path) -> None:
    (folder / "extra.yaml").write_text(ENTRY.replace("kind: mantra", "kind: song"))
    with pytest.raises(LibraryError) as caught:
        load_library([folder])
    assert len(caught.value.problems) == 1


def test_later_folder_overrides_by_id(folder: Path, club: Path) -> None:
    (club / "mine.yaml").write_text(ENTRY.replace("doubt-test-two", "comeback-one-more"))
    library = load_library([folder, club])
    assert library.entries["comeback-one-more"].body == "Forward is the whole job."
    assert library.entries["comeback-one-more"].source.startswith(str(club))


# --- the tag vocabulary ------------------------------------------------------------------

def test_vocabulary_is_parsed_into_groups(folder: Path) -> None:
    tags = load_library([folder]).tags
    assert tags is not None
    assert tags.group("voice") == ("coach", "clubmate", "veteran", "light")
    assert tags.group("level") == ("new", "regular", "competitive")
    assert {"taper", "race-eve", "post-race-pb", "post-race-finished", "post-race-tough",
            "post-race-dnf"} <= set(tags.group("moment"))
    taper = tags.tags["taper"]
    assert (taper.group, "taper" in taper.keywords) == ("moment", True)
    assert taper.description.startswith("the last two weeks")
    assert tags.tags["coach"].description and tags.tags["coach"].keywords == ()
    assert tags.group_of("hills") == "topic" and tags.group_of("hils") is None
    assert tags.nearest("hils") == "hills"


@pytest.mark.parametrize("unknown, nearest", [
    ("hils", "hills"), ("couch", "coach"), ("neww", "new"),  # typos
    ("race-nerves", "nerves"), ("chronic-illness", "illness"),  # a tag is a part of it
    ("night-before", "race-eve"), ("dnf", "post-race-dnf"),  # a tag's keyword
    ("volunteering", "volunteers"), ("beginner", "beginner-steps"),  # same stem
    ("cancer", None), ("judged", None),  # nothing like it: no guess
])
def test_nearest_tag(folder: Path, unknown: str, nearest: str | None) -> None:
    tags = load_library([folder]).tags
    assert tags is not None and tags.nearest(unknown) == nearest
    (folder / "extra.yaml").write_text(ENTRY.replace("[coach, new]", f"[coach, new, {unknown}]"))
    expected = f"(nearest: '{nearest}')" if nearest else "(none like it in tags.yaml)"
    assert lint(folder) == [f"{folder / 'extra.yaml'}:8: entry 'doubt-test-one': unknown tag "
                            f"'{unknown}' {expected}"]


@pytest.mark.parametrize("tags, problems", [
    ("[coach, new, hils]", ["unknown tag 'hils' (nearest: 'hills')"]),
    ("[new]", ["needs exactly one voice tag (coach, clubmate, veteran, light); it has none"]),
    ("[coach, light, new]", ["needs exactly one voice tag (coach, clubmate, veteran, light); "
                             "it has 2: coach, light"]),
    ("[coach, hills]", ["needs at least one level tag (new, regular, competitive)"]),
    ("[coach, new, new]", ["a tag is given twice"]),
    ("[couch, neww]", ["unknown tag 'couch' (nearest: 'coach')",
                       "unknown tag 'neww' (nearest: 'new')",
                       "needs exactly one voice tag (coach, clubmate, veteran, light); "
                       "it has none",
                       "needs at least one level tag (new, regular, competitive)"]),
])
def test_library_entries_need_known_tags_one_voice_and_a_level(
    folder: Path, tags: str, problems: list[str]
) -> None:
    (folder / "extra.yaml").write_text(ENTRY.replace("[coach, new]", tags))
    assert lint(folder) == [f"{folder / 'extra.yaml'}:8: entry 'doubt-test-one': {p}"
                            for p in problems]


def test_entry_without_tags_is_reported_at_its_own_line(folder: Path) -> None:
    (folder / "extra.yaml").write_text(ENTRY.replace("    tags: [coach, new]\n", ""))
    problems = lint(folder)
    assert len(problems) == 2 and all(p.startswith(f"{folder / 'extra.yaml'}:3: ")
                                      for p in problems)


def test_editorial_problems_do_not_stop_loading(folder: Path) -> None:
    (folder / "extra.yaml").write_text(ENTRY.replace("[coach, new]", "[hils]"))
    problems = lint_paths([folder])
    assert problems and all(p.editorial for p in problems)
    library = load_library([folder])
    assert "doubt-test-one" in library.entries
    (folder / "more.yaml").write_text(ENTRY.replace("doubt-test", "doubt-more")
                                      .replace("kind: mantra", "kind: chant"))
    with pytest.raises(LibraryError) as caught:
        load_library([folder])
    assert [p.message for p in caught.value.problems] == \
        ["unknown kind 'chant': use one of story, reflection, mantra, prompt"]


def test_club_folder_without_tags_file(folder: Path, club: Path) -> None:
    short_story = ENTRY.replace("kind: reflection", "kind: story").replace(
        REFLECTION, "I ran to the lamp post and back.")
    (club / "ours.yaml").write_text(short_story.replace("[coach, new]", "[]").replace(
        "    tags: [light, regular]\n", ""))
    assert lint(folder, club) == []  # no voice, no level, a short story: all fine for a club
    (club / "ours.yaml").write_text(short_story.replace("[coach, new]", "[hils]"))
    assert lint(folder, club) == [  # but tags are still checked against the vocabulary
        f"{club / 'ours.yaml'}:8: entry 'doubt-test-one': unknown tag 'hils' (nearest: 'hills')"
    ]
    assert load_library([folder, club]).entries["doubt-test-one"].kind == "story"


def test_a_folder_alone_without_a_vocabulary_checks_no_tags(folder: Path) -> None:
    (folder / "tags.yaml").unlink()
    (folder / "extra.yaml").write_text(ENTRY.replace("[coach, new]", "[anything, goes]"))
    assert lint(folder) == []
    assert load_library([folder]).tags is None


def test_vocabulary_comes_from_the_first_folder(folder: Path, club: Path) -> None:
    (club / "tags.yaml").write_text("voice:\n  poet: rhymes\nlevel:\n  any: anyone\n")
    (club / "ours.yaml").write_text(ENTRY.replace("[coach, new]", "[poet, any]"))
    problems = lint(folder, club)
    assert problems[-1] == (f"{club / 'tags.yaml'}:1: ignored: the tag vocabulary comes from "
                            f"{folder / 'tags.yaml'}")
    assert "unknown tag 'poet'" in problems[0]
    assert load_library([folder, club]).tags.source == str(folder / "tags.yaml")  # type: ignore[union-attr]


def test_single_file_brings_its_folders_vocabulary(folder: Path) -> None:
    (folder / "extra.yaml").write_text(ENTRY.replace("[coach, new]", "[hils]"))
    problems = lint(folder / "extra.yaml")
    assert len(problems) == 3 and "unknown tag 'hils'" in problems[0]


@pytest.mark.parametrize("text, expected", [
    ("voice: [\n", "tags.yaml:2: invalid YAML"),
    ("- coach\n", "tags.yaml:1: expected the tag groups: voice, level, moment, topic"),
    ("voice:\n  coach: c\nlevel:\n  new: n\nmood:\n  calm: c\n",
     "tags.yaml:5: unknown tag group 'mood': use voice, level, moment, topic"),
    ("voice:\n  Coach: c\nlevel:\n  new: n\n",
     "tags.yaml:2: tag 'Coach' must be lowercase letters, digits and dashes"),
    ("voice:\n  coach: c\nlevel:\n  coach: n\n  new: n\n",
     "tags.yaml:4: tag 'coach' is in group 'voice' already"),
    ("voice:\n  coach: c\n", "tags.yaml:1: no 'level' group: the library's entries each need "
                             "a tag from it"),
    ("voice:\n  coach:\nlevel:\n  new: n\n",
     "tags.yaml:2: tag 'coach': give a description, or a mapping with description and keywords"),
    ("voice:\n  coach:\n    description: c\n    keywords: taper\nlevel:\n  new: n\n",
     "tags.yaml:4: tag 'coach': 'keywords' must be a list of words"),
    ("voice:\n  coach:\n    does: c\nlevel:\n  new: n\n",
     "tags.yaml:3: tag 'coach': unknown field 'does'"),
    ("voice: []\nlevel:\n  new: n\n",
     "tags.yaml:1: group 'voice' must map tag names to descriptions"),
])
def test_tags_file_problems(folder: Path, text: str, expected: str) -> None:
    (folder / "comeback.yaml").unlink()
    (folder / "tags.yaml").write_text(text)
    problems = lint(folder)
    assert any(p.startswith(f"{folder}/{expected}") for p in problems), problems
    assert all(not p.editorial for p in lint_paths([folder]))


# --- word bands: the curated library only ------------------------------------------------

@pytest.mark.parametrize("kind, words, ok", [
    ("story", 179, False), ("story", 180, True), ("story", 450, True), ("story", 451, False),
    ("reflection", 49, False), ("reflection", 50, True), ("reflection", 160, True),
    ("reflection", 161, False),
])
def test_word_bands(folder: Path, club: Path, kind: str, words: int, ok: bool) -> None:
    text = ENTRY.replace("kind: reflection", f"kind: {kind}").replace(
        REFLECTION, " ".join(["stride"] * words))
    (folder / "extra.yaml").write_text(text)
    expected = [] if ok else [
        f"{folder / 'extra.yaml'}:6: entry 'doubt-test-one': a {kind} takes "
        f"{'180-450' if kind == 'story' else '50-160'} words; this one has {words}"]
    assert lint(folder) == expected
    (folder / "extra.yaml").unlink()
    (club / "ours.yaml").write_text(text)
    assert lint(folder, club) == []  # a club's entries have no word bands


# --- club entries: imports and forms ------------------------------------------------------

@pytest.fixture
def library(folder: Path) -> Library:
    return load_library([folder])


def test_import_text_follows_club_rules(library: Library) -> None:
    text = ENTRY.replace(REFLECTION, "Short.").replace("[coach, new]", "[hils]")
    problems: list[Problem] = []
    entries = parse_entries_text(text, "club.yaml", library.themes, problems)
    assert problems == [] and len(entries) == 2  # no vocabulary given: tags not checked
    entries = parse_entries_text(text, "club.yaml", library.themes, problems, tags=library.tags)
    assert [str(p) for p in problems] == \
        ["club.yaml:8: entry 'doubt-test-one': unknown tag 'hils' (nearest: 'hills')"]
    problems.clear()
    parse_entries_text(text.replace("[hils]", "[hills]").replace("    tags: [light, regular]\n",
                                                                 ""),
                       "club.yaml", library.themes, problems, tags=library.tags)
    assert problems == []  # a club entry needs no voice or level tag


def test_parse_entry_checks_one_entry_by_the_same_rules(library: Library) -> None:
    fields = {"id": "new", "theme": "doubt", "kind": "mantra", "title": "T", "body": "One line."}
    entry, problems = parse_entry(fields, library.themes, "form")
    assert problems == [] and entry is not None and entry.theme == "doubt"
    entry, problems = parse_entry(fields | {"body": "Two\nlines"}, library.themes, "form")
    assert entry is None
    assert [str(p) for p in problems] == \
        ["form:1: a mantra must be one line of at most 120 characters; this one has 2 lines"]
    _, problems = parse_entry(fields | {"body": "m" * 121}, library.themes, "form")
    assert "at most 120 characters" in problems[0].message
    _, problems = parse_entry(fields | {"kind": "prompt", "body": "A? B? C?"}, library.themes,
                              "form")
    assert problems[0].message == "a prompt asks one or two questions; this one has 3"
    _, problems = parse_entry(fields | {"theme": "knitting"}, library.themes, "form")
    assert "unknown theme 'knitting'" in problems[0].message
    story = fields | {"kind": "story", "body": "I ran to the lamp post and back."}
    entry, problems = parse_entry(story, library.themes, "form", tags=library.tags)
    assert problems == [] and entry is not None  # short, untagged: fine for a club
    entry, problems = parse_entry(story | {"tags": ["hils"]}, library.themes, "form",
                                  tags=library.tags)
    assert entry is None and "unknown tag 'hils'" in problems[0].message


# --- the command line ---------------------------------------------------------------------

def secondwind(*args: str | Path, config: Path | None = None) -> subprocess.CompletedProcess[str]:
    options = ["--config", str(config)] if config else []
    return subprocess.run([sys.executable, "-m", "bot", *options, *map(str, args)],
                          capture_output=True, text=True, timeout=60, check=False)


def test_cli_lint_clean_and_broken(folder: Path) -> None:
    clean = secondwind("content", "lint", folder)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    (folder / "extra.yaml").write_text(
        ENTRY.replace("theme: doubt", "theme: nope").replace("    kind: mantra", "  kind: x"))
    broken = secondwind("content", "lint", folder)
    assert broken.returncode == 1
    assert "Traceback" not in broken.stderr
    assert broken.stdout.count("extra.yaml:") == 1  # YAML error stops that file at once
    (folder / "extra.yaml").write_text(ENTRY.replace("theme: doubt", "theme: nope"))
    (folder / "more.yaml").write_text(ENTRY.replace("doubt-test", "doubt-more").replace(
        "kind: mantra", "kind: chant"))
    broken = secondwind("content", "lint", folder)
    assert broken.returncode == 1
    lines = broken.stdout.splitlines()
    assert any(line.startswith(f"{folder / 'extra.yaml'}:1: unknown theme") for line in lines)
    assert any(line.startswith(f"{folder / 'more.yaml'}:10: ") for line in lines)


def test_cli_lint_single_file_uses_its_themes(folder: Path) -> None:
    result = secondwind("content", "lint", folder / "comeback.yaml")
    assert result.returncode == 0, result.stdout


def test_cli_stats_plain_and_patterns(folder: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(f"content:\n  paths: [{folder}]\n")
    plain = secondwind("content", "stats", config=config)
    assert plain.returncode == 0, plain.stderr
    assert plain.stdout.splitlines()[0].split() == ["theme", "story", "reflection", "mantra",
                                                    "prompt", "total"]
    assert plain.stdout.splitlines()[-1] == "4 entries in 9 themes (count × average words)"
    patterns = secondwind("content", "stats", "--patterns", config=config)
    assert patterns.returncode == 0, patterns.stderr
    first_table = patterns.stdout.split("\n\n")[1].splitlines()
    assert first_table[0].split() == ["theme", "entries", "contrast", "imperative", "end",
                                      "miles", "kilometres"]
    assert first_table[1].split()[:2] == ["all", "4"]
    assert first_table[3].split()[:2] == ["comeback", "4"]
    assert "watched" in patterns.stdout and "lamppost" in patterns.stdout


MIXED = """\
entries:
  - id: mixed-one
    theme: doubt
    kind: mantra
    title: One
    body: Forward is the whole job.
    tags: [coach, new]
  - id: mixed-two
    theme: race-day
    kind: mantra
    title: Two
    body: Start slow, finish proud.
    tags: [coach, new]
  - id: mixed-three
    kind: mantra
    title: Three
    body: No theme at all.
  - id: mixed-four
    theme: knitting
    kind: mantra
    title: Four
    body: Purl one.
"""


def test_entries_may_name_their_own_theme(folder: Path) -> None:
    (folder / "mixed.yaml").write_text(MIXED)
    where = folder / "mixed.yaml"
    assert lint(folder) == [
        f"{where}:14: entry 'mixed-three': no theme: give the file a 'theme:' or the entry one",
        f"{where}:14: entry 'mixed-three': needs exactly one voice tag (coach, clubmate, "
        "veteran, light); it has none",
        f"{where}:14: entry 'mixed-three': needs at least one level tag (new, regular, "
        "competitive)",
        f"{where}:18: entry 'mixed-four': needs exactly one voice tag (coach, clubmate, "
        "veteran, light); it has none",
        f"{where}:18: entry 'mixed-four': needs at least one level tag (new, regular, "
        "competitive)",
        f"{where}:19: entry 'mixed-four': unknown theme 'knitting' (known: {THEMES})",
    ]
    good = MIXED.split("  - id: mixed-three")[0]
    (folder / "mixed.yaml").write_text(good)
    library = load_library([folder])
    assert (library.entries["mixed-one"].theme, library.entries["mixed-two"].theme) == \
        ("doubt", "race-day")
    # An entry's own theme wins over the file's.
    (folder / "mixed.yaml").write_text("theme: lessons\n" + good.replace(
        "    theme: doubt\n", ""))
    library = load_library([folder])
    assert (library.entries["mixed-one"].theme, library.entries["mixed-two"].theme) == \
        ("lessons", "race-day")
