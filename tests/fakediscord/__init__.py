"""A fake Discord server on loopback for end-to-end tests of the bot; see ``server``."""

from tests.fakediscord.server import (
    BOT_PERMISSIONS,
    MANAGE_GUILD,
    MEMBER_PERMISSIONS,
    ChannelArg,
    FakeDiscord,
    FileArg,
    Interaction,
    RecordedRequest,
    RoleArg,
    UserArg,
)

__all__ = [
    "BOT_PERMISSIONS",
    "MANAGE_GUILD",
    "MEMBER_PERMISSIONS",
    "ChannelArg",
    "FakeDiscord",
    "FileArg",
    "Interaction",
    "RecordedRequest",
    "RoleArg",
    "UserArg",
]
