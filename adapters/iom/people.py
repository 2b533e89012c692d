"""The people of an IOM case, both ways: beneficiary, names, partial dates, contact, family.

IOM writes names in Latin script as in the passport and keeps the Serbian spelling in
``localNames`` when it differs (Cyrillic); the common record holds names as recorded, so
``localNames`` wins on the way in and is written whenever a name has Cyrillic on the way out.
A partial birth date (``1985`` or ``1985-03``) is a full date plus its precision at IOM.
Pure: no I/O.
"""

import datetime as dt

from adapters.base import is_cyrillic, to_latin
from adapters.iom import codes
from adapters.iom.native import (
    Beneficiary,
    ContactDetails,
    FamilyMember,
    IdentityDocument,
    LocalNames,
    Precision,
)
from gateway.schema.agency import EmploymentProfile, PersonIdentity, RelatedPerson
from gateway.schema.person import Contact
from gateway.schema.person import IdentityDocument as CommonDocument

_PRECISION_LENGTH: dict[Precision, int] = {"YEAR": 4, "MONTH": 7, "DAY": 10}
NameSet = tuple[str, str, str | None]
"""Given name, family name and parent's name (optional)."""


def identity_from_native(beneficiary: Beneficiary) -> PersonIdentity:
    """Who the case is about, with the names as IOM's case worker recorded them."""
    given, family, parent = recorded_names(
        (beneficiary.first_name, beneficiary.last_name, beneficiary.parent_name),
        beneficiary.local_names,
    )
    return PersonIdentity(
        given_name=given,
        family_name=family,
        parent_name=parent,
        jmbg=beneficiary.national_id,
        birth_date=partial_date(beneficiary.date_of_birth, beneficiary.date_of_birth_precision),
        sex=codes.SEXES.common(beneficiary.sex),
        birth_place=beneficiary.place_of_birth,
    )


def beneficiary_to_native(
    identity: PersonIdentity, employment: EmploymentProfile | None = None
) -> Beneficiary:
    """The person as IOM records a beneficiary: Latin names, a full date with its precision."""
    given, family, parent, local = native_names(
        (identity.given_name, identity.family_name, identity.parent_name)
    )
    born_on, precision = full_date(identity.birth_date)
    education = employment.education_level if employment else None
    return Beneficiary(
        first_name=given,
        last_name=family,
        parent_name=parent,
        local_names=local,
        national_id=identity.jmbg,
        date_of_birth=born_on,
        date_of_birth_precision=precision,
        sex=codes.SEXES.written(identity.sex),
        place_of_birth=identity.birth_place,
        education_level=codes.EDUCATION_LEVELS.written(education),
        occupation=employment.occupation if employment else None,
    )


def employment_from_native(beneficiary: Beneficiary) -> EmploymentProfile | None:
    """Education and occupation from IOM's counselling, the only employment facts it holds."""
    education = codes.EDUCATION_LEVELS.common(beneficiary.education_level)
    if education is None and beneficiary.occupation is None:
        return None
    return EmploymentProfile(education_level=education, occupation=beneficiary.occupation)


def recorded_names(latin: NameSet, local: LocalNames | None) -> NameSet:
    """The names as recorded: IOM's local spelling when it kept one."""
    if local is None:
        return latin
    parent = local.parent_name if local.parent_name is not None else latin[2]
    return local.first_name, local.last_name, parent


def native_names(recorded: NameSet) -> tuple[str, str, str | None, LocalNames | None]:
    """Latin names for IOM, plus the recorded spelling when any name has Cyrillic letters."""
    given, family, parent = recorded
    local = None
    if any(is_cyrillic(name) for name in recorded if name):
        local = LocalNames(first_name=given, last_name=family, parent_name=parent)
    return to_latin(given), to_latin(family), to_latin(parent) if parent else None, local


def partial_date(day: dt.date | None, precision: Precision) -> str | None:
    """IOM's date and precision as the common partial date (``1985``, ``1985-03``, full)."""
    return None if day is None else day.isoformat()[: _PRECISION_LENGTH[precision]]


def full_date(partial: str | None) -> tuple[dt.date | None, Precision]:
    """A common partial date as IOM's full date (first of month or year) and its precision."""
    if partial is None:
        return None, "DAY"
    precision: Precision = "YEAR" if len(partial) == 4 else "MONTH" if len(partial) == 7 else "DAY"
    return dt.date.fromisoformat((partial + "-01-01")[:10]), precision


def contact_from_native(contact: ContactDetails | None) -> Contact | None:
    """The contact section, or None when IOM holds no contact."""
    if contact is None or not contact.model_dump(exclude_none=True):
        return None
    return Contact(phone=contact.phone_number, email=contact.email, address=contact.address)


def contact_to_native(contact: Contact | None) -> ContactDetails | None:
    """IOM's contact details."""
    if contact is None:
        return None
    return ContactDetails(phone_number=contact.phone, email=contact.email, address=contact.address)


def relative_from_native(member: FamilyMember) -> RelatedPerson:
    """A family member; the relationship is to the principal applicant, the household's head."""
    given, family, _ = recorded_names(
        (member.first_name, member.last_name, None), member.local_names
    )
    return RelatedPerson(
        given_name=given,
        family_name=family,
        relationship=codes.RELATIONSHIPS.mapped(member.relationship_to_pa),
        birth_date=partial_date(member.date_of_birth, member.date_of_birth_precision),
        local_id=member.case_id,
    )


def relative_to_native(person: RelatedPerson) -> FamilyMember:
    """A member of the family as IOM lists it."""
    given, family, _, local = native_names((person.given_name, person.family_name, None))
    born_on, precision = full_date(person.birth_date)
    return FamilyMember(
        case_id=person.local_id,
        first_name=given,
        last_name=family,
        local_names=local,
        relationship_to_pa=codes.RELATIONSHIPS.written(person.relationship),
        date_of_birth=born_on,
        date_of_birth_precision=precision,
    )


def documents_from_native(documents: list[IdentityDocument]) -> list[CommonDocument]:
    """The documents of our list; host-country documents and the like are left out."""
    return [
        CommonDocument(
            type=codes.DOCUMENT_TYPES.mapped(document.document_type),
            status=codes.DOCUMENT_STATUSES.mapped(document.status),
            number=document.document_number,
        )
        for document in documents
        if codes.DOCUMENT_TYPES.common(document.document_type)
    ]


def document_to_native(document: CommonDocument) -> IdentityDocument:
    """A document as IOM records it."""
    return IdentityDocument(
        document_type=codes.DOCUMENT_TYPES.written(document.type),
        status=codes.DOCUMENT_STATUSES.written(document.status),
        document_number=document.number,
    )
