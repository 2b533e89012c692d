"""Tables of the audit trail: the hash-chained entries, signed checkpoints and their witnesses.

All three are append-only: the migration adds triggers that refuse UPDATE, DELETE (and, on
PostgreSQL, TRUNCATE), so the application cannot rewrite history even by mistake. Each
filterable column has an index led by it and ending in ``sequence``, so a filtered page is
one index range scan in sequence order however long the trail grows; ``recorded_at`` never
decreases along the chain, so a time range becomes a range of sequence numbers.
"""

import datetime as dt
from typing import Any

from sqlalchemy import JSON, BigInteger, Column, Index, Integer, Text
from sqlmodel import Field, SQLModel

from gateway.models import UTCDateTime, timestamp_field

GENESIS_HASH = "0" * 64
"""The ``previous_hash`` of the first entry."""


class EntryFields(SQLModel):
    """What an entry records; the chain adds its place (sequence and hashes) when sealing."""

    recorded_at: dt.datetime = Field(sa_type=UTCDateTime, nullable=False)
    request_id: str | None = Field(default=None, max_length=64)
    trace_id: str | None = Field(default=None, max_length=32)
    case_reference: str | None = Field(default=None, max_length=100)
    action: str = Field(max_length=64)
    decision: str = Field(max_length=8)
    outcome: str | None = Field(default=None, max_length=32)
    http_status: int | None = None
    actor_client: str | None = Field(default=None, max_length=64)
    actor_agency: str | None = Field(default=None, max_length=32)
    purpose: str | None = Field(default=None, max_length=64)
    subject_kind: str | None = Field(default=None, max_length=16)
    subject: str | None = Field(default=None, max_length=64)
    categories_returned: list[str] | None = Field(default=None, sa_type=JSON, nullable=True)
    categories_withheld: list[str] | None = Field(default=None, sa_type=JSON, nullable=True)
    basis: Any = Field(default=None, sa_type=JSON, nullable=True)
    emergency: bool = False
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON, nullable=False)


class AuditEntry(EntryFields, table=True):
    """One auditable action, sealed into the chain; no personal data beyond the subject's id."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_subject_sequence", "subject", "sequence"),
        Index("ix_audit_entry_actor_client_sequence", "actor_client", "sequence"),
        Index("ix_audit_entry_actor_agency_sequence", "actor_agency", "sequence"),
        Index("ix_audit_entry_purpose_sequence", "purpose", "sequence"),
        Index("ix_audit_entry_action_sequence", "action", "sequence"),
        Index("ix_audit_entry_decision_sequence", "decision", "sequence"),
        Index("ix_audit_entry_recorded_at_sequence", "recorded_at", "sequence"),
    )

    sequence: int = Field(
        sa_column=Column(BigInteger, primary_key=True, autoincrement=False, nullable=False)
    )
    request_id: str | None = Field(default=None, max_length=64, index=True)
    previous_hash: str = Field(max_length=64)
    entry_hash: str = Field(max_length=64)


class PendingEntry(EntryFields, table=True):
    """An entry written with its action's transaction, waiting for the sealer to chain it.

    ``id`` orders the entries of one sealing batch; it is not their place in the chain."""

    __tablename__ = "audit_pending"

    id: int | None = Field(
        default=None,
        sa_column=Column(
            BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
        ),
    )


class AuditCheckpoint(SQLModel, table=True):
    """The count and head hash of the trail at one moment, signed with the gateway's key."""

    __tablename__ = "audit_checkpoint"

    number: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    entry_count: int = Field(sa_column=Column(BigInteger, nullable=False))
    head_hash: str = Field(max_length=64)
    created_at: dt.datetime = timestamp_field()
    issuer: str = Field(max_length=200)
    kid: str = Field(max_length=64)
    signature: str = Field(sa_column=Column(Text, nullable=False))
    made_by: str = Field(max_length=64)


class CheckpointWitness(SQLModel, table=True):
    """An agency's countersignature of a checkpoint, made with the agency's own key."""

    __tablename__ = "audit_checkpoint_witness"

    checkpoint_number: int = Field(foreign_key="audit_checkpoint.number", primary_key=True)
    client_id: str = Field(primary_key=True, max_length=64)
    agency: str = Field(max_length=32)
    kid: str | None = Field(default=None, max_length=200)
    signature: str = Field(sa_column=Column(Text, nullable=False))
    witnessed_at: dt.datetime = timestamp_field()
