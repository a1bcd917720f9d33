"""The ``content stats --patterns`` report: the measures of :mod:`bot.content.patterns` as text.

Pure: it returns lines and prints nothing. Shares are of the entries in the row's
scope (the library or one theme); ``!`` marks a share past its cap, so a writer can
scan their theme's row for it. The caps themselves are pinned by the library test
over the whole library; a theme's row over a cap is where to look, not a failure.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.content.model import Library
from bot.content.patterns import (
    CONTRAST_CAP,
    IMPERATIVE_CAP,
    LEVEL_MIN,
    LEVELS,
    NO_VOICE,
    VOICE_MIN,
    VOICES,
    WATCHED_CAP,
    PatternCounts,
    ends_in_imperative,
    entry_text,
    has_contrast,
    measure,
    watched_words,
)

ALL = "all"
OVER = "!"
TOP_WORDS_PER_THEME = 6


def _cell(count: int, share: float, flagged: bool = False) -> str:
    return f"{count} {share:6.1%}{OVER if flagged else ' '}"


def _aligned(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as lines: the first column left-aligned, the others right-aligned."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join([row[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(row[1:], widths[1:],
                                                                           strict=True))])
        .rstrip()
        for row in rows
    ]


def _voice_short(counts: PatternCounts, voice: str) -> bool:
    """A voice under its minimum share, or any entry without a voice."""
    if voice == NO_VOICE:
        return counts.voices[voice] > 0
    return counts.share(counts.voices[voice]) < VOICE_MIN


def _group_names(library: Library, group: str, default: tuple[str, ...]) -> tuple[str, ...]:
    """The tags of a vocabulary group, or the brief's defaults when no vocabulary is loaded."""
    vocabulary = library.tags
    return tuple(vocabulary.group(group)) if vocabulary is not None else default


def pattern_report(library: Library) -> list[str]:
    """The whole report for ``library``: patterns, voices, levels and watched words."""
    voices = _group_names(library, "voice", VOICES)
    levels = _group_names(library, "level", LEVELS)
    scopes: dict[str, PatternCounts] = {ALL: measure(library.entries.values(), voices, levels)}
    for theme_id in library.themes:
        scopes[theme_id] = measure(library.entries_for([theme_id]), voices, levels)
    whole = scopes[ALL]
    watched_limit = int(WATCHED_CAP * whole.entries)
    lines = [
        f"Measured patterns over {whole.entries} entries in {len(library.themes)} themes. "
        f"'{OVER}' marks a share past its cap:",
        f"contrast <= {CONTRAST_CAP:.0%}, imperative ending <= {IMPERATIVE_CAP:.0%}, "
        f"each watched word <= {WATCHED_CAP:.0%} of the library ({watched_limit} entries), "
        f"each voice >= {VOICE_MIN:.0%}, each level >= {LEVEL_MIN:.0%} of each theme.",
        "",
    ]

    rows = [["theme", "entries", "contrast", "imperative end", "miles", "kilometres"]]
    for name, counts in scopes.items():
        rows.append([
            name, str(counts.entries),
            _cell(counts.contrast, counts.share(counts.contrast),
                  counts.share(counts.contrast) > CONTRAST_CAP),
            _cell(counts.imperative, counts.share(counts.imperative),
                  counts.share(counts.imperative) > IMPERATIVE_CAP),
            _cell(counts.miles, counts.share(counts.miles)),
            _cell(counts.kilometres, counts.share(counts.kilometres)),
        ])
    lines += [*_aligned(rows), ""]

    voice_columns = [*voices, NO_VOICE]
    rows = [["voice", *voice_columns]]
    rows += [[name, *(_cell(c.voices[v], c.share(c.voices[v]), _voice_short(c, v))
                      for v in voice_columns)]
             for name, c in scopes.items()]
    lines += [*_aligned(rows), ""]

    rows = [["level", *levels]]
    rows += [[name, *(_cell(c.levels[lv], c.share(c.levels[lv]),
                            c.share(c.levels[lv]) < LEVEL_MIN) for lv in levels)]
             for name, c in scopes.items()]
    lines += [*_aligned(rows),
              "(an entry may carry several levels, so a row can add up past 100%)", ""]

    rows = [["watched word", "entries", "share"]]
    rows += [[word, str(count), f"{whole.share(count):.1%}"
              + (OVER if whole.share(count) > WATCHED_CAP else " ")]
             for word, count in sorted(whole.watched.items(), key=lambda i: (-i[1], i[0]))]
    lines += _aligned(rows) if len(rows) > 1 else ["no watched word is used"]
    lines += ["", f"most used watched words per theme (top {TOP_WORDS_PER_THEME}):"]
    rows = [[theme_id, ", ".join(f"{w} {n}" for w, n in sorted(
        counts.watched.items(), key=lambda i: (-i[1], i[0]))[:TOP_WORDS_PER_THEME]) or "-"]
        for theme_id, counts in scopes.items() if theme_id != ALL]
    lines += [f"{theme:<{max(len(r[0]) for r in rows)}}  {words}" for theme, words in rows]
    return [*lines, "", *_where_to_look(library, whole)]


def _where_to_look(library: Library, whole: PatternCounts) -> list[str]:
    """The entries behind the shares, by theme, so a writer knows what to revise.

    Imperative endings list stories, reflections and prompts only: mantras are often
    orders by nature, and the brief asks the other kinds to almost never end on one.
    """
    over_words = {w for w, n in whole.watched.items() if whole.share(n) > WATCHED_CAP}
    lines = ["where to look (entry ids by theme):"]
    for theme_id in library.themes:
        entries = library.entries_for([theme_id])
        found = {
            "contrast": [e.id for e in entries if has_contrast(e.body)],
            "ends on an order": [e.id for e in entries
                                 if e.kind != "mantra" and ends_in_imperative(e.body)],
            "watched word over its cap": [
                f"{e.id} ({', '.join(sorted(used))})" for e in entries
                if (used := watched_words(entry_text(e)) & over_words)],
        }
        lines += [f"  {theme_id}, {what}: {', '.join(ids)}" for what, ids in found.items() if ids]
    return lines if len(lines) > 1 else []
