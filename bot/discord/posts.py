"""Showing a post on Discord: Post → Embed, the persistent buttons, and the answers."""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.core.service import Encouragement, SupportReply, UserError
from bot.core.values import Post, Where

EMBED_TITLE_LIMIT = 256  # the entry's own title may use all of it; the emoji comes first
ButtonCallback = Callable[[Any, discord.Interaction], Awaitable[Any]]
THEME_KIND_RE = r"(?P<theme>[a-z0-9-]*):(?P<kind>[a-z]*)"


def embed_of(post: Post) -> discord.Embed:
    """An embed coloured by theme, with its emoji, title, body and footer."""
    title = f"{post.emoji} {post.title}"
    embed = discord.Embed(title=title if len(title) <= EMBED_TITLE_LIMIT
                          else title[:EMBED_TITLE_LIMIT - 1] + "…",
                          description=post.body, colour=post.color)
    embed.set_footer(text=post.footer)
    return embed


async def tell_user(interaction: discord.Interaction, message: str) -> None:
    """A short private answer, whether or not the interaction was answered already."""
    if interaction.response.is_done():
        await interaction.followup.send(message, ephemeral=True)
    else:
        await interaction.response.send_message(message, ephemeral=True)


def answers_user_errors(callback: ButtonCallback) -> ButtonCallback:
    """A persistent button's callback whose UserErrors become a private answer.

    The command tree's on_error does this for commands; component callbacks of
    DynamicItems never reach it.
    """
    @functools.wraps(callback)
    async def answered(item: Any, interaction: discord.Interaction) -> Any:
        try:
            return await callback(item, interaction)
        except UserError as exc:
            await tell_user(interaction, str(exc))
            return None
    return answered


class AnotherButton(discord.ui.DynamicItem[discord.ui.Button],
                    template=rf"sw:another:{THEME_KIND_RE}"):
    """**Another**: a new pick of the same theme (and kind); works after a restart."""

    def __init__(self, theme_id: str, kind: str) -> None:
        super().__init__(discord.ui.Button(
            label="Another", emoji="🔁", style=discord.ButtonStyle.secondary,
            custom_id=f"sw:another:{theme_id}:{kind}"))
        self.theme_id, self.kind = theme_id, kind

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> AnotherButton:
        """Rebuild the button from its custom_id."""
        return cls(match["theme"], match["kind"])

    @answers_user_errors
    async def callback(self, interaction: discord.Interaction) -> Any:
        """Answer with a new pick."""
        private = bool(interaction.message and interaction.message.flags.ephemeral)
        await answer_pick(interaction, self.theme_id or None, self.kind or None, private)


class HelpedButton(discord.ui.DynamicItem[discord.ui.Button],
                   template=r"sw:helped:(?P<entry>[a-z0-9-]+)"):
    """The **This helped** button: feedback that weighs future picks and feeds ``/club status``."""

    def __init__(self, entry_id: str) -> None:
        super().__init__(discord.ui.Button(
            label="This helped", emoji="💛", style=discord.ButtonStyle.success,
            custom_id=f"sw:helped:{entry_id}"))
        self.entry_id = entry_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> HelpedButton:
        """Rebuild the button from its custom_id."""
        return cls(match["entry"])

    @answers_user_errors
    async def callback(self, interaction: discord.Interaction) -> Any:
        """Record the feedback; answer only the member who clicked."""
        await answer_helped(interaction, self.entry_id)


def buttons_for(post: Post, theme_id: str | None, kind: str | None) -> discord.ui.View:
    """The Another and This helped buttons for a post."""
    view = discord.ui.View(timeout=None)
    view.add_item(AnotherButton(theme_id or "", kind or ""))
    view.add_item(HelpedButton(post.entry_id))
    return view


def where_of(interaction: discord.Interaction) -> Where:
    """The core's view of where an interaction came from."""
    return Where(interaction.guild_id, interaction.channel_id, interaction.user.id)


def service_of(interaction: discord.Interaction) -> Encouragement:
    """The service of the bot that received the interaction."""
    return interaction.client.service  # type: ignore[attr-defined]


async def send_post(
    interaction: discord.Interaction, post: Post | SupportReply, theme_id: str | None,
    kind: str | None, private: bool, *, content: str | None = None,
    mention: discord.abc.Snowflake | None = None,
) -> None:
    """Answer with a post and its buttons (a support reply is always private, no buttons)."""
    if isinstance(post, SupportReply):
        await interaction.response.send_message(post.text, ephemeral=True)
        return
    allowed = (discord.AllowedMentions(users=[mention]) if mention
               else discord.AllowedMentions.none())
    await interaction.response.send_message(
        content=content, embed=embed_of(post), view=buttons_for(post, theme_id, kind),
        ephemeral=private, allowed_mentions=allowed)


async def answer_pick(
    interaction: discord.Interaction, theme_id: str | None, kind: str | None, private: bool
) -> None:
    """Pick for this place and member and answer; a UserError becomes a private note."""
    post = await service_of(interaction).pick(where_of(interaction), theme_id, kind)
    await send_post(interaction, post, theme_id, kind, private)


async def answer_helped(interaction: discord.Interaction, entry_id: str) -> None:
    """Record "this helped" and thank the member privately."""
    if interaction.guild_id is None:
        raise UserError("Feedback is kept per server: use the button in a server.")
    new = await service_of(interaction).mark_helped(where_of(interaction), entry_id)
    text = "Thanks — glad it helped. Noted for the club." if new else \
        "You already said this one helped — thanks again."
    await interaction.response.send_message(text, ephemeral=True)
