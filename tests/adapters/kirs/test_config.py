"""The KIRS adapter's settings: environment variables, secrets, production refusals."""

import pytest
from pydantic import ValidationError

from adapters.kirs import KirsSettings


def test_the_defaults_talk_to_the_simulator_on_its_demo_port() -> None:
    settings = KirsSettings()
    assert settings.endpoint == "http://127.0.0.1:8101/soap"
    assert settings.username.get_secret_value() == "gateway"
    assert settings.password.get_secret_value() == "kirs-dev-secret"
    assert "kirs-dev-secret" not in repr(settings)


def test_settings_are_read_from_adapter_kirs_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADAPTER_KIRS_BASE_URL", "https://gsb.example.gov.rs/kirs/")
    monkeypatch.setenv("ADAPTER_KIRS_TIMEOUT_SECONDS", "2.5")
    monkeypatch.setenv("ADAPTER_KIRS_PASSWORD", "from-the-vault")
    settings = KirsSettings()
    assert settings.endpoint == "https://gsb.example.gov.rs/kirs/soap"
    assert settings.timeout_seconds == 2.5
    assert settings.password.get_secret_value() == "from-the-vault"


def test_production_refuses_the_development_password_and_plain_http(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GATEWAY_ENVIRONMENT", "production")
    with pytest.raises(ValidationError, match="development password") as raised:
        KirsSettings()
    assert "https://" in str(raised.value)
    monkeypatch.setenv("ADAPTER_KIRS_PASSWORD", "from-the-vault")
    monkeypatch.setenv("ADAPTER_KIRS_BASE_URL", "https://gsb.example.gov.rs/kirs")
    assert KirsSettings().environment == "production"
