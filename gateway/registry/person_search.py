"""Searching persons so that pages stay honest when the caller may not see everyone.

The query is narrowed in SQL to persons the caller could have a basis for (coarse), then each
candidate goes through the policy decision (exact). A page is filled from as many batches as
it takes, and ``next_cursor`` is given only when another visible person exists, so pages are
neither short nor repeated, and nothing counts or reveals the persons left out.
"""

from collections.abc import Sequence

from sqlmodel import Session

from gateway.auth.caller import Caller
from gateway.consent.enforcement import Policy
from gateway.consent.policy import Decision
from gateway.identity.names import search_keys
from gateway.pagination import filtered_page
from gateway.registry import repository
from gateway.registry.models import Person
from gateway.registry.persons import PERSON_CATEGORIES, values_of, view
from gateway.schema.person import PersonPublic


def search_persons(
    session: Session,
    *,
    caller: Caller,
    jmbg: str | None,
    name: str | None,
    birth_date: str | None,
    municipality: str | None,
    cursor: str | None,
    limit: int,
) -> tuple[list[PersonPublic], str | None]:
    """Persons the caller may see that match every given criterion, one page at a time."""
    policy = Policy(session, caller)
    name_keys = [search_keys(word) for word in name.split()] if name else []

    def fetch(position: str | None, size: int) -> tuple[Sequence[Person], str | None]:
        return repository.search_persons(
            session,
            jmbg=jmbg,
            name_keys=name_keys,
            birth_date=birth_date,
            municipality=municipality,
            visible_to=policy.visibility(),
            cursor=position,
            limit=size,
        )

    page, next_cursor = filtered_page(
        fetch,
        lambda rows: _permitted(policy, rows),
        id_of=lambda kept: kept[0].id,
        cursor=cursor,
        limit=limit,
    )
    values = values_of(session, [record for record, _ in page])
    return [
        view(policy, record, values[record.id], decision) for record, decision in page
    ], next_cursor


def _permitted(policy: Policy, rows: Sequence[Person]) -> list[tuple[Person, Decision]]:
    decisions = policy.for_persons(rows, PERSON_CATEGORIES)
    return [(row, decisions[row.id]) for row in rows if decisions[row.id].allows("identity")]
