"""YAML with line numbers: the parsing and field checks every library file goes through.

Mappings remember their own line and each key's line, so a problem is reported as
``path:line: message`` at the field it is about. Parsing never raises: a YAML error
becomes a :class:`~bot.content.model.Problem` at the line the parser stopped.

Hard limits come first, so a small hostile file cannot make a large document: a
few hundred bytes of nested aliases expand to millions of strings the moment
anything walks them. The text's size is checked before parsing; the composed
node graph (where an alias is one shared node, nothing expanded) is walked for
aliases and nesting depth before anything is built from it. A file past a limit
is refused with one problem.
"""

from __future__ import annotations

from typing import Any

import yaml

from bot.content.model import Problem

try:  # the C loader is several times faster; fall back where libyaml is missing
    _BaseLoader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


MAX_BYTES = 5_000_000  # a library file; an import is refused well before (1 MB)
MAX_ALIASES = 50  # the library uses none; an export uses none
MAX_DEPTH = 20  # an entries file is four levels deep


class LineMapping(dict):
    """A dict that remembers the line of itself and of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    @classmethod
    def of(cls, fields: dict[str, Any], line: int = 1) -> LineMapping:
        """Plain fields (a form, say) as a mapping whose every key is on ``line``."""
        mapping = cls(fields)
        mapping.line, mapping.key_lines = line, {}
        return mapping


class LimitExceeded(yaml.MarkedYAMLError):
    """The document is past one of the hard limits."""


class LineLoader(_BaseLoader):  # type: ignore[misc,valid-type]  # C or Python base, chosen above
    """A safe loader whose mappings are :class:`LineMapping` values, within the limits."""

    def construct_document(self, node: yaml.Node) -> Any:
        """Check the node graph against the limits, then build the document."""
        _check_limits(node)
        return super().construct_document(node)

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> LineMapping:
        """The mapping of ``node``, with its line and its keys' lines."""
        mapping = LineMapping(super().construct_mapping(node, deep=deep))
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {
            str(key.value): key.start_mark.line + 1 for key, _ in node.value
        }
        return mapping


LineLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, LineLoader.construct_mapping
)


def shown(value: Any, limit: int = 40) -> str:
    """A value from a file, quoted in a problem: short text, or the kind of thing it is."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _check_limits(root: yaml.Node) -> None:
    """Raise LimitExceeded when the graph has too many aliases or is nested too deep."""
    seen: set[int] = set()
    aliases = 0
    stack: list[tuple[yaml.Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:  # a node met again is an alias to it
            aliases += 1
            if aliases > MAX_ALIASES:
                raise LimitExceeded(problem=f"more than {MAX_ALIASES} aliases (*name); write "
                                    "the values out instead", problem_mark=node.start_mark)
            continue
        seen.add(id(node))
        if depth > MAX_DEPTH:
            raise LimitExceeded(problem=f"nested more than {MAX_DEPTH} levels deep",
                                problem_mark=node.start_mark)
        if isinstance(node, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack += [(key, depth + 1), (value, depth + 1)]


def parse_yaml(text: str, path: str, problems: list[Problem]) -> Any:
    """The document in ``text``, or None after appending the YAML error to ``problems``."""
    if len(text) > MAX_BYTES:
        problems.append(Problem(path, 1, f"refused: the file is {len(text) // 1000} kB, over "
                                         f"the {MAX_BYTES // 1_000_000} MB limit"))
        return None
    try:
        return yaml.load(text, Loader=LineLoader)  # noqa: S506 - a safe loader subclass
    except LimitExceeded as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else 1
        problems.append(Problem(path, line, f"refused: {exc.problem}"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problems.append(Problem(path, line, f"invalid YAML: {exc.problem or exc}"))
    except yaml.YAMLError as exc:
        problems.append(Problem(path, 1, f"invalid YAML: {exc}"))
    return None


class FieldChecker:
    """Field checks for one mapping, recording problems at the field's line.

    ``what`` names the mapping in messages (``entry 'doubt-x'``).
    """

    def __init__(self, path: str, mapping: LineMapping, what: str,
                 problems: list[Problem]) -> None:
        self.path, self.mapping, self.what, self.problems = path, mapping, what, problems

    def line(self, key: str | None = None) -> int:
        """The line of ``key``, or of the mapping itself."""
        return self.mapping.key_lines.get(key, self.mapping.line) if key else self.mapping.line

    def fail(self, key: str | None, message: str, *, editorial: bool = False) -> None:
        """Record a problem at the line of ``key`` (or of the mapping)."""
        self.problems.append(Problem(self.path, self.line(key), message, editorial))

    def unknown_fields(self, allowed: set[str]) -> None:
        """A problem for every key not in ``allowed``."""
        for key in self.mapping:
            if key not in allowed:
                self.fail(str(key), f"{self.what}: unknown field '{key}'")

    def text(self, key: str, limit: int | None = None) -> str | None:
        """The stripped text of ``key``; None (and a problem) when missing or not text."""
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
        """The stripped words of the list ``key`` (empty when absent)."""
        value = self.mapping.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, f"{self.what}: '{key}' must be a list of words")
            return ()
        return tuple(v.strip() for v in value)
