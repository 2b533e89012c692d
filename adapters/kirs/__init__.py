"""The adapter for KIRS, the Commissariat for Refugees and Migration (readmission service).

KIRS speaks SOAP 1.1 on the Government Service Bus with Serbian element names and Cyrillic
values. ``create_adapter`` is what the gateway's adapter registry calls; ``create_simulator``
builds the stand-in system the demo, the tests and the benchmarks talk to.
"""

import httpx

from adapters.base import AgencyAdapter
from adapters.kirs.adapter import KirsAdapter
from adapters.kirs.config import KirsSettings
from adapters.kirs.simulator.app import create_simulator

__all__ = ["KirsAdapter", "KirsSettings", "create_adapter", "create_simulator"]


def create_adapter(http: httpx.AsyncClient) -> AgencyAdapter:
    """The KIRS adapter over the gateway's shared HTTP client, configured from the environment."""
    return KirsAdapter(http, KirsSettings())
