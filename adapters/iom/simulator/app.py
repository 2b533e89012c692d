"""The stand-in for IOM Serbia's case-management system: a Starlette app with its own store.

Routes (IOM's API, JSON in English, OAuth 2.0 bearer tokens from its own token endpoint):

    POST /oauth/token                    client credentials, client_secret_basic
    GET  /api/cases/{caseId}             cases:read
    GET  /api/cases?nationalId=...       cases:read (no other search)
    POST /api/referrals                  referrals:write, Idempotency-Key header
    GET  /api/referrals/{referralId}     referrals:read
    POST /api/referrals/{referralId}/cancellation
                                         referrals:write, Idempotency-Key header
    /_admin/faults, /_admin/referrals[/{reference}/{action}], /_admin/tokens,
    /_admin/cases/{caseId}/event         no auth: tools for tests and the demo

The store (SQLite, ``DocumentStore``) is seeded on first start with the demo population's IOM
cases (``seed``). Run it with ``python -m adapters.iom.simulator`` or
``uvicorn --factory adapters.iom.simulator.app:app_from_environment``.
"""

from typing import Unpack

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from adapters.iom.simulator.admin import case_event, revoke_tokens, token_counts
from adapters.iom.simulator.cases import read_case, search_cases
from adapters.iom.simulator.oauth import TokenIssuer, oauth_error, token_endpoint
from adapters.iom.simulator.referral_book import ReferralBook
from adapters.iom.simulator.referrals import (
    admin_act,
    admin_referrals,
    cancel_referral,
    receive_referral,
    referral_status,
)
from adapters.iom.simulator.seed import seed_cases
from adapters.iom.simulator.settings import Options, SimulatorSettings
from adapters.simulation import DocumentStore, Faults, GarbledReply, simulator_app

MALFORMED_BODY = b'{"caseId": "RS-AVRR-2024-0137", "caseStatus": "IN_PROGR'
"""A reply cut off mid-way, as a proxy that dropped the connection would leave it."""

ROUTES = [
    Route("/oauth/token", token_endpoint, methods=["POST"]),
    Route("/api/cases", search_cases, methods=["GET"]),
    Route("/api/cases/{case_id}", read_case, methods=["GET"]),
    Route("/api/referrals", receive_referral, methods=["POST"]),
    Route("/api/referrals/{referral_id}", referral_status, methods=["GET"]),
    Route("/api/referrals/{referral_id}/cancellation", cancel_referral, methods=["POST"]),
    Route("/_admin/referrals", admin_referrals, methods=["GET"]),
    Route("/_admin/referrals/{reference}/{action}", admin_act, methods=["POST"]),
    Route("/_admin/tokens", token_counts, methods=["GET"]),
    Route("/_admin/tokens", revoke_tokens, methods=["DELETE"]),
    Route("/_admin/cases/{case_id}/event", case_event, methods=["GET"]),
]


def create_simulator(
    *, store_path: str, faults: Faults | None = None, **options: Unpack[Options]
) -> Starlette:
    """IOM's simulated system; options left out come from ``SIMULATOR_IOM_*`` variables."""
    settings = SimulatorSettings().overridden(**options)
    store = DocumentStore(store_path)
    seed_cases(store, seed=settings.seed, households=settings.households)
    app = simulator_app(
        "iom",
        store=store,
        routes=ROUTES,
        faults=faults,
        garbled=GarbledReply(MALFORMED_BODY, "application/json"),
        exception_handlers=_ERROR_HANDLERS,
    )
    app.state.tokens = TokenIssuer(
        client_id=settings.client_id,
        client_secret=settings.client_secret.get_secret_value(),
        lifetime_seconds=settings.token_lifetime_seconds,
    )
    app.state.referrals = ReferralBook(store, auto_progress_seconds=settings.auto_progress_seconds)
    return app


def app_from_environment() -> Starlette:
    """The simulator as ``SIMULATOR_IOM_*`` variables configure it (the uvicorn factory)."""
    return create_simulator(store_path=SimulatorSettings().store)


async def _http_error(_request: Request, error: Exception) -> Response:
    """Unknown paths and methods answer in IOM's error style too."""
    status = error.status_code if isinstance(error, HTTPException) else 500
    code = {404: "not_found", 405: "method_not_allowed"}.get(status, "server_error")
    return oauth_error(code, status, "see IOM's API documentation")


_ERROR_HANDLERS = {404: _http_error, 405: _http_error}
