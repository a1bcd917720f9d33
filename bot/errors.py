"""Every exception Second Wind raises on purpose, in one tree.

::

    SecondWindError
    ├── UserError              bad input or a refused request; the message is shown
    │   │                      to the member as it is (privately), and nothing changed
    │   ├── NotFound           an id, theme or entry that isn't there
    │   └── ImportRefused      an import file with problems, quoted with their lines
    ├── OperatorError          the process cannot run as configured; the message is one
    │   │                      line for the operator, and the command exits with code 2
    │   ├── ConfigError        a setting is missing or malformed
    │   ├── LibraryError       the content library has problems (each ``file:line``)
    │   ├── StoreError         the database cannot be opened or used
    │   └── DiscordUnreachable Discord (or the configured proxy) cannot be reached
    └── DeliveryError          a post could not be delivered where it was going
        ├── ChannelUnavailable the channel is gone (``gone``) or the bot may not post
        └── TransientFailure   Discord could not take it now (5xx, network): retry later

Front ends catch :class:`UserError` and answer the member; anything else that
reaches them is a bug, logged with its traceback while the member gets an apology.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol


class SecondWindError(Exception):
    """The base of every exception Second Wind raises on purpose."""


class UserError(SecondWindError):
    """Bad input or a refused request; the message is shown to the member as it is."""


class NotFound(UserError):
    """Something the member named (an id, a theme, an entry) is not there."""


class _Problem(Protocol):
    @property
    def line(self) -> int: ...

    def __str__(self) -> str: ...


class ImportRefused(UserError):
    """A file with problems: nothing was saved; the message quotes them with their lines."""

    BUDGET = 1700  # characters of problems quoted back, to stay inside one Discord message

    def __init__(self, filename: str, problems: Sequence[_Problem]) -> None:
        self.problems = list(problems)
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        lines: list[str] = []
        for problem in problems:
            line = str(problem).replace("```", "'''")
            if sum(len(x) + 1 for x in lines) + len(line) > self.BUDGET:
                lines.append(f"… and {len(problems) - len(lines)} more")
                break
            lines.append(line)
        super().__init__(f"Nothing was imported: {filename} has {count}. "
                         "Fix them and import again.\n```\n" + "\n".join(lines) + "\n```")


class OperatorError(SecondWindError):
    """The process cannot run as configured; the message is one line for the operator."""


class ConfigError(OperatorError):
    """A setting is missing or malformed; the message names file and key."""


class LibraryError(OperatorError):
    """The library has problems that stop it loading; ``problems`` lists them.

    Editorial findings (an unknown tag, a story outside its length band) do not
    stop a library loading: ``secondwind content lint`` reports those.
    """

    def __init__(self, problems: Sequence[_Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = list(problems)


class StoreError(OperatorError):
    """The database cannot be opened or used; the message is for an operator."""


class DiscordUnreachable(OperatorError):
    """Discord, or the proxy the config points at, cannot be reached."""


class DeliveryError(SecondWindError):
    """A post could not be delivered."""


class ChannelUnavailable(DeliveryError):
    """The channel cannot take posts: ``gone`` when it was deleted, else a permission."""

    def __init__(self, reason: str, *, gone: bool) -> None:
        super().__init__(reason)
        self.reason, self.gone = reason, gone


class TransientFailure(DeliveryError):
    """Discord could not take the post now (5xx, network); try again later."""
