"""Settings of the CSW adapter, read from ``ADAPTER_CSW_...`` environment variables.

The defaults reach the demo simulator on 127.0.0.1:8103 with its development credentials; with
``GATEWAY_ENVIRONMENT=production`` the settings refuse to load while the password is the
development one.
"""

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from adapters.base import AdapterSettings

DEMO_BASE_URL = "http://127.0.0.1:8103"
DEVELOPMENT_USERNAME = "gateway"
DEVELOPMENT_PASSWORD = "csw-dev-secret"  # noqa: S105 - the simulator's published default


class CswSettings(AdapterSettings):
    """How to reach the CSW central case-file API and whom to log in as (HTTP Basic)."""

    model_config = SettingsConfigDict(env_prefix="ADAPTER_CSW_", extra="ignore")

    base_url: str = DEMO_BASE_URL
    username: str = DEVELOPMENT_USERNAME
    credential: SecretStr | None = Field(
        default=SecretStr(DEVELOPMENT_PASSWORD), description="The HTTP Basic password"
    )
    search_page_size: int = Field(default=25, ge=1, le=100)
    search_max_pages: int = Field(
        default=20, ge=1, le=1000, description="A search stops after this many pages"
    )
    environment: str = Field(
        default="development",
        validation_alias=AliasChoices("GATEWAY_ENVIRONMENT", "environment"),
    )

    @model_validator(mode="after")
    def _refuse_development_password_in_production(self) -> "CswSettings":
        if self.credential is None:
            raise ValueError("ADAPTER_CSW_CREDENTIAL (the HTTP Basic password) is required")
        development = self.credential.get_secret_value() == DEVELOPMENT_PASSWORD
        if self.environment == "production" and development:
            raise ValueError(
                "refusing to start in production: ADAPTER_CSW_CREDENTIAL is the default"
            )
        return self

    def password(self) -> str:
        """The HTTP Basic password in clear, for the moment a request is signed."""
        return self.credential.get_secret_value() if self.credential else ""
