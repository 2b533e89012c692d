"""Who may record, change and give up a consent, so that no agency can grant itself access.

Recording: an admin, or an agency that already holds a relationship with the subject: it
registered the person or their household, it recorded or is named by a consent in force that
covers them, it holds a legal basis in force for its token's purpose, or it is the Centre for
Social Work consenting as guardian authority for a child. A consent whose only grantee is the
agency recording it must name a document that someone else can check, and is flagged.

Changing: only the recording agency or an admin, and only to narrow it; a wider consent is a
new act of the returnee's, recorded as a new consent with its own evidence. A grantee may
give up its own grant, nothing else. Nothing here writes; the service does, and audits.
"""

import uuid
from collections.abc import Iterable

from sqlmodel import Session, col, or_, select

from gateway.auth.caller import Caller
from gateway.consent import loading
from gateway.consent.models import Consent
from gateway.consent.schemas import ConsentChange, ConsentCreate
from gateway.errors import FieldProblem, Forbidden, InvalidRequest
from gateway.models import utcnow
from gateway.registry.models import Household, HouseholdMember, Person

GUARDIAN_AUTHORITY = "csw"


def require_relationship(session: Session, body: ConsentCreate, caller: Caller) -> None:
    """Refuse a consent recorded by an agency with no tie to its subject.

    A subject that does not exist is refused with the same answer, so that recording cannot
    be used to probe which ids are real.
    """
    if caller.is_admin or _acts_as_guardian(body, caller):
        return
    persons, households = _subject_ids(session, body)
    if (
        _registered(session, caller.agency, persons, households)
        or _named_in_consent(session, caller.agency, persons, households)
        or _holds_legal_basis(session, caller)
    ):
        return
    raise Forbidden(
        f"{caller.agency} holds no relationship with this subject, or it does not exist: a "
        "consent is recorded by an agency that registered the person or household, recorded or "
        "is named by a consent in force for them, or holds a legal basis for its purpose "
        "(or by the Centre for Social Work as guardian authority, or an admin)."
    )


def is_self_grant(body: ConsentCreate, caller: Caller) -> bool:
    """Whether the recording agency is the consent's only grantee."""
    return body.grantees == [caller.agency]


def require_checkable_evidence(body: ConsentCreate, caller: Caller) -> None:
    """A consent an agency records for itself alone must name its signed document."""
    if is_self_grant(body, caller) and body.evidence.document_reference is None:
        raise InvalidRequest(
            "A consent whose only grantee is the agency recording it needs evidence that "
            "someone else can check.",
            errors=[
                FieldProblem(
                    location="body.evidence.document_reference",
                    message="name the signed document and where it is kept",
                )
            ],
        )


def require_change_allowed(consent: Consent, changes: ConsentChange, caller: Caller) -> None:
    """The recorder or an admin may change a consent; a grantee may only give up its grant."""
    if caller.is_admin or caller.agency == consent.recorded_by_agency:
        return
    if not _gives_up_own_grant(consent, changes, caller):
        raise Forbidden(
            f"Only the agency that recorded this consent ({consent.recorded_by_agency}) or an "
            f"admin changes it; {caller.agency} may only give up its own grant (grantees "
            "without itself) or record the returnee's withdrawal (revoke)."
        )


def widened(consent: Consent, changes: ConsentChange) -> list[FieldProblem]:
    """The fields in which ``changes`` would let more be seen, or for longer."""
    problems = [
        FieldProblem(location=f"body.{name}", message=f"adds {', '.join(sorted(added))}")
        for name in ("grantees", "purposes", "categories")
        if (added := _added(getattr(changes, name), getattr(consent, name)))
    ]
    if "valid_until" in changes.model_fields_set and _extends(consent, changes):
        problems.append(
            FieldProblem(location="body.valid_until", message="ends later than the consent does")
        )
    return problems


def require_narrowing(consent: Consent, changes: ConsentChange) -> None:
    """Refuse a change that would widen the consent (422, naming what it would add)."""
    problems = widened(consent, changes)
    if problems:
        raise InvalidRequest(
            "A change may only narrow a consent. A wider consent is a new agreement of the "
            "returnee's: record it as a new consent with its own evidence (POST /v1/consents).",
            errors=problems,
        )


def _gives_up_own_grant(consent: Consent, changes: ConsentChange, caller: Caller) -> bool:
    remaining = set(consent.grantees) - {caller.agency}
    return (
        caller.agency in consent.grantees
        and changes.model_fields_set == {"grantees"}
        and changes.grantees is not None
        and set(changes.grantees) == remaining
    )


def _added(proposed: Iterable[str] | None, current: Iterable[str]) -> set[str]:
    return set(proposed or ()) - set(current)


def _extends(consent: Consent, changes: ConsentChange) -> bool:
    if consent.valid_until is None:
        return False
    return changes.valid_until is None or changes.valid_until > consent.valid_until


def _acts_as_guardian(body: ConsentCreate, caller: Caller) -> bool:
    return body.given_by_authority == GUARDIAN_AUTHORITY and caller.agency == GUARDIAN_AUTHORITY


def _subject_ids(session: Session, body: ConsentCreate) -> tuple[set[uuid.UUID], set[uuid.UUID]]:
    """The subject's person and household ids: a person's own household counts too."""
    if body.person_id is not None:
        households = session.exec(
            select(HouseholdMember.household_id).where(
                col(HouseholdMember.person_id) == body.person_id
            )
        ).all()
        return {body.person_id}, set(households)
    assert body.household_id is not None
    return set(), {body.household_id}


def _registered(
    session: Session, agency: str, persons: set[uuid.UUID], households: set[uuid.UUID]
) -> bool:
    person = session.exec(
        select(Person.id).where(col(Person.id).in_(persons), col(Person.registered_by) == agency)
    ).first()
    household = session.exec(
        select(Household.id).where(
            col(Household.id).in_(households), col(Household.registered_by) == agency
        )
    ).first()
    return person is not None or household is not None


def _named_in_consent(
    session: Session, agency: str, persons: set[uuid.UUID], households: set[uuid.UUID]
) -> bool:
    if not persons and not households:
        return False
    now = utcnow()
    rows = session.exec(
        select(Consent).where(
            or_(
                col(Consent.subject_person_id).in_(persons),
                col(Consent.subject_household_id).in_(households),
            ),
            col(Consent.status) == "active",
        )
    )
    return any(
        (agency == row.recorded_by_agency or agency in row.grantees)
        and row.valid_from <= now
        and (row.valid_until is None or now < row.valid_until)
        for row in rows
    )


def _holds_legal_basis(session: Session, caller: Caller) -> bool:
    now = utcnow()
    return any(
        legal.active
        and legal.valid_from <= now
        and (legal.valid_until is None or now < legal.valid_until)
        for legal in loading.legal_bases(session, agency=caller.agency, purpose=caller.purpose)
    )
