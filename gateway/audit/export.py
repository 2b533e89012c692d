"""Streaming the trail out as CSV or JSON Lines, in constant memory.

Rows are read in batches by keyset, each batch in its own short transaction (so a long export
never holds SQLite's write lock for long), and only up to the head the export started at.
Each JSON Lines line is the entry's canonical form with ``entry_hash`` added: drop
``entry_hash``, serialise the rest canonically and its SHA-256 is ``entry_hash`` again, so
an export can be re-verified anywhere. CSV is for spreadsheets: JSON-valued columns hold
canonical JSON, and a cell that a spreadsheet would run as a formula (starting with
``= + - @``, a tab or a carriage return) is prefixed with an apostrophe.
"""

import csv
import io
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal

from sqlalchemy import Row
from sqlalchemy.orm import Session, sessionmaker

from gateway.audit import repository
from gateway.audit.canonical import HASHED_FIELDS, canonical_json, timestamp

ExportFormat = Literal["csv", "ndjson"]
MEDIA_TYPES: dict[str, str] = {"csv": "text/csv; charset=utf-8", "ndjson": "application/x-ndjson"}
COLUMNS = (*HASHED_FIELDS, "entry_hash")
BATCH_SIZE = 1000
_JSON_COLUMNS = frozenset({"categories_returned", "categories_withheld", "basis", "detail"})
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def stream(
    factory: sessionmaker[Any],
    entry_filter: repository.EntryFilter,
    bounds: repository.SequenceRange,
    export_format: ExportFormat,
    *,
    batch_size: int | None = None,
) -> Iterator[bytes]:
    """The export's bytes, batch by batch."""
    if export_format == "csv":
        yield _csv_lines([list(COLUMNS)])
    query = repository.filtered(entry_filter, bounds)

    def fetch(statement: Any) -> Sequence[Row[Any]]:
        with factory() as session:
            assert isinstance(session, Session)
            return session.connection().execute(statement).all()

    size = batch_size or BATCH_SIZE
    for batch in repository.batches(fetch, query, after=bounds.first - 1, size=size):
        rows = [row._mapping for row in batch]
        yield _csv_batch(rows) if export_format == "csv" else _ndjson_batch(rows)


def plain(row: Mapping[Any, Any]) -> dict[str, Any]:
    """An entry as JSON values, ``recorded_at`` in canonical form."""
    values = {name: row[name] for name in COLUMNS}
    values["recorded_at"] = timestamp(row["recorded_at"])
    values["emergency"] = bool(row["emergency"])
    return values


def _ndjson_batch(rows: Sequence[Mapping[Any, Any]]) -> bytes:
    return b"".join(canonical_json(plain(row)) + b"\n" for row in rows)


def _csv_batch(rows: Sequence[Mapping[Any, Any]]) -> bytes:
    return _csv_lines([[_cell(name, value) for name, value in plain(row).items()] for row in rows])


def _cell(name: str, value: Any) -> str:
    if value is None:
        return ""
    text = canonical_json(value).decode() if name in _JSON_COLUMNS else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def _csv_lines(rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")
