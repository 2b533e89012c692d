"""The NES adapter: the National Employment Service's job-seeker register and referral desk.

Published fact: NES keeps the job-seeker register and runs the active labour-market measures
(job club, job-search training, labour-market training, internships, adult education,
subsidies, public works). This project's model, not NES's: the JSON API, its field names, every
code in ``codes`` (the measure codes ``SAV``, ``KTP`` ... are invented, not NES's official
codes) and the number patterns (``NSZ-000000001``, ``UP-2026-000001``); see ``README.md``.

``create_adapter`` builds the adapter over the gateway's shared HTTP client with settings from
``ADAPTER_NES_...``; ``create_simulator`` builds the stand-in for NES's system. Layout:
``native`` (the format), ``codes`` (NES's code lists and their map to ours), ``mapping`` and
``referral_mapping`` (pure translation), ``events`` (pushed events), ``client`` (HTTP and
errors), ``adapter`` (the interface), ``config``, ``simulator/``.
"""

import httpx

from adapters.base import AgencyAdapter
from adapters.nes.adapter import NesAdapter
from adapters.nes.client import NesClient
from adapters.nes.config import NesSettings
from adapters.nes.simulator import create_simulator

__all__ = ["NesAdapter", "NesSettings", "create_adapter", "create_simulator"]


def create_adapter(http: httpx.AsyncClient) -> AgencyAdapter:
    """The NES adapter over the gateway's shared HTTP client, configured from the environment."""
    return NesAdapter(NesClient(http, NesSettings()))
