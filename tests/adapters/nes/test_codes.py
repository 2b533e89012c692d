"""NES's code lists map totally to ours: every code maps or is unmapped with a reason."""

from typing import get_args

import pytest

from adapters.nes import codes
from adapters.nes.codes import CODE_MAPS, UNMAPPED, CodeMap
from gateway.codelists import code_list
from gateway.schema import agency


def our_codes(code_map: CodeMap[str]) -> set[str]:
    """The codes of our list, or the values the common schema fixes for a field."""
    if code_map.common_list.startswith("schema:"):
        model, field = code_map.common_list.removeprefix("schema:").split(".")
        annotation = getattr(agency, model).model_fields[field].annotation
        return set(get_args(annotation))
    return set(code_list(code_map.common_list).codes())


@pytest.mark.parametrize("code_map", CODE_MAPS, ids=lambda code_map: code_map.name)
def test_every_native_code_maps_or_is_unmapped_with_a_reason(code_map: CodeMap[str]) -> None:
    unmapped = UNMAPPED.get(code_map.name, {})
    assert set(code_map.labels) == set(code_map.to_common) | set(unmapped)
    assert not set(code_map.to_common) & set(unmapped)
    assert all(reason.strip() for reason in unmapped.values())
    assert set(code_map.to_common.values()) <= our_codes(code_map)


@pytest.mark.parametrize("code_map", CODE_MAPS, ids=lambda code_map: code_map.name)
def test_the_code_used_on_the_way_out_comes_back_as_the_same_code(code_map: CodeMap[str]) -> None:
    for ours in set(code_map.to_common.values()):
        assert code_map.common(code_map.required(ours)) == ours


def test_unmapped_names_only_lists_and_codes_that_exist() -> None:
    lists = {code_map.name: code_map for code_map in CODE_MAPS}
    for name, unmapped in UNMAPPED.items():
        assert set(unmapped) <= set(lists[name].labels), name


def test_ethnicity_never_maps() -> None:
    assert codes.HARD_TO_EMPLOY_REASON.common("roma") is None
    assert "ethnicity" in UNMAPPED["razlogTeskeZaposljivosti"]["roma"]


def test_every_labour_measure_and_need_of_ours_has_an_nes_code() -> None:
    for measure in code_list("labour_measures").codes():
        assert codes.MEASURE.native(measure) is not None
    for need in code_list("need_domains").codes():
        assert codes.NEED.native(need) is not None


def test_the_literals_of_codes_match_the_common_schema() -> None:
    assert set(get_args(codes.MeasureStatus)) == our_codes(codes.MEASURE_STATUS)
    assert set(get_args(codes.DocumentStatus)) == our_codes(codes.DOCUMENT_STATE)
    assert set(get_args(codes.Priority)) == our_codes(codes.PRIORITY)
    assert set(get_args(codes.UpdateStatus)) == our_codes(codes.REFERRAL_STATUS)


def test_an_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError, match="not a code of NES's list 'sifraMere'"):
        codes.MEASURE.common("XYZ")
