"""Verifying the trail: the whole chain or from a checkpoint, its checkpoints and witnesses.

Reads the entries in batches (constant memory) up to the head at the start, walks them
(``chain_walk.walk``), then checks every checkpoint in range: the gateway's signature (with any
key it ever signed with), that its head hash is the hash of the entry it counts (a rewrite
that re-hashed the chain fails here), and that no counted entry is missing (a truncated
tail fails here). Witnesses' countersignatures are checked against their clients' current
keys and reported apart: a witness problem does not make the chain invalid.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from gateway.audit import checkpoints as checkpoint_service
from gateway.audit import repository
from gateway.audit.chain import ENTRY, head, seal
from gateway.audit.chain_walk import Walk, walk
from gateway.audit.models import GENESIS_HASH, AuditCheckpoint, CheckpointWitness
from gateway.audit.schemas import BadEntry, CheckpointProblem, VerificationReport, WitnessProblem
from gateway.audit.signatures import BadSignature, check_gateway_signature, statement_bytes
from gateway.audit.signatures import check_witness_signature as check_witness
from gateway.auth.models import Client

BATCH_SIZE = 5000


@dataclass(frozen=True)
class Start:
    """Where a walk starts: after this sequence, expecting this previous hash."""

    after_sequence: int
    after_hash: str


def verify_trail(
    session: Session, *, from_checkpoint: int | None = None, batch_size: int = BATCH_SIZE
) -> VerificationReport:
    """Verify the chain (from ``from_checkpoint`` if given), its checkpoints and witnesses."""
    connection = session.connection()
    seal(connection)
    tip = head(connection)
    first_number = 1 if from_checkpoint is None else from_checkpoint
    if from_checkpoint is not None:
        checkpoint_service.load(session, from_checkpoint)
    in_range = repository.checkpoints(session, from_number=first_number)
    start = _start(session, in_range[0] if from_checkpoint is not None else None)
    walked = walk(
        _rows(session, start.after_sequence, tip.sequence, batch_size),
        after_sequence=start.after_sequence,
        after_hash=start.after_hash,
        keep=frozenset(checkpoint.entry_count for checkpoint in in_range),
    )
    problems, derived = _checkpoint_problems(session, in_range, walked, tip.sequence)
    found = walked.first_break
    walked_bad = found and BadEntry(
        sequence=found.sequence, problem=found.problem, detail=found.detail
    )
    breaks = [bad for bad in (walked_bad, derived) if bad is not None]
    witness_checked, witness_problems = _witness_problems(session, in_range)
    return VerificationReport(
        valid=not breaks and not problems,
        from_sequence=start.after_sequence + 1,
        entries_checked=walked.checked,
        head_sequence=tip.sequence,
        head_hash=tip.entry_hash,
        first_bad_entry=min(breaks, key=lambda bad: bad.sequence) if breaks else None,
        checkpoints_checked=len(in_range),
        checkpoint_problems=problems,
        witnesses_checked=witness_checked,
        witness_problems=witness_problems,
    )


def _start(session: Session, checkpoint: AuditCheckpoint | None) -> Start:
    """Genesis, or the entry a checkpoint counts (so that entry is checked too)."""
    if checkpoint is None or checkpoint.entry_count == 0:
        return Start(0, GENESIS_HASH)
    query = select(ENTRY.c.previous_hash).where(ENTRY.c.sequence == checkpoint.entry_count)
    previous = session.connection().execute(query).scalar()
    return Start(checkpoint.entry_count - 1, str(previous or GENESIS_HASH))


def _rows(session: Session, after: int, last: int, batch_size: int) -> Iterator[Mapping[Any, Any]]:
    query = select(*repository.ENTRY_COLUMNS).where(ENTRY.c.sequence <= last)

    def fetch(statement: Any) -> Any:
        return session.connection().execute(statement).all()

    for batch in repository.batches(fetch, query, after=after, size=batch_size):
        for row in batch:
            yield row._mapping


def _checkpoint_problems(
    session: Session, in_range: list[AuditCheckpoint], walked: Walk, head_sequence: int
) -> tuple[list[CheckpointProblem], BadEntry | None]:
    jwks = checkpoint_service.gateway_jwks(session)
    problems: list[CheckpointProblem] = []
    derived: BadEntry | None = None
    previous_count = 0
    for checkpoint in in_range:
        problem, bad = _checkpoint_problem(checkpoint, jwks, walked, head_sequence, previous_count)
        if problem is not None:
            problems.append(CheckpointProblem(number=checkpoint.number, problem=problem))
        derived = derived or bad
        previous_count = checkpoint.entry_count
    return problems, derived


def _checkpoint_problem(
    checkpoint: AuditCheckpoint,
    jwks: dict[str, Any],
    walked: Walk,
    head_sequence: int,
    previous_count: int,
) -> tuple[str | None, BadEntry | None]:
    try:
        check_gateway_signature(checkpoint.signature, statement_bytes(checkpoint), jwks)
    except BadSignature as error:
        return f"the gateway's signature does not hold: {error}", None
    if checkpoint.entry_count > head_sequence:
        missing = head_sequence + 1
        detail = f"checkpoint {checkpoint.number} counts {checkpoint.entry_count} entries"
        return detail + f" but the trail ends at {head_sequence}", BadEntry(
            sequence=missing, problem="deleted", detail=f"entries from {missing} are missing"
        )
    seen = walked.kept_hashes.get(checkpoint.entry_count)
    if checkpoint.entry_count <= walked.last_sequence and seen != checkpoint.head_hash:
        first = previous_count + 1
        return "the head hash is not the hash of the entry it counts", BadEntry(
            sequence=first,
            problem="edited",
            detail=f"entries {first} to {checkpoint.entry_count} were rewritten and re-hashed "
            f"after checkpoint {checkpoint.number} signed them",
        )
    return None, None


def _witness_problems(
    session: Session, in_range: list[AuditCheckpoint]
) -> tuple[int, list[WitnessProblem]]:
    by_number = repository.witnesses(session, [checkpoint.number for checkpoint in in_range])
    checked, problems = 0, []
    for checkpoint in in_range:
        for row in by_number[checkpoint.number]:
            checked += 1
            problem = _witness_problem(session, checkpoint, row)
            if problem is not None:
                problems.append(
                    WitnessProblem(
                        checkpoint=checkpoint.number, client_id=row.client_id, problem=problem
                    )
                )
    return checked, problems


def _witness_problem(
    session: Session, checkpoint: AuditCheckpoint, row: CheckpointWitness
) -> str | None:
    client = session.get(Client, row.client_id)
    if client is None or not client.jwks:
        return "the witness's client has no registered keys any more"
    try:
        check_witness(row.signature, statement_bytes(checkpoint), client.jwks)
    except BadSignature as error:
        return str(error)
    return None
