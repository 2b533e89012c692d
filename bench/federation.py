"""The federated read against reading the agencies' systems directly, in one run.

Run: ``python -m bench.federation [--count N]``. Starts the four simulators and the gateway
(uvicorn on loopback, a fresh SQLite file), then measures:

1. a single-agency read (NES) through the gateway against the same record read straight
   from the NES simulator with the same HTTP client (ratio of medians and of p99);
2. the four-agency federated read against the slowest single source read directly, with the
   simulators set to 40/80/120/160 ms of latency (target: within 1.2x of the slowest source).
"""

import argparse
import datetime as dt
import tempfile
from contextlib import ExitStack
from pathlib import Path

import httpx

from bench.harness import measure, report
from gateway.config import Settings
from gateway.db import create_database_engine
from gateway.migrate import upgrade
from population import generate_population
from tests.auth_helpers import register_client
from tests.factories import person_body
from tests.federation.conftest import AGENCIES, known_ids, start_simulators
from tests.servers import running_gateway

LATENCY_MS = {"kirs": 40, "nes": 80, "csw": 120, "iom": 160}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=200)
    count = parser.parse_args().count
    with tempfile.TemporaryDirectory() as directory, ExitStack() as stack:
        urls = start_simulators(stack, Path(directory))
        database = f"sqlite:///{directory}/gateway.db"
        engine = create_database_engine(Settings(database_url=database))
        upgrade(engine)
        credentials = register_client(engine, scopes=["returnees:read", "returnees:write"])
        env = {f"ADAPTER_{agency.upper()}_BASE_URL": url for agency, url in urls.items()}
        gateway = stack.enter_context(running_gateway(database, **env))
        http = stack.enter_context(httpx.Client(base_url=gateway, timeout=10))
        response = http.post(
            "/oauth/token",
            data={
                "grant_type": "client_credentials",
                "scope": "returnees:read returnees:write purpose:reintegration_planning",
            },
            auth=(credentials.client_id, credentials.client_secret or ""),
        )
        http.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
        ids = known_ids()
        other_nes = _another_nes_id(ids["nes"])
        only_nes = http.post(
            "/v1/persons", json=person_body(agency_ids=[{"agency": "nes", "local_id": other_nes}])
        ).json()["id"]
        everywhere = http.post(
            "/v1/persons",
            json=person_body(
                agency_ids=[{"agency": agency, "local_id": ids[agency]} for agency in AGENCIES]
            ),
        ).json()["id"]
        direct = stack.enter_context(httpx.Client(timeout=10))
        nes_url = f"{urls['nes']}/api/v1/lica-koja-traze-zaposlenje/{other_nes}"
        nes_headers = {"X-Api-Kljuc": "nes-dev-key"}

        def through(person: str) -> None:
            body = http.get(f"/v1/persons/{person}/record").json()
            assert all(section["status"] == "ok" for section in body["sources"]), body["sources"]

        single = measure(
            "NES read through the gateway", lambda _: through(only_nes), count=count, workers=1
        )
        straight = measure(
            "NES read straight from simulator",
            lambda _: direct.get(nes_url, headers=nes_headers).raise_for_status(),
            count=count,
            workers=1,
        )
        print(
            f"single-agency read, {count} reads, no simulator latency\n" + report(single, straight)
        )
        for agency, latency in LATENCY_MS.items():
            direct.put(
                f"{urls[agency]}/_admin/faults", json={"latency_ms": latency}
            ).raise_for_status()
        federated = measure(
            "4-agency federated read", lambda _: through(everywhere), count=count // 2, workers=1
        )
        iom_case = f"{urls['iom']}/api/cases/{ids['iom']}"
        iom_headers = {"Authorization": f"Bearer {_iom_token(direct, urls['iom'])}"}
        slowest = measure(
            "slowest source (IOM) straight",
            lambda _: direct.get(iom_case, headers=iom_headers).raise_for_status(),
            count=count // 2,
            workers=1,
        )
        print(
            f"four agencies at {LATENCY_MS} ms\n"
            + report(federated, slowest, ratio="federated / slowest")
        )
        engine.dispose()


def _iom_token(client: httpx.Client, base_url: str) -> str:
    response = client.post(
        f"{base_url}/oauth/token",
        data={"grant_type": "client_credentials"},
        auth=("returnee-gateway", "iom-dev-secret"),
    )
    return str(response.json()["access_token"])


def _another_nes_id(taken: str) -> str:
    population = generate_population(seed=42, households=60, today=dt.date.today())
    return next(
        item.local_id
        for household in population
        for member in household.members
        for item in member.person.agency_ids
        if item.agency == "nes" and item.local_id != taken
    )


if __name__ == "__main__":
    main()
