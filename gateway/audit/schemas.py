"""Response and request bodies of the audit API."""

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from gateway.schema.types import StrictModel

Decision = Literal["permit", "deny"]


class AuditEntryPublic(StrictModel):
    """One entry of the trail, with the hashes that chain it."""

    sequence: int
    recorded_at: dt.datetime
    request_id: str | None
    trace_id: str | None
    case_reference: str | None
    action: str
    decision: Decision
    outcome: str | None
    http_status: int | None
    actor_client: str | None
    actor_agency: str | None
    purpose: str | None
    subject_kind: str | None
    subject: str | None
    categories_returned: list[str] | None
    categories_withheld: list[str] | None
    basis: Any = Field(description="The consent or legal basis per category, as recorded")
    emergency: bool
    detail: dict[str, Any]
    previous_hash: str
    entry_hash: str


class AuditPage(StrictModel):
    """One page of entries; pass ``next_cursor`` back as ``cursor`` for the next page."""

    items: list[AuditEntryPublic]
    next_cursor: str | None = Field(description="Opaque cursor of the next page; null at the end")


class BadEntry(StrictModel):
    """The first entry of the chain that does not check out, and what happened to it."""

    sequence: int
    problem: Literal["edited", "deleted", "inserted", "reordered"]
    detail: str


class CheckpointProblem(StrictModel):
    number: int
    problem: str


class WitnessProblem(StrictModel):
    checkpoint: int
    client_id: str
    problem: str


class VerificationReport(StrictModel):
    """The outcome of verifying the chain and its checkpoints (``valid`` false: tampered)."""

    valid: bool
    from_sequence: int
    entries_checked: int
    head_sequence: int
    head_hash: str
    first_bad_entry: BadEntry | None
    checkpoints_checked: int
    checkpoint_problems: list[CheckpointProblem]
    witnesses_checked: int
    witness_problems: list[WitnessProblem] = Field(
        description="Countersignatures that no longer verify (reported; not a break of the chain)"
    )


class WitnessPublic(StrictModel):
    """An agency's countersignature of a checkpoint."""

    client_id: str
    agency: str
    kid: str | None
    signature: str = Field(description="Compact JWS by the agency's key over the statement")
    witnessed_at: dt.datetime


class CheckpointPublic(StrictModel):
    """A signed statement of how many entries the trail had and the hash of the last one."""

    number: int
    entry_count: int
    head_hash: str
    created_at: dt.datetime
    issuer: str
    kid: str = Field(description="The gateway key that signed it (see /oauth/jwks)")
    statement: str = Field(
        description="The exact bytes signed (canonical JSON): what a witness signs too"
    )
    signature: str = Field(description="Compact JWS (ES256) by the gateway over the statement")
    witnesses: list[WitnessPublic]


class CheckpointPage(StrictModel):
    items: list[CheckpointPublic]
    next_cursor: str | None = Field(description="Opaque cursor of the next page; null at the end")


class WitnessCreate(StrictModel):
    """A countersignature: a compact JWS over the checkpoint's ``statement`` by your own key."""

    signature: str = Field(min_length=20, max_length=8000)


class SubjectAccess(StrictModel):
    """One access to (or refused attempt on) the person's data."""

    sequence: int
    time: dt.datetime
    action: str
    decision: Decision
    outcome: str | None
    agency: str | None
    agency_name: str | None
    purpose: str | None
    purpose_label: str | None
    categories_returned: list[str] | None
    categories_withheld: list[str] | None
    basis: Any
    case_reference: str | None
    about: str = Field(description="'person', or 'household' when it was their household's data")


class SubjectReport(StrictModel):
    """Every access to one person's data recorded in the trail, for a data subject's request."""

    person_id: str
    households: list[str]
    generated_at: dt.datetime
    language: str
    accesses: list[SubjectAccess]
