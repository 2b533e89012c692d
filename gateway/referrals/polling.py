"""Asking the receiving agencies what became of delivered referrals (``referral_updates``).

``poll_once`` is a poller the composition root hands to the delivery workers
(``gateway.delivery.kinds.Poller``). Agencies that push their news
(``POST /v1/inbound/{agency}``) need no polling, but not every agency pushes, and pushes get
lost. Each worker, every ``GATEWAY_DELIVERY_STATUS_POLL_SECONDS``, claims the open referrals
whose ``poll_after`` has passed or was never set (a referral whose arrival an agency reported
itself), leaving out paused agencies (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so two
workers do not ask about the same one), moves their ``poll_after`` on, asks the adapters
concurrently, and applies what is news through ``updates``. An agency that cannot be reached
is asked again next time.
"""

import datetime as dt
import logging
import uuid
from collections.abc import Mapping, Sequence

import anyio
from anyio.to_thread import run_sync
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session, col, or_, select

from adapters.base import AdapterError, AgencyAdapter
from gateway.audit.context import operation
from gateway.delivery.models import DeliveryPause
from gateway.delivery.settings import DeliverySettings
from gateway.models import utcnow
from gateway.referrals.coverage import PURPOSE
from gateway.referrals.models import Referral
from gateway.referrals.updates import apply_updates
from gateway.referrals.workflow import Actor
from gateway.schema.agency import ReferralUpdate

logger = logging.getLogger("gateway.referrals")
POLLED = ("delivered", "accepted", "in_progress")
POLL_CLIENT = "status-poll"
Asked = tuple[uuid.UUID, str, str]
Answer = tuple[uuid.UUID, list[ReferralUpdate]]


def claim_polls(session: Session, *, limit: int, interval: float, now: dt.datetime) -> list[Asked]:
    """Referrals to ask about now, as (id, agency, agency reference), moved on by ``interval``."""
    query = (
        select(Referral)
        .where(
            col(Referral.status).in_(POLLED),
            col(Referral.agency_reference).is_not(None),
            or_(col(Referral.poll_after).is_(None), col(Referral.poll_after) <= now),
            col(Referral.to_agency).not_in(select(DeliveryPause.agency)),
        )
        .order_by(col(Referral.poll_after).is_not(None), col(Referral.poll_after))
        .limit(limit)
        .with_for_update(skip_locked=True)
    )
    asked: list[Asked] = []
    for referral in session.exec(query).all():
        referral.poll_after = now + dt.timedelta(seconds=interval)
        session.add(referral)
        assert referral.agency_reference is not None
        asked.append((referral.id, referral.to_agency, referral.agency_reference))
    return asked


async def poll_once(
    factory: sessionmaker[Session],
    adapters: Mapping[str, AgencyAdapter],
    settings: DeliverySettings,
    *,
    limiter: anyio.CapacityLimiter | None = None,
) -> int:
    """Ask about one batch of referrals and apply the news; how many were asked about."""
    asked = await run_sync(_claim, factory, settings, limiter=limiter)
    answers: list[Answer] = []
    async with anyio.create_task_group() as tasks:
        for item in asked:
            tasks.start_soon(_ask, adapters, item, answers)
    await run_sync(_apply, factory, answers, limiter=limiter)
    return len(asked)


def _claim(factory: sessionmaker[Session], settings: DeliverySettings) -> list[Asked]:
    with factory() as session:
        asked = claim_polls(
            session,
            limit=settings.batch_size,
            interval=settings.status_poll_seconds,
            now=utcnow(),
        )
        session.commit()
    return asked


async def _ask(adapters: Mapping[str, AgencyAdapter], item: Asked, answers: list[Answer]) -> None:
    referral_id, agency, reference = item
    adapter = adapters.get(agency)
    if adapter is None:
        return
    try:
        answers.append((referral_id, await adapter.referral_updates(reference)))
    except AdapterError as error:
        logger.info("no news of referral %s from %s: %s", referral_id, agency, error)
    except Exception:  # one answer the adapter cannot read must not cost the batch its others
        logger.exception("asking %s about referral %s failed", agency, referral_id)


def _apply(factory: sessionmaker[Session], answers: Sequence[Answer]) -> None:
    if not answers:
        return
    with operation(), factory() as session:
        for referral_id, updates in answers:
            try:
                with session.begin_nested():
                    _apply_one(session, referral_id, updates)
            except Exception:
                logger.exception("the news of referral %s could not be applied", referral_id)
        session.commit()


def _apply_one(session: Session, referral_id: uuid.UUID, updates: list[ReferralUpdate]) -> None:
    referral = session.get(Referral, referral_id, with_for_update=True)
    if referral is None or not updates:
        return
    actor = Actor("target", referral.to_agency, POLL_CLIENT, PURPOSE, "agency")
    apply_updates(session, referral, updates, actor=actor)
