"""Signing and checking checkpoint statements: the gateway's signature and agencies' ones.

A checkpoint's statement is the canonical JSON (sorted keys, no whitespace, UTF-8) of
``{"type": "gateway-audit-checkpoint", "number", "entry_count", "head_hash", "created_at",
"issuer"}``. The gateway signs those bytes as a compact JWS with its ES256 signing key
(header ``kid``, ``typ`` ``audit-checkpoint+jws``), so anyone holding the gateway's JWKS can
check a checkpoint offline. A witnessing agency signs the very same bytes with its own key.
Pure: no database, no clock.
"""

from collections.abc import Mapping
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet

from gateway.audit.canonical import canonical_json, timestamp
from gateway.audit.models import AuditCheckpoint
from gateway.auth.keys import ALGORITHM

STATEMENT_TYPE = "gateway-audit-checkpoint"
JWS_TYPE = "audit-checkpoint+jws"
WITNESS_ALGORITHMS = ("ES256", "ES384", "ES512", "RS256", "PS256", "Ed25519")


class BadSignature(ValueError):
    """A signature that does not verify, or that signs something else; the message says which."""


def statement(checkpoint: AuditCheckpoint) -> dict[str, Any]:
    """What a checkpoint states, as a JSON object."""
    return {
        "type": STATEMENT_TYPE,
        "number": checkpoint.number,
        "entry_count": checkpoint.entry_count,
        "head_hash": checkpoint.head_hash,
        "created_at": timestamp(checkpoint.created_at),
        "issuer": checkpoint.issuer,
    }


def statement_bytes(checkpoint: AuditCheckpoint) -> bytes:
    """The exact bytes the gateway and the witnesses sign."""
    return canonical_json(statement(checkpoint))


def sign(payload: bytes, key: ECKey) -> str:
    """A compact JWS of ``payload`` by the gateway's key."""
    header = {"alg": ALGORITHM, "kid": key.kid, "typ": JWS_TYPE}
    return jws.serialize_compact(header, payload, key, algorithms=[ALGORITHM])


def check_gateway_signature(signature: str, payload: bytes, jwks: Mapping[str, Any]) -> str:
    """The ``kid`` that signed ``payload``, or ``BadSignature``."""
    return _check(signature, payload, jwks, (ALGORITHM,))


def check_witness_signature(signature: str, payload: bytes, jwks: Mapping[str, Any]) -> str | None:
    """The ``kid`` (if named) of the witness key that signed ``payload``, or ``BadSignature``."""
    return _check(signature, payload, jwks, WITNESS_ALGORITHMS) or None


def _check(
    signature: str, payload: bytes, jwks: Mapping[str, Any], algorithms: tuple[str, ...]
) -> str:
    try:
        keys = KeySet.import_key_set(dict(jwks))  # type: ignore[arg-type]
        verified = jws.deserialize_compact(signature, keys, algorithms=list(algorithms))
    except (JoseError, ValueError, TypeError, KeyError) as error:
        raise BadSignature(f"the signature does not verify: {error}") from None
    if verified.payload != payload:
        raise BadSignature("the signature is valid but signs something else")
    return str(verified.protected.get("kid") or "")
