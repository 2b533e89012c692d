"""``python -m adapters.kirs.simulator``: serve the simulator on its demo port (8101)."""

import uvicorn

from adapters.kirs.simulator.app import SimulatorSettings

if __name__ == "__main__":
    settings = SimulatorSettings()
    uvicorn.run(
        "adapters.kirs.simulator.app:app_from_environment",
        factory=True,
        host=settings.host,
        port=settings.port,
    )
