"""Members' stories: /share (a form), the review channel, and the Approve / Reject buttons.

A shared story is saved as pending and posted to the club's review channel with
persistent buttons (they work after a restart) that only admins may use. An
approved story joins the club's own pool; the member hears either way by DM
when their DMs are open, and nothing fails when they are not.
"""

from __future__ import annotations

import contextlib
import logging
import re
from typing import Any, cast

import discord
from discord import app_commands
from discord.ext import commands

from bot.content.model import TITLE_LIMIT
from bot.core import replies
from bot.core.club_content import STORY_MAX, STORY_MIN, ClubContentService, Decision
from bot.discord.client import SecondWind
from bot.discord.cogs.club import club_group
from bot.discord.cogs.encourage import theme_autocomplete
from bot.discord.forms import Form
from bot.discord.posts import Interaction, app_of, guild_of, where_of
from bot.discord.reporting import answer_privately, reported
from bot.errors import UserError
from bot.text import inline
from bot.values import OutcomeStatus, Submission, SubmissionStatus

log = logging.getLogger(__name__)

LIST_LINES = 25
REVIEW_COLOUR = 0x636E72
NO_MENTIONS = discord.AllowedMentions.none()


class ShareForm(Form):
    """The form of /share: theme, title, story, credit."""

    def __init__(self, theme: str = "", title: str = "", story: str = "",
                 credit: str = "") -> None:
        super().__init__(title="Share your story with the club")
        self.field("theme", "Theme", "the moment it's about, e.g. comeback or late-start",
                   theme, max_length=60)
        self.field("title", "Title", f"up to {TITLE_LIMIT} characters", title,
                   max_length=TITLE_LIMIT)
        self.field("story", "Your story", f"{STORY_MIN} to {STORY_MAX} characters", story,
                   min_length=STORY_MIN, max_length=STORY_MAX, long=True)
        self.field("credit", "Credit: me or anonymous",
                   "me: your name is shown with it; anonymous: no name", credit,
                   min_length=2, max_length=20)

    async def submit(self, interaction: discord.Interaction, values: dict[str, str]) -> None:
        """Save the story as pending, thank the member, post it for review."""
        content = app_of(interaction).club_content
        shared = await content.submit(
            where_of(interaction), values["theme"], values["title"], values["story"],
            values["credit"], interaction.user.display_name)
        credit = (f"credited to {shared.submission.credit}" if shared.submission.credit
                  else "shared anonymously")
        thanks = ("Thank you for sharing it. 💛 Your story is with the club's admins "
                  f"({credit}); I'll send you a DM when they have read it (if your DMs are "
                  "open).")
        if shared.support is not None:
            thanks += "\n\n" + shared.support.text
        await answer_privately(interaction, thanks)
        await post_for_review(interaction.client, content, shared.submission)


def review_embed(content: ClubContentService, submission: Submission) -> discord.Embed:
    """A story as admins review it: who shared it, how it would be credited, the text."""
    theme = content.library.themes.get(submission.theme_id)
    emoji, colour = (theme.emoji, theme.color) if theme else ("📝", REVIEW_COLOUR)
    embed = discord.Embed(title=inline(f"{emoji} {submission.title}", 256),
                          description=submission.body, colour=colour)
    embed.add_field(name="From", value=f"<@{submission.user_id}> ({submission.credited})",
                    inline=True)
    embed.add_field(name="Theme", value=theme.name if theme else submission.theme_id,
                    inline=True)
    embed.set_footer(text=f"Story #{submission.id} · Approve adds it to this club's picks")
    return embed


class ReviewButton(discord.ui.DynamicItem[discord.ui.Button],
                   template=r"sw:review:(?P<action>approve|reject):(?P<id>\d+)"):
    """**Approve** or **Reject** under a story in the review channel; admins only."""

    def __init__(self, action: str, submission_id: int) -> None:
        approve = action == "approve"
        super().__init__(discord.ui.Button(
            label="Approve" if approve else "Reject", emoji="✅" if approve else "✖️",
            style=discord.ButtonStyle.success if approve else discord.ButtonStyle.danger,
            custom_id=f"sw:review:{action}:{submission_id}"))
        self.approve, self.submission_id = approve, submission_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ReviewButton:
        """Rebuild the button from its custom_id."""
        return cls(match["action"], int(match["id"]))

    @reported
    async def callback(self, interaction: discord.Interaction) -> Any:
        """Decide the story; a member without Manage Server is refused and nothing changes."""
        await review(interaction, self.submission_id, self.approve)


