"""The simulated CSW central case-file API as one Starlette app, with its own SQLite store.

On first start the store is filled with the case files of the demo people who carry a CSW case
number (``seed.seeded_cases``), the same people and numbers the gateway's demo data holds.
Requests to ``/api/`` need HTTP Basic credentials; ``/_admin/`` is an open loopback tool (fault
knobs, referrals). The fault knobs of ``adapters.simulation`` apply to every other request; a
garbled reply is CSW JSON cut off in the middle.

Run it with ``python -m adapters.csw.simulator`` or
``uvicorn --factory adapters.csw.simulator.app:app_from_environment``; the environment gives
``SIMULATOR_CSW_STORE``, ``SIMULATOR_CSW_AUTO_PROGRESS_SECONDS`` and the other settings below.
"""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict
from starlette.applications import Starlette

from adapters.csw.simulator.auth import DEFAULT_PASSWORD, DEFAULT_USERNAME, BasicAuthGuard
from adapters.csw.simulator.cases import CASES, case_routes
from adapters.csw.simulator.referrals import ReferralDesk
from adapters.csw.simulator.seed import seeded_cases
from adapters.simulation import DocumentStore, Faults, with_faults

DEMO_PORT = 8103
MALFORMED_BODY = '{"brojPredmeta": "СЦР-beograd-zemun-2026-01'.encode()
"""A case file cut off mid-string: what a dropped connection behind a proxy looks like."""
MEDIA_TYPE = "application/json; charset=utf-8"


class SimulatorSettings(BaseSettings):
    """The simulator's settings from ``SIMULATOR_CSW_...`` variables."""

    model_config = SettingsConfigDict(env_prefix="SIMULATOR_CSW_", extra="ignore")

    store: str = "var/simulators/csw.db"
    auto_progress_seconds: float = Field(default=0.0, ge=0)
    seed: int = 42
    households: int = Field(default=60, ge=1, le=10_000)
    username: str = DEFAULT_USERNAME
    password: SecretStr = SecretStr(DEFAULT_PASSWORD)


def create_simulator(
    *,
    store_path: str,
    faults: Faults | None = None,
    seed: int = 42,
    households: int = 60,
    auto_progress_seconds: float = 0.0,
    username: str = DEFAULT_USERNAME,
    password: str = DEFAULT_PASSWORD,
) -> Starlette:
    """The simulator over the store at ``store_path``, seeded if the store is empty."""
    store = DocumentStore(store_path)
    if store.count(CASES) == 0:
        for case in seeded_cases(seed=seed, households=households):
            store.put(CASES, case.broj_predmeta, case.wire())
    desk = ReferralDesk(store, auto_progress_seconds=auto_progress_seconds)

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        store.close()

    app = Starlette(routes=[*case_routes(store), *desk.routes()], lifespan=lifespan)
    app.add_middleware(BasicAuthGuard, username=username, password=password)
    app.state.store = store
    return with_faults(
        app, agency="csw", faults=faults, malformed_body=MALFORMED_BODY, media_type=MEDIA_TYPE
    )


def app_from_environment() -> Starlette:
    """The simulator configured by ``SIMULATOR_CSW_...`` variables (a uvicorn factory)."""
    settings = SimulatorSettings()
    return create_simulator(
        store_path=settings.store,
        seed=settings.seed,
        households=settings.households,
        auto_progress_seconds=settings.auto_progress_seconds,
        username=settings.username,
        password=settings.password.get_secret_value(),
    )
