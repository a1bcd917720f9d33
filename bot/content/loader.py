"""Load and validate the YAML library, reporting every problem as ``path:line: message``.

The loader never raises on bad content: it collects :class:`Problem` values, and
:func:`load_library` raises one :class:`LibraryError` carrying all of them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from bot.content.model import (
    BODY_LIMIT,
    DESCRIPTION_LIMIT,
    ID_LIMIT,
    KINDS,
    MANTRA_LIMIT,
    TITLE_LIMIT,
    Entry,
    Library,
    Problem,
    Theme,
)

try:  # the C loader is several times faster; fall back where libyaml is missing
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader

THEMES_FILE = "themes.yaml"
COMMAND_RE = re.compile(r"^[-_a-z0-9]{1,32}$")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
COLOR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
# Commands the bot defines itself; a theme may not take their names.
RESERVED_COMMANDS = frozenset(
    {"encourage", "story", "reflect", "mantra", "themes", "cheer", "share", "club", "help"}
)
THEME_FIELDS = {"id", "command", "name", "description", "color", "emoji", "keywords"}
ENTRY_FIELDS = {"id", "theme", "kind", "title", "body", "tags", "weight", "credit"}


class LibraryError(Exception):
    """The library has problems; ``problems`` lists every one of them."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = list(problems)


class _Mapping(dict):
    """A dict that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]


class _LineLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> _Mapping:
        mapping = _Mapping(super().construct_mapping(node, deep=deep))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {
            str(key.value): key.start_mark.line + 1 for key, _ in node.value
        }
        return mapping


_LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _LineLoader.construct_mapping
)


def _parse(text: str, path: str, problems: list[Problem]) -> Any:
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a safe loader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problems.append(Problem(path, line, f"invalid YAML: {exc.problem or exc}"))
    except yaml.YAMLError as exc:
        problems.append(Problem(path, 1, f"invalid YAML: {exc}"))
    return None


class _Checker:
    """Field checks for one mapping, recording problems at the field's line."""

    def __init__(self, path: str, mapping: _Mapping, what: str, problems: list[Problem]) -> None:
        self.path, self.mapping, self.what, self.problems = path, mapping, what, problems

    def line(self, key: str | None = None) -> int:
        return self.mapping.key_lines.get(key, self.mapping.line) if key else self.mapping.line

    def fail(self, key: str | None, message: str) -> None:
        self.problems.append(Problem(self.path, self.line(key), message))

    def unknown_fields(self, allowed: set[str]) -> None:
        for key in self.mapping:
            if key not in allowed:
                self.fail(str(key), f"{self.what}: unknown field '{key}'")

    def text(self, key: str, limit: int | None = None) -> str | None:
        value = self.mapping.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            self.fail(key, f"{self.what}: missing or empty '{key}'")
            return None
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.fail(key, f"{self.what}: '{key}' must be text")
            return None
        value = str(value).strip()
        if limit is not None and len(value) > limit:
            self.fail(key, f"{self.what}: '{key}' is {len(value)} characters, over {limit}")
        return value

    def text_list(self, key: str) -> tuple[str, ...]:
        value = self.mapping.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, f"{self.what}: '{key}' must be a list of words")
            return ()
        return tuple(v.strip() for v in value)


def _theme(path: str, raw: Any, problems: list[Problem]) -> Theme | None:
    if not isinstance(raw, _Mapping):
        problems.append(Problem(path, 1, "each theme must be a mapping"))
        return None
    check = _Checker(path, raw, f"theme '{raw.get('id', '?')}'", problems)
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
    return f"unknown theme '{theme_id}' (known: {', '.join(themes) or 'none loaded'})"


def _entry(
    path: str, raw: Any, theme_id: str | None, themes: dict[str, Theme], problems: list[Problem]
) -> Entry | None:
    """One entry; its own ``theme`` wins over the file's (``theme_id``, None when absent)."""
    if not isinstance(raw, _Mapping):
        problems.append(Problem(path, 1, "each entry must be a mapping with id, kind, title, body"))
        return None
    check = _Checker(path, raw, f"entry '{raw.get('id', '?')}'", problems)
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
    if kind == "mantra" and body and ("\n" in body or len(body) > MANTRA_LIMIT):
        check.fail("body", f"a mantra must be one line of at most {MANTRA_LIMIT} characters")
    if kind == "prompt" and body and "?" not in body:
        check.fail("body", "a prompt must ask a question")
    weight = raw.get("weight", 1.0)
    if isinstance(weight, bool) or not isinstance(weight, int | float) or weight <= 0:
        check.fail("weight", f"weight must be a positive number, got '{weight}'")
    credit = raw.get("credit")
    if credit is not None and not isinstance(credit, str):
        check.fail("credit", "credit must be text")
    if theme_id not in themes:  # reported here, or once for the whole file
        return None
    if len(problems) > before or None in (entry_id, kind, title, body):
        return None
    return Entry(
        id=entry_id, theme=theme_id, kind=kind, title=title, body=body,  # type: ignore[arg-type]
        tags=tags, weight=float(weight), credit=credit, source=f"{path}:{check.line()}",
    )


