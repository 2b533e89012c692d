"""How each synthetic household came back: modality, date, country, entry point and agency.

The shares follow the study DOMAIN.md cites (25% readmission, 53% AVRR, 22% spontaneous; most
from Germany and Sweden). Readmission passes the KIRS Readmission Office at Belgrade airport;
AVRR is registered by IOM and arrives mostly by air (``other_airport``: the code list names no
other Belgrade arrival point); spontaneous returnees surface later at a CSW or at NES.
"""

import datetime as dt
import random
import uuid
from dataclasses import dataclass

from gateway.schema.return_event import ReturnEventCreate

MODALITY_WEIGHTS = {"readmission": 25, "avrr": 53, "spontaneous": 22}
COUNTRY_WEIGHTS = {"DE": 45, "SE": 25, "FR": 8, "AT": 7, "BE": 6, "NL": 5, "CH": 4}
RETURN_WINDOW_DAYS = 3 * 365
"""Returns happened within the last three years before ``today``."""

_AVRR_ENTRY_WEIGHTS = {"other_airport": 80, "land_border": 15, "other": 5}
_SPONTANEOUS_ENTRY_WEIGHTS = {"land_border": 70, "other": 30}
_SPONTANEOUS_AGENCY_WEIGHTS = {"csw": 60, "nes": 40}


@dataclass(frozen=True)
class DemoReturn:
    """A household's return, ready to be recorded as a return event."""

    modality: str
    return_date: dt.date
    country_from: str
    entry_point: str
    registering_agency: str

    def event_for(self, household_id: uuid.UUID) -> ReturnEventCreate:
        """The return event of the household with this id."""
        return ReturnEventCreate(
            household_id=household_id,
            modality=self.modality,
            return_date=self.return_date,
            country_from=self.country_from,
            entry_point=self.entry_point,
            registering_agency=self.registering_agency,
        )


def draw_return(rng: random.Random, today: dt.date) -> DemoReturn:
    """One household's return; the date falls within the window before ``today``."""
    modality = weighted(rng, MODALITY_WEIGHTS)
    entry_point, agency = _arrival(rng, modality)
    return DemoReturn(
        modality=modality,
        return_date=today - dt.timedelta(days=rng.randint(1, RETURN_WINDOW_DAYS)),
        country_from=weighted(rng, COUNTRY_WEIGHTS),
        entry_point=entry_point,
        registering_agency=agency,
    )


def weighted(rng: random.Random, weights: dict[str, int]) -> str:
    """One key of ``weights``, drawn in proportion to its weight."""
    keys = list(weights)
    return rng.choices(keys, weights=[weights[key] for key in keys])[0]


def _arrival(rng: random.Random, modality: str) -> tuple[str, str]:
    """The entry point and the registering agency that go with a modality."""
    if modality == "readmission":
        return "bel_airport_readmission", "kirs"
    if modality == "avrr":
        return weighted(rng, _AVRR_ENTRY_WEIGHTS), "iom"
    return weighted(rng, _SPONTANEOUS_ENTRY_WEIGHTS), weighted(rng, _SPONTANEOUS_AGENCY_WEIGHTS)
