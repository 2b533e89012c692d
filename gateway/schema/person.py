"""Person: one returnee or family member, as the common schema v1 describes them."""

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import EmailStr, Field, StringConstraints

from gateway.schema.types import (
    AgencyCode,
    CountryCode,
    DocumentType,
    Jmbg,
    LanguageCode,
    MunicipalityCode,
    PartialDate,
    PersonName,
    Sex,
    StrictModel,
)

Phone = Annotated[str, StringConstraints(pattern=r"^\+?[0-9 ()/-]{6,20}$")]
LocalId = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[^\s].*$")]


class Contact(StrictModel):
    """How to reach the person."""

    phone: Phone | None = None
    email: EmailStr | None = None
    address: Annotated[str, StringConstraints(max_length=200)] | None = None


class IdentityDocument(StrictModel):
    """A personal document the person holds, or lacks and needs."""

    type: DocumentType
    status: Literal["held", "missing", "expired"]
    number: Annotated[str, StringConstraints(min_length=1, max_length=32)] | None = None


class AgencyIdentifier(StrictModel):
    """The person's identifier in one agency's own system."""

    agency: AgencyCode
    local_id: LocalId


class PersonFields(StrictModel):
    """The person's attributes, as written by a client."""

    jmbg: Jmbg | None = None
    given_name: PersonName
    family_name: PersonName
    parent_name: PersonName | None = None
    sex: Sex | None = None
    birth_date: PartialDate | None = None
    citizenship: list[CountryCode] = Field(default_factory=lambda: ["RS"], max_length=4)
    idp: bool = Field(default=False, description="Internally displaced person status")
    municipality: MunicipalityCode | None = Field(
        default=None, description="Municipality of residence (code list 'municipalities')"
    )
    contact: Contact | None = None
    languages: list[LanguageCode] = Field(default_factory=list, max_length=10)
    documents: list[IdentityDocument] = Field(default_factory=list, max_length=20)
    agency_ids: list[AgencyIdentifier] = Field(default_factory=list, max_length=20)


class PersonCreate(PersonFields):
    """A new person."""


class PersonUpdate(StrictModel):
    """Changes to a person; fields left out stay as they are, null clears an optional one."""

    jmbg: Jmbg | None = None
    given_name: PersonName | None = None
    family_name: PersonName | None = None
    parent_name: PersonName | None = None
    sex: Sex | None = None
    birth_date: PartialDate | None = None
    citizenship: list[CountryCode] | None = Field(default=None, max_length=4)
    idp: bool | None = None
    municipality: MunicipalityCode | None = None
    contact: Contact | None = None
    languages: list[LanguageCode] | None = Field(default=None, max_length=10)
    documents: list[IdentityDocument] | None = Field(default=None, max_length=20)
    agency_ids: list[AgencyIdentifier] | None = Field(default=None, max_length=20)


class Withheld(StrictModel):
    """A category of data left out of a response, and why."""

    category: str
    reason: str


class PersonPublic(StrictModel):
    """A person as the gateway returns them: fields of withheld categories are null."""

    id: uuid.UUID
    jmbg: str | None = None
    given_name: str | None = None
    family_name: str | None = None
    parent_name: str | None = None
    given_name_latin: str | None = Field(default=None, description="Given name, normalised Latin")
    family_name_latin: str | None = Field(default=None, description="Family name, normalised Latin")
    sex: str | None = None
    birth_date: str | None = None
    citizenship: list[str] | None = None
    idp: bool | None = None
    municipality: str | None = None
    contact: Contact | None = None
    languages: list[str] | None = None
    documents: list[IdentityDocument] | None = None
    agency_ids: list[AgencyIdentifier] | None = None
    registered_by: str | None = Field(description="Agency whose client created the record")
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    withheld: list[Withheld] = Field(
        default_factory=list, description="Categories left out for lack of a basis, and why"
    )


REQUIRED_ON_UPDATE = frozenset({"given_name", "family_name", "citizenship", "idp"})
