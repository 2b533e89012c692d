"""The CSW simulator speaks like CSW's system: Basic auth, Cyrillic errors, cursors, referrals."""

import base64
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from starlette.applications import Starlette

from adapters.csw import create_simulator
from adapters.csw.config import DEVELOPMENT_PASSWORD, DEVELOPMENT_USERNAME
from adapters.csw.simulator.app import app_from_environment
from adapters.csw.simulator.auth import DEFAULT_PASSWORD, DEFAULT_USERNAME
from adapters.csw.simulator.seed import seeded_cases
from adapters.simulation import AgencyPerson

pytestmark = pytest.mark.anyio
Admin = Callable[..., Any]
SIGNED_IN = {"Authorization": "Basic " + base64.b64encode(b"gateway:csw-dev-secret").decode()}


def case_path(number: str) -> str:
    return f"/api/predmeti/{quote(number, safe='')}"


def referral_body(person: AgencyPerson, **changes: Any) -> dict[str, Any]:
    who = person.member.person
    body = {
        "brojUputaPosiljaoca": "0194f3e2-7a31-7c4e-9d2b-5a8f0c6e1b77",
        "posiljalac": "КИРС",
        "usluga": "social_assistance_assessment",
        "hitnost": "висок",
        "potrebe": ["социјална заштита"],
        "lice": {"ime": who.given_name, "prezime": who.family_name},
        "brojPredmeta": person.local_id,
    }
    return body | changes


def test_the_adapter_defaults_are_the_simulators_credentials() -> None:
    assert (DEVELOPMENT_USERNAME, DEVELOPMENT_PASSWORD) == (DEFAULT_USERNAME, DEFAULT_PASSWORD)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Basic " + base64.b64encode(b"gateway:wrong").decode()},
        {"Authorization": "Bearer csw-dev-secret"},
        {"Authorization": "Basic ???"},
    ],
    ids=["none", "wrong password", "other scheme", "garbled"],
)
async def test_without_the_right_credentials_the_answer_is_csws_401(
    simulator: Starlette, call: Admin, headers: dict[str, str]
) -> None:
    response = await call(simulator, "GET", "/api/predmeti?prezime=x", headers=headers)
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith('Basic realm="csw"')
    assert response.json()["greska"] == "неовлашћен приступ"


async def test_admin_routes_need_no_credentials(simulator: Starlette, call: Admin) -> None:
    assert (await call(simulator, "GET", "/_admin/faults")).status_code == 200
    assert (await call(simulator, "GET", "/_admin/referrals")).json() == {"referrals": []}


async def test_a_case_file_is_served_in_cyrillic_utf8(
    simulator: Starlette, call: Admin, people: list[AgencyPerson]
) -> None:
    response = await call(simulator, "GET", case_path(people[0].local_id), headers=SIGNED_IN)
    assert response.status_code == 200
    assert response.json()["brojPredmeta"] == people[0].local_id
    assert "СЦР-".encode() in response.content


@pytest.mark.parametrize(
    "query",
    ["", "jmbg=123", "prezime=x&velicina=0", "prezime=x&velicina=abc", "prezime=x&kursor=***"],
)
async def test_a_search_the_api_does_not_accept_is_a_400(
    simulator: Starlette, call: Admin, query: str
) -> None:
    response = await call(simulator, "GET", f"/api/predmeti?{query}", headers=SIGNED_IN)
    assert response.status_code == 400
    assert response.json()["greska"] == "неисправна претрага"


async def test_search_pages_chain_through_cursors(
    simulator: Starlette, call: Admin, people: list[AgencyPerson]
) -> None:
    surname = people[0].member.person.family_name
    path, seen = f"/api/predmeti?prezime={surname}&velicina=1", []
    while True:
        page = (await call(simulator, "GET", path, headers=SIGNED_IN)).json()
        seen += [case["brojPredmeta"] for case in page["predmeti"]]
        if page["sledeciKursor"] is None:
            break
        path = f"/api/predmeti?prezime={surname}&velicina=1&kursor={page['sledeciKursor']}"
    assert len(seen) == page["ukupno"] == len(set(seen))
    assert people[0].local_id in seen


