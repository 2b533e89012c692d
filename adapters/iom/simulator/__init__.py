"""The IOM simulator: a stand-in for IOM Serbia's case-management system (see ``app``)."""

from adapters.iom.simulator.app import app_from_environment, create_simulator

__all__ = ["app_from_environment", "create_simulator"]
