"""Routes of consents (``/v1/consents``), legal bases (admin) and emergency access."""

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Response, status
from fastapi.responses import HTMLResponse

from gateway.auth.caller import Admin, ConsentsRead, ConsentsWrite, ReturneesRead, require_scope
from gateway.concurrency import etag
from gateway.consent import emergency, legal_bases, service
from gateway.consent.receipt import STYLESHEET, receipt_page, receipt_record
from gateway.consent.schemas import (
    ConsentChange,
    ConsentCreate,
    ConsentPublic,
    ConsentRevocation,
    ConsentVersionPublic,
    LegalBasisChange,
    LegalBasisCreate,
    LegalBasisPublic,
)
from gateway.db import SessionDep
from gateway.errors import problem_responses
from gateway.schema.types import AgencyCode
from gateway.security_headers import printable_page

router = APIRouter()
IfMatch = Annotated[str | None, Header(max_length=200)]
ERRORS = problem_responses(400, 401, 403, 404, 409, 412, 413, 422, 428, 429, 503)
ConsentId = uuid.UUID


def _versioned(response: Response, version: int) -> None:
    response.headers["ETag"] = etag(version)


@router.post(
    "/v1/consents", status_code=status.HTTP_201_CREATED, responses=ERRORS, tags=["consents"]
)
def record_consent(
    body: ConsentCreate, session: SessionDep, caller: ConsentsWrite, response: Response
) -> ConsentPublic:
    """Record a returnee's consent (a guardian's or the CSW's for a child under the consent age)."""
    consent = service.record_consent(session, body=body, caller=caller)
    _versioned(response, consent.version)
    response.headers["Location"] = f"/v1/consents/{consent.id}"
    return consent


@router.get("/v1/consents", responses=ERRORS, tags=["consents"])
def list_consents(
    session: SessionDep,
    caller: ConsentsRead,
    person_id: Annotated[uuid.UUID | None, Query(description="Consents about this person")] = None,
    household_id: Annotated[uuid.UUID | None, Query(description="About this household")] = None,
) -> list[ConsentPublic]:
    """Consents about a person (their own and their household's) or a household."""
    return service.list_consents(
        session, caller=caller, person_id=person_id, household_id=household_id
    )


@router.get("/v1/consents/{consent_id}", responses=ERRORS, tags=["consents"])
def read_consent(
    consent_id: ConsentId, session: SessionDep, caller: ConsentsRead, response: Response
) -> ConsentPublic:
    """Read a consent as it stands now."""
    consent = service.read_consent(session, consent_id=consent_id, caller=caller)
    _versioned(response, consent.version)
    return consent


@router.patch("/v1/consents/{consent_id}", responses=ERRORS, tags=["consents"])
def change_consent(
    consent_id: ConsentId,
    body: ConsentChange,
    session: SessionDep,
    caller: ConsentsWrite,
    response: Response,
    if_match: IfMatch = None,
) -> ConsentPublic:
    """Change a consent's terms; the change makes a new version and the old one stays readable."""
    consent = service.change_consent(
        session, consent_id=consent_id, changes=body, if_match=if_match, caller=caller
    )
    _versioned(response, consent.version)
    return consent


@router.post("/v1/consents/{consent_id}/revoke", responses=ERRORS, tags=["consents"])
def revoke_consent(
    consent_id: ConsentId,
    body: ConsentRevocation,
    session: SessionDep,
    caller: ConsentsWrite,
    response: Response,
) -> ConsentPublic:
    """Revoke a consent; it stops working on the very next request."""
    consent = service.revoke_consent(session, consent_id=consent_id, revocation=body, caller=caller)
    _versioned(response, consent.version)
    return consent


@router.get("/v1/consents/{consent_id}/history", responses=ERRORS, tags=["consents"])
def consent_history(
    consent_id: ConsentId, session: SessionDep, caller: ConsentsRead
) -> list[ConsentVersionPublic]:
    """Every version of a consent, oldest first."""
    return service.history(session, consent_id=consent_id, caller=caller)


RECEIPT_RESPONSES = ERRORS | {
    200: {
        "description": "The receipt as an ISO/IEC TS 27560 record, or as a printable page",
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/html": {"schema": {"type": "string"}},
        },
    }
}


