"""One delivery job from claim to result: prepare it, deliver it, say how it went.

Preparing happens in the claiming transaction. A referral job asks the policy decision again
(a consent revoked since the referral was made stops it, ``blocked_by_consent``, and no request
is sent); a cancelled referral's job stops; a notification job checks its subscription and
its callback URL again; a withdrawal (no personal data: the two references and the reason) is
ready as it is. What is ready goes out through the agency's adapter (referrals and their
withdrawals, with their idempotency keys) or as a signed POST (notifications). Nothing here
commits.
"""

import datetime as dt
import json
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlmodel import Session, col, select

from adapters.base import AdapterRejected, AgencyAdapter
from gateway.delivery.callbacks import CallbackRefused, CallbackTarget, check_callback_target
from gateway.delivery.models import DeliveryJob, ReferralSubscription
from gateway.delivery.sealing import unseal
from gateway.delivery.signing import NOTIFICATION_ID_HEADER, SIGNATURE_HEADER, sign
from gateway.models import utcnow
from gateway.referrals import coverage
from gateway.referrals.models import Referral
from gateway.referrals.payload import delivery_for
from gateway.registry.models import Household, Person
from gateway.schema.agency import ReferralCancellation, ReferralDelivery, ReferralReceipt

USER_AGENT = "returnee-gateway-webhooks/1"


@dataclass(frozen=True)
class Claimed:
    """A job as claimed: enough to deliver it and to fence the result with the claim token."""

    id: uuid.UUID
    token: uuid.UUID
    kind: str
    agency: str
    referral_id: uuid.UUID
    subscription_id: uuid.UUID | None
    idempotency_key: str
    payload: dict[str, Any] | None
    attempts: int
    max_attempts: int | None

    @classmethod
    def of(cls, job: DeliveryJob) -> "Claimed":
        assert job.claim_token is not None  # just claimed
        return cls(
            job.id,
            job.claim_token,
            job.kind,
            job.agency,
            job.referral_id,
            job.subscription_id,
            job.idempotency_key,
            job.payload,
            job.attempts,
            job.max_attempts,
        )


@dataclass(frozen=True)
class ReferralSend:
    claimed: Claimed
    delivery: ReferralDelivery
    disclosed: dict[str, str]


@dataclass(frozen=True)
class CancellationSend:
    claimed: Claimed
    cancellation: ReferralCancellation


@dataclass(frozen=True)
class NotificationSend:
    claimed: Claimed
    target: CallbackTarget
    secret: str
    body: bytes


Send = ReferralSend | CancellationSend | NotificationSend


@dataclass(frozen=True)
class Settled:
    """A job finished while it was prepared, without a request."""

    claimed: Claimed
    status: str
    reason: str
    withheld: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    """How one try went; ``error_class`` None means delivered."""

    claimed: Claimed
    started_at: dt.datetime
    finished_at: dt.datetime
    error_class: str | None = None
    error: str | None = None
    permanent: bool = False
    receipt: ReferralReceipt | None = None
    disclosed: dict[str, str] | None = None

    @property
    def delivered(self) -> bool:
        return self.error_class is None


@dataclass(frozen=True)
class Preparation:
    """What preparing needs besides the session: keys, allow-list, environment."""

    consent_age: int
    kek: str
    allowed_hosts: Mapping[str, frozenset[str]]
    production: bool


@dataclass(frozen=True)
class Decisions:
    """A batch's consent decisions by referral id, with the referrals they were made for.

    Holding the referrals keeps them in the session's identity map (which holds its objects
    weakly), so preparing each job reads none of them again.
    """

    by_referral: Mapping[uuid.UUID, coverage.Coverage] = field(default_factory=dict)
    referrals: Sequence[Referral] = ()


def decide_batch(session: Session, jobs: Sequence[Claimed], context: Preparation) -> Decisions:
    """The consent decisions of a claimed batch's referrals, made together."""
    ids = {job.referral_id for job in jobs if job.kind == "referral"}
    if not ids:
        return Decisions()
    referrals = session.exec(select(Referral).where(col(Referral.id).in_(ids))).all()
    found = coverage.coverage_of_referrals(session, referrals, consent_age=context.consent_age)
    return Decisions(found, referrals)


def prepare(
    session: Session, job: Claimed, context: Preparation, decided: Decisions | None = None
) -> Send | Settled:
    """Ready to send, or settled; ``decided`` holds decisions made for the whole batch."""
    if job.kind == "referral":
        known = decided.by_referral.get(job.referral_id) if decided else None
        return _prepare_referral(session, job, context, known)
    if job.kind == "cancellation":
        return CancellationSend(job, ReferralCancellation.model_validate(job.payload))
    return _prepare_notification(session, job, context)


