"""The one helper for member text that the bot shows again: neutralise, shorten, echo.

Anything a member typed and the bot repeats (a shared story, a cheer note, the
value of an option quoted in an error) goes through here, so that:

- it cannot ping: ``<@id>``, ``<@!id>``, ``<@&id>`` and ``<#id>`` become
  ``@member``, ``@role`` and ``#channel``; ``@everyone`` and ``@here`` get a
  zero-width space after the ``@``, as Discord itself escapes them;
- it cannot hide a link: a masked link ``[text](url)`` becomes ``text (url)``;
- it fits: :func:`shorten` cuts to a limit with an ellipsis.

Masked links are found the way Discord's markdown finds them, not by one regular
expression for the simple case: the link text may hold nested brackets and line
breaks, the target may hold balanced parentheses, sit in ``<…>`` and carry a
title. Whatever the parser turns into ``text (url)``, a last pass breaks every
``](`` that is left, so no text can render as a masked link at all.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"

_MENTION_RE = re.compile(r"<(@!?|@&|#)\d+>")
_MENTION_WORDS = {"@": "@member", "@!": "@member", "@&": "@role", "#": "#channel"}
_EVERYONE_RE = re.compile(r"@(everyone|here)", re.IGNORECASE)
_TITLE_RE = re.compile(r"\s+(?:\"[^\"]*\"|'[^']*')\s*$")
_LINK_JOIN_RE = re.compile(r"\]\s*\(")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f\u2028\u2029\x85]+")


def _closing(text: str, start: int, opening: str, closing: str) -> int | None:
    """The index of the bracket that closes ``text[start]`` (an ``opening``), if any."""
    depth = 0
    i = start
    while i < len(text):
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == opening:
            depth += 1
        elif char == closing:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def _target(raw: str) -> str:
    """A masked link's target as shown: without ``<…>``, a title or surrounding space."""
    target = _TITLE_RE.sub("", raw).strip()
    if target.startswith("<") and target.endswith(">"):
        target = target[1:-1].strip()
    return target


def _unmask_links(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "[":
            end_label = _closing(text, i, "[", "]")
            if end_label is not None and end_label + 1 < len(text) and text[end_label + 1] == "(":
                end_target = _closing(text, end_label + 1, "(", ")")
                if end_target is not None:
                    label = _unmask_links(text[i + 1:end_label])
                    target = _target(text[end_label + 2:end_target])
                    out.append(f"{label} ({target})" if target else label)
                    i = end_target + 1
                    continue
        out.append(text[i])
        i += 1
    return "".join(out)


def neutralise(text: str) -> str:
    """Member text made harmless to repeat: no pings, no hidden link targets."""
    text = _unmask_links(text)
    text = _LINK_JOIN_RE.sub("] (", text)  # whatever is left can never render as a link
    text = _MENTION_RE.sub(lambda m: _MENTION_WORDS[m[1]], text)
    return _EVERYONE_RE.sub(lambda m: f"@\u200b{m[1]}", text)


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, ending in … when cut."""
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + ELLIPSIS


def one_line(text: str) -> str:
    """Line breaks, tabs and other control characters as spaces."""
    return _CONTROL_RE.sub(" ", text)


def inline(text: str, limit: int) -> str:
    """Member input fit for one of the bot's own lines: one line, neutralised, short."""
    return shorten(neutralise(one_line(text)), limit)


def echo(text: str, limit: int = 40) -> str:
    """Member input quoted in one of the bot's own lines: ``'like this'``."""
    return f"'{inline(text, limit)}'"
