"""The gateway's token signing keys: ES256, encrypted at rest, rotated without downtime.

The newest key that is not retired signs; retired keys stay in the published JWKS (and keep
verifying) until every token they signed has expired. Private keys are stored encrypted with
AES-GCM under ``GATEWAY_KEY_ENCRYPTION_KEY``, which production mode requires to be set; the
demo and the tests generate their own keys on first use.

Every replica keeps a ``KeyRing`` cache, read again every 30 seconds and whenever a token names
a ``kid`` it does not know (at most once a second), so a rotation on one replica reaches all.
"""

import base64
import datetime as dt
import json
import os
import threading
import time
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from joserfc.errors import InvalidKeyIdError
from joserfc.jwk import ECKey, KeySet
from sqlmodel import Session, col, select

from gateway.audit.actions import Acting, record_action
from gateway.auth.models import SigningKey
from gateway.models import utcnow

ALGORITHM = "ES256"
_RELOAD_INTERVAL_SECONDS = 1.0
_REFRESH_SECONDS = 30.0


def _kek(encoded: str) -> AESGCM:
    key = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
    if len(key) != 32:
        raise ValueError("the key encryption key must be 32 bytes, base64url-encoded")
    return AESGCM(key)


def encrypt_private_jwk(jwk: dict[str, Any], kek: str) -> str:
    nonce = os.urandom(12)
    sealed = _kek(kek).encrypt(nonce, json.dumps(jwk).encode(), b"gateway-signing-key")
    return base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt_private_jwk(token: str, kek: str) -> dict[str, Any]:
    raw = base64.urlsafe_b64decode(token)
    plain = _kek(kek).decrypt(raw[:12], raw[12:], b"gateway-signing-key")
    value: dict[str, Any] = json.loads(plain)
    return value


def create_key(session: Session, *, kek: str) -> SigningKey:
    """Make a new signing key; it signs from now on."""
    key = ECKey.generate_key("P-256")
    record = SigningKey(
        kid=key.thumbprint(),
        algorithm=ALGORITHM,
        public_jwk=key.as_dict(private=False),
        encrypted_private_jwk=encrypt_private_jwk(key.as_dict(private=True), kek),
    )
    session.add(record)
    session.flush()
    return record


def rotate(session: Session, *, kek: str, actor: Acting | None = None) -> SigningKey:
    """Retire the signing key(s) in use and make a new one; the rotation is audited."""
    now = utcnow()
    retired = []
    for record in session.exec(select(SigningKey).where(col(SigningKey.retired_at).is_(None))):
        record.retired_at = now
        retired.append(record.kid)
    created = create_key(session, kek=kek)
    detail = {"kid": created.kid, "retired": sorted(retired)}
    record_action(session, actor, "signing_key.rotated", detail=detail)
    return created


def ensure_key(session: Session, *, kek: str) -> None:
    """Make a first signing key if there is none in use."""
    if _active(session) is None:
        create_key(session, kek=kek)


def _active(session: Session) -> SigningKey | None:
    query = select(SigningKey).where(col(SigningKey.retired_at).is_(None))
    return session.exec(query.order_by(col(SigningKey.created_at).desc())).first()


def _verifying(session: Session, *, lifetime_seconds: int) -> list[SigningKey]:
    cutoff = utcnow() - dt.timedelta(seconds=lifetime_seconds * 2)
    query = select(SigningKey).where(
        col(SigningKey.retired_at).is_(None) | (col(SigningKey.retired_at) > cutoff)
    )
    return list(session.exec(query))


@dataclass(frozen=True)
class Keys:
    """One consistent view of the keys: the signer and the verifying set."""

    signing: ECKey
    verifying: KeySet
    public_jwks: dict[str, Any]


class KeyRing:
    """The keys of this replica, read again from the database when they may have changed.

    Reads go through the caller's session, so a request never opens a second connection
    (on SQLite that would wait on the request's own transaction).
    """

    def __init__(self, *, kek: str, lifetime_seconds: int) -> None:
        self._kek = kek
        self._lifetime = lifetime_seconds
        self._lock = threading.Lock()
        self._keys: Keys | None = None
        self._loaded_at = 0.0

    def current(self, session: Session) -> Keys:
        """The keys, read again when they are older than the refresh interval."""
        if self._keys is None or time.monotonic() - self._loaded_at > _REFRESH_SECONDS:
            return self.reload(session, force=True)
        return self._keys

    def reload(self, session: Session, *, force: bool = False) -> Keys:
        """Read the keys again, unless they were read within the last second."""
        with self._lock:
            fresh = time.monotonic() - self._loaded_at < _RELOAD_INTERVAL_SECONDS
            if self._keys is not None and fresh and not force:
                return self._keys
            self._keys = self._load(session)
            self._loaded_at = time.monotonic()
            return self._keys

    def knows(self, session: Session, kid: str) -> bool:
        """Whether ``kid`` verifies, reading the keys again once if it is not known yet."""
        return _has_kid(self.current(session), kid) or _has_kid(self.reload(session), kid)

    def _load(self, session: Session) -> Keys:
        active = _active(session)
        if active is None:
            raise RuntimeError("there is no signing key: the gateway makes one when it starts")
        records = _verifying(session, lifetime_seconds=self._lifetime)
        public = [
            record.public_jwk | {"kid": record.kid, "alg": ALGORITHM, "use": "sig"}
            for record in records
        ]
        private = decrypt_private_jwk(active.encrypted_private_jwk, self._kek)
        return Keys(
            signing=ECKey.import_key(private, {"kid": active.kid}),
            verifying=KeySet([ECKey.import_key(jwk) for jwk in public]),
            public_jwks={"keys": public},
        )


def _has_kid(keys: Keys, kid: str) -> bool:
    try:
        keys.verifying.get_by_kid(kid)
    except InvalidKeyIdError:
        return False
    return True
