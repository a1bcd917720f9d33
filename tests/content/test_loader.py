"""The loader reports every problem with file and line, and never a traceback."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import SHIPPED_CONTENT
from bot.content import Library, LibraryError, lint_paths, load_library, parse_entry

ENTRY = """\
theme: doubt
entries:
  - id: doubt-test-one
    kind: reflection
    title: One
    body: |
      A first test body that says something plain.
  - id: doubt-test-two
    kind: mantra
    title: Two
    body: Forward is the whole job.
"""


@pytest.fixture
def library_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(SHIPPED_CONTENT, folder)
    return folder


def lint(folder: Path) -> list[str]:
    return [str(p) for p in lint_paths([folder])]


def test_shipped_library_is_clean() -> None:
    assert lint_paths([SHIPPED_CONTENT]) == []


def test_bad_indentation_names_file_and_line(library_copy: Path) -> None:
    (library_copy / "extra.yaml").write_text(ENTRY.replace("    kind: mantra", "  kind: mantra"))
    problems = lint(library_copy)
    assert len(problems) == 1
    assert problems[0].startswith(f"{library_copy / 'extra.yaml'}:")
    assert "invalid YAML" in problems[0]
    line = int(problems[0].split(":")[1])
    assert line in (9, 10)


def test_duplicate_id_names_both_places(library_copy: Path) -> None:
    duplicate = ENTRY.replace("doubt-test-two", "doubt-test-one")
    (library_copy / "extra.yaml").write_text(duplicate)
    problems = lint(library_copy)
    assert problems == [
        f"{library_copy / 'extra.yaml'}:8: duplicate id 'doubt-test-one' "
        f"(first at {library_copy / 'extra.yaml'}:3)"
    ]


def test_duplicate_id_across_files(library_copy: Path) -> None:
    first_id = load_library([library_copy]).entries_for(["comeback"])[0].id
    (library_copy / "extra.yaml").write_text(ENTRY.replace("doubt-test-one", first_id))
    problems = lint(library_copy)
    assert len(problems) == 1
    assert f"duplicate id '{first_id}'" in problems[0]
    assert "comeback.yaml:" in problems[0]


def test_unknown_theme(library_copy: Path) -> None:
    (library_copy / "extra.yaml").write_text(ENTRY.replace("theme: doubt", "theme: doubts"))
    problems = lint(library_copy)
    assert problems == [
        f"{library_copy / 'extra.yaml'}:1: unknown theme 'doubts' (known: doubt, comeback, "
        "adversity, late-start, belonging, small-wins, community, lessons, race-day)"
    ]


def test_body_over_discord_limit(library_copy: Path) -> None:
    long_body = "word " * 1000  # 5,000 characters
    text = ENTRY.replace("A first test body that says something plain.", long_body)
    (library_copy / "extra.yaml").write_text(text)
    problems = lint(library_copy)
    assert problems == [
        f"{library_copy / 'extra.yaml'}:6: entry 'doubt-test-one': 'body' is 4999 characters, "
        "over 4096"
    ]


def test_two_line_mantra(library_copy: Path) -> None:
    text = ENTRY.replace("    body: Forward is the whole job.",
                         "    body: |\n      Forward is the whole job.\n      And then some.")
    (library_copy / "extra.yaml").write_text(text)
    problems = lint(library_copy)
    assert problems == [
        f"{library_copy / 'extra.yaml'}:11: a mantra must be one line of at most 200 characters"
    ]


def test_every_problem_reported_at_once(library_copy: Path) -> None:
    text = (ENTRY.replace("kind: reflection", "kind: poem")
            .replace("title: Two", "title: ''")
            .replace("doubt-test-two", "Doubt Test Two"))
    (library_copy / "extra.yaml").write_text(text)
    themes = (library_copy / "themes.yaml").read_text()
    (library_copy / "themes.yaml").write_text(
        themes.replace("command: doubt", "command: Doubt!").replace('"#6C5CE7"', '"purple"'))
    problems = lint(library_copy)
    messages = "\n".join(problems)
    assert "unknown kind 'poem'" in messages
    assert "missing or empty 'title'" in messages
    assert "entry id 'Doubt Test Two'" in messages
    assert "command 'Doubt!' is not a valid slash-command name" in messages
    assert "color 'purple'" in messages
    assert all(p.split(":")[1].isdigit() for p in problems)


def test_long_description_and_title(library_copy: Path) -> None:
    themes = (library_copy / "themes.yaml").read_text()
    (library_copy / "themes.yaml").write_text(themes.replace(
        "description: For the voice that says you're too slow", "description: " + "x" * 101))
    (library_copy / "extra.yaml").write_text(ENTRY.replace("title: One", "title: " + "t" * 257))
    problems = lint(library_copy)
    assert any("'description' is 101 characters, over 100" in p for p in problems)
    assert any("'title' is 257 characters, over 256" in p for p in problems)


def test_load_raises_with_all_problems(library_copy: Path) -> None:
    (library_copy / "extra.yaml").write_text(ENTRY.replace("kind: mantra", "kind: song"))
    with pytest.raises(LibraryError) as caught:
        load_library([library_copy])
    assert len(caught.value.problems) == 1


def test_later_folder_overrides_by_id(library_copy: Path, tmp_path: Path) -> None:
    override = tmp_path / "club"
    override.mkdir()
    some_id = load_library([library_copy]).entries_for(["doubt"], "mantra")[0].id
    (override / "mine.yaml").write_text(ENTRY.replace("doubt-test-two", some_id))
    library = load_library([library_copy, override])
    assert library.entries[some_id].body == "Forward is the whole job."
    assert library.entries[some_id].source.startswith(str(override))


def run_lint(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", "content", "lint", *map(str, paths)],
                          capture_output=True, text=True, timeout=60, check=False)


def test_cli_lint_clean_and_broken(library_copy: Path) -> None:
    clean = run_lint(library_copy)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    (library_copy / "extra.yaml").write_text(
        ENTRY.replace("theme: doubt", "theme: nope").replace("    kind: mantra", "  kind: x"))
    broken = run_lint(library_copy)
    assert broken.returncode == 1
    assert "Traceback" not in broken.stderr
    assert broken.stdout.count("extra.yaml:") == 1  # YAML error stops that file at once
    (library_copy / "extra.yaml").write_text(ENTRY.replace("theme: doubt", "theme: nope"))
    (library_copy / "more.yaml").write_text(ENTRY.replace("doubt-test", "doubt-more").replace(
        "kind: mantra", "kind: chant"))
    broken = run_lint(library_copy)
    assert broken.returncode == 1
    lines = broken.stdout.splitlines()
    assert any(line.startswith(f"{library_copy / 'extra.yaml'}:1: unknown theme") for line in lines)
    assert any(line.startswith(f"{library_copy / 'more.yaml'}:9: ") for line in lines)


def test_cli_lint_single_file_uses_its_themes(library_copy: Path) -> None:
    result = run_lint(library_copy / "doubt.yaml")
    assert result.returncode == 0, result.stdout


MIXED = """\
entries:
  - id: mixed-one
    theme: doubt
    kind: mantra
    title: One
    body: Forward is the whole job.
  - id: mixed-two
    theme: race-day
    kind: mantra
    title: Two
    body: Start slow, finish proud.
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


