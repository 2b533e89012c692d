"""What IOM adds to a family's case after return: the plan's budget lines, counselling, surveys.

The principal applicant's case carries the family's reintegration plan, built from the
household's assessed needs (housing, a business start-up or training, documents ...) with
amounts in whole tens of EUR; a member screened ``MEDICAL`` often has a medical line of their
own, school-age children a schooling line. Lines are delivered as time passes. IOM surveys
reintegration sustainability 12 to 18 months after return.
"""

import datetime as dt
import random

from adapters.iom.codes import (
    BudgetCategoryCode,
    BudgetLineStatusCode,
    CaseStatusCode,
    PartnerCode,
    VulnerabilityCode,
)
from adapters.iom.native import (
    BudgetLine,
    CounsellingSession,
    ReintegrationPlan,
    SustainabilitySurvey,
)
from adapters.simulation import AgencyPerson

AMOUNTS_EUR: dict[BudgetCategoryCode, tuple[int, int]] = {
    **{"CASH_ON_ARRIVAL": (100, 300), "HOUSING": (800, 2500), "BUSINESS_STARTUP": (1500, 3000)},
    **{"VOCATIONAL_TRAINING": (300, 900), "DOCUMENTATION": (50, 200), "IN_KIND": (200, 600)},
    **{"PSYCHOSOCIAL": (150, 400), "LEGAL_ASSISTANCE": (100, 300), "MEDICAL": (200, 1500)},
    **{"SCHOOLING": (100, 350), "ONWARD_TRANSPORT": (20, 80)},
}
NEED_LINES: dict[str, tuple[BudgetCategoryCode, ...]] = {
    "housing": ("HOUSING",),
    "employment": ("BUSINESS_STARTUP", "BUSINESS_STARTUP", "VOCATIONAL_TRAINING"),
    "documentation": ("DOCUMENTATION",),
    "social_protection": ("IN_KIND",),
    "psychosocial": ("PSYCHOSOCIAL",),
    "legal": ("LEGAL_ASSISTANCE",),
}
"""The budget lines a need leads to; a repeated line is the likelier choice."""
PARTNERS: dict[BudgetCategoryCode, PartnerCode] = {
    **{"PSYCHOSOCIAL": "NGO_PARTNER", "LEGAL_ASSISTANCE": "NGO_PARTNER", "IN_KIND": "CSW"},
    **{"VOCATIONAL_TRAINING": "NES", "SCHOOLING": "MUNICIPALITY"},
}
"""Who delivers a line when it is not IOM itself."""
FOLLOW_UP_DAYS = 60
MONITORING_DAYS = 365
"""IOM follows a family up for a year after return."""


def reintegration_plan(
    rng: random.Random,
    person: AgencyPerson,
    flags: list[VulnerabilityCode],
    status: CaseStatusCode,
    today: dt.date,
) -> ReintegrationPlan | None:
    """The plan of this person's case; None when IOM budgets nothing for them."""
    categories = [*_family_lines(rng, person), *_personal_lines(rng, person, flags, today)]
    if not categories:
        return None
    returned_on = person.household.return_event.return_date
    lines = [_line(rng, category, status, returned_on, today) for category in categories]
    approved_on = returned_on + dt.timedelta(days=rng.randint(10, 30))
    return ReintegrationPlan(
        approved_on=approved_on if approved_on <= today else None, budget_lines=lines
    )


def counselling(
    rng: random.Random, opened_on: dt.date, returned_on: dt.date, today: dt.date
) -> list[CounsellingSession]:
    """A session before departure, one after arrival, follow-ups every two months for a year."""
    sessions = [
        CounsellingSession(
            session_date=opened_on + dt.timedelta(days=rng.randint(0, 14)),
            session_type="PRE_DEPARTURE",
        )
    ]
    day = returned_on + dt.timedelta(days=rng.randint(1, 7))
    kind = "POST_ARRIVAL"
    until = min(today, returned_on + dt.timedelta(days=MONITORING_DAYS))
    while day <= until:
        sessions.append(CounsellingSession(session_date=day, session_type=kind))
        day += dt.timedelta(days=FOLLOW_UP_DAYS + rng.randint(-15, 15))
        kind = "FOLLOW_UP"
    return sessions


def survey(rng: random.Random, returned_on: dt.date, today: dt.date) -> SustainabilitySurvey | None:
    """The sustainability survey, once 12 months have passed, for most families."""
    earliest, latest = returned_on + dt.timedelta(days=365), returned_on + dt.timedelta(days=540)
    if earliest > today or rng.random() < 0.3:
        return None
    surveyed_on = earliest + dt.timedelta(days=rng.randint(0, (min(latest, today) - earliest).days))
    scores = (round(rng.uniform(0.2, 0.95), 2) for _ in range(3))
    economic, social, psychosocial = scores
    return SustainabilitySurvey(
        surveyed_on=surveyed_on, economic=economic, social=social, psychosocial=psychosocial
    )


def _family_lines(rng: random.Random, person: AgencyPerson) -> list[BudgetCategoryCode]:
    """The family's lines, on the principal applicant's case only."""
    if person.member.relationship != "head":
        return []
    lines: list[BudgetCategoryCode] = ["CASH_ON_ARRIVAL"]
    for need in person.household.needs:
        if need.domain in NEED_LINES:
            lines.append(rng.choice(NEED_LINES[need.domain]))
    if rng.random() < 0.3:
        lines.append("ONWARD_TRANSPORT")
    return lines


def _personal_lines(
    rng: random.Random, person: AgencyPerson, flags: list[VulnerabilityCode], today: dt.date
) -> list[BudgetCategoryCode]:
    lines: list[BudgetCategoryCode] = []
    if "MEDICAL" in flags and rng.random() < 0.6:
        lines.append("MEDICAL")
    school_need = any(need.domain == "education" for need in person.household.needs)
    if school_need and person.member.relationship == "child" and _school_age(person, today):
        lines.append("SCHOOLING")
    return lines


def _school_age(person: AgencyPerson, today: dt.date) -> bool:
    birth_date = person.member.person.birth_date
    return birth_date is not None and 6 <= today.year - int(birth_date[:4]) <= 18


def _line(
    rng: random.Random,
    category: BudgetCategoryCode,
    case_status: CaseStatusCode,
    returned_on: dt.date,
    today: dt.date,
) -> BudgetLine:
    low, high = AMOUNTS_EUR[category]
    delivered_on = returned_on + dt.timedelta(days=rng.randint(20, 300))
    on_arrival = category == "CASH_ON_ARRIVAL"
    status: BudgetLineStatusCode = (
        "DELIVERED" if on_arrival else _line_status(rng, case_status, delivered_on <= today)
    )
    return BudgetLine(
        category=category,
        amount_eur=rng.randrange(low, high + 1, 10),
        status=status,
        delivered_on=(returned_on if on_arrival else delivered_on)
        if status == "DELIVERED"
        else None,
        implemented_by=PARTNERS.get(category, "IOM"),
    )


def _line_status(
    rng: random.Random, case_status: CaseStatusCode, due: bool
) -> BudgetLineStatusCode:
    if rng.random() < 0.05:
        return "CANCELLED"
    if due and case_status != "OPEN":
        return "DELIVERED"
    if case_status == "OPEN":
        return "PLANNED"
    return "IN_PROCUREMENT" if rng.random() < 0.3 else "APPROVED"
