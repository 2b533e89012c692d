"""Every operation, with control characters, surrogates, huge numbers and extreme dates: no 500.

A short sweep (EXAMPLES per operation and caller, the same cases every run) on the suite's
database; `python -m bench.fuzz` runs the same sweep at length, with new cases each time.
"""

from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import Headers
from tests.nasty_input import Finding, operations, sweep

EXAMPLES = 30


def test_no_operation_answers_nasty_input_with_a_server_error(
    app: FastAPI, client: TestClient, agency: Callable[..., Headers]
) -> None:
    admin = {"Authorization": client.headers["authorization"]}
    nes = agency("nes", "employment_services")
    findings: list[Finding] = []
    sent = sum(
        sweep(client, [admin, nes], operation, examples=EXAMPLES, found=findings.append)
        for operation in operations(app.openapi())
    )
    assert sent > 2 * len(app.openapi()["paths"])
    assert findings == [], "\n".join(f"{f.operation} {f.status} {f.request}" for f in findings)
