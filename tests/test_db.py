"""The database engine: statement parameters, which carry personal data, stay out of the log;
pooled connections are checked only after they have been idle."""

import logging
import time

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool

from gateway.config import Settings, normalise_database_url
from gateway.db import SessionDep, create_database_engine
from tests.databases import backend

PERSONAL = "Ramadanović 1703984711004"


def test_a_failing_statement_logs_no_parameter_values(
    app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    @app.get("/failing-statement")
    def failing_statement(session: SessionDep) -> None:
        session.execute(text("SELECT * FROM no_such_table WHERE name = :name"), {"name": PERSONAL})

    caplog.set_level(logging.INFO)
    with TestClient(app, raise_server_exceptions=False) as client:
        response = client.get("/failing-statement")
    assert response.status_code == 500
    assert "no_such_table" in caplog.text
    assert PERSONAL not in caplog.text


def _backend_of(engine: Engine) -> int:
    with engine.connect() as connection:
        pid: int = connection.execute(text("SELECT pg_backend_pid()")).scalar_one()
    return pid


def _terminate(database_url: str, pid: int) -> None:
    """End one server process from outside the pool, as a failover or an idle timeout would."""
    other = create_engine(normalise_database_url(database_url), poolclass=NullPool)
    with other.connect() as connection:
        connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    other.dispose()


@pytest.mark.skipif(backend() != "postgres", reason="the pool's checks are PostgreSQL's")
def test_an_idle_pooled_connection_the_server_closed_is_replaced_unseen(database_url: str) -> None:
    engine = create_database_engine(
        Settings(database_url=database_url, database_ping_after_idle_seconds=0.2)
    )
    try:
        first = _backend_of(engine)
        _terminate(database_url, first)
        time.sleep(0.3)
        assert _backend_of(engine) != first
    finally:
        engine.dispose()


@pytest.mark.skipif(backend() != "postgres", reason="the pool's checks are PostgreSQL's")
def test_a_connection_reused_at_once_is_not_pinged(database_url: str) -> None:
    engine = create_database_engine(
        Settings(database_url=database_url, database_ping_after_idle_seconds=60)
    )
    try:
        first = _backend_of(engine)
        _terminate(database_url, first)
        with pytest.raises(DBAPIError) as raised:
            _backend_of(engine)
        assert raised.value.connection_invalidated
        assert _backend_of(engine) != first  # the dead connection was discarded, not reused
    finally:
        engine.dispose()
