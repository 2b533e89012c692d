"""The simulated CSW central case-file API as one Starlette app, with its own SQLite store.

On first start the store is filled with the case files of the demo people who carry a CSW case
number (``seed.seeded_cases``), the same people and numbers the gateway's demo data holds.
Requests to ``/api/`` need HTTP Basic credentials; ``/_admin/`` is an open loopback tool (fault
knobs, referrals). The fault knobs of ``adapters.simulation`` apply to every other request; a
garbled reply is CSW JSON cut off in the middle.

Run it with ``python -m adapters.csw.simulator`` or
``uvicorn --factory adapters.csw.simulator.app:app_from_environment``; the environment gives
``SIMULATOR_CSW_STORE``, ``SIMULATOR_CSW_AUTO_PROGRESS_SECONDS`` and the other ``settings``.
"""

from typing import Unpack

from starlette.applications import Starlette
from starlette.middleware import Middleware

from adapters.csw.simulator.auth import BasicAuthGuard
from adapters.csw.simulator.cases import CASES, case_routes
from adapters.csw.simulator.referrals import ReferralDesk
from adapters.csw.simulator.seed import seeded_cases
from adapters.csw.simulator.settings import Options, SimulatorSettings
from adapters.simulation import DocumentStore, Faults, GarbledReply, simulator_app

MALFORMED_BODY = '{"brojPredmeta": "СЦР-beograd-zemun-2026-01'.encode()
"""A case file cut off mid-string: what a dropped connection behind a proxy looks like."""
MEDIA_TYPE = "application/json; charset=utf-8"


def create_simulator(
    *, store_path: str, faults: Faults | None = None, **options: Unpack[Options]
) -> Starlette:
    """The simulator over the store at ``store_path``, seeded if the store is empty.

    Options left out come from ``SIMULATOR_CSW_...`` variables (``SimulatorSettings``).
    """
    settings = SimulatorSettings().overridden(**options)
    store = DocumentStore(store_path)
    if store.count(CASES) == 0:
        for case in seeded_cases(seed=settings.seed, households=settings.households):
            store.put(CASES, case.broj_predmeta, case.wire())
    desk = ReferralDesk(store, auto_progress_seconds=settings.auto_progress_seconds)
    password = settings.password.get_secret_value()
    return simulator_app(
        "csw",
        store=store,
        routes=[*case_routes(store), *desk.routes()],
        faults=faults,
        garbled=GarbledReply(MALFORMED_BODY, MEDIA_TYPE),
        guard=Middleware(BasicAuthGuard, username=settings.username, password=password),
    )


def app_from_environment() -> Starlette:
    """The simulator configured by ``SIMULATOR_CSW_...`` variables (a uvicorn factory)."""
    return create_simulator(store_path=SimulatorSettings().store)
