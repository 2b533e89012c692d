"""HTTP routes of referrals under ``/v1``; thin: parse, call one service, return."""

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Response, status

from gateway.auth.caller import ReferralsRead, ReferralsWrite, require_scope
from gateway.concurrency import etag
from gateway.db import SessionDep
from gateway.dependencies import AdaptersDep
from gateway.errors import problem_responses
from gateway.pagination import DEFAULT_PAGE_SIZE, Cursor, Limit
from gateway.referrals import catalogue, routing, service
from gateway.referrals.catalogue_schemas import ServicePublic
from gateway.referrals.lifecycle import Status
from gateway.referrals.schemas import (
    OverdueReferral,
    ReferralCreate,
    ReferralPublic,
    ReferralSummary,
    ReferralTransition,
    SuggestionRequest,
    Suggestions,
)
from gateway.schema.pages import Page
from gateway.schema.types import AgencyCode

router = APIRouter(prefix="/v1", tags=["referrals"])

IfMatch = Annotated[
    str | None, Header(max_length=200, description="Optionally, the ETag of the version read")
]
Direction = Annotated[
    Literal["sent", "received"] | None,
    Query(description="Only referrals the caller's agency sent, or received"),
]
READ = problem_responses(400, 401, 403, 404, 422, 429)
LIST = problem_responses(400, 401, 403, 422, 429)
WRITE = problem_responses(400, 401, 403, 404, 409, 412, 413, 415, 422, 429)


def _versioned(response: Response, version: int, location: str | None = None) -> None:
    response.headers["ETag"] = etag(version)
    if location is not None:
        response.headers["Location"] = location


@router.post("/referrals", status_code=status.HTTP_201_CREATED, responses=WRITE)
def create_referral(
    body: ReferralCreate,
    session: SessionDep,
    caller: ReferralsWrite,
    adapters: AdaptersDep,
    response: Response,
) -> ReferralPublic:
    """Refer a person or household to the agency providing a service; delivery follows."""
    referral = service.create_referral(session, body=body, caller=caller, agencies=set(adapters))
    _versioned(response, referral.version, f"/v1/referrals/{referral.id}")
    return referral


@router.get("/referrals", responses=LIST)
def list_referrals(
    session: SessionDep,
    caller: ReferralsRead,
    direction: Direction = None,
    status: Annotated[Status | None, Query()] = None,
    person_id: Annotated[uuid.UUID | None, Query()] = None,
    household_id: Annotated[uuid.UUID | None, Query()] = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE_SIZE,
) -> Page[ReferralSummary]:
    """List the referrals the caller's agency sent or received."""
    items, next_cursor = service.list_referrals(
        session,
        caller=caller,
        direction=direction,
        status=status,
        person_id=person_id,
        household_id=household_id,
        cursor=cursor,
        limit=limit,
    )
    return Page(items=items, next_cursor=next_cursor)


@router.get("/referrals/overdue", responses=LIST)
def overdue_referrals(
    session: SessionDep,
    caller: ReferralsRead,
    direction: Direction = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE_SIZE,
) -> Page[OverdueReferral]:
    """List open referrals past their due date (not accepted or not completed), for follow-up."""
    items, next_cursor = service.overdue_referrals(
        session, caller=caller, direction=direction, cursor=cursor, limit=limit
    )
    return Page(items=items, next_cursor=next_cursor)


@router.post("/referrals/suggest", responses=problem_responses(400, 401, 403, 413, 415, 422, 429))
def suggest_referrals(
    body: SuggestionRequest, session: SessionDep, caller: ReferralsWrite
) -> Suggestions:
    """Propose referrals for a person's or household's open needs, by the routing rules."""
    return routing.suggest(session, body=body, caller=caller)


@router.get("/referrals/{referral_id}", responses=READ)
def read_referral(
    referral_id: uuid.UUID, session: SessionDep, caller: ReferralsRead, response: Response
) -> ReferralPublic:
    """Read a referral of the caller's agency, with its history and its delivery."""
    referral = service.read_referral(session, referral_id=referral_id, caller=caller)
    _versioned(response, referral.version)
    return referral


@router.post("/referrals/{referral_id}/transitions", responses=WRITE)
def change_referral_status(
    referral_id: uuid.UUID,
    body: ReferralTransition,
    session: SessionDep,
    caller: ReferralsWrite,
    response: Response,
    if_match: IfMatch = None,
) -> ReferralPublic:
    """Change a referral's status: the receiving agency accepts and closes, the sender cancels."""
    referral = service.change_status(
        session, referral_id=referral_id, body=body, caller=caller, if_match=if_match
    )
    _versioned(response, referral.version)
    return referral


@router.get("/referral-services", responses=LIST, dependencies=[require_scope("referrals:read")])
def list_referral_services(
    session: SessionDep, agency: Annotated[AgencyCode | None, Query()] = None
) -> list[ServicePublic]:
    """The active services of the catalogue, optionally of one agency."""
    return catalogue.list_services(session, agency=agency, active_only=True)
