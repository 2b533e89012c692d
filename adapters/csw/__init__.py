"""The Centres for Social Work (CSW) adapter: household case files, rights decided, referrals.

Published fact: a centre in each municipality decides the rights of the Law on Social
Protection and keeps a case file per household through the stages of assessment. This
project's model, not CSW's: the central case-file API, its field names, every Cyrillic code
word in ``codes`` and the number patterns (``СЦР-vranje-2025-0001``, ``УП-2026-000041``); see
``README.md``. ``create_adapter`` gives the adapter the gateway uses; ``create_simulator`` the
stand-in for CSW's central case-file API used by the demo, the tests and the benchmarks.
"""

import httpx

from adapters.base import AgencyAdapter
from adapters.csw.adapter import CswAdapter
from adapters.csw.config import CswSettings
from adapters.csw.simulator.app import create_simulator

__all__ = ["CswAdapter", "CswSettings", "create_adapter", "create_simulator"]


def create_adapter(http: httpx.AsyncClient) -> AgencyAdapter:
    """The CSW adapter over the gateway's shared HTTP client, configured from the environment."""
    return CswAdapter(http, CswSettings())
