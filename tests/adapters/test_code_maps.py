"""Every agency's code maps are total, and lead back to the same code: one table, four agencies."""

from typing import Any

import pytest

from adapters.csw import codes as csw
from adapters.iom import codes as iom
from adapters.kirs import codes as kirs
from adapters.nes import codes as nes
from adapters.toolkit.codes import CodeMap, NotRepresentable, UnknownNativeCode

ALL_MAPS: list[CodeMap[Any, Any]] = [*csw.ALL_LISTS, *nes.CODE_MAPS, *kirs.ALL, *iom.CODE_MAPS]
MAPS = pytest.mark.parametrize(
    "code_map", ALL_MAPS, ids=[f"{code_map.agency}:{code_map.name}" for code_map in ALL_MAPS]
)

NO_AGENCY_CODE = {
    ("CSW", "prava.vrsta", "child_allowance"),
    ("CSW", "uput.posiljalac", "poverenik"),
    ("IOM", "budget_categories", "counselling"),
}
"""Our codes an agency has no word for, on purpose: the municipality decides child allowance
(not a centre); the data-protection Commissioner supervises but never refers anyone; IOM
counts counselling sessions, it does not budget counselling as a line."""
PARTIAL = {
    *(("KIRS", "countries"), ("KIRS", "agencies"), ("IOM", "agencies"), ("NES", "agencies")),
    *(("NES", "employment_register_statuses"), ("NES", "vulnerabilities")),
    ("NES", "document_types"),
}
"""Our lists an agency covers in part only: KIRS receives people from some states only; each
agency names only the agencies it deals with; NES's register has no category for a person
struck off it, counts only the reasons that make a job seeker hard to employ and asks only
for the documents a job seeker shows."""


@MAPS
def test_every_agency_code_is_mapped_or_unmapped_with_a_reason(code_map: CodeMap[str]) -> None:
    assert code_map.to_common, code_map.name
    assert len(set(code_map.codes)) == len(code_map.codes)
    assert set(code_map.to_common) | set(code_map.unmapped) == set(code_map.codes)
    assert not set(code_map.to_common) & set(code_map.unmapped)
    assert all(len(reason.strip()) > 20 for reason in code_map.unmapped.values())


@MAPS
def test_every_mapped_code_is_one_of_ours(code_map: CodeMap[str]) -> None:
    assert set(code_map.to_common.values()) <= code_map.common_codes()


@MAPS
def test_the_code_written_for_one_of_ours_comes_back_as_it(code_map: CodeMap[str]) -> None:
    for ours in set(code_map.to_common.values()):
        assert code_map.common(code_map.written(ours)) == ours
    for code in code_map.codes:
        assert code_map.common(code) == code_map.to_common.get(code)


@MAPS
def test_the_agency_has_a_code_for_each_of_ours_but_the_listed_exceptions(
    code_map: CodeMap[str],
) -> None:
    if (code_map.agency, code_map.common_list) in PARTIAL:
        return
    missing = {
        (code_map.agency, code_map.name, ours)
        for ours in code_map.common_codes()
        if code_map.native(ours) is None
    }
    assert missing <= NO_AGENCY_CODE


@MAPS
def test_an_unknown_code_is_refused_and_none_is_none(code_map: CodeMap[str]) -> None:
    with pytest.raises(UnknownNativeCode, match=f"is not a code of {code_map.agency}'s list"):
        code_map.common("no such code")
    with pytest.raises(NotRepresentable):
        code_map.written("no_such_code_of_ours")
    assert (code_map.common(None), code_map.native(None), code_map.written(None)) == (None,) * 3


def test_a_map_that_is_not_total_is_refused_when_built() -> None:
    with pytest.raises(ValueError, match="neither mapped nor unmapped"):
        CodeMap[str](
            agency="X",
            name="n",
            common_list="sexes",
            labels={"A": "a", "B": "b"},
            to_common={"A": "male"},
        )
    with pytest.raises(ValueError, match="mapped and unmapped"):
        CodeMap[str](
            agency="X",
            name="n",
            common_list="sexes",
            to_common={"A": "male"},
            unmapped={"A": "both at once, which cannot be"},
        )
    with pytest.raises(ValueError, match="does not mean"):
        CodeMap[str](
            agency="X",
            name="n",
            common_list="sexes",
            to_common={"A": "male", "B": "female"},
            preferred={"male": "B"},
        )