def review_buttons(submission_id: int) -> discord.ui.View:
    """The Approve and Reject buttons of one story."""
    view = discord.ui.View(timeout=None)
    view.add_item(ReviewButton("approve", submission_id))
    view.add_item(ReviewButton("reject", submission_id))
    return view


async def review(interaction: discord.Interaction, submission_id: int, approve: bool) -> None:
    """Approve or reject, show the outcome on the review message, tell the member."""
    if interaction.guild_id is None or not interaction.permissions.manage_guild:
        raise UserError("Only admins (Manage Server) can approve or reject stories.")
    decision = await app_of(interaction).club_content.decide(
        interaction.guild_id, submission_id, approve, interaction.user.id)
    message = interaction.message
    embed = message.embeds[0] if message and message.embeds else discord.Embed(
        title=decision.submission.title)
    outcome = (f"✅ Approved by {interaction.user.mention}: added as `{decision.entry.id}`"
               if decision.entry else f"✖️ Rejected by {interaction.user.mention}")
    embed.add_field(name="Decision", value=outcome, inline=False)
    await interaction.response.edit_message(embed=embed, view=None)
    club_name = interaction.guild.name if interaction.guild else "the club"
    await tell_member(interaction.client, decision, club_name)


async def tell_member(client: discord.Client, decision: Decision, club_name: str) -> bool:
    """DM the member the outcome, now or when their quiet hours end.

    False (logged, never raised) when it can't be sent: closed DMs, or no server shared.
    It goes like every DM of the bot: exactly once (claim, nonce, mark).
    """
    story = decision.submission
    text = (f"Your story **{story.title}** was added to {club_name}'s collection. "
            "Thank you for sharing it. 💛" if decision.entry else
            f"Your story **{story.title}** wasn't added to {club_name}'s collection this time. "
            "Thank you for writing it.")
    held_dms = cast("SecondWind", client).held_dms
    outcome = await held_dms.send(story.user_id, story.guild_id, text)
    if outcome.status is OutcomeStatus.HELD:
        log.info("member %s is in quiet hours; story #%s's outcome waits until %s",
                 story.user_id, story.id, outcome.retry_at)
        return True
    if outcome.status is OutcomeStatus.FAILED:
        log.info("member %s has DMs closed; not told about story #%s (%s)", story.user_id,
                 story.id, outcome.detail)
        return False
    if outcome.status is OutcomeStatus.RETRY:
        log.warning("could not DM member %s about story #%s: %s", story.user_id, story.id,
                    outcome.detail)
        return False
    return True


async def post_for_review(client: discord.Client, content: ClubContentService,
                          submission: Submission) -> bool:
    """Post a story with its buttons to the club's review channel; False when it can't."""
    channel_id = await content.review_channel(submission.guild_id)
    if channel_id is None:
        return False
    try:
        message = await client.get_partial_messageable(channel_id).send(
            embed=review_embed(content, submission), view=review_buttons(submission.id),
            allowed_mentions=NO_MENTIONS)
    except discord.HTTPException as exc:
        log.warning("could not post story #%s for review in channel %s: %s", submission.id,
                    channel_id, exc)
        return False
    await content.set_review_message(submission.id, message.id)
    return True


def pending_line(submission: Submission) -> str:
    """One waiting story, as the pending list shows it."""
    where = "" if submission.review_message_id else " · not in a review channel yet"
    return (f"**#{submission.id}** · {submission.theme_id} · **{submission.title}** · "
            f"from <@{submission.user_id}> ({submission.credited}){where}")


