"""The club's races on Discord: /race for members, /club race and /club digest for admins."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.core import replies
from bot.core.recurrence import day_label
from bot.discord.client import SecondWind
from bot.discord.cogs.club import AdminGroup, club_group
from bot.discord.posts import Interaction, app_of, bold, guild_of, where_of
from bot.discord.reporting import answer_privately
from bot.errors import UserError

LIST_COLOUR = 0xD63031
NEEDED = "View Channel, Send Messages and Embed Links"


async def race_autocomplete(interaction: Interaction,
                            current: str) -> list[app_commands.Choice[str]]:
    """The club's upcoming races whose name holds what was typed (total, at most 25)."""
    if interaction.guild_id is None:
        return []
    wanted = current.strip().lower()
    races = await app_of(interaction).races.upcoming(interaction.guild_id)
    return [app_commands.Choice(name=f"{r.name} · {r.local_date:%d %b}"[:100], value=str(r.id))
            for r in races if wanted in r.name.lower()][:25]


def check_can_post(interaction: discord.Interaction, channel: discord.abc.GuildChannel) -> None:
    """Refuse a channel the bot can't post in, before anything is saved."""
    me = interaction.guild.me if interaction.guild else None
    if me is None:
        return
    allowed = channel.permissions_for(me)
    if not (allowed.view_channel and allowed.send_messages and allowed.embed_links):
        raise UserError(f"I can't post in {channel.mention}: I need {NEEDED} there. "
                        "Choose another channel, or give me those permissions first.")


async def listing(interaction: Interaction) -> str:
    """The club's upcoming races, one line each."""
    races = app_of(interaction).races
    lines = await races.lines(await races.upcoming(guild_of(interaction)), bold)
    return "\n".join(lines) or replies.NO_RACES


class RaceGroup(app_commands.Group, name="race", description="The club's races",
                guild_only=True):
    """/race join|leave|list|mine."""

    @app_commands.command(name="join", description="Say you're running a club race")
    @app_commands.describe(race="the race (start typing its name)")
    @app_commands.autocomplete(race=race_autocomplete)
    async def join(self, interaction: Interaction, race: str) -> None:
        """/race join race: you'll be mentioned in its good-luck post on race morning."""
        joined, new = await app_of(interaction).races.join(where_of(interaction), race)
        text = (f"You're running **{joined.name}** ({day_label(joined.local_date)}). On race "
                "morning you'll be wished good luck by name; /race leave takes that back."
                if new else f"You're already down for **{joined.name}**.")
        await answer_privately(interaction, text)

    @app_commands.command(name="leave", description="You're no longer running a club race")
    @app_commands.describe(race="the race (start typing its name)")
    @app_commands.autocomplete(race=race_autocomplete)
    async def leave(self, interaction: Interaction, race: str) -> None:
        """/race leave race."""
        left, was = await app_of(interaction).races.leave(where_of(interaction), race)
        await answer_privately(interaction, replies.race_left(left, was, bold))

    @app_commands.command(name="list", description="The club's upcoming races")
    async def list_(self, interaction: Interaction) -> None:
        """/race list: each race with its countdown and how many run it."""
        await answer_privately(interaction, await listing(interaction))

    @app_commands.command(name="mine", description="The club races you're running")
    async def mine(self, interaction: Interaction) -> None:
        """/race mine."""
        races = app_of(interaction).races
        lines = await races.lines(await races.mine(where_of(interaction)), bold)
        await answer_privately(interaction, "\n".join(lines) or replies.NO_RACES_JOINED)


class ClubRaceGroup(AdminGroup, name="race", description="The club's race calendar"):
    """/club race add|list|remove."""

    @app_commands.command(name="add", description="Put a race on the club's calendar")
    @app_commands.describe(name="the race's name, 1–100 characters",
                           date="its date, YYYY-MM-DD (club time)",
                           distance="like 10K or half marathon", start_time="HH:MM, club time",
                           link="the race's web page", channel="where its posts go "
                           "(default: here)")
    async def add(self, interaction: Interaction, name: str, date: str,
                  distance: str | None = None, start_time: str | None = None,
                  link: str | None = None, channel: discord.TextChannel | None = None) -> None:
        """/club race add."""
        target = channel or interaction.channel
        if not isinstance(target, discord.abc.GuildChannel):
            raise UserError("Choose a channel of this server for the race's posts.")
        check_can_post(interaction, target)
        races = app_of(interaction).races
        race = await races.add(guild_of(interaction), name, date, target.id,
                               distance=distance, start_time=start_time, link=link)
        [line] = await races.lines([race], bold)
        await answer_privately(interaction, replies.race_added(line, target.mention))

    @app_commands.command(name="list", description="The club's upcoming races")
    async def list_(self, interaction: Interaction) -> None:
        """/club race list: with last month's check-in counts."""
        races, guild_id = app_of(interaction).races, guild_of(interaction)
        past = await races.results(guild_id, await races.today(guild_id), days=30)
        await answer_privately(interaction, replies.calendar(await listing(interaction), past))

    @app_commands.command(name="remove", description="Take a race off the calendar")
    @app_commands.describe(id="the race's number, as /club race list shows it")
    async def remove(self, interaction: Interaction, id: int) -> None:
        """/club race remove id."""
        race = await app_of(interaction).races.remove(guild_of(interaction), id)
        await answer_privately(interaction, replies.race_removed(race, bold))


class DigestGroup(AdminGroup, name="digest", description="The club's weekly digest"):
    """/club digest set|off."""

    @app_commands.command(name="set", description="Post a weekly digest")
    @app_commands.describe(channel="where it goes", day="which day: mon … sun",
                           time="local time, HH:MM")
    async def set_(self, interaction: Interaction, channel: discord.TextChannel, day: str,
                   time: str) -> None:
        """/club digest set channel day time."""
        check_can_post(interaction, channel)
        setting = await app_of(interaction).digests.set(guild_of(interaction), channel.id,
                                                        day, time)
        await answer_privately(interaction, replies.digest_set(setting, channel.mention))

    @app_commands.command(name="off", description="Stop the weekly digest")
    async def off(self, interaction: Interaction) -> None:
        """/club digest off."""
        removed = await app_of(interaction).digests.off(guild_of(interaction))
        await answer_privately(interaction, replies.digest_off(removed))


async def setup(bot: SecondWind) -> None:
    """Add /race, /club race and /club digest."""
    bot.tree.add_command(RaceGroup())
    club = club_group(bot)
    club.add_command(ClubRaceGroup())
    club.add_command(DigestGroup())
