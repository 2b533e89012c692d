"""Settings of the NES simulator, from ``SIMULATOR_NES_...`` environment variables.

The common ones (store, population, referral pace, address) are ``CommonSimulatorSettings``;
the fault knobs are read by ``adapters.simulation``; here are the rest: the demo port (the
adapter's default address) and the API key the simulated API accepts.
"""

from pydantic_settings import SettingsConfigDict

from adapters.nes.config import DEFAULT_BASE_URL, DEVELOPMENT_API_KEY
from adapters.simulation import CommonSimulatorSettings, SimulatorOptions

DEMO_PORT = int(DEFAULT_BASE_URL.rsplit(":", 1)[1])


class SimulatorSettings(CommonSimulatorSettings):
    """The simulator's own settings (the fault knobs are read by ``adapters.simulation``)."""

    model_config = SettingsConfigDict(env_prefix="SIMULATOR_NES_")

    store: str = "var/simulators/nes.db"
    port: int = DEMO_PORT
    api_key: str = DEVELOPMENT_API_KEY


class Options(SimulatorOptions, total=False):
    """``create_simulator``'s options: the common ones and the API key it accepts."""

    api_key: str | None
