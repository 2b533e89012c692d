"""The NES simulator on its own: its register, its authentication, its errors and admin tools."""

import json
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette

from adapters.nes.native import LiceKojeTraziZaposlenje
from adapters.nes.simulator.app import MALFORMED_BODY, app_from_environment, create_simulator
from adapters.simulation import Faults, agency_people

KEY = {"X-Api-Kljuc": "nes-dev-key"}
PEOPLE = agency_people("nes")
REFERRAL = {
    "spoljniBroj": "ref-1",
    "uputilac": "CSR",
    "usluga": "employment_counselling",
    "prioritet": "redovan",
    "potrebe": ["zaposljavanje"],
    "lice": {"ime": "Ana", "prezime": "Jović"},
}


async def call(app: Starlette, method: str, path: str, **options: Any) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://nes.test") as http:
        return await http.request(method, path, **options)


def job_seeker_path(number: str) -> str:
    return f"/api/v1/lica-koja-traze-zaposlenje/{number}"


@pytest.mark.anyio
async def test_the_register_holds_the_demo_people_with_their_nes_numbers() -> None:
    app = create_simulator(store_path=":memory:")
    answer = await call(app, "GET", "/api/v1/lica-koja-traze-zaposlenje?prezime=a", headers=KEY)
    assert answer.json() == {"ukupno": 0, "lica": []}
    for person in PEOPLE[:5]:
        entry = (await call(app, "GET", job_seeker_path(person.local_id), headers=KEY)).json()
        native = LiceKojeTraziZaposlenje.model_validate(entry)
        assert (native.evidencioni_broj, native.ime) == (
            person.local_id,
            person.member.person.given_name,
        )
        assert native.status.povratnik is True


@pytest.mark.anyio
async def test_the_store_is_seeded_once_and_deterministically(tmp_path: Path) -> None:
    path = job_seeker_path(PEOPLE[0].local_id)
    first = await call(
        create_simulator(store_path=str(tmp_path / "a.db")), "GET", path, headers=KEY
    )
    again = await call(
        create_simulator(store_path=str(tmp_path / "a.db")), "GET", path, headers=KEY
    )
    other = await call(
        create_simulator(store_path=str(tmp_path / "b.db")), "GET", path, headers=KEY
    )
    assert first.json() == again.json() == other.json()
    other_seed = create_simulator(store_path=str(tmp_path / "c.db"), seed=7)
    assert (await call(other_seed, "GET", path, headers=KEY)).status_code == 404


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", job_seeker_path("NSZ-000000001")),
        ("GET", "/api/v1/lica-koja-traze-zaposlenje?jmbg=0101990710040"),
        ("POST", "/api/v1/uputi"),
        ("GET", "/api/v1/uputi/UP-2026-000001"),
        ("POST", "/api/v1/uputi/UP-2026-000001/otkazivanje"),
        ("GET", "/api/v1/nepostojece"),
    ],
)
@pytest.mark.parametrize("headers", [{}, {"X-Api-Kljuc": "pogresan"}, {"X-Api-Kljuc": "ključ"}])
async def test_every_api_path_needs_the_api_key(
    method: str, path: str, headers: dict[str, str]
) -> None:
    app = create_simulator(store_path=":memory:", households=1)
    answer = await call(app, method, path, headers={k: v.encode() for k, v in headers.items()})
    assert answer.status_code == 401
    assert answer.json()["greska"] == "NEVAZECI_API_KLJUC"


@pytest.mark.anyio
async def test_errors_are_in_nes_format() -> None:
    app = create_simulator(store_path=":memory:", households=1)
    unknown = await call(app, "GET", "/api/v1/nepostojece", headers=KEY)
    no_criteria = await call(app, "GET", "/api/v1/lica-koja-traze-zaposlenje", headers=KEY)
    wrong_method = await call(app, "DELETE", "/api/v1/uputi", headers=KEY)
    assert (unknown.status_code, unknown.json()["greska"]) == (404, "NEPOSTOJECI_RESURS")
    assert (no_criteria.status_code, no_criteria.json()["greska"]) == (400, "NEDOSTAJE_KRITERIJUM")
    assert (wrong_method.status_code, wrong_method.json()["greska"]) == (405, "NEDOZVOLJENA_METODA")


