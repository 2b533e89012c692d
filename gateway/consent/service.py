"""Consents: recorded with their evidence, changed as new versions, revoked with a reason.

A person of at least the consent age (15 by default) consents for themself. Below it, the
consent is given by the guardian recorded on the person's household or by the CSW acting as
guardian authority. A household consent is given by an adult member (or the CSW) and covers
the household's minors only when its giver is their guardian (see ``policy.covers``).
"""

import datetime as dt
import uuid
from typing import Any, Literal

from sqlmodel import Session, col, delete, select

from gateway.audit.actions import Acting, record_action
from gateway.auth.caller import Caller
from gateway.concurrency import require_current
from gateway.consent import authority, legal_bases
from gateway.consent.models import Consent, ConsentScope, ConsentVersion
from gateway.consent.schemas import (
    ConsentChange,
    ConsentCreate,
    ConsentPublic,
    ConsentRevocation,
    ConsentStatus,
    ConsentVersionPublic,
    LegalBasisChange,
    LegalBasisCreate,
    LegalBasisPublic,
)
from gateway.errors import Conflict, FieldProblem, Forbidden, InvalidRequest, NotFound
from gateway.identity.ages import possibly_under
from gateway.models import utcnow
from gateway.registry.models import Household, HouseholdMember, Person


def record_consent(session: Session, *, body: ConsentCreate, caller: Caller) -> ConsentPublic:
    """Record a consent after checking who records it, for whom, and who gave it."""
    consent_age = int(session.info.get("consent_age", 15))
    authority.require_relationship(session, body, caller)
    _check_giver(session, body, caller, consent_age=consent_age)
    authority.require_checkable_evidence(body, caller)
    now = utcnow()
    consent = Consent(
        subject_person_id=body.person_id,
        subject_household_id=body.household_id,
        grantees=body.grantees,
        purposes=body.purposes,
        categories=body.categories,
        valid_from=body.valid_from or now,
        valid_until=body.valid_until,
        given_by_person_id=body.given_by_person_id,
        given_by_authority=body.given_by_authority,
        evidence=body.evidence.model_dump(mode="json"),
        notice_language=body.notice_language,
        recorded_by_client=caller.client_id,
        recorded_by_agency=caller.agency,
    )
    session.add(consent)
    session.flush()
    _write_scopes(session, consent)
    flags: dict[str, object] = {"self_grant": True} if authority.is_self_grant(body, caller) else {}
    return _versioned(session, consent, caller, change="created", detail=flags)


def read_consent(session: Session, *, consent_id: uuid.UUID, caller: Caller) -> ConsentPublic:
    """A consent, for its recorder, its grantees and admins; the read is audited."""
    consent = _visible(session, consent_id, caller)
    _audit(session, caller, "consent.read", consent)
    return public(consent)


def change_consent(
    session: Session,
    *,
    consent_id: uuid.UUID,
    changes: ConsentChange,
    if_match: str | None,
    caller: Caller,
) -> ConsentPublic:
    """Change a consent's terms; the old terms stay in its history."""
    consent = _visible(session, consent_id, caller)
    authority.require_change_allowed(consent, changes, caller)
    require_current(if_match, current_version=consent.version)
    if consent.status == "revoked":
        raise Conflict("A revoked consent cannot change; record a new one.")
    authority.require_narrowing(consent, changes)
    for name in changes.model_fields_set - {"valid_until"}:
        value = getattr(changes, name)
        if value is None:
            raise InvalidRequest(
                "Fields cannot be cleared.", errors=[_problem(name, "may not be null")]
            )
        setattr(
            consent,
            name,
            value.model_dump(mode="json") if name == "evidence" else sorted(set(value)),
        )
    if "valid_until" in changes.model_fields_set:
        _set_valid_until(consent, changes.valid_until)
    _write_scopes(session, consent)
    return _versioned(
        session, consent, caller, change="changed", detail=_acting_as(consent, caller)
    )


def revoke_consent(
    session: Session, *, consent_id: uuid.UUID, revocation: ConsentRevocation, caller: Caller
) -> ConsentPublic:
    """Withdraw a consent; it stops working on the very next request."""
    consent = _visible(session, consent_id, caller)
    if consent.status == "revoked":
        raise Conflict("The consent was already revoked.")
    consent.status = "revoked"
    consent.revoked_at = utcnow()
    consent.revocation_reason = revocation.reason
    return _versioned(
        session, consent, caller, change="revoked", detail=_acting_as(consent, caller)
    )


