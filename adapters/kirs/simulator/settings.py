"""Settings of the KIRS simulator, from ``SIMULATOR_KIRS_...`` environment variables.

The common ones (store, population, referral pace, address) are ``CommonSimulatorSettings``;
the fault knobs are read by ``adapters.simulation``; here are the rest: the demo port and the
WS-Security account the simulated service accepts.
"""

from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict

from adapters.kirs.config import DEVELOPMENT_PASSWORD, DEVELOPMENT_USERNAME
from adapters.simulation import CommonSimulatorSettings

DEMO_PORT = 8101


class SimulatorSettings(CommonSimulatorSettings):
    """The simulator's settings, from ``SIMULATOR_KIRS_...`` variables."""

    model_config = SettingsConfigDict(env_prefix="SIMULATOR_KIRS_")

    store: str = "var/simulators/kirs.db"
    port: int = DEMO_PORT
    username: str = DEVELOPMENT_USERNAME
    password: SecretStr = SecretStr(DEVELOPMENT_PASSWORD)
