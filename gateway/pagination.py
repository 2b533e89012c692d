"""Keyset cursors over time-ordered ids: pages stay consistent while rows are added."""

import base64
import binascii
import uuid
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar

from fastapi import Query
from sqlalchemy import Select
from sqlmodel import Session

from gateway.errors import FieldProblem, InvalidRequest

_PREFIX = b"v1:"
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def encode_cursor(last_id: uuid.UUID) -> str:
    """The opaque cursor that continues after ``last_id``."""
    return base64.urlsafe_b64encode(_PREFIX + last_id.bytes).decode().rstrip("=")


def decode_cursor(cursor: str) -> uuid.UUID:
    """The id a cursor continues after; a cursor that was not ours is invalid input."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        if not raw.startswith(_PREFIX):
            raise ValueError(cursor)
        return uuid.UUID(bytes=raw.removeprefix(_PREFIX))
    except (ValueError, binascii.Error):
        problem = FieldProblem(location="query.cursor", message="not a cursor this API issued")
        raise InvalidRequest("The cursor is not valid.", errors=[problem]) from None


def fetch_page(
    session: Session, query: Select[Any], id_column: Any, *, cursor: str | None, limit: int
) -> tuple[Sequence[Any], str | None]:
    """Rows of one page ordered by id, and the cursor of the next page (None at the end)."""
    if cursor is not None:
        query = query.where(id_column > decode_cursor(cursor))
    rows = session.execute(query.order_by(id_column).limit(limit + 1)).scalars().all()
    if len(rows) <= limit:
        return rows, None
    page = rows[:limit]
    return page, encode_cursor(page[-1].id)


Cursor = Annotated[
    str | None,
    Query(
        max_length=200,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="The next_cursor of the previous page of the same listing (opaque, "
        "base64url without padding); omit for the first page. Any other value is answered 422.",
    ),
]
Limit = Annotated[
    int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Page size, at most {MAX_PAGE_SIZE}")
]


Kept = TypeVar("Kept")
_MAX_BATCHES = 20


def filtered_page(
    fetch: Callable[[str | None, int], tuple[Sequence[Any], str | None]],
    keep: Callable[[Sequence[Any]], list[Kept]],
    *,
    id_of: Callable[[Kept], uuid.UUID],
    cursor: str | None,
    limit: int,
) -> tuple[list[Kept], str | None]:
    """A full page of the rows ``keep`` lets through, read in as many batches as it takes.

    ``next_cursor`` is given only when another kept row exists (read ahead by one), so pages
    are neither short nor repeated and nothing reveals how many rows were left out. The scan
    stops after a bounded number of batches and then hands back a cursor to go on from.
    """
    kept: list[Kept] = []
    position = cursor
    for _ in range(_MAX_BATCHES):
        rows, position = fetch(position, limit + 1)
        kept += keep(rows)
        if len(kept) > limit or position is None:
            break
    page = kept[:limit]
    if len(kept) > limit:
        return page, encode_cursor(id_of(page[-1]))
    if position is None:
        return page, None
    return page, encode_cursor(id_of(page[-1])) if page else position
