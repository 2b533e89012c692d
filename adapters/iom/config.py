"""Settings of the IOM adapter, from ``ADAPTER_IOM_*`` environment variables.

The defaults talk to the IOM simulator of the demo (port 8104) with its development client.
In production (``ADAPTER_IOM_ENVIRONMENT``, else ``GATEWAY_ENVIRONMENT``) the development
client secret is refused, so a forgotten variable cannot reach IOM's real system.
"""

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from adapters.base import AdapterSettings

DEVELOPMENT_CLIENT_ID = "returnee-gateway"
DEVELOPMENT_CLIENT_SECRET = "iom-dev-secret"  # noqa: S105 - the simulator's published default
DEFAULT_SCOPE = "cases:read referrals:read referrals:write"


class IomSettings(AdapterSettings):
    """Where IOM's case-management API is and how the gateway authenticates to it."""

    model_config = SettingsConfigDict(env_prefix="ADAPTER_IOM_", extra="ignore")

    base_url: str = "http://127.0.0.1:8104"
    timeout_seconds: float = Field(default=5.0, gt=0, le=120)
    client_id: str = Field(default=DEVELOPMENT_CLIENT_ID, min_length=1)
    client_secret: SecretStr = SecretStr(DEVELOPMENT_CLIENT_SECRET)
    token_path: str = "/oauth/token"  # noqa: S105 - a path, not a secret
    scope: str = DEFAULT_SCOPE
    token_renewal_margin_seconds: float = Field(
        default=30.0, ge=0, description="Renew a token this long before it expires"
    )
    environment: str = Field(
        default="development",
        validation_alias=AliasChoices("ADAPTER_IOM_ENVIRONMENT", "GATEWAY_ENVIRONMENT"),
    )

    @model_validator(mode="after")
    def _refuse_development_secret_in_production(self) -> "IomSettings":
        secret = self.client_secret.get_secret_value()
        if self.environment == "production" and secret == DEVELOPMENT_CLIENT_SECRET:
            raise ValueError("refusing to start in production: ADAPTER_IOM_CLIENT_SECRET is unset")
        return self
