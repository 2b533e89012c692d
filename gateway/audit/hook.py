"""The one function every auditable action goes through: ``record(session, AuditEvent)``.

The entry is committed with the session's transaction (``gateway.audit.writer``): an action
whose entry cannot be written fails with 503 and leaves nothing behind. A refusal (decision
``deny``) recorded during a request is also kept by the request's audit context: when the
refusal rolls the transaction back, the middleware writes it in a fresh one before the
answer leaves, so failed authentication and authorisation are always on the record.
"""

import logging

from sqlmodel import Session

from gateway.audit import writer
from gateway.audit.context import current
from gateway.audit.entries import AuditEvent, draft

__all__ = ["AuditEvent", "record"]

logger = logging.getLogger("gateway.audit")


def record(session: Session, event: AuditEvent) -> None:
    """Record ``event`` with the action it belongs to."""
    request = current()
    entry = draft(event, request)
    writer.enqueue(session, entry)
    if request is not None and entry.decision == "deny":
        request.remember_denial(entry)
    logger.debug("audit %s %s", entry.fields["action"], entry.fields["decision"])
