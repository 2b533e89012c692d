"""Consents recorded and revoked from the command line, with the API's checks."""

import json
import subprocess
import sys
from pathlib import Path

from sqlmodel import Session

from gateway.config import Settings
from gateway.db import create_database_engine
from gateway.migrate import upgrade
from gateway.registry.models import Person


def gateway(database: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gateway", *arguments],
        env={"GATEWAY_DATABASE_URL": database, "PATH": "", "USER": "officer"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_paper_consent_is_recorded_revoked_and_printed(
    fresh_database: str, tmp_path: Path
) -> None:
    engine = create_database_engine(Settings(database_url=fresh_database))
    upgrade(engine)
    with Session(engine) as session:
        person = Person(
            given_name="Ana",
            family_name="Ilić",
            given_name_latin="Ana",
            family_name_latin="Ilić",
            given_key_dj="ana",
            given_key_d="ana",
            family_key_dj="ilic",
            family_key_d="ilic",
            birth_date="1990-01-01",
            registered_by="csw",
        )
        session.add(person)
        session.commit()
        person_id = str(person.id)
    engine.dispose()
    recorded = gateway(
        fresh_database,
        "consents",
        "record",
        "--agency",
        "csw",
        "--person",
        person_id,
        "--grantee",
        "nes",
        "--purpose",
        "employment_services",
        "--category",
        "identity",
        "--recorded-by",
        "Jovana, CSW Vranje",
        "--document",
        "CSW-VR-2026-77",
    )
    assert recorded.returncode == 0, recorded.stderr
    consent = json.loads(recorded.stdout)
    assert consent["status"] == "active"
    page = f"{tmp_path}/receipt.html"
    printed = gateway(
        fresh_database,
        "consents",
        "receipt",
        consent["id"],
        "--agency",
        "csw",
        "--language",
        "sr-Cyrl",
        "--output",
        page,
    )
    assert printed.returncode == 0, printed.stderr
    assert "Потврда о пристанку" in Path(page).read_text(encoding="utf-8")
    revoked = gateway(
        fresh_database,
        "consents",
        "revoke",
        consent["id"],
        "--agency",
        "csw",
        "--reason",
        "withdrawn in person",
    )
    assert json.loads(revoked.stdout)["status"] == "revoked"
    exported = gateway(fresh_database, "audit", "export").stdout.splitlines()
    audited = {
        (entry["action"], entry["actor_client"], entry["actor_agency"], entry["subject"])
        for entry in map(json.loads, exported)
        if entry["detail"].get("consent") == consent["id"]
    }
    assert {
        (action, "cli:officer", "csw", person_id)
        for action in ("consent.created", "consent.read", "consent.revoked")
    } == audited, "each command is on the trail, naming the operator at the shell"
    refused = gateway(
        fresh_database,
        "consents",
        "record",
        "--agency",
        "csw",
        "--person",
        person_id,
        "--grantee",
        "nes",
        "--purpose",
        "curiosity",
        "--category",
        "identity",
        "--recorded-by",
        "x",
    )
    assert refused.returncode == 2
    untied = gateway(
        fresh_database,
        "consents",
        "record",
        "--agency",
        "nes",
        "--person",
        person_id,
        "--grantee",
        "nes",
        "--purpose",
        "employment_services",
        "--category",
        "identity",
        "--recorded-by",
        "Marko, NES Vranje",
        "--document",
        "NSZ-VR-1",
    )
    assert untied.returncode == 2
    assert "nes holds no relationship with this subject" in untied.stderr
