"""Request and response bodies of the service catalogue and the routing rules (admin)."""

import datetime as dt
import uuid
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from gateway.consent.schemas import DataCategory
from gateway.schema.types import AgencyCode, MunicipalityCode, NeedDomain, StrictModel

ServiceCode = Annotated[
    str,
    StringConstraints(min_length=2, max_length=64, pattern=r"^[a-z][a-z0-9_]+$"),
    Field(description="A code of the service catalogue (GET /v1/referral-services)"),
]
Label = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
Office = Annotated[
    str,
    StringConstraints(min_length=1, max_length=200, strip_whitespace=True),
    Field(description="The office that handles the referral"),
]
DueDays = Annotated[
    int, Field(ge=1, le=365, description="Days to the due date when a referral names none")
]
Rank = Annotated[int, Field(ge=1, le=1000, description="Lower ranks are suggested first")]
NeedDomains = Annotated[list[NeedDomain], Field(min_length=1, max_length=8)]
Categories = Annotated[
    list[DataCategory],
    Field(max_length=12, description="Data categories a referral carries besides identity, needs"),
]


def _distinct(values: list[str]) -> list[str]:
    return sorted(set(values))


class ServiceFields(StrictModel):
    """Who provides the service, what it is called, which needs it meets."""

    agency: AgencyCode
    label_en: Label
    label_sr_latn: Label
    label_sr_cyrl: Label
    need_domains: NeedDomains
    categories: Categories = Field(default_factory=list)
    default_due_days: DueDays = 30
    active: bool = True

    @model_validator(mode="after")
    def _tidy(self) -> "ServiceFields":
        self.need_domains = _distinct(self.need_domains)
        self.categories = _distinct(self.categories)
        return self


class ServiceCreate(ServiceFields):
    """A new service of the catalogue."""

    code: ServiceCode


class ServiceUpdate(StrictModel):
    """Changes to a service; lists, when given, replace the current ones."""

    label_en: Label | None = None
    label_sr_latn: Label | None = None
    label_sr_cyrl: Label | None = None
    need_domains: NeedDomains | None = None
    categories: Categories | None = None
    default_due_days: DueDays | None = None
    active: bool | None = None


class ServicePublic(ServiceFields):
    """A service of the catalogue as the gateway returns it."""

    code: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class RoutingRuleFields(StrictModel):
    """A need domain, optionally in one municipality, routed to a service and its office."""

    need_domain: NeedDomain
    municipality: MunicipalityCode | None = Field(
        default=None, description="Null: everywhere a more specific rule does not apply"
    )
    service: ServiceCode
    office: Office | None = None
    rank: Rank = 100
    active: bool = True


class RoutingRuleCreate(RoutingRuleFields):
    """A new routing rule."""


class RoutingRuleUpdate(StrictModel):
    """Changes to a routing rule."""

    office: Office | None = None
    rank: Rank | None = None
    active: bool | None = None


class RoutingRulePublic(RoutingRuleFields):
    """A routing rule as the gateway returns it, with the agency providing its service."""

    id: uuid.UUID
    agency: str
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
