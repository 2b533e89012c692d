"""The nasty-input sweep of tests/test_nasty_input.py at length: no operation may answer 5xx.

Every operation of the spec gets ``--examples`` requests per caller (an admin with every
scope and an NES system), each parameter and top-level body field filled with control
characters, lone surrogates, huge numbers or extreme dates. Prints the cases run per
operation and every finding. The database follows GATEWAY_TEST_DATABASE, as in the suite.

    python -m bench.fuzz --examples 200
"""

import argparse
import tempfile
from collections import Counter
from pathlib import Path

from fastapi.testclient import TestClient

from gateway.config import Environment, Settings
from gateway.db import create_database_engine
from gateway.main import create_app
from gateway.migrate import upgrade
from tests.auth_helpers import bearer, register_client, secret_token
from tests.databases import throwaway_database
from tests.nasty_input import Finding, operations, sweep


def run(database_url: str, *, examples: int) -> list[Finding]:
    """Sweep every operation of the app on a migrated database; return the findings."""
    engine = create_database_engine(Settings(database_url=database_url))
    upgrade(engine)
    settings = Settings(
        database_url=database_url, environment=Environment.test, api_rate_limit="1000000/minute"
    )
    findings: list[Finding] = []
    cases: Counter[str] = Counter()
    with TestClient(create_app(settings)) as client:
        callers = [_token(client, engine, "kirs", "reintegration_planning")]
        callers.append(_token(client, engine, "nes", "employment_services"))
        for operation in operations(client.app.openapi()):  # type: ignore[attr-defined]
            cases[operation.label] = sweep(
                client,
                callers,
                operation,
                examples=examples,
                found=findings.append,
                derandomize=False,
            )
    engine.dispose()
    for label, count in cases.items():
        print(f"{count:6d}  {label}")
    print(f"{sum(cases.values())} cases, {len(cases)} operations, {len(findings)} findings")
    return findings


def _token(client: TestClient, engine: object, agency: str, purpose: str) -> dict[str, str]:
    credentials = register_client(engine, agency=agency, purposes=[purpose])  # type: ignore[arg-type]
    return bearer(secret_token(client, credentials, purpose=purpose))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=200, help="per operation and caller")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory, throwaway_database(Path(directory)) as url:
        findings = run(url, examples=arguments.examples)
    for finding in findings:
        print(f"FINDING {finding.operation} {finding.status} {finding.request!r}\n  {finding.body}")
    raise SystemExit(1 if findings else 0)


if __name__ == "__main__":
    main()
