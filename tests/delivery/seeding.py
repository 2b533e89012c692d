"""Referrals written straight through the services, many at a time (tests and benchmarks)."""

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, func
from sqlmodel import Session, select

from gateway.auth.caller import Caller
from gateway.config import Settings
from gateway.consent.legal_bases import create_legal_basis
from gateway.consent.schemas import LegalBasisCreate
from gateway.db import create_database_engine
from gateway.identity.jmbg import make_jmbg
from gateway.migrate import upgrade
from gateway.referrals.schemas import ReferralCreate
from gateway.referrals.service import create_referral
from gateway.registry.models import Person
from gateway.registry.persons import create_person
from gateway.schema.person import PersonCreate

KIRS = Caller("kirs-seeder", "kirs", frozenset({"returnees:write", "referrals:write"}), "reception")


@contextmanager
def migrated(database_url: str, *, basis_for: str = "nes") -> Iterator[Engine]:
    """An engine on the database, migrated, with a legal basis for ``basis_for`` to receive."""
    engine = create_database_engine(Settings(database_url=database_url))
    upgrade(engine)
    legal_basis_for(engine, basis_for)
    try:
        yield engine
    finally:
        engine.dispose()


def legal_basis_for(engine: Engine, agency: str = "nes") -> None:
    """A statutory basis letting ``agency`` receive referrals (identity and needs)."""
    with Session(engine) as session:
        create_legal_basis(
            session,
            body=LegalBasisCreate(
                agency=agency,
                purpose="referral_handling",
                categories=["identity", "needs"],
                citation="Law on Employment and Unemployment Insurance, art. 30",
            ),
        )
        session.commit()


def persons(engine: Engine, count: int) -> list[uuid.UUID]:
    """``count`` persons registered by KIRS (new JMBGs however often it is called)."""
    found: list[uuid.UUID] = []
    with Session(engine) as session:
        known = session.exec(select(func.count()).select_from(Person)).one()
        day, serial = dt.date(1970, 1, 1) + dt.timedelta(days=known), 0
        while len(found) < count:
            serial += 1
            if serial == 500:
                day, serial = day + dt.timedelta(days=1), 1
            try:
                jmbg = make_jmbg(day, "71", serial)
            except ValueError:
                continue
            person = PersonCreate(jmbg=jmbg, given_name="Милан", family_name="Ђорђевић")
            found.append(create_person(session, person=person, caller=KIRS).id)
        session.commit()
    return found


def referrals(
    engine: Engine, people: list[uuid.UUID], count: int, *, per_transaction: int = 250
) -> list[str]:
    """``count`` KIRS referrals to NES spread over ``people``; their ids."""
    made: list[str] = []
    while len(made) < count:
        with Session(engine) as session:
            for _ in range(min(per_transaction, count - len(made))):
                body = ReferralCreate(
                    person_id=people[len(made) % len(people)],
                    service="employment_counselling",
                    needs=["employment"],
                )
                made.append(str(create_referral(session, body=body, caller=KIRS).id))
            session.commit()
    return made
