"""Settings: environment variables, database URLs, and the refusal of development defaults."""

import pytest
from pydantic import ValidationError

from gateway.config import Environment, Settings, normalise_database_url


def test_settings_are_read_from_gateway_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_PORT", "9123")
    monkeypatch.setenv("GATEWAY_LOG_LEVEL", "debug")
    settings = Settings()
    assert (settings.port, settings.log_level) == (9123, "debug")


def test_production_refuses_the_development_defaults() -> None:
    with pytest.raises(ValidationError) as raised:
        Settings(environment=Environment.production)
    message = str(raised.value)
    assert "GATEWAY_DATABASE_URL" in message
    assert "https://" in message
    assert "GATEWAY_KEY_ENCRYPTION_KEY is the development key" in message


def test_a_key_encryption_key_of_the_wrong_size_is_refused() -> None:
    with pytest.raises(ValidationError, match="32 random bytes"):
        Settings(key_encryption_key="c2hvcnQ")


def test_production_starts_with_real_settings() -> None:
    settings = Settings(
        environment=Environment.production,
        database_url="postgresql://gateway@db.internal/gateway",
        public_url="https://gateway.example.rs",
        key_encryption_key="bm90LXRoZS1kZXZlbG9wbWVudC1rZXktYXQtYWxsLi4",
    )
    assert settings.sqlalchemy_url == "postgresql+psycopg://gateway@db.internal/gateway"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:///var/x.db", "sqlite:///var/x.db"),
    ],
)
def test_postgresql_urls_name_the_psycopg_driver(given: str, expected: str) -> None:
    assert normalise_database_url(given) == expected
