"""What the KIRS tests share: the adapter connected to a simulator in memory, the demo people."""

import datetime as dt
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from functools import cache
from pathlib import Path
from typing import Any

import httpx
from starlette.applications import Starlette

from adapters.kirs import KirsAdapter, KirsSettings
from adapters.simulation import AgencyPerson, agency_people
from gateway.schema.agency import PersonIdentity, ReferralCancellation, ReferralDelivery

BASE_URL = "http://kirs.test"
SAMPLES = Path(__file__).parent / "samples"
SimulatorFactory = Callable[..., Starlette]
"""Builds a simulator over the test's own seeded store (fixture ``make_simulator``)."""


@cache
def kirs_people() -> tuple[AgencyPerson, ...]:
    """The demo people the simulator seeds (default seed and size), computed once."""
    return tuple(agency_people("kirs"))


def sample(name: str) -> bytes:
    """A golden sample of the native format."""
    return (SAMPLES / name).read_bytes()


@asynccontextmanager
async def connected(app: Starlette, **settings: Any) -> AsyncIterator[KirsAdapter]:
    """A KIRS adapter talking to ``app`` in memory, with these settings changed."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield KirsAdapter(http, KirsSettings(base_url=BASE_URL, **settings))


@asynccontextmanager
async def admin(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """A plain HTTP client for the simulator's admin endpoints."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as http:
        yield http


def referral(**changes: object) -> ReferralDelivery:
    """A CSW referral of the first seeded person to KIRS's housing call."""
    head = kirs_people()[0]
    person = head.member.person
    fields = {
        **{"referral_id": "7f1c2a9e-referral", "from_agency": "csw", "service": "housing_call"},
        **{"priority": "high", "needs": ["housing", "health"], "local_id": head.local_id},
        **{"municipality": head.household.municipality, "notes_category": "housing"},
        "person": PersonIdentity(
            **person.model_dump(include={"given_name", "family_name", "jmbg", "birth_date", "sex"})
        ),
    }
    return ReferralDelivery.model_validate(fields | changes)


def cancellation(agency_reference: str, **changes: object) -> ReferralCancellation:
    """CSW withdrawing the referral of ``referral()`` that KIRS numbered ``agency_reference``."""
    fields = {
        **{"referral_id": "7f1c2a9e-referral", "agency_reference": agency_reference},
        **{"reason": "Породица се одселила у Ниш"},
        "cancelled_at": dt.datetime(2025, 3, 4, 9, 30, tzinfo=dt.UTC),
    }
    return ReferralCancellation.model_validate(fields | changes)
