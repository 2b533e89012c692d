"""IOM's case <-> the common ``AgencyPersonRecord``: pure, total, one section per data category.

Where each native fact goes:

- ``beneficiary`` -> ``identity`` (names as recorded: ``localNames`` when IOM kept them, else
  the Latin ones); its education and occupation -> ``employment`` (``people``);
- ``contact`` -> ``contact``; ``familyComposition`` -> ``household``; ``identityDocuments`` ->
  ``documents``; ``reintegrationNeeds`` -> ``needs``;
- ``returnType``, ``returnCountry``, ``arrivalDate``/``arrivalTime`` (Belgrade time; a date
  alone is read as midnight), ``arrivalPoint``, ``destination`` -> ``reception`` (category
  ``return``); ``departureDate`` and the beneficiary's nationality have no common field;
- case status, programme, budget lines, counselling sessions (their count) and the
  sustainability survey -> ``assistance`` (``assistance``), WITHOUT medical budget lines;
- vulnerabilities (``vulnerabilities``): ``MEDICAL``, ``MENTAL_HEALTH`` and medical budget
  lines -> ``health`` only; ``DISABILITY`` -> ``disability`` only; the rest ->
  ``vulnerabilities``.

``to_native`` is the inverse for every field IOM holds; it needs ``identity`` and
``assistance`` (every IOM case has both) and raises ValueError for what IOM cannot hold
(an amount in RSD, an assistance type IOM does not budget). No I/O.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from adapters.iom import codes
from adapters.iom.assistance import (
    assistance_from_native,
    plan_to_native,
    sessions_to_native,
    survey_to_native,
)
from adapters.iom.codes import NeedCode
from adapters.iom.native import IomCase
from adapters.iom.people import (
    beneficiary_to_native,
    contact_from_native,
    contact_to_native,
    document_to_native,
    documents_from_native,
    employment_from_native,
    identity_from_native,
    relative_from_native,
    relative_to_native,
)
from adapters.iom.places import country_alpha_2, country_alpha_3, destination, municipality_code
from adapters.iom.vulnerabilities import (
    disability_from_native,
    health_from_native,
    vulnerabilities_from_native,
    vulnerabilities_to_native,
)
from gateway.schema.agency import AgencyPersonRecord, Reception

AGENCY = "iom"
BELGRADE = ZoneInfo("Europe/Belgrade")
"""IOM Serbia records arrival times in local time."""


def from_native(case: IomCase) -> AgencyPersonRecord:
    """IOM's case as the common record (raises pydantic's ValidationError on bad values)."""
    return AgencyPersonRecord(
        agency=AGENCY,
        local_id=case.case_id,
        identity=identity_from_native(case.beneficiary),
        contact=contact_from_native(case.contact),
        household=[relative_from_native(member) for member in case.family_composition],
        documents=documents_from_native(case.identity_documents),
        reception=_reception_from_native(case),
        needs=needs_from_native(case.reintegration_needs),
        employment=employment_from_native(case.beneficiary),
        assistance=assistance_from_native(case),
        vulnerabilities=vulnerabilities_from_native(case.vulnerabilities),
        health=health_from_native(case),
        disability=disability_from_native(case.vulnerabilities),
    )


def to_native(record: AgencyPersonRecord) -> IomCase:
    """The common record as IOM's case; raises ValueError for what IOM cannot hold."""
    if record.identity is None or record.assistance is None:
        raise ValueError("an IOM case needs the identity and assistance sections")
    reception = record.reception or Reception()
    return IomCase(
        case_id=record.local_id,
        programme=record.assistance.programme,
        case_status=codes.CASE_STATUSES.written(record.assistance.status),
        opened_on=record.assistance.opened_on,
        return_type=codes.RETURN_TYPES.written(reception.modality),
        return_country=country_alpha_3(reception.country_from),
        arrival_date=_arrival_date(reception.received_at),
        arrival_time=_arrival_time(reception.received_at),
        arrival_point=reception.arrival,
        destination=destination(reception.intended_municipality),
        beneficiary=beneficiary_to_native(record.identity, record.employment),
        contact=contact_to_native(record.contact),
        family_composition=[relative_to_native(person) for person in record.household or []],
        identity_documents=[document_to_native(document) for document in record.documents or []],
        vulnerabilities=vulnerabilities_to_native(record),
        medical_assistance_on_arrival=record.health.urgent_medical_need if record.health else None,
        reintegration_needs=needs_to_native(record.needs or []),
        reintegration_plan=plan_to_native(record.assistance.items),
        counselling_sessions=sessions_to_native(record.assistance.counselling_sessions),
        sustainability_survey=survey_to_native(record.assistance.sustainability),
    )


def needs_from_native(needs: list[NeedCode]) -> list[str]:
    """Our need domains for IOM's needs, each once, in IOM's order; unmapped ones left out."""
    return codes.NEEDS.common_all(needs)


def needs_to_native(needs: list[str]) -> list[NeedCode]:
    """IOM's need codes for our need domains."""
    return [codes.NEEDS.written(need) for need in needs]


def _reception_from_native(case: IomCase) -> Reception | None:
    reception = Reception(
        received_at=_arrival(case.arrival_date, case.arrival_time),
        modality=codes.RETURN_TYPES.common(case.return_type),
        country_from=country_alpha_2(case.return_country),
        arrival=case.arrival_point,
        intended_municipality=municipality_code(case.destination),
    )
    return reception if reception.model_dump(exclude_none=True) else None


def _arrival(day: dt.date | None, time: dt.time | None) -> dt.datetime | None:
    if day is None:
        return None
    local_time = (time or dt.time()).replace(tzinfo=None)
    return dt.datetime.combine(day, local_time, tzinfo=BELGRADE)


def _in_belgrade(moment: dt.datetime) -> dt.datetime:
    """Belgrade local time; a naive time is taken to be Belgrade's already."""
    return moment.astimezone(BELGRADE) if moment.tzinfo else moment.replace(tzinfo=BELGRADE)


def _arrival_date(received_at: dt.datetime | None) -> dt.date | None:
    return None if received_at is None else _in_belgrade(received_at).date()


def _arrival_time(received_at: dt.datetime | None) -> dt.time | None:
    if received_at is None:
        return None
    local_time = _in_belgrade(received_at).time()
    return None if local_time == dt.time() else local_time
