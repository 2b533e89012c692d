"""The federated read against the four simulators running for real on loopback."""

import time
from collections.abc import Callable

import httpx
from fastapi.testclient import TestClient

from tests.conftest import Headers
from tests.consent.conftest import consent_body
from tests.factories import person_body
from tests.federation.conftest import known_ids

NES_READ = ("returnees:read",)


def person_known_everywhere(client: TestClient) -> str:
    ids = known_ids()
    agency_ids = [
        {"agency": agency, "local_id": ids[agency]} for agency in ("kirs", "nes", "csw", "iom")
    ]
    response = client.post("/v1/persons", json=person_body(agency_ids=agency_ids))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def statuses(body: dict[str, object]) -> dict[str, str]:
    return {section["agency"]: section["status"] for section in body["sources"]}  # type: ignore[index, union-attr]


def test_all_four_agencies_answer_ok(
    adapters_env: None, faults: dict[str, str], client: TestClient
) -> None:
    person = person_known_everywhere(client)
    response = client.get(f"/v1/persons/{person}/record")
    assert response.status_code == 200, response.text
    body = response.json()
    assert statuses(body) == {"kirs": "ok", "nes": "ok", "csw": "ok", "iom": "ok"}
    kirs = next(section for section in body["sources"] if section["agency"] == "kirs")
    assert kirs["record"]["reception"] is not None
    assert all(section["retrieval_ms"] is not None for section in body["sources"])


def test_one_down_one_slow_one_garbled_never_fail_the_answer(
    adapters_env: None, faults: dict[str, str], client: TestClient
) -> None:
    person = person_known_everywhere(client)
    httpx.put(f"{faults['nes']}/_admin/faults", json={"down": True}, timeout=5)
    httpx.put(f"{faults['csw']}/_admin/faults", json={"latency_ms": 4000}, timeout=5)
    httpx.put(f"{faults['iom']}/_admin/faults", json={"malformed_rate": 1.0}, timeout=5)
    started = time.monotonic()
    response = client.get(f"/v1/persons/{person}/record")
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.text
    assert statuses(response.json()) == {
        "kirs": "ok",
        "nes": "unavailable",
        "csw": "timeout",
        "iom": "error",
    }
    assert elapsed < 3.5, "the budget of 1.5 s bounds the answer"


def test_consent_withholds_sections_and_categories(
    adapters_env: None, faults: dict[str, str], client: TestClient, agency: Callable[..., Headers]
) -> None:
    person = person_known_everywhere(client)
    assert (
        client.post(
            "/v1/consents",
            json=consent_body(person_id=person, categories=["identity", "employment"]),
        ).status_code
        == 201
    )
    nes = agency("nes", "employment_services", NES_READ)
    body = client.get(f"/v1/persons/{person}/record", headers=nes).json()
    for section in body["sources"]:
        record = section["record"]
        if record is None:
            continue
        shown = {
            name
            for name, value in record.items()
            if value not in (None, []) and name not in ("agency", "local_id")
        }
        assert shown <= {"identity", "employment"}, section["agency"]
        assert record["health"] is None
        assert record["disability"] is None
    nes_section = next(section for section in body["sources"] if section["agency"] == "nes")
    assert nes_section["record"]["employment"] is not None


def test_without_any_basis_no_agency_is_asked(
    adapters_env: None, faults: dict[str, str], client: TestClient, agency: Callable[..., Headers]
) -> None:
    person = person_known_everywhere(client)
    iom = agency("iom", "avrr_assistance", NES_READ)
    assert client.get(f"/v1/persons/{person}/record", headers=iom).status_code == 404
