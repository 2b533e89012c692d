"""The federated record: the person, and one section per agency that knows them."""

from typing import Literal

from pydantic import BaseModel, Field

from gateway.schema.agency import AgencyPersonRecord
from gateway.schema.person import PersonPublic, Withheld

SourceStatus = Literal["ok", "timeout", "unavailable", "error", "withheld"]


class SourceSection(BaseModel):
    """What one agency's system answered, filtered to what the caller may see."""

    agency: str
    local_id: str
    status: SourceStatus
    retrieval_ms: int | None = Field(description="Time the agency took, when it was asked")
    record: AgencyPersonRecord | None = None
    withheld: list[Withheld] = Field(default_factory=list)
    detail: str | None = Field(default=None, description="Why the section is not ok")


class FederatedRecord(BaseModel):
    """A person in the common schema with a section per agency that knows them."""

    person: PersonPublic
    sources: list[SourceSection]
    budget_ms: int = Field(description="The total time the agencies were given")
