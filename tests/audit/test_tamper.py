"""Tampering with raw SQL (the append-only triggers bypassed): verification names the first bad
entry and what was done to it: edited, deleted, inserted or reordered."""

import pytest
from sqlalchemy import Connection, text

from gateway.audit.canonical import entry_hash
from gateway.audit.chain import ENTRY
from tests.audit.helpers import (
    bypass_append_only,
    entries,
    head_sequence,
    make_checkpoint,
    renumber,
    verified,
    write_entries,
)


@pytest.fixture
def trail(connection: Connection) -> int:
    """Ten entries; returns the sequence of the fifth, the one the tests tamper with."""
    base = head_sequence(connection)
    write_entries(connection, 10, subject="01a209f2-bad3-730a-a09a-a44089b9c0c5")
    bypass_append_only(connection)
    return base + 5


def _set(connection: Connection, at: int, **values: object) -> None:
    connection.execute(ENTRY.update().where(ENTRY.c.sequence == at).values(**values))


def _rehash(connection: Connection, sequence: int) -> None:
    (row,) = entries(connection, sequence=sequence)
    _set(connection, sequence, entry_hash=entry_hash(row))


def _bad(connection: Connection) -> tuple[int, str]:
    report = verified(connection)
    assert not report.valid
    assert report.first_bad_entry is not None
    return report.first_bad_entry.sequence, report.first_bad_entry.problem


def test_an_intact_trail_verifies(connection: Connection, trail: int) -> None:
    report = verified(connection)
    assert report.valid
    assert report.first_bad_entry is None
    assert report.entries_checked == report.head_sequence == trail + 5


def test_an_edited_entry_is_named(connection: Connection, trail: int) -> None:
    _set(connection, trail, actor_agency="nes")
    assert _bad(connection) == (trail, "edited")


def test_an_edited_and_rehashed_entry_is_named(connection: Connection, trail: int) -> None:
    _set(connection, trail, purpose="employment_services")
    _rehash(connection, trail)
    assert _bad(connection) == (trail, "edited")


def test_a_deleted_entry_is_named(connection: Connection, trail: int) -> None:
    connection.execute(ENTRY.delete().where(ENTRY.c.sequence == trail))
    assert _bad(connection) == (trail, "deleted")


def test_a_deleted_entry_is_named_when_the_rest_were_renumbered(
    connection: Connection, trail: int
) -> None:
    connection.execute(ENTRY.delete().where(ENTRY.c.sequence == trail))
    renumber(connection, from_sequence=trail + 1, by=-1)
    assert _bad(connection) == (trail, "deleted")


def test_an_inserted_entry_is_named(connection: Connection, trail: int) -> None:
    (model,) = entries(connection, sequence=trail)
    renumber(connection, from_sequence=trail, by=1)
    forged = model | {"actor_agency": "iom", "entry_hash": "f" * 64}
    connection.execute(ENTRY.insert().values(**forged))
    assert _bad(connection) == (trail, "inserted")


def test_an_inserted_entry_with_a_valid_hash_is_named(connection: Connection, trail: int) -> None:
    (model,) = entries(connection, sequence=trail)
    renumber(connection, from_sequence=trail, by=1)
    forged = model | {"actor_agency": "iom"}
    forged["entry_hash"] = entry_hash(forged)
    connection.execute(ENTRY.insert().values(**forged))
    assert _bad(connection) == (trail, "inserted")


def test_two_swapped_entries_are_named(connection: Connection, trail: int) -> None:
    _set(connection, trail, sequence=-1)
    _set(connection, trail + 1, sequence=trail)
    _set(connection, -1, sequence=trail + 1)
    assert _bad(connection) == (trail, "reordered")


def test_a_rewritten_and_rehashed_tail_is_caught_by_the_checkpoint(
    connection: Connection, trail: int
) -> None:
    checkpoint = make_checkpoint(connection)
    for sequence in range(trail, checkpoint.entry_count + 1):
        if sequence == trail:
            _set(connection, sequence, actor_agency="nes")
        else:
            (previous,) = entries(connection, sequence=sequence - 1)
            _set(connection, sequence, previous_hash=previous["entry_hash"])
        _rehash(connection, sequence)
    report = verified(connection)
    assert not report.valid
    assert [problem.number for problem in report.checkpoint_problems] == [checkpoint.number]
    assert report.first_bad_entry is not None
    assert report.first_bad_entry.problem == "edited"
    assert report.first_bad_entry.sequence <= trail


def test_a_truncated_tail_is_caught_by_the_checkpoint(connection: Connection, trail: int) -> None:
    checkpoint = make_checkpoint(connection)
    connection.execute(ENTRY.delete().where(ENTRY.c.sequence >= trail))
    report = verified(connection)
    assert report.first_bad_entry is not None
    assert (report.first_bad_entry.sequence, report.first_bad_entry.problem) == (trail, "deleted")
    assert [problem.number for problem in report.checkpoint_problems] == [checkpoint.number]


def test_a_forged_checkpoint_signature_is_caught(connection: Connection, trail: int) -> None:
    checkpoint = make_checkpoint(connection)
    connection.execute(
        text("UPDATE audit_checkpoint SET entry_count = entry_count - 1 WHERE number = :n"),
        {"n": checkpoint.number},
    )
    report = verified(connection)
    assert not report.valid
    assert "signature" in report.checkpoint_problems[0].problem
    assert trail


def test_verifying_from_a_checkpoint_checks_only_what_follows_it(
    connection: Connection, trail: int
) -> None:
    _set(connection, trail - 2, actor_agency="nes")
    write_entries(connection, 1)
    first = make_checkpoint(connection)
    write_entries(connection, 4)
    report = verified(connection, from_checkpoint=first.number)
    assert report.valid
    assert report.from_sequence == first.entry_count
    _set(connection, first.entry_count + 2, decision="deny")
    assert verified(connection, from_checkpoint=first.number).first_bad_entry is not None
