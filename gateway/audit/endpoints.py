"""HTTP routes of the audit trail under ``/v1/audit``; thin: parse, call one service, return.

Auditors (scope ``audit:read``) query, export and verify the trail and make subject access
reports and checkpoints; any agency client may read checkpoints, and key clients countersign
them.
"""

import re
import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, status
from fastapi.responses import HTMLResponse, StreamingResponse
from pydantic import BeforeValidator, StringConstraints

from gateway.audit import service
from gateway.audit.context import CASE_REFERENCE_PATTERN
from gateway.audit.export import MEDIA_TYPES, ExportFormat
from gateway.audit.report_html import STYLESHEET, Language, render
from gateway.audit.repository import EntryFilter
from gateway.audit.schemas import (
    AuditPage,
    CheckpointPage,
    CheckpointPublic,
    SubjectReport,
    VerificationReport,
    WitnessCreate,
    WitnessPublic,
)
from gateway.auth.caller import AnyCaller, AuditRead, require_scope
from gateway.db import SessionDep
from gateway.dependencies import KeyRingDep, SessionFactoryDep, SettingsDep
from gateway.errors import FieldProblem, InvalidRequest, problem_responses
from gateway.pagination import DEFAULT_PAGE_SIZE, Cursor, Limit
from gateway.schema.types import AgencyCode, Instant, coded
from gateway.security_headers import printable_page

router = APIRouter(prefix="/v1/audit", tags=["audit"])

LIST = problem_responses(400, 401, 403, 422, 429, 503)
ONE = problem_responses(400, 401, 403, 404, 422, 429, 503)
WITNESS = problem_responses(400, 401, 403, 404, 409, 413, 422, 429, 503)
_STRING = {"schema": {"type": "string"}}
EXPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The matching entries, oldest first, streamed",
        "content": {MEDIA_TYPES["csv"].split(";")[0]: _STRING, MEDIA_TYPES["ndjson"]: _STRING},
    },
    **LIST,
}
REPORT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The report", "content": {"text/html": _STRING}},
    **ONE,
}
CheckpointNumber = Annotated[int, Path(ge=1, le=2_147_483_647)]
PurposeCode = Annotated[
    str, StringConstraints(max_length=64, pattern=r"^[a-z][a-z0-9_]*$"), coded("purposes")
]
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", re.I)


def _rfc3339(value: object) -> object:
    """Only an RFC 3339 date-time (pydantic alone would also read a number as a timestamp)."""
    if not isinstance(value, str) or not _RFC3339.match(value):
        raise ValueError("expected an RFC 3339 date-time with an offset, e.g. 2026-03-01T00:00:00Z")
    return value


QueryInstant = Annotated[Instant, BeforeValidator(_rfc3339)]


