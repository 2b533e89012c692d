"""The referral lifecycle: which status may follow which, and who may make each change.

=========== ============ ==========
from        to           made by
=========== ============ ==========
submitted   delivered    the gateway
submitted   cancelled    the sender
delivered   accepted     the target
delivered   rejected     the target
delivered   cancelled    the sender
accepted    in_progress  the target
accepted    completed    the target
accepted    rejected     the target
accepted    cancelled    the sender
in_progress completed    the target
=========== ============ ==========

Only the gateway records a delivery (its worker, or an agency's report that proves the
referral arrived). The target agency accepts, rejects, starts and completes; the sending
agency cancels until the work has started. ``rejected``, ``completed`` and ``cancelled`` are
final. A change the table does not list is ``IllegalTransition`` (409); a listed change asked
for by the wrong party is ``NotYourTransition`` (403). Closing rules: ``completed`` says
whether the service was delivered (and why not, when it was not); ``rejected`` and
``cancelled`` say why. Pure: no I/O.
"""

from typing import Literal, get_args

from gateway.errors import Conflict, FieldProblem, Forbidden, InvalidRequest

Status = Literal[
    "submitted", "delivered", "accepted", "rejected", "in_progress", "completed", "cancelled"
]
Role = Literal["gateway", "sender", "target"]
STATUSES: tuple[str, ...] = get_args(Status)
FINAL = frozenset({"rejected", "completed", "cancelled"})
OPEN = frozenset(STATUSES) - FINAL

TRANSITIONS: dict[tuple[str, str], Role] = {
    ("submitted", "delivered"): "gateway",
    ("submitted", "cancelled"): "sender",
    ("delivered", "accepted"): "target",
    ("delivered", "rejected"): "target",
    ("delivered", "cancelled"): "sender",
    ("accepted", "in_progress"): "target",
    ("accepted", "completed"): "target",
    ("accepted", "rejected"): "target",
    ("accepted", "cancelled"): "sender",
    ("in_progress", "completed"): "target",
}
"""Every allowed change and the one party that may make it."""


class IllegalTransition(Conflict):
    """The referral's status cannot change that way."""


class NotYourTransition(Forbidden):
    """The change exists, but another party makes it."""


def allowed(current: str, target: str, role: Role) -> bool:
    """Whether ``role`` may move a referral from ``current`` to ``target``."""
    return TRANSITIONS.get((current, target)) == role


def check(current: str, target: str, role: Role) -> None:
    """Refuse a change the table does not list (409) or that belongs to another party (403)."""
    owner = TRANSITIONS.get((current, target))
    if owner is None:
        raise IllegalTransition(
            f"A referral that is {current} cannot become {target}.",
            extensions={"current_status": current, "next_statuses": sorted(next_statuses(current))},
        )
    if owner != role:
        raise NotYourTransition(f"Only {_party(owner)} may make a {current} referral {target}.")


def next_statuses(current: str) -> set[str]:
    """The statuses that may follow ``current``, whoever makes the change."""
    return {target for (source, target) in TRANSITIONS if source == current}


def check_outcome(target: str, *, service_delivered: bool | None, reason: str | None) -> None:
    """Refuse closing a referral without its outcome (422)."""
    if target == "completed" and service_delivered is None:
        _missing("service_delivered", "say whether the service was delivered")
    if target == "completed" and service_delivered is False and not reason:
        _missing("reason", "say why the service was not delivered")
    if target in ("rejected", "cancelled") and not reason:
        _missing("reason", f"say why the referral is {target}")


def _missing(field: str, message: str) -> None:
    raise InvalidRequest(
        "Closing a referral records its outcome.",
        errors=[FieldProblem(location=f"body.{field}", message=message)],
    )


def _party(role: Role) -> str:
    return {
        "gateway": "the gateway (on delivery)",
        "sender": "the sending agency",
        "target": "the receiving agency",
    }[role]
