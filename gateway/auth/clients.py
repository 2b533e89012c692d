"""The client registry: agency systems, what they may ask for, and how they authenticate.

Every change records its ``client.*`` audit entry here, so the admin API and ``gateway
clients ...`` leave the same entry; ``actor`` is whoever changes it (None: the audit
context's actor, nobody when seeding).
"""

import secrets
from typing import Any

from joserfc.errors import JoseError
from joserfc.jwk import KeySet
from sqlmodel import Session, col, select

from gateway.audit.actions import Acting, record_action
from gateway.auth.models import Client
from gateway.auth.schemas import ClientCreate, ClientCredentials, ClientPublic, ClientUpdate
from gateway.auth.secrets import hash_secret, new_secret
from gateway.concurrency import require_current
from gateway.errors import Conflict, FieldProblem, InvalidRequest, NotFound
from gateway.models import utcnow


def create_client(
    session: Session, *, client: ClientCreate, actor: Acting | None = None
) -> ClientCredentials:
    """Register a client; the secret (for secret clients) is returned this once."""
    secret = None if client.jwks else new_secret()
    record = Client(
        client_id=f"{client.agency}-{secrets.token_hex(6)}",
        agency=client.agency,
        display_name=client.display_name,
        scopes=client.scopes,
        purposes=client.purposes,
        auth_method="private_key_jwt" if client.jwks else "client_secret_basic",
        secret_hash=hash_secret(secret) if secret else None,
        jwks=public_jwks(client.jwks) if client.jwks else None,
    )
    session.add(record)
    session.flush()
    _audit(session, actor, "client.created", record)
    return credentials(record, secret)


def read_client(session: Session, *, client_id: str) -> ClientPublic:
    return public(_load(session, client_id))


def list_clients(session: Session, *, agency: str | None) -> list[ClientPublic]:
    query = select(Client).order_by(col(Client.client_id))
    if agency is not None:
        query = query.where(col(Client.agency) == agency)
    return [public(record) for record in session.exec(query)]


def update_client(
    session: Session,
    *,
    client_id: str,
    changes: ClientUpdate,
    if_match: str | None,
    actor: Acting | None = None,
) -> ClientPublic:
    """Change a client's grants, name or status (suspension takes effect at once)."""
    record = _load(session, client_id)
    require_current(if_match, current_version=record.version)
    status_before = record.status
    for name in changes.model_fields_set:
        value = getattr(changes, name)
        if value is None:
            raise InvalidRequest(
                "Fields cannot be cleared.", errors=[_problem(name, "may not be null")]
            )
        setattr(record, name, value)
    if record.status != status_before:
        record.tokens_valid_after = utcnow()
    _changed(session, actor, "client.changed", record)
    return public(record)


def rotate_secret(
    session: Session, *, client_id: str, actor: Acting | None = None
) -> ClientCredentials:
    """A new secret for a secret client; the old one stops working now."""
    record = _load(session, client_id)
    if record.auth_method != "client_secret_basic":
        raise Conflict("This client authenticates with keys; change its JWKS instead.")
    secret = new_secret()
    record.secret_hash = hash_secret(secret)
    _changed(session, actor, "client.secret_rotated", record)
    return credentials(record, secret)


def replace_jwks(
    session: Session, *, client_id: str, jwks: dict[str, Any], actor: Acting | None = None
) -> ClientPublic:
    """New public keys for a key client; assertions signed with the old keys stop working."""
    record = _load(session, client_id)
    if record.auth_method != "private_key_jwt":
        raise Conflict("This client authenticates with a secret; rotate its secret instead.")
    record.jwks = public_jwks(jwks)
    _changed(session, actor, "client.keys_replaced", record)
    return public(record)


def public_jwks(jwks: dict[str, Any]) -> dict[str, Any]:
    """A JWKS of public signing keys only, from a JWK or a JWKS; refuses private material."""
    keys = jwks.get("keys") if "keys" in jwks else [jwks]
    if not isinstance(keys, list) or not keys or len(keys) > 10:
        raise InvalidRequest("A JWKS holds 1 to 10 keys.", errors=[_problem("jwks", "no keys")])
    if any(not isinstance(key, dict) or "d" in key or key.get("kty") == "oct" for key in keys):
        raise InvalidRequest(
            "Register public keys only.", errors=[_problem("jwks", "private or symmetric key")]
        )
    try:
        KeySet.import_key_set({"keys": keys})
    except (JoseError, ValueError, TypeError) as error:
        raise InvalidRequest(
            "The JWKS cannot be read.", errors=[_problem("jwks", str(error))]
        ) from None
    return {"keys": keys}


def public(record: Client) -> ClientPublic:
    return ClientPublic.model_validate(
        record.model_dump(exclude={"secret_hash", "tokens_valid_after"})
    )


def credentials(record: Client, secret: str | None) -> ClientCredentials:
    return ClientCredentials.model_validate(public(record).model_dump() | {"client_secret": secret})


def _load(session: Session, client_id: str) -> Client:
    record = session.get(Client, client_id)
    if record is None:
        raise NotFound(f"There is no client '{client_id}'.")
    return record


def _changed(session: Session, actor: Acting | None, action: str, record: Client) -> None:
    record.version += 1
    record.updated_at = utcnow()
    session.flush()
    _audit(session, actor, action, record)


def _audit(session: Session, actor: Acting | None, action: str, record: Client) -> None:
    record_action(session, actor, action, detail={"client": record.client_id})


def _problem(field: str, message: str) -> FieldProblem:
    return FieldProblem(location=f"body.{field}", message=message)
