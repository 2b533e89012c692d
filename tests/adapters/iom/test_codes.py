"""IOM's code lists map totally onto ours: every native code maps or is unmapped with a reason."""

from collections.abc import Mapping
from typing import Any, get_args

import pytest

from adapters.iom import codes
from gateway.codelists import code_list
from gateway.schema.agency import AssistanceItem, ReferralDelivery, ReferralUpdate
from gateway.schema.person import IdentityDocument


def _literal_values(model: type, field: str) -> set[str]:
    return set(get_args(model.model_fields[field].annotation))  # type: ignore[attr-defined]


TARGETS: dict[str, set[str]] = {
    "case_statuses": set(code_list("case_statuses").codes()),
    "vulnerabilities": set(code_list("vulnerabilities").codes()),
    "budget_categories": set(code_list("assistance_types").codes()),
    "budget_line_statuses": _literal_values(AssistanceItem, "status"),
    "partners": set(code_list("agencies").codes()),
    "relationships": set(code_list("relationships").codes()),
    "document_types": set(code_list("document_types").codes()),
    "document_statuses": _literal_values(IdentityDocument, "status"),
    "needs": set(code_list("need_domains").codes()),
    "education_levels": set(code_list("education_levels").codes()),
    "sexes": set(code_list("sexes").codes()),
    "return_types": set(code_list("return_modalities").codes()),
    "referral_statuses": _literal_values(ReferralUpdate, "status"),
    "priorities": _literal_values(ReferralDelivery, "priority"),
}
"""Where each native list lands: one of our code lists, or a common-schema enumeration."""


def test_every_native_list_has_a_target() -> None:
    assert set(codes.NATIVE_LISTS) == set(TARGETS)
    assert set(codes.UNMAPPED) <= set(codes.NATIVE_LISTS)


@pytest.mark.parametrize("name", sorted(codes.NATIVE_LISTS))
def test_every_native_code_maps_or_is_unmapped_with_a_reason(name: str) -> None:
    literal, mapping = codes.NATIVE_LISTS[name]
    native = set(codes.native_codes(literal))
    unmapped = codes.UNMAPPED.get(name, {})
    assert set(mapping) | set(unmapped) == native, "a native code is neither mapped nor unmapped"
    assert not set(mapping) & set(unmapped), "a native code is both mapped and unmapped"
    assert all(len(reason) > 20 for reason in unmapped.values()), "say why in a sentence"


@pytest.mark.parametrize("name", sorted(codes.NATIVE_LISTS))
def test_every_mapped_code_is_one_of_ours(name: str) -> None:
    _, mapping = codes.NATIVE_LISTS[name]
    assert set(mapping.values()) <= TARGETS[name]


@pytest.mark.parametrize(
    ("table", "ours", "not_expressible"),
    [
        (codes.CASE_STATUSES_TO_NATIVE, "case_statuses", set()),
        (codes.VULNERABILITIES_TO_NATIVE, "vulnerabilities", set()),
        (codes.RELATIONSHIPS_TO_NATIVE, "relationships", set()),
        (codes.DOCUMENT_TYPES_TO_NATIVE, "document_types", set()),
        (codes.NEEDS_TO_NATIVE, "need_domains", set()),
        (codes.EDUCATION_LEVELS_TO_NATIVE, "education_levels", set()),
        (codes.RETURN_TYPES_TO_NATIVE, "return_modalities", set()),
        # IOM counts counselling sessions; it does not budget counselling as a line.
        (codes.ASSISTANCE_TYPES_TO_NATIVE, "assistance_types", {"counselling"}),
    ],
)
def test_our_codes_have_a_native_code_where_iom_can_hold_them(
    table: dict[str, str], ours: str, not_expressible: set[str]
) -> None:
    assert set(table) == set(code_list(ours).codes()) - not_expressible


def test_the_agencies_that_deliver_assistance_have_partner_codes() -> None:
    assert set(codes.PARTNERS_TO_NATIVE) == {"kirs", "nes", "csw", "iom"}


def test_the_inverse_maps_lead_back_to_the_same_code() -> None:
    pairs: list[tuple[Mapping[Any, str], Mapping[Any, str]]] = [
        (codes.RELATIONSHIPS_TO_NATIVE, codes.RELATIONSHIPS),
        (codes.VULNERABILITIES_TO_NATIVE, codes.VULNERABILITIES),
        (codes.NEEDS_TO_NATIVE, codes.NEEDS),
        (codes.DOCUMENT_STATUSES_TO_NATIVE, codes.DOCUMENT_STATUSES),
        (codes.ASSISTANCE_STATUSES_TO_NATIVE, codes.ASSISTANCE_STATUSES),
    ]
    for inverse, forward in pairs:
        for ours, native in inverse.items():
            assert forward[native] == ours


def test_special_categories_have_their_own_native_codes() -> None:
    health = {code for code, ours in codes.VULNERABILITIES.items() if ours == "medical_condition"}
    assert health == {"MEDICAL", "MENTAL_HEALTH"}
    assert codes.VULNERABILITIES["DISABILITY"] == "disability"
    assert "MEDICAL" in codes.UNMAPPED["budget_categories"]
