"""The fake Discord against a real discord.py bot: what the bot's own tests rely on."""

from __future__ import annotations

import asyncio
import contextlib
import io
from collections.abc import AsyncIterator

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.ext import commands

from bot.discord.endpoints import point_discord_at
from tests.fakediscord import (
    MANAGE_GUILD,
    MEMBER_PERMISSIONS,
    ChannelArg,
    FakeDiscord,
    FileArg,
    RoleArg,
    UserArg,
)

TOKEN = "fake-bot-token"
BOT_ID, APP_ID = 900, 901
GUILD, GENERAL, NEWS, PACERS = 100, 101, 102, 110
ANA, ADMIN = 200, 201
THEMES = ["doubt", "comeback", "adversity", "late-start"]


class AnotherView(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="Another", custom_id="test:another")
    async def another(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await interaction.response.send_message("another one", ephemeral=True)


class ShareModal(discord.ui.Modal, title="Share your story"):
    story = discord.ui.TextInput(label="Your story", custom_id="test:story")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"thanks for: {self.story.value}", ephemeral=True)


def make_bot(bot_class: type[commands.Bot] = commands.Bot) -> commands.Bot:
    bot = bot_class(
        command_prefix=commands.when_mentioned,
        intents=discord.Intents.default(),
        allowed_mentions=discord.AllowedMentions.none(),
        help_command=None,
        guild_ready_timeout=0.05,
    )

    @bot.tree.command(description="An encouraging embed")
    async def encourage(interaction: discord.Interaction) -> None:
        embed = discord.Embed(title="The voice at mile four", description="Keep going.")
        await interaction.response.send_message(embed=embed, view=AnotherView())

    async def theme_choices(_: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=t, value=t) for t in THEMES if current in t][:25]

    @bot.tree.command(description="Pick a theme")
    @app_commands.autocomplete(theme=theme_choices)
    async def story(interaction: discord.Interaction, theme: str) -> None:
        await interaction.response.send_message(f"story about {theme}")

    @bot.tree.command(description="Share a story")
    async def share(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(ShareModal())

    @bot.tree.command(description="Slow answer")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(ephemeral=True, thinking=True)
        await interaction.followup.send("done thinking")

    @bot.tree.command(description="Cheer a clubmate")
    async def cheer(interaction: discord.Interaction, member: discord.Member) -> None:
        await interaction.response.send_message(f"go {member.display_name}!")

    @bot.tree.command(description="Echo an uploaded file back")
    async def upload(interaction: discord.Interaction, file: discord.Attachment) -> None:
        content = await file.read()
        echo = discord.File(io.BytesIO(content.upper()), filename="echo.txt")
        await interaction.response.send_message(f"{file.filename}: {len(content)} bytes", file=echo)

    @bot.tree.command(description="Where and whom to post for")
    async def post(
        interaction: discord.Interaction, channel: discord.TextChannel, role: discord.Role
    ) -> None:
        await interaction.response.send_message(f"#{channel.name} for @{role.name}")

    club = app_commands.Group(
        name="club", description="Club settings", default_permissions=discord.Permissions(32)
    )
    themes = app_commands.Group(name="themes", description="Themes", parent=club)

    @themes.command(description="Turn a theme on")
    async def enable(interaction: discord.Interaction, theme: str) -> None:
        allowed = interaction.permissions.manage_guild
        await interaction.response.send_message(f"{theme} on" if allowed else "admins only")

    bot.tree.add_command(club)
    return bot


@pytest.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord(bot_user_id=BOT_ID, application_id=APP_ID, valid_token=TOKEN) as fake:
        fake.add_guild(
            GUILD,
            "Harbour Runners",
            channels=[(GENERAL, "general"), (NEWS, "news")],
            roles=[(PACERS, "pacers")],
            members=[(ANA, "ana", MEMBER_PERMISSIONS), (ADMIN, "coach", MANAGE_GUILD)],
            owner_id=ADMIN,
        )
        point_discord_at(fake.api_base_url, fake.gateway_url)
        try:
            yield fake
        finally:
            point_discord_at(None, None)
        assert fake.unhandled == []


@contextlib.asynccontextmanager
async def running(bot: commands.Bot, token: str = TOKEN) -> AsyncIterator[commands.Bot]:
    """Run the bot until the block ends, then close it and check it stopped cleanly."""
    task = asyncio.create_task(bot.start(token))
    ready = asyncio.create_task(bot.wait_until_ready())
    done, _ = await asyncio.wait({task, ready}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
    if ready not in done:
        ready.cancel()
        await bot.close()
        await asyncio.wait_for(task, 5)  # raises what start() raised
        pytest.fail("the bot did not get ready")
    try:
        yield bot
    finally:
        await asyncio.wait_for(bot.close(), 5)
        await asyncio.wait_for(task, 5)
        assert bot.is_closed()


@pytest.fixture
async def bot(fake: FakeDiscord) -> AsyncIterator[commands.Bot]:
    async with running(make_bot()) as bot:
        yield bot


async def test_login_and_connect(fake: FakeDiscord, bot: commands.Bot) -> None:
    assert bot.user is not None and bot.user.id == BOT_ID
    assert bot.application_id == APP_ID
    guild = bot.get_guild(GUILD)
    assert guild is not None and guild.me is not None
    assert [c.name for c in guild.text_channels] == ["general", "news"]
    identify = fake.identifies[0]
    assert identify["token"] == TOKEN
    assert identify["intents"] == discord.Intents.default().value
    assert "compress=zlib-stream" in fake.gateway_connections[0]


async def test_rejected_token_raises_login_failure(fake: FakeDiscord) -> None:
    bot = make_bot()
    with pytest.raises(discord.LoginFailure):
        await asyncio.wait_for(bot.start("wrong-token"), 5)
    await bot.close()
    assert fake.requests[0].status == 401


async def test_command_sync_is_recorded(fake: FakeDiscord, bot: commands.Bot) -> None:
    synced = await bot.tree.sync()
    names = {"encourage", "story", "share", "slow", "cheer", "upload", "post", "club"}
    assert {c.name for c in synced} == names
    scope, body = fake.command_overwrites[0]
    assert scope is None and len(body) == len(names)
    assert {c["name"] for c in fake.commands[None]} == {c.name for c in synced}

    bot.tree.copy_global_to(guild=discord.Object(GUILD))
    await bot.tree.sync(guild=discord.Object(GUILD))
    record = await fake.send_command(GUILD, GENERAL, ANA, "encourage")
    assert record.payload["data"]["guild_id"] == str(GUILD)
    assert (await record.callback())["type"] == 4


async def test_slash_command_embed_and_button(fake: FakeDiscord, bot: commands.Bot) -> None:
    record = await fake.send_command(GUILD, GENERAL, ANA, "encourage")
    answer = await record.callback()
    assert answer["type"] == 4
    assert answer["data"]["embeds"][0]["title"] == "The voice at mile four"
    assert answer["data"]["allowed_mentions"] == {"parse": []}
    button = answer["data"]["components"][0]["components"][0]
    assert button["custom_id"] == "test:another"
    assert record.message is not None and record.message in fake.messages(GENERAL)

    click = await fake.click(record.message_id, "test:another", ANA)
    reply = await click.callback()
    assert reply["data"]["content"] == "another one"
    assert reply["data"]["flags"] == discord.MessageFlags(ephemeral=True).value
    assert click.message not in fake.messages(GENERAL)  # ephemeral


async def test_autocomplete_choices(fake: FakeDiscord, bot: commands.Bot) -> None:
    record = await fake.autocomplete(
        GUILD, GENERAL, ANA, "story", options={"theme": "co"}, focused="theme"
    )
    answer = await record.callback()
    assert answer == {"type": 8, "data": {"choices": [{"name": "comeback", "value": "comeback"}]}}


async def test_modal_and_submit(fake: FakeDiscord, bot: commands.Bot) -> None:
    record = await fake.send_command(GUILD, GENERAL, ANA, "share")
    modal = await record.callback()
    assert modal["type"] == 9 and modal["data"]["title"] == "Share your story"

    submit = await fake.submit_modal(
        GUILD, GENERAL, ANA, modal["data"]["custom_id"], {"test:story": "my first 5k"}
    )
    assert (await submit.callback())["data"]["content"] == "thanks for: my first 5k"


async def test_defer_then_follow_up(fake: FakeDiscord, bot: commands.Bot) -> None:
    record = await fake.send_command(GUILD, GENERAL, ANA, "slow")
    answer = await record.callback()
    assert answer == {"type": 5, "data": {"flags": discord.MessageFlags(ephemeral=True).value}}
    [followup] = await record.wait_followups()
    assert followup["content"] == "done thinking"
    assert record.message is not None and record.message["content"] == "done thinking"


async def test_subcommand_path_and_permissions(fake: FakeDiscord, bot: commands.Bot) -> None:
    path = ["club", "themes", "enable"]
    denied = await fake.send_command(GUILD, GENERAL, ANA, path, options={"theme": "doubt"})
    assert (await denied.callback())["data"]["content"] == "admins only"
    allowed = await fake.send_command(GUILD, GENERAL, ADMIN, path, options={"theme": "doubt"})
    assert (await allowed.callback())["data"]["content"] == "doubt on"


async def test_resolved_member_option(fake: FakeDiscord, bot: commands.Bot) -> None:
    record = await fake.send_command(
        GUILD, GENERAL, ADMIN, "cheer", options={"member": UserArg(ANA)}
    )
    assert (await record.callback())["data"]["content"] == "go ana!"


async def test_resolved_channel_and_role_options(fake: FakeDiscord, bot: commands.Bot) -> None:
    options = {"channel": ChannelArg(NEWS), "role": RoleArg(PACERS)}
    record = await fake.send_command(GUILD, GENERAL, ADMIN, "post", options=options)
    assert (await record.callback())["data"]["content"] == "#news for @pacers"


async def test_attachment_option_and_file_reply(fake: FakeDiscord, bot: commands.Bot) -> None:
    upload = FileArg("stories.yaml", b"theme: doubt\n", "text/yaml")
    record = await fake.send_command(GUILD, GENERAL, ADMIN, "upload", options={"file": upload})
    answer = await record.callback()
    assert answer["data"]["content"] == "stories.yaml: 13 bytes"
    assert answer["data"]["attachments"][0]["filename"] == "echo.txt"
    [callback] = [r for r in fake.requests if r.path.endswith("/callback")]
    assert callback.files == [("echo.txt", b"THEME: DOUBT\n")]
    assert record.message is not None and record.message["attachments"][0]["size"] == 13


async def test_command_in_dm(fake: FakeDiscord, bot: commands.Bot) -> None:
    record = await fake.send_command(None, 555, ANA, "encourage")
    assert record.payload["user"]["id"] == str(ANA) and "member" not in record.payload
    assert (await record.callback())["type"] == 4
    assert fake.messages(555)[0]["channel_id"] == "555"


async def test_second_response_is_rejected(fake: FakeDiscord, bot: commands.Bot) -> None:
    record = await fake.send_command(GUILD, GENERAL, ANA, "encourage")
    await record.callback()
    with pytest.raises(discord.HTTPException) as caught:
        await bot.http.request(
            discord.http.Route(
                "POST",
                "/interactions/{interaction_id}/{token}/callback",
                interaction_id=record.id,
                token=record.token,
            ),
            json={"type": 4, "data": {"content": "again"}},
        )
    assert caught.value.code == 40060


async def test_channel_send_deduplicates_nonce(fake: FakeDiscord, bot: commands.Bot) -> None:
    channel = bot.get_channel(GENERAL)
    assert isinstance(channel, discord.TextChannel)
    first = await channel.send("Morning miles", nonce="sched-1-2025-06-01")
    again = await channel.send("Morning miles", nonce="sched-1-2025-06-01")
    other = await channel.send("Morning miles")
    assert first.id == again.id != other.id
    assert [m["id"] for m in fake.messages(GENERAL)] == [str(first.id), str(other.id)]
    sent = [r.json for r in fake.requests if r.method == "POST" and r.path.endswith("/messages")]
    assert sent[0]["enforce_nonce"] is True and sent[2]["nonce"]  # discord.py always sets one
    history = [m.id async for m in channel.history(limit=10)]
    assert history == [other.id, first.id]


async def test_429_is_retried(fake: FakeDiscord, bot: commands.Bot) -> None:
    fake.fail_next("POST", r"/channels/\d+/messages", 429, times=2, retry_after=0.05)
    channel = bot.get_channel(GENERAL)
    assert isinstance(channel, discord.TextChannel)
    message = await channel.send("after the limit")
    assert [r.status for r in fake.requests if r.method == "POST"] == [429, 429, 200]
    assert fake.messages(GENERAL)[-1]["id"] == str(message.id)


async def test_global_rate_limit_is_waited_out(fake: FakeDiscord, bot: commands.Bot) -> None:
    fake.rate_limit_per_second = 2
    channel = bot.get_channel(NEWS)
    assert isinstance(channel, discord.TextChannel)
    await asyncio.gather(*(channel.send(f"post {n}") for n in range(4)))
    assert len(fake.messages(NEWS)) == 4
    assert any(r.status == 429 for r in fake.requests)


async def test_channel_errors(fake: FakeDiscord, bot: commands.Bot) -> None:
    news, general = bot.get_channel(NEWS), bot.get_channel(GENERAL)
    assert isinstance(news, discord.TextChannel) and isinstance(general, discord.TextChannel)
    fake.forbid_channel(NEWS)
    with pytest.raises(discord.Forbidden) as forbidden:
        await news.send("hello")
    assert forbidden.value.code == 50013

    await fake.delete_channel(GENERAL)
    with pytest.raises(discord.NotFound) as missing:
        await general.send("hello")
    assert missing.value.code == 10003
    await fake.wait_until(lambda: bot.get_channel(GENERAL) is None, 5, "CHANNEL_DELETE")


async def test_closed_dms(fake: FakeDiscord, bot: commands.Bot) -> None:
    dm = await bot.create_dm(discord.Object(ANA))
    await dm.send("welcome to the club")
    fake.close_dms(ANA)
    with pytest.raises(discord.Forbidden) as closed:
        await dm.send("again")
    assert closed.value.code == 50007
    assert [m["content"] for m in fake.messages(dm.id)] == ["welcome to the club"]


async def test_a_member_who_leaves_every_guild_takes_no_dms(fake: FakeDiscord,
                                                           bot: commands.Bot) -> None:
    dm = await bot.create_dm(discord.Object(ANA))
    assert fake.dm_channel_id(ANA) == dm.id
    guild = bot.get_guild(GUILD)
    assert guild is not None and (await guild.fetch_member(ANA)).id == ANA
    fake.remove_member(GUILD, ANA)
    with pytest.raises(discord.NotFound) as gone:
        await guild.fetch_member(ANA)
    assert gone.value.code == 10007
    with pytest.raises(discord.Forbidden) as refused:
        await dm.send("still there?")
    assert refused.value.code == 50007
    fake.add_member(GUILD, ANA, "ana", MEMBER_PERMISSIONS)
    await dm.send("welcome back")
    again = await bot.http.start_private_message(ANA)  # a new open: the same channel
    assert int(again["id"]) == dm.id == fake.open_dm_channel(ANA)


async def test_resume_replays_missed_events(fake: FakeDiscord, bot: commands.Bot) -> None:
    await fake.drop_gateway()
    record = await fake.send_command(GUILD, GENERAL, ANA, "encourage")  # while disconnected
    await fake.wait_resumed()
    assert (await record.callback())["type"] == 4
    assert len(fake.identifies) == 1
    assert fake.gateway_connections[-1].startswith("/gateway?")  # pinned, not resume_gateway_url


async def test_fresh_identify_after_invalid_session(fake: FakeDiscord, bot: commands.Bot) -> None:
    await fake.drop_gateway(resumable=False)
    await fake.wait_identified(2, timeout=10)  # Client.before_identify_hook sleeps 5 s first
    assert len(fake.resumes) == 1 and fake.resumed == 0
    record = await fake.send_command(GUILD, GENERAL, ANA, "encourage")
    assert (await record.callback())["type"] == 4


async def test_wait_handshakes_until_identify_or_close(fake: FakeDiscord) -> None:
    async with aiohttp.ClientSession() as session:
        identifying = await session.ws_connect(fake.gateway_url)
        leaving = await session.ws_connect(fake.gateway_url)
        for ws in (identifying, leaving):
            assert (await ws.receive_json())["op"] == 10  # HELLO
        with pytest.raises(TimeoutError, match="the gateway handshakes"):
            await fake.wait_handshakes(timeout=0.1)
        await identifying.send_json({"op": 2, "d": {"token": TOKEN, "intents": 0}})
        await leaving.close()
        await fake.wait_handshakes(timeout=1)
        await identifying.close()


async def test_auto_sharded_bot(fake: FakeDiscord) -> None:
    async with running(make_bot(commands.AutoShardedBot)) as bot:
        assert bot.shard_count == 1
        record = await fake.send_command(GUILD, GENERAL, ANA, "encourage")
        assert (await record.callback())["type"] == 4
    assert any(r.path == "/gateway/bot" for r in fake.requests)


SHARD_ONE_GUILD, SHARD_ONE_CHANNEL = (1 << 22) | 7, 301  # (id >> 22) % 2 == 1


def make_shard_bot(shard_ids: list[int], shard_count: int) -> commands.AutoShardedBot:
    bot = commands.AutoShardedBot(
        command_prefix=commands.when_mentioned, intents=discord.Intents.default(),
        help_command=None, guild_ready_timeout=0.05, shard_ids=shard_ids, shard_count=shard_count)
    bot.seen = []  # type: ignore[attr-defined]

    @bot.tree.command(description="Which shard answers")
    async def where(interaction: discord.Interaction) -> None:
        bot.seen.append(interaction.guild_id)  # type: ignore[attr-defined]
        await interaction.response.send_message(f"shard {interaction.guild.shard_id}")  # type: ignore[union-attr]

    return bot


async def test_two_processes_each_hold_their_shards_and_get_only_their_guilds(
        fake: FakeDiscord) -> None:
    fake.add_guild(SHARD_ONE_GUILD, "Hill Striders", channels=[(SHARD_ONE_CHANNEL, "general")],
                   members=[(ANA, "ana", MEMBER_PERMISSIONS)])
    async with running(make_shard_bot([0], 2)) as first, \
            running(make_shard_bot([1], 2)) as second:
        await fake.wait_shards_ready([0, 1], 2)
        assert [g.id for g in first.guilds] == [GUILD]
        assert [g.id for g in second.guilds] == [SHARD_ONE_GUILD]
        assert sorted(tuple(i["shard"]) for i in fake.identifies) == [(0, 2), (1, 2)]
        assert set(fake.shard_sessions()) == {0, 1}
        there = await fake.send_command(SHARD_ONE_GUILD, SHARD_ONE_CHANNEL, ANA, "where")
        here = await fake.send_command(GUILD, GENERAL, ANA, "where")
        assert (await there.callback())["data"]["content"] == "shard 1"
        assert (await here.callback())["data"]["content"] == "shard 0"
        assert first.seen == [GUILD] and second.seen == [SHARD_ONE_GUILD]  # type: ignore[attr-defined]
        await fake.drop_gateway(shard_id=1)  # one shard reconnects; the other is untouched
        await fake.wait_resumed(1)
        again = await fake.send_command(SHARD_ONE_GUILD, SHARD_ONE_CHANNEL, ANA, "where")
        assert (await again.callback())["data"]["content"] == "shard 1"
        await fake.wait_handshakes()
    # A restart with other shards: the shard's session is replaced, its guilds follow.
    async with running(make_shard_bot([0, 1], 2)) as both:
        await fake.wait_shards_ready([0, 1], 2)
        assert sorted(g.id for g in both.guilds) == [GUILD, SHARD_ONE_GUILD]