@app_commands.describe(channel="where members' stories go for review (leave out to see the list)")
async def _submissions(interaction: Interaction,
                      channel: discord.TextChannel | None = None) -> None:
    """/club submissions [channel]."""
    content, guild_id = app_of(interaction).club_content, guild_of(interaction)
    if channel is None:
        pending, review_channel = await content.pending(guild_id), \
            await content.review_channel(guild_id)
        head = replies.review_channel(f"<#{review_channel}>" if review_channel else None)
        lines = [pending_line(s) for s in pending[:LIST_LINES]]
        if len(pending) > LIST_LINES:
            lines.append(f"… and {len(pending) - LIST_LINES} more")
        embed = discord.Embed(title=f"Stories waiting for review ({len(pending)})",
                              description=(head + "\n\n" + "\n".join(lines))[:4096],
                              colour=REVIEW_COLOUR)
        await interaction.response.send_message(embed=embed, ephemeral=True)
        return
    await interaction.response.defer(ephemeral=True, thinking=True)
    previous = await content.set_review_channel(guild_id, channel.id)
    waiting = [s for s in await content.pending(guild_id)
               if previous != channel.id or s.review_message_id is None]
    posted = [await post_for_review(interaction.client, content, s) for s in waiting]
    text = f"Members' stories now come to {channel.mention} for review."
    if waiting:
        text += f" Posted the {sum(posted)} waiting there."
    if not all(posted):
        text += (f" I could not post {posted.count(False)} of them: I need View Channel, "
                 "Send Messages and Embed Links there.")
    await answer_privately(interaction, text)


async def own_story_autocomplete(interaction: Interaction,
                                 current: str) -> list[app_commands.Choice[int]]:
    """The member's stories that can be withdrawn (waiting or approved); at most 25."""
    stories = await app_of(interaction).club_content.stories_of(interaction.user.id)
    wanted = current.strip().lower().lstrip("#")
    return [app_commands.Choice(name=f"#{s.id} {s.title} ({s.status})"[:100], value=s.id)
            for s in stories
            if s.status in (SubmissionStatus.PENDING, SubmissionStatus.APPROVED)
            and (wanted in str(s.id) or wanted in s.title.lower())][:25]


async def withdraw_story(interaction: Interaction, submission_id: int) -> None:
    """Withdraw the member's story, answer privately, mark its review message."""
    content = app_of(interaction).club_content
    story = await content.withdraw(where_of(interaction), submission_id)
    if story.status is SubmissionStatus.PENDING:
        text = f"Withdrew your story #{story.id} **{story.title}**: it won't be reviewed."
    else:
        text = (f"Withdrew your story #{story.id} **{story.title}**: it has left the club's "
                "collection.")
    await answer_privately(interaction, text)
    channel_id = await content.review_channel(story.guild_id)
    if story.status is SubmissionStatus.PENDING and story.review_message_id and channel_id:
        embed = discord.Embed(title=f"Story #{story.id} was withdrawn",
                              description="The member who shared it took it back.",
                              colour=REVIEW_COLOUR)
        try:
            await interaction.client.get_partial_messageable(channel_id).get_partial_message(
                story.review_message_id).edit(embed=embed, view=None)
        except discord.HTTPException as exc:
            log.info("could not mark the review message of story #%s: %s", story.id, exc)


class Share(commands.Cog):
    """The member command /share."""

    @app_commands.command(description="Share your own running story with the club")
    @app_commands.describe(theme="fills in the form's theme",
                           withdraw="instead: take back a story you shared (its number)")
    @app_commands.autocomplete(theme=theme_autocomplete)
    @app_commands.autocomplete(withdraw=own_story_autocomplete)
    @app_commands.guild_only()
    async def share(self, interaction: Interaction, theme: str | None = None,
                    withdraw: int | None = None) -> None:
        """/share: opens the form; /share withdraw:3 takes a story back."""
        guild_of(interaction)
        if withdraw is not None:
            if theme:
                raise UserError("Share a story or withdraw one, not both at once.")
            await withdraw_story(interaction, withdraw)
            return
        theme_id = theme or ""
        with contextlib.suppress(UserError):  # the form says what is accepted when sent
            theme_id = app_of(interaction).library.theme(theme_id).id if theme_id else ""
        await interaction.response.send_modal(ShareForm(theme=theme_id))


async def setup(bot: SecondWind) -> None:
    """Add /share, /club submissions and the persistent review buttons."""
    await bot.add_cog(Share())
    club_group(bot).add_command(app_commands.Command(
        name="submissions", callback=_submissions,
        description="Members' stories: choose the review channel, or see what is waiting"))
    bot.add_dynamic_items(ReviewButton)
