"""``python -m adapters.iom.simulator [--host H] [--port P]``: serve it on its demo port (8104)."""

from adapters.iom.simulator.settings import SimulatorSettings
from adapters.simulation import serve

if __name__ == "__main__":
    serve("iom", SimulatorSettings())
