"""IOM's case endpoints: one case by id, and the search IOM allows (by national id only).

Both need a token with ``cases:read``. IOM does not let partners look people up by name
(data minimisation in its data-protection principles): any other filter is a 400.
"""

import re

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from adapters.iom.simulator.oauth import oauth_error, requires
from adapters.iom.simulator.seed import CASES
from adapters.simulation import DocumentStore

_NATIONAL_ID = re.compile(r"[0-9]{13}")


@requires("cases:read")
async def read_case(request: Request) -> Response:
    """``GET /api/cases/{caseId}``: the whole case."""
    store: DocumentStore = request.app.state.store
    case = store.get(CASES, request.path_params["case_id"])
    if case is None:
        return oauth_error("not_found", 404, "no case with this caseId")
    return JSONResponse(case)


@requires("cases:read")
async def search_cases(request: Request) -> Response:
    """``GET /api/cases?nationalId=...``: the cases of one person."""
    unsupported = sorted(set(request.query_params) - {"nationalId"})
    if unsupported:
        return oauth_error("unsupported_filter", 400, "cases can be searched by nationalId only")
    national_id = request.query_params.get("nationalId", "")
    if not _NATIONAL_ID.fullmatch(national_id):
        return oauth_error("invalid_request", 400, "nationalId must be 13 digits")
    store: DocumentStore = request.app.state.store
    results = [
        case
        for _, case in store.all(CASES)
        if case.get("beneficiary", {}).get("nationalId") == national_id
    ]
    return JSONResponse({"results": results, "count": len(results)})
