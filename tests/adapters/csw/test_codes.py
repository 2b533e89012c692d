"""CSW's code lists map totally to ours: every code maps or is listed unmapped with a reason."""

import typing

import pytest

from adapters.csw.centres import centre_for, municipality_of
from adapters.csw.codes import (
    ALL_LISTS,
    RIGHTS,
    UNMAPPED,
    CodeMap,
    UnknownNativeCode,
    country_code,
    country_name,
)
from adapters.csw.native import Centar
from gateway.codelists import code_list
from gateway.schema import agency, person

NO_CSW_CODE = {("prava.vrsta", "child_allowance"), ("uput.posiljalac", "poverenik")}
"""Our codes CSW has no word for, on purpose: the municipality decides child allowance, and
the data-protection Commissioner supervises but never refers anyone."""
LISTS = pytest.mark.parametrize("codes", ALL_LISTS, ids=[m.name for m in ALL_LISTS])


def common_codes(codes: CodeMap[str]) -> list[str]:
    """The codes of the list (or schema literal) a CSW list maps to."""
    if not codes.common_list.startswith("schema:"):
        return code_list(codes.common_list).codes()
    model_name, field = codes.common_list.removeprefix("schema:").split(".")
    model = getattr(agency, model_name, None) or getattr(person, model_name)
    return list(typing.get_args(model.model_fields[field].annotation))


@LISTS
def test_every_csw_code_is_mapped_or_unmapped_with_a_reason(codes: CodeMap[str]) -> None:
    assert len(set(codes.codes)) == len(codes.codes)
    assert set(codes.to_common) | set(codes.unmapped) == set(codes.codes)
    assert not set(codes.to_common) & set(codes.unmapped)
    assert all(len(reason) > 20 for reason in codes.unmapped.values())


@LISTS
def test_every_mapped_code_is_one_of_ours(codes: CodeMap[str]) -> None:
    assert set(codes.to_common.values()) <= set(common_codes(codes))


@LISTS
def test_preferred_codes_are_csw_codes_with_that_meaning(codes: CodeMap[str]) -> None:
    for ours, native in codes.preferred.items():
        assert codes.to_common[native] == ours


@LISTS
def test_csw_has_a_code_for_each_of_ours_but_the_listed_exceptions(codes: CodeMap[str]) -> None:
    missing = {(codes.name, ours) for ours in common_codes(codes) if codes.native(ours) is None}
    assert missing <= NO_CSW_CODE


def test_child_allowance_is_never_a_csw_decision() -> None:
    assert RIGHTS.common("дечији додатак") is None
    assert "municipality" in UNMAPPED["prava.vrsta"]["дечији додатак"]
    assert RIGHTS.native("child_allowance") is None


def test_unmapped_codes_are_counted_by_list() -> None:
    assert sum(len(reasons) for reasons in UNMAPPED.values()) == 12


def test_a_code_outside_the_list_is_refused_and_an_unmapped_one_explained() -> None:
    with pytest.raises(UnknownNativeCode, match="not a code"):
        RIGHTS.common("социјална карта")
    with pytest.raises(UnknownNativeCode, match="municipality"):
        RIGHTS.mapped("дечији додатак")


def test_every_country_name_leads_back_to_its_code() -> None:
    for country in code_list("countries").codes():
        assert country_code(country_name(country)) == country
    assert country_name("DE") == "Немачка"
    with pytest.raises(UnknownNativeCode):
        country_code("Германија")


def test_every_municipality_has_a_centre_that_leads_back_to_it() -> None:
    for municipality in code_list("municipalities").codes():
        centre = centre_for(municipality)
        assert municipality_of(centre) == municipality
        assert municipality_of(Centar(naziv=centre.naziv)) == municipality
    assert centre_for("beograd-zemun").maticni_broj == "70157"
    with pytest.raises(UnknownNativeCode):
        municipality_of(Centar(maticni_broj="99999", naziv="Центар за социјални рад Атлантида"))
