"""From an auditable event to the draft of its entry: every field, and where each comes from.

The caller of ``record`` says what happened (``AuditEvent``); the request it happens in adds
the request id, the trace id, the case reference, the caller's identity when the event does
not name it, the route's success status for permitted actions, and the person or household
named in the route's path. Known keys of ``detail`` (``categories_returned``, ``basis``,
``outcome`` ...) are lifted into their own columns so auditors can filter on them. Raw request
paths never enter an entry: a ``path`` in ``detail`` becomes the matched route's template,
because a path may carry a name a client put there.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from gateway.audit.canonical import json_value
from gateway.audit.context import RequestAudit

DECISIONS = ("permit", "deny")
LIFTED = (
    "subject_kind",
    "categories_returned",
    "categories_withheld",
    "basis",
    "outcome",
    "http_status",
    "emergency",
)


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
    subject_kind: str | None = None
    categories_returned: Iterable[str] | None = None
    categories_withheld: Iterable[str] | None = None
    basis: Any = None
    outcome: str | None = None
    http_status: int | None = None
    emergency: bool = False


@dataclass(frozen=True)
class Draft:
    """An entry waiting for its place in the chain (``chain.stage``, then ``chain.seal``)."""

    fields: dict[str, Any]
    request: RequestAudit | None = field(default=None, compare=False, repr=False)

    @property
    def decision(self) -> str:
        return str(self.fields["decision"])

    def answered(self, status: int, outcome: str) -> "Draft":
        """This draft with the status the request was finally answered with."""
        fields = self.fields | {"http_status": self.fields["http_status"] or status}
        fields["outcome"] = fields["outcome"] or outcome
        return replace(self, fields=fields)


def draft(event: AuditEvent, request: RequestAudit | None) -> Draft:
    """The draft entry of ``event`` recorded during ``request`` (None outside any)."""
    if event.decision not in DECISIONS:
        raise ValueError(f"an audit decision is one of {DECISIONS}, not {event.decision!r}")
    detail: dict[str, Any] = json_value(dict(event.detail)) or {}
    lifted = {name: detail.pop(name) for name in LIFTED if name in detail}
    fields = {
        "action": event.action,
        "decision": event.decision,
        "outcome": event.outcome or lifted.get("outcome"),
        "http_status": event.http_status or lifted.get("http_status"),
        "actor_client": event.actor_client,
        "actor_agency": event.actor_agency,
        "purpose": event.purpose,
        "subject_kind": event.subject_kind or lifted.get("subject_kind"),
        "subject": event.subject,
        "categories_returned": _categories(event.categories_returned, lifted, "returned"),
        "categories_withheld": _categories(event.categories_withheld, lifted, "withheld"),
        "basis": json_value(event.basis if event.basis is not None else lifted.get("basis")),
        "emergency": bool(event.emergency or lifted.get("emergency")),
        "detail": detail,
        "request_id": None,
        "trace_id": None,
        "case_reference": None,
    }
    if request is not None:
        _add_request(fields, request)
    if fields["subject"] is not None and fields["subject_kind"] is None and request is not None:
        fields["subject_kind"] = _kind_from_path(request, str(fields["subject"]))
    return Draft(fields, request)


def _categories(given: Iterable[str] | None, lifted: dict[str, Any], which: str) -> Any:
    value = given if given is not None else lifted.get(f"categories_{which}")
    return None if value is None else sorted({str(category) for category in value})


def _add_request(fields: dict[str, Any], request: RequestAudit) -> None:
    fields["request_id"] = request.request_id
    fields["trace_id"] = request.trace_id
    fields["case_reference"] = request.case_reference
    actor = request.actor
    if actor is not None and fields["actor_client"] in (None, actor.client_id):
        fields["actor_client"] = actor.client_id
        fields["actor_agency"] = fields["actor_agency"] or actor.agency
        fields["purpose"] = fields["purpose"] or actor.purpose
    if fields["subject"] is None and (named := request.path_subject()) is not None:
        fields["subject_kind"], fields["subject"] = named
    if fields["http_status"] is None and fields["decision"] == "permit":
        fields["http_status"] = request.success_status()
    if "path" in fields["detail"]:
        fields["detail"]["path"] = request.route()


def _kind_from_path(request: RequestAudit, subject: str) -> str | None:
    named = request.path_subject()
    return named[0] if named is not None and named[1] == subject else None
