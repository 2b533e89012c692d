"""The parts every simulator shares: fault knobs, the document store, the demo people."""

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from adapters.registry import parse_adapter_list
from adapters.simulation import DocumentStore, Faults, agency_people, with_faults


def make_app(faults: Faults) -> Starlette:
    async def hello(_request: Request) -> JSONResponse:
        return JSONResponse({"hello": "world"})

    app = Starlette(routes=[Route("/hello", hello)])
    return with_faults(
        app, agency="test", faults=faults, malformed_body=b"{garbage", media_type="application/json"
    )


async def call(app: Starlette, method: str, path: str, **kwargs: object) -> httpx.Response:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sim") as client:
        return await client.request(method, path, **kwargs)  # type: ignore[arg-type]


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("knobs", "status", "body"),
    [
        ({}, 200, b'{"hello":"world"}'),
        ({"down": True}, 503, b"service down"),
        ({"error_rate": 1.0}, 500, b"internal error"),
        ({"malformed_rate": 1.0}, 200, b"{garbage"),
        ({"timeout_rate": 1.0, "hang_seconds": 0.01}, 504, b"too late"),
    ],
)
async def test_each_fault_knob_changes_the_answer(
    knobs: dict[str, object], status: int, body: bytes
) -> None:
    response = await call(make_app(Faults(**knobs)), "GET", "/hello")
    assert (response.status_code, response.content) == (status, body)


@pytest.mark.anyio
async def test_the_admin_endpoint_turns_faults_on_and_off() -> None:
    app = make_app(Faults())
    changed = await call(app, "PUT", "/_admin/faults", json={"down": True})
    assert changed.json()["down"] is True
    assert (await call(app, "GET", "/hello")).status_code == 503
    assert (await call(app, "GET", "/_admin/faults")).status_code == 200
    assert (await call(app, "PUT", "/_admin/faults", json={"error_rate": 2})).status_code == 422
    await call(app, "PUT", "/_admin/faults", json={"down": False})
    assert (await call(app, "GET", "/hello")).status_code == 200


def test_faults_are_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from adapters.simulation import faults_from_environment

    monkeypatch.setenv("SIMULATOR_NES_LATENCY_MS", "250")
    monkeypatch.setenv("SIMULATOR_NES_DOWN", "true")
    assert (
        faults_from_environment("nes").model_dump() | {}
        == Faults(latency_ms=250, down=True).model_dump()
    )


def test_the_store_keeps_documents_and_refuses_a_second_insert(tmp_path: object) -> None:
    store = DocumentStore(f"{tmp_path}/sim.db")
    assert store.insert_new("referrals", "key-1", {"n": 1})
    assert not store.insert_new("referrals", "key-1", {"n": 2})
    assert store.get("referrals", "key-1") == {"n": 1}
    store.put("referrals", "key-1", {"n": 3})
    assert store.all("referrals") == [("key-1", {"n": 3})]
    assert store.count("referrals") == 1
    store.close()


def test_each_agency_knows_some_of_the_demo_people() -> None:
    for agency in ("kirs", "nes", "csw", "iom"):
        people = agency_people(agency)
        assert people, agency
        assert len({person.local_id for person in people}) == len(people)


def test_the_adapter_list_is_parsed_and_checked() -> None:
    assert parse_adapter_list("kirs=adapters.kirs, nes=adapters.nes") == {
        "kirs": "adapters.kirs",
        "nes": "adapters.nes",
    }
    with pytest.raises(ValueError, match="agency=module"):
        parse_adapter_list("kirs")
