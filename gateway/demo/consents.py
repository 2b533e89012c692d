"""The demo households' consents, so that referrals between the agencies work from the start.

Most households agreed, on the form the agency that registered them fills in with them, that
the four agencies may exchange what a referral carries (identity, household, return and needs)
to plan their reintegration and handle referrals; every fourth household did not, so the demo
also shows a referral refused for want of consent. Health data is not in the demo consents: a
referral for a health need is refused until a consent names that category.
"""

import uuid

from sqlmodel import Session

from gateway.auth.caller import Caller
from gateway.consent.schemas import ConsentCreate, Evidence
from gateway.consent.service import record_consent

NOT_CONSENTING_EVERY = 4
"""Every fourth household (the fourth, the eighth, ...) gave no consent."""
GRANTEES = ["csw", "iom", "kirs", "nes"]
PURPOSES = ["referral_handling", "reintegration_planning"]
CATEGORIES = ["household", "identity", "needs", "return"]


def recorder(agency: str) -> Caller:
    """The registering agency records the consent: it holds the tie to the household."""
    return Caller(
        client_id="demo-seed",
        agency=agency,
        scopes=frozenset({"consents:write"}),
        purpose="reintegration_planning",
    )


def consents(number: int) -> bool:
    """Whether the household registered ``number``-th (from 1) gave the demo consent."""
    return number % NOT_CONSENTING_EVERY != 0


def record_household_consent(
    session: Session, *, household_id: uuid.UUID, given_by: uuid.UUID, number: int, agency: str
) -> None:
    """The household's consent, given by its head and recorded on a signed form by ``agency``."""
    body = ConsentCreate(
        household_id=household_id,
        given_by_person_id=given_by,
        grantees=GRANTEES,
        purposes=PURPOSES,
        categories=CATEGORIES,
        notice_language="sr-Latn",
        evidence=Evidence(
            recorded_by=f"Demo case worker, {agency.upper()}",
            channel="signed_form",
            document_reference=f"DEMO-SAGLASNOST-{number:04d}",
        ),
    )
    record_consent(session, body=body, caller=recorder(agency))
