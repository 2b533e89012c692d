"""The adapter for KIRS, the Commissariat for Refugees and Migration (readmission service).

Published fact: KIRS's Readmission Office receives people returned under the readmission
agreement and keeps a reception record of each, with their family, documents and urgent needs.
This project's model, not KIRS's: the SOAP 1.1 service on the Government Service Bus, its
operations, element names and faults, every Cyrillic code word in ``codes`` and the number
patterns (``KIRS-2024-000123``, ``UP-2025-000042``); see ``README.md``. ``create_adapter`` is
what the gateway's adapter registry calls; ``create_simulator`` builds the stand-in system the
demo, the tests and the benchmarks talk to.
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
