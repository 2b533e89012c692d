"""What the receiving agency gets: the referral in the common schema, and no more.

The person travels with the identity fields only (names, parent's name, JMBG, birth date,
sex) and the person's id at the receiving agency when the gateway knows it; a household's
referral names its head. Contact, documents, household members and every special category
stay behind. Built when the referral is made, once its categories are known to be covered.
"""

import uuid

from sqlmodel import Session, col, select

from gateway.errors import Conflict
from gateway.referrals import repository
from gateway.referrals.models import Referral
from gateway.registry.models import Person, PersonAgencyId
from gateway.schema.agency import PersonIdentity, ReferralDelivery


def delivery_for(session: Session, referral: Referral) -> ReferralDelivery:
    """The referral as the receiving agency's adapter takes it."""
    person = _person(session, referral)
    return ReferralDelivery(
        referral_id=str(referral.id),
        from_agency=referral.from_agency,
        service=referral.service_code,
        priority=referral.priority,
        due_date=referral.due_date,
        needs=list(referral.needs),
        person=identity_of(person),
        local_id=_local_id(session, person.id, referral.to_agency),
        municipality=referral.municipality,
        notes_category=referral.notes_category,
    )


def identity_of(person: Person) -> PersonIdentity:
    return PersonIdentity.model_validate(person, from_attributes=True)


def _person(session: Session, referral: Referral) -> Person:
    person_id = referral.person_id
    if person_id is None and referral.household_id is not None:
        person_id = repository.household_head(session, referral.household_id)
    person = session.get(Person, person_id) if person_id is not None else None
    if person is None:
        raise Conflict("The household has no members to name in the referral.")
    return person


def _local_id(session: Session, person_id: uuid.UUID, agency: str) -> str | None:
    query = select(PersonAgencyId.local_id).where(
        col(PersonAgencyId.person_id) == person_id, col(PersonAgencyId.agency) == agency
    )
    return session.exec(query).first()
