"""Member commands in the console: themes, /encourage, kinds, buttons as commands, /cheer."""

from __future__ import annotations

from bot.console.session import (
    GUILD_ID,
    MEMBERS,
    Command,
    Console,
    Handler,
    bool_option,
    channel_id,
)
from bot.core.service import Encouragement, SupportReply, UserError


def theme_handler(theme_id: str) -> Handler:
    """The handler of one theme's command."""
    async def handle(console: Console, options: dict[str, str]) -> str:
        kind = console.service.kind(options.get("kind"))
        post = await console.service.pick(console.where, theme_id, kind)
        prefix = "(only you can see this)\n" if bool_option(options.get("private")) else ""
        return prefix + console.show(post, (theme_id, kind))
    return handle


def kind_handler(kind: str) -> Handler:
    """The handler of /story, /reflect and /mantra."""
    async def handle(console: Console, options: dict[str, str]) -> str:
        theme = options.get("theme") or None
        theme_id = console.service.theme(theme).id if theme else None
        post = await console.service.pick(console.where, theme_id, kind)
        return console.show(post, (theme_id, kind))
    return handle


async def _encourage(console: Console, options: dict[str, str]) -> str:
    answer = await console.service.encourage(console.where, options.get("about"))
    if isinstance(answer, SupportReply):
        return f"(only you can see this)\n{answer.text}"
    return console.show(answer, (answer.theme_id, None))


async def _another(console: Console, options: dict[str, str]) -> str:
    if console.last is None:
        raise UserError("Nothing to follow yet: ask for something first, like /doubt.")
    theme_id, kind = console.last_request
    post = await console.service.pick(console.where, theme_id or console.last.theme_id, kind)
    return console.show(post, console.last_request)


async def _helped(console: Console, options: dict[str, str]) -> str:
    if console.last is None:
        raise UserError("Nothing to mark yet: ask for something first, like /doubt.")
    new = await console.service.mark_helped(console.where, console.last.entry_id)
    return "Thanks — noted that this helped." if new else "You already said this one helped."


async def themes(console: Console, options: dict[str, str]) -> str:
    """/themes (and /club themes list): every theme, marking those off in the club."""
    choices = await console.service.themes(GUILD_ID)
    lines = [f"{c.theme.emoji} /{c.theme.command:<10} {c.theme.name} — {c.theme.description}"
             + ("" if c.enabled else "  (off in this club)") for c in choices]
    return "\n".join(lines)


async def _cheer(console: Console, options: dict[str, str]) -> str:
    member = options.get("member", "").strip().lstrip("@")
    if member not in MEMBERS:
        raise UserError(f"Name a member to cheer: {', '.join('@' + m for m in MEMBERS)}")
    post = await console.service.cheer(console.where)
    note = options.get("note")
    header = f"📣 @{member}, a cheer from @you" + (f": {note}" if note else "")
    return header + "\n" + console.show(post, (None, "mantra"))


async def _switch_channel(console: Console, options: dict[str, str]) -> str:
    channel_id(options.get("name", ""))
    console.channel = options["name"].strip().lstrip("#")
    return f"Now in #{console.channel}."


def commands(service: Encouragement) -> list[Command]:
    """The member commands, one per theme first."""
    return [
        *(Command(t.command, ("kind", "private"), t.description, theme_handler(t.id))
          for t in service.library.themes.values()),
        Command("encourage", ("about",), "Encouragement for what you're going through",
                _encourage),
        Command("story", ("theme",), "A story", kind_handler("story")),
        Command("reflect", ("theme",), "A reflection", kind_handler("reflection")),
        Command("mantra", ("theme",), "A mantra for the hard miles", kind_handler("mantra")),
        Command("themes", (), "Every theme and its command", themes),
        Command("cheer", ("member", "note"), "Send a clubmate a cheer", _cheer),
        Command("another", (), "Another one like the last (the Another button)", _another),
        Command("helped", (), "Say the last one helped (the This helped button)", _helped),
        Command("channel", ("name",), "Move to another channel of the pseudo-club",
                _switch_channel),
    ]
