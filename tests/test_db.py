"""The database engine keeps statement parameters, which carry personal data, out of the log."""

import logging

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from gateway.db import SessionDep

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
