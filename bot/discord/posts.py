"""Showing a post on Discord: Post → Embed, the persistent buttons, and the answers."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import discord

from bot.core.encouragement import Answer
from bot.discord.reporting import answer_privately, reported
from bot.errors import UserError
from bot.text import shorten
from bot.values import Card, CheckinAnswer, CheckinButtons, PickButtons, Post, Where

if TYPE_CHECKING:
    from bot.app import App
    from bot.discord.client import SecondWind  # noqa: F401 - named in Interaction below

# Every handler's interaction: its client is the typed bot, so ``interaction.client.app``
# needs no cast. (A string, as the bot class imports this module.)
Interaction = discord.Interaction["SecondWind"]

EMBED_TITLE_LIMIT = 256  # the entry's own title may use all of it; the emoji comes first
EMBED_DESCRIPTION_LIMIT = 4096
CUSTOM_ID_LIMIT = 100
THEME_KIND_RE = r"(?P<theme>[a-z0-9-]*):(?P<kind>[a-z]*)"


def embed_of(post: Post) -> discord.Embed:
    """An embed coloured by theme, with its emoji, title, body and footer."""
    embed = discord.Embed(title=shorten(f"{post.emoji} {post.title}", EMBED_TITLE_LIMIT),
                          description=post.body, colour=post.color)
    embed.set_footer(text=post.footer)
    return embed


def embed_for(embed: Post | Card) -> discord.Embed:
    """An entry's embed, or one of the bot's own cards (a digest, a check-in)."""
    if isinstance(embed, Post):
        return embed_of(embed)
    card = discord.Embed(title=shorten(embed.title, EMBED_TITLE_LIMIT),
                         description=shorten(embed.body, EMBED_DESCRIPTION_LIMIT),
                         colour=embed.color)
    if embed.footer:
        card.set_footer(text=embed.footer)
    return card


def bold(text: str) -> str:
    """Bold, as Discord shows it (the ``strong`` of the core's one-line descriptions)."""
    return f"**{text}**"


def app_of(interaction: discord.Interaction[Any]) -> App:
    """The use cases of the bot that received the interaction.

    Slash commands are typed ``Interaction`` (their client is the bot); buttons and
    forms must keep discord.py's generic signature, so this one accessor serves both.
    """
    return interaction.client.app


def where_of(interaction: discord.Interaction) -> Where:
    """The core's view of where an interaction came from."""
    return Where(interaction.guild_id, interaction.channel_id, interaction.user.id)


def guild_of(interaction: discord.Interaction) -> int:
    """The club's id, for commands that only work in a server."""
    if interaction.guild_id is None:
        raise UserError("This works in a server, not in DMs.")
    return interaction.guild_id


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
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> AnotherButton:
        """Rebuild the button from its custom_id."""
        return cls(match["theme"], match["kind"])

    @reported
    async def callback(self, interaction: discord.Interaction) -> Any:
        """Answer with a new pick."""
        private = bool(interaction.message and interaction.message.flags.ephemeral)
        await answer_pick(interaction, self.theme_id or None, self.kind or None, private)


class HelpedButton(discord.ui.DynamicItem[discord.ui.Button],
                   template=r"sw:helped:(?P<entry>[a-z0-9-]+)(?::(?P<guild>[0-9]{1,20}))?"):
    """The **This helped** button: feedback that weighs future picks and feeds ``/club status``.

    Feedback is kept per club. In a server the club is where the button is; a post
    sent by DM (a reminder) carries its club in the custom_id, ``sw:helped:<entry>:<guild>``.
    Buttons from before that (``sw:helped:<entry>``) keep working as they did.
    """

    def __init__(self, entry_id: str, guild_id: int | None = None) -> None:
        custom_id = f"sw:helped:{entry_id}"
        if guild_id is not None and len(f"{custom_id}:{guild_id}") <= CUSTOM_ID_LIMIT:
            custom_id += f":{guild_id}"
        super().__init__(discord.ui.Button(
            label="This helped", emoji="💛", style=discord.ButtonStyle.success,
            custom_id=custom_id))
        self.entry_id = entry_id
        self.guild_id = guild_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> HelpedButton:
        """Rebuild the button from its custom_id."""
        return cls(match["entry"], int(match["guild"]) if match["guild"] else None)

    @reported
    async def callback(self, interaction: discord.Interaction) -> Any:
        """Record the feedback for the club; answer only the member who clicked."""
        guild_id = interaction.guild_id or self.guild_id
        if guild_id is None:
            raise UserError("Feedback is kept per server: use the button in a server.")
        where = Where(guild_id, interaction.channel_id, interaction.user.id)
        new = await app_of(interaction).encouragement.mark_helped(where, self.entry_id)
        await answer_privately(interaction, "Thanks — glad it helped. Noted for the club." if new
                               else "You already said this one helped — thanks again.")


class CheckinButton(discord.ui.DynamicItem[discord.ui.Button],
                    template=r"sw:checkin:(?P<race>\d+):(?P<answer>[a-z]+)"):
    """One answer to a race's "How did it go?": the member hears back privately."""

    def __init__(self, race_id: int, answer: CheckinAnswer) -> None:
        super().__init__(discord.ui.Button(
            label=answer.label, emoji=answer.emoji, style=discord.ButtonStyle.secondary,
            custom_id=f"sw:checkin:{race_id}:{answer}"))
        self.race_id, self.answer = race_id, answer

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> CheckinButton:
        """Rebuild the button from its custom_id."""
        return cls(int(match["race"]), CheckinAnswer(match["answer"]))

    @reported
    async def callback(self, interaction: discord.Interaction) -> Any:
        """Count the answer (once per member; a new click changes it) and answer privately."""
        reply = await app_of(interaction).races.check_in(where_of(interaction), self.race_id,
                                                         self.answer)
        await send_post(interaction, reply.post, reply.post.theme_id, None, True,
                        content=reply.note)


def checkin_view(race_id: int) -> discord.ui.View:
    """The four answers of a check-in post."""
    view = discord.ui.View(timeout=None)
    for answer in CheckinAnswer:
        view.add_item(CheckinButton(race_id, answer))
    return view


def buttons_for(post: Post, theme_id: str | None, kind: str | None) -> discord.ui.View:
    """The Another and This helped buttons for a post."""
    view = discord.ui.View(timeout=None)
    view.add_item(AnotherButton(theme_id or "", kind or ""))
    view.add_item(HelpedButton(post.entry_id))
    return view


def view_of(buttons: PickButtons | CheckinButtons | None) -> discord.ui.View | None:
    """The persistent buttons a timed post carries."""
    if isinstance(buttons, PickButtons):
        view = discord.ui.View(timeout=None)
        view.add_item(AnotherButton(buttons.theme_id or "", buttons.kind or ""))
        view.add_item(HelpedButton(buttons.entry_id, buttons.guild_id))
        return view
    if isinstance(buttons, CheckinButtons):
        return checkin_view(buttons.race_id)
    return None


async def send_post(
    interaction: discord.Interaction, post: Post, theme_id: str | None, kind: str | None,
    private: bool, *, content: str | None = None, mention: discord.abc.Snowflake | None = None,
) -> None:
    """Answer with a post and its buttons, pinging only ``mention`` when given."""
    allowed = (discord.AllowedMentions(users=[mention]) if mention
               else discord.AllowedMentions.none())
    await interaction.response.send_message(
        content=content, embed=embed_of(post), view=buttons_for(post, theme_id, kind),
        ephemeral=private, allowed_mentions=allowed)


async def send_answer(interaction: discord.Interaction, answer: Answer, private: bool) -> None:
    """An answer to a member's own words: support privately, with the post when there is one."""
    if answer.post is None:
        assert answer.support is not None  # noqa: S101 - an Answer has one or the other
        await answer_privately(interaction, answer.support.text)
        return
    support = answer.support.text if answer.support else None
    await send_post(interaction, answer.post, answer.post.theme_id, None,
                    private or support is not None, content=support)


ANSWERED = (discord.InteractionResponseType.channel_message,
            discord.InteractionResponseType.deferred_channel_message)


async def tell_notices(interaction: discord.Interaction) -> None:
    """After a command's own answer: the notes waiting for the member, once, privately.

    (A reminder that paused itself, or stopped when they left a server.) Not after a
    form was opened: there is no message to follow; they are told at the next command.
    """
    if interaction.response.type not in ANSWERED:
        return
    members = app_of(interaction).members
    told = []
    for notice_id, text in await members.notices(interaction.user.id):
        if not await answer_privately(interaction, f"📬 {text}"):
            break  # the interaction expired: keep the rest for the next command
        told.append(notice_id)
    await members.told(interaction.user.id, told)


async def answer_pick(
    interaction: discord.Interaction, theme_id: str | None, kind: str | None, private: bool
) -> None:
    """Pick for this place and member and answer."""
    post = await app_of(interaction).encouragement.pick(where_of(interaction), theme_id, kind)
    await send_post(interaction, post, theme_id, kind, private)
