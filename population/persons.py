"""How a synthetic household member is written down: script, JMBG, languages, documents, ids.

A household is recorded in one script, as the registering clerk writes (KIRS and CSW mostly
Cyrillic, IOM and NES mostly Latin). Children born abroad often have no JMBG, or one from a
consulate (region 70); adults without one sometimes know only their birth year. Pure.
"""

import datetime as dt
import random
from dataclasses import dataclass

from gateway.identity.ages import is_certainly_minor
from gateway.identity.names import to_cyrillic
from gateway.schema.person import AgencyIdentifier, Contact, IdentityDocument, PersonCreate
from population.family import MemberSketch, age_on
from population.identifiers import Identifiers
from population.places import ABROAD_REGION, KOSOVO_REGIONS, Place
from population.returns import DemoReturn

JMBG_SHARES = {"adult": 0.75, "child_born_here": 0.62, "born_abroad": 0.2}
"""Chance of having a JMBG, by who the person is (a child born abroad gets region 70)."""
BIRTH_YEAR_ONLY_SHARE = 0.15
"""Share of adults without a JMBG who know only their birth year."""
PHONE_SHARE = 0.45
NES_REGISTERED_SHARE = 0.25
KOSOVO_EXODUS = dt.date(1999, 6, 10)
"""Adults of a displaced household born before this left Kosovo as its IDPs."""

COUNTRY_LANGUAGES = {"DE": "de", "AT": "de", "CH": "de", "SE": "sv", "FR": "fr", "BE": "fr"}
COUNTRY_LANGUAGES |= {"NL": "nl"}

Weights = dict[str, int]
_ABSENT = "absent"
_ADULT_DOCUMENTS: dict[str, Weights] = {
    "identity_card": {"held": 50, "missing": 35, "expired": 15},
    "birth_certificate": {"held": 55, "missing": 30, _ABSENT: 15},
    "passport": {"held": 15, "expired": 15, _ABSENT: 70},
    "health_insurance_card": {"held": 30, "missing": 40, _ABSENT: 30},
    "work_booklet": {"held": 20, _ABSENT: 80},
}
_CHILD_DOCUMENTS: dict[str, Weights] = {
    "birth_certificate": {"held": 70, "missing": 30},
    "health_insurance_card": {"held": 35, "missing": 50, _ABSENT: 15},
}
_BORN_ABROAD_DOCUMENTS: dict[str, Weights] = {
    "birth_certificate": {"held": 40, "missing": 60},
    "citizenship_certificate": {"missing": 50, _ABSENT: 50},
    "health_insurance_card": {"held": 15, "missing": 70, _ABSENT: 15},
}
_SCHOOL_CERTIFICATE: Weights = {"held": 40, "missing": 25, _ABSENT: 35}
_TEEN_IDENTITY_CARD: Weights = {"held": 30, "missing": 50, _ABSENT: 20}
_TRAVEL_SHEET: Weights = {"held": 70, _ABSENT: 30}


@dataclass(frozen=True)
class Recording:
    """What the members of one household share, and how the household is written down."""

    trip: DemoReturn
    place: Place
    left_on: dt.date
    today: dt.date
    cyrillic: bool
    speaks_romani: bool
    idp: bool
    csw_case: bool


def describe_person(
    rng: random.Random, identifiers: Identifiers, sketch: MemberSketch, recording: Recording
) -> PersonCreate:
    """The person as the registering agency records them."""
    adult = not is_certainly_minor(sketch.birth_date.isoformat(), today=recording.today)
    jmbg = _jmbg(rng, identifiers, sketch, recording, adult=adult)
    return PersonCreate(
        jmbg=jmbg,
        given_name=_written(sketch.given_name, recording),
        family_name=_written(sketch.family_name, recording),
        parent_name=_written(sketch.parent_name, recording) if sketch.parent_name else None,
        sex=sketch.sex,
        birth_date=_birth_date_text(rng, sketch, has_jmbg=jmbg is not None, adult=adult),
        idp=recording.idp,
        municipality=recording.place.municipality,
        contact=_contact(rng) if adult and rng.random() < PHONE_SHARE else None,
        languages=_languages(rng, sketch, recording, adult=adult),
        documents=_documents(rng, sketch, recording, adult=adult),
        agency_ids=_agency_ids(rng, identifiers, sketch, recording, adult=adult),
    )


def written(text: str, *, cyrillic: bool) -> str:
    """Latin text as recorded: transliterated to Cyrillic when the household is in Cyrillic."""
    return to_cyrillic(text) if cyrillic else text


def born_abroad(birth_date: dt.date, recording: Recording) -> bool:
    """Whether someone was born while the family lived abroad."""
    return recording.left_on < birth_date <= recording.trip.return_date


def _written(text: str, recording: Recording) -> str:
    return written(text, cyrillic=recording.cyrillic)


def _jmbg(
    rng: random.Random,
    identifiers: Identifiers,
    sketch: MemberSketch,
    recording: Recording,
    *,
    adult: bool,
) -> str | None:
    if born_abroad(sketch.birth_date, recording):
        share, region = JMBG_SHARES["born_abroad"], ABROAD_REGION
    else:
        share = JMBG_SHARES["adult" if adult else "child_born_here"]
        region = _home_region(rng, sketch, recording)
    if rng.random() >= share:
        return None
    return identifiers.jmbg(sketch.birth_date, region, sketch.sex)


