"""Where the outbox stands, agency by agency: what waits, what is due, what is parked.

One page for the admin who looks after deliveries: how many jobs of each status each agency
has, how many are due now and how many are being delivered, since when the oldest job has
been waiting, and whether the agency is paused. A backlog that grows, a due count that does
not fall, or dead letters piling up are the signs to act on (re-drive, stop, pause).
Read-only; two grouped queries whatever the size of the outbox.
"""

import datetime as dt
from collections import defaultdict

from sqlalchemy import and_, case, func
from sqlalchemy import select as select_columns
from sqlmodel import Session, col, select

from gateway.delivery.models import JOB_STATUSES, DeliveryJob, DeliveryPause
from gateway.delivery.schemas import AgencyDeliveries, DeliveryOverview
from gateway.models import utcnow


def overview(session: Session) -> DeliveryOverview:
    """Each agency's deliveries as they stand now."""
    now = utcnow()
    counts = _status_counts(session)
    waiting = _waiting(session, now)
    paused = set(session.exec(select(DeliveryPause.agency)).all())
    agencies = sorted(set(counts) | set(waiting) | paused)
    return DeliveryOverview(
        generated_at=now,
        agencies=[
            _agency(name, counts.get(name, {}), waiting.get(name), name in paused)
            for name in agencies
        ],
    )


def _status_counts(session: Session) -> dict[str, dict[str, int]]:
    query = select_columns(col(DeliveryJob.agency), col(DeliveryJob.status), func.count()).group_by(
        col(DeliveryJob.agency), col(DeliveryJob.status)
    )
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for agency, status, count in session.execute(query).all():
        counts[agency][status] = count
    return counts


def _waiting(session: Session, now: dt.datetime) -> dict[str, tuple[int, int, dt.datetime]]:
    """By agency, of its pending jobs: how many are due, how many in flight, the oldest."""
    in_flight = and_(
        col(DeliveryJob.claimed_until).is_not(None), col(DeliveryJob.claimed_until) > now
    )
    due = and_(col(DeliveryJob.available_at) <= now, ~in_flight)
    query = (
        select_columns(
            col(DeliveryJob.agency),
            func.sum(case((due, 1), else_=0)),
            func.sum(case((in_flight, 1), else_=0)),
            func.min(col(DeliveryJob.created_at)),
        )
        .where(col(DeliveryJob.status) == "pending")
        .group_by(col(DeliveryJob.agency))
    )
    return {
        agency: (int(due_count), int(flying), oldest)
        for agency, due_count, flying, oldest in session.execute(query).all()
    }


def _agency(
    agency: str,
    counts: dict[str, int],
    waiting: tuple[int, int, dt.datetime] | None,
    paused: bool,
) -> AgencyDeliveries:
    due, in_flight, oldest = waiting if waiting is not None else (0, 0, None)
    return AgencyDeliveries(
        agency=agency,
        paused=paused,
        by_status={status: counts.get(status, 0) for status in JOB_STATUSES},
        due=due,
        in_flight=in_flight,
        oldest_pending_since=oldest,
    )
