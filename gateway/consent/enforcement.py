"""Enforcement: every read or write of personal data asks the policy decision, here.

A ``Policy`` is made per request for its caller. It loads what the decision needs in batches,
decides with ``policy.decide``, writes every decision through the audit hook, and answers
503 when the consent store cannot be read: it fails closed, never open.
"""

import datetime as dt
import uuid
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from gateway.audit.hook import AuditEvent, record
from gateway.auth.caller import Caller
from gateway.consent import loading
from gateway.consent.policy import (
    CallerView,
    ConsentGrant,
    Decision,
    EmergencyGrant,
    LegalBasisGrant,
    SubjectView,
    decide,
)
from gateway.errors import Forbidden, NotFound, ServiceUnavailable
from gateway.models import utcnow
from gateway.registry.models import Household, Person

Result = TypeVar("Result")
DEFAULT_CONSENT_AGE = 15


def fail_closed(read: Callable[[], Result]) -> Result:
    """Run a read of the consent store; if it cannot be read, refuse with 503."""
    try:
        return read()
    except SQLAlchemyError:
        raise ServiceUnavailable(
            "The consent store cannot be read, so no personal data is released. Try again later."
        ) from None


class Policy:
    """The policy decisions of one request."""

    def __init__(
        self,
        session: Session,
        caller: Caller,
        *,
        consent_age: int | None = None,
        now: dt.datetime | None = None,
    ) -> None:
        self.session = session
        self.caller = caller
        self.view = CallerView(caller.agency, caller.purpose, caller.scopes)
        self.consent_age = consent_age or int(session.info.get("consent_age", DEFAULT_CONSENT_AGE))
        self.now = now or utcnow()
        self._legal: list[LegalBasisGrant] | None = None

    def legal_bases(self) -> list[LegalBasisGrant]:
        if self._legal is None:
            self._legal = fail_closed(
                lambda: loading.legal_bases(
                    self.session, agency=self.caller.agency, purpose=self.caller.purpose
                )
            )
        return self._legal

    def visibility(self) -> loading.Visibility:
        """What narrows a search to the persons this caller could see."""
        everyone = any(
            "identity" in legal.categories
            and legal.active
            and legal.valid_from <= self.now
            and (legal.valid_until is None or self.now < legal.valid_until)
            for legal in self.legal_bases()
        )
        return loading.Visibility(self.caller.agency, self.caller.purpose, everyone, self.now)

    def for_persons(
        self, persons: Sequence[Person], requested: Iterable[str]
    ) -> dict[uuid.UUID, Decision]:
        """A decision for each person, loading consents for all of them at once."""
        if not persons:
            return {}
        wanted = frozenset(requested)

        def load() -> dict[uuid.UUID, Decision]:
            inputs = loading.decision_inputs(
                self.session,
                persons,
                agency=self.caller.agency,
                purpose=self.caller.purpose,
                consent_age=self.consent_age,
                now=self.now,
            )
            self._legal = inputs.legal_bases
            return {
                person_id: self._decide(subject, wanted, inputs.consents, inputs.emergencies)
                for person_id, subject in inputs.subjects.items()
            }

        return fail_closed(load)

    def for_person(self, person: Person, requested: Iterable[str]) -> Decision:
        return self.for_persons([person], requested)[person.id]

    def for_household(self, household: Household, requested: Iterable[str]) -> Decision:
        subject = loading.household_subject(household)
        consents = fail_closed(
            lambda: loading.consents(self.session, person_ids=(), household_ids=[household.id])
        )
        return self._decide(subject, frozenset(requested), consents, [])

    def _decide(
        self,
        subject: SubjectView,
        requested: frozenset[str],
        consents: list[ConsentGrant],
        emergencies: list[EmergencyGrant],
    ) -> Decision:
        return decide(
            caller=self.view,
            subject=subject,
            requested=requested,
            consents=consents,
            legal_bases=self.legal_bases(),
            emergencies=emergencies,
            now=self.now,
        )

    def audit(
        self, action: str, subject: uuid.UUID | None, decision: Decision, *, outcome: str = "done"
    ) -> None:
        """Record the decision behind an access to a subject's data."""
        record(
            self.session,
            AuditEvent(
                action=action,
                decision="permit" if decision.permits_any else "deny",
                actor_client=self.caller.client_id,
                actor_agency=self.caller.agency,
                purpose=self.caller.purpose,
                subject=str(subject) if subject else None,
                detail={
                    "categories_returned": sorted(decision.permitted),
                    "categories_withheld": sorted(decision.withheld),
                    "basis": {
                        category: f"{basis.kind}:{basis.id or ''}"
                        for category, basis in decision.permitted.items()
                    },
                    "emergency": any(
                        basis.kind == "emergency" for basis in decision.permitted.values()
                    ),
                    "outcome": outcome,
                },
            ),
        )

    def require(
        self,
        decision: Decision,
        category: str,
        *,
        noun: str,
        action: str,
        subject: uuid.UUID,
        record_id: uuid.UUID | None = None,
    ) -> None:
        """Refuse, as if the record did not exist, unless the decision permits ``category``.

        A caller without a basis gets the same 404 as for an id that names nothing, so that
        answers never tell it which ids are real; the audit entry keeps the difference (a
        ``deny`` with the reasons, where a missing record leaves a ``request.refused``).
        """
        if decision.allows(category):
            return
        self.audit(action, subject, Decision(withheld=decision.withheld), outcome="refused")
        raise NotFound(not_found(noun, record_id or subject))

    def require_part(
        self, decision: Decision, category: str, *, part: str, action: str, subject: uuid.UUID
    ) -> None:
        """Refuse (403, audited) a part of a subject the caller sees, such as its needs."""
        if decision.allows(category):
            return
        self.audit(action, subject, Decision(withheld=decision.withheld), outcome="refused")
        raise Forbidden(
            f"No consent or legal basis lets {self.caller.agency} see this {part} for the purpose "
            f"'{self.caller.purpose}' ({decision.withheld.get(category, 'no basis')})."
        )


def not_found(noun: str, record_id: uuid.UUID) -> str:
    """The detail of the 404 for a missing record, and for one the caller may not see."""
    return f"There is no {noun} with id {record_id}."
