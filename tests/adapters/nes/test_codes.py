"""NES's own code lists, what is particular to them; totality is in ``test_code_maps``."""

from typing import get_args

import pytest

from adapters.nes import codes
from adapters.nes.codes import CODE_MAPS, UNMAPPED
from gateway.codelists import code_list


def test_unmapped_names_only_lists_and_codes_that_exist() -> None:
    lists = {code_map.name: code_map for code_map in CODE_MAPS}
    for name, unmapped in UNMAPPED.items():
        assert set(unmapped) <= set(lists[name].labels), name


def test_every_nes_code_has_a_label() -> None:
    for code_map in CODE_MAPS:
        assert set(code_map.labels) == set(code_map.codes), code_map.name


def test_ethnicity_never_maps() -> None:
    assert codes.HARD_TO_EMPLOY_REASON.common("roma") is None
    assert "ethnicity" in UNMAPPED["razlogTeskeZaposljivosti"]["roma"]


def test_every_labour_measure_and_need_of_ours_has_an_nes_code() -> None:
    for measure in code_list("labour_measures").codes():
        assert codes.MEASURE.native(measure) is not None
    for need in code_list("need_domains").codes():
        assert codes.NEED.native(need) is not None


def test_the_literals_of_codes_match_the_common_schema() -> None:
    assert set(get_args(codes.MeasureStatus)) == codes.MEASURE_STATUS.common_codes()
    assert set(get_args(codes.DocumentStatus)) == codes.DOCUMENT_STATE.common_codes()
    assert set(get_args(codes.Priority)) == codes.PRIORITY.common_codes()
    assert set(get_args(codes.UpdateStatus)) == codes.REFERRAL_STATUS.common_codes()


def test_an_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError, match="not a code of NES's list 'sifraMere'"):
        codes.MEASURE.common("XYZ")
