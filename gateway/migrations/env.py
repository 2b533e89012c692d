"""Alembic environment: runs migrations on the connection or URL the gateway hands in."""

from alembic import context
from sqlalchemy import Connection, create_engine

from gateway.schema_models import metadata

config = context.config


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "", hide_parameters=True)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


run_migrations_online()
