"""Settings from a YAML file plus the environment, validated into plain values.

Every problem is reported as one line, ``config.yaml: section.key: message``;
no config file at all gives working defaults. The token is never stored here:
:meth:`Settings.token` reads it from the environment variable that the file names.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import platformdirs
import yaml

from bot.errors import ConfigError

DEFAULT_API_BASE_URL = "https://discord.com/api/v10"
DEFAULT_REQUESTS_PER_SECOND = 50.0  # Discord's global limit, per bot token
DEFAULT_GATEWAY_URL = "wss://gateway.discord.gg/"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def _shipped_content() -> Path:
    """The library that comes with Second Wind.

    Installed from a wheel (or ``pip install .``) it is ``bot/shipped_library``; in a
    source checkout (and an editable install) it is the repository's ``content/``.
    """
    package = Path(__file__).resolve().parent
    installed = package / "shipped_library"
    return installed if installed.is_dir() else package.parent / "content"


SHIPPED_CONTENT = _shipped_content()


@dataclass(frozen=True)
class ShardSlice:
    """The shards one process runs, of ``shard_count``; a guild's shard is Discord's rule."""

    shard_ids: tuple[int, ...]
    shard_count: int

    def owns(self, guild_id: int) -> bool:
        """Whether the guild is on one of these shards: ``(guild_id >> 22) % shard_count``."""
        return (guild_id >> 22) % self.shard_count in self.shard_ids

    @property
    def share(self) -> float:
        """The part of everything one process has: its shards over all shards."""
        return len(self.shard_ids) / self.shard_count

    @classmethod
    def parse(cls, shards: str | None, shard_count: int | None) -> ShardSlice | None:
        """``--shards 0,1 --shard-count 4``; neither: None (one process, every shard)."""
        if shards is None and shard_count is None:
            return None
        if shard_count is None:
            raise ConfigError("--shards needs --shard-count: how many shards there are in all")
        if shard_count < 1:
            raise ConfigError(f"--shard-count: expected 1 or more, got {shard_count}")
        if shards is None:
            return cls(tuple(range(shard_count)), shard_count)
        try:
            ids = tuple(sorted({int(part) for part in shards.split(",") if part.strip()}))
        except ValueError:
            raise ConfigError(f"--shards: expected shard numbers like 0,1, got {shards!r}") \
                from None
        if not ids or not all(0 <= i < shard_count for i in ids):
            raise ConfigError(f"--shards: expected numbers from 0 to {shard_count - 1} "
                              f"(--shard-count {shard_count}), got {shards!r}")
        return cls(ids, shard_count)

    def __str__(self) -> str:
        return f"shards {','.join(map(str, self.shard_ids))} of {self.shard_count}"


@dataclass(frozen=True)
class Settings:
    """Everything the bot and the console need to know to run."""

    token_env: str = "DISCORD_TOKEN"  # noqa: S105 - a variable name, not a token
    api_base_url: str = DEFAULT_API_BASE_URL
    gateway_url: str = DEFAULT_GATEWAY_URL
    sync_commands: str | int = "global"
    database_path: Path = Path(platformdirs.user_data_dir("secondwind")) / "secondwind.db"
    database_url: str | None = None  # postgresql://…: PostgreSQL instead of the SQLite file
    content_paths: tuple[Path, ...] = (SHIPPED_CONTENT,)
    default_timezone: str = "UTC"
    catch_up_minutes: int = 120
    log_level: str = "INFO"
    rest_requests_per_second: float = DEFAULT_REQUESTS_PER_SECOND  # the token's, all processes
    process_requests_per_second: float | None = None  # this process's; default: its share
    metrics_listen: tuple[str, int] | None = None  # host and port of /healthz and /metrics
    shards: ShardSlice | None = None  # from the command line: None is every shard, here
    warnings: tuple[str, ...] = ()  # unknown keys, ignored; the command line prints them

    def token(self) -> str | None:
        """The bot token from the environment, or None when the variable is unset or empty."""
        return (os.environ.get(self.token_env) or "").strip() or None

    @property
    def database_location(self) -> Path | str:
        """The PostgreSQL URL when one is set, else the SQLite file."""
        return self.database_url or self.database_path

    @property
    def requests_per_second(self) -> float:
        """The REST budget of timed posts here: as set, or the shards' share of the token's."""
        if self.process_requests_per_second is not None:
            return self.process_requests_per_second
        return self.rest_requests_per_second * (self.shards.share if self.shards else 1.0)


def _section(data: dict, name: str, where: str) -> dict:
    value = data.get(name, {}) or {}
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: {name}: expected a mapping of settings")
    return value


def _text(section: dict, key: str, where: str, default: str) -> str:
    value = section.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: {key}: expected text, got {value!r}")
    return value.strip()


def _url(value: str, key: str, where: str, schemes: tuple[str, ...]) -> str:
    if not value.startswith(schemes):
        raise ConfigError(f"{where}: {key}: expected a URL starting with {' or '.join(schemes)}, "
                          f"got {value!r}")
    return value.rstrip("/") if key.endswith("api_base_url") else value


def _sync(value: Any, where: str) -> str | int:
    if value is False:  # YAML reads an unquoted off (or no) as false
        return "off"
    text = str(value).strip().lower()
    if text in ("global", "off"):
        return text
    if text.isdigit() and len(text) <= 20 and int(text) > 0:
        return int(text)
    raise ConfigError(
        f"{where}: discord.sync_commands: expected 'global', 'off' or a guild id, got {value!r}"
    )


def _nearest(word: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.5)
    return f" (did you mean {close[0]}?)" if close else ""


def _unknown(data: dict, allowed: dict[str, set[str]], where: str) -> list[str]:
    """A warning for each unknown section or key; they are ignored, not fatal."""
    warnings = []
    for name, section in data.items():
        if name not in allowed:
            warnings.append(f"{where}: {name}: unknown section, ignored"
                            f"{_nearest(str(name), allowed)}")
            continue
        for key in section or {}:
            if key not in allowed[name]:
                full = {f"{n}.{k}" for n, keys in allowed.items() for k in keys}
                warnings.append(f"{where}: {name}.{key}: unknown setting, ignored"
                                f"{_nearest(f'{name}.{key}', full)}")
    return warnings


ALLOWED = {
    "discord": {"token_env", "api_base_url", "gateway_url", "sync_commands",
                "rest_requests_per_second", "process_requests_per_second"},
    "database": {"path", "url"},
    "content": {"paths"},
    "defaults": {"timezone"},
    "schedules": {"catch_up_minutes"},
    "logging": {"level"},
    "metrics": {"listen"},
}


def _database_url(value: Any, where: str) -> str | None:
    if value is None or value == "":
        return None
    text = str(value).strip()
    parts = urlsplit(text)
    if parts.scheme not in ("postgresql", "postgres") or not (parts.hostname or parts.query):
        raise ConfigError(f"{where}: database.url: expected a URL like "
                          f"postgresql://user@host/dbname, got {redact_url(text)!r}")
    return text


def redact_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = f"{parts.username}:***@" if parts.username else ":***@"
    return urlunsplit(parts._replace(netloc=user + netloc))


def _rate(section: dict, key: str, where: str, default: float | None) -> float | None:
    value = section.get(key, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 10_000:
        raise ConfigError(f"{where}: discord.{key}: expected requests per second, a number "
                          f"above 0, got {value!r}")
    return float(value)


def _listen(value: Any, where: str) -> tuple[str, int] | None:
    if value is None or value is False or value == "off":
        return None
    host, _, port = str(value).strip().rpartition(":")
    host = host.strip("[]")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ConfigError(f"{where}: metrics.listen: expected host:port like 127.0.0.1:9464, "
                          f"or off, got {value!r}")
    return host, int(port)


def load_settings(path: Path | None, environ: dict[str, str] | None = None) -> Settings:
    """Settings from ``path`` (None or a missing default file: defaults) and the environment."""
    env = os.environ if environ is None else environ
    where = str(path) if path else "defaults"
    data: dict = {}
    if path is not None:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
        except OSError as exc:
            raise ConfigError(f"{where}: cannot read: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise ConfigError(f"{where}: not UTF-8 text (saved as UTF-16 or another "
                              "encoding?): save it as UTF-8") from None
        except yaml.MarkedYAMLError as exc:
            line = exc.problem_mark.line + 1 if exc.problem_mark else 1
            raise ConfigError(f"{where}:{line}: invalid YAML: {exc.problem}") from None
        except yaml.YAMLError as exc:
            raise ConfigError(f"{where}: invalid YAML: {exc}") from None
        if not isinstance(data, dict):
            raise ConfigError(f"{where}: expected a mapping of sections like 'discord:'")
    for name in list(data):
        _section(data, name, where)
    warnings = _unknown(data, ALLOWED, where)
    defaults = Settings()
    discord_ = _section(data, "discord", where)
    token_env = _text(discord_, "token_env", f"{where}: discord", defaults.token_env)
    api = env.get("DISCORD_API_BASE_URL") or _text(
        discord_, "api_base_url", f"{where}: discord", defaults.api_base_url)
    gateway = env.get("DISCORD_GATEWAY_URL") or _text(
        discord_, "gateway_url", f"{where}: discord", defaults.gateway_url)
    database = _section(data, "database", where)
    db_path = Path(str(database.get("path", defaults.database_path))).expanduser()
    if path is not None and not db_path.is_absolute():
        db_path = path.parent / db_path
    db_url = _database_url(env.get("SECONDWIND_DATABASE_URL") or database.get("url"), where)
    content_paths = _content_paths(_section(data, "content", where), where, path)
    zone = _text(_section(data, "defaults", where), "timezone", f"{where}: defaults",
                 defaults.default_timezone)
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(f"{where}: defaults.timezone: unknown time zone {zone!r}: "
                          "use an IANA name like Europe/London") from None
    catch_up = _section(data, "schedules", where).get("catch_up_minutes",
                                                      defaults.catch_up_minutes)
    if isinstance(catch_up, bool) or not isinstance(catch_up, int) or not 0 <= catch_up <= 1440:
        raise ConfigError(f"{where}: schedules.catch_up_minutes: expected whole minutes "
                          f"from 0 to 1440, got {catch_up!r}")
    level = str(_section(data, "logging", where).get("level", defaults.log_level)).upper()
    if level not in LOG_LEVELS:
        raise ConfigError(f"{where}: logging.level: expected one of {', '.join(LOG_LEVELS)}, "
                          f"got {level!r}")
    return Settings(
        token_env=token_env,
        api_base_url=_url(api, "discord.api_base_url", where, ("http://", "https://")),
        gateway_url=_url(gateway, "discord.gateway_url", where, ("ws://", "wss://")),
        sync_commands=_sync(discord_.get("sync_commands", "global"), where),
        database_path=db_path,
        content_paths=content_paths,
        default_timezone=zone,
        catch_up_minutes=catch_up,
        log_level=level,
        database_url=db_url,
        rest_requests_per_second=_rate(discord_, "rest_requests_per_second", where,
                                       defaults.rest_requests_per_second) or 0.0,
        process_requests_per_second=_rate(discord_, "process_requests_per_second", where,
                                          None),
        metrics_listen=_listen(_section(data, "metrics", where).get("listen"), where),
        warnings=tuple(warnings),
    )


def _content_paths(section: dict, where: str, config_path: Path | None) -> tuple[Path, ...]:
    raw = section.get("paths")
    if raw is None:
        return (SHIPPED_CONTENT,)
    if not isinstance(raw, list) or not raw or not all(isinstance(p, str) for p in raw):
        raise ConfigError(f"{where}: content.paths: expected a list of folders, got {raw!r}")
    base = config_path.parent if config_path else Path.cwd()
    paths = []
    for item in raw:
        folder = SHIPPED_CONTENT if item == "shipped" else (base / item).expanduser()
        if not folder.is_dir():
            raise ConfigError(f"{where}: content.paths: {item!r} is not a folder")
        paths.append(folder)
    return tuple(paths)
