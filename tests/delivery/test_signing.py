"""Webhook signatures: a valid one verifies; a tampered, stale or replayed one is refused."""

import json
import time

import pytest

from gateway.delivery.signing import (
    NOTIFICATION_ID_HEADER,
    SIGNATURE_HEADER,
    InvalidSignature,
    ReplayedNotification,
    ReplayGuard,
    sign,
    verify,
    verify_notification,
)

SECRET = "whsec_test-secret"
BODY = json.dumps({"id": "n-1", "type": "referral.status_changed"}).encode()


def headers(body: bytes = BODY, *, at: int | None = None, secret: str = SECRET) -> dict[str, str]:
    timestamp = int(time.time()) if at is None else at
    return {
        SIGNATURE_HEADER: sign(secret, body, timestamp=timestamp),
        NOTIFICATION_ID_HEADER: "n-1",
    }


def test_a_valid_signature_verifies() -> None:
    notification = verify_notification(SECRET, BODY, headers(), guard=ReplayGuard())
    assert notification["id"] == "n-1"


def test_the_signature_covers_timestamp_and_body() -> None:
    header = sign(SECRET, BODY, timestamp=1_767_225_600)
    assert header.startswith("t=1767225600,v1=")
    assert verify(SECRET, BODY, header, now=1_767_225_600) == 1_767_225_600
    forged = header.replace("t=1767225600", "t=1767225601")
    with pytest.raises(InvalidSignature):
        verify(SECRET, BODY, forged, now=1_767_225_601)


@pytest.mark.parametrize(
    "tampered",
    [
        BODY.replace(b"n-1", b"n-2"),
        BODY + b" ",
        json.dumps({"id": "n-1", "type": "referral.status_changed"}, indent=1).encode(),
    ],
)
def test_a_tampered_body_is_refused(tampered: bytes) -> None:
    with pytest.raises(InvalidSignature):
        verify_notification(SECRET, tampered, headers(), guard=ReplayGuard())


def test_another_secret_is_refused() -> None:
    with pytest.raises(InvalidSignature):
        verify_notification(SECRET, BODY, headers(secret="whsec_other"), guard=ReplayGuard())


def test_an_old_request_replayed_later_is_refused() -> None:
    sent = int(time.time()) - 301
    with pytest.raises(InvalidSignature, match="tolerance"):
        verify_notification(SECRET, BODY, headers(at=sent), guard=ReplayGuard(tolerance=300))


def test_a_request_replayed_at_once_is_refused() -> None:
    guard = ReplayGuard()
    captured = headers()
    verify_notification(SECRET, BODY, captured, guard=guard)
    with pytest.raises(ReplayedNotification):
        verify_notification(SECRET, BODY, captured, guard=guard)


@pytest.mark.parametrize(
    "header", ["", "t=abc,v1=00", "v1=00", "t=1767225600", "t=1767225600,v2=00"]
)
def test_a_malformed_header_is_refused(header: str) -> None:
    with pytest.raises(InvalidSignature):
        verify(SECRET, BODY, header)


def test_the_id_header_must_match_the_body() -> None:
    sent = headers() | {NOTIFICATION_ID_HEADER: "n-9"}
    with pytest.raises(InvalidSignature):
        verify_notification(SECRET, BODY, sent, guard=ReplayGuard())
