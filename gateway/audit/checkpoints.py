"""Checkpoints: made on demand or periodically, countersigned, exported for offline checks.

A checkpoint is taken under the chain's lock (``chain.seal`` takes it and seals what is
pending first), so its head is a committed entry whose predecessors are all committed, and
checkpoint numbers never collide between gateway processes. Witnessing stores an agency's
countersignature once it verifies against the JWKS its client registered. The export is a
self-contained JSON document: the statement, the gateway's JWS and the witnesses' ones;
``verify_export`` checks it with nothing but the gateway's JWKS (and, optionally, the
witnesses' keys).
"""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlmodel import Session, col, select

from gateway.audit import chain, repository
from gateway.audit.canonical import canonical_json
from gateway.audit.models import AuditCheckpoint, CheckpointWitness
from gateway.audit.signatures import (
    BadSignature,
    check_gateway_signature,
    check_witness_signature,
    sign,
    statement,
    statement_bytes,
)
from gateway.auth.keys import ALGORITHM, Keys
from gateway.auth.models import Client, SigningKey
from gateway.errors import Conflict, FieldProblem, Forbidden, InvalidRequest, NotFound
from gateway.models import utcnow

EXPORT_TYPE = "gateway-audit-checkpoint-export"


def create(
    session: Session, *, keys: Keys, issuer: str, made_by: str, only_if_new: bool = False
) -> AuditCheckpoint | None:
    """Sign the current head as the next checkpoint (None if ``only_if_new`` and nothing new)."""
    connection = session.connection()
    chain.seal(connection)  # takes the chain's lock: the head stays the head until the commit
    head = chain.head(connection)
    last = repository.latest_checkpoint(session)
    if only_if_new and (head.sequence == 0 or (last and last.entry_count == head.sequence)):
        return None
    checkpoint = AuditCheckpoint(
        number=last.number + 1 if last else 1,
        entry_count=head.sequence,
        head_hash=head.entry_hash,
        created_at=utcnow(),
        issuer=issuer,
        kid=str(keys.signing.kid),
        signature="",
        made_by=made_by,
    )
    checkpoint.signature = sign(statement_bytes(checkpoint), keys.signing)
    session.add(checkpoint)
    session.flush()
    return checkpoint


def due(
    session: Session, *, every_entries: int, interval: dt.timedelta | None, now: dt.datetime
) -> bool:
    """Whether enough entries or time have passed since the last checkpoint."""
    chain.seal(session.connection())
    head = chain.head(session.connection())
    last = repository.latest_checkpoint(session)
    if last is None:
        return head.sequence > 0
    grown = head.sequence - last.entry_count
    late = interval is not None and now - last.created_at >= interval
    return grown >= every_entries or (grown > 0 and late)


def load(session: Session, number: int) -> AuditCheckpoint:
    checkpoint = session.get(AuditCheckpoint, number)
    if checkpoint is None:
        raise NotFound(f"There is no checkpoint {number}.")
    return checkpoint


def witness(session: Session, *, number: int, client_id: str, signature: str) -> CheckpointWitness:
    """Store the calling client's countersignature of checkpoint ``number``."""
    checkpoint = load(session, number)
    client = session.get(Client, client_id)
    if client is None or client.auth_method != "private_key_jwt" or not client.jwks:
        raise Forbidden("Only a client that authenticates with registered keys can witness.")
    if session.get(CheckpointWitness, (number, client_id)) is not None:
        raise Conflict(f"This client has already witnessed checkpoint {number}.")
    try:
        kid = check_witness_signature(signature, statement_bytes(checkpoint), client.jwks)
    except BadSignature as error:
        problem = FieldProblem(location="body.signature", message=str(error))
        raise InvalidRequest("The countersignature is not valid.", errors=[problem]) from None
    row = CheckpointWitness(
        checkpoint_number=number,
        client_id=client_id,
        agency=client.agency,
        kid=kid,
        signature=signature,
    )
    session.add(row)
    session.flush()
    return row


def gateway_jwks(session: Session) -> dict[str, Any]:
    """Every public key the gateway ever signed with, retired ones included."""
    rows = session.exec(select(SigningKey).order_by(col(SigningKey.created_at)))
    return {
        "keys": [row.public_jwk | {"kid": row.kid, "alg": ALGORITHM, "use": "sig"} for row in rows]
    }


def export(checkpoint: AuditCheckpoint, witnesses: list[CheckpointWitness]) -> dict[str, Any]:
    """The checkpoint as a document that can be checked offline with the gateway's JWKS."""
    return {
        "type": EXPORT_TYPE,
        "statement": statement(checkpoint),
        "kid": checkpoint.kid,
        "jws": checkpoint.signature,
        "witnesses": [
            {
                "client_id": row.client_id,
                "agency": row.agency,
                "kid": row.kid,
                "jws": row.signature,
                "witnessed_at": row.witnessed_at.isoformat(),
            }
            for row in witnesses
        ],
    }


def verify_export(
    document: Mapping[str, Any],
    jwks: Mapping[str, Any],
    witness_jwks: Mapping[str, Mapping[str, Any]] | None = None,
) -> list[str]:
    """Problems with an exported checkpoint (none: the gateway signed exactly this statement)."""
    try:
        payload = canonical_json(document["statement"])
        check_gateway_signature(str(document["jws"]), payload, jwks)
    except (KeyError, TypeError, ValueError) as error:
        return [f"gateway signature: {error}"]
    problems = []
    for row in document.get("witnesses", []):
        keys = (witness_jwks or {}).get(str(row.get("client_id")))
        if keys is None:
            continue
        try:
            check_witness_signature(str(row.get("jws")), payload, keys)
        except BadSignature as error:
            problems.append(f"witness {row.get('client_id')}: {error}")
    return problems
