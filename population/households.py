"""The synthetic households: ``generate_population`` and the household and member it returns.

``generate_population`` draws every value from one ``random.Random(seed)``, so the same seed,
household count and ``today`` give the same population, byte for byte. ``today`` must not be
later than the real date: the schema refuses birth and return dates in the future.

The parts: ``family`` (who returns together), ``persons`` (how each member is recorded),
``places``, ``returns`` and ``needs``.
"""

import datetime as dt
import random
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from gateway.schema.household import HouseholdCreate, HouseholdMember
from gateway.schema.needs import Need, NeedsAssessmentCreate
from gateway.schema.person import PersonCreate
from population.family import compose_family
from population.identifiers import Identifiers
from population.needs import assessment_date, draw_needs
from population.persons import Recording, describe_person, written
from population.places import Place, draw_place
from population.returns import DemoReturn, draw_return

__all__ = ["DemoHousehold", "DemoMember", "DemoReturn", "generate_population"]

CYRILLIC_SHARE_BY_AGENCY = {"kirs": 0.8, "csw": 0.8, "iom": 0.25, "nes": 0.35}
"""Chance that a household is recorded in Cyrillic, by the agency that registers it."""
ROMANI_SPEAKING_SHARE = 0.7
IDP_SHARE = 0.06
"""Share of households displaced from Kosovo (IDP status; adults born there)."""
OTHER_CSW_CASE_SHARE = 0.3
"""Share of households not registered by a CSW that have a case file at one all the same."""
YEARS_ABROAD = (2, 14)


@dataclass(frozen=True)
class DemoMember:
    """One member: the person, their relationship to the head and, for a minor, the guardian."""

    person: PersonCreate
    relationship: str
    guardian_index: int | None = None
    """Index in ``DemoHousehold.members`` of the member who is this minor's guardian."""


@dataclass(frozen=True)
class DemoHousehold:
    """A household that returned together, its return and its assessed needs."""

    members: tuple[DemoMember, ...]
    municipality: str
    address: str | None
    no_fixed_address: bool
    return_event: DemoReturn
    needs: tuple[Need, ...]
    assessed_on: dt.date
    assessed_by: str

    @property
    def head(self) -> PersonCreate:
        """The head of the household, always the first member."""
        return self.members[0].person

    def household_create(self, person_ids: Sequence[uuid.UUID]) -> HouseholdCreate:
        """The household, given the ids its members were registered under, in member order."""
        members = [
            HouseholdMember(
                person_id=person_id,
                relationship=member.relationship,
                guardian_id=None
                if member.guardian_index is None
                else person_ids[member.guardian_index],
            )
            for member, person_id in zip(self.members, person_ids, strict=True)
        ]
        return HouseholdCreate(
            municipality=self.municipality,
            address=self.address,
            no_fixed_address=self.no_fixed_address,
            members=members,
        )

    def needs_assessment_for(self, household_id: uuid.UUID) -> NeedsAssessmentCreate:
        """The needs assessment of the household with this id."""
        return NeedsAssessmentCreate(
            household_id=household_id,
            assessed_on=self.assessed_on,
            assessed_by=self.assessed_by,
            needs=list(self.needs),
        )


def generate_population(*, seed: int, households: int, today: dt.date) -> list[DemoHousehold]:
    """``households`` synthetic households that returned within three years before ``today``."""
    rng = random.Random(seed)
    identifiers = Identifiers(rng)
    return [_household(rng, identifiers, today) for _ in range(households)]


def _household(rng: random.Random, identifiers: Identifiers, today: dt.date) -> DemoHousehold:
    trip = draw_return(rng, today)
    place = draw_place(rng)
    recording = _recording(rng, trip, place, today)
    sketches = compose_family(rng, today=today)
    members = tuple(
        DemoMember(
            person=describe_person(rng, identifiers, sketch, recording),
            relationship=sketch.relationship,
            guardian_index=sketch.guardian_index,
        )
        for sketch in sketches
    )
    persons = [member.person for member in members]
    return DemoHousehold(
        members=members,
        municipality=place.municipality,
        address=None
        if place.address is None
        else written(place.address, cyrillic=recording.cyrillic),
        no_fixed_address=place.no_fixed_address,
        return_event=trip,
        needs=draw_needs(
            rng,
            persons,
            no_fixed_address=place.no_fixed_address,
            returned_on=trip.return_date,
            today=today,
        ),
        assessed_on=assessment_date(rng, trip.return_date, today),
        assessed_by=trip.registering_agency,
    )


def _recording(rng: random.Random, trip: DemoReturn, place: Place, today: dt.date) -> Recording:
    years_abroad = rng.randint(*YEARS_ABROAD)
    csw_case = trip.registering_agency == "csw" or rng.random() < OTHER_CSW_CASE_SHARE
    return Recording(
        trip=trip,
        place=place,
        left_on=trip.return_date - dt.timedelta(days=round(years_abroad * 365.25)),
        today=today,
        cyrillic=rng.random() < CYRILLIC_SHARE_BY_AGENCY[trip.registering_agency],
        speaks_romani=rng.random() < ROMANI_SPEAKING_SHARE,
        idp=rng.random() < IDP_SHARE,
        csw_case=csw_case,
    )
