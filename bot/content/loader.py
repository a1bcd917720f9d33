"""Load and validate the YAML library, reporting every problem as ``path:line: message``.

The loader never raises on bad content: it collects :class:`Problem` values, and
:func:`load_library` raises one :class:`LibraryError` carrying them.

Two sets of rules. Every entry (of the library, of a club's folder, of an import
file, of a form) is held to what the bot needs to serve it (fields, ids, kinds,
themes, Discord's limits) and to the shape of its kind: a mantra is one line of at
most ``MANTRA_LIMIT`` characters and a prompt asks one or two questions. Its tags,
if it has any, must be in the tag vocabulary when one is loaded.

Entries of the *curated* library, the files of a folder that has its own
``tags.yaml`` (the shipped ``content/``, or an operator's replacement for it), are
also held to the content brief's editorial rules: exactly one voice tag and at least
one level tag (:mod:`bot.content.vocabulary`), and the word bands of ``WORD_BANDS``
(story 180-450 words, reflection 50-160). A club's entries are not: clubs write short
stories from their members' lives and tag them as they like, or not at all.

Editorial problems are marked ``Problem.editorial``: ``secondwind content lint``
reports them with the rest and fails on them, but :func:`load_library` does not
refuse a library for them (it logs how many there are, at INFO), so a library in
the middle of an edit never stops the bot or a reload.

The vocabulary comes from the first content path with a ``tags.yaml`` (a single file
given as a path brings its folder's ``tags.yaml``, as it brings ``themes.yaml``); a
``tags.yaml`` in a later path is reported and ignored. With no vocabulary at all
(the benchmark's generated library, say) tags are not checked.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.content.model import (
    BODY_LIMIT,
    DESCRIPTION_LIMIT,
    ID_LIMIT,
    ID_RE,
    KINDS,
    MANTRA_LIMIT,
    PROMPT_QUESTIONS,
    TITLE_LIMIT,
    WORD_BANDS,
    Entry,
    Library,
    Problem,
    TagVocabulary,
    Theme,
)
from bot.content.vocabulary import TAGS_FILE, parse_vocabulary, tag_problems
from bot.content.yaml_lines import FieldChecker, LineMapping, parse_yaml, shown
from bot.content.yaml_lines import LineLoader as _LineLoader  # noqa: F401 - bench/library.py
from bot.errors import LibraryError

log = logging.getLogger(__name__)

THEMES_FILE = "themes.yaml"
COMMAND_RE = re.compile(r"^[-_a-z0-9]{1,32}$")
COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
# Commands the bot defines itself; a theme may not take their names.
RESERVED_COMMANDS = frozenset(
    {"encourage", "story", "reflect", "mantra", "themes", "cheer", "share", "club", "help"}
)
THEME_FIELDS = {"id", "command", "name", "description", "color", "emoji", "keywords"}
ENTRY_FIELDS = {"id", "theme", "kind", "title", "body", "tags", "weight", "credit"}


@dataclass(frozen=True)
class _Rules:
    """What an entry is held to beyond the rules for everyone (see the module docstring)."""

    vocabulary: TagVocabulary | None = None
    curated: bool = False


def _theme(path: str, raw: Any, problems: list[Problem]) -> Theme | None:
    if not isinstance(raw, LineMapping):
        problems.append(Problem(path, 1, "each theme must be a mapping"))
        return None
    check = FieldChecker(path, raw, f"theme {shown(raw.get('id', '?'))}", problems)
    check.unknown_fields(THEME_FIELDS)
    before = len(problems)
    theme_id = check.text("id")
    command = check.text("command")
    name = check.text("name")
    description = check.text("description", DESCRIPTION_LIMIT)
    color = check.text("color")
    emoji = check.text("emoji")
    keywords = check.text_list("keywords")
    if theme_id and not ID_RE.match(theme_id):
        check.fail("id", f"theme id '{theme_id}' must be lowercase letters, digits and dashes")
    if command and not COMMAND_RE.match(command):
        check.fail(
            "command",
            f"command '{command}' is not a valid slash-command name "
            "(1-32 lowercase letters, digits, - or _)",
        )
    elif command in RESERVED_COMMANDS:
        check.fail("command", f"command '{command}' is taken by one of the bot's own commands")
    if color and not COLOR_RE.match(color):
        check.fail("color", f"color '{color}' must look like \"#6C5CE7\"")
    if len(problems) > before or None in (theme_id, command, name, description, color, emoji):
        return None
    return Theme(
        id=theme_id, command=command, name=name, description=description,  # type: ignore[arg-type]
        color=int(color[1:], 16), emoji=emoji, keywords=keywords,  # type: ignore[arg-type,index]
    )


def _unknown_theme(theme_id: object, themes: dict[str, Theme]) -> str:
    return f"unknown theme {shown(theme_id)} (known: {', '.join(themes) or 'none loaded'})"


def _entry(
    path: str, raw: Any, theme_id: str | None, themes: dict[str, Theme], problems: list[Problem],
    rules: _Rules,
) -> Entry | None:
    """One entry; its own ``theme`` wins over the file's (``theme_id``, None when absent).

    None when the entry cannot be served; editorial problems alone do not drop it.
    """
    if not isinstance(raw, LineMapping):
        problems.append(Problem(path, 1, "each entry must be a mapping with id, kind, title, body"))
        return None
    check = FieldChecker(path, raw, f"entry {shown(raw.get('id', '?'))}", problems)
    check.unknown_fields(ENTRY_FIELDS)
    before = len(problems)
    if "theme" in raw:
        theme_id = str(raw["theme"])
        if theme_id not in themes:
            check.fail("theme", f"{check.what}: {_unknown_theme(theme_id, themes)}")
    elif theme_id is None:
        check.fail(None, f"{check.what}: no theme: give the file a 'theme:' or the entry one")
    entry_id = check.text("id", ID_LIMIT)
    kind = check.text("kind")
    title = check.text("title", TITLE_LIMIT)
    body = check.text("body", BODY_LIMIT)
    tags = check.text_list("tags")
    if entry_id and not ID_RE.match(entry_id):
        check.fail("id", f"entry id '{entry_id}' must be lowercase letters, digits and dashes")
    if kind and kind not in KINDS:
        check.fail("kind", f"unknown kind '{kind}': use one of {', '.join(KINDS)}")
    if body:
        _check_length(check, kind, body, rules.curated)
    if rules.vocabulary is not None:
        for message in tag_problems(tags, rules.vocabulary, rules.curated):
            check.fail("tags", f"{check.what}: {message}", editorial=True)
    weight = raw.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
        check.fail("weight", f"weight must be a positive number, got {shown(weight)}")
    credit = raw.get("credit")
    if credit is not None and not isinstance(credit, str):
        check.fail("credit", "credit must be text")
    if theme_id not in themes:  # reported here, or once for the whole file
        return None
    if any(not p.editorial for p in problems[before:]) or None in (entry_id, kind, title, body):
        return None
    return Entry(
        id=entry_id, theme=theme_id, kind=kind, title=title, body=body,  # type: ignore[arg-type]
        tags=tags, weight=float(weight), credit=credit, source=f"{path}:{check.line()}",
    )


def _check_length(check: FieldChecker, kind: str | None, body: str, curated: bool) -> None:
    """The shape of a mantra or prompt (everyone's), and the word bands (curated only).

    The word bands are editorial and for the curated library alone: a club's member
    writes a 90-word story and it is welcome. A mantra's one line and a prompt's one or
    two questions hold for everyone: they are what makes the entry that kind.
    """
    if kind == "mantra":
        lines = body.count("\n") + 1
        if lines > 1 or len(body) > MANTRA_LIMIT:
            has = f"{lines} lines" if lines > 1 else f"{len(body)} characters"
            check.fail("body", f"a mantra must be one line of at most {MANTRA_LIMIT} "
                               f"characters; this one has {has}")
    elif kind == "prompt":
        questions, (fewest, most) = body.count("?"), PROMPT_QUESTIONS
        if questions < fewest:
            check.fail("body", "a prompt must ask a question")
        elif questions > most:
            check.fail("body", f"a prompt asks one or two questions; this one has {questions}")
    elif curated and kind in WORD_BANDS:
        low, high = WORD_BANDS[kind]
        count = len(body.split())
        if not low <= count <= high:
            check.fail("body", f"{check.what}: a {kind} takes {low}-{high} words; this one "
                               f"has {count}", editorial=True)


def _themes_document(
    path: str, text: str, messages: dict[str, str], problems: list[Problem]
) -> list[Theme]:
    """The themes of a themes.yaml; its ``messages`` (the bot's own wording) go to ``messages``."""
    data = parse_yaml(text, path, problems)
    if data is None:
        return []
    if not isinstance(data, LineMapping) or not isinstance(data.get("themes"), list):
        problems.append(Problem(path, 1, "expected a mapping with a 'themes' list"))
        return []
    for key in data:
        if key not in ("themes", "messages"):
            problems.append(Problem(path, data.key_lines.get(key, 1), f"unknown section '{key}'"))
    raw_messages = data.get("messages", {})
    if not isinstance(raw_messages, dict) or not all(
        isinstance(v, str) and v.strip() for v in raw_messages.values()
    ):
        line = data.key_lines.get("messages", 1)
        problems.append(Problem(path, line, "messages must map names to non-empty text"))
    else:
        messages.update({str(k): v.strip() for k, v in raw_messages.items()})
    return [t for raw in data["themes"] if (t := _theme(path, raw, problems))]


def parse_entries_text(
    text: str, path: str, themes: dict[str, Theme], problems: list[Problem], *,
    tags: TagVocabulary | None = None,
) -> list[Entry]:
    """Parse one entries document of a club (an import file), appending problems found.

    The document is ``theme:`` + ``entries:``; an entry may name its own ``theme:``
    instead (or as well), so one file can hold entries of several themes. Club rules
    apply: with ``tags`` (the library's vocabulary) the entries' tags must be known
    ones, but no voice or level tag is required and stories may be short.
    """
    return _entries_document(text, path, themes, problems, _Rules(vocabulary=tags))


def _entries_document(
    text: str, path: str, themes: dict[str, Theme], problems: list[Problem], rules: _Rules
) -> list[Entry]:
    data = parse_yaml(text, path, problems)
    if data is None:
        return []
    if not isinstance(data, LineMapping) or not isinstance(data.get("entries"), list):
        problems.append(Problem(
            path, 1, "expected a mapping with an 'entries' list (and a 'theme', or one per entry)"))
        return []
    theme_id = data.get("theme")
    if "theme" in data and theme_id not in themes:
        line = data.key_lines.get("theme", data.line)
        problems.append(Problem(path, line, _unknown_theme(theme_id, themes)))
    file_theme = None if theme_id is None else str(theme_id)
    return [e for raw in data["entries"]
            if (e := _entry(path, raw, file_theme, themes, problems, rules))]


def parse_entry(
    fields: Mapping[str, Any], themes: dict[str, Theme], where: str, *,
    tags: TagVocabulary | None = None,
) -> tuple[Entry | None, list[Problem]]:
    """Check one club entry given as plain fields (a form, say); club rules, as an import's."""
    problems: list[Problem] = []
    entry = _entry(where, LineMapping.of(dict(fields)), None, themes, problems,
                   _Rules(vocabulary=tags))
    return (entry if not problems else None), problems


def _files(paths: Iterable[Path]) -> list[Path]:
    """The files of ``paths``; a single file brings its folder's themes.yaml and tags.yaml."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml")))
            continue
        files.append(path)
        for name in (THEMES_FILE, TAGS_FILE):
            sibling = path.parent / name
            if path.name != name and sibling.exists() and sibling not in files:
                files.insert(0, sibling)
    return files


def _read(path: Path, problems: list[Problem]) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(str(path), 1, f"cannot read: {exc}"))
        return None


def _vocabulary(
    tag_files: Sequence[Path], vocabulary: TagVocabulary | None, problems: list[Problem]
) -> TagVocabulary | None:
    """The vocabulary so far, or the first of ``tag_files`` when there is none yet."""
    for file in tag_files:
        if vocabulary is None:
            text = _read(file, problems)
            vocabulary = parse_vocabulary(text, str(file), problems) if text is not None else None
        elif Path(vocabulary.source).resolve() != file.resolve():
            problems.append(Problem(str(file), 1, "ignored: the tag vocabulary comes from "
                                                  f"{vocabulary.source}", editorial=True))
    return vocabulary


def _collect(paths: Sequence[Path]) -> tuple[Library, list[Problem]]:
    """Load every file of every path; later paths override earlier ones by id.

    Problems come sorted by file, then line.
    """
    problems: list[Problem] = []
    themes: dict[str, Theme] = {}
    entries: dict[str, Entry] = {}
    messages: dict[str, str] = {}
    vocabulary: TagVocabulary | None = None
    for folder_index, group in enumerate(_files([p]) for p in paths):
        seen_commands = {t.command: t.id for t in themes.values()}
        theme_files = [f for f in group if f.name == THEMES_FILE]
        for file in theme_files:
            text = _read(file, problems)
            found = _themes_document(str(file), text, messages, problems) if text else []
            for theme in found:
                owner = seen_commands.get(theme.command)
                if owner and owner != theme.id:
                    problems.append(Problem(
                        str(file), 1, f"command '{theme.command}' is used by theme '{owner}' too"
                    ))
                seen_commands[theme.command] = theme.id
                themes[theme.id] = theme
        if folder_index == 0 and not theme_files and not themes:
            problems.append(Problem(str(paths[0]), 1, f"no {THEMES_FILE} found"))
        tag_files = [f for f in group if f.name == TAGS_FILE]
        vocabulary = _vocabulary(tag_files, vocabulary, problems)
        rules = _Rules(vocabulary=vocabulary, curated=bool(tag_files))
        here: dict[str, Entry] = {}
        for file in group:
            if file.name in (THEMES_FILE, TAGS_FILE):
                continue
            text = _read(file, problems)
            if text is None:
                continue
            for entry in _entries_document(text, str(file), themes, problems, rules):
                if entry.id in here:
                    problems.append(Problem(
                        str(file), int(entry.source.rsplit(":", 1)[1]),
                        f"duplicate id '{entry.id}' (first at {here[entry.id].source})",
                    ))
                    continue
                here[entry.id] = entry
        entries.update(here)
    problems.sort(key=lambda p: (p.path, p.line))
    library = Library(themes=themes, entries=entries, messages=messages, tags=vocabulary)
    return library, problems


def lint_paths(paths: Sequence[Path]) -> list[Problem]:
    """Every problem in the library made of ``paths`` (folders or files), editorial or not."""
    return _collect(paths)[1]


def load_library(paths: Sequence[Path]) -> Library:
    """The library made of ``paths``.

    Raises :class:`LibraryError` listing every problem that stops it loading; editorial
    problems do not (they are logged as a count: ``secondwind content lint`` lists them).
    """
    library, problems = _collect(paths)
    blocking = [p for p in problems if not p.editorial]
    if blocking:
        raise LibraryError(blocking)
    if problems:  # the brief's rules, not the bot's: news for editors, not an alarm
        log.info("the content library has %d editorial problem(s); "
                 "see them with: secondwind content lint", len(problems))
    return library
