"""/support for anyone, at any time, and /club support: the club's own line (admins)."""

from __future__ import annotations

from discord import app_commands
from discord.ext import commands

from bot.core.safety import SUPPORT_LINE_MAX
from bot.discord.client import SecondWind
from bot.discord.cogs.club import club_group
from bot.discord.posts import Interaction, app_of, guild_of
from bot.discord.reporting import answer_privately


class Support(commands.Cog):
    """The member command /support."""

    @app_commands.command(description="Where to find real help, any time (only you see it)")
    async def support(self, interaction: Interaction) -> None:
        """/support: the club's own line first, then help lines; always private."""
        await answer_privately(interaction,
                               await app_of(interaction).safety.support(interaction.guild_id))


@app_commands.describe(
    text=f"your country's or club's own help line, 1–{SUPPORT_LINE_MAX} characters "
         "(leave out to see the current one)",
    remove="remove the club's line")
async def _club_support(interaction: Interaction, text: str | None = None,
                        remove: bool = False) -> None:
    """/club support [text] [remove]."""
    answer = await app_of(interaction).safety.club_support(guild_of(interaction), text, remove)
    await answer_privately(interaction, answer)


async def setup(bot: SecondWind) -> None:
    """Add /support and /club support."""
    await bot.add_cog(Support())
    club_group(bot).add_command(app_commands.Command(
        name="support", callback=_club_support,
        description="The club's own help line, shown first in /support and crisis answers"))
