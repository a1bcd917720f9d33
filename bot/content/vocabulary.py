"""The tag vocabulary (``content/tags.yaml``) and the tag rules an entry is held to.

The file has up to four groups, :data:`~bot.content.model.TAG_GROUPS`: ``voice`` (who
speaks), ``level`` (who it is for), ``moment`` (race week and after: the club calendar
picks by these) and ``topic``. Each tag is either ``name: description`` or a mapping
with ``description`` and optional ``keywords`` (words in a member's ``/encourage``
text that point at the tag)::

    voice:
      coach: direct and practical, sometimes blunt
    moment:
      taper:
        description: the last two weeks before a goal race
        keywords: [taper, race week]

``voice`` and ``level`` must be there: the library's rules need them. A tag name is
unique across groups.

The rules (:func:`tag_problems`):

- every entry, wherever it comes from, uses only known tags when a vocabulary is
  loaded; an unknown tag's message names the known tag it most likely meant
  (:meth:`~bot.content.model.TagVocabulary.nearest`), when there is one;
- an entry of the curated library (a folder with its own ``tags.yaml``, see
  :mod:`bot.content.loader`) also has exactly one voice tag and at least one level tag.
  A club's entries (its folder, an import, a form) are not held to that: clubs write
  their own entries and tag them as they like, or not at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.content.model import ID_RE, TAG_GROUPS, Problem, Tag, TagVocabulary
from bot.content.yaml_lines import FieldChecker, LineMapping, parse_yaml

TAGS_FILE = "tags.yaml"
REQUIRED_GROUPS = ("voice", "level")
TAG_FIELDS = {"description", "keywords"}


def parse_vocabulary(text: str, path: str, problems: list[Problem]) -> TagVocabulary | None:
    """The vocabulary in ``text``; problems are appended, and the tags that are sound kept.

    None when the document is not a mapping of groups at all.
    """
    before = len(problems)
    data = parse_yaml(text, path, problems)
    if not isinstance(data, LineMapping):
        if len(problems) == before:  # not a YAML error (reported already): the wrong shape
            problems.append(Problem(path, 1, f"expected the tag groups: {', '.join(TAG_GROUPS)}"))
        return None
    tags: dict[str, Tag] = {}
    for group, raw in data.items():
        line = data.key_lines.get(str(group), data.line)
        if group not in TAG_GROUPS:
            problems.append(Problem(
                path, line, f"unknown tag group '{group}': use {', '.join(TAG_GROUPS)}"))
            continue
        if not isinstance(raw, LineMapping) or not raw:
            problems.append(Problem(path, line, f"group '{group}' must map tag names to "
                                                "descriptions"))
            continue
        for name, spec in raw.items():
            tag_line = raw.key_lines.get(str(name), raw.line)
            tag = _tag(path, tag_line, str(name), spec, str(group), problems)
            if tag is None:
                continue
            if tag.name in tags:
                problems.append(Problem(path, tag_line, f"tag '{tag.name}' is in group "
                                                        f"'{tags[tag.name].group}' already"))
                continue
            tags[tag.name] = tag
    for group in REQUIRED_GROUPS:
        if group not in data:
            problems.append(Problem(path, 1, f"no '{group}' group: the library's entries "
                                             "each need a tag from it"))
    return TagVocabulary(tags=tags, source=path)


def _tag(path: str, line: int, name: str, spec: Any, group: str,
         problems: list[Problem]) -> Tag | None:
    if not ID_RE.match(name):
        problems.append(Problem(path, line, f"tag '{name}' must be lowercase letters, digits "
                                            "and dashes"))
        return None
    if isinstance(spec, LineMapping):
        check = FieldChecker(path, spec, f"tag '{name}'", problems)
        check.unknown_fields(TAG_FIELDS)
        return Tag(name, group, check.text("description") or "", check.text_list("keywords"))
    if isinstance(spec, str) and spec.strip():
        return Tag(name, group, spec.strip())
    problems.append(Problem(path, line, f"tag '{name}': give a description, or a mapping "
                                        "with description and keywords"))
    return Tag(name, group, "")  # still a known tag: entries using it are not at fault


def tag_problems(tags: Sequence[str], vocabulary: TagVocabulary, curated: bool) -> list[str]:
    """What is wrong with an entry's ``tags`` by the vocabulary (messages, in tag order)."""
    messages: list[str] = []
    known: list[str] = []
    for tag in dict.fromkeys(tags):
        if tag in vocabulary:
            known.append(tag)
        else:
            nearest = vocabulary.nearest(tag)
            messages.append(f"unknown tag '{tag}' " + (
                f"(nearest: '{nearest}')" if nearest else f"(none like it in {TAGS_FILE})"))
    if len(known) < len([t for t in tags if t in vocabulary]):
        messages.append("a tag is given twice")
    if curated:
        voices = [t for t in known if vocabulary.group_of(t) == "voice"]
        if len(voices) != 1:
            has = f"{len(voices)}: {', '.join(voices)}" if voices else "none"
            messages.append(f"needs exactly one voice tag "
                            f"({', '.join(vocabulary.group('voice'))}); it has {has}")
        if not any(vocabulary.group_of(t) == "level" for t in known):
            messages.append(f"needs at least one level tag "
                            f"({', '.join(vocabulary.group('level'))})")
    return messages
