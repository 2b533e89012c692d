"""The four agency simulators, served for real on loopback for the federated read tests."""

import datetime as dt
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import httpx
import pytest

from population import generate_population
from tests.servers import free_port, running

AGENCIES = ("kirs", "nes", "csw", "iom")


def start_simulators(stack: ExitStack, directory: Path) -> dict[str, str]:
    """Serve each agency's simulator on a free loopback port until ``stack`` closes."""
    urls: dict[str, str] = {}
    for agency in AGENCIES:
        port = free_port()
        store = str(directory / f"{agency}.db")
        command = ["-m", "gateway", "simulate", agency, "--port", str(port), "--store", store]
        server = running(command, port=port, env={}, ready_path="/_admin/faults")
        urls[agency] = stack.enter_context(server)
    return urls


@pytest.fixture(scope="module")
def simulators(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Base URL of each agency's simulator, seeded with the demo families."""
    with ExitStack() as stack:
        yield start_simulators(stack, tmp_path_factory.mktemp("simulators"))


@pytest.fixture
def faults(simulators: dict[str, str]) -> Iterator[dict[str, str]]:
    """Simulators whose fault knobs are reset after the test."""
    yield simulators
    for url in simulators.values():
        httpx.put(
            f"{url}/_admin/faults",
            json={
                "latency_ms": 0,
                "error_rate": 0,
                "timeout_rate": 0,
                "malformed_rate": 0,
                "down": False,
            },
            timeout=5,
        )


@pytest.fixture
def adapters_env(simulators: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every adapter at its simulator."""
    for agency, url in simulators.items():
        monkeypatch.setenv(f"ADAPTER_{agency.upper()}_BASE_URL", url)


def known_ids() -> dict[str, str]:
    """A local id of the demo population at each agency (Рамиз is known to KIRS, CSW and NES)."""
    population = generate_population(seed=42, households=60, today=dt.date.today())
    ids: dict[str, str] = {}
    for household in population:
        for member in household.members:
            identifiers = {item.agency: item.local_id for item in member.person.agency_ids}
            if {"kirs", "csw", "nes"} <= identifiers.keys() and "kirs" not in ids:
                ids |= identifiers
    for household in population:
        for member in household.members:
            for item in member.person.agency_ids:
                ids.setdefault(item.agency, item.local_id)
    return ids
