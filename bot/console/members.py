"""Member commands in the console: themes, /encourage, kinds, buttons as commands, /cheer."""

from __future__ import annotations

from bot.app import App
from bot.console.session import (
    GUILD_ID,
    MEMBERS,
    PRIVATE_NOTE,
    Command,
    Console,
    Handler,
    bool_option,
    channel_id,
)
from bot.core.encouragement import Answer
from bot.errors import UserError
from bot.text import inline


def _private(options: dict[str, str]) -> str:
    return f"{PRIVATE_NOTE}\n" if bool_option(options.get("private")) else ""


def theme_handler(theme_id: str) -> Handler:
    """The handler of one theme's command."""
    async def handle(console: Console, options: dict[str, str]) -> str:
        kind = console.app.library.kind(options.get("kind"))
        post = await console.app.encouragement.pick(console.where, theme_id, kind)
        return _private(options) + console.show(post, (theme_id, kind))
    return handle


def kind_handler(kind: str) -> Handler:
    """The handler of /story, /reflect and /mantra."""
    async def handle(console: Console, options: dict[str, str]) -> str:
        theme = options.get("theme") or None
        theme_id = console.app.library.theme(theme).id if theme else None
        post = await console.app.encouragement.pick(console.where, theme_id, kind)
        return _private(options) + console.show(post, (theme_id, kind))
    return handle


def show_answer(console: Console, answer: Answer, private: str) -> str:
    """An answer to the member's own words: words of support (privately) and/or a post."""
    if answer.support is None:
        assert answer.post is not None  # noqa: S101 - an Answer has one or the other
        return private + console.show(answer.post, (answer.post.theme_id, None))
    text = f"{PRIVATE_NOTE}\n{answer.support.text}"
    if answer.post is not None:
        text += "\n\n" + console.show(answer.post, (answer.post.theme_id, None))
    return text


async def _encourage(console: Console, options: dict[str, str]) -> str:
    answer = await console.app.encouragement.encourage(console.where, options.get("about"))
    return show_answer(console, answer, _private(options))


async def _another(console: Console, options: dict[str, str]) -> str:
    if console.last is None:
        raise UserError("Nothing to follow yet: ask for something first, like /doubt.")
    theme_id, kind = console.last_request
    post = await console.app.encouragement.pick(
        console.where, theme_id or console.last.theme_id, kind)
    return console.show(post, console.last_request)


async def _helped(console: Console, options: dict[str, str]) -> str:
    if console.last is None:
        raise UserError("Nothing to mark yet: ask for something first, like /doubt.")
    new = await console.app.encouragement.mark_helped(console.where, console.last.entry_id)
    return "Thanks — noted that this helped." if new else "You already said this one helped."


async def themes(console: Console, options: dict[str, str]) -> str:
    """/themes (and /club themes list): every theme, marking those off in the club."""
    choices = await console.app.encouragement.themes(GUILD_ID)
    lines = [f"{c.theme.emoji} /{c.theme.command:<10} {c.theme.name} — {c.theme.description}"
             + ("" if c.enabled else "  (off in this club)") for c in choices]
    return "\n".join(lines)


async def _cheer(console: Console, options: dict[str, str]) -> str:
    member = options.get("member", "").strip().lstrip("@")
    if member not in MEMBERS:
        raise UserError(f"Name a member to cheer: {', '.join('@' + m for m in MEMBERS)}")
    note = options.get("note") or None
    answer = await console.app.encouragement.cheer(console.where, note)
    if answer.post is None:
        return show_answer(console, answer, "")
    header = f"📣 @{member}, a cheer from @you" + (f": {inline(note, 200)}" if note else "")
    text = header + "\n" + console.show(answer.post, (None, "mantra"))
    if answer.support is not None:
        text += f"\n\n{PRIVATE_NOTE}\n{answer.support.text}"
    return text


async def _support(console: Console, options: dict[str, str]) -> str:
    return f"{PRIVATE_NOTE}\n{await console.app.safety.support(GUILD_ID)}"


async def _switch_channel(console: Console, options: dict[str, str]) -> str:
    name = options.get("name", "")
    channel_id(name)
    console.channel = name.strip().lstrip("#")
    return f"Now in #{console.channel}."


def commands(app: App) -> list[Command]:
    """The member commands, one per theme first."""
    return [
        *(Command(t.command, ("kind", "private"), t.description, theme_handler(t.id))
          for t in app.library.themes.values()),
        Command("encourage", ("about", "private"),
                "Encouragement for what you're going through", _encourage),
        Command("story", ("theme", "private"), "A story", kind_handler("story")),
        Command("reflect", ("theme", "private"), "A reflection", kind_handler("reflection")),
        Command("mantra", ("theme", "private"), "A mantra for the hard miles",
                kind_handler("mantra")),
        Command("themes", (), "Every theme and its command", themes),
        Command("cheer", ("member", "note"), "Send a clubmate a cheer", _cheer),
        Command("support", (), "Where to find real help, any time", _support),
        Command("another", (), "Another one like the last (the Another button)", _another),
        Command("helped", (), "Say the last one helped (the This helped button)", _helped),
        Command("channel", ("name",), "Move to another channel of the pseudo-club",
                _switch_channel),
    ]

