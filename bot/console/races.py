"""The club's races and weekly digest in the console.

``/club race add name:"Harbour 10K" date:2026-06-14 distance:10K start_time:09:30``,
``/race join race:"Harbour 10K"`` (or its number), ``/race checkin race:1 answer:pb``
(the check-in buttons as a command), ``/club digest set channel:#general day:sun
time:18:00``. Move the clock (``/clock advance``) to see the race-week posts go out.
"""

from __future__ import annotations

from bot.app import App
from bot.console.session import CHANNEL_NAMES, GUILD_ID, Command, Console, channel_id
from bot.core import replies
from bot.errors import UserError
from bot.text import echo
from bot.values import CheckinAnswer, Race


def _channel(channel_id: int) -> str:
    return f"#{CHANNEL_NAMES.get(channel_id, channel_id)}"


def commands(app: App) -> list[Command]:
    """The /race, /club race and /club digest commands."""
    races = app.races

    async def lines(found: list[Race]) -> str:
        described = await races.lines(found)
        return "\n".join(f"{line} · posts in {_channel(race.channel_id)}"
                         for race, line in zip(found, described, strict=True))

    async def add(console: Console, options: dict[str, str]) -> str:
        channel = channel_id(options.get("channel") or f"#{console.channel}")
        race = await races.add(GUILD_ID, options.get("name", ""), options.get("date", ""),
                               channel, distance=options.get("distance") or None,
                               start_time=options.get("start_time") or None,
                               link=options.get("link") or None)
        [line] = await races.lines([race])
        return replies.race_added(line, _channel(race.channel_id))

    async def club_list(console: Console, options: dict[str, str]) -> str:
        past = await races.results(GUILD_ID, await races.today(GUILD_ID), days=30)
        return replies.calendar(await lines(await races.upcoming(GUILD_ID)) or replies.NO_RACES,
                                past)

    async def remove(console: Console, options: dict[str, str]) -> str:
        race = await races.remove(GUILD_ID, options.get("id", ""))
        return replies.race_removed(race, str)

    async def join(console: Console, options: dict[str, str]) -> str:
        race, new = await races.join(console.where, options.get("race", ""))
        return (f"You're running {race.name}: on race morning you'll be wished good luck by "
                "name." if new else f"You're already down for {race.name}.")

    async def leave(console: Console, options: dict[str, str]) -> str:
        race, was = await races.leave(console.where, options.get("race", ""))
        return replies.race_left(race, was, str)

    async def list_(console: Console, options: dict[str, str]) -> str:
        return await lines(await races.upcoming(GUILD_ID)) or replies.NO_RACES

    async def mine(console: Console, options: dict[str, str]) -> str:
        return await lines(await races.mine(console.where)) or replies.NO_RACES_JOINED

    async def checkin(console: Console, options: dict[str, str]) -> str:
        text = options.get("answer", "").strip().lower()
        try:
            answer = CheckinAnswer(text)
        except ValueError:
            raise UserError(f"answer {echo(text)}: use pb, finished, tough or dnf.") from None
        race = await races.get(GUILD_ID, options.get("race", ""), upcoming_only=False)
        reply = await races.check_in(console.where, race.id, answer)
        return f"(only you can see this) {reply.note}\n" + console.show(reply.post,
                                                                       (None, None))

    async def digest_set(console: Console, options: dict[str, str]) -> str:
        setting = await app.digests.set(GUILD_ID, channel_id(options.get("channel", "")),
                                        options.get("day", ""), options.get("time", ""))
        return replies.digest_set(setting, _channel(setting.channel_id))

    async def digest_off(console: Console, options: dict[str, str]) -> str:
        return replies.digest_off(await app.digests.off(GUILD_ID))

    return [
        Command("race join", ("race",), "Say you're running a club race (name or number)",
                join),
        Command("race leave", ("race",), "You're no longer running a club race", leave),
        Command("race list", (), "The club's upcoming races", list_),
        Command("race mine", (), "The club races you're running", mine),
        Command("race checkin", ("race", "answer"),
                "After a race: pb, finished, tough or dnf (the check-in buttons)", checkin),
        Command("club race add", ("name", "date", "distance", "start_time", "link", "channel"),
                "Admin: put a race on the calendar (date YYYY-MM-DD)", add),
        Command("club race list", (), "Admin: the calendar, and how recent races went",
                club_list),
        Command("club race remove", ("id",), "Admin: take a race off the calendar", remove),
        Command("club digest set", ("channel", "day", "time"),
                "Admin: a weekly digest (day mon…sun, time HH:MM)", digest_set),
        Command("club digest off", (), "Admin: stop the weekly digest", digest_off),
    ]