def list_consents(
    session: Session, *, caller: Caller, person_id: uuid.UUID | None, household_id: uuid.UUID | None
) -> list[ConsentPublic]:
    """Consents about a person (their own and their household's) or a household."""
    query = select(Consent)
    if person_id is not None:
        household = session.exec(
            select(HouseholdMember.household_id).where(col(HouseholdMember.person_id) == person_id)
        ).first()
        query = query.where(
            (col(Consent.subject_person_id) == person_id)
            | (col(Consent.subject_household_id) == household)
        )
    if household_id is not None:
        query = query.where(col(Consent.subject_household_id) == household_id)
    rows = [
        row
        for row in session.exec(query.order_by(col(Consent.id)).limit(500))
        if _may_see(row, caller)
    ]
    for row in rows:
        _audit(session, caller, "consent.read", row)
    return [public(row) for row in rows]


def history(
    session: Session, *, consent_id: uuid.UUID, caller: Caller
) -> list[ConsentVersionPublic]:
    """Every version of a consent, oldest first."""
    _audit(session, caller, "consent.read", _visible(session, consent_id, caller))
    query = select(ConsentVersion).where(col(ConsentVersion.consent_id) == consent_id)
    return [
        ConsentVersionPublic(
            version=row.version,
            change=row.change,
            changed_at=row.changed_at,
            changed_by_client=row.changed_by_client,
            consent=ConsentPublic.model_validate(row.snapshot),
        )
        for row in session.exec(query.order_by(col(ConsentVersion.version)))
    ]


def record_legal_basis(
    session: Session, *, body: LegalBasisCreate, actor: Acting
) -> LegalBasisPublic:
    """Record a statutory basis for an agency and purpose; the record is audited."""
    created = legal_bases.create_legal_basis(session, body=body)
    _audit_legal_basis(session, actor, "legal_basis.created", created)
    return created


def change_legal_basis(
    session: Session,
    *,
    basis_id: uuid.UUID,
    changes: LegalBasisChange,
    if_match: str | None,
    actor: Acting,
) -> LegalBasisPublic:
    """Change a legal basis (``repealed`` stops it at once); the change is audited."""
    changed = legal_bases.change_legal_basis(
        session, basis_id=basis_id, changes=changes, if_match=if_match
    )
    _audit_legal_basis(session, actor, "legal_basis.changed", changed)
    return changed


def _audit_legal_basis(
    session: Session, actor: Acting, action: str, basis: LegalBasisPublic
) -> None:
    record_action(session, actor, action, detail={"legal_basis": str(basis.id)})


def status_of(consent: Consent, now: dt.datetime | None = None) -> ConsentStatus:
    """Revoked, scheduled, expired or active, at ``now``."""
    now = now or utcnow()
    if consent.status == "revoked":
        return "revoked"
    if now < consent.valid_from:
        return "scheduled"
    if consent.valid_until is not None and consent.valid_until <= now:
        return "expired"
    return "active"


def public(consent: Consent) -> ConsentPublic:
    values: dict[str, Any] = consent.model_dump()
    values |= {
        "person_id": consent.subject_person_id,
        "household_id": consent.subject_household_id,
        "status": status_of(consent),
    }
    return ConsentPublic.model_validate({key: values[key] for key in ConsentPublic.model_fields})


def _audit(
    session: Session,
    caller: Caller,
    action: str,
    consent: Consent,
    *,
    decision: Literal["permit", "deny"] = "permit",
    detail: dict[str, object] | None = None,
) -> None:
    record_action(
        session,
        caller,
        action,
        subject=str(consent.subject_person_id or consent.subject_household_id),
        detail={"consent": str(consent.id), "version": consent.version} | (detail or {}),
        decision=decision,
    )


def _visible(session: Session, consent_id: uuid.UUID, caller: Caller) -> Consent:
    consent = session.get(Consent, consent_id)
    if consent is not None and not _may_see(consent, caller):
        _audit(session, caller, "consent.read", consent, decision="deny")
    if consent is None or not _may_see(consent, caller):
        # Only its recorder, its grantees and admins see a consent; to anyone else it does
        # not exist, so ids cannot be probed. The audit entry above keeps the difference.
        raise NotFound(f"There is no consent with id {consent_id}.")
    return consent


def _may_see(consent: Consent, caller: Caller) -> bool:
    return (
        caller.is_admin
        or caller.agency == consent.recorded_by_agency
        or caller.agency in consent.grantees
    )


