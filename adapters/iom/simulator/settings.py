"""Settings of the IOM simulator, from ``SIMULATOR_IOM_*`` environment variables.

The fault knobs (``SIMULATOR_IOM_LATENCY_MS`` ...) are read by ``adapters.simulation``; these
are the rest: the store, the demo population, the OAuth client it accepts, how long its
tokens live and how fast referrals move on by themselves.
"""

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from adapters.iom.config import DEVELOPMENT_CLIENT_ID, DEVELOPMENT_CLIENT_SECRET

DEMO_PORT = 8104


class SimulatorSettings(BaseSettings):
    """How the stand-in for IOM's system runs."""

    model_config = SettingsConfigDict(env_prefix="SIMULATOR_IOM_", extra="ignore")

    store: str = "var/simulators/iom.db"
    seed: int = 42
    households: int = Field(default=60, ge=1, le=5000)
    client_id: str = DEVELOPMENT_CLIENT_ID
    client_secret: SecretStr = SecretStr(DEVELOPMENT_CLIENT_SECRET)
    token_lifetime_seconds: int = Field(default=300, ge=1, le=86_400)
    auto_progress_seconds: float = Field(
        default=0.0, ge=0, description="Move referrals on by themselves after this delay; 0 = off"
    )
    host: str = "127.0.0.1"
    port: int = Field(default=DEMO_PORT, ge=1, le=65_535)
