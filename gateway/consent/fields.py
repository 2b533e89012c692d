"""Which data category every field of the common schema belongs to, kept in one place.

``meta`` fields (ids, versions, timestamps, who registered a record) carry no personal data
and travel with any permitted category. A test fails when a field of a public model has no
category here, so a new field cannot slip out unclassified.
"""

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from gateway.consent.policy import Decision
from gateway.schema.agency import SECTION_CATEGORIES, AgencyPersonRecord
from gateway.schema.household import HouseholdPublic
from gateway.schema.needs import NeedsAssessmentPublic
from gateway.schema.person import PersonPublic
from gateway.schema.return_event import ReturnEventPublic

META = "meta"
_VERSIONED_META = dict.fromkeys(
    ("id", "version", "created_at", "updated_at", "registered_by"), META
)

FIELD_CATEGORIES: dict[type[BaseModel], dict[str, str]] = {
    PersonPublic: _VERSIONED_META
    | dict.fromkeys(
        (
            "jmbg",
            "given_name",
            "family_name",
            "parent_name",
            "given_name_latin",
            "family_name_latin",
            "sex",
            "birth_date",
            "citizenship",
            "idp",
            "languages",
            "agency_ids",
        ),
        "identity",
    )
    | {"municipality": "contact", "contact": "contact", "documents": "documents", "withheld": META},
    HouseholdPublic: _VERSIONED_META
    | {
        "members": "household",
        "no_fixed_address": "household",
        "municipality": "contact",
        "address": "contact",
        "withheld": META,
    },
    ReturnEventPublic: _VERSIONED_META
    | {"person_id": META, "household_id": META}
    | dict.fromkeys(
        ("modality", "return_date", "country_from", "entry_point", "registering_agency"), "return"
    ),
    NeedsAssessmentPublic: _VERSIONED_META
    | {"person_id": META, "household_id": META}
    | dict.fromkeys(("assessed_on", "assessed_by", "needs"), "needs"),
    AgencyPersonRecord: {"agency": META, "local_id": META} | SECTION_CATEGORIES,
}


def categories_of(model: type[BaseModel]) -> frozenset[str]:
    """The data categories a model carries (not ``meta``)."""
    return frozenset(FIELD_CATEGORIES[model].values()) - {META}


def masked(model: type[BaseModel], values: Mapping[str, Any], decision: Decision) -> dict[str, Any]:
    """``values`` with every field of a withheld category left out, and the withheld list."""
    fields = FIELD_CATEGORIES[model]
    kept = {
        name: value
        for name, value in values.items()
        if fields[name] == META or decision.allows(fields[name])
    }
    if "withheld" in fields:
        kept["withheld"] = [
            {"category": category, "reason": reason}
            for category, reason in sorted(decision.withheld.items())
        ]
    return kept
