"""Plain values of the library: themes, entries, problems, and the in-memory index."""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

KINDS = ("story", "reflection", "mantra", "prompt")
KIND_PLURALS = {"story": "stories", "reflection": "reflections", "mantra": "mantras",
                "prompt": "prompts"}
TAG_GROUPS = ("voice", "level", "moment", "topic")

# Discord's limits, checked when content is loaded rather than hoped for at send time.
TITLE_LIMIT = 256
BODY_LIMIT = 4096
DESCRIPTION_LIMIT = 100
ID_LIMIT = 80
ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")  # entry, theme and tag ids
NEAREST_PREFIX, NEAREST_RATIO = 4, 0.75  # how like a known tag an unknown one must be

# The content brief's lengths. A mantra is one line of at most MANTRA_LIMIT characters and a
# prompt asks one or two questions, for every entry (a club's too); the word bands hold for
# the curated library only (see ``bot.content.loader``).
MANTRA_LIMIT = 120
PROMPT_QUESTIONS = (1, 2)
WORD_BANDS = {"story": (180, 450), "reflection": (50, 160)}


@dataclass(frozen=True)
class Problem:
    """One finding in a library file, printed as ``path:line: message``.

    ``editorial`` marks a finding against the content brief's house rules (tags, word
    bands) rather than against what the bot can serve: ``secondwind content lint``
    reports both and fails on both, but :func:`~bot.content.loader.load_library` only
    refuses a library for the others, so a half-edited library never stops the bot.
    """

    path: str
    line: int
    message: str
    editorial: bool = False

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


@dataclass(frozen=True)
class Tag:
    """One tag of the vocabulary: its group, what it is for, and words that point at it."""

    name: str
    group: str
    description: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class TagVocabulary:
    """The tags an entry may carry (``content/tags.yaml``), by name in file order."""

    tags: Mapping[str, Tag]
    source: str = ""

    def __contains__(self, name: object) -> bool:
        return name in self.tags

    def group(self, group: str) -> tuple[str, ...]:
        """The names of the tags of one group (``voice``, ``level``, ``moment``, ``topic``)."""
        return tuple(name for name, tag in self.tags.items() if tag.group == group)

    def group_of(self, name: str) -> str | None:
        """The group of a tag, or None for a tag the vocabulary does not have."""
        tag = self.tags.get(name)
        return tag.group if tag else None

    def nearest(self, name: str) -> str | None:
        """The known tag a writer most likely meant by ``name``, or None when none is close.

        In order: a tag that is a dash-separated part of ``name`` ("race-nerves" →
        ``nerves``) or whose keywords include it ("night before" → ``race-eve``); a tag
        sharing its first four letters or more ("volunteering" → ``volunteers``); a typo
        by difflib's ratio of at least 0.75 ("hils" → ``hills``). Character likeness
        alone suggests nonsense for a new word ("cancer" → ``patience``), so a word with
        no tag like it gets None rather than a guess.
        """
        parts = set(name.split("-"))
        phrase = name.replace("-", " ")
        for tag in self.tags.values():
            if tag.name in parts or phrase in tag.keywords:
                return tag.name
        prefix = max(self.tags, key=lambda known: _common_prefix(known, name))
        if _common_prefix(prefix, name) >= NEAREST_PREFIX:
            return prefix
        found = difflib.get_close_matches(name, list(self.tags), n=1, cutoff=NEAREST_RATIO)
        return found[0] if found else None


def _common_prefix(a: str, b: str) -> int:
    """How many leading characters ``a`` and ``b`` share."""
    pairs = zip(a, b, strict=False)  # up to the shorter one
    return next((i for i, (x, y) in enumerate(pairs) if x != y), min(len(a), len(b)))


@dataclass
class Library:
    """The validated library: themes in file order, entries by id, the bot's own messages.

    ``tags`` is the tag vocabulary, None when no content folder has a ``tags.yaml``.
    """

    themes: dict[str, Theme]
    entries: dict[str, Entry]
    messages: dict[str, str] = field(default_factory=dict)
    tags: TagVocabulary | None = None
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

    def stats(self) -> Mapping[tuple[str, str], tuple[int, float]]:
        """Per (theme, kind): how many entries and their average word count."""
        totals: dict[tuple[str, str], list[int]] = defaultdict(list)
        for entry in self.entries.values():
            totals[(entry.theme, entry.kind)].append(entry.words)
        return {key: (len(words), sum(words) / len(words)) for key, words in totals.items()}
