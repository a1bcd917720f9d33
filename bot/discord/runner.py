"""``secondwind run`` and ``secondwind sync``: start the bot, stop it cleanly on signals.

Whatever stops the bot from starting is one line on stderr and exit code 2: no
token, a token Discord refuses, Discord (or the configured proxy) unreachable,
a database or library that can't be used. The token itself is never printed.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import signal
import sys

import aiohttp
import discord

from bot.config import DEFAULT_API_BASE_URL, DEFAULT_GATEWAY_URL, Settings
from bot.discord.client import SecondWind, create_bot
from bot.discord.endpoints import point_discord_at
from bot.errors import OperatorError

log = logging.getLogger(__name__)

EXIT_CONFIG = 2


def run_bot(settings: Settings, *, sync_only: bool = False) -> int:
    """Run until stopped; returns the process exit code."""
    token = settings.token()
    if token is None:
        print(f"No bot token: set the environment variable {settings.token_env} "
              "(see README: Running it on Discord).", file=sys.stderr)
        return EXIT_CONFIG
    if sync_only and settings.sync_commands == "off":
        print("discord.sync_commands is off, so there is nothing to sync: set it to global "
              "or a guild id.", file=sys.stderr)
        return EXIT_CONFIG
    point_discord_at(
        None if settings.api_base_url == DEFAULT_API_BASE_URL else settings.api_base_url,
        None if settings.gateway_url == DEFAULT_GATEWAY_URL else settings.gateway_url,
    )
    try:
        return asyncio.run(_main(settings, token, sync_only))
    except discord.LoginFailure:
        problem = (f"Discord rejected the token in {settings.token_env}: check it in the "
                   "Developer Portal and set it again.")
    except discord.PrivilegedIntentsRequired:
        problem = "Discord refused an intent this bot should not ask for."
    except (aiohttp.ClientError, OSError, TimeoutError, discord.GatewayNotFound,
            discord.ConnectionClosed) as exc:
        problem = (f"Cannot reach Discord at {settings.api_base_url} ({_reason(exc)}): check "
                   "the network, or discord.api_base_url and discord.gateway_url.")
    except discord.DiscordServerError as exc:
        problem = f"Discord is having trouble ({exc.status}); try again in a few minutes."
    except OperatorError as exc:
        problem = str(exc)
    print(problem, file=sys.stderr)
    return EXIT_CONFIG


def _reason(exc: BaseException) -> str:
    """A short reason without the token (no exception here carries it, but be sure)."""
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]


async def _main(settings: Settings, token: str, sync_only: bool) -> int:
    bot = create_bot(settings, sync=sync_only)
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, functools.partial(_stop, bot, signum))
    loop.add_signal_handler(signal.SIGHUP, lambda: _reload(bot))
    async with bot:
        if sync_only:
            await bot.login(token)  # setup_hook runs here and syncs
            return 0
        await bot.start(token)
    return 0


def _stop(bot: SecondWind, signum: int) -> None:
    log.info("received %s, shutting down", signal.Signals(signum).name)
    asyncio.get_running_loop().create_task(bot.close())


def _reload(bot: SecondWind) -> None:
    log.info("received SIGHUP, reloading the library")
    asyncio.get_running_loop().create_task(bot.reload_library())
