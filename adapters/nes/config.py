"""Settings of the NES adapter, from ``ADAPTER_NES_...`` variables; the API key as a secret.

The defaults talk to the NES simulator of the demo (``http://127.0.0.1:8102``) with its
development key. With ``GATEWAY_ENVIRONMENT=production`` the settings refuse that key.
"""

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from adapters.base import AdapterSettings

DEVELOPMENT_API_KEY = "nes-dev-key"
"""The key the simulator accepts unless told otherwise; refused in production."""
DEFAULT_BASE_URL = "http://127.0.0.1:8102"


class NesSettings(AdapterSettings):
    """Where NES's API is, how long to wait for it, and the key it issued to the gateway."""

    model_config = SettingsConfigDict(
        env_prefix="ADAPTER_NES_", extra="ignore", validate_by_name=True, validate_by_alias=True
    )

    base_url: str = DEFAULT_BASE_URL
    credential: SecretStr | None = Field(
        default=SecretStr(DEVELOPMENT_API_KEY),
        description="The API key NES issued to the gateway, sent in the API key header",
        validation_alias=AliasChoices("ADAPTER_NES_API_KEY", "ADAPTER_NES_CREDENTIAL"),
    )
    api_key_header: str = Field(default="X-Api-Kljuc", min_length=1)
    environment: str = Field(
        default="development", validation_alias=AliasChoices("GATEWAY_ENVIRONMENT")
    )

    @model_validator(mode="after")
    def _refuse_the_development_key_in_production(self) -> "NesSettings":
        if self.environment == "production" and self.api_key == DEVELOPMENT_API_KEY:
            raise ValueError("ADAPTER_NES_API_KEY is the development key: refused in production")
        return self

    @property
    def api_key(self) -> str:
        """The API key in clear, for the request header only."""
        return "" if self.credential is None else self.credential.get_secret_value()
