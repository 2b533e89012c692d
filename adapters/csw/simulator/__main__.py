"""Serve the CSW simulator on the demo port: ``python -m adapters.csw.simulator [--port N]``."""

import argparse

import uvicorn

from adapters.csw.simulator.app import DEMO_PORT


def main() -> None:
    """Parse the host and port and run the simulator under uvicorn."""
    parser = argparse.ArgumentParser(description="The simulated CSW central case-file API")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=DEMO_PORT)
    arguments = parser.parse_args()
    uvicorn.run(
        "adapters.csw.simulator.app:app_from_environment",
        factory=True,
        host=arguments.host,
        port=arguments.port,
    )


if __name__ == "__main__":
    main()
