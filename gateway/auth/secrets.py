"""Client secrets: generated with enough entropy, stored only as slow Argon2id hashes."""

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# A hash to verify against when the client is unknown, so timing does not tell them apart.
_DECOY = _hasher.hash(secrets.token_urlsafe(32))


def new_secret() -> str:
    """A new client secret (256 bits)."""
    return secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return _hasher.hash(secret)


def secret_matches(secret: str, stored_hash: str | None) -> bool:
    """Whether ``secret`` is the one hashed; spends the same time when there is no hash."""
    try:
        return _hasher.verify(stored_hash or _DECOY, secret) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False
