"""The parts every simulator shares: app, settings, fault knobs, store, progress, people."""

import ast
import datetime as dt
import importlib
import sqlite3
from pathlib import Path

import httpx
import pytest
from pydantic_settings import SettingsConfigDict
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from adapters.configured import parse_adapter_list
from adapters.simulation import (
    CommonSimulatorSettings,
    DocumentStore,
    Faults,
    GarbledReply,
    agency_people,
    due_steps,
    simulator_app,
    with_faults,
)

AGENCIES = ("kirs", "nes", "csw", "iom")
START = dt.datetime(2026, 1, 12, 8, 0, tzinfo=dt.UTC)
MINUTE = dt.timedelta(minutes=1)
PATH = {"received": "accepted", "accepted": "in_progress", "in_progress": "completed"}


class ExampleSettings(CommonSimulatorSettings):
    model_config = SettingsConfigDict(env_prefix="SIMULATOR_EXAMPLE_")

    store: str = "var/simulators/example.db"
    port: int = 8199


async def hello(_request: Request) -> JSONResponse:
    return JSONResponse({"hello": "world"})


def make_app(faults: Faults) -> Starlette:
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
    for agency in AGENCIES:
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


def test_a_simulator_app_garbles_as_its_agency_and_closes_its_store(tmp_path: Path) -> None:
    store = DocumentStore(tmp_path / "example.db")
    app = simulator_app(
        "example",
        store=store,
        routes=[Route("/hello", hello)],
        faults=Faults(malformed_rate=1.0),
        garbled=GarbledReply(b'{"cut": "of', "application/json"),
    )
    with TestClient(app) as client:
        garbled = client.get("/hello")
        assert (garbled.content, garbled.headers["content-type"]) == (
            b'{"cut": "of',
            "application/json",
        )
        assert client.get("/_admin/faults").json()["malformed_rate"] == 1.0
    with pytest.raises(sqlite3.ProgrammingError):
        store.count("anything")


def test_options_given_win_over_the_environment_and_none_keeps_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SIMULATOR_EXAMPLE_SEED", "7")
    monkeypatch.setenv("SIMULATOR_EXAMPLE_AUTO_PROGRESS_SECONDS", "2.5")
    settings = ExampleSettings().overridden(households=3, auto_progress_seconds=None)
    assert (settings.seed, settings.households, settings.auto_progress_seconds) == (7, 3, 2.5)
    assert (settings.store, settings.port) == ("var/simulators/example.db", 8199)
    with pytest.raises(TypeError, match="hosueholds"):
        ExampleSettings().overridden(hosueholds=3)


@pytest.mark.parametrize("agency", AGENCIES)
def test_every_simulator_refuses_an_option_it_does_not_know(agency: str) -> None:
    create_simulator = importlib.import_module(f"adapters.{agency}.simulator.app").create_simulator
    with pytest.raises(TypeError, match="hosueholds"):
        create_simulator(store_path=":memory:", hosueholds=1)


def test_a_referral_moves_one_step_per_delay_until_its_path_ends() -> None:
    assert due_steps(PATH, "received", START, MINUTE, START + 90 * dt.timedelta(seconds=1)) == [
        ("accepted", START + MINUTE)
    ]
    assert due_steps(PATH, "received", START, MINUTE, START + dt.timedelta(hours=1)) == [
        ("accepted", START + MINUTE),
        ("in_progress", START + 2 * MINUTE),
        ("completed", START + 3 * MINUTE),
    ]
    assert due_steps(PATH, "accepted", START, MINUTE, START + 2 * MINUTE) == [
        ("in_progress", START + MINUTE),
        ("completed", START + 2 * MINUTE),
    ]


def test_no_step_is_due_without_a_delay_before_time_or_off_the_path() -> None:
    later = START + dt.timedelta(days=1)
    assert due_steps(PATH, "received", START, dt.timedelta(0), later) == []
    assert due_steps(PATH, "received", START, MINUTE, START + MINUTE / 2) == []
    assert due_steps(PATH, "cancelled", START, MINUTE, later) == []


def test_the_simulators_reach_the_gateway_only_through_base_and_the_common_schema() -> None:
    adapters_root = Path(importlib.import_module("adapters").__file__ or "").parent
    sources = [adapters_root / "simulation.py", *adapters_root.glob("*/simulator/*.py")]
    assert len(sources) > 20
    for source in sources:
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("gateway"):
                assert (node.module or "").startswith("gateway.schema"), (source, node.module)
