"""The simulated KIRS readmission service: a standalone Starlette app with its own SQLite store.

``create_simulator`` builds it for tests and the demo; ``app_from_environment`` reads
``SIMULATOR_KIRS_...`` variables so it runs under
``uvicorn --factory adapters.kirs.simulator.app:app_from_environment`` (demo port 8101).
The service speaks SOAP 1.1 at ``POST /soap`` (``service``); the fault knobs and the admin
endpoints are under ``/_admin/``. A garbled reply, when the knobs ask for one, is a SOAP
response cut off in the middle, as a dropped connection behind the bus leaves it.
"""

from typing import Unpack

from starlette.applications import Starlette
from starlette.routing import Route

from adapters.kirs import soap
from adapters.kirs.simulator.admin import admin_routes
from adapters.kirs.simulator.receptions import ReceptionRegister
from adapters.kirs.simulator.referrals import ReferralDesk
from adapters.kirs.simulator.service import KirsService
from adapters.kirs.simulator.settings import SimulatorSettings
from adapters.simulation import DocumentStore, Faults, GarbledReply, SimulatorOptions, simulator_app

MALFORMED_REPLY = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<soap:Envelope xmlns:soap="'
    + soap.SOAP_NS.encode()
    + b'"><soap:Body><kir:PreuzmiPrijemOdgovor xmlns:kir="urn:kirs.gov.rs:readmisija:v1">'
    + b"<kir:PrijemOsobe><kir:BrojPrijema>KIRS-2025-0"
)


def create_simulator(
    *, store_path: str, faults: Faults | None = None, **options: Unpack[SimulatorOptions]
) -> Starlette:
    """The simulator over the store at ``store_path``, seeded on first start.

    Options left out come from ``SIMULATOR_KIRS_...`` variables (``SimulatorSettings``).
    """
    settings = SimulatorSettings().overridden(**options)
    store = DocumentStore(store_path)
    receptions = ReceptionRegister(store)
    receptions.seed(seed=settings.seed, households=settings.households)
    desk = ReferralDesk(store, auto_progress_seconds=settings.auto_progress_seconds)
    credentials = soap.Credentials(settings.username, settings.password.get_secret_value())
    service = KirsService(receptions=receptions, referrals=desk, credentials=credentials)
    soap_route = Route("/soap", service.endpoint, methods=["POST"])
    return simulator_app(
        "kirs",
        store=store,
        routes=[soap_route, *admin_routes(receptions, desk)],
        faults=faults,
        garbled=GarbledReply(MALFORMED_REPLY, soap.CONTENT_TYPE),
    )


def app_from_environment() -> Starlette:
    """The simulator as the environment describes it (``SIMULATOR_KIRS_STORE`` ...)."""
    return create_simulator(store_path=SimulatorSettings().store)
