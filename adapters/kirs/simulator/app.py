"""The simulated KIRS readmission service: a standalone Starlette app with its own SQLite store.

``create_simulator`` builds it for tests and the demo; ``app_from_environment`` reads
``SIMULATOR_KIRS_...`` variables so it runs under
``uvicorn --factory adapters.kirs.simulator.app:app_from_environment`` (demo port 8101).
The service speaks SOAP 1.1 at ``POST /soap`` (``service``); the fault knobs and the admin
endpoints are under ``/_admin/``. A garbled reply, when the knobs ask for one, is a SOAP
response cut off in the middle, as a dropped connection behind the bus leaves it.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from starlette.applications import Starlette
from starlette.routing import Route

from adapters.kirs import soap
from adapters.kirs.config import DEVELOPMENT_PASSWORD, DEVELOPMENT_USERNAME
from adapters.kirs.simulator.admin import admin_routes
from adapters.kirs.simulator.receptions import ReceptionRegister
from adapters.kirs.simulator.referrals import ReferralDesk
from adapters.kirs.simulator.service import KirsService
from adapters.simulation import DocumentStore, Faults, with_faults

MALFORMED_REPLY = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<soap:Envelope xmlns:soap="'
    + soap.SOAP_NS.encode()
    + b'"><soap:Body><kir:PreuzmiPrijemOdgovor xmlns:kir="urn:kirs.gov.rs:readmisija:v1">'
    + b"<kir:PrijemOsobe><kir:BrojPrijema>KIRS-2025-0"
)


class SimulatorSettings(BaseSettings):
    """The simulator's settings, from ``SIMULATOR_KIRS_...`` variables."""

    model_config = SettingsConfigDict(env_prefix="SIMULATOR_KIRS_", extra="ignore")

    store: str = "var/simulators/kirs.db"
    seed: int = 42
    households: int = Field(default=60, ge=1)
    auto_progress_seconds: float = Field(default=0, ge=0)
    username: str = DEVELOPMENT_USERNAME
    password: SecretStr = SecretStr(DEVELOPMENT_PASSWORD)
    host: str = "127.0.0.1"
    port: int = 8101


def create_simulator(
    *,
    store_path: str,
    faults: Faults | None = None,
    seed: int = 42,
    households: int = 60,
    auto_progress_seconds: float | None = None,
) -> Starlette:
    """The simulator over the store at ``store_path``, seeded on first start."""
    settings = SimulatorSettings()
    store = DocumentStore(store_path)
    receptions = ReceptionRegister(store)
    receptions.seed(seed=seed, households=households)
    progress = (
        settings.auto_progress_seconds if auto_progress_seconds is None else auto_progress_seconds
    )
    desk = ReferralDesk(store, auto_progress_seconds=progress)
    credentials = soap.Credentials(settings.username, settings.password.get_secret_value())
    service = KirsService(receptions=receptions, referrals=desk, credentials=credentials)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        store.close()

    routes = [Route("/soap", service.endpoint, methods=["POST"]), *admin_routes(receptions, desk)]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.store = store
    return with_faults(
        app,
        agency="kirs",
        faults=faults,
        malformed_body=MALFORMED_REPLY,
        media_type=soap.CONTENT_TYPE,
    )


def app_from_environment() -> Starlette:
    """The simulator as the environment describes it (``SIMULATOR_KIRS_STORE`` ...)."""
    settings = SimulatorSettings()
    return create_simulator(
        store_path=settings.store, seed=settings.seed, households=settings.households
    )
