"""IOM's own code lists, what is particular to them; totality is in ``test_code_maps``."""

import pytest

from adapters.iom import codes
from adapters.toolkit.codes import CodeMap
from gateway.codelists import code_list


@pytest.mark.parametrize(
    ("code_map", "literal"), codes.NATIVE_LISTS, ids=[m.name for m, _ in codes.NATIVE_LISTS]
)
def test_each_map_holds_the_codes_of_its_native_literal(
    code_map: CodeMap[str], literal: object
) -> None:
    assert set(code_map.codes) == set(codes.native_codes(literal))


@pytest.mark.parametrize(
    ("code_map", "not_expressible"),
    [
        (codes.CASE_STATUSES, set()),
        (codes.VULNERABILITIES, set()),
        (codes.RELATIONSHIPS, set()),
        (codes.DOCUMENT_TYPES, set()),
        (codes.NEEDS, set()),
        (codes.EDUCATION_LEVELS, set()),
        (codes.RETURN_TYPES, set()),
        # IOM counts counselling sessions; it does not budget counselling as a line.
        (codes.ASSISTANCE_TYPES, {"counselling"}),
    ],
    ids=lambda value: value.name if isinstance(value, CodeMap) else "",
)
def test_our_codes_have_a_native_code_where_iom_can_hold_them(
    code_map: CodeMap[str], not_expressible: set[str]
) -> None:
    written = {ours for ours in code_list(code_map.common_list).codes() if code_map.native(ours)}
    assert written == set(code_list(code_map.common_list).codes()) - not_expressible


def test_the_agencies_that_deliver_assistance_have_partner_codes() -> None:
    agencies = code_list("agencies").codes()
    assert {ours for ours in agencies if codes.PARTNERS.native(ours)} == {
        "kirs",
        "nes",
        "csw",
        "iom",
    }


def test_special_categories_have_their_own_native_codes() -> None:
    found = codes.VULNERABILITIES.to_common.items()
    health = {code for code, ours in found if ours == "medical_condition"}
    assert health == {"MEDICAL", "MENTAL_HEALTH"}
    assert codes.VULNERABILITIES.common("DISABILITY") == "disability"
    assert "MEDICAL" in codes.UNMAPPED["budget_categories"]
    assert codes.ASSISTANCE_TYPES.written("medical") == "MEDICAL"
