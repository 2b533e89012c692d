"""Emergency ("break-glass") access: for a person at risk, asked, approved, limited, flagged.

The caller asks with the purpose ``emergency_protection``, names the person, the categories
and how long, and says why. A second person approves within the approval window, or the
request lapses and is refused: a client with the ``admin`` or ``consents:write`` scope of
another agency than the asking one (never a second client of the same agency). Approved
access is limited in time and categories; every access under it is flagged as an emergency
in the audit trail.
"""

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import Field, StringConstraints
from sqlmodel import Session, col, select

from gateway.audit.hook import AuditEvent, record
from gateway.auth.caller import Caller
from gateway.consent.models import EmergencyAccess
from gateway.consent.schemas import DataCategory
from gateway.errors import Conflict, FieldProblem, Forbidden, InvalidRequest, NotFound
from gateway.models import utcnow
from gateway.registry.models import Person
from gateway.schema.types import StrictModel, read_from

EMERGENCY_PURPOSE = "emergency_protection"
APPROVAL_WINDOW = dt.timedelta(minutes=15)
APPROVER_SCOPES = frozenset({"admin", "consents:write"})


class EmergencyRequest(StrictModel):
    """An emergency access asked for one person."""

    person_id: uuid.UUID
    categories: list[DataCategory] = Field(min_length=1, max_length=12)
    justification: Annotated[
        str, StringConstraints(min_length=20, max_length=1000, strip_whitespace=True)
    ]
    duration_minutes: int = Field(default=60, ge=5, le=240)


class EmergencyDecision(StrictModel):
    """An approver's decision."""

    approve: bool
    note: Annotated[str, StringConstraints(max_length=500)] | None = None


class EmergencyAccessPublic(StrictModel):
    id: uuid.UUID
    person_id: uuid.UUID
    agency: str
    purpose: str
    categories: list[str]
    justification: str
    requested_by_client: str
    requested_at: dt.datetime
    approve_by: dt.datetime
    status: Literal["pending", "approved", "refused", "lapsed", "expired"]
    decided_by_client: str | None
    decided_at: dt.datetime | None
    access_until: dt.datetime | None


def request_access(
    session: Session, *, body: EmergencyRequest, caller: Caller
) -> EmergencyAccessPublic:
    """Ask for emergency access; nothing is released until a second person approves."""
    if caller.purpose != EMERGENCY_PURPOSE:
        raise Forbidden(
            f"Emergency access is asked with a token for the purpose '{EMERGENCY_PURPOSE}'."
        )
    if session.get(Person, body.person_id) is None:
        raise InvalidRequest(
            "The subject does not exist.",
            errors=[FieldProblem(location="body.person_id", message="there is no such person")],
        )
    now = utcnow()
    access = EmergencyAccess(
        subject_person_id=body.person_id,
        agency=caller.agency,
        purpose=caller.purpose,
        categories=sorted(set(body.categories)),
        justification=body.justification,
        requested_by_client=caller.client_id,
        requested_at=now,
        approve_by=now + APPROVAL_WINDOW,
        access_until=now + dt.timedelta(minutes=body.duration_minutes),
    )
    session.add(access)
    session.flush()
    _audit(session, caller, "emergency.requested", access)
    return public(access)


def decide_access(
    session: Session, *, access_id: uuid.UUID, decision: EmergencyDecision, caller: Caller
) -> EmergencyAccessPublic:
    """Approve or refuse, as a second person of another agency, within the window."""
    access = _load(session, access_id)
    _require_second_person(access, caller)
    now = utcnow()
    if public(access, now).status != "pending":
        raise Conflict(f"The request is {public(access, now).status}; it can no longer be decided.")
    duration = (access.access_until or now) - access.requested_at
    access.status = "approved" if decision.approve else "refused"
    access.decided_by_client = caller.client_id
    access.decided_at = now
    access.access_until = now + duration if decision.approve else None
    session.add(access)
    session.flush()
    _audit(session, caller, f"emergency.{access.status}", access)
    return public(access)


def list_access(session: Session, *, status: str | None) -> list[EmergencyAccessPublic]:
    query = select(EmergencyAccess).order_by(col(EmergencyAccess.requested_at).desc()).limit(500)
    found = [public(row) for row in session.exec(query)]
    return [item for item in found if status is None or item.status == status]


def read_access(session: Session, *, access_id: uuid.UUID) -> EmergencyAccessPublic:
    return public(_load(session, access_id))


def public(access: EmergencyAccess, now: dt.datetime | None = None) -> EmergencyAccessPublic:
    now = now or utcnow()
    status = access.status
    if status == "pending" and now >= access.approve_by:
        status = "lapsed"
    elif status == "approved" and access.access_until is not None and now >= access.access_until:
        status = "expired"
    until = access.access_until if access.status == "approved" else None
    return read_from(
        EmergencyAccessPublic,
        access,
        person_id=access.subject_person_id,
        status=status,
        access_until=until,
    )


def _require_second_person(access: EmergencyAccess, caller: Caller) -> None:
    """The approver is of another agency than the asking one, and an admin or consent officer.

    Another client of the asking agency is not a second person: it answers to the same
    organisation, and could be the same operator with a second set of credentials.
    """
    if caller.agency == access.agency or caller.client_id == access.requested_by_client:
        raise Forbidden(
            f"A second person decides: an admin or consent officer of another agency than "
            f"{access.agency}, which asked for the access."
        )
    if not caller.scopes & APPROVER_SCOPES:
        raise Forbidden("Emergency access is decided by an admin or a consent officer.")


def _load(session: Session, access_id: uuid.UUID) -> EmergencyAccess:
    access = session.get(EmergencyAccess, access_id)
    if access is None:
        raise NotFound(f"There is no emergency access request {access_id}.")
    return access


def _audit(session: Session, caller: Caller, action: str, access: EmergencyAccess) -> None:
    record(
        session,
        AuditEvent(
            action=action,
            decision="permit" if access.status != "refused" else "deny",
            actor_client=caller.client_id,
            actor_agency=caller.agency,
            purpose=access.purpose,
            subject=str(access.subject_person_id),
            detail={"emergency": True, "access": str(access.id), "categories": access.categories},
        ),
    )
