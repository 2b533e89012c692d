"""CSW's own code lists, what is particular to them; totality is in ``test_code_maps``."""

import pytest

from adapters.csw.centres import centre_for, municipality_of
from adapters.csw.codes import RIGHTS, UNMAPPED, country_code, country_name
from adapters.csw.native import Centar
from adapters.toolkit.codes import UnknownNativeCode
from gateway.codelists import code_list


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
