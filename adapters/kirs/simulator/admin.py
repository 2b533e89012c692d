"""The simulator's admin endpoints (``/_admin/...``): a loopback tool for tests and the demo.

No authentication, as for the fault knobs: a simulator only ever listens on loopback.

- ``GET /_admin/referrals``: every referral received, as JSON, with its current status
- ``POST /_admin/referrals/{number}/{action}``: accept, reject, start or complete a referral;
  the JSON body may carry ``reason`` and ``service_delivered``; a move the referral cannot make
  (any, once it is withdrawn: ``сторниран``) is refused with 409
- ``GET /_admin/notices/{reception}``: the ``ObavestenjeOPrijemu`` KIRS would push for a
  reception, to replay it to the gateway
"""

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.kirs import soap
from adapters.kirs.simulator.receptions import ReceptionRegister
from adapters.kirs.simulator.referrals import ACTIONS, IllegalTransition, ReferralDesk
from adapters.simulation import ADMIN_PREFIX


def admin_routes(receptions: ReceptionRegister, desk: ReferralDesk) -> list[Route]:
    """The KIRS-specific admin routes."""

    async def referrals(_request: Request) -> JSONResponse:
        return JSONResponse(desk.all())

    async def act(request: Request) -> JSONResponse:
        number, action = request.path_params["number"], request.path_params["action"]
        if action not in ACTIONS:
            return _error(404, f"unknown action; use one of {', '.join(ACTIONS)}")
        body = await _json_body(request)
        if body is None:
            return _error(422, "the body must be a JSON object, or empty")
        return _acted(desk, number, action, body)

    async def notice(request: Request) -> Response:
        message = receptions.notice(request.path_params["reception"])
        if message is None:
            return _error(404, "no such reception")
        return Response(message, media_type=soap.CONTENT_TYPE)

    return [
        Route(f"{ADMIN_PREFIX}/referrals", referrals, methods=["GET"]),
        Route(f"{ADMIN_PREFIX}/referrals/{{number}}/{{action}}", act, methods=["POST"]),
        Route(f"{ADMIN_PREFIX}/notices/{{reception}}", notice, methods=["GET"]),
    ]


def _acted(desk: ReferralDesk, number: str, action: str, body: dict[str, Any]) -> JSONResponse:
    reason, delivered = body.get("reason"), body.get("service_delivered")
    if not isinstance(reason, str | None) or not isinstance(delivered, bool | None):
        return _error(422, "reason must be text and service_delivered true or false")
    try:
        referral = desk.act(number, action, reason=reason, service_delivered=delivered)
    except IllegalTransition as error:
        return _error(409, str(error))
    if referral is None:
        return _error(404, "no such referral")
    return JSONResponse(referral)


async def _json_body(request: Request) -> dict[str, Any] | None:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        body = await request.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)
