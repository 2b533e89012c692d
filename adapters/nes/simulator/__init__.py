"""The NES simulator: NES's job-seeker register and referral desk as a standalone ASGI app."""

from adapters.nes.simulator.app import app_from_environment, create_simulator

__all__ = ["app_from_environment", "create_simulator"]
