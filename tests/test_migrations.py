"""The schema comes only from migrations, and serving refuses a schema that is not current."""

import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from gateway.config import Settings
from gateway.db import create_database_engine
from gateway.migrate import current_revision, head_revision, upgrade
from gateway.schema_models import metadata


def test_the_migrations_build_exactly_the_models(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    assert differences == [], "the models and the migrations differ: add a migration"


def test_a_new_database_is_empty_until_migrated(fresh_database: str) -> None:
    engine = create_database_engine(Settings(database_url=fresh_database))
    try:
        assert current_revision(engine) is None
        assert "person" not in inspect(engine).get_table_names()
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        assert "person" in inspect(engine).get_table_names()
    finally:
        engine.dispose()


def test_serve_refuses_an_unmigrated_database(fresh_database: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "gateway", "serve", "--port", "1"],
        env={"GATEWAY_DATABASE_URL": fresh_database, "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "gateway migrate" in result.stderr
