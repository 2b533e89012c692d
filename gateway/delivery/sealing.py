"""Webhook secrets at rest: sealed with AES-GCM under the gateway's key encryption key.

The gateway must compute each notification's HMAC, so a subscription's secret is kept
recoverable, but only sealed (``GATEWAY_KEY_ENCRYPTION_KEY``, the key that protects the token
signing keys), bound to its subscription by the associated data. The clear secret is shown
once, when the subscription is made.
"""

import base64
import os
import secrets
import uuid

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)


def new_secret() -> str:
    """A new webhook secret (256 bits)."""
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def seal(secret: str, *, kek: str, subscription_id: uuid.UUID) -> str:
    nonce = os.urandom(12)
    sealed = _aead(kek).encrypt(nonce, secret.encode(), _bound(subscription_id))
    return base64.urlsafe_b64encode(nonce + sealed).decode()


def unseal(sealed: str, *, kek: str, subscription_id: uuid.UUID) -> str:
    raw = base64.urlsafe_b64decode(sealed)
    return _aead(kek).decrypt(raw[:12], raw[12:], _bound(subscription_id)).decode()


def _aead(kek: str) -> AESGCM:
    return AESGCM(base64.urlsafe_b64decode(kek + "=" * (-len(kek) % 4)))


def _bound(subscription_id: uuid.UUID) -> bytes:
    return b"gateway-webhook-secret:" + subscription_id.bytes
