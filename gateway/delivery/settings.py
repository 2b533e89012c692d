"""Settings of the delivery workers and of webhooks (env prefix ``GATEWAY_DELIVERY_``).

Kept apart from ``gateway.config.Settings`` like the audit trail's periodic settings: only the
workers and the delivery admin routes read them. ``GATEWAY_DELIVERY_WORKER=false`` keeps
``gateway serve`` from running a worker (run ``gateway worker`` processes instead).
``GATEWAY_CALLBACK_HOSTS`` lists, per agency, the hosts its webhook callbacks may point at:
``kirs=hooks.kirs.gov.rs|127.0.0.1,nes=*.nsz.gov.rs`` (``*.`` allows the subdomains;
``host:port`` allows a port other than 443, see ``callbacks``).
"""

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class DeliverySettings(BaseSettings):
    """How workers claim, deliver and retry, and where webhooks may go."""

    model_config = SettingsConfigDict(
        env_prefix="GATEWAY_DELIVERY_", extra="ignore", validate_by_name=True
    )

    worker: bool = Field(default=True, description="Run a worker inside `gateway serve`")
    batch_size: int = Field(default=50, ge=1, le=1000, description="Jobs claimed at once")
    concurrency: int = Field(default=64, ge=1, le=1000, description="Deliveries in flight")
    poll_seconds: float = Field(default=0.5, gt=0, le=60, description="Idle look-up interval")
    lease_seconds: float = Field(
        default=60.0, gt=0, le=3600, description="How long a claim lasts before others retake it"
    )
    max_attempts: int = Field(default=20, ge=1, le=10_000)
    backoff_base_seconds: float = Field(default=2.0, ge=0, le=3600)
    backoff_cap_seconds: float = Field(default=600.0, ge=0, le=86_400)
    status_poll_seconds: float = Field(
        default=30.0, ge=0, le=86_400, description="Ask agencies for news this often; 0: never"
    )
    callback_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    callback_hosts: str = Field(
        default="",
        validation_alias=AliasChoices("GATEWAY_CALLBACK_HOSTS"),
        description="agency=host|host pairs: where each agency's callbacks may point",
    )
