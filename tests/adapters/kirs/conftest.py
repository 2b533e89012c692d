"""Fixtures of the KIRS adapter tests: a simulator with its own store per test.

Seeding writes each demo record in its own SQLite transaction, which is slow on a busy disk:
the store is seeded once per session and each test gets a copy of it.
"""

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette

from adapters.kirs import create_simulator
from tests.adapters.kirs.support import SimulatorFactory


@pytest.fixture(scope="session")
def seeded_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store the simulator seeded with the demo people, to copy from."""
    path = tmp_path_factory.mktemp("kirs-template") / "kirs.db"
    create_simulator(store_path=str(path)).state.store.close()
    return path


@pytest.fixture
def store_path(tmp_path: Path, seeded_store: Path) -> Path:
    """A seeded store of this test's own."""
    path = tmp_path / "kirs.db"
    shutil.copyfile(seeded_store, path)
    return path


@pytest.fixture
def make_simulator(store_path: Path) -> Iterator[SimulatorFactory]:
    """Builds simulators over this test's store; closes their stores afterwards."""
    apps: list[Starlette] = []

    def make(**options: Any) -> Starlette:
        options.setdefault("store_path", str(store_path))
        app = create_simulator(**options)
        apps.append(app)
        return app

    yield make
    for app in apps:
        app.state.store.close()


@pytest.fixture
def simulator(make_simulator: SimulatorFactory) -> Starlette:
    """A simulator that behaves, seeded with the demo people."""
    return make_simulator()
