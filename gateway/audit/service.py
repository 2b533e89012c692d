"""The audit trail's use cases for auditors and agencies; each one is itself audited.

Queries, exports, verifications and subject reports write an ``audit.*`` entry in the
request's transaction, so it is committed before any data leaves (an export's entry is
committed before the first byte streams). Checkpoints made and witnessed are audited too.
"""

import base64
import binascii
import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from gateway.audit import chain, checkpoints, export, repository
from gateway.audit.actions import record_action
from gateway.audit.models import AuditCheckpoint, CheckpointWitness
from gateway.audit.report import subject_report
from gateway.audit.schemas import (
    AuditEntryPublic,
    AuditPage,
    CheckpointPage,
    CheckpointPublic,
    SubjectReport,
    VerificationReport,
    WitnessPublic,
)
from gateway.audit.signatures import statement_bytes
from gateway.audit.verification import verify_trail
from gateway.auth.caller import Caller
from gateway.auth.keys import KeyRing
from gateway.errors import FieldProblem, InvalidRequest

_CURSOR_LIMITS = {"asc": 2**63, "desc": 2**63, "checkpoint": 2**31}
"""Positions a cursor may carry: sequences are 64-bit, checkpoint numbers 32-bit."""


def encode_cursor(kind: str, position: int) -> str:
    """An opaque cursor continuing after ``position`` (a sequence or checkpoint number)."""
    return base64.urlsafe_b64encode(f"a1:{kind}:{position}".encode()).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str) -> int:
    """The position a cursor of ``kind`` continues after; anything else is invalid input."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, found_kind, position = raw.split(":")
        value = int(position)
        if prefix != "a1" or found_kind != kind or not 0 <= value < _CURSOR_LIMITS[kind]:
            raise ValueError(cursor)
        return value
    except (ValueError, binascii.Error, UnicodeDecodeError):
        problem = FieldProblem(location="query.cursor", message="not a cursor this API issued")
        raise InvalidRequest("The cursor is not valid.", errors=[problem]) from None


def _single_subject(entry_filter: repository.EntryFilter) -> dict[str, Any]:
    if len(entry_filter.subjects) == 1:
        return {"subject": entry_filter.subjects[0]}
    return {}


def list_entries(
    session: Session,
    caller: Caller,
    entry_filter: repository.EntryFilter,
    *,
    cursor: str | None,
    limit: int,
    newest_first: bool,
) -> AuditPage:
    """One page of matching entries; the query itself is recorded."""
    kind = "desc" if newest_first else "asc"
    after = decode_cursor(kind, cursor) if cursor else None
    chain.seal(session.connection())
    rows = repository.page(
        session.connection(), entry_filter, after=after, newest_first=newest_first, limit=limit
    )
    items = [AuditEntryPublic.model_validate(dict(row._mapping)) for row in rows[:limit]]
    next_cursor = encode_cursor(kind, items[-1].sequence) if len(rows) > limit else None
    detail = entry_filter.as_detail() | {"returned": len(items)}
    record_action(session, caller, "audit.query", detail=detail, **_single_subject(entry_filter))
    return AuditPage(items=items, next_cursor=next_cursor)


def start_export(
    session: Session,
    factory: sessionmaker[Any],
    caller: Caller | None,
    entry_filter: repository.EntryFilter,
    export_format: export.ExportFormat,
) -> Iterator[bytes]:
    """Record the export, fix its range to the current head, and return its byte stream."""
    chain.seal(session.connection())
    bounds = repository.sequence_range(session.connection(), entry_filter)
    detail = entry_filter.as_detail() | {
        "format": export_format,
        "from_sequence": bounds.first,
        "to_sequence": bounds.last,
    }
    record_action(session, caller, "audit.export", detail=detail, **_single_subject(entry_filter))
    return export.stream(factory, entry_filter, bounds, export_format)


def verify(
    session: Session, caller: Caller | None, *, from_checkpoint: int | None
) -> VerificationReport:
    """Verify the trail; the verification and its verdict are recorded."""
    report = verify_trail(session, from_checkpoint=from_checkpoint)
    first_bad = report.first_bad_entry.model_dump() if report.first_bad_entry else None
    detail = {"valid": report.valid, "from_sequence": report.from_sequence, "first_bad": first_bad}
    record_action(session, caller, "audit.verified", detail=detail)
    return report


def report_for(
    session: Session, caller: Caller, *, person_id: uuid.UUID, language: str
) -> SubjectReport:
    """The subject access report of one person; making it is recorded against them."""
    report = subject_report(session, person_id=person_id, language=language)
    record_action(
        session,
        caller,
        "audit.subject_report",
        subject=str(person_id),
        subject_kind="person",
        detail={"accesses": len(report.accesses), "language": language},
    )
    return report


def make_checkpoint(
    session: Session, caller: Caller | None, *, key_ring: KeyRing, issuer: str, made_by: str
) -> CheckpointPublic:
    """Sign the current head as a new checkpoint."""
    made = checkpoints.create(
        session, keys=key_ring.current(session), issuer=issuer, made_by=made_by
    )
    assert made is not None
    detail = {"entry_count": made.entry_count, "head_hash": made.head_hash}
    record_action(
        session,
        caller,
        "audit.checkpoint_created",
        subject=str(made.number),
        subject_kind="checkpoint",
        detail=detail,
    )
    return public_checkpoint(made, [])


def list_checkpoints(session: Session, *, cursor: str | None, limit: int) -> CheckpointPage:
    after = decode_cursor("checkpoint", cursor) if cursor else None
    found = repository.checkpoints(session, after=after, limit=limit + 1)
    shown = found[:limit]
    witnesses = repository.witnesses(session, [checkpoint.number for checkpoint in shown])
    items = [public_checkpoint(checkpoint, witnesses[checkpoint.number]) for checkpoint in shown]
    next_cursor = encode_cursor("checkpoint", shown[-1].number) if len(found) > limit else None
    return CheckpointPage(items=items, next_cursor=next_cursor)


def read_checkpoint(session: Session, *, number: int) -> CheckpointPublic:
    checkpoint = checkpoints.load(session, number)
    return public_checkpoint(checkpoint, repository.witnesses(session, [number])[number])


def export_checkpoint(session: Session, *, number: int) -> dict[str, Any]:
    checkpoint = checkpoints.load(session, number)
    return checkpoints.export(checkpoint, repository.witnesses(session, [number])[number])


def witness_checkpoint(
    session: Session, caller: Caller, *, number: int, signature: str
) -> WitnessPublic:
    """Store the caller's countersignature of checkpoint ``number``."""
    row = checkpoints.witness(
        session, number=number, client_id=caller.client_id, signature=signature
    )
    record_action(
        session,
        caller,
        "audit.checkpoint_witnessed",
        subject=str(number),
        subject_kind="checkpoint",
        detail={"kid": row.kid},
    )
    return public_witness(row)


def public_checkpoint(
    checkpoint: AuditCheckpoint, witnesses: list[CheckpointWitness]
) -> CheckpointPublic:
    stored = checkpoint.model_dump(include=set(CheckpointPublic.model_fields))
    statement = statement_bytes(checkpoint).decode()
    shown = [public_witness(row) for row in witnesses]
    return CheckpointPublic.model_validate(stored | {"statement": statement, "witnesses": shown})


def public_witness(row: CheckpointWitness) -> WitnessPublic:
    return WitnessPublic.model_validate(row.model_dump(include=set(WitnessPublic.model_fields)))
