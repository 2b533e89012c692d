"""Routes of delivery administration (scope ``admin``) and of webhook subscriptions."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Response, status

from gateway.audit.actions import record_action
from gateway.auth.caller import Admin, ReferralsRead, ReferralsWrite, require_scope
from gateway.db import SessionDep
from gateway.delivery import admin, overview, subscriptions
from gateway.delivery.schemas import (
    DeliveryJobPublic,
    DeliveryJobSummary,
    DeliveryOverview,
    JobKindName,
    JobStatus,
    PausePublic,
    PauseRequest,
    RedriveRequest,
    RedriveResult,
    StopRequest,
    SubscriptionCreate,
    SubscriptionCreated,
    SubscriptionPublic,
)
from gateway.dependencies import DeliverySettingsDep, SettingsDep
from gateway.errors import problem_responses
from gateway.pagination import DEFAULT_PAGE_SIZE, Cursor, Limit
from gateway.schema.pages import Page
from gateway.schema.types import AgencyCode

deliveries = APIRouter(prefix="/v1/admin", tags=["admin: deliveries"])
referral_subscriptions = APIRouter(
    prefix="/v1/referral-subscriptions", tags=["referral subscriptions"]
)

ERRORS = problem_responses(400, 401, 403, 404, 409, 413, 415, 422, 429)
ADMIN = [require_scope("admin")]
AgencyPath = Annotated[str, Path(max_length=32, pattern=r"^[a-z_]+$")]


@deliveries.get("/deliveries", responses=ERRORS, dependencies=ADMIN)
def list_deliveries(
    session: SessionDep,
    status: Annotated[JobStatus | None, Query()] = None,
    agency: Annotated[AgencyCode | None, Query()] = None,
    kind: Annotated[JobKindName | None, Query()] = None,
    cursor: Cursor = None,
    limit: Limit = DEFAULT_PAGE_SIZE,
) -> Page[DeliveryJobSummary]:
    """List delivery jobs (dead letters: status=dead), oldest first."""
    items, next_cursor = admin.list_jobs(
        session, status=status, agency=agency, kind=kind, cursor=cursor, limit=limit
    )
    return Page(items=items, next_cursor=next_cursor)


@deliveries.get("/delivery-overview", responses=ERRORS, dependencies=ADMIN)
def delivery_overview(session: SessionDep) -> DeliveryOverview:
    """Where deliveries stand per agency: jobs by status, due, in flight, oldest waiting."""
    return overview.overview(session)


@deliveries.post("/deliveries/redrive", responses=ERRORS)
def redrive_deliveries(
    body: RedriveRequest, session: SessionDep, caller: Admin, delivery: DeliverySettingsDep
) -> RedriveResult:
    """Deliver every parked job of a status (and agency) again, with a new budget of tries."""
    count = admin.redrive_many(
        session, agency=body.agency, status=body.status, max_attempts=delivery.max_attempts
    )
    detail = {"agency": body.agency or "*", "status": body.status}
    record_action(session, caller, "delivery.redriven", detail=detail)
    return RedriveResult(redriven=count)


@deliveries.get("/deliveries/{job_id}", responses=ERRORS, dependencies=ADMIN)
def read_delivery(job_id: uuid.UUID, session: SessionDep) -> DeliveryJobPublic:
    """Read a delivery job with every attempt: when, by which worker, what came of it."""
    return admin.read_job(session, job_id=job_id)


@deliveries.post("/deliveries/{job_id}/redrive", responses=ERRORS)
def redrive_delivery(
    job_id: uuid.UUID, session: SessionDep, caller: Admin, delivery: DeliverySettingsDep
) -> DeliveryJobPublic:
    """Deliver a parked (dead, stopped, blocked) job again now, with a new budget of tries."""
    job = admin.redrive(session, job_id=job_id, max_attempts=delivery.max_attempts)
    record_action(session, caller, "delivery.redriven", detail={"job": str(job_id)})
    return job


@deliveries.post("/deliveries/{job_id}/stop", responses=ERRORS)
def stop_delivery(
    job_id: uuid.UUID, body: StopRequest, session: SessionDep, caller: Admin
) -> DeliveryJobPublic:
    """Stop a job's retries now."""
    job = admin.stop(session, job_id=job_id, reason=body.reason)
    record_action(session, caller, "delivery.stopped", detail={"job": str(job_id)})
    return job


@deliveries.get("/delivery-pauses", responses=ERRORS, dependencies=ADMIN)
def list_delivery_pauses(session: SessionDep) -> list[PausePublic]:
    """The agencies whose deliveries are paused."""
    return admin.pauses(session)


@deliveries.put("/delivery-pauses/{agency}", responses=ERRORS)
def pause_deliveries(
    agency: AgencyPath, body: PauseRequest, session: SessionDep, caller: Admin
) -> PausePublic:
    """Pause every delivery to an agency (a retry storm stops; nothing is lost)."""
    paused = admin.pause(session, agency=agency, reason=body.reason, caller=caller)
    record_action(session, caller, "delivery.paused", detail={"agency": agency})
    return paused


@deliveries.delete(
    "/delivery-pauses/{agency}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=ERRORS,
)
def resume_deliveries(agency: AgencyPath, session: SessionDep, caller: Admin) -> Response:
    """Resume the deliveries to an agency; its waiting jobs are due at once."""
    admin.resume(session, agency=agency)
    record_action(session, caller, "delivery.resumed", detail={"agency": agency})
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@referral_subscriptions.post(
    "",
    status_code=status.HTTP_201_CREATED,
    responses=ERRORS,
)
def create_referral_subscription(
    body: SubscriptionCreate,
    session: SessionDep,
    caller: ReferralsWrite,
    settings: SettingsDep,
    delivery: DeliverySettingsDep,
    response: Response,
) -> SubscriptionCreated:
    """Have the status changes of the caller's sent referrals posted, signed, to a callback URL."""
    created = subscriptions.create_subscription(
        session, body=body, caller=caller, settings=settings, delivery=delivery
    )
    response.headers["Location"] = f"/v1/referral-subscriptions/{created.id}"
    response.headers["Cache-Control"] = "no-store"
    return created


@referral_subscriptions.get("", responses=ERRORS)
def list_referral_subscriptions(
    session: SessionDep, caller: ReferralsRead
) -> list[SubscriptionPublic]:
    """The caller's agency's webhook subscriptions (without their secrets)."""
    return subscriptions.list_subscriptions(session, caller=caller)


@referral_subscriptions.delete(
    "/{subscription_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=ERRORS,
)
def remove_referral_subscription(
    subscription_id: uuid.UUID, session: SessionDep, caller: ReferralsWrite
) -> Response:
    """Remove a subscription of the caller's agency; its pending notifications stop."""
    subscriptions.remove_subscription(session, subscription_id=subscription_id, caller=caller)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


router = APIRouter()
router.include_router(deliveries)
router.include_router(referral_subscriptions)
