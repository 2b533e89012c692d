"""The Centres for Social Work (CSW) adapter: household case files, rights decided, referrals.

``create_adapter`` gives the adapter the gateway uses; ``create_simulator`` the stand-in for
CSW's central case-file API used by the demo, the tests and the benchmarks.
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
