"""Throwaway databases for the suite: an SQLite file, or a PostgreSQL database made for the run.

``GATEWAY_TEST_DATABASE`` picks the leg (``sqlite`` or ``postgres``); the PostgreSQL leg uses
the server at ``GATEWAY_TEST_POSTGRES_URL`` and fails, never skips, when it cannot connect.
"""

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from gateway.config import normalise_database_url


def backend() -> str:
    """The database the suite runs on."""
    return os.environ.get("GATEWAY_TEST_DATABASE", "sqlite")


@contextmanager
def throwaway_database(directory: Path) -> Iterator[str]:
    """The URL of an empty database that is removed when the block ends."""
    if backend() == "postgres":
        with postgres_database() as url:
            yield url
    else:
        yield f"sqlite:///{directory / f'gateway-{uuid.uuid4().hex[:8]}.db'}"


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty database on the server GATEWAY_TEST_POSTGRES_URL names, dropped after."""
    admin_url = os.environ.get("GATEWAY_TEST_POSTGRES_URL")
    if not admin_url:
        raise RuntimeError("GATEWAY_TEST_DATABASE=postgres needs GATEWAY_TEST_POSTGRES_URL")
    admin = create_engine(
        normalise_database_url(admin_url), isolation_level="AUTOCOMMIT", hide_parameters=True
    )
    name = f"gateway_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:
        raise RuntimeError(f"cannot create a test database at {admin_url}: {error}") from error
    try:
        yield (
            make_url(normalise_database_url(admin_url))
            .set(database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
