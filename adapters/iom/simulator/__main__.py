"""``python -m adapters.iom.simulator``: serve the IOM simulator on its demo port (8104)."""

import uvicorn

from adapters.iom.simulator.settings import SimulatorSettings


def main() -> None:
    """Serve ``app_from_environment`` on ``SIMULATOR_IOM_HOST``:``SIMULATOR_IOM_PORT``."""
    settings = SimulatorSettings()
    uvicorn.run(
        "adapters.iom.simulator.app:app_from_environment",
        factory=True,
        host=settings.host,
        port=settings.port,
    )


if __name__ == "__main__":
    main()
