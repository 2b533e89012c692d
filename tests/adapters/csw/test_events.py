"""``parse_event``: CSW's pushed ``решење`` events, well formed and not."""

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from adapters.base import InvalidNativePayload
from adapters.csw import CswAdapter, CswSettings
from gateway.schema.agency import DisabilityInformation

SAMPLE = Path(__file__).parent / "samples" / "dogadjaj_resenje.json"
JSON = "application/json; charset=utf-8"


@pytest.fixture
def adapter() -> CswAdapter:
    # parse_event does no I/O: a client that is never opened is enough.
    return CswAdapter(httpx.AsyncClient(), CswSettings())


def event(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    return body | changes


def decision(**changes: Any) -> dict[str, Any]:
    return event(resenje=event()["resenje"] | changes)


def problems_of(adapter: CswAdapter, body: bytes, content_type: str = JSON) -> list[str]:
    with pytest.raises(InvalidNativePayload) as raised:
        adapter.parse_event(body, content_type)
    assert raised.value.agency == "csw"
    return raised.value.problems


def encoded(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode()


def test_a_decision_event_is_read(adapter: CswAdapter) -> None:
    inbound = adapter.parse_event(SAMPLE.read_bytes(), JSON)
    assert (inbound.agency, inbound.kind) == ("csw", "decision")
    assert inbound.record is not None
    assert inbound.record.local_id == "СЦР-beograd-zemun-2026-0166"
    assert inbound.record.social_benefits is not None
    assert inbound.record.social_benefits.centre == "beograd-zemun"
    assert [b.benefit for b in inbound.record.social_benefits.benefits] == [
        "financial_social_assistance"
    ]


def test_a_care_allowance_decision_goes_only_to_the_disability_section(
    adapter: CswAdapter,
) -> None:
    body = decision(vrsta="туђа нега и помоћ", mesecniIznos=19978.0)
    inbound = adapter.parse_event(encoded(body), JSON)
    assert inbound.record is not None
    assert inbound.record.social_benefits is None
    assert inbound.record.disability == DisabilityInformation(
        has_disability=True, care_allowance=True
    )


def test_a_body_that_is_not_json_is_refused(adapter: CswAdapter) -> None:
    problems = problems_of(adapter, b'{"idDogadjaja": "b6f1')
    assert len(problems) == 1
    assert problems[0].startswith("body:")


def test_another_content_type_is_refused(adapter: CswAdapter) -> None:
    assert problems_of(adapter, SAMPLE.read_bytes(), "application/xml") == [
        "content type 'application/xml'"
    ]


def test_every_missing_or_wrong_field_is_named(adapter: CswAdapter) -> None:
    body = event(vreme="2026-02-03T10:42:17")
    del body["brojPredmeta"], body["resenje"]["vrsta"]
    problems = problems_of(adapter, encoded(body))
    assert {problem.split(":")[0] for problem in problems} == {
        "vreme",
        "brojPredmeta",
        "resenje.vrsta",
    }


def test_codes_outside_csw_lists_are_each_named(adapter: CswAdapter) -> None:
    body = event(vrsta="промена адресе", faza="мировање") | {
        "resenje": decision(status="непознат")["resenje"]
    }
    problems = problems_of(adapter, encoded(body))
    assert [problem.split(":")[0] for problem in problems] == [
        "vrsta",
        "faza",
        "resenje.status",
    ]


def test_a_child_allowance_is_not_a_centres_decision(adapter: CswAdapter) -> None:
    problems = problems_of(adapter, encoded(decision(vrsta="дечији додатак")))
    assert len(problems) == 1
    assert "municipality" in problems[0]


def test_a_decision_cannot_still_be_pending(adapter: CswAdapter) -> None:
    problems = problems_of(adapter, encoded(decision(status="у поступку")))
    assert problems == ["resenje.status: a decision cannot still be pending"]


def test_an_empty_event_id_is_named(adapter: CswAdapter) -> None:
    problems = problems_of(adapter, encoded(event(idDogadjaja="")))
    assert problems[0].startswith("idDogadjaja:")


def test_a_value_the_common_schema_refuses_is_named(adapter: CswAdapter) -> None:
    problems = problems_of(adapter, encoded(decision(mesecniIznos=27885.125)))
    assert len(problems) == 1
    assert "monthly_amount_rsd" in problems[0]
