"""If-Match is compared strongly (RFC 9110 §13.1.1), and a header that cannot be read is 400."""

import pytest
from fastapi.testclient import TestClient

from gateway.concurrency import require_current
from gateway.errors import MalformedRequest, PreconditionFailed, PreconditionRequired
from tests.factories import person_body


@pytest.mark.parametrize(
    "if_match", ['"3"', "*", '"1", "3"', '"1","3"', ' "3" ', '"2" ,, "3"', 'W/"1", "3"']
)
def test_a_strong_match_with_the_current_version_passes(if_match: str) -> None:
    require_current(if_match, current_version=3)


@pytest.mark.parametrize("if_match", ['W/"3"', '"2"', '"2", W/"3"', '"3,4"', '""', "", ","])
def test_a_weak_or_other_tag_or_an_empty_list_never_matches(if_match: str) -> None:
    with pytest.raises(PreconditionFailed):
        require_current(if_match, current_version=3)


@pytest.mark.parametrize(
    "if_match", ["3", '"3', "W/3", 'w/"3"', '"3" "4"', '*, "3"', '"3";', 'W/ "3"', '"3\x7f"']
)
def test_a_header_that_is_not_an_entity_tag_list_is_400(if_match: str) -> None:
    with pytest.raises(MalformedRequest, match="If-Match"):
        require_current(if_match, current_version=3)


def test_no_header_is_428() -> None:
    with pytest.raises(PreconditionRequired):
        require_current(None, current_version=3)


def test_a_weak_etag_or_malformed_header_changes_nothing_through_the_api(
    client: TestClient,
) -> None:
    person = client.post("/v1/persons", json=person_body()).json()
    address = f"/v1/persons/{person['id']}"
    for if_match, status in (('W/"1"', 412), ("1", 400), ('"1" "2"', 400)):
        response = client.patch(
            address, json={"municipality": "novi-sad"}, headers={"If-Match": if_match}
        )
        assert response.status_code == status, (if_match, response.text)
        assert response.headers["content-type"] == "application/problem+json"
    assert client.get(address).json()["municipality"] == "vranje"
