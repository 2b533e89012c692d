"""Settings of the CSW simulator, from ``SIMULATOR_CSW_...`` environment variables.

The common ones (store, population, referral pace, address) are ``CommonSimulatorSettings``;
the fault knobs are read by ``adapters.simulation``; here are the rest: the demo port and the
HTTP Basic account the simulated API accepts.
"""

from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict

from adapters.csw.simulator.auth import DEFAULT_PASSWORD, DEFAULT_USERNAME
from adapters.simulation import CommonSimulatorSettings, SimulatorOptions

DEMO_PORT = 8103


class SimulatorSettings(CommonSimulatorSettings):
    """The simulator's settings from ``SIMULATOR_CSW_...`` variables."""

    model_config = SettingsConfigDict(env_prefix="SIMULATOR_CSW_")

    store: str = "var/simulators/csw.db"
    port: int = DEMO_PORT
    username: str = DEFAULT_USERNAME
    password: SecretStr = SecretStr(DEFAULT_PASSWORD)


class Options(SimulatorOptions, total=False):
    """``create_simulator``'s options: the common ones and the account it accepts."""

    username: str | None
    password: str | None
