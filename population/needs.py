"""What a synthetic household needs: one assessment per household, domains with severities.

Housing, employment and documents are the most common needs (DOMAIN.md); a household that lacks
documents nearly always needs documentation help, one with school-age children schooling.
Pure: draws only from the ``random.Random`` it is given.
"""

import datetime as dt
import random
from collections.abc import Sequence

from gateway.schema.needs import Need
from gateway.schema.person import PersonCreate
from population.family import age_on
from population.returns import weighted

NEED_CHANCES = {
    **{"housing": 0.85, "employment": 0.7, "documentation": 0.35, "health": 0.3},
    **{"education": 0.15, "social_protection": 0.45, "psychosocial": 0.25, "legal": 0.15},
}
"""Chance that an assessment names each domain, before the household's facts adjust it."""
SEVERITY_WEIGHTS = {"low": 15, "medium": 40, "high": 35, "critical": 10}
RECENT_DAYS = 120
"""Needs of a household that returned more recently than this are all still open."""
_STATUS_WEIGHTS = {"open": 55, "in_progress": 30, "met": 10, "closed": 5}
_MISSING = frozenset({"missing", "expired"})


def draw_needs(
    rng: random.Random,
    persons: Sequence[PersonCreate],
    *,
    no_fixed_address: bool,
    returned_on: dt.date,
    today: dt.date,
) -> tuple[Need, ...]:
    """The assessed needs, at least one, each domain at most once."""
    chances = _chances(persons, no_fixed_address=no_fixed_address, today=today)
    recent = (today - returned_on).days < RECENT_DAYS
    needs = [
        _need(rng, domain, critical=domain == "housing" and no_fixed_address, recent=recent)
        for domain, chance in chances.items()
        if rng.random() < chance
    ]
    return tuple(needs) or (_need(rng, "housing", critical=no_fixed_address, recent=recent),)


def assessment_date(rng: random.Random, returned_on: dt.date, today: dt.date) -> dt.date:
    """The day of the assessment: within weeks of the return, never after ``today``."""
    return min(today, returned_on + dt.timedelta(days=rng.randint(1, 45)))


def _chances(
    persons: Sequence[PersonCreate], *, no_fixed_address: bool, today: dt.date
) -> dict[str, float]:
    chances = dict(NEED_CHANCES)
    if no_fixed_address:
        chances["housing"] = 1.0
    if any(document.status in _MISSING for person in persons for document in person.documents):
        chances["documentation"] = 0.9
    if any(_school_age(person, today) for person in persons):
        chances["education"] = 0.6
    return chances


def _school_age(person: PersonCreate, today: dt.date) -> bool:
    if person.birth_date is None or len(person.birth_date) < 10:
        return False
    return 6 <= age_on(dt.date.fromisoformat(person.birth_date), today) <= 17


def _need(rng: random.Random, domain: str, *, critical: bool, recent: bool) -> Need:
    severity = "critical" if critical else weighted(rng, SEVERITY_WEIGHTS)
    status = "open" if recent else weighted(rng, _STATUS_WEIGHTS)
    return Need.model_validate({"domain": domain, "severity": severity, "status": status})