def _home_region(rng: random.Random, sketch: MemberSketch, recording: Recording) -> str:
    if recording.idp and sketch.birth_date < KOSOVO_EXODUS:
        return rng.choice(KOSOVO_REGIONS)
    return recording.place.birth_region


def _birth_date_text(
    rng: random.Random, sketch: MemberSketch, *, has_jmbg: bool, adult: bool
) -> str:
    if adult and not has_jmbg and rng.random() < BIRTH_YEAR_ONLY_SHARE:
        return str(sketch.birth_date.year)
    return sketch.birth_date.isoformat()


def _contact(rng: random.Random) -> Contact:
    network = rng.choice("0123456")
    return Contact(phone=f"+381 6{network} {rng.randint(100, 999)} {rng.randint(1000, 9999)}")


def _languages(
    rng: random.Random, sketch: MemberSketch, recording: Recording, *, adult: bool
) -> list[str]:
    """Serbian and often Romani; children who grew up abroad speak that country's language."""
    if age_on(sketch.birth_date, recording.today) < 2:
        return []
    foreign = COUNTRY_LANGUAGES[recording.trip.country_from]
    romani = ["rom"] if recording.speaks_romani and rng.random() < 0.85 else []
    if not adult and _grew_up_abroad(sketch, recording):
        serbian = ["sr"] if rng.random() < 0.5 else []
        return [foreign, *serbian, *romani]
    years_abroad = (recording.trip.return_date - recording.left_on).days // 365
    speaks_foreign = adult and years_abroad >= 5 and rng.random() < 0.4
    return ["sr", *romani, *([foreign] if speaks_foreign else [])]


def _grew_up_abroad(sketch: MemberSketch, recording: Recording) -> bool:
    """At least three years abroad, and four or older on return."""
    since = max(sketch.birth_date, recording.left_on)
    years_abroad = (recording.trip.return_date - since).days / 365.25
    return years_abroad >= 3 and age_on(sketch.birth_date, recording.trip.return_date) >= 4


def _documents(
    rng: random.Random, sketch: MemberSketch, recording: Recording, *, adult: bool
) -> list[IdentityDocument]:
    """Documents held or missing; many returnees lack the basic ones."""
    tables = dict(_document_tables(sketch, recording, adult=adult))
    if recording.trip.modality == "readmission":
        tables["travel_sheet"] = _TRAVEL_SHEET
    if adult and recording.place.no_fixed_address:
        tables["residence_registration"] = {"missing": 100}
    statuses = ((kind, _draw(rng, weights)) for kind, weights in tables.items())
    return [IdentityDocument(type=kind, status=status) for kind, status in statuses if status]


def _document_tables(
    sketch: MemberSketch, recording: Recording, *, adult: bool
) -> dict[str, Weights]:
    if adult:
        return _ADULT_DOCUMENTS
    age = age_on(sketch.birth_date, recording.today)
    tables = dict(
        _BORN_ABROAD_DOCUMENTS if born_abroad(sketch.birth_date, recording) else _CHILD_DOCUMENTS
    )
    if age >= 7:
        tables["school_certificate"] = _SCHOOL_CERTIFICATE
    if age >= 16:
        tables["identity_card"] = _TEEN_IDENTITY_CARD
    return tables


def _draw(rng: random.Random, weights: Weights) -> str | None:
    statuses = list(weights)
    status = rng.choices(statuses, weights=[weights[s] for s in statuses])[0]
    return None if status == _ABSENT else status


def _agency_ids(
    rng: random.Random,
    identifiers: Identifiers,
    sketch: MemberSketch,
    recording: Recording,
    *,
    adult: bool,
) -> list[AgencyIdentifier]:
    """KIRS or IOM ids for the whole household, a CSW case for its head, NES for job seekers."""
    year = recording.trip.return_date.year
    ids: list[tuple[str, str]] = []
    if recording.trip.modality == "readmission":
        ids.append(("kirs", identifiers.numbered(f"KIRS-{year}-", 6)))
    if recording.trip.modality == "avrr":
        ids.append(("iom", identifiers.numbered(f"RS-AVRR-{year}-", 4)))
    is_head = sketch.relationship == "head"
    if is_head and recording.csw_case:
        centre = recording.place.municipality
        ids.append(("csw", identifiers.numbered(f"СЦР-{centre}-{year}-", 4)))
    if adult and _registered_with_nes(rng, sketch, recording, is_head=is_head):
        ids.append(("nes", identifiers.nes_number()))
    return [AgencyIdentifier(agency=agency, local_id=local_id) for agency, local_id in ids]


def _registered_with_nes(
    rng: random.Random, sketch: MemberSketch, recording: Recording, *, is_head: bool
) -> bool:
    if is_head and recording.trip.registering_agency == "nes":
        return True
    working_age = age_on(sketch.birth_date, recording.today) <= 60
    return working_age and rng.random() < NES_REGISTERED_SHARE
