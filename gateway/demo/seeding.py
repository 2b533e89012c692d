"""Seeding the registry with the synthetic population, once, through the registry's services.

Everything is written in one transaction with ``create_person``, ``create_household`` and
``create_record``, each household as its registering agency's client, so the demo data passes
the same rules as data from an agency; most households' consents are recorded the same way
(``gateway.demo.consents``). A database that already holds persons is left alone: seeding
twice adds nothing. This module writes no SQL of its own.
"""

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Sequence

from sqlalchemy import Engine
from sqlmodel import Session

from gateway.auth.caller import Caller
from gateway.demo.consents import consents, record_household_consent
from gateway.identity.ages import is_certainly_minor
from gateway.registry import repository
from gateway.registry.households import create_household
from gateway.registry.persons import create_person
from gateway.registry.subject_records import NEEDS_ASSESSMENTS, RETURN_EVENTS, create_record
from population import DemoHousehold, generate_population

DEMO_CLIENT_ID = "demo-seed"
MODALITY_LABELS = {"readmission": "readmission", "avrr": "AVRR", "spontaneous": "spontaneous"}


def seed_demo(engine: Engine, *, seed: int, households: int) -> str:
    """Register the population of ``seed`` unless persons exist; say what happened, in a line."""
    today = dt.date.today()
    with Session(engine) as session, session.begin():
        if _has_persons(session):
            return "Demo data is already there (the registry holds persons): nothing was added."
        population = generate_population(seed=seed, households=households, today=today)
        consenting = 0
        for number, household in enumerate(population, start=1):
            household_id, head_id = _register(session, household)
            if consents(number):
                record_household_consent(
                    session,
                    household_id=household_id,
                    given_by=head_id,
                    number=number,
                    agency=household.return_event.registering_agency,
                )
                consenting += 1
    return summary(population, today=today) + f" {consenting} households consented to referrals."


def summary(population: Sequence[DemoHousehold], *, today: dt.date) -> str:
    """One line of counts: households, persons, minors, persons without JMBG, modality shares."""
    persons = [member.person for household in population for member in household.members]
    minors = sum(is_certainly_minor(person.birth_date, today=today) for person in persons)
    without_jmbg = sum(person.jmbg is None for person in persons)
    modalities = Counter(household.return_event.modality for household in population)
    shares = ", ".join(
        f"{label} {_percent(modalities[code], len(population))}%"
        for code, label in MODALITY_LABELS.items()
    )
    return (
        f"Seeded {len(population)} households, {len(persons)} persons ({minors} minors, "
        f"{without_jmbg} without JMBG); return modality: {shares}."
    )


def _has_persons(session: Session) -> bool:
    return repository.any_person(session)


def _register(session: Session, household: DemoHousehold) -> tuple[uuid.UUID, uuid.UUID]:
    """The members, the household, its return event and its needs assessment.

    Returns the household's id and its head's.
    """
    caller = Caller(
        client_id=DEMO_CLIENT_ID,
        agency=household.return_event.registering_agency,
        scopes=frozenset({"returnees:write"}),
        purpose="reintegration_planning",
    )
    person_ids = [
        create_person(session, person=member.person, caller=caller).id
        for member in household.members
    ]
    registered = create_household(
        session, household=household.household_create(person_ids), caller=caller
    )
    create_record(
        session, RETURN_EVENTS, body=household.return_event.event_for(registered.id), caller=caller
    )
    create_record(
        session,
        NEEDS_ASSESSMENTS,
        body=household.needs_assessment_for(registered.id),
        caller=caller,
    )
    return registered.id, person_ids[0]


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0