def _prepare_referral(
    session: Session, job: Claimed, context: Preparation, decided: coverage.Coverage | None
) -> Send | Settled:
    referral = session.get(Referral, job.referral_id)
    assert referral is not None  # a foreign key
    if referral.status == "cancelled":
        return Settled(job, "stopped", "the referral was cancelled before it was delivered")
    if referral.status != "submitted":
        return Settled(job, "delivered", "the agency has reported on the referral already")
    found = decided or coverage.coverage(
        session,
        agency=referral.to_agency,
        subject=_subject(session, referral),
        categories=referral.categories,
        consent_age=context.consent_age,
    )
    if not found.covered:
        return Settled(job, "blocked_by_consent", "no basis covers it now", found.missing)
    if job.payload is None:  # cleared once delivered; a re-drive builds it again
        delivery = delivery_for(session, referral)
    else:
        delivery = ReferralDelivery.model_validate(job.payload)
    return ReferralSend(job, delivery, found.basis())


def _prepare_notification(session: Session, job: Claimed, context: Preparation) -> Send | Settled:
    subscription = session.get(ReferralSubscription, job.subscription_id)
    if subscription is None or subscription.status != "active":
        return Settled(job, "stopped", "the subscription was removed")
    try:
        target = check_callback_target(
            subscription.callback_url,
            agency=subscription.agency,
            allowed_hosts=context.allowed_hosts,
            production=context.production,
        )
    except CallbackRefused as refused:
        return Settled(job, "dead", f"the callback URL is refused now: {refused}")
    secret = unseal(subscription.sealed_secret, kek=context.kek, subscription_id=subscription.id)
    body = json.dumps(job.payload, ensure_ascii=False, sort_keys=True).encode()
    return NotificationSend(job, target, secret, body)


async def deliver(
    send: Send, *, adapters: Mapping[str, AgencyAdapter], http: httpx.AsyncClient, timeout: float
) -> Result:
    """Make one try; every failure becomes a result, never an exception."""
    started = utcnow()
    try:
        if isinstance(send, ReferralSend):
            receipt = await _send_referral(send, adapters)
            return Result(
                send.claimed, started, utcnow(), receipt=receipt, disclosed=send.disclosed
            )
        if isinstance(send, CancellationSend):
            await _adapter(send.claimed.agency, adapters).cancel_referral(
                send.cancellation, idempotency_key=send.claimed.idempotency_key
            )
            return Result(send.claimed, started, utcnow())
        await _send_notification(send, http, timeout)
        return Result(send.claimed, started, utcnow())
    except Exception as error:  # each failure is recorded, retried or dead-lettered
        permanent = isinstance(error, AdapterRejected | _Permanent)
        message = str(error)[:300] or type(error).__name__
        return Result(send.claimed, started, utcnow(), type(error).__name__, message, permanent)


class _Permanent(Exception):
    """A failure no retry can mend (no adapter for the agency)."""


async def _send_referral(
    send: ReferralSend, adapters: Mapping[str, AgencyAdapter]
) -> ReferralReceipt:
    adapter = _adapter(send.claimed.agency, adapters)
    return await adapter.send_referral(send.delivery, idempotency_key=send.claimed.idempotency_key)


def _adapter(agency: str, adapters: Mapping[str, AgencyAdapter]) -> AgencyAdapter:
    adapter = adapters.get(agency)
    if adapter is None:
        raise _Permanent(f"no adapter is configured for {agency}")
    return adapter


async def _send_notification(
    send: NotificationSend, http: httpx.AsyncClient, timeout: float
) -> None:
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        NOTIFICATION_ID_HEADER: str(send.claimed.id),
        SIGNATURE_HEADER: sign(send.secret, send.body, timestamp=int(time.time())),
    }
    url, extensions = httpx.URL(send.target.url), {}
    if send.target.address is not None:  # connect to the checked address, verify the name
        headers["Host"] = url.netloc.decode("ascii")
        extensions["sni_hostname"] = send.target.host
        url = url.copy_with(host=str(send.target.address))
    response = await http.post(
        url,
        content=send.body,
        headers=headers,
        timeout=timeout,
        follow_redirects=False,
        extensions=extensions,
    )
    if not response.is_success:
        raise CallbackFailed(f"the callback answered {response.status_code}")


class CallbackFailed(Exception):
    """The callback did not answer with a 2xx status."""


def _subject(session: Session, referral: Referral) -> Person | Household:
    subject: Person | Household | None
    if referral.person_id is not None:
        subject = session.get(Person, referral.person_id)
    else:
        subject = session.get(Household, referral.household_id)
    assert subject is not None  # foreign keys
    return subject
