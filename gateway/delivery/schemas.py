"""Request and response bodies of delivery administration and webhook subscriptions."""

import datetime as dt
import uuid
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from gateway.schema.types import AgencyCode, StrictModel

JobStatus = Literal["pending", "delivered", "dead", "stopped", "blocked_by_consent"]
JobKindName = Literal["referral", "notification", "cancellation"]
Reason = Annotated[str, StringConstraints(min_length=3, max_length=200, strip_whitespace=True)]
CallbackUrl = Annotated[
    str,
    StringConstraints(min_length=10, max_length=500, pattern=r"^https?://[^\s]+$"),
    # The spec publishes the production rule (https only); the loopback exception is described.
    Field(
        description="https URL on the agency's allow-list, without credentials or fragment; "
        "outside production, an http URL to a loopback host (127.0.0.1, ::1, localhost) is "
        "accepted too, for local testing",
        json_schema_extra={"pattern": r"^https://[^\s/?#@]+(/[^\s#]*)?$"},
    ),
]


class DeliveryAttemptPublic(StrictModel):
    """One try at a job."""

    number: int
    worker: str
    started_at: dt.datetime
    finished_at: dt.datetime
    outcome: str
    error_class: str | None
    error: str | None


class DeliveryJobSummary(StrictModel):
    """A delivery job: what it delivers, to whom, and where it stands."""

    id: uuid.UUID
    kind: JobKindName
    agency: str
    referral_id: uuid.UUID
    subscription_id: uuid.UUID | None
    status: JobStatus
    attempts: int
    max_attempts: int | None
    available_at: dt.datetime
    claimed_by: str | None
    claimed_until: dt.datetime | None
    last_error_class: str | None
    last_error: str | None
    created_at: dt.datetime
    updated_at: dt.datetime
    finished_at: dt.datetime | None


class DeliveryJobPublic(DeliveryJobSummary):
    """A delivery job with every try made."""

    attempt_log: list[DeliveryAttemptPublic]


class StopRequest(StrictModel):
    """Why an admin stops a job's retries."""

    reason: Reason


class RedriveRequest(StrictModel):
    """Which parked jobs to deliver again."""

    agency: AgencyCode | None = Field(default=None, description="Null: every agency's")
    status: Literal["dead", "stopped", "blocked_by_consent"] = "dead"


class RedriveResult(StrictModel):
    redriven: int


class PauseRequest(StrictModel):
    """Why an agency's deliveries are paused."""

    reason: Reason


class PausePublic(StrictModel):
    """An agency whose deliveries wait until an admin resumes them."""

    agency: str
    reason: str
    paused_by: str
    paused_at: dt.datetime


class AgencyDeliveries(StrictModel):
    """One agency's delivery jobs as they stand."""

    agency: str
    paused: bool = Field(description="An admin paused its deliveries; its jobs wait")
    by_status: dict[str, int] = Field(description="How many jobs of each status it has")
    due: int = Field(description="Pending jobs that may be tried now and nobody holds")
    in_flight: int = Field(description="Pending jobs a worker holds right now")
    oldest_pending_since: dt.datetime | None = Field(
        description="When the longest-waiting pending job was made; null: none waits"
    )


class DeliveryOverview(StrictModel):
    """Where the outbox stands, agency by agency."""

    generated_at: dt.datetime
    agencies: list[AgencyDeliveries]


class SubscriptionCreate(StrictModel):
    """Where the sending agency wants to hear of its referrals' status changes."""

    callback_url: CallbackUrl


class SubscriptionPublic(StrictModel):
    """A webhook subscription (its secret is shown once, when it is made)."""

    id: uuid.UUID
    agency: str
    callback_url: str
    status: Literal["active", "removed"]
    created_at: dt.datetime


class SubscriptionCreated(SubscriptionPublic):
    """A new subscription with its signing secret: keep it, it is not shown again."""

    secret: str = Field(description="HMAC-SHA256 key of the Gateway-Signature header")
