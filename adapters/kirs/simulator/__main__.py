"""``python -m adapters.kirs.simulator [--host H] [--port P]``: serve it on its demo port (8101)."""

from adapters.kirs.simulator.settings import SimulatorSettings
from adapters.simulation import serve

if __name__ == "__main__":
    serve("kirs", SimulatorSettings())
