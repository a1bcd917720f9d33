"""/me: a member's own time zone, quiet hours, reminders, race-morning DM, and their data.

Every answer is private. ``/me forget`` asks first, with persistent buttons on the
private answer (they work after a restart): forget and take my approved stories
out of the clubs' pools, forget and keep them there anonymous, or cancel. After
any command, notes waiting for the member (a reminder that paused itself, or
stopped when they left a server) are told once, privately, after the command's
own answer.
"""

from __future__ import annotations

import io
import logging
import re
from typing import Any, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import replies
from bot.core.members import CLUB_ZONE_WORDS, MAX_REMINDERS
from bot.discord.client import SecondWind
from bot.discord.cogs.club import zone_autocomplete
from bot.discord.cogs.encourage import KindChoice, theme_autocomplete
from bot.discord.posts import Interaction, app_of, bold, tell_notices, where_of
from bot.discord.reporting import answer_privately, reported
from bot.errors import UserError
from bot.text import shorten
from bot.values import Forgotten, MemberRecord, SubmissionStatus

log = logging.getLogger(__name__)

MESSAGE_LIMIT = 2000


async def my_zone_autocomplete(interaction: Interaction,
                               current: str) -> list[app_commands.Choice[str]]:
    """``club`` (back to the club's zone) and the IANA zones holding what was typed."""
    choices = await zone_autocomplete(interaction, current)
    if any(word.startswith(current.strip().lower()) for word in CLUB_ZONE_WORDS):
        choices = [app_commands.Choice(name="club (follow the club's time zone)",
                                       value="club"), *choices][:25]
    return choices


class ReminderGroup(app_commands.Group, name="reminder",
                    description="Reminders by DM at your local time"):
    """/me reminder add|list|pause|resume|remove."""

    @app_commands.command(name="add", description=f"A DM at your time (up to {MAX_REMINDERS})")
    @app_commands.describe(time="your local time, HH:MM", days="daily, weekdays, mon,wed,fri…",
                           theme="a theme (default: any)", kind="story, reflection, mantra or "
                           "prompt (default: any)")
    @app_commands.autocomplete(theme=theme_autocomplete)
    async def add(self, interaction: Interaction, time: str, days: str | None = None,
                  theme: str | None = None, kind: KindChoice | None = None) -> None:
        """/me reminder add time [days] [theme] [kind]."""
        view = await app_of(interaction).members.add_reminder(where_of(interaction), time, days,
                                                              theme, kind)
        await answer_privately(interaction, replies.reminder_added(view.describe()))

    @app_commands.command(name="list", description="Your reminders")
    async def list_(self, interaction: Interaction) -> None:
        """/me reminder list."""
        views = await app_of(interaction).members.reminders(interaction.user.id)
        await answer_privately(interaction, "\n".join(v.describe() for v in views) or
                               replies.NO_REMINDERS)

    @app_commands.command(name="pause", description="Stop a reminder for now")
    @app_commands.describe(id="the reminder's number, as /me reminder list shows it")
    async def pause(self, interaction: Interaction, id: int) -> None:
        """/me reminder pause id."""
        view = await app_of(interaction).members.set_paused(interaction.user.id, id, True)
        await answer_privately(interaction, replies.paused(view.describe(), True))

    @app_commands.command(name="resume", description="Start a reminder again")
    @app_commands.describe(id="the reminder's number, as /me reminder list shows it")
    async def resume(self, interaction: Interaction, id: int) -> None:
        """/me reminder resume id: also clears failures and a stop."""
        view = await app_of(interaction).members.set_paused(interaction.user.id, id, False)
        await answer_privately(interaction, replies.paused(view.describe(), False))

    @app_commands.command(name="remove", description="Delete a reminder")
    @app_commands.describe(id="the reminder's number, as /me reminder list shows it")
    async def remove(self, interaction: Interaction, id: int) -> None:
        """/me reminder remove id."""
        removed = await app_of(interaction).members.remove_reminder(interaction.user.id, id)
        await answer_privately(interaction, replies.reminder_removed(removed.id))


