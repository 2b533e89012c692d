"""Hypothesis strategies for common-schema values that KIRS's format can hold."""

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from adapters.kirs.codes import COUNTRIES, INSTITUTIONS
from adapters.kirs.dates import BELGRADE
from gateway.codelists import code_list
from gateway.identity.jmbg import make_jmbg
from gateway.schema.agency import (
    AgencyPersonRecord,
    PersonIdentity,
    ReferralCancellation,
    ReferralDelivery,
)

LATIN_LOWER = "abcčćdđefghijklmnoprsštuvzžqwxy"
CYRILLIC_LOWER = "абвгдђежзијклљмнњопрстћуфхцчџш"
TODAY = dt.date.today()


def codes(name: str) -> list[str]:
    return code_list(name).codes()


def word(alphabet: str) -> st.SearchStrategy[str]:
    """A capitalised word of the alphabet."""
    return st.text(alphabet, min_size=1, max_size=10).map(str.capitalize)


def name(alphabet: str) -> st.SearchStrategy[str]:
    """One to three words, joined by a space or a hyphen."""
    return st.tuples(st.lists(word(alphabet), min_size=1, max_size=3), st.sampled_from(" -")).map(
        lambda parts: parts[1].join(parts[0])
    )


scripts = st.sampled_from([LATIN_LOWER, CYRILLIC_LOWER])
texts = st.lists(word(LATIN_LOWER + CYRILLIC_LOWER + "0123456789"), min_size=1, max_size=4).map(
    " ".join
)
past_dates = st.dates(min_value=dt.date(1930, 1, 1), max_value=TODAY)
partial_dates = st.one_of(
    past_dates.map(dt.date.isoformat),
    past_dates.map(lambda day: f"{day.year:04d}-{day.month:02d}"),
    past_dates.map(lambda day: f"{day.year:04d}"),
)
moments = st.datetimes(min_value=dt.datetime(2008, 1, 1), max_value=dt.datetime(2030, 1, 1)).map(
    lambda moment: moment.replace(second=0, microsecond=0, tzinfo=BELGRADE)
)
local_ids = st.from_regex(r"KIRS-20[0-9]{2}-[0-9]{6}", fullmatch=True)
flights = st.from_regex(r"[A-Z]{2} [0-9]{2,4}", fullmatch=True)


def unique_codes(values: list[str], *, min_size: int = 0) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(values), unique=True, min_size=min_size, max_size=len(values))


@st.composite
def jmbgs(draw: st.DrawFn) -> str:
    """A valid JMBG (a serial without a valid check digit is skipped)."""
    born = draw(past_dates)
    region = draw(st.sampled_from(["70", "71", "73", "74", "80", "91"]))
    serial = draw(st.integers(0, 999))
    for step in range(20):
        try:
            return make_jmbg(born, region, (serial + step) % 1000)
        except ValueError:
            continue
    raise AssertionError("no valid JMBG near this serial")


@st.composite
def identities(draw: st.DrawFn) -> PersonIdentity:
    """A person, named in one script, perhaps with a JMBG and a partial birth date."""
    alphabet = draw(scripts)
    return PersonIdentity(
        given_name=draw(name(alphabet)),
        family_name=draw(name(alphabet)),
        parent_name=draw(st.none() | name(alphabet)),
        jmbg=draw(st.none() | jmbgs()),
        birth_date=draw(st.none() | partial_dates),
        sex=draw(st.none() | st.sampled_from(codes("sexes"))),
        birth_place=draw(st.none() | texts),
    )


@st.composite
def relatives(draw: st.DrawFn) -> dict[str, Any]:
    alphabet = draw(scripts)
    return {
        "given_name": draw(name(alphabet)),
        "family_name": draw(name(alphabet)),
        "relationship": draw(st.sampled_from(codes("relationships"))),
        "birth_date": draw(st.none() | partial_dates),
        "local_id": draw(st.none() | local_ids),
    }


