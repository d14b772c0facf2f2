import pytest

from shared.settings import SettingsError, load_settings, mask_url


def test_defaults_need_no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REDIS_URL", raising=False)
    settings = load_settings()
    assert settings.redis_url == "redis://127.0.0.1:6379/0"
    assert settings.reclaim_idle == 30 and settings.max_attempts == 5
    assert settings.live_queue == 10_000


def test_environment_variables_and_durations(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "rediss://:pw@cache.internal:6380/2")
    monkeypatch.setenv("FLIGHTDECK_RECLAIM_IDLE", "1500ms")
    monkeypatch.setenv("FLIGHTDECK_STREAM_MAXLEN", "5000")
    settings = load_settings()
    assert settings.reclaim_idle == 1.5
    assert settings.stream_maxlen == 5000
    assert settings.redis_url_masked == "rediss://:***@cache.internal:6380/2"


def test_every_bad_variable_is_named_and_secrets_stay_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "http://admin:hunter2@cache:6379")
    monkeypatch.setenv("FLIGHTDECK_RECLAIM_IDLE", "soon")
    monkeypatch.setenv("FLIGHTDECK_MAX_ATTEMPTS", "0")
    monkeypatch.setenv("FLIGHTDECK_LIVE_QUEUE", "100")  # under one read of the hub's: every client dropped at once
    with pytest.raises(SettingsError) as error:
        load_settings()
    text = str(error.value)
    assert "REDIS_URL: must start with redis://, rediss:// or unix://" in text
    assert "FLIGHTDECK_RECLAIM_IDLE: 'soon' is not a duration" in text
    assert "FLIGHTDECK_MAX_ATTEMPTS: Input should be greater than or equal to 1" in text
    assert "FLIGHTDECK_LIVE_QUEUE: Input should be greater than or equal to 500" in text
    assert "hunter2" not in text


def test_consumer_names_differ_per_replica() -> None:
    settings = load_settings()
    assert settings.consumer_for("monitor") != settings.consumer_for("monitor")
    assert settings.consumer_for("monitor").startswith("monitor-")
    assert load_settings(consumer_name="fixed").consumer_for("monitor") == "fixed"


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("redis://localhost:6379/0", "redis://localhost:6379/0"),
        ("redis://u:p@h:1/0", "redis://u:***@h:1/0"),
        ("redis://:secret@h/0", "redis://:***@h/0"),
    ],
)
def test_mask_url(url: str, masked: str) -> None:
    assert mask_url(url) == masked


def test_a_url_with_a_password_and_a_port_that_is_no_number_is_masked_whole() -> None:
    from shared.settings import mask_url

    assert mask_url("redis://:s3cret@host:notaport/0") == "<unparseable URL>"
    assert mask_url("redis://:s3cret@host:6380/0") == "redis://:***@host:6380/0"
