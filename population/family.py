"""Who returns together: the composition of a synthetic household, before it is written down.

A household is one of a few single adults or (95%) a family: a head, often a partner, one to
seven children (three on average, most of them minors) and sometimes a parent, an in-law or a
sibling of the head. Adults are 20 to 65; every minor's guardian is the head or the partner.
Names here are Latin; ``persons`` decides the script they are recorded in.
"""

import datetime as dt
import random
from dataclasses import dataclass

from gateway.identity.ages import is_certainly_minor
from population.names import FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES

SINGLE_ADULT_SHARE = 0.05
PARTNER_SHARE = 0.8
CHILD_COUNT_WEIGHTS = {1: 12, 2: 25, 3: 27, 4: 18, 5: 10, 6: 5, 7: 3}
"""Children per family, 1 to 7, averaging about 3."""
ADULT_CHILD_SHARE = 0.12
"""Share of children who are already adults (18 to 22) and still live with the family."""
PARTNER_KEEPS_OWN_NAME_SHARE = 0.2
EXTRA_RELATIVE_CHANCES = {"parent": 0.1, "in_law": 0.06, "sibling": 0.05}
YOUNGEST_ADULT, OLDEST_ADULT = 20, 65
_YOUNGEST_MOTHER = 17


@dataclass(frozen=True)
class MemberSketch:
    """One member as the family knows them: relationship, sex, birth, Latin names."""

    relationship: str
    sex: str
    birth_date: dt.date
    given_name: str
    family_name: str
    guardian_index: int | None = None
    parent_name: str | None = None


def compose_family(rng: random.Random, *, today: dt.date) -> list[MemberSketch]:
    """The members of one household, the head first."""
    if rng.random() < SINGLE_ADULT_SHARE:
        sex = rng.choice(("male", "female"))
        age = rng.randint(YOUNGEST_ADULT, OLDEST_ADULT)
        return [_adult(rng, "head", sex, age, rng.choice(FAMILY_NAMES), today)]
    has_partner = rng.random() < PARTNER_SHARE
    head_sex = _head_sex(rng, has_partner=has_partner)
    head_age = rng.randint(22, 55)
    head = _adult(rng, "head", head_sex, head_age, rng.choice(FAMILY_NAMES), today)
    parents = [head]
    if has_partner:
        parents.append(_partner(rng, head, head_age, today))
    children = _children(rng, parents, today)
    return [*parents, *children, *_relatives(rng, parents, today)]


def birth_date_for_age(rng: random.Random, today: dt.date, age: int) -> dt.date:
    """A birth date of someone exactly ``age`` years old on ``today``."""
    latest = _years_before(today, age)
    earliest = _years_before(today, age + 1) + dt.timedelta(days=1)
    return dt.date.fromordinal(rng.randint(earliest.toordinal(), latest.toordinal()))


def age_on(birth_date: dt.date, today: dt.date) -> int:
    """Completed years of age on ``today``."""
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - before_birthday


def given_name(rng: random.Random, sex: str) -> str:
    """A given name for the sex."""
    return rng.choice(MALE_GIVEN_NAMES if sex == "male" else FEMALE_GIVEN_NAMES)


def _head_sex(rng: random.Random, *, has_partner: bool) -> str:
    """Couples are mostly registered under the man; lone parents are mostly mothers."""
    male_share = 0.85 if has_partner else 0.4
    return "male" if rng.random() < male_share else "female"


def _adult(
    rng: random.Random, relationship: str, sex: str, age: int, family_name: str, today: dt.date
) -> MemberSketch:
    return MemberSketch(
        relationship=relationship,
        sex=sex,
        birth_date=birth_date_for_age(rng, today, age),
        given_name=given_name(rng, sex),
        family_name=family_name,
        parent_name=given_name(rng, "male") if rng.random() < 0.5 else None,
    )


def _partner(rng: random.Random, head: MemberSketch, head_age: int, today: dt.date) -> MemberSketch:
    sex = "female" if head.sex == "male" else "male"
    gap = rng.randint(0, 6)
    age = head_age - gap if sex == "female" else head_age + gap
    family_name = head.family_name
    if rng.random() < PARTNER_KEEPS_OWN_NAME_SHARE:
        family_name = rng.choice([name for name in FAMILY_NAMES if name != head.family_name])
    return _adult(rng, "partner", sex, _clamp_adult(age), family_name, today)


def _children(
    rng: random.Random, parents: list[MemberSketch], today: dt.date
) -> list[MemberSketch]:
    """Children, oldest first, named after the head's family and the father (or mother)."""
    count = rng.choices(list(CHILD_COUNT_WEIGHTS), weights=list(CHILD_COUNT_WEIGHTS.values()))[0]
    oldest_possible = min(22, min(age_on(p.birth_date, today) for p in parents) - _YOUNGEST_MOTHER)
    ages = sorted((_child_age(rng, oldest_possible) for _ in range(count)), reverse=True)
    father = next((p for p in parents if p.sex == "male"), parents[0])
    return [_child(rng, parents, father.given_name, age, today) for age in ages]


def _child_age(rng: random.Random, oldest_possible: int) -> int:
    if oldest_possible >= 18 and rng.random() < ADULT_CHILD_SHARE:
        return rng.randint(18, oldest_possible)
    return rng.randint(0, min(17, oldest_possible))


def _child(
    rng: random.Random, parents: list[MemberSketch], parent_name: str, age: int, today: dt.date
) -> MemberSketch:
    sex = rng.choice(("male", "female"))
    birth_date = birth_date_for_age(rng, today, age)
    minor = is_certainly_minor(birth_date.isoformat(), today=today)
    return MemberSketch(
        relationship="child",
        sex=sex,
        birth_date=birth_date,
        given_name=given_name(rng, sex),
        family_name=parents[0].family_name,
        guardian_index=rng.randrange(len(parents)) if minor else None,
        parent_name=parent_name,
    )


def _relatives(
    rng: random.Random, parents: list[MemberSketch], today: dt.date
) -> list[MemberSketch]:
    """Sometimes a parent or a sibling of the head, or a parent of the partner (an in-law)."""
    relatives = []
    for relationship, chance in EXTRA_RELATIVE_CHANCES.items():
        if rng.random() >= chance:
            continue
        relative = _relative(rng, relationship, parents, today)
        if relative is not None:
            relatives.append(relative)
    return relatives


def _relative(
    rng: random.Random, relationship: str, parents: list[MemberSketch], today: dt.date
) -> MemberSketch | None:
    """A parent of the head or partner (an elder), or a sibling of the head; None if none fits."""
    if relationship == "in_law" and len(parents) < 2:
        return None
    child = parents[1] if relationship == "in_law" else parents[0]
    child_age = age_on(child.birth_date, today)
    sex = rng.choice(("male", "female"))
    if relationship == "sibling":
        age = _clamp_adult(child_age + rng.randint(-8, 8))
        return _adult(rng, relationship, sex, age, child.family_name, today)
    age = min(OLDEST_ADULT, child_age + rng.randint(19, 27))
    if age - child_age < 18:
        return None
    family_name = child.family_name
    if relationship == "in_law" and family_name == parents[0].family_name:
        family_name = rng.choice([name for name in FAMILY_NAMES if name != family_name])
    return _adult(rng, relationship, sex, age, family_name, today)


def _clamp_adult(age: int) -> int:
    return max(YOUNGEST_ADULT, min(OLDEST_ADULT, age))


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)
