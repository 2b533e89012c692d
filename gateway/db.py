"""The database engine and the request's session; commit and rollback happen only here.

A request gets one session through ``SessionDep``. When the endpoint returns, the session is
committed before the response is sent; when anything raises, it is rolled back. Services and
repositories only add, flush and query.
"""

import time
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import sessionmaker
from sqlmodel import Session

from gateway.config import Settings
from gateway.dependencies import SessionFactoryDep, SettingsDep


def create_database_engine(settings: Settings) -> Engine:
    """An engine for the configured database (SQLite file or PostgreSQL).

    Statement parameters are kept out of its errors and logs: they carry returnees' personal
    data, and an error's text ends up in the server log.
    """
    url = settings.sqlalchemy_url
    if url.startswith("sqlite"):
        path = settings.sqlite_path()
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            hide_parameters=True,
        )
        event.listen(engine, "connect", _configure_sqlite)
        event.listen(engine, "begin", _begin_sqlite)
        return engine
    engine = create_engine(
        url, pool_size=10, max_overflow=20, pool_recycle=RECYCLE_SECONDS, hide_parameters=True
    )
    _ping_after_idle(engine, settings.database_ping_after_idle_seconds)
    return engine


RECYCLE_SECONDS = 1800
"""A pooled PostgreSQL connection older than this is replaced rather than reused."""


def _ping_after_idle(engine: Engine, idle_seconds: float) -> None:
    """Check a pooled connection before reuse only when it has been idle for ``idle_seconds``.

    A connection that came back to the pool a moment ago is reused as it is: under load, every
    request skips the round trip that ``pool_pre_ping`` would spend. A connection idle longer
    may have been closed by the server, a proxy or a failover; it is pinged, and one that does
    not answer is replaced before the request sees it (the pool retries the checkout on
    ``DisconnectionError``).
    """

    @event.listens_for(engine, "checkin")
    def _returned(_dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _reused(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop(_IDLE_SINCE, None)
        if since is None or time.monotonic() - since < idle_seconds:
            return
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception as error:
            raise DisconnectionError("the pooled connection no longer answers") from error


_IDLE_SINCE = "gateway.idle_since"


def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy issue BEGIN itself, so savepoints and rollbacks behave as on PostgreSQL.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _begin_sqlite(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_session_factory(bind: Engine | Connection) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit.

    Bound to a connection already in a transaction (as tests do), a session's commit only
    releases a savepoint, so the outer transaction decides what stays.
    """
    return sessionmaker(
        bind=bind,
        class_=Session,
        expire_on_commit=False,
        autoflush=True,
        join_transaction_mode="create_savepoint",
    )


def get_session(factory: SessionFactoryDep, settings: SettingsDep) -> Iterator[Session]:
    """One session per request, committed when the endpoint returns, rolled back on error."""
    with factory() as session:
        session.info["consent_age"] = settings.consent_age
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


SessionDep = Annotated[Session, Depends(get_session, scope="function")]