@pytest.mark.anyio
async def test_a_referral_needs_a_key_and_a_valid_body() -> None:
    app = create_simulator(store_path=":memory:", households=1)
    keyless = await call(app, "POST", "/api/v1/uputi", headers=KEY, json=REFERRAL)
    invalid = REFERRAL | {"prioritet": "odmah", "potrebe": []}
    refused = await call(
        app, "POST", "/api/v1/uputi", headers=KEY | {"Idempotency-Key": "k"}, json=invalid
    )
    assert (keyless.status_code, keyless.json()["greska"]) == (
        400,
        "NEDOSTAJE_KLJUC_IDEMPOTENTNOSTI",
    )
    assert (refused.status_code, refused.json()["greska"]) == (422, "NEISPRAVAN_UPUT")
    assert {line.split(":")[0] for line in refused.json()["detalji"]} == {"prioritet", "potrebe"}
    assert (await call(app, "GET", "/_admin/referrals")).json() == []


@pytest.mark.anyio
async def test_a_received_referral_is_stored_with_its_key_and_answers_with_a_location() -> None:
    app = create_simulator(store_path=":memory:", households=1)
    headers = KEY | {"Idempotency-Key": "k-1"}
    answer = await call(app, "POST", "/api/v1/uputi", headers=headers, json=REFERRAL)
    assert answer.status_code == 201
    number = answer.json()["brojUputa"]
    assert answer.headers["Location"] == f"/api/v1/uputi/{number}"
    (stored,) = (await call(app, "GET", "/_admin/referrals")).json()
    assert (stored["kljucIdempotentnosti"], stored["uput"]["usluga"]) == (
        "k-1",
        "employment_counselling",
    )
    status = (await call(app, "GET", f"/api/v1/uputi/{number}", headers=KEY)).json()
    assert (status["status"], len(status["istorija"])) == ("primljen", 1)


@pytest.mark.anyio
async def test_the_admin_refuses_illegal_transitions_unknown_actions_and_bad_bodies() -> None:
    app = create_simulator(store_path=":memory:", households=1)
    headers = KEY | {"Idempotency-Key": "k-1"}
    number = (await call(app, "POST", "/api/v1/uputi", headers=headers, json=REFERRAL)).json()[
        "brojUputa"
    ]
    early = await call(app, "POST", f"/_admin/referrals/{number}/complete")
    unknown = await call(app, "POST", f"/_admin/referrals/{number}/archive")
    bad = await call(app, "POST", f"/_admin/referrals/{number}/reject", json={"why": "x"})
    missing = await call(app, "POST", "/_admin/referrals/UP-0/accept")
    assert (early.status_code, early.json()["greska"]) == (409, "NEDOZVOLJEN_PRELAZ")
    assert unknown.status_code == 404
    assert bad.status_code == 422
    assert missing.status_code == 404


@pytest.mark.anyio
async def test_a_garbled_reply_is_nes_json_cut_off() -> None:
    app = create_simulator(store_path=":memory:", households=1, faults=Faults(malformed_rate=1))
    answer = await call(app, "GET", job_seeker_path("NSZ-1"), headers=KEY)
    assert (answer.status_code, answer.content) == (200, MALFORMED_BODY)
    with pytest.raises(json.JSONDecodeError):
        json.loads(answer.content)


def test_the_factory_reads_its_settings_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SIMULATOR_NES_STORE", str(tmp_path / "env.db"))
    monkeypatch.setenv("SIMULATOR_NES_HOUSEHOLDS", "3")
    monkeypatch.setenv("SIMULATOR_NES_DOWN", "true")
    app = app_from_environment()
    assert app.state.faults.down is True
    assert app.state.store.count("lica") == len(agency_people("nes", households=3))
    assert (tmp_path / "env.db").exists()
