"""The IOM Serbia adapter: AVRR and reintegration cases, referrals to IOM, IOM's events.

Published fact: IOM's AVRR programme (counselling, arrival assistance, reintegration plans with
budget lines in EUR, a sustainability survey). This project's model, not IOM's: the JSON API,
its OAuth scopes and field names, every code in ``codes`` and the id patterns
(``RS-AVRR-2024-0001``, ``RS-REF-2025-00042``); see ``README.md``. ``create_adapter`` is what
``adapters.configured`` calls; ``create_simulator`` builds the stand-in for IOM's system
(``adapters.iom.simulator``) for the demo and the tests.
"""

import httpx

from adapters.base import AgencyAdapter
from adapters.iom.adapter import IomAdapter
from adapters.iom.config import IomSettings
from adapters.iom.simulator import create_simulator

__all__ = ["IomAdapter", "IomSettings", "create_adapter", "create_simulator"]


def create_adapter(http: httpx.AsyncClient) -> AgencyAdapter:
    """The IOM adapter over the gateway's shared HTTP client, configured from the environment."""
    return IomAdapter(http, IomSettings())
