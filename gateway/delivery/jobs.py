"""One delivery job from claim to result: what was claimed, what is ready to go, how it went.

Preparing (in the claiming transaction, by the job's kind, ``kinds``) turns a claimed job
into a ``Send`` or settles it without a request (``Settled``: stopped, blocked by consent,
delivered already). A send is made by ``deliver``: through the agency's adapter
(``AgencySend``, with the job's idempotency key) or by the send itself (a notification's
signed POST); every failure becomes a ``Result``, never an exception. Nothing here touches
the database.
"""

import datetime as dt
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

import httpx

from adapters.base import AdapterRejected, AgencyAdapter
from gateway.delivery.models import DeliveryJob
from gateway.models import utcnow


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
class Receipt:
    """What the receiver answered: its own reference, and whether it had the job already."""

    reference: str | None = None
    duplicate: bool = False


@dataclass(frozen=True)
class Channels:
    """What sends go through: the agencies' adapters, and an HTTP client for the rest."""

    adapters: Mapping[str, AgencyAdapter]
    http: httpx.AsyncClient
    timeout: float
    """Seconds a request over ``http`` may take."""


class Send(Protocol):
    """A job ready to go: ``request`` makes the one request that delivers it."""

    @property
    def claimed(self) -> Claimed: ...

    @property
    def disclosed(self) -> dict[str, str] | None: ...

    async def request(self, channels: Channels) -> Receipt | None: ...


AgencyCall = Callable[[AgencyAdapter, str], Awaitable[Receipt | None]]
"""One call of an agency's adapter, given the adapter and the job's idempotency key."""


@dataclass(frozen=True)
class AgencySend:
    """A job that goes to its agency's system through the agency's adapter."""

    claimed: Claimed
    call: AgencyCall
    disclosed: dict[str, str] | None = None
    """What the receiver gets, category by category, and on what basis (for the audit)."""

    async def request(self, channels: Channels) -> Receipt | None:
        adapter = channels.adapters.get(self.claimed.agency)
        if adapter is None:
            raise Permanent(f"no adapter is configured for {self.claimed.agency}")
        return await self.call(adapter, self.claimed.idempotency_key)


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
    receipt: Receipt | None = None
    disclosed: dict[str, str] | None = None

    @property
    def delivered(self) -> bool:
        return self.error_class is None


class Permanent(Exception):
    """A failure no retry can mend (no adapter for the agency, a refused request)."""


async def deliver(
    send: Send, *, adapters: Mapping[str, AgencyAdapter], http: httpx.AsyncClient, timeout: float
) -> Result:
    """Make one try; every failure becomes a result, never an exception."""
    started = utcnow()
    try:
        receipt = await send.request(Channels(adapters, http, timeout))
    except Exception as error:  # each failure is recorded, retried or dead-lettered
        permanent = isinstance(error, AdapterRejected | Permanent)
        message = str(error)[:300] or type(error).__name__
        return Result(send.claimed, started, utcnow(), type(error).__name__, message, permanent)
    return Result(send.claimed, started, utcnow(), receipt=receipt, disclosed=send.disclosed)
