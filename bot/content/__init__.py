"""The content library: themes and entries loaded from YAML, validated with line numbers."""

from bot.content.loader import (
    LibraryError,
    lint_paths,
    load_library,
    parse_entries_text,
    parse_entry,
)
from bot.content.model import KINDS, Entry, Library, Problem, Theme

__all__ = [
    "KINDS",
    "Entry",
    "Library",
    "LibraryError",
    "Problem",
    "Theme",
    "lint_paths",
    "load_library",
    "parse_entries_text",
    "parse_entry",
]
