"""Walking the chain: recompute every hash and link, and name the first bad entry and how.

Pure: it reads rows handed to it (in sequence order) and knows nothing of databases. How a
break is told apart, at the first entry that does not check out:

- **deleted**: a sequence number is missing; or the entry's hash is right for the *next*
  number (the rows after a deleted one were renumbered down).
- **inserted**: the entry's hash is right for the *previous* number (rows were renumbered up
  to make room), or the *next* entry's is (this entry is the foreign one).
- **reordered**: the entry's hash is right for the next number and the next entry's for the
  previous one (two entries swapped places).
- **edited**: the entry's content no longer gives its hash; or its hash is intact but is not
  the one the following entry recorded as its predecessor (it was rewritten and re-hashed).

A rewrite that re-hashes every later entry passes this walk; the signed checkpoints (and the
agencies' countersignatures of them) are what catch it.
"""

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from gateway.audit.canonical import entry_hash

Problem = Literal["edited", "deleted", "inserted", "reordered"]


@dataclass(frozen=True)
class Break:
    """The first bad entry of the chain and what happened to it."""

    sequence: int
    problem: Problem
    detail: str


@dataclass(frozen=True)
class Walk:
    """What a walk saw: where it ended, and the hashes of the entries it was asked to keep."""

    checked: int
    last_sequence: int
    last_hash: str
    kept_hashes: dict[int, str]
    first_break: Break | None


def walk(
    rows: Iterable[Mapping[Any, Any]],
    *,
    after_sequence: int,
    after_hash: str,
    keep: frozenset[int] = frozenset(),
) -> Walk:
    """Check ``rows`` as the chain's continuation after ``after_sequence`` and ``after_hash``."""
    expected, previous_hash, checked = after_sequence + 1, after_hash, 0
    kept: dict[int, str] = {}
    for row, following in _pairs(rows):
        found = _check(row, following, expected, previous_hash, first=after_sequence + 1)
        if found is not None:
            return Walk(checked, expected - 1, previous_hash, kept, found)
        if row["sequence"] in keep:
            kept[row["sequence"]] = row["entry_hash"]
        expected, previous_hash, checked = expected + 1, row["entry_hash"], checked + 1
    return Walk(checked, expected - 1, previous_hash, kept, None)


def _pairs(
    rows: Iterable[Mapping[Any, Any]],
) -> Iterator[tuple[Mapping[Any, Any], Mapping[Any, Any] | None]]:
    iterator = iter(rows)
    current = next(iterator, None)
    while current is not None:
        following = next(iterator, None)
        yield current, following
        current = following


def _check(
    row: Mapping[Any, Any],
    following: Mapping[Any, Any] | None,
    expected: int,
    previous_hash: str,
    *,
    first: int,
) -> Break | None:
    sequence = int(row["sequence"])
    if sequence != expected:
        missing = f"{expected}" if sequence == expected + 1 else f"{expected} to {sequence - 1}"
        return Break(expected, "deleted", f"entry {missing} is missing")
    if entry_hash(row) != row["entry_hash"]:
        return _classify_changed(row, following, sequence)
    if row["previous_hash"] != previous_hash:
        return _unlinked(sequence, walked_predecessor=sequence > first)
    return None


def _hashes_as(row: Mapping[Any, Any], sequence: int) -> bool:
    """Whether the row's stored hash is the hash of its content numbered ``sequence``."""
    return bool(entry_hash({**row, "sequence": sequence}) == row["entry_hash"])


def _classify_changed(
    row: Mapping[Any, Any], following: Mapping[Any, Any] | None, sequence: int
) -> Break:
    belongs_later = _hashes_as(row, sequence + 1)
    next_belongs_earlier = following is not None and _hashes_as(following, sequence)
    if belongs_later and next_belongs_earlier:
        return Break(sequence, "reordered", f"entries {sequence} and {sequence + 1} swapped")
    if belongs_later:
        return Break(sequence, "deleted", f"entry {sequence} was removed and later ones renumbered")
    if sequence > 1 and _hashes_as(row, sequence - 1):
        return Break(
            sequence - 1, "inserted", f"entry {sequence - 1} was inserted; later ones renumbered"
        )
    if next_belongs_earlier:
        return Break(sequence, "inserted", f"entry {sequence} is not part of the chain")
    return Break(sequence, "edited", f"entry {sequence} does not match its hash")


def _unlinked(sequence: int, *, walked_predecessor: bool) -> Break:
    if walked_predecessor:
        return Break(
            sequence - 1,
            "edited",
            f"entry {sequence - 1} was rewritten: entry {sequence} recorded another hash for it",
        )
    return Break(sequence, "edited", f"entry {sequence} does not link to the verified start")