def test_entries_may_name_their_own_theme(library_copy: Path) -> None:
    (library_copy / "mixed.yaml").write_text(MIXED)
    where = library_copy / "mixed.yaml"
    assert lint(library_copy) == [
        f"{where}:12: entry 'mixed-three': no theme: give the file a 'theme:' or the entry one",
        f"{where}:17: entry 'mixed-four': unknown theme 'knitting' (known: doubt, comeback, "
        "adversity, late-start, belonging, small-wins, community, lessons, race-day)",
    ]
    good = MIXED.split("  - id: mixed-three")[0]
    (library_copy / "mixed.yaml").write_text(good)
    library = load_library([library_copy])
    assert (library.entries["mixed-one"].theme, library.entries["mixed-two"].theme) == \
        ("doubt", "race-day")
    # An entry's own theme wins over the file's.
    (library_copy / "mixed.yaml").write_text("theme: lessons\n" + good.replace(
        "    theme: doubt\n", ""))
    library = load_library([library_copy])
    assert (library.entries["mixed-one"].theme, library.entries["mixed-two"].theme) == \
        ("lessons", "race-day")


def test_parse_entry_checks_one_entry_by_the_same_rules(library: Library) -> None:
    fields = {"id": "new", "theme": "doubt", "kind": "mantra", "title": "T", "body": "One line."}
    entry, problems = parse_entry(fields, library.themes, "form")
    assert problems == [] and entry is not None and entry.theme == "doubt"
    entry, problems = parse_entry(fields | {"body": "Two\nlines"}, library.themes, "form")
    assert entry is None
    assert [str(p) for p in problems] == \
        ["form:1: a mantra must be one line of at most 200 characters"]
    _, problems = parse_entry(fields | {"theme": "knitting"}, library.themes, "form")
    assert "unknown theme 'knitting'" in problems[0].message
