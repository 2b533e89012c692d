"""Writing entries with the transaction of the action they record, whatever the session.

``record`` queues a draft on the session. When that session commits, its queued drafts are
staged for the chain (``chain.stage``) in the same transaction, just before the COMMIT
(``before_commit``), so the action and its entries are committed together or not at all; the
sealer links them into the chain later, and no request waits for another's. If the entries
cannot be written, the commit raises ``AuditUnavailable`` (a 503 problem) and the whole action
is rolled back. Drafts queued in a savepoint that is rolled back are dropped with it; a
rolled-back transaction drops them all.

The hooks listen on every SQLAlchemy session, so the trail works the same in a request, in an
operator command and in seeding.
"""

import logging
from collections.abc import Sequence

from sqlalchemy import event
from sqlalchemy.orm import Session, SessionTransaction

from gateway.audit import chain
from gateway.audit.entries import Draft
from gateway.errors import ServiceUnavailable

logger = logging.getLogger("gateway.audit")

_QUEUED = "gateway.audit.queued"
_WRITTEN = "gateway.audit.written"

Queued = tuple[Draft, SessionTransaction | None]


class AuditUnavailable(ServiceUnavailable):
    """The audit trail could not be written, so the action it records was not carried out."""

    def __init__(self) -> None:
        super().__init__(
            "The audit trail cannot be written, so the request was not carried out. "
            "Try again shortly.",
            headers={"Retry-After": "5"},
        )


def enqueue(session: Session, draft: Draft) -> None:
    """Queue ``draft`` to be written when ``session`` commits (it belongs to this transaction)."""
    if not session.in_transaction():
        session.begin()
    queued: list[Queued] = session.info.setdefault(_QUEUED, [])
    queued.append((draft, session.get_nested_transaction()))


def write_now(session: Session, drafts: Sequence[Draft]) -> None:
    """Stage ``drafts`` for sealing in the session's transaction (it still has to commit)."""
    try:
        chain.stage(session.connection(), drafts)
    except Exception as error:
        logger.exception("the audit trail could not be written")
        raise AuditUnavailable from error


@event.listens_for(Session, "before_commit")
def _write_queued(session: Session) -> None:
    if session.in_nested_transaction():
        return
    queued: list[Queued] = session.info.pop(_QUEUED, [])
    if not queued:
        return
    session.flush()
    drafts = [draft for draft, _ in queued]
    write_now(session, drafts)
    session.info[_WRITTEN] = drafts


@event.listens_for(Session, "after_commit")
def _mark_committed(session: Session) -> None:
    for draft in session.info.pop(_WRITTEN, []):
        if draft.request is not None:
            draft.request.mark_committed(draft)


@event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back(session: Session, previous: SessionTransaction) -> None:
    if not previous.nested:
        _forget(session)
        return
    queued: list[Queued] = session.info.get(_QUEUED, [])
    session.info[_QUEUED] = [item for item in queued if not _within(item[1], previous)]


@event.listens_for(Session, "after_transaction_end")
def _end(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None and not transaction.nested:
        _forget(session)


def _forget(session: Session) -> None:
    session.info.pop(_QUEUED, None)
    session.info.pop(_WRITTEN, None)


def _within(transaction: SessionTransaction | None, ended: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ended:
            return True
        transaction = transaction.parent
    return False
