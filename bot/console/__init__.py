"""The offline front end: the same use cases as the bot, in a terminal, with no Discord.

A local pseudo-club (a few channels, one role, the console user as admin) over a
real SQLite file. Commands use Discord's syntax: ``/doubt kind:story``,
``/club timezone zone:Europe/Oslo``. Buttons become commands: ``/another`` and
``/helped`` act on the last answer.
"""

from bot.console.terminal import run_console

__all__ = ["run_console"]
