"""Serve the NES simulator: ``python -m adapters.nes.simulator [--host H] [--port P]``."""

import argparse

import uvicorn

from adapters.nes.config import DEFAULT_BASE_URL


def main() -> None:
    """Run the simulator under uvicorn on the demo port unless told otherwise."""
    parser = argparse.ArgumentParser(description="The NES simulator")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(DEFAULT_BASE_URL.rsplit(":", 1)[1]))
    arguments = parser.parse_args()
    uvicorn.run(
        "adapters.nes.simulator.app:app_from_environment",
        factory=True,
        host=arguments.host,
        port=arguments.port,
    )


if __name__ == "__main__":
    main()
