"""``gateway audit ...``: verify (non-zero when broken, for cron and CI), checkpoints made,
exported and checked offline, and the trail exported."""

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import Engine

from gateway.audit.chain import ENTRY
from gateway.cli import main
from gateway.config import Settings
from gateway.db import create_database_engine
from gateway.migrate import upgrade
from tests.audit.helpers import bypass_append_only, entries, write_entries


@pytest.fixture
def trail(fresh_database: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A migrated database with five committed entries, named in GATEWAY_DATABASE_URL."""
    monkeypatch.setenv("GATEWAY_DATABASE_URL", fresh_database)
    engine = create_database_engine(Settings(database_url=fresh_database))
    upgrade(engine)
    write_entries(engine, 5)
    yield engine
    engine.dispose()


def gateway(*arguments: str) -> Result:
    return CliRunner().invoke(main, ["audit", *arguments], catch_exceptions=False)


def test_verify_exits_0_on_an_intact_trail_and_1_on_a_broken_one(trail: Engine) -> None:
    result = gateway("verify")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("valid: 5 entries")
    with trail.begin() as connection:
        bypass_append_only(connection)
        connection.execute(ENTRY.update().where(ENTRY.c.sequence == 3).values(purpose="audit"))
    result = gateway("verify")
    assert result.exit_code == 1
    assert "first bad entry: 3 (edited)" in result.output
    report = json.loads(gateway("verify", "--json").output)
    assert report["first_bad_entry"]["sequence"] == 3
    assert [row["action"] for row in entries(trail)][-3:] == ["audit.verified"] * 3


def test_an_unknown_checkpoint_is_a_usage_error(trail: Engine) -> None:
    assert gateway("verify", "--from-checkpoint", "9").exit_code == 2


def test_a_checkpoint_is_made_exported_and_verified_offline(trail: Engine, tmp_path: Path) -> None:
    made = json.loads(gateway("checkpoint").output)
    assert made["entry_count"] == 5
    document, jwks = tmp_path / "checkpoint.json", tmp_path / "jwks.json"
    assert (
        gateway("export-checkpoint", str(made["number"]), "--output", str(document)).exit_code == 0
    )
    assert gateway("jwks", "--output", str(jwks)).exit_code == 0
    result = gateway("verify-checkpoint", str(document), "--jwks", str(jwks))
    assert result.exit_code == 0, result.output
    assert "counts 5 entries" in result.output
    exported = json.loads(document.read_text())
    exported["statement"]["head_hash"] = "0" * 64
    document.write_text(json.dumps(exported))
    result = gateway("verify-checkpoint", str(document), "--jwks", str(jwks))
    assert result.exit_code == 1
    assert "BROKEN" in result.output


def test_the_trail_is_exported_to_a_file(trail: Engine, tmp_path: Path) -> None:
    output = tmp_path / "trail.csv"
    assert gateway("export", "--format", "csv", "--output", str(output)).exit_code == 0
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("sequence,recorded_at,")
    assert len(lines) == 1 + 5
    assert entries(trail)[-1]["action"] == "audit.export"
