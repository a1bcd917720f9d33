"""Settings: defaults without a file, environment overrides, one-line errors, exit code 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import DEFAULT_API_BASE_URL, SHIPPED_CONTENT, Settings, load_settings
from bot.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text)
    return path


def test_no_file_gives_working_defaults() -> None:
    settings = load_settings(None, environ={})
    assert settings.api_base_url == DEFAULT_API_BASE_URL
    assert settings.sync_commands == "global"
    assert settings.content_paths == (SHIPPED_CONTENT,)
    assert settings.catch_up_minutes == 120
    assert settings.default_timezone == "UTC"


def test_example_file_is_valid(tmp_path: Path) -> None:
    example = Path(__file__).resolve().parent.parent / "config.example.yaml"
    settings = load_settings(example, environ={})
    # Copying the example must not move the database away from its default place.
    assert settings.database_path == Settings().database_path
    assert settings.warnings == ()


def test_environment_overrides_urls(tmp_path: Path) -> None:
    path = write(tmp_path, "discord:\n  api_base_url: https://proxy.example/api/v10\n")
    settings = load_settings(path, environ={"DISCORD_API_BASE_URL": "http://127.0.0.1:9/api/v10",
                                            "DISCORD_GATEWAY_URL": "ws://127.0.0.1:9/gateway"})
    assert settings.api_base_url == "http://127.0.0.1:9/api/v10"
    assert settings.gateway_url == "ws://127.0.0.1:9/gateway"


def test_token_comes_from_named_variable_and_is_not_in_repr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MY_BOT_TOKEN", "secret-token-value")
    settings = load_settings(write(tmp_path, "discord:\n  token_env: MY_BOT_TOKEN\n"), environ={})
    assert settings.token() == "secret-token-value"
    assert "secret-token-value" not in repr(settings)


@pytest.mark.parametrize("text, message", [
    ("discord:\n  sync_commands: sometimes\n",
     "discord.sync_commands: expected 'global', 'off' or a guild id, got 'sometimes'"),
    ("discord: [1, 2]\n", "discord: expected a mapping of settings"),
    ("discord:\n  api_base_url: ftp://x\n", "discord.api_base_url: expected a URL"),
    ("defaults:\n  timezone: Mars/Base\n", "defaults.timezone: unknown time zone 'Mars/Base'"),
    ("schedules:\n  catch_up_minutes: -5\n", "schedules.catch_up_minutes: expected whole minutes"),
    ("logging:\n  level: LOUD\n", "logging.level: expected one of DEBUG, INFO, WARNING, ERROR"),
    ("content:\n  paths: [nowhere]\n", "content.paths: 'nowhere' is not a folder"),
    ("discord:\n  token_env: [unclosed\n", ":3: invalid YAML"),
])
def test_malformed_settings_give_one_line(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(write(tmp_path, text), environ={})
    assert message in str(caught.value)
    assert str(caught.value).startswith(str(tmp_path / "config.yaml"))
    assert "\n" not in str(caught.value)


def test_unknown_keys_are_a_warning_naming_the_nearest_key(tmp_path: Path) -> None:
    path = write(tmp_path, "discord:\n  tokn_env: X\ndatabse:\n  path: x.db\n")
    settings = load_settings(path, environ={})
    assert settings.token_env == "DISCORD_TOKEN"
    assert settings.warnings == (
        f"{path}: discord.tokn_env: unknown setting, ignored (did you mean discord.token_env?)",
        f"{path}: databse: unknown section, ignored (did you mean database?)")
    result = subprocess.run([sys.executable, "-m", "bot", "--config", str(path), "content",
                             "stats"], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0
    assert f"warning: {path}: discord.tokn_env: unknown setting" in result.stderr


def test_unquoted_off_means_off(tmp_path: Path) -> None:
    for text in ("off", "no", "false", "'off'"):
        settings = load_settings(write(tmp_path, f"discord:\n  sync_commands: {text}\n"),
                                 environ={})
        assert settings.sync_commands == "off", text


def test_a_config_that_is_not_utf8_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "config.yaml"
    path.write_text("discord:\n  sync_commands: off\n", encoding="utf-16")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    assert str(caught.value) == (f"{path}: not UTF-8 text (saved as UTF-16 or another "
                                 "encoding?): save it as UTF-8")


def test_a_token_of_blanks_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "   \t")
    assert Settings().token() is None


def test_cli_exits_2_with_the_line_and_no_traceback(tmp_path: Path) -> None:
    path = write(tmp_path, "discord:\n  sync_commands: sometimes\n")
    result = subprocess.run([sys.executable, "-m", "bot", "--config", str(path), "content",
                             "stats"], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"{path}: discord.sync_commands: expected 'global', 'off' or a guild id, got 'sometimes'")
