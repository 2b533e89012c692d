"""Seeding a fresh SQLite database with the demo population: once, complete, and idempotent."""

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from gateway.config import Settings
from gateway.db import create_database_engine
from gateway.demo.seeding import seed_demo
from gateway.migrate import upgrade
from gateway.referrals.coverage import carried_categories, coverage
from gateway.registry.models import Household
from population import generate_population

SEED = 11
HOUSEHOLDS = 25
TABLES = (
    "person",
    "household",
    "household_member",
    "return_event",
    "needs_assessment",
    "consent",
)
CONSENTING = HOUSEHOLDS - HOUSEHOLDS // 4
CARRIED = carried_categories((), ["housing"]) | {"household", "return"}


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    engine = create_database_engine(Settings(database_url=f"sqlite:///{tmp_path}/demo.db"))
    upgrade(engine)
    yield engine
    engine.dispose()


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in TABLES
        }


def test_seeding_twice_adds_the_population_once(engine: Engine) -> None:
    expected = generate_population(seed=SEED, households=HOUSEHOLDS, today=dt.date.today())
    persons = sum(len(household.members) for household in expected)

    first = seed_demo(engine, seed=SEED, households=HOUSEHOLDS)
    after_first = row_counts(engine)
    second = seed_demo(engine, seed=SEED, households=HOUSEHOLDS)

    assert first.startswith(f"Seeded {HOUSEHOLDS} households, {persons} persons")
    assert "already there" in second
    assert row_counts(engine) == after_first
    assert after_first == {
        "person": persons,
        "household": HOUSEHOLDS,
        "household_member": persons,
        "return_event": HOUSEHOLDS,
        "needs_assessment": HOUSEHOLDS,
        "consent": CONSENTING,
    }


def test_the_summary_counts_minors_persons_without_jmbg_and_modalities(engine: Engine) -> None:
    summary = seed_demo(engine, seed=SEED, households=HOUSEHOLDS)
    with engine.connect() as connection:
        without_jmbg = connection.execute(
            text("SELECT count(*) FROM person WHERE jmbg IS NULL")
        ).scalar_one()
    assert f"{without_jmbg} without JMBG" in summary
    assert "minors" in summary
    assert "readmission" in summary
    assert "AVRR" in summary
    assert "spontaneous" in summary


def test_three_households_in_four_may_be_referred_to_each_agency(engine: Engine) -> None:
    summary = seed_demo(engine, seed=SEED, households=HOUSEHOLDS)
    with Session(engine) as session:
        households = session.exec(
            select(Household).order_by(col(Household.created_at), col(Household.id))
        ).all()
        referable = [
            all(
                coverage(session, agency=agency, subject=household, categories=CARRIED).covered
                for agency in ("csw", "iom", "kirs", "nes")
            )
            for household in households
        ]
    assert f"{CONSENTING} households consented to referrals" in summary
    assert referable == [number % 4 != 0 for number in range(1, HOUSEHOLDS + 1)]


def test_the_demo_consents_leave_health_out(engine: Engine) -> None:
    seed_demo(engine, seed=SEED, households=HOUSEHOLDS)
    with Session(engine) as session:
        household = session.exec(
            select(Household).order_by(col(Household.created_at), col(Household.id))
        ).first()
        assert household is not None
        found = coverage(session, agency="iom", subject=household, categories={"health"})
    assert not found.covered
