"""/club schedule add|list|remove|pause|resume|test, and a deleted channel pausing its posts."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.core.delivery import ChannelUnavailable
from bot.core.schedules import ROTATE
from bot.core.scheduling import ScheduleBook, ScheduleView
from bot.core.service import UserError
from bot.discord.cogs.club import AdminGroup, club
from bot.discord.cogs.encourage import KindChoice, theme_autocomplete

schedule = AdminGroup(name="schedule", description="Morning posts", parent=club)


def book_of(interaction: discord.Interaction) -> ScheduleBook:
    """The schedule use cases of the bot that got the interaction."""
    return interaction.client.schedules  # type: ignore[attr-defined]


def describe(view: ScheduleView) -> str:
    """One line per schedule, as admins read it."""
    s = view.schedule
    when = (view.next_run_local.strftime("%a %d %b %H:%M %Z") if view.next_run_local
            else "not while paused")
    extra = f", {s.kind}s" if s.kind else ""
    mention = f", pings <@&{s.mention_role_id}>" if s.mention_role_id else ""
    return (f"**#{s.id}** <#{s.channel_id}> {s.local_time} {s.days}, {s.theme}{extra}{mention}"
            f" — next: {when} — {view.health}")


async def rotate_or_theme(interaction: discord.Interaction,
                          current: str) -> list[app_commands.Choice[str]]:
    """``rotate`` first, then the themes (total, at most 25)."""
    themes = await theme_autocomplete(interaction, current)
    head = [app_commands.Choice(name="🔄 rotate (a different theme each day)", value=ROTATE)]
    return (head if current.lower() in ROTATE else []) + themes[:24]


@schedule.command(name="add", description="Post every morning (or on chosen days)")
@app_commands.describe(channel="where to post", time="local time, 24-hour HH:MM, e.g. 07:00",
                       days="daily, weekdays, weekends, mon,wed,fri or mon-fri",
                       theme="a theme, or rotate", kind="story, reflection, mantra or prompt",
                       mention="a role to ping with each post (optional)")
@app_commands.autocomplete(theme=rotate_or_theme)
async def add(interaction: discord.Interaction, channel: discord.TextChannel, time: str,
              days: str = "daily", theme: str = ROTATE, kind: KindChoice | None = None,
              mention: discord.Role | None = None) -> None:
    """/club schedule add."""
    view = await book_of(interaction).add(
        interaction.guild_id, channel.id, time, days, theme, kind,  # type: ignore[arg-type]
        mention.id if mention else None)
    await interaction.response.send_message(f"Scheduled: {describe(view)}", ephemeral=True)


@schedule.command(name="list", description="Every schedule, its next run and its health")
async def list_(interaction: discord.Interaction) -> None:
    """/club schedule list."""
    views = await book_of(interaction).list(interaction.guild_id)  # type: ignore[arg-type]
    text = "\n".join(describe(v) for v in views) or \
        "No schedules yet. Add one with /club schedule add."
    await interaction.response.send_message(text[:2000], ephemeral=True)


async def _pause(interaction: discord.Interaction, schedule_id: int, paused: bool) -> None:
    view = await book_of(interaction).set_paused(
        interaction.guild_id, schedule_id, paused)  # type: ignore[arg-type]
    await interaction.response.send_message(
        f"{'Paused' if paused else 'Resumed'}: {describe(view)}", ephemeral=True)


@schedule.command(name="pause", description="Stop a schedule for now")
async def pause(interaction: discord.Interaction, id: int) -> None:
    """/club schedule pause id."""
    await _pause(interaction, id, True)


@schedule.command(name="resume", description="Start a paused schedule again")
async def resume(interaction: discord.Interaction, id: int) -> None:
    """/club schedule resume id."""
    await _pause(interaction, id, False)


@schedule.command(name="remove", description="Delete a schedule")
async def remove(interaction: discord.Interaction, id: int) -> None:
    """/club schedule remove id."""
    await book_of(interaction).remove(interaction.guild_id, id)  # type: ignore[arg-type]
    await interaction.response.send_message(f"Removed schedule #{id}.", ephemeral=True)


@schedule.command(name="test", description="Post one now, marked as a test")
async def test(interaction: discord.Interaction, id: int) -> None:
    """/club schedule test id: not counted as the day's delivery."""
    target = await book_of(interaction).get(interaction.guild_id, id)  # type: ignore[arg-type]
    await interaction.response.defer(ephemeral=True, thinking=True)
    try:
        message_id = await interaction.client.deliverer.test_post(  # type: ignore[attr-defined]
            target)
    except ChannelUnavailable as exc:
        raise UserError(f"Could not post the test: {exc.reason}.") from None
    await interaction.followup.send(
        f"Posted a test in <#{target.channel_id}> (message {message_id}).", ephemeral=True)


class ScheduleEvents(commands.Cog):
    """Gateway events that touch schedules."""

    def __init__(self, bot: commands.Bot) -> None:
        self.bot = bot

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        """A deleted channel pauses the schedules that post there."""
        store = self.bot.service.store  # type: ignore[attr-defined]
        for schedule_id in await store.schedules.pause_channel(channel.id,
                                                               "the channel was deleted"):
            await self.bot.scheduler.refresh(schedule_id)  # type: ignore[attr-defined]


async def setup(bot: commands.Bot) -> None:
    """Add the schedule events (the /club schedule group hangs off /club)."""
    await bot.add_cog(ScheduleEvents(bot))
