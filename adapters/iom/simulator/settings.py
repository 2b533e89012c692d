"""Settings of the IOM simulator, from ``SIMULATOR_IOM_*`` environment variables.

The common ones (store, population, referral pace, address) are ``CommonSimulatorSettings``;
the fault knobs (``SIMULATOR_IOM_LATENCY_MS`` ...) are read by ``adapters.simulation``; here are
the rest: the demo port, the OAuth client it accepts and how long its tokens live.
"""

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from adapters.iom.config import DEVELOPMENT_CLIENT_ID, DEVELOPMENT_CLIENT_SECRET
from adapters.simulation import CommonSimulatorSettings, SimulatorOptions

DEMO_PORT = 8104


class SimulatorSettings(CommonSimulatorSettings):
    """How the stand-in for IOM's system runs."""

    model_config = SettingsConfigDict(env_prefix="SIMULATOR_IOM_")

    store: str = "var/simulators/iom.db"
    households: int = Field(default=60, ge=1, le=5000)
    port: int = DEMO_PORT
    client_id: str = DEVELOPMENT_CLIENT_ID
    client_secret: SecretStr = SecretStr(DEVELOPMENT_CLIENT_SECRET)
    token_lifetime_seconds: int = Field(default=300, ge=1, le=86_400)


class Options(SimulatorOptions, total=False):
    """``create_simulator``'s options: the common ones and how long its tokens live."""

    token_lifetime_seconds: int | None
