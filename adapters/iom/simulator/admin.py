"""Admin endpoints of the IOM simulator beyond the fault knobs and referrals (no auth, loopback).

``GET /_admin/tokens`` counts the tokens issued and live (tests prove renewal with it);
``DELETE /_admin/tokens`` revokes them all, as a restart of IOM's server would;
``GET /_admin/cases/{caseId}/event`` shows the ``case.updated`` event IOM would push for a case.
"""

import datetime as dt
import uuid

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from adapters.iom.simulator.oauth import TokenIssuer, oauth_error
from adapters.iom.simulator.seed import CASES
from adapters.simulation import DocumentStore


async def token_counts(request: Request) -> Response:
    """How many tokens were issued and how many are live."""
    tokens: TokenIssuer = request.app.state.tokens
    counts = {"issued": tokens.issued, "active": tokens.active()}
    return JSONResponse(counts | {"lifetimeSeconds": tokens.lifetime_seconds})


async def revoke_tokens(request: Request) -> Response:
    """Revoke every token: the next API call with one gets 401 ``invalid_token``."""
    tokens: TokenIssuer = request.app.state.tokens
    return JSONResponse({"revoked": tokens.revoke_all()})


async def case_event(request: Request) -> Response:
    """The ``case.updated`` event for a stored case, as IOM's webhook would send it."""
    store: DocumentStore = request.app.state.store
    case = store.get(CASES, request.path_params["case_id"])
    if case is None:
        return oauth_error("not_found", 404, "no case with this caseId")
    event = {
        "eventId": f"evt_{uuid.uuid4().hex}",
        "eventType": "case.updated",
        "occurredAt": dt.datetime.now(dt.UTC).isoformat(),
        "case": case,
    }
    return JSONResponse(event)
