"""Settings of the gateway, read from the environment (prefix ``GATEWAY_``).

The defaults run the demo on an embedded SQLite file; production mode refuses to start with
any of the development defaults that are unsafe outside a developer's machine.
"""

import base64
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///var/gateway.db"
DEVELOPMENT_KEY_ENCRYPTION_KEY = "Z2F0ZXdheS1kZXZlbG9wbWVudC1rZXktb25seSEhISE"
"""32 bytes, base64url: encrypts signing keys at rest in development; refused in production."""


class Environment(StrEnum):
    development = "development"
    test = "test"
    production = "production"


class Settings(BaseSettings):
    """Everything the gateway can be configured with."""

    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    environment: Environment = Environment.development
    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=1, le=65535)
    log_level: str = Field(default="info", pattern="^(critical|error|warning|info|debug)$")
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    public_url: str = "http://127.0.0.1:8000"
    token_lifetime_seconds: int = Field(default=600, ge=30, le=900)
    token_leeway_seconds: int = Field(default=30, ge=0, le=120)
    key_encryption_key: SecretStr = SecretStr(DEVELOPMENT_KEY_ENCRYPTION_KEY)
    redis_url: str | None = None
    token_rate_limit: str = "30/minute"  # noqa: S105 (a rate, not a secret)
    failed_authentication_limit: str = "10/minute"
    api_rate_limit: str = "1200/minute"
    source_refusal_limit: str = Field(
        default="60/minute",
        description="Refused authentications per source address; its window also tallies "
        "refused anonymous calls on the audit trail",
    )
    consent_age: int = Field(
        default=15, ge=1, le=18, description="Below this age a guardian or the CSW consents"
    )
    adapters: str = Field(
        default="kirs=adapters.kirs,nes=adapters.nes,csw=adapters.csw,iom=adapters.iom",
        description="agency=module pairs: the adapter packages the gateway loads",
    )
    simulator_ports: str = "kirs=8101,nes=8102,csw=8103,iom=8104"
    demo_auto_progress_seconds: float = Field(
        default=20.0,
        ge=0,
        description="In the demo, seconds before an agency's simulator takes a referral's "
        "next step (accepts, starts, completes); 0: only by its admin endpoint",
    )
    federation_budget_seconds: float = Field(default=1.5, gt=0, le=30)
    database_ping_after_idle_seconds: float = Field(
        default=10.0,
        ge=0,
        description="A pooled PostgreSQL connection idle this long is pinged before reuse; "
        "one reused sooner is not",
    )
    host_duties_lock: Path | None = Field(
        default=None,
        description="The file whose lock picks the one server process of a host that runs the "
        "delivery worker and periodic checkpoints (default: one per database in the temp dir)",
    )

    @field_validator("key_encryption_key")
    @classmethod
    def _key_is_32_bytes(cls, value: SecretStr) -> SecretStr:
        encoded = value.get_secret_value()
        try:
            raw = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        except ValueError:
            raw = b""
        if len(raw) != 32:
            raise ValueError(
                "GATEWAY_KEY_ENCRYPTION_KEY must be 32 random bytes, base64url-encoded"
            )
        return value

    @model_validator(mode="after")
    def _refuse_development_defaults_in_production(self) -> "Settings":
        if self.environment is Environment.production:
            problems = self.production_problems()
            if problems:
                raise ValueError("refusing to start in production: " + "; ".join(problems))
        return self

    def production_problems(self) -> list[str]:
        """The development defaults that production mode does not accept."""
        problems = []
        if self.database_url == DEFAULT_DATABASE_URL:
            problems.append("GATEWAY_DATABASE_URL is the development SQLite file")
        if self.public_url.startswith("http://"):
            problems.append("GATEWAY_PUBLIC_URL must be an https:// address")
        if self.key_encryption_key.get_secret_value() == DEVELOPMENT_KEY_ENCRYPTION_KEY:
            problems.append("GATEWAY_KEY_ENCRYPTION_KEY is the development key")
        return problems

    @property
    def issuer(self) -> str:
        """The ``iss`` of the tokens the gateway issues: its public address."""
        return self.public_url.rstrip("/")

    @property
    def token_endpoint(self) -> str:
        """The address clients send token requests (and their assertions' ``aud``) to."""
        return f"{self.issuer}/oauth/token"

    @cached_property
    def sqlalchemy_url(self) -> str:
        """The database URL with the psycopg 3 driver named for PostgreSQL."""
        return normalise_database_url(self.database_url)

    def sqlite_path(self) -> Path | None:
        """The file of an SQLite database, or None for any other database."""
        prefix = "sqlite:///"
        if self.sqlalchemy_url.startswith(prefix) and ":memory:" not in self.sqlalchemy_url:
            return Path(self.sqlalchemy_url.removeprefix(prefix))
        return None


def normalise_database_url(url: str) -> str:
    """Name the psycopg 3 driver for PostgreSQL URLs that name none."""
    for scheme in ("postgres://", "postgresql://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url.removeprefix(scheme)
    return url