@pytest.mark.parametrize(
    ("changes", "headers", "status"),
    [
        ({}, {}, 400),
        ({"hitnost": "одмах"}, {"Idempotency-Key": "k"}, 422),
        ({"potrebe": ["смештај"]}, {"Idempotency-Key": "k"}, 422),
        ({"brojPredmeta": "СЦР-vranje-1999-0001"}, {"Idempotency-Key": "k"}, 422),
        ({"lice": {"ime": "Марко"}}, {"Idempotency-Key": "k"}, 422),
    ],
    ids=["no key", "unknown priority", "unknown need", "unknown case", "no surname"],
)
async def test_a_referral_csw_cannot_take_is_refused_and_not_stored(
    simulator: Starlette,
    call: Admin,
    people: list[AgencyPerson],
    changes: dict[str, Any],
    headers: dict[str, str],
    status: int,
) -> None:
    body = referral_body(people[0], **changes)
    response = await call(simulator, "POST", "/api/uputi", json=body, headers=SIGNED_IN | headers)
    assert response.status_code == status
    assert response.json()["greska"]
    assert (await call(simulator, "GET", "/_admin/referrals")).json() == {"referrals": []}


async def test_a_replayed_referral_says_so_in_a_header(
    simulator: Starlette, call: Admin, people: list[AgencyPerson]
) -> None:
    headers = SIGNED_IN | {"Idempotency-Key": "k"}
    first = await call(
        simulator, "POST", "/api/uputi", json=referral_body(people[0]), headers=headers
    )
    again = await call(
        simulator, "POST", "/api/uputi", json=referral_body(people[0]), headers=headers
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.headers["idempotent-replayed"] == "true"
    assert first.json() == again.json()


async def test_illegal_or_unknown_admin_actions_are_refused(
    simulator: Starlette, call: Admin, people: list[AgencyPerson]
) -> None:
    headers = SIGNED_IN | {"Idempotency-Key": "k"}
    sent = await call(
        simulator, "POST", "/api/uputi", json=referral_body(people[0]), headers=headers
    )
    number = sent.json()["broj"]
    assert (
        await call(simulator, "POST", f"/_admin/referrals/{number}/complete")
    ).status_code == 409
    assert (await call(simulator, "POST", f"/_admin/referrals/{number}/archive")).status_code == 404
    assert (await call(simulator, "POST", "/_admin/referrals/УП-0/accept")).status_code == 404


async def test_the_store_survives_a_restart_without_seeding_twice(
    tmp_path: Path, call: Admin, people: list[AgencyPerson]
) -> None:
    store_path = str(tmp_path / "csw.db")
    headers = SIGNED_IN | {"Idempotency-Key": "k"}
    first = create_simulator(store_path=store_path)
    await call(first, "POST", "/api/uputi", json=referral_body(people[0]), headers=headers)
    first.state.store.close()
    second = create_simulator(store_path=store_path)
    assert second.state.store.count("predmeti") == len(people)
    assert len((await call(second, "GET", "/_admin/referrals")).json()["referrals"]) == 1


def test_the_centre_never_decides_child_allowance() -> None:
    cases = seeded_cases(seed=7, households=150)
    assert len(cases) > 30
    assert not [right for case in cases for right in case.prava if right.vrsta == "дечији додатак"]


async def test_the_environment_configures_the_simulator(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, call: Admin
) -> None:
    monkeypatch.setenv("SIMULATOR_CSW_STORE", str(tmp_path / "env.db"))
    monkeypatch.setenv("SIMULATOR_CSW_HOUSEHOLDS", "8")
    monkeypatch.setenv("SIMULATOR_CSW_PASSWORD", "another-secret")
    monkeypatch.setenv("SIMULATOR_CSW_DOWN", "true")
    app = app_from_environment()
    assert app.state.store.count("predmeti") == len(seeded_cases(seed=42, households=8))
    assert app.state.faults.down is True
    app.state.faults.down = False
    response = await call(app, "GET", "/api/predmeti?prezime=x", headers=SIGNED_IN)
    assert response.status_code == 401
