"""The content library: themes, entries and the tag vocabulary, from YAML with line numbers."""

from bot.content.loader import (
    LibraryError,
    lint_paths,
    load_library,
    parse_entries_text,
    parse_entry,
)
from bot.content.model import KINDS, Entry, Library, Problem, Tag, TagVocabulary, Theme

__all__ = [
    "KINDS",
    "Entry",
    "Library",
    "LibraryError",
    "Problem",
    "Tag",
    "TagVocabulary",
    "Theme",
    "lint_paths",
    "load_library",
    "parse_entries_text",
    "parse_entry",
]
