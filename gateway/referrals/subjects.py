"""The person or household a referral or a suggestion is about, if the caller may see them."""

import uuid

from sqlmodel import Session

from gateway.auth.caller import Caller
from gateway.consent.enforcement import Policy
from gateway.errors import FieldProblem, InvalidRequest
from gateway.registry.models import Household, Person

Subject = Person | Household


def visible_subject(
    session: Session,
    caller: Caller,
    *,
    person_id: uuid.UUID | None,
    household_id: uuid.UUID | None,
) -> Subject:
    """The subject, which must exist and be one the caller sees; else it is unknown (422).

    A person is seen with a basis for ``identity``, a household with one for ``household``:
    a subject the caller may not see is answered like one that does not exist.
    """
    policy = Policy(session, caller)
    if person_id is not None:
        person = session.get(Person, person_id)
        if person is None or not policy.for_person(person, {"identity"}).allows("identity"):
            raise _unknown("person_id", "person")
        return person
    household = session.get(Household, household_id) if household_id else None
    if household is None or not policy.for_household(household, {"household"}).allows("household"):
        raise _unknown("household_id", "household")
    return household


def _unknown(field: str, noun: str) -> InvalidRequest:
    problem = FieldProblem(location=f"body.{field}", message=f"there is no such {noun}")
    return InvalidRequest("The subject does not exist.", errors=[problem])
