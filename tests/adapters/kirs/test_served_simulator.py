"""The simulator served for real by uvicorn on loopback, read through the adapter over TCP."""

import shutil
from pathlib import Path

import httpx
import pytest

from adapters.kirs import KirsAdapter, KirsSettings
from tests.adapters.kirs.support import kirs_people
from tests.servers import free_port, running


@pytest.mark.anyio
async def test_a_seeded_person_is_fetched_from_the_served_simulator(
    tmp_path: Path, seeded_store: Path
) -> None:
    store = tmp_path / "kirs.db"
    shutil.copyfile(seeded_store, store)  # seeding again would only slow the start
    port = free_port()
    command = ["-m", "uvicorn", "--factory", "adapters.kirs.simulator.app:app_from_environment"]
    environment = {"SIMULATOR_KIRS_STORE": str(store)}
    person = kirs_people()[0]
    with running(
        [*command, "--port", str(port)], port=port, env=environment, ready_path="/_admin/faults"
    ) as base_url:
        async with httpx.AsyncClient() as http:
            adapter = KirsAdapter(http, KirsSettings(base_url=base_url, timeout_seconds=10))
            record = await adapter.fetch_record(person.local_id)
    assert record.identity is not None
    assert record.identity.given_name == person.member.person.given_name
    assert record.identity.jmbg == person.member.person.jmbg
