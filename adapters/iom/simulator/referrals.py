"""IOM's referral endpoints, and the admin endpoints that play IOM's case workers.

``POST /api/referrals`` (``referrals:write``) takes a referral with an ``Idempotency-Key``
header: 201 and a ``Location`` for a new one, 200 with ``Idempotent-Replayed: true`` and the
first receipt for a key seen before, 422 ``idempotency_key_reused`` for a key seen with another
body, 422 ``unknown_case`` for a ``caseId`` IOM does not have.
``GET /api/referrals/{referralId}`` (``referrals:read``) gives the status history.
``POST /api/referrals/{referralId}/cancellation`` (``referrals:write``, ``Idempotency-Key``)
withdraws it for its sender: 200 and the status (also for one withdrawn already; with
``Idempotent-Replayed: true`` for a key seen before), 409 ``illegal_transition`` once IOM's
work started or ended, 404 for an unknown reference, 422 ``external_reference_mismatch`` for
another sender's id and ``idempotency_key_reused`` for a key seen with another body.
Under ``/_admin/`` (no auth, a loopback tool): every referral received, and the case worker's
actions ``accept``, ``reject``, ``start`` and ``complete``.
"""

import json
from typing import TypeVar

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from adapters.iom.native import CancellationRequest, ReferralRequest
from adapters.iom.simulator.oauth import oauth_error, requires
from adapters.iom.simulator.referral_book import (
    TRANSITIONS,
    IllegalTransition,
    KeyReused,
    ReferenceMismatch,
    ReferralBook,
    public_view,
    receipt,
)
from adapters.iom.simulator.seed import CASES
from adapters.simulation import DocumentStore

IDEMPOTENCY_KEY_LENGTH = 255
Body = TypeVar("Body", ReferralRequest, CancellationRequest)


@requires("referrals:write")
async def receive_referral(request: Request) -> Response:
    """``POST /api/referrals``: a referral to IOM, once per idempotency key."""
    keyed = await _keyed_request(request, ReferralRequest)
    if isinstance(keyed, Response):
        return keyed
    key, referral = keyed
    if referral.case_id and not _case_exists(request, referral.case_id):
        return oauth_error("unknown_case", 422, "caseId names no case at IOM")
    try:
        document, replayed = _book(request).receive(referral, key)
    except KeyReused:
        return oauth_error("idempotency_key_reused", 422, "the key was used for another referral")
    if replayed:
        return JSONResponse(receipt(document), headers={"Idempotent-Replayed": "true"})
    location = f"/api/referrals/{document['referralId']}"
    return JSONResponse(receipt(document), status_code=201, headers={"Location": location})


@requires("referrals:read")
async def referral_status(request: Request) -> Response:
    """``GET /api/referrals/{referralId}``: the status and its history, oldest first."""
    document = _book(request).get(request.path_params["referral_id"])
    if document is None:
        return oauth_error("not_found", 404, "no referral with this referralId")
    return JSONResponse(public_view(document))


@requires("referrals:write")
async def cancel_referral(request: Request) -> Response:
    """``POST /api/referrals/{referralId}/cancellation``: the sender withdraws the referral."""
    keyed = await _keyed_request(request, CancellationRequest)
    if isinstance(keyed, Response):
        return keyed
    key, cancellation = keyed
    try:
        answer = _book(request).cancel(request.path_params["referral_id"], cancellation, key)
    except KeyReused:
        return oauth_error("idempotency_key_reused", 422, "the key was used for another request")
    except ReferenceMismatch:
        detail = "externalReferenceId is not the referral's"
        return oauth_error("external_reference_mismatch", 422, detail)
    except IllegalTransition as error:
        return oauth_error("illegal_transition", 409, str(error))
    if answer is None:
        return oauth_error("not_found", 404, "no referral with this referralId")
    document, replayed = answer
    headers = {"Idempotent-Replayed": "true"} if replayed else None
    return JSONResponse(public_view(document), headers=headers)


async def admin_referrals(request: Request) -> Response:
    """``GET /_admin/referrals``: every referral received, with its request and key."""
    return JSONResponse({"referrals": _book(request).all()})


async def admin_act(request: Request) -> Response:
    """``POST /_admin/referrals/{reference}/{action}``: a case worker's decision."""
    action = request.path_params["action"]
    if action not in TRANSITIONS:
        return oauth_error("not_found", 404, f"actions: {', '.join(TRANSITIONS)}")
    detail = await _optional_json(request)
    try:
        document = _book(request).act(request.path_params["reference"], action, detail)
    except IllegalTransition as error:
        return oauth_error("illegal_transition", 409, str(error))
    if document is None:
        return oauth_error("not_found", 404, "no referral with this reference")
    return JSONResponse(document)


async def _keyed_request(request: Request, model: type[Body]) -> tuple[str, Body] | Response:
    """The idempotency key and the body of a write, or IOM's refusal of either."""
    key = _idempotency_key(request)
    if key is None:
        return oauth_error("idempotency_key_required", 400, "send an Idempotency-Key header")
    try:
        return key, model.model_validate_json(await request.body())
    except ValidationError as error:
        return _invalid_fields(error)


def _idempotency_key(request: Request) -> str | None:
    key = request.headers.get("idempotency-key", "").strip()
    return key if key and len(key) <= IDEMPOTENCY_KEY_LENGTH else None


def _invalid_fields(error: ValidationError) -> Response:
    fields = sorted({".".join(map(str, detail["loc"])) for detail in error.errors()})
    return oauth_error("invalid_request", 422, "invalid fields: " + ", ".join(fields))


def _case_exists(request: Request, case_id: str) -> bool:
    store: DocumentStore = request.app.state.store
    return store.get(CASES, case_id) is not None


def _book(request: Request) -> ReferralBook:
    book: ReferralBook = request.app.state.referrals
    return book


async def _optional_json(request: Request) -> dict[str, object]:
    body = await request.body()
    try:
        detail = json.loads(body) if body.strip() else {}
    except ValueError:
        return {}
    return detail if isinstance(detail, dict) else {}
