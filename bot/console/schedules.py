"""/club schedule in the console: add, list, remove, pause, resume, test.

The console does not stay running, so schedules saved here post when the bot
runs against the same database; ``test`` shows what a post would look like.
"""

from __future__ import annotations

from datetime import timedelta

from bot.console.session import (
    CHANNELS,
    GUILD_ID,
    ROLES,
    Command,
    Console,
    Handler,
    channel_id,
    render_post,
    role_id,
)
from bot.core.delivery import Deliverer
from bot.core.schedules import ROTATE
from bot.core.scheduling import ScheduleBook, ScheduleView
from bot.core.service import Encouragement, UserError
from bot.core.values import Post, Schedule

CHANNEL_NAMES = {v: k for k, v in CHANNELS.items()}
ROLE_NAMES = {v: k for k, v in ROLES.items()}


class PrintedPost:
    """A PostTarget that renders the post as console text instead of sending it."""

    def __init__(self) -> None:
        self.text = ""

    async def send(self, schedule: Schedule, post: Post, *, nonce: str | None,
                   test: bool = False) -> int:
        """Render the post; there is no message id in the console."""
        channel = CHANNEL_NAMES.get(schedule.channel_id, schedule.channel_id)
        header = f"🧪 Test post for schedule #{schedule.id} in #{channel} — not today's delivery."
        self.text = f"{header}\n{render_post(post)}"
        return 0

    async def find_own_message(self, channel_id: int, since: object) -> int | None:
        """Nothing is ever posted from the console."""
        return None


def describe(view: ScheduleView) -> str:
    """One line per schedule."""
    s = view.schedule
    when = view.next_run_local.strftime("%a %d %b %H:%M %Z") if view.next_run_local else "—"
    extra = f", {s.kind}s" if s.kind else ""
    role = f", pings @{ROLE_NAMES.get(s.mention_role_id, '?')}" if s.mention_role_id else ""
    return (f"#{s.id} #{CHANNEL_NAMES.get(s.channel_id, s.channel_id)} {s.local_time} {s.days}, "
            f"{s.theme}{extra}{role} — next: {when} — {view.health}")


def _id(options: dict[str, str]) -> int:
    text = options.get("id", "").strip().lstrip("#")
    if not text.isdigit():
        raise UserError("Give the schedule's number, like id:1 (see /club schedule list).")
    return int(text)


def commands(service: Encouragement) -> list[Command]:
    """The /club schedule commands over one ScheduleBook."""
    book = ScheduleBook(service)

    async def add(console: Console, options: dict[str, str]) -> str:
        mention = options.get("mention")
        view = await book.add(GUILD_ID, channel_id(options.get("channel", "")),
                              options.get("time", ""), options.get("days") or "daily",
                              options.get("theme") or ROTATE, options.get("kind") or None,
                              role_id(mention) if mention else None)
        return f"Scheduled: {describe(view)}"

    async def list_(console: Console, options: dict[str, str]) -> str:
        views = await book.list(GUILD_ID)
        return "\n".join(describe(v) for v in views) or \
            "No schedules yet. Add one with /club schedule add."

    async def remove(console: Console, options: dict[str, str]) -> str:
        await book.remove(GUILD_ID, _id(options))
        return f"Removed schedule #{_id(options)}."

    def pause(paused: bool) -> Handler:
        async def handle(console: Console, options: dict[str, str]) -> str:
            view = await book.set_paused(GUILD_ID, _id(options), paused)
            return f"{'Paused' if paused else 'Resumed'}: {describe(view)}"
        return handle

    async def test(console: Console, options: dict[str, str]) -> str:
        schedule = await book.get(GUILD_ID, _id(options))
        printed = PrintedPost()
        await Deliverer(service, printed, catch_up=timedelta(0)).test_post(schedule)
        return printed.text

    return [
        Command("club schedule add", ("channel", "time", "days", "theme", "kind", "mention"),
                "Admin: post every morning (or on chosen days)", add),
        Command("club schedule list", (), "Admin: schedules, next runs, health", list_),
        Command("club schedule remove", ("id",), "Admin: delete a schedule", remove),
        Command("club schedule pause", ("id",), "Admin: stop a schedule for now", pause(True)),
        Command("club schedule resume", ("id",), "Admin: start it again", pause(False)),
        Command("club schedule test", ("id",), "Admin: show a post now, marked as a test", test),
    ]
