"""Applying migrations and checking that a database's schema is the one this code expects."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"


class OutdatedSchema(RuntimeError):
    """The database's schema is not at the revision this code expects."""


def alembic_config(engine: Engine | None = None) -> Config:
    """An Alembic configuration for the gateway's migrations, bound to ``engine`` if given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if engine is not None:
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False))
    return config


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to ``revision``."""
    config = alembic_config(engine)
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def head_revision() -> str | None:
    """The newest revision among the shipped migrations."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    """The revision the database's schema is at (None for an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def ensure_current(engine: Engine) -> None:
    """Refuse to go on with a schema that is behind (or ahead of) this code."""
    current, head = current_revision(engine), head_revision()
    if current != head:
        raise OutdatedSchema(
            f"The database schema is at revision {current or 'none (empty database)'} but this "
            f"gateway needs {head}. Run `gateway migrate` first."
        )
