"""How a service records what it did: ``record_action(session, actor, action, ...)``.

A service that changes clients, keys, consents, legal bases, the catalogue or subscriptions,
or that reads something auditable, records its own entry here, in the transaction of the
change (the entry is written when the session commits, see ``gateway.audit.writer``). The
API and the operator commands call the same services, so the same action leaves the same
entry whoever asks; only the actor differs. The actor is whoever acts: the request's caller,
or the operator at a shell (``client_id`` ``cli:<os user>``, agency ``gateway``, purpose
``administration`` unless the command acts for a named agency). Refusals of a request are
recorded by the auth dependency and the policy, not here.
"""

from collections.abc import Mapping
from typing import Any, Literal, Protocol

from sqlmodel import Session

from gateway.audit.entries import AuditEvent
from gateway.audit.hook import record

OPERATOR_AGENCY = "gateway"
"""The agency code an operator at the gateway's own shell acts for."""
OPERATOR_PURPOSE = "administration"
"""The purpose of an operator's commands, unless a command acts for a named agency."""
OPERATOR_PREFIX = "cli:"
"""How an operator's actor id starts: ``cli:`` and the operating-system user."""


class Acting(Protocol):
    """Who acts: a request's caller or an operator; the three fields an entry names."""

    @property
    def client_id(self) -> str: ...

    @property
    def agency(self) -> str: ...

    @property
    def purpose(self) -> str: ...


def record_action(
    session: Session,
    actor: Acting | None,
    action: str,
    *,
    subject: str | None = None,
    subject_kind: str | None = None,
    detail: Mapping[str, Any] | None = None,
    decision: Literal["permit", "deny"] = "permit",
) -> None:
    """Record that ``actor`` did ``action``, with the change it belongs to.

    ``actor`` None leaves the actor to the audit context (the request's caller or the
    command's operator), and to nobody outside one (seeding).
    """
    record(
        session,
        AuditEvent(
            action=action,
            decision=decision,
            actor_client=actor.client_id if actor else None,
            actor_agency=actor.agency if actor else None,
            purpose=actor.purpose if actor else None,
            subject=subject,
            subject_kind=subject_kind,
            detail=dict(detail or {}),
        ),
    )
