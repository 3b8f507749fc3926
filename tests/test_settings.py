"""Settings from ``QUOTES_*`` variables: typed defaults, clear errors."""

from __future__ import annotations

import pytest

from api.settings import ServerSettings, Settings


def test_settings_read_typed_values() -> None:
    settings = Settings.from_env({"QUOTES_MAX_CHARACTERS": "500", "QUOTES_MODEL": "en_core_web_lg"})
    assert (settings.max_characters, settings.model) == (500, "en_core_web_lg")
    server = ServerSettings.from_env({"QUOTES_WORKERS": "3", "QUOTES_BIND": "0.0.0.0:9000"})
    assert (server.workers, server.bind) == (3, "0.0.0.0:9000")


@pytest.mark.parametrize(
    ("kind", "environ", "message"),
    [
        (Settings, {"QUOTES_MAX_CHARACTERS": "many"}, "QUOTES_MAX_CHARACTERS must be a whole number, not 'many'"),
        (Settings, {"QUOTES_MAX_CHARACTERS": "0"}, "QUOTES_MAX_CHARACTERS must be positive, not 0"),
        (ServerSettings, {"QUOTES_WORKERS": "two"}, "QUOTES_WORKERS must be a whole number, not 'two'"),
        (ServerSettings, {"QUOTES_DRAIN_SECONDS": "-1"}, "QUOTES_DRAIN_SECONDS must not be negative, not -1"),
    ],
)
def test_settings_refuse_what_is_not_a_setting(
    kind: type[Settings] | type[ServerSettings], environ: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        kind.from_env(environ)


def test_settings_server_defaults_follow_the_machine_and_the_limits() -> None:
    server = ServerSettings.from_env({"QUOTES_MAX_BATCH_CHARACTERS": "400000"})
    assert server.workers >= 1 and server.timeout == 120 and server.upstream_timeout == 130
