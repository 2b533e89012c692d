"""Serve the CSW simulator on the demo port: ``python -m adapters.csw.simulator [--port N]``."""

from adapters.csw.simulator.settings import SimulatorSettings
from adapters.simulation import serve

if __name__ == "__main__":
    serve("csw", SimulatorSettings())
