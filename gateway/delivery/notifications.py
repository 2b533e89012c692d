"""Notifications: a change posted, signed, to each callback URL an agency subscribed.

Delivery's own job kind. ``enqueue_notifications`` writes one job per active subscription of
the agency, in the transaction of the change; the body comes from the feature that made the
change and must carry no personal data. Before every try the subscription and its callback
URL are checked again (``callbacks``); the body goes as a POST signed with the subscription's
secret (``signing``), to the checked address, never following a redirect. A notification's
body cannot be built again, so its job keeps it when closed.
"""

import json
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
from sqlmodel import Session, col, select

from gateway.delivery.callbacks import CallbackRefused, CallbackTarget, check_callback_target
from gateway.delivery.jobs import Channels, Claimed, Receipt, Result, Send, Settled
from gateway.delivery.models import NOTIFICATION, ReferralSubscription
from gateway.delivery.outbox import enqueue
from gateway.delivery.sealing import unseal
from gateway.delivery.signing import NOTIFICATION_ID_HEADER, SIGNATURE_HEADER, sign
from gateway.models import new_id

USER_AGENT = "returnee-gateway-webhooks/1"
Body = Callable[[uuid.UUID], dict[str, Any]]
"""The body of a notification, given the id of its job (the receiver's deduplication key)."""


def enqueue_notifications(
    session: Session, *, agency: str, referral_id: uuid.UUID, body: Body
) -> int:
    """A job per active subscription of ``agency``; how many were written."""
    query = select(ReferralSubscription).where(
        col(ReferralSubscription.agency) == agency,
        col(ReferralSubscription.status) == "active",
    )
    subscriptions = session.exec(query).all()
    for subscription in subscriptions:
        job_id = new_id()
        enqueue(
            session,
            kind=NOTIFICATION,
            agency=agency,
            key=f"notification-{job_id}",
            referral_id=referral_id,
            payload=body(job_id),
            subscription_id=subscription.id,
            job_id=job_id,
        )
    return len(subscriptions)


@dataclass(frozen=True)
class NotificationSend:
    """A notification ready to be posted to its checked callback target."""

    claimed: Claimed
    target: CallbackTarget
    secret: str
    body: bytes

    @property
    def disclosed(self) -> None:
        return None

    async def request(self, channels: Channels) -> Receipt | None:
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            NOTIFICATION_ID_HEADER: str(self.claimed.id),
            SIGNATURE_HEADER: sign(self.secret, self.body, timestamp=int(time.time())),
        }
        url, extensions = httpx.URL(self.target.url), {}
        if self.target.address is not None:  # connect to the checked address, verify the name
            headers["Host"] = url.netloc.decode("ascii")
            extensions["sni_hostname"] = self.target.host
            url = url.copy_with(host=str(self.target.address))
        response = await channels.http.post(
            url,
            content=self.body,
            headers=headers,
            timeout=channels.timeout,
            follow_redirects=False,
            extensions=extensions,
        )
        if not response.is_success:
            raise CallbackFailed(f"the callback answered {response.status_code}")
        return None


class CallbackFailed(Exception):
    """The callback did not answer with a 2xx status."""


@dataclass
class Notifications:
    """The notification job kind (a ``JobKind``): checks the subscription and its callback URL
    again before every try, then signs the body; nothing else to decide or record."""

    purpose: str
    kek: str
    allowed_hosts: Mapping[str, frozenset[str]]
    production: bool
    name: str = NOTIFICATION

    def decide(self, _session: Session, _jobs: Sequence[Claimed]) -> None:
        return None

    def prepare(self, session: Session, job: Claimed, _decided: object | None) -> Send | Settled:
        subscription = session.get(ReferralSubscription, job.subscription_id)
        if subscription is None or subscription.status != "active":
            return Settled(job, "stopped", "the subscription was removed")
        try:
            target = check_callback_target(
                subscription.callback_url,
                agency=subscription.agency,
                allowed_hosts=self.allowed_hosts,
                production=self.production,
            )
        except CallbackRefused as refused:
            return Settled(job, "dead", f"the callback URL is refused now: {refused}")
        secret = unseal(subscription.sealed_secret, kek=self.kek, subscription_id=subscription.id)
        body = json.dumps(job.payload, ensure_ascii=False, sort_keys=True).encode()
        return NotificationSend(job, target, secret, body)

    def hold(self, _session: Session, _jobs: Sequence[Claimed]) -> Sequence[object]:
        return ()

    def settled(self, _session: Session, _settled: Settled) -> None:
        return None

    def delivered(self, _session: Session, _result: Result) -> None:
        return None
