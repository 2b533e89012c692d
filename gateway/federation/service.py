"""Fan a read out to every agency that knows the person, concurrently, within one time budget.

The policy decision comes first: an agency whose sections the caller has no basis for is not
asked at all (status ``withheld``). The others are asked at once; whatever has not answered when
the budget runs out is ``timeout``; a failing agency is ``unavailable`` or ``error`` and never
fails the whole answer. Each answer is masked to the permitted categories before it leaves.
"""

import asyncio
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from adapters.base import (
    AdapterError,
    AdapterTimeout,
    AdapterUnavailable,
    AgencyAdapter,
    RecordNotFound,
)
from gateway.auth.caller import Caller
from gateway.consent.enforcement import Policy, not_found
from gateway.consent.fields import categories_of, masked
from gateway.consent.policy import Decision
from gateway.errors import NotFound
from gateway.federation.schemas import FederatedRecord, SourceSection
from gateway.registry import persons, repository
from gateway.registry.models import Person
from gateway.schema.agency import SECTION_CATEGORIES, AgencyPersonRecord
from gateway.schema.person import PersonPublic, Withheld

AGENCY_CATEGORIES = categories_of(AgencyPersonRecord)
ACTION = "person.federated_read"


@dataclass(frozen=True)
class Plan:
    """What the read may show: the person, the decision, and the agencies to ask."""

    person: PersonPublic
    decision: Decision
    agency_ids: list[tuple[str, str]]


def plan(session: Session, *, person_id: uuid.UUID, caller: Caller) -> Plan:
    """Load the person, decide and audit once, before anything is fetched.

    One decision covers the categories the agencies hold, the person's own among them; the
    one ``person.federated_read`` entry records it. A caller without a basis for the person's
    identity gets the 404 of a person that does not exist (and the entry says why).
    """
    record = repository.get(session, Person, person_id)
    if record is None:
        raise NotFound(not_found("person", person_id))
    policy = Policy(session, caller)
    decision = policy.for_person(record, AGENCY_CATEGORIES)
    policy.require(decision, "identity", noun="person", action=ACTION, subject=person_id)
    policy.audit(ACTION, person_id, decision)
    values = persons.values_of(session, [record])[person_id]
    shown = masked(PersonPublic, values, _narrowed(decision, persons.PERSON_CATEGORIES))
    person = PersonPublic.model_validate(shown)
    pairs = [(item.agency, item.local_id) for item in person.agency_ids or []]
    return Plan(person, decision, pairs)


def _narrowed(decision: Decision, categories: frozenset[str]) -> Decision:
    """The part of ``decision`` about ``categories``."""
    return Decision(
        permitted={name: basis for name, basis in decision.permitted.items() if name in categories},
        withheld={name: reason for name, reason in decision.withheld.items() if name in categories},
    )


async def federated_read(
    plan: Plan, adapters: Mapping[str, AgencyAdapter], *, budget_seconds: float
) -> FederatedRecord:
    """Ask every agency at once; answer with what came back within the budget."""
    asked = [(agency, local_id) for agency, local_id in plan.agency_ids if agency in adapters]
    sections: dict[tuple[str, str], SourceSection] = {}
    tasks = {}
    for agency, local_id in asked:
        if not plan.decision.permitted:
            sections[(agency, local_id)] = _withheld(agency, local_id)
        else:
            fetch = _fetch(adapters[agency], local_id, plan.decision)
            tasks[(agency, local_id)] = asyncio.create_task(fetch)
    if tasks:
        done, pending = await asyncio.wait(tasks.values(), timeout=budget_seconds)
        for task in pending:
            task.cancel()
        for key, task in tasks.items():
            sections[key] = task.result() if task in done else _timed_out(*key, budget_seconds)
    return FederatedRecord(
        person=plan.person,
        sources=[sections[key] for key in asked],
        budget_ms=round(budget_seconds * 1000),
    )


async def _fetch(adapter: AgencyAdapter, local_id: str, decision: Decision) -> SourceSection:
    started = time.perf_counter()
    status, detail, record = "ok", None, None
    try:
        record = await adapter.fetch_record(local_id)
    except AdapterTimeout:
        status, detail = "timeout", "the agency did not answer in time"
    except AdapterUnavailable:
        status, detail = "unavailable", "the agency's system cannot be reached"
    except RecordNotFound:
        status, detail = "error", "the agency has no record with this id"
    except AdapterError as error:
        status, detail = "error", f"the agency's answer could not be used ({type(error).__name__})"
    except Exception:  # an adapter fault must never fail the whole answer
        status, detail = "error", "the agency's answer could not be used"
    elapsed = round((time.perf_counter() - started) * 1000)
    section = SourceSection(
        agency=adapter.agency,
        local_id=local_id,
        status=status,
        retrieval_ms=elapsed,
        detail=detail,
    )
    if record is not None:
        section.record = AgencyPersonRecord.model_validate(
            masked(AgencyPersonRecord, record.model_dump(), decision)
        )
        section.withheld = [
            Withheld(category=category, reason=decision.withheld[category])
            for category in sorted(_present_categories(record) & set(decision.withheld))
        ]
    return section


def _present_categories(record: AgencyPersonRecord) -> set[str]:
    return {
        category
        for name, category in SECTION_CATEGORIES.items()
        if getattr(record, name) not in (None, [])
    }


def _withheld(agency: str, local_id: str) -> SourceSection:
    return SourceSection(
        agency=agency,
        local_id=local_id,
        status="withheld",
        retrieval_ms=None,
        detail="no consent or legal basis covers anything this agency holds; it was not asked",
    )


def _timed_out(agency: str, local_id: str, budget_seconds: float) -> SourceSection:
    return SourceSection(
        agency=agency,
        local_id=local_id,
        status="timeout",
        retrieval_ms=round(budget_seconds * 1000),
        detail=f"no answer within the budget of {budget_seconds:g} s",
    )


async def read(
    session: Session,
    *,
    person_id: uuid.UUID,
    caller: Caller,
    adapters: Mapping[str, AgencyAdapter],
    budget_seconds: float,
) -> FederatedRecord:
    """The federated record of a person, as this caller may see it."""
    decided = await run_in_threadpool(plan, session, person_id=person_id, caller=caller)
    return await federated_read(decided, adapters, budget_seconds=budget_seconds)