def _acting_as(consent: Consent, caller: Caller) -> dict[str, object]:
    """Who changed a consent, when it was not its recorder: an admin or a grantee."""
    if caller.agency == consent.recorded_by_agency:
        return {}
    return {"changed_as": "admin" if caller.is_admin else "grantee"}


def _versioned(
    session: Session,
    consent: Consent,
    caller: Caller,
    *,
    change: str,
    detail: dict[str, object] | None = None,
) -> ConsentPublic:
    if change != "created":
        consent.version += 1
        consent.updated_at = utcnow()
    session.add(consent)
    session.flush()
    snapshot = public(consent)
    _audit(session, caller, f"consent.{change}", consent, detail=detail)
    session.add(
        ConsentVersion(
            consent_id=consent.id,
            version=consent.version,
            change=change,
            snapshot=snapshot.model_dump(mode="json"),
            changed_by_client=caller.client_id,
        )
    )
    session.flush()
    return snapshot


def _write_scopes(session: Session, consent: Consent) -> None:
    session.exec(delete(ConsentScope).where(col(ConsentScope.consent_id) == consent.id))
    session.add_all(
        ConsentScope(consent_id=consent.id, agency=agency, purpose=purpose, category=category)
        for agency in consent.grantees
        for purpose in consent.purposes
        for category in consent.categories
    )
    session.flush()


def _set_valid_until(consent: Consent, valid_until: dt.datetime | None) -> None:
    if valid_until is not None and valid_until <= consent.valid_from:
        raise InvalidRequest(
            "The consent cannot end before it starts.",
            errors=[_problem("valid_until", "must be after valid_from")],
        )
    consent.valid_until = valid_until


def _check_giver(
    session: Session, body: ConsentCreate, caller: Caller, *, consent_age: int
) -> None:
    if body.given_by_authority == "csw" and caller.agency != "csw" and not caller.is_admin:
        raise Forbidden("Only the Centre for Social Work records consent as guardian authority.")
    if body.person_id is not None:
        _check_person_giver(session, body, body.person_id, consent_age=consent_age)
    else:
        assert body.household_id is not None
        _check_household_giver(session, body, body.household_id)


def _check_person_giver(
    session: Session, body: ConsentCreate, person_id: uuid.UUID, *, consent_age: int
) -> None:
    person = session.get(Person, person_id)
    if person is None:
        raise InvalidRequest(
            "The subject does not exist.", errors=[_problem("person_id", "there is no such person")]
        )
    giver = body.given_by_person_id
    if not possibly_under(consent_age, person.birth_date):
        if giver not in (None, person_id) or body.given_by_authority is not None:
            raise InvalidRequest(
                f"A person of {consent_age} or over gives consent for themself; the guardian "
                "authority consents only for a child.",
                errors=[
                    _problem("given_by_person_id", "must be the person themself or left out"),
                    _problem("given_by_authority", "must be left out"),
                ],
            )
        return
    if body.given_by_authority == "csw":
        return
    guardian = session.exec(
        select(HouseholdMember.guardian_id).where(col(HouseholdMember.person_id) == person_id)
    ).first()
    if giver is None or giver != guardian:
        raise InvalidRequest(
            f"A person under {consent_age} cannot consent alone: the consent must be given by the "
            "guardian recorded on their household, or by the Centre for Social Work as guardian "
            "authority (given_by_authority: csw).",
            errors=[_problem("given_by_person_id", "must be the minor's recorded guardian")],
        )


def _check_household_giver(session: Session, body: ConsentCreate, household_id: uuid.UUID) -> None:
    if session.get(Household, household_id) is None:
        raise InvalidRequest(
            "The subject does not exist.",
            errors=[_problem("household_id", "there is no such household")],
        )
    if body.given_by_authority == "csw":
        return
    giver = body.given_by_person_id
    members = session.exec(
        select(HouseholdMember.person_id).where(col(HouseholdMember.household_id) == household_id)
    ).all()
    person = session.get(Person, giver) if giver is not None else None
    if giver not in members or person is None or possibly_under(18, person.birth_date):
        raise InvalidRequest(
            "A household's consent is given by one of its adult members (or the CSW).",
            errors=[_problem("given_by_person_id", "must be an adult member of the household")],
        )


def _problem(field: str, message: str) -> FieldProblem:
    return FieldProblem(location=f"body.{field}", message=message)
