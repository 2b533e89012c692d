"""Signing webhook notifications, and the verifier an agency's receiver can use.

Every notification carries two headers::

    Gateway-Notification-Id: 0190f3c2-...            (also the body's "id")
    Gateway-Signature: t=1767225600,v1=5f2b...       (HMAC-SHA256, hex)

``v1`` is the HMAC-SHA256, under the subscription's secret, of the timestamp, a full stop and
the exact body bytes (``f"{t}.".encode() + body``). A receiver checks, in this order:

1. the signature, in constant time (several ``v1`` may be sent while a secret is rotated);
2. the timestamp, within ``tolerance`` seconds of its clock (default 5 minutes): an old
   request replayed later is refused;
3. the notification id, not seen before within the tolerance window (``ReplayGuard``): a
   request replayed at once is refused. A retried delivery of a notification the receiver
   accepted already has the same id: answer it 2xx and do nothing.

This module needs nothing but the standard library, so an agency can copy it as it is.
"""

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Mapping
from typing import Any

SIGNATURE_HEADER = "Gateway-Signature"
NOTIFICATION_ID_HEADER = "Gateway-Notification-Id"
DEFAULT_TOLERANCE_SECONDS = 300


class InvalidSignature(Exception):
    """The notification is not signed with the secret, or its timestamp is out of tolerance."""


class ReplayedNotification(InvalidSignature):
    """The notification id was seen before: a replay, or a retry of one already handled."""


def sign(secret: str, body: bytes, *, timestamp: int) -> str:
    """The ``Gateway-Signature`` header value for ``body`` sent at ``timestamp``."""
    return f"t={timestamp},v1={_mac(secret, body, timestamp)}"


def verify(
    secret: str,
    body: bytes,
    header: str,
    *,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> int:
    """The signed timestamp, if ``header`` signs ``body`` with ``secret`` recently enough."""
    timestamp, signatures = _parse(header)
    expected = _mac(secret, body, timestamp)
    if not any(hmac.compare_digest(expected, given) for given in signatures):
        raise InvalidSignature("the signature does not match the body")
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise InvalidSignature("the timestamp is outside the tolerance: a replay, or a bad clock")
    return timestamp


class ReplayGuard:
    """The notification ids a receiver accepted within the tolerance window."""

    def __init__(self, tolerance: int = DEFAULT_TOLERANCE_SECONDS) -> None:
        self.tolerance = tolerance
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def admit(self, notification_id: str, *, now: float | None = None) -> None:
        """Remember ``notification_id``; ``ReplayedNotification`` if it was seen already."""
        current = time.time() if now is None else now
        with self._lock:
            horizon = current - 2 * self.tolerance
            self._seen = {key: seen for key, seen in self._seen.items() if seen >= horizon}
            if notification_id in self._seen:
                raise ReplayedNotification(f"notification {notification_id} was seen before")
            self._seen[notification_id] = current


def verify_notification(
    secret: str,
    body: bytes,
    headers: Mapping[str, str],
    *,
    guard: ReplayGuard,
    now: float | None = None,
) -> dict[str, Any]:
    """The notification, if signed, recent and new; else ``InvalidSignature``."""
    lowered = {name.lower(): value for name, value in headers.items()}
    header = lowered.get(SIGNATURE_HEADER.lower())
    if header is None:
        raise InvalidSignature(f"no {SIGNATURE_HEADER} header")
    verify(secret, body, header, tolerance=guard.tolerance, now=now)
    notification: dict[str, Any] = json.loads(body)
    if lowered.get(NOTIFICATION_ID_HEADER.lower()) != notification.get("id"):
        raise InvalidSignature("the notification id header does not match the body")
    guard.admit(str(notification["id"]), now=now)
    return notification


def _mac(secret: str, body: bytes, timestamp: int) -> str:
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def _parse(header: str) -> tuple[int, list[str]]:
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        if name == "t" and value.isdigit():
            timestamp = int(value)
        elif name == "v1" and value:
            signatures.append(value)
    if timestamp is None or not signatures:
        raise InvalidSignature("the signature header is not t=<unix time>,v1=<hex>")
    return timestamp, signatures
