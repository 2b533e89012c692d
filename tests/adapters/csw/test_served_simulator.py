"""One real server: the simulator under uvicorn on a loopback port, read through the adapter."""

from pathlib import Path

import httpx
import pytest

from adapters.csw import CswAdapter, CswSettings
from adapters.simulation import AgencyPerson
from tests.servers import free_port, running

FACTORY = "adapters.csw.simulator.app:app_from_environment"


@pytest.mark.anyio
async def test_a_seeded_case_is_read_from_the_served_simulator(
    tmp_path: Path, people: list[AgencyPerson]
) -> None:
    port = free_port()
    command = ["-m", "uvicorn", "--factory", FACTORY, "--port", str(port), "--log-level", "warning"]
    environment = {"SIMULATOR_CSW_STORE": str(tmp_path / "csw.db")}
    person = people[-1]
    with running(command, port=port, env=environment, ready_path="/_admin/faults") as base_url:
        async with httpx.AsyncClient() as http:
            adapter = CswAdapter(http, CswSettings(base_url=base_url, timeout_seconds=5))
            record = await adapter.fetch_record(person.local_id)
    assert record.identity is not None
    assert record.local_id == person.local_id
    assert record.identity.given_name == person.member.person.given_name
    assert record.identity.jmbg == person.member.person.jmbg
