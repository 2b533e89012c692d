"""The NES simulator served for real by uvicorn on loopback, read through the adapter."""

from pathlib import Path

import httpx
import pytest

from adapters.nes.adapter import NesAdapter
from adapters.nes.client import NesClient
from adapters.nes.config import NesSettings
from adapters.simulation import agency_people
from tests.servers import free_port, running


@pytest.mark.anyio
async def test_a_seeded_job_seeker_is_fetched_from_the_served_simulator(tmp_path: Path) -> None:
    person = agency_people("nes")[0]
    port = free_port()
    command = ["-m", "uvicorn", "--factory", "adapters.nes.simulator.app:app_from_environment"]
    environment = {"SIMULATOR_NES_STORE": str(tmp_path / "nes.db")}
    with running(
        [*command, "--port", str(port), "--log-level", "warning"],
        port=port,
        env=environment,
        ready_path="/_admin/faults",
    ) as base_url:
        async with httpx.AsyncClient() as http:
            adapter = NesAdapter(NesClient(http, NesSettings(base_url=base_url)))
            record = await adapter.fetch_record(person.local_id)
    assert record.local_id == person.local_id
    assert record.identity is not None
    assert record.identity.given_name == person.member.person.given_name
