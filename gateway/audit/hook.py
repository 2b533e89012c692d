"""The one function every auditable action goes through.

Until the tamper-evident trail lands, entries are written as structured log lines; callers
already pass the session so the entry can be committed with the action it records.
"""

import json
import logging
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlmodel import Session

logger = logging.getLogger("gateway.audit")


@dataclass(frozen=True)
class AuditEvent:
    """One auditable action; no personal data beyond a subject's id."""

    action: str
    decision: str
    actor_client: str | None = None
    actor_agency: str | None = None
    purpose: str | None = None
    subject: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


def record(session: Session, event: AuditEvent) -> None:
    """Record ``event`` with the action it belongs to."""
    del session  # the durable trail writes through it
    logger.info(json.dumps(asdict(event), sort_keys=True, default=str))
