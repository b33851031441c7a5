"""Settings (`vivify.settings`): given, then the environment, then the config file, then the
defaults; a bad config file is one sentence that never echoes its values."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from vivify.settings import SettingsError, load_settings


def test_defaults_follow_xdg(tmp_path: Path) -> None:
    settings = load_settings(environ={"XDG_DATA_HOME": str(tmp_path), "HOME": str(tmp_path)})
    assert settings.data_dir == tmp_path / "vivify"
    assert settings.policy is None and settings.sign_cert is None


def test_given_beats_environment_beats_file(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('data_dir = "/from/file"\ntsa_url = "http://tsa.example"\n')
    environ = {"VIVIFY_CONFIG": str(config)}
    assert load_settings(environ=environ).data_dir == Path("/from/file")
    assert load_settings(environ=environ).tsa_url == "http://tsa.example"
    environ["VIVIFY_DATA_DIR"] = "/from/env"
    assert load_settings(environ=environ).data_dir == Path("/from/env")
    given = load_settings({"data_dir": Path("/given"), "policy": None}, environ=environ)
    assert given.data_dir == Path("/given")


def test_the_usual_config_file_is_read_when_it_exists(tmp_path: Path) -> None:
    (tmp_path / "vivify").mkdir()
    (tmp_path / "vivify" / "config.toml").write_text('policy = "/etc/vivify/policy.toml"\n')
    settings = load_settings(environ={"XDG_CONFIG_HOME": str(tmp_path), "HOME": str(tmp_path)})
    assert settings.policy == Path("/etc/vivify/policy.toml")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        ('data_dir = "/x"\nsign_key_password = "hunter2"\n', "does not know: sign_key_password"),
        ('tsa_url = "http://x" oops hunter2\n', "is not valid TOML"),
        (b"\xff\xfe hunter2", "is not valid TOML (not UTF-8)"),
        ("data_dir = 42\n", "'data_dir' is not valid"),
        ("x" * 70_000, "is larger than 64 KB"),
    ],
)
def test_a_bad_config_file_is_one_sentence_without_its_values(
    tmp_path: Path, content: str | bytes, says: str
) -> None:
    config = tmp_path / "config.toml"
    if isinstance(content, bytes):
        config.write_bytes(content)
    else:
        config.write_text(content)
    with pytest.raises(SettingsError) as caught:
        load_settings(environ={"VIVIFY_CONFIG": str(config)})
    message = str(caught.value)
    assert says in message and "\n" not in message
    assert "hunter2" not in message


def test_a_config_that_is_no_file_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for path in (fifo, tmp_path / "missing.toml", tmp_path):
        with pytest.raises(SettingsError, match="does not exist or is not a file"):
            load_settings(environ={"VIVIFY_CONFIG": str(path)})