documents = st.fixed_dictionaries(
    {
        "type": st.sampled_from(codes("document_types")),
        "status": st.sampled_from(["held", "missing", "expired"]),
        "number": st.none() | st.from_regex(r"[A-Z0-9][A-Z0-9-]{0,15}", fullmatch=True),
    }
)
contacts = st.fixed_dictionaries(
    {
        "phone": st.none() | st.from_regex(r"\+381 6[0-9] [0-9]{3} [0-9]{3,4}", fullmatch=True),
        "email": st.none()
        | st.from_regex(r"[a-z]{1,8}\.[a-z]{1,8}@[a-z]{2,8}\.rs", fullmatch=True),
        "address": st.none() | texts,
    }
)
receptions = st.fixed_dictionaries(
    {
        "received_at": moments,
        "modality": st.sampled_from(codes("return_modalities")),
        "country_from": st.none() | st.sampled_from(sorted(COUNTRIES.to_common.values())),
        "arrival": st.none() | flights | texts,
        "travel_sheet_number": st.none()
        | st.from_regex(r"PL-[A-Z]{2}-[0-9]{4}-[0-9]{5}", fullmatch=True),
        "intended_municipality": st.none() | st.sampled_from(codes("municipalities")),
    }
)
OTHER_NEEDS = [need for need in codes("need_domains") if need != "health"]
OTHER_VULNERABILITIES = [
    mark for mark in codes("vulnerabilities") if mark not in ("medical_condition", "disability")
]
health_sections = st.sampled_from(
    [
        None,
        {"vulnerabilities": ["medical_condition"], "urgent_medical_need": None},
        {"vulnerabilities": [], "urgent_medical_need": True},
        {"vulnerabilities": ["medical_condition"], "urgent_medical_need": True},
    ]
)


@st.composite
def person_records(draw: st.DrawFn) -> AgencyPersonRecord:
    """A KIRS record: what the reception record can hold, in the common schema."""
    return AgencyPersonRecord.model_validate(
        {
            "agency": "kirs",
            "local_id": draw(local_ids),
            "identity": draw(identities()),
            "contact": draw(st.none() | contacts),
            "household": draw(st.none() | st.lists(relatives(), max_size=6)),
            "documents": draw(st.none() | st.lists(documents, max_size=5)),
            "reception": draw(receptions),
            "needs": draw(st.none() | unique_codes(OTHER_NEEDS, min_size=1)),
            "vulnerabilities": draw(st.none() | unique_codes(OTHER_VULNERABILITIES, min_size=1)),
            "health": draw(health_sections),
            "disability": draw(st.sampled_from([None, {"has_disability": True}])),
        }
    )


@st.composite
def referrals(draw: st.DrawFn) -> ReferralDelivery:
    """A referral the gateway may deliver to KIRS."""
    return ReferralDelivery.model_validate(
        {
            "referral_id": draw(st.uuids()).hex,
            "from_agency": draw(st.sampled_from(sorted(set(INSTITUTIONS.to_common.values())))),
            "service": draw(texts),
            "priority": draw(st.sampled_from(["low", "normal", "high", "urgent"])),
            "due_date": draw(st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31))),
            "needs": draw(unique_codes(codes("need_domains"))),
            "person": draw(identities()),
            "local_id": draw(st.none() | local_ids),
            "municipality": draw(st.none() | st.sampled_from(codes("municipalities"))),
            "notes_category": draw(st.none() | texts),
        }
    )


referral_numbers = st.from_regex(r"UP-20[0-9]{2}-[0-9]{6}", fullmatch=True)
idempotency_keys = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9:_-]{0,63}", fullmatch=True)


@st.composite
def cancellations(draw: st.DrawFn) -> ReferralCancellation:
    """A withdrawal the gateway may send KIRS, at a moment KIRS can write (to the minute)."""
    moment = draw(moments)
    return ReferralCancellation.model_validate(
        {
            "referral_id": draw(st.uuids()).hex,
            "agency_reference": draw(referral_numbers),
            "reason": draw(texts),
            "cancelled_at": draw(st.sampled_from([moment, moment.astimezone(dt.UTC)])),
        }
    )