@router.get(
    "/v1/consents/{consent_id}/receipt",
    responses=RECEIPT_RESPONSES,
    tags=["consents"],
    response_model=None,
)
def consent_receipt(
    consent_id: ConsentId,
    session: SessionDep,
    caller: ConsentsRead,
    format: Annotated[
        Literal["json", "html"], Query(description="json, or html to print")
    ] = "json",
    lang: Annotated[
        Literal["sr-Latn", "sr-Cyrl", "en"] | None,
        Query(description="Page language; default: the notice's"),
    ] = None,
) -> dict[str, object] | HTMLResponse:
    """The returnee's consent receipt: who may see what, for what, until when, how to revoke."""
    consent = service.read_consent(session, consent_id=consent_id, caller=caller)
    if format == "html":
        language = lang or consent.notice_language
        page = receipt_page(consent, language)  # type: ignore[arg-type]
        return printable_page(page, stylesheet=STYLESHEET)
    return receipt_record(consent)


@router.post(
    "/v1/admin/legal-bases",
    status_code=status.HTTP_201_CREATED,
    responses=ERRORS,
    tags=["admin: legal bases"],
)
def create_legal_basis(
    body: LegalBasisCreate, session: SessionDep, caller: Admin, response: Response
) -> LegalBasisPublic:
    """Record a statutory basis for an agency and purpose, naming its categories."""
    created = service.record_legal_basis(session, body=body, actor=caller)
    _versioned(response, created.version)
    return created


@router.get(
    "/v1/admin/legal-bases",
    responses=ERRORS,
    tags=["admin: legal bases"],
    dependencies=[require_scope("admin")],
)
def list_legal_bases(
    session: SessionDep, agency: Annotated[AgencyCode | None, Query()] = None
) -> list[LegalBasisPublic]:
    """The recorded legal bases, optionally of one agency."""
    return legal_bases.list_legal_bases(session, agency=agency)


@router.get(
    "/v1/admin/legal-bases/{basis_id}",
    responses=ERRORS,
    tags=["admin: legal bases"],
    dependencies=[require_scope("admin")],
)
def read_legal_basis(
    basis_id: uuid.UUID, session: SessionDep, response: Response
) -> LegalBasisPublic:
    """Read one legal basis."""
    found = legal_bases.read_legal_basis(session, basis_id=basis_id)
    _versioned(response, found.version)
    return found


@router.patch("/v1/admin/legal-bases/{basis_id}", responses=ERRORS, tags=["admin: legal bases"])
def change_legal_basis(
    basis_id: uuid.UUID,
    body: LegalBasisChange,
    session: SessionDep,
    caller: Admin,
    response: Response,
    if_match: IfMatch = None,
) -> LegalBasisPublic:
    """Change a legal basis; status repealed stops it at once."""
    changed = service.change_legal_basis(
        session, basis_id=basis_id, changes=body, if_match=if_match, actor=caller
    )
    _versioned(response, changed.version)
    return changed


@router.post(
    "/v1/emergency-access",
    status_code=status.HTTP_201_CREATED,
    responses=ERRORS,
    tags=["emergency access"],
)
def request_emergency_access(
    body: emergency.EmergencyRequest, session: SessionDep, caller: ReturneesRead
) -> emergency.EmergencyAccessPublic:
    """Ask for emergency access to a person at risk; a second person must approve it."""
    return emergency.request_access(session, body=body, caller=caller)


@router.get(
    "/v1/emergency-access",
    responses=ERRORS,
    tags=["emergency access"],
    dependencies=[require_scope("admin")],
)
def list_emergency_access(
    session: SessionDep,
    status_filter: Annotated[
        Literal["pending", "approved", "refused", "lapsed", "expired"] | None, Query(alias="status")
    ] = None,
) -> list[emergency.EmergencyAccessPublic]:
    """Emergency access requests, newest first."""
    return emergency.list_access(session, status=status_filter)


@router.post(
    "/v1/emergency-access/{access_id}/decision", responses=ERRORS, tags=["emergency access"]
)
def decide_emergency_access(
    access_id: uuid.UUID,
    body: emergency.EmergencyDecision,
    session: SessionDep,
    caller: ConsentsWrite,
) -> emergency.EmergencyAccessPublic:
    """Approve or refuse an emergency access, as a second person of another agency."""
    return emergency.decide_access(session, access_id=access_id, decision=body, caller=caller)
