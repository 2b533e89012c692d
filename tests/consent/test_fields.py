"""Every field of the common schema's public models has a data category."""

import pytest
from pydantic import BaseModel

from gateway.codelists import code_list
from gateway.consent.fields import FIELD_CATEGORIES, META
from gateway.schema.agency import AgencyPersonRecord
from gateway.schema.household import HouseholdPublic
from gateway.schema.needs import NeedsAssessmentPublic
from gateway.schema.person import PersonPublic
from gateway.schema.return_event import ReturnEventPublic

PUBLIC_MODELS = [
    PersonPublic,
    HouseholdPublic,
    ReturnEventPublic,
    NeedsAssessmentPublic,
    AgencyPersonRecord,
]


@pytest.mark.parametrize("model", PUBLIC_MODELS, ids=lambda model: model.__name__)
def test_every_field_has_a_category(model: type[BaseModel]) -> None:
    categories = FIELD_CATEGORIES[model]
    missing = sorted(set(model.model_fields) - set(categories))
    assert missing == [], f"{model.__name__} fields without a data category: {missing}"
    assert set(categories) == set(model.model_fields), "the map names fields the model lacks"


def test_every_category_used_is_a_known_data_category() -> None:
    known = set(code_list("data_categories").codes()) | {META}
    used = {category for fields in FIELD_CATEGORIES.values() for category in fields.values()}
    assert used <= known
