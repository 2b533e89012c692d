"""A notification goes to the address its callback URL was checked against, not to a name
resolved again at sending time, and the receiver still sees the name it was subscribed as."""

import ipaddress
import uuid

import anyio
import httpx

from gateway.delivery.callbacks import CallbackTarget
from gateway.delivery.jobs import Claimed, Result, deliver
from gateway.delivery.notifications import NotificationSend
from tests.delivery.receiver import receiver

UNRESOLVABLE = "hooks.kirs.invalid"  # RFC 6761: never resolves


def notification(target: CallbackTarget, secret: str) -> NotificationSend:
    claimed = Claimed(
        id=uuid.uuid4(),
        token=uuid.uuid4(),
        kind="notification",
        agency="kirs",
        referral_id=uuid.uuid4(),
        subscription_id=uuid.uuid4(),
        idempotency_key="key",
        payload=None,
        attempts=0,
        max_attempts=None,
    )
    body = f'{{"id": "{claimed.id}", "type": "referral.status_changed"}}'.encode()
    return NotificationSend(claimed, target, secret, body)


def test_the_connection_goes_to_the_checked_address_under_the_subscribed_name() -> None:
    with receiver() as hook:
        hook.secret = "whsec_test"
        port = int(hook.url.rsplit(":", 1)[1].split("/")[0])
        target = CallbackTarget(
            url=f"http://{UNRESOLVABLE}:{port}/hooks/referrals",
            host=UNRESOLVABLE,
            address=ipaddress.ip_address("127.0.0.1"),
        )
        result = anyio.run(_deliver, notification(target, hook.secret))
    assert result.error is None, result.error
    [received] = hook.received
    assert received.accepted, received.refusal
    assert received.headers["Host"] == f"{UNRESOLVABLE}:{port}"


def test_without_a_checked_address_the_name_is_resolved_as_usual() -> None:
    target = CallbackTarget(url=f"http://{UNRESOLVABLE}:9/hooks", host=UNRESOLVABLE)
    result = anyio.run(_deliver, notification(target, "whsec_test"))
    assert result.error_class == "ConnectError"


async def _deliver(send: NotificationSend) -> Result:
    async with httpx.AsyncClient() as http:
        return await deliver(send, adapters={}, http=http, timeout=5)
