"""The cost of the consent decision per read, with 100,000 consents stored.

Run: ``python -m bench.consent [--consents N] [--count N]``. One run, one process, a fresh
SQLite file (and PostgreSQL when ``GATEWAY_TEST_POSTGRES_URL`` is set): the same person read
with enforcement (load consents and legal bases, decide, mask, audit) and without it (the
same rows loaded and serialised), timed alternately on the same database.
"""

import argparse
import datetime as dt
import random
import tempfile
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, insert
from sqlmodel import Session

from bench.harness import measure, report
from bench.registry import backends
from gateway.auth.caller import Caller
from gateway.config import Settings
from gateway.consent.models import Consent, ConsentScope
from gateway.db import create_database_engine
from gateway.migrate import upgrade
from gateway.models import new_id
from gateway.registry import persons, repository
from gateway.registry.models import Person
from gateway.schema.person import PersonPublic

NES = Caller("bench-nes", "nes", frozenset({"returnees:read"}), "employment_services")
CATEGORIES = ["identity", "employment"]


def seed(engine: Engine, *, consents: int) -> list[uuid.UUID]:
    """Persons, five consents each (one for NES), in bulk; returns the person ids."""
    rng = random.Random(7)
    person_ids = [new_id() for _ in range(consents // 5)]
    now = dt.datetime.now(dt.UTC)
    with Session(engine) as session:
        for start in range(0, len(person_ids), 2000):
            session.execute(
                insert(Person),
                [_person(person_id) for person_id in person_ids[start : start + 2000]],
            )
        rows: list[dict[str, Any]] = []
        scopes: list[dict[str, Any]] = []
        for index in range(consents):
            consent_id, grantee = (
                new_id(),
                ("nes" if index % 5 == 0 else rng.choice(["iom", "csw", "kirs"])),
            )
            rows.append(_consent(consent_id, person_ids[index // 5], grantee, now))
            scopes += [
                {
                    "consent_id": consent_id,
                    "agency": grantee,
                    "purpose": "employment_services",
                    "category": c,
                }
                for c in CATEGORIES
            ]
            if len(rows) == 5000:
                _flush(session, rows, scopes)
        _flush(session, rows, scopes)
        session.commit()
    return person_ids


def _flush(session: Session, rows: list[dict[str, Any]], scopes: list[dict[str, Any]]) -> None:
    if rows:
        session.execute(insert(Consent), rows)
        session.execute(insert(ConsentScope), scopes)
    rows.clear()
    scopes.clear()


def _person(person_id: uuid.UUID) -> dict[str, Any]:
    return {
        "id": person_id,
        "version": 1,
        "given_name": "Milan",
        "family_name": "Petrović",
        "given_name_latin": "Milan",
        "family_name_latin": "Petrović",
        "given_key_dj": "milan",
        "given_key_d": "milan",
        "family_key_dj": "petrovic",
        "family_key_d": "petrovic",
        "citizenship": ["RS"],
        "idp": False,
        "languages": [],
        "documents": [],
        "registered_by": "kirs",
        "created_at": dt.datetime.now(dt.UTC),
        "updated_at": dt.datetime.now(dt.UTC),
    }


def _consent(
    consent_id: uuid.UUID, person_id: uuid.UUID, grantee: str, now: dt.datetime
) -> dict[str, Any]:
    return {
        "id": consent_id,
        "version": 1,
        "subject_person_id": person_id,
        "grantees": [grantee],
        "purposes": ["employment_services"],
        "categories": CATEGORIES,
        "valid_from": now - dt.timedelta(days=1),
        "evidence": {"recorded_by": "bench", "channel": "signed_form"},
        "notice_language": "sr-Latn",
        "status": "active",
        "recorded_by_client": "bench",
        "recorded_by_agency": "kirs",
        "created_at": now,
        "updated_at": now,
    }


def bench_backend(name: str, url: str, *, consents: int, count: int) -> str:
    engine = create_database_engine(Settings(database_url=url))
    upgrade(engine)
    person_ids = seed(engine, consents=consents)
    targets = [
        person_ids[random.Random(index).randrange(len(person_ids))] for index in range(count)
    ]

    def enforced(index: int) -> None:
        with Session(engine) as session:
            read = persons.read_person(session, person_id=targets[index], caller=NES)
            assert read.given_name == "Milan"

    def unenforced(index: int) -> None:
        with Session(engine) as session:
            record = repository.get(session, Person, targets[index])
            assert record is not None
            PersonPublic.model_validate(persons.values_of(session, [record])[record.id])

    on = measure("read with consent decision", enforced, count=count, workers=1)
    off = measure("same read, no decision", unenforced, count=count, workers=1)
    engine.dispose()
    return f"{name}: {consents} consents stored, {count} reads\n" + report(
        on, off, ratio="with / without decision"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--consents", type=int, default=100_000)
    parser.add_argument("--count", type=int, default=1000)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory, backends(Path(directory)) as found:
        for name, url in found:
            print(bench_backend(name, url, consents=arguments.consents, count=arguments.count))


if __name__ == "__main__":
    main()