def entry_filter(
    subject: Annotated[
        str | None,
        Query(max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$", description="A subject's id"),
    ] = None,
    actor: Annotated[
        str | None,
        Query(max_length=64, pattern=r"^[a-z0-9_-]+$", description="The acting client's id"),
    ] = None,
    agency: Annotated[AgencyCode | None, Query(description="The acting agency")] = None,
    purpose: Annotated[PurposeCode | None, Query(description="The purpose of the access")] = None,
    action: Annotated[
        str | None,
        Query(max_length=64, pattern=r"^[a-z][a-z_]*(\.[a-z][a-z_]*)*$", examples=["person.read"]),
    ] = None,
    decision: Annotated[Literal["permit", "deny"] | None, Query()] = None,
    case_reference: Annotated[str | None, Query(pattern=CASE_REFERENCE_PATTERN)] = None,
    since: Annotated[QueryInstant | None, Query(description="From this time (inclusive)")] = None,
    until: Annotated[QueryInstant | None, Query(description="Before this time")] = None,
) -> EntryFilter:
    """The filter of a query or export; the time range must not be reversed."""
    if since is not None and until is not None and since >= until:
        problem = FieldProblem(location="query.until", message="must be later than since")
        raise InvalidRequest("The time range is empty.", errors=[problem])
    return EntryFilter(
        subjects=(subject,) if subject else (),
        actor_client=actor,
        actor_agency=agency,
        purpose=purpose,
        action=action,
        decision=decision,
        case_reference=case_reference,
        since=since,
        until=until,
    )


Filters = Annotated[EntryFilter, Depends(entry_filter)]


@router.get("/events", responses=LIST)
def list_events(
    session: SessionDep,
    caller: AuditRead,
    filters: Filters,
    order: Annotated[Literal["newest", "oldest"], Query()] = "newest",
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE_SIZE,
) -> AuditPage:
    """Query the trail by subject, actor, agency, purpose, action, decision and time."""
    return service.list_entries(
        session, caller, filters, cursor=cursor, limit=limit, newest_first=order == "newest"
    )


@router.get("/export", responses=EXPORT_RESPONSES, response_class=StreamingResponse)
def export_events(
    session: SessionDep,
    caller: AuditRead,
    filters: Filters,
    factory: SessionFactoryDep,
    format: Annotated[ExportFormat, Query()] = "ndjson",
) -> StreamingResponse:
    """Export the matching entries as CSV or JSON Lines, streamed."""
    body = service.start_export(session, factory, caller, filters, format)
    return StreamingResponse(body, media_type=MEDIA_TYPES[format])


@router.get("/verify", responses=ONE)
def verify_trail(
    session: SessionDep,
    caller: AuditRead,
    from_checkpoint: Annotated[
        int | None, Query(ge=1, le=2_147_483_647, description="Verify from this checkpoint on")
    ] = None,
) -> VerificationReport:
    """Verify the hash chain, the checkpoints' signatures and the witnesses."""
    return service.verify(session, caller, from_checkpoint=from_checkpoint)


@router.get("/subjects/{person_id}/report", responses=REPORT_RESPONSES, response_model=None)
def subject_report(
    person_id: uuid.UUID,
    session: SessionDep,
    caller: AuditRead,
    format: Annotated[Literal["json", "html"], Query()] = "json",
    lang: Annotated[Language, Query(description="Language of the labels")] = "sr-Latn",
) -> SubjectReport | HTMLResponse:
    """Every recorded access to one person's data, as JSON or a printable page."""
    report = service.report_for(session, caller, person_id=person_id, language=lang)
    return printable_page(render(report), stylesheet=STYLESHEET) if format == "html" else report


@router.get("/checkpoints", responses=LIST, dependencies=[require_scope()])
def list_checkpoints(
    session: SessionDep, cursor: Cursor = None, limit: Limit = DEFAULT_PAGE_SIZE
) -> CheckpointPage:
    """The signed checkpoints, oldest first, with their witnesses (any agency may read them)."""
    return service.list_checkpoints(session, cursor=cursor, limit=limit)


@router.post("/checkpoints", status_code=status.HTTP_201_CREATED, responses=LIST)
def create_checkpoint(
    session: SessionDep, caller: AuditRead, keys: KeyRingDep, settings: SettingsDep
) -> CheckpointPublic:
    """Sign the trail's current count and head hash as a new checkpoint."""
    return service.make_checkpoint(
        session, caller, key_ring=keys, issuer=settings.issuer, made_by=caller.client_id
    )


@router.get("/checkpoints/{number}", responses=ONE, dependencies=[require_scope()])
def read_checkpoint(number: CheckpointNumber, session: SessionDep) -> CheckpointPublic:
    """One signed checkpoint with its witnesses."""
    return service.read_checkpoint(session, number=number)


@router.get("/checkpoints/{number}/export", responses=ONE, dependencies=[require_scope()])
def export_checkpoint(number: CheckpointNumber, session: SessionDep) -> dict[str, Any]:
    """A checkpoint as a document to verify offline with the gateway's JWKS."""
    return service.export_checkpoint(session, number=number)


@router.post(
    "/checkpoints/{number}/witness", status_code=status.HTTP_201_CREATED, responses=WITNESS
)
def witness_checkpoint(
    number: CheckpointNumber, body: WitnessCreate, session: SessionDep, caller: AnyCaller
) -> WitnessPublic:
    """Countersign a checkpoint with your agency's own registered key."""
    return service.witness_checkpoint(session, caller, number=number, signature=body.signature)
