"""Plain values of the library: themes, entries, problems, and the in-memory index."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

KINDS = ("story", "reflection", "mantra", "prompt")

# Discord's limits, checked when content is loaded rather than hoped for at send time.
TITLE_LIMIT = 256
BODY_LIMIT = 4096
MANTRA_LIMIT = 200
DESCRIPTION_LIMIT = 100
ID_LIMIT = 80


@dataclass(frozen=True)
class Problem:
    """One finding in a library file, printed as ``path:line: message``."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(frozen=True)
class Theme:
    """A moment a runner goes through, with its own slash command."""

    id: str
    command: str
    name: str
    description: str
    color: int
    emoji: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entry:
    """One piece of writing: a story, reflection, mantra or prompt."""

    id: str
    theme: str
    kind: str
    title: str
    body: str
    tags: tuple[str, ...] = ()
    weight: float = 1.0
    credit: str | None = None
    source: str = ""

    @property
    def words(self) -> int:
        """How many words the body has."""
        return len(self.body.split())


@dataclass
class Library:
    """The validated library: themes in file order, entries by id, the bot's own messages."""

    themes: dict[str, Theme]
    entries: dict[str, Entry]
    messages: dict[str, str] = field(default_factory=dict)
    _by_theme: dict[str, list[Entry]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_theme: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.entries.values():
            by_theme[entry.theme].append(entry)
        self._by_theme = dict(by_theme)

    def entries_for(self, theme_ids: Iterable[str], kind: str | None = None) -> list[Entry]:
        """Entries of the given themes, of one kind or of any kind."""
        found: list[Entry] = []
        for theme_id in theme_ids:
            for entry in self._by_theme.get(theme_id, ()):
                if kind is None or entry.kind == kind:
                    found.append(entry)
        return found

    def theme_by_command(self, command: str) -> Theme | None:
        """The theme whose slash command is ``command``."""
        return next((t for t in self.themes.values() if t.command == command), None)

    def stats(self) -> Mapping[tuple[str, str], tuple[int, float]]:
        """Per (theme, kind): how many entries and their average word count."""
        totals: dict[tuple[str, str], list[int]] = defaultdict(list)
        for entry in self.entries.values():
            totals[(entry.theme, entry.kind)].append(entry.words)
        return {key: (len(words), sum(words) / len(words)) for key, words in totals.items()}
