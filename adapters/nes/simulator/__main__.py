"""Serve the NES simulator: ``python -m adapters.nes.simulator [--host H] [--port P]``."""

from adapters.nes.simulator.settings import SimulatorSettings
from adapters.simulation import serve

if __name__ == "__main__":
    serve("nes", SimulatorSettings())
