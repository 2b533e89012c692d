"""The IOM simulator served for real by uvicorn, read through the adapter over TCP."""

from pathlib import Path

import httpx
import pytest

from adapters.iom import IomAdapter, IomSettings
from adapters.simulation import AgencyPerson
from tests.adapters.iom.conftest import HOUSEHOLDS
from tests.servers import free_port, running


@pytest.mark.anyio
async def test_a_seeded_person_is_fetched_from_a_served_simulator(
    tmp_path: Path, people: list[AgencyPerson]
) -> None:
    port = free_port()
    command = ["-m", "uvicorn", "--factory", "adapters.iom.simulator.app:app_from_environment"]
    env = {
        "SIMULATOR_IOM_STORE": str(tmp_path / "iom.db"),
        "SIMULATOR_IOM_HOUSEHOLDS": str(HOUSEHOLDS),
    }
    with running(
        [*command, "--port", str(port)], port=port, env=env, ready_path="/_admin/faults"
    ) as url:
        async with httpx.AsyncClient() as http:
            record = await IomAdapter(http, IomSettings(base_url=url)).fetch_record(
                people[0].local_id
            )
    assert record.identity is not None
    assert record.identity.family_name == people[0].member.person.family_name
    assert (tmp_path / "iom.db").exists()
