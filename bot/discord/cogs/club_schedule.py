"""/club schedule add|list|remove|pause|resume|test, and a deleted channel pausing its posts."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import replies
from bot.core.schedule_book import ScheduleView
from bot.discord.client import SecondWind
from bot.discord.cogs.club import AdminGroup, club_group
from bot.discord.cogs.encourage import KindChoice, theme_autocomplete
from bot.discord.posts import Interaction, app_of, bold, guild_of
from bot.discord.reporting import answer_privately
from bot.errors import ChannelUnavailable, UserError
from bot.values import ROTATE


def describe(view: ScheduleView) -> str:
    """One line per schedule, as admins read it on Discord."""
    return view.describe(channel=lambda c: f"<#{c}>", role=lambda r: f"<@&{r}>",
                         strong=bold)


async def rotate_or_theme(interaction: Interaction,
                          current: str) -> list[app_commands.Choice[str]]:
    """``rotate`` first, then the themes (total, at most 25)."""
    themes = await theme_autocomplete(interaction, current)
    head = [app_commands.Choice(name="🔄 rotate (a different theme each day)", value=ROTATE)]
    return ((head if current.lower() in ROTATE else []) + themes)[:25]


class ScheduleGroup(AdminGroup, name="schedule", description="Morning posts"):
    """/club schedule: add, list, pause, resume, remove, test."""

    @app_commands.command(name="add", description="Post every morning (or on chosen days)")
    @app_commands.describe(channel="where to post", time="local time, 24-hour HH:MM, e.g. 07:00",
                           days="daily, weekdays, weekends, mon,wed,fri or mon-fri",
                           theme="a theme, or rotate", kind="story, reflection, mantra or prompt",
                           mention="a role to ping with each post (optional)")
    @app_commands.autocomplete(theme=rotate_or_theme)
    async def add(self, interaction: Interaction, channel: discord.TextChannel, time: str,
                  days: str = "daily", theme: str = ROTATE, kind: KindChoice | None = None,
                  mention: discord.Role | None = None) -> None:
        """/club schedule add."""
        view = await app_of(interaction).schedules.add(
            guild_of(interaction), channel.id, time, days, theme, kind,
            mention.id if mention else None)
        await answer_privately(interaction, replies.scheduled(describe(view)))

    @app_commands.command(name="list", description="Every schedule, its next run and its health")
    async def list_(self, interaction: Interaction) -> None:
        """/club schedule list."""
        views = await app_of(interaction).schedules.of_club(guild_of(interaction))
        await answer_privately(interaction, "\n".join(describe(v) for v in views)
                               or replies.NO_SCHEDULES)

    async def _pause(self, interaction: Interaction, schedule_id: int, paused: bool) -> None:
        view = await app_of(interaction).schedules.set_paused(
            guild_of(interaction), schedule_id, paused)
        await answer_privately(interaction, replies.paused(describe(view), paused))

    @app_commands.command(name="pause", description="Stop a schedule for now")
    async def pause(self, interaction: Interaction, id: int) -> None:
        """/club schedule pause id."""
        await self._pause(interaction, id, True)

    @app_commands.command(name="resume", description="Start a paused schedule again")
    async def resume(self, interaction: Interaction, id: int) -> None:
        """/club schedule resume id."""
        await self._pause(interaction, id, False)

    @app_commands.command(name="remove", description="Delete a schedule")
    async def remove(self, interaction: Interaction, id: int) -> None:
        """/club schedule remove id."""
        removed = await app_of(interaction).schedules.remove(guild_of(interaction), id)
        await answer_privately(interaction, replies.schedule_removed(removed.id))

    @app_commands.command(name="test", description="Post one now, marked as a test")
    async def test(self, interaction: Interaction, id: int) -> None:
        """/club schedule test id: not counted as the day's delivery."""
        target = await app_of(interaction).schedules.get(guild_of(interaction), id)
        await interaction.response.defer(ephemeral=True, thinking=True)
        try:
            message_id = await interaction.client.morning_posts.test_post(target)
        except ChannelUnavailable as exc:
            raise UserError(f"Could not post the test: {exc.reason}.") from None
        await answer_privately(
            interaction, f"Posted a test in <#{target.channel_id}> (message {message_id}).")


class ScheduleEvents(commands.Cog):
    """Gateway events that touch schedules."""

    def __init__(self, bot: SecondWind) -> None:
        self.bot = bot

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        """A deleted channel pauses the schedules that post there."""
        await self.bot.app.schedules.channel_deleted(channel.id)


async def setup(bot: SecondWind) -> None:
    """Add /club schedule and the events that touch schedules."""
    club_group(bot).add_command(ScheduleGroup())
    await bot.add_cog(ScheduleEvents(bot))
