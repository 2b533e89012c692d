"""Create-person and get-person through the served gateway against the same SQLAlchemy work.

Run: ``python -m bench.registry [--count N] [--workers N]``. SQLite always; PostgreSQL too when
``GATEWAY_TEST_POSTGRES_URL`` names a server (a throwaway database is made and dropped).
Each backend gets its own fresh database; the gateway is started for real under uvicorn, and
the benchmark calls it as an agency client would: with a bearer token of a registered client
(the registering agency reads the persons it created), rate limits raised out of the way.
"""

import argparse
import datetime as dt
import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from sqlmodel import Session

from bench.harness import Timing, measure, report
from gateway.config import Settings
from gateway.db import create_database_engine
from gateway.identity.jmbg import make_jmbg
from gateway.identity.names import normalise_name, search_keys
from gateway.migrate import upgrade
from gateway.registry.models import Person
from tests.auth_helpers import bearer, register_client, secret_token
from tests.databases import throwaway_database
from tests.servers import running_gateway


def person_bodies(count: int, *, offset: int) -> list[dict[str, Any]]:
    """Distinct valid persons with JMBGs, as a client would send them."""
    bodies: list[dict[str, Any]] = []
    day = dt.date(1960, 1, 1) + dt.timedelta(days=offset)
    serial = 0
    while len(bodies) < count:
        serial += 1
        if serial == 500:
            day, serial = day + dt.timedelta(days=1), 1
        try:
            jmbg = make_jmbg(day, "71", serial)
        except ValueError:
            continue
        bodies.append(
            {"jmbg": jmbg, "given_name": "Милан", "family_name": "Ђорђевић", "sex": "male"}
        )
    return bodies


def direct_row(body: dict[str, Any]) -> Person:
    """The row the gateway would write for ``body``, built by hand."""
    given_dj, given_d = search_keys(body["given_name"])
    family_dj, family_d = search_keys(body["family_name"])
    return Person(
        **body,
        given_name_latin=normalise_name(body["given_name"]),
        family_name_latin=normalise_name(body["family_name"]),
        given_key_dj=given_dj,
        given_key_d=given_d,
        family_key_dj=family_dj,
        family_key_d=family_d,
        citizenship=["RS"],
    )


def bench_backend(name: str, database_url: str, *, count: int, workers: int) -> str:
    settings = Settings(database_url=database_url)
    engine = create_database_engine(settings)
    upgrade(engine)
    direct_ids: list[uuid.UUID] = []
    direct_bodies = person_bodies(count, offset=0)

    def direct_insert(index: int) -> None:
        with Session(engine) as session:
            row = direct_row(direct_bodies[index])
            session.add(row)
            session.commit()
            direct_ids.append(row.id)

    def direct_select(index: int) -> None:
        with Session(engine) as session:
            assert session.get(Person, direct_ids[index]) is not None

    gateway_ids: list[str] = []
    gateway_bodies = person_bodies(count, offset=20_000)
    credentials = register_client(engine, scopes=["returnees:read", "returnees:write"])
    unlimited = {"GATEWAY_API_RATE_LIMIT": "1000000/minute"}
    with (
        running_gateway(database_url, **unlimited) as base_url,
        httpx.Client(base_url=base_url) as http,
    ):
        http.headers.update(bearer(secret_token(http, credentials)))

        def gateway_create(index: int) -> None:
            response = http.post("/v1/persons", json=gateway_bodies[index])
            assert response.status_code == 201, response.text
            gateway_ids.append(response.json()["id"])

        def gateway_read(index: int) -> None:
            assert http.get(f"/v1/persons/{gateway_ids[index]}").status_code == 200

        timings: list[tuple[Timing, Timing]] = [
            (
                measure("create-person via gateway", gateway_create, count=count, workers=workers),
                measure("insert via SQLAlchemy", direct_insert, count=count, workers=workers),
            ),
            (
                measure("get-person via gateway", gateway_read, count=count, workers=workers),
                measure("select via SQLAlchemy", direct_select, count=count, workers=workers),
            ),
        ]
    engine.dispose()
    return "\n".join(
        [f"{name} ({count} operations, {workers} concurrent clients)"]
        + [report(through, direct) for through, direct in timings]
    )


@contextmanager
def backends(directory: Path) -> Iterator[list[tuple[str, str]]]:
    """SQLite, and PostgreSQL when a server is configured."""
    found = [("SQLite", f"sqlite:///{directory / 'bench.db'}")]
    if not os.environ.get("GATEWAY_TEST_POSTGRES_URL"):
        yield found
        return
    os.environ["GATEWAY_TEST_DATABASE"] = "postgres"
    with throwaway_database(directory) as postgres_url:
        yield [*found, ("PostgreSQL", postgres_url)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--workers", type=int, default=4)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory, backends(Path(directory)) as found:
        for name, url in found:
            print(bench_backend(name, url, count=arguments.count, workers=arguments.workers))


if __name__ == "__main__":
    main()
