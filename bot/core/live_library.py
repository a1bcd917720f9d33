"""The library in use, and what is derived from it; a reload swaps both at once."""

from __future__ import annotations

from bot.content import KINDS, Entry, Library, Theme
from bot.core.matching import MomentMatcher, ThemeMatcher
from bot.errors import NotFound, UserError
from bot.text import echo
from bot.values import Post


class LiveLibrary:
    """The current :class:`Library`, its theme matcher, and lookups by what members type.

    Use cases hold this object, not a library: after ``use`` (a reload) every one
    of them sees the new library at its next call.
    """

    def __init__(self, library: Library) -> None:
        self.use(library)

    def use(self, library: Library) -> None:
        """Switch to a (re)loaded library."""
        self.current = library
        self.matcher = ThemeMatcher.from_library(library)
        self.moments = MomentMatcher.from_library(library)

    @property
    def themes(self) -> dict[str, Theme]:
        """The themes, in library order."""
        return self.current.themes

    def theme_ids(self) -> list[str]:
        """Every theme id, in library order."""
        return list(self.current.themes)

    def theme(self, text: str) -> Theme:
        """A theme by id, command or name; NotFound listing the themes otherwise."""
        wanted = text.strip().lower().lstrip("/")
        for theme in self.current.themes.values():
            if wanted in (theme.id, theme.command, theme.name.lower()):
                return theme
        raise NotFound(
            f"There is no theme {echo(text)}. Themes: {', '.join(self.current.themes)}.")

    def kind(self, text: str | None, *, any_allowed: bool = True) -> str | None:
        """A kind of entry, or None for any; UserError listing the kinds otherwise."""
        wanted = (text or "").strip().lower()
        if any_allowed and wanted in ("", "any"):
            return None
        if wanted not in KINDS:
            raise UserError(f"There is no kind {echo(text or '')}. Kinds: {', '.join(KINDS)}"
                            + (", or any." if any_allowed else "."))
        return wanted

    def title(self, entry_id: str) -> str:
        """An entry's title, or its id when the library no longer has it."""
        entry = self.current.entries.get(entry_id)
        return entry.title if entry else entry_id

    def post_of(self, entry: Entry) -> Post:
        """Dress an entry with its theme."""
        theme = self.current.themes[entry.theme]
        return Post(
            entry_id=entry.id, theme_id=theme.id, theme_name=theme.name, emoji=theme.emoji,
            color=theme.color, kind=entry.kind, title=entry.title, body=entry.body,
            credit=entry.credit,
        )
