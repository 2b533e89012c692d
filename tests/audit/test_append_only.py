"""The database itself refuses to change or remove audit rows, whoever asks."""

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from tests.audit.helpers import make_checkpoint, write_entries

CHANGES = [
    "UPDATE audit_entry SET decision = 'deny'",
    "DELETE FROM audit_entry",
    "UPDATE audit_checkpoint SET entry_count = 0",
    "DELETE FROM audit_checkpoint",
]


@pytest.mark.parametrize("statement", CHANGES)
def test_updates_and_deletes_of_audit_rows_are_refused(
    connection: Connection, statement: str
) -> None:
    write_entries(connection, 2)
    make_checkpoint(connection)
    with pytest.raises(DBAPIError, match="append-only"), connection.begin_nested():
        connection.execute(text(statement))


def test_truncating_the_trail_is_refused_on_postgresql(connection: Connection) -> None:
    if connection.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE (its DELETE is refused, above)")
    write_entries(connection, 1)
    with pytest.raises(DBAPIError, match="append-only"), connection.begin_nested():
        connection.execute(text("TRUNCATE audit_entry CASCADE"))


def test_appending_still_works(connection: Connection) -> None:
    write_entries(connection, 3)