class MeGroup(app_commands.Group, name="me", description="Your own settings, reminders and data"):
    """/me: timezone, quiet, race-dm, data, forget; reminders as a subgroup."""

    @app_commands.command(description="Your time zone (until set: the club's)")
    @app_commands.describe(zone="an IANA time zone like Europe/Oslo, or club")
    @app_commands.autocomplete(zone=my_zone_autocomplete)
    async def timezone(self, interaction: Interaction, zone: str) -> None:
        """/me timezone zone."""
        text = await app_of(interaction).members.set_timezone(where_of(interaction), zone)
        await answer_privately(interaction, text)

    @app_commands.command(description="Quiet hours: no DM from the bot between these times")
    @app_commands.describe(from_="from HH:MM, your time (or off)", to="until HH:MM, your time")
    @app_commands.rename(from_="from")
    async def quiet(self, interaction: Interaction, from_: str, to: str | None = None) -> None:
        """/me quiet from to (from:off turns them off)."""
        quiet = await app_of(interaction).members.set_quiet(interaction.user.id, from_, to)
        await answer_privately(interaction, replies.quiet_hours(quiet))

    @app_commands.command(name="race-dm", description="A DM on the morning of races you joined")
    @app_commands.describe(state="on or off")
    async def race_dm(self, interaction: Interaction, state: Literal["on", "off"]) -> None:
        """/me race-dm state."""
        races = await app_of(interaction).members.set_race_dm(where_of(interaction),
                                                              state == "on")
        await answer_privately(interaction, replies.race_dms(state == "on", races, bold))

    @app_commands.command(description="Everything Second Wind keeps about you (with a file)")
    async def data(self, interaction: Interaction) -> None:
        """/me data: a summary, and all of it as a JSON file."""
        report = await app_of(interaction).members.data(interaction.user.id)
        file = discord.File(io.BytesIO(report.json.encode()), filename="second-wind-my-data.json")
        await interaction.response.send_message(shorten(report.text, MESSAGE_LIMIT), file=file,
                                                ephemeral=True)

    @app_commands.command(description="Delete everything Second Wind keeps about you")
    async def forget(self, interaction: Interaction) -> None:
        """/me forget: asks first, with buttons."""
        record = await app_of(interaction).members.record(interaction.user.id)
        if record.empty:
            raise UserError("Second Wind keeps nothing about you: there is nothing to forget "
                            "(or it has been forgotten already).")
        await answer_privately(interaction, forget_question(record), forget_buttons(record))


def forget_question(record: MemberRecord) -> str:
    """What /me forget will delete, and the choice about approved stories."""
    approved = [s for s in record.stories if s.status is SubmissionStatus.APPROVED]
    parts = [f"{len(record.reminders)} reminder(s)", f"{record.picks_shown} picks shown to you",
             f"{len(record.helped)} “this helped” mark(s)", f"{len(record.stories)} story(ies)",
             f"{len(record.races)} race(s)"]
    text = ("This deletes everything Second Wind keeps about you — your settings, "
            + ", ".join(parts) + " — and it can't be undone.")
    if approved:
        text += (f"\n\n{len(approved)} of your stories are in a club's pool. Take them out, or "
                 "leave them there without your name?")
    return text


def forget_buttons(record: MemberRecord) -> discord.ui.View:
    """Forget (and remove or keep approved stories), or cancel."""
    view = discord.ui.View(timeout=None)
    if any(s.status is SubmissionStatus.APPROVED for s in record.stories):
        view.add_item(ForgetButton("remove", "Forget me, remove my stories"))
        view.add_item(ForgetButton("anonymous", "Forget me, keep my stories anonymous"))
    else:
        view.add_item(ForgetButton("remove", "Forget me"))
    view.add_item(ForgetButton("cancel", "Cancel"))
    return view


class ForgetButton(discord.ui.DynamicItem[discord.ui.Button],
                   template=r"sw:forget:(?P<choice>remove|anonymous|cancel)"):
    """A choice on /me forget's question (only the member sees it: it is private)."""

    def __init__(self, choice: str, label: str = "") -> None:
        style = (discord.ButtonStyle.secondary if choice == "cancel"
                 else discord.ButtonStyle.danger)
        super().__init__(discord.ui.Button(label=label or choice, style=style,
                                           custom_id=f"sw:forget:{choice}"))
        self.choice = choice

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ForgetButton:
        """Rebuild the button from its custom_id."""
        return cls(match["choice"])

    @reported
    async def callback(self, interaction: discord.Interaction) -> Any:
        """Cancel, or forget the member who clicked; the question loses its buttons."""
        if self.choice == "cancel":
            await interaction.response.edit_message(content="Nothing was deleted.", view=None)
            return
        forgotten = await app_of(interaction).members.forget(
            interaction.user.id, remove_stories=self.choice == "remove")
        await interaction.response.edit_message(content=forgotten.summary, view=None)
        await withdraw_reviews(interaction.client, forgotten)




async def withdraw_reviews(client: discord.Client, forgotten: Forgotten) -> None:
    """Take the text of forgotten stories that were waiting off their review messages."""
    app = getattr(client, "app", None)
    if app is None:
        return
    for guild_id, message_id in forgotten.waiting_reviews:
        channel_id = await app.club_content.review_channel(guild_id)
        if channel_id is None:
            continue
        embed = discord.Embed(title="A story was withdrawn",
                              description="Its writer asked Second Wind to forget them.")
        try:
            await client.get_partial_messageable(channel_id).get_partial_message(
                message_id).edit(embed=embed, view=None)
        except discord.HTTPException as exc:
            log.info("could not clear review message %s: %s", message_id, exc)


class Me(commands.Cog):
    """Tells a member what is waiting for them, after their command's own answer."""

    @commands.Cog.listener()
    async def on_app_command_completion(self, interaction: discord.Interaction,
                                        command: app_commands.Command | app_commands.ContextMenu
                                        ) -> None:
        """Notes waiting for the member (a reminder paused or stopped), once, privately."""
        await tell_notices(interaction)


async def setup(bot: SecondWind) -> None:
    """Add /me, its forget buttons, and the notes after each command."""
    me = MeGroup()
    me.add_command(ReminderGroup())
    bot.tree.add_command(me)
    bot.add_dynamic_items(ForgetButton)
    await bot.add_cog(Me())
