"""Legal bases: statutory duties that permit an agency's processing like a consent does.

A legal basis names its agency, purpose and categories explicitly; there is no wildcard, so
it never covers a special category it does not name.
"""

import uuid

from sqlmodel import Session, col, select

from gateway.concurrency import require_current
from gateway.consent.models import LegalBasis
from gateway.consent.schemas import LegalBasisChange, LegalBasisCreate, LegalBasisPublic
from gateway.errors import FieldProblem, InvalidRequest, NotFound
from gateway.models import utcnow


def create_legal_basis(session: Session, *, body: LegalBasisCreate) -> LegalBasisPublic:
    """Record a statutory basis."""
    valid_from = body.valid_from or utcnow()
    if body.valid_until is not None and body.valid_until <= valid_from:
        raise InvalidRequest(
            "A legal basis cannot end before it starts.",
            errors=[FieldProblem(location="body.valid_until", message="must be after valid_from")],
        )
    record = LegalBasis(
        agency=body.agency,
        purpose=body.purpose,
        categories=sorted(set(body.categories)),
        citation=body.citation,
        valid_from=valid_from,
        valid_until=body.valid_until,
    )
    session.add(record)
    session.flush()
    return public(record)


def read_legal_basis(session: Session, *, basis_id: uuid.UUID) -> LegalBasisPublic:
    return public(_load(session, basis_id))


def list_legal_bases(session: Session, *, agency: str | None) -> list[LegalBasisPublic]:
    query = select(LegalBasis).order_by(col(LegalBasis.agency), col(LegalBasis.purpose))
    if agency is not None:
        query = query.where(col(LegalBasis.agency) == agency)
    return [public(row) for row in session.exec(query)]


def change_legal_basis(
    session: Session, *, basis_id: uuid.UUID, changes: LegalBasisChange, if_match: str | None
) -> LegalBasisPublic:
    """Change a legal basis's categories, citation, end or status (``repealed`` stops it)."""
    record = _load(session, basis_id)
    require_current(if_match, current_version=record.version)
    for name in changes.model_fields_set:
        value = getattr(changes, name)
        if value is None and name != "valid_until":
            raise InvalidRequest(
                "Fields cannot be cleared.",
                errors=[FieldProblem(location=f"body.{name}", message="may not be null")],
            )
        setattr(record, name, sorted(set(value)) if name == "categories" else value)
    record.version += 1
    record.updated_at = utcnow()
    session.add(record)
    session.flush()
    return public(record)


def public(record: LegalBasis) -> LegalBasisPublic:
    return LegalBasisPublic.model_validate(record.model_dump())


def _load(session: Session, basis_id: uuid.UUID) -> LegalBasis:
    record = session.get(LegalBasis, basis_id)
    if record is None:
        raise NotFound(f"There is no legal basis with id {basis_id}.")
    return record
