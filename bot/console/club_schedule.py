"""/club schedule in the console: add, list, remove, pause, resume, test.

The console does not stay running, so schedules saved here post when the bot
runs against the same database; ``test`` shows what a post would look like.
"""

from __future__ import annotations

from bot.app import App
from bot.console.session import (
    CHANNEL_NAMES,
    GUILD_ID,
    ROLE_NAMES,
    Command,
    Console,
    Handler,
    channel_id,
    role_id,
)
from bot.core import replies
from bot.core.schedule_book import ScheduleView
from bot.values import ROTATE


def describe(view: ScheduleView) -> str:
    """One line per schedule, as the console shows it."""
    return view.describe(channel=lambda c: f"#{CHANNEL_NAMES.get(c, c)}",
                         role=lambda r: f"@{ROLE_NAMES.get(r, '?')}")


def commands(app: App) -> list[Command]:
    """The /club schedule commands."""
    book = app.schedules

    async def add(console: Console, options: dict[str, str]) -> str:
        mention = options.get("mention")
        view = await book.add(GUILD_ID, channel_id(options.get("channel", "")),
                              options.get("time", ""), options.get("days") or "daily",
                              options.get("theme") or ROTATE, options.get("kind") or None,
                              role_id(mention) if mention else None)
        return replies.scheduled(describe(view))

    async def list_(console: Console, options: dict[str, str]) -> str:
        views = await book.of_club(GUILD_ID)
        return "\n".join(describe(v) for v in views) or replies.NO_SCHEDULES

    async def remove(console: Console, options: dict[str, str]) -> str:
        removed = await book.remove(GUILD_ID, options.get("id", ""))
        return replies.schedule_removed(removed.id)

    def pause(paused: bool) -> Handler:
        async def handle(console: Console, options: dict[str, str]) -> str:
            view = await book.set_paused(GUILD_ID, options.get("id", ""), paused)
            return replies.paused(describe(view), paused)
        return handle

    async def test(console: Console, options: dict[str, str]) -> str:
        schedule = await book.get(GUILD_ID, options.get("id", ""))
        await console.timed.morning_posts.test_post(schedule)
        return console.timed.target.take()

    return [
        Command("club schedule add", ("channel", "time", "days", "theme", "kind", "mention"),
                "Admin: post every morning (or on chosen days)", add),
        Command("club schedule list", (), "Admin: schedules, next runs, health", list_),
        Command("club schedule remove", ("id",), "Admin: delete a schedule", remove),
        Command("club schedule pause", ("id",), "Admin: stop a schedule for now", pause(True)),
        Command("club schedule resume", ("id",), "Admin: start it again", pause(False)),
        Command("club schedule test", ("id",), "Admin: show a post now, marked as a test", test),
    ]
