"""Settings of the KIRS adapter, from ``ADAPTER_KIRS_...`` variables; secrets as ``SecretStr``.

The defaults talk to the simulator on its demo port with its development credentials. With
``GATEWAY_ENVIRONMENT=production`` the settings refuse the development password and a plain
``http://`` address: the Government Service Bus is reached over TLS only.
"""

from pydantic import AliasChoices, Field, SecretStr, model_validator
from pydantic_settings import SettingsConfigDict

from adapters.base import AdapterSettings

DEVELOPMENT_USERNAME = "gateway"
DEVELOPMENT_PASSWORD = "kirs-dev-secret"  # noqa: S105 - the simulator's published default


class KirsSettings(AdapterSettings):
    """Where the KIRS readmission service is and how the gateway signs in to it."""

    model_config = SettingsConfigDict(
        env_prefix="ADAPTER_KIRS_", extra="ignore", validate_by_name=True, validate_by_alias=True
    )

    base_url: str = "http://127.0.0.1:8101"
    endpoint_path: str = "/soap"
    username: SecretStr = SecretStr(DEVELOPMENT_USERNAME)
    password: SecretStr = SecretStr(DEVELOPMENT_PASSWORD)
    max_reply_bytes: int = Field(default=1_048_576, ge=1024)
    environment: str = Field(
        default="development",
        validation_alias=AliasChoices("ADAPTER_KIRS_ENVIRONMENT", "GATEWAY_ENVIRONMENT"),
    )

    @model_validator(mode="after")
    def _refuse_development_defaults_in_production(self) -> "KirsSettings":
        if self.environment == "production":
            problems = self.production_problems()
            if problems:
                raise ValueError("refusing the KIRS adapter in production: " + "; ".join(problems))
        return self

    def production_problems(self) -> list[str]:
        """The development defaults that production does not accept."""
        problems = []
        if self.password.get_secret_value() == DEVELOPMENT_PASSWORD:
            problems.append("ADAPTER_KIRS_PASSWORD is the development password")
        if not self.base_url.startswith("https://"):
            problems.append("ADAPTER_KIRS_BASE_URL must be an https:// address")
        return problems

    @property
    def endpoint(self) -> str:
        """The address every SOAP request is posted to."""
        return self.base_url.rstrip("/") + self.endpoint_path