def _themes_document(
    path: str, text: str, messages: dict[str, str], problems: list[Problem]
) -> list[Theme]:
    """The themes of a themes.yaml; its ``messages`` (the bot's own wording) go to ``messages``."""
    data = _parse(text, path, problems)
    if data is None:
        return []
    if not isinstance(data, _Mapping) or not isinstance(data.get("themes"), list):
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
    text: str, path: str, themes: dict[str, Theme], problems: list[Problem]
) -> list[Entry]:
    """Parse one entries document, appending problems found.

    The document is ``theme:`` + ``entries:``; an entry may name its own ``theme:``
    instead (or as well), so one file can hold entries of several themes.
    """
    data = _parse(text, path, problems)
    if data is None:
        return []
    if not isinstance(data, _Mapping) or not isinstance(data.get("entries"), list):
        problems.append(Problem(
            path, 1, "expected a mapping with an 'entries' list (and a 'theme', or one per entry)"))
        return []
    theme_id = data.get("theme")
    if "theme" in data and theme_id not in themes:
        line = data.key_lines.get("theme", data.line)
        problems.append(Problem(path, line, _unknown_theme(theme_id, themes)))
    file_theme = None if theme_id is None else str(theme_id)
    return [e for raw in data["entries"] if (e := _entry(path, raw, file_theme, themes, problems))]


def parse_entry(
    fields: Mapping[str, Any], themes: dict[str, Theme], where: str
) -> tuple[Entry | None, list[Problem]]:
    """Check one entry given as plain fields (a form, say) by the library's own rules."""
    raw = _Mapping(fields)
    raw.line, raw.key_lines = 1, {}
    problems: list[Problem] = []
    entry = _entry(where, raw, None, themes, problems)
    return (entry if not problems else None), problems


def _files(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("*.yaml")) + sorted(path.glob("*.yml")))
        else:
            files.append(path)
            sibling = path.parent / THEMES_FILE
            if path.name != THEMES_FILE and sibling.exists() and sibling not in files:
                files.insert(0, sibling)
    return files


def _read(path: Path, problems: list[Problem]) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(str(path), 1, f"cannot read: {exc}"))
        return None


def _collect(paths: Sequence[Path]) -> tuple[Library, list[Problem]]:
    """Load every file of every path; later paths override earlier ones by id."""
    problems: list[Problem] = []
    themes: dict[str, Theme] = {}
    entries: dict[str, Entry] = {}
    messages: dict[str, str] = {}
    for folder_index, group in enumerate(_files([p]) for p in paths):
        seen_commands = {t.command: t.id for t in themes.values()}
        theme_files = [f for f in group if f.name == THEMES_FILE]
        for file in theme_files:
            text = _read(file, problems)
            for theme in _themes_document(str(file), text, messages, problems) if text is not None else []:
                owner = seen_commands.get(theme.command)
                if owner and owner != theme.id:
                    problems.append(Problem(
                        str(file), 1, f"command '{theme.command}' is used by theme '{owner}' too"
                    ))
                seen_commands[theme.command] = theme.id
                themes[theme.id] = theme
        if folder_index == 0 and not theme_files and not themes:
            problems.append(Problem(str(paths[0]), 1, f"no {THEMES_FILE} found"))
        here: dict[str, Entry] = {}
        for file in group:
            if file.name == THEMES_FILE:
                continue
            text = _read(file, problems)
            if text is None:
                continue
            for entry in parse_entries_text(text, str(file), themes, problems):
                if entry.id in here:
                    problems.append(Problem(
                        str(file), int(entry.source.rsplit(":", 1)[1]),
                        f"duplicate id '{entry.id}' (first at {here[entry.id].source})",
                    ))
                    continue
                here[entry.id] = entry
        entries.update(here)
    return Library(themes=themes, entries=entries, messages=messages), problems


def lint_paths(paths: Sequence[Path]) -> list[Problem]:
    """Every problem in the library made of ``paths`` (folders or files)."""
    return _collect(paths)[1]


def load_library(paths: Sequence[Path]) -> Library:
    """The library made of ``paths``; raises :class:`LibraryError` listing every problem."""
    library, problems = _collect(paths)
    if problems:
        raise LibraryError(problems)
    return library
