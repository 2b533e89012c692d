"""The published contract: openapi/openapi.json is the app's spec, and the app keeps to it."""

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from schemathesis.specs.openapi.checks import positive_data_acceptance

from gateway.codelists import code_list
from gateway.config import Settings
from gateway.identity.jmbg import make_jmbg
from gateway.main import create_app
from tests.conftest import Headers

READ_AND_REFER = ("returnees:read", "referrals:read", "referrals:write", "consents:read")
# Examples per operation and caller: about a minute for the whole spec on SQLite.
EXAMPLES = 5

SPEC = Path(__file__).parent.parent / "openapi" / "openapi.json"


def test_the_committed_spec_is_the_apps_spec() -> None:
    published = json.loads(SPEC.read_text(encoding="utf-8"))
    generated = create_app(Settings()).openapi()
    assert published == json.loads(json.dumps(generated)), (
        "openapi/openapi.json is out of date: run `make openapi` and commit it"
    )


def test_the_spec_is_openapi_3_1_with_problem_bodies() -> None:
    document = create_app(Settings()).openapi()
    assert document["openapi"].startswith("3.1")
    oauth_errors = {("/oauth/token", "400"), ("/oauth/token", "401")}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")) and (path, status) not in oauth_errors:
                    assert list(response["content"]) == ["application/problem+json"], (
                        method,
                        path,
                        status,
                    )


def _jmbgs() -> st.SearchStrategy[str]:
    born = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date.today())
    built = st.builds(_jmbg_or_none, born, st.sampled_from(["71", "80", "91"]), st.integers(0, 999))
    return built.filter(lambda jmbg: jmbg is not None)  # type: ignore[return-value]


def _jmbg_or_none(born: dt.date, region: str, serial: int) -> str | None:
    try:
        return make_jmbg(born, region, serial)
    except ValueError:
        return None


def _partial_dates() -> st.SearchStrategy[str]:
    born = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date.today())
    return st.tuples(born, st.sampled_from([4, 7, 10])).map(lambda pair: str(pair[0])[: pair[1]])


def _person_names() -> st.SearchStrategy[str]:
    letters = st.sampled_from("abcdefghijklmnopqrsšđčćžABCČĆDĐŠŽабвгдђежзијклљмнњопрстћуфхцчџш")
    word = st.text(letters, min_size=1, max_size=12)
    return st.lists(word, min_size=1, max_size=3).map(" ".join)


# The spec names these formats; what makes a value of them valid (a JMBG's check digit, a
# partial date that is a real day, the characters of a name) is said in their descriptions, and
# taught to the generator.
schemathesis.openapi.format("jmbg", _jmbgs())
schemathesis.openapi.format("partial-date", _partial_dates())
schemathesis.openapi.format("person-name", _person_names())

# Refusals of schema-valid requests that depend on stored data or on a relation between fields,
# which JSON Schema cannot say; each is documented in its operation's 404/409/422 response:
# (location of the error, start of its message) -> why the schema cannot rule it out.
DATA_DEPENDENT_REFUSALS = {
    ("query.cursor", "not a cursor this API issued"): "only a cursor the API issued is valid",
    ("body.service", "not a service of the catalogue"): "the service catalogue is data",
    ("_id", "there is no such "): "a person or household must be stored",
    ("body.service", "not an active service"): "the service catalogue is data",
    ("body.callback_url", "the host "): "the agency's callback allow-list is data",
    ("body.callback_url", "the URL cannot be read"): "URL syntax is more than a pattern",
    ("body.jmbg", "the JMBG encodes"): "the JMBG must agree with the sex and birth date",
    ("body.jwks", ""): "a key's material is checked by the JOSE library, not by a schema",
    ("body.", "Value error, the date is in the future"): "the schema cannot say 'today'",
    ("body", "Value error, the due date is in the past"): "the schema cannot say 'today'",
    ("body.valid_until", "must be after valid_from"): "an order between two fields",
    ("body.members", "Value error, a member cannot be their own guardian"): "a relation",
    ("body", "Value error, each need domain appears at most once"): "unique by a field",
    ("body.scopes", "Value error, one client may not hold"): "separation of duties",
    ("body", "Value error, give exactly one of"): "exactly one of two nullable fields",
    # A name's characters are Unicode letter categories (format person-name's description); a
    # JSON Schema pattern has no portable \p{L}, and a generator may fill a nullable name
    # without the format.
    ("_name", "Value error, a name cannot contain"): "letters of any script",
    ("_name", "Value error, a name needs at least one letter"): "letters of any script",
    ("_name", "Value error, the name is empty"): "letters of any script",
}


def _is_data_dependent(response: schemathesis.Response) -> bool:
    if response.status_code != 422:
        return False
    errors = response.json().get("errors") or [{}]
    return all(
        any(
            location in error.get("location", "") and error.get("message", "").startswith(text)
            for location, text in DATA_DEPENDENT_REFUSALS
        )
        for error in errors
    )


@schemathesis.check
def positive_data_acceptance_but_data_refusals(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case[Any]
) -> None:
    """Schemathesis's positive_data_acceptance, but a data-dependent 422 is a valid answer."""
    if not _is_data_dependent(response):
        positive_data_acceptance(ctx, response, case)


# Every check, with the statuses the spec gives meaning to: 428 is how a write without If-Match
# is refused (RFC 6585). The built-in positive_data_acceptance is replaced, not dropped, by the
# check above, which applies it to every response but the DATA_DEPENDENT_REFUSALS.
# Phases: the coverage phase is off because it builds values from a pattern alone, ignoring
# the formats registered above (it would send the JMBG 0000000000000 and the name "0"); the
# fuzzing phase uses them. Stateful testing is off for the time budget (see EXAMPLES).
_CONFIG = {
    # NUL cannot be stored and is refused at the edge with 422 (tests/test_bad_input.py;
    # tests/test_nasty_input.py sends it everywhere); lone surrogates are left out by the
    # utf-8 codec schemathesis generates strings with.
    "generation": {"allow-x00": False},
    "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
    "checks": {
        "positive_data_acceptance": {"enabled": False},
        "missing_required_header": {
            "expected-statuses": ["400", "401", "403", "406", "415", "422", "428"]
        },
    },
}


@pytest.fixture
def callers(client: TestClient, agency: Callable[..., Headers]) -> list[Headers]:
    """An admin's token with every scope, and an NES system's token for its own purpose."""
    admin = {"Authorization": client.headers["authorization"]}
    return [admin, agency("nes", "employment_services", READ_AND_REFER)]


@pytest.fixture
def api_schema(app: FastAPI) -> schemathesis.schemas.BaseSchema:
    """The app's spec, tested with every check schemathesis has."""
    config = schemathesis.Config.from_dict(_CONFIG)
    return schemathesis.openapi.from_asgi("/openapi.json", app, config=config)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,  # the same cases on every run: a new finding comes from a change
)
def test_the_api_keeps_to_its_spec(case: schemathesis.Case[Any], callers: list[Headers]) -> None:
    for caller in callers:
        case.call_and_validate(headers=caller)


def test_a_literal_path_is_not_taken_for_a_template(anonymous: TestClient) -> None:
    for method in ("GET", "OPTIONS", "DELETE"):
        for path in ("/v1/referrals/suggest", "/v1/admin/deliveries/redrive"):
            response = anonymous.request(method, path)
            assert response.status_code == 405, (method, path)
            assert response.headers["allow"] == "POST", (method, path)


def test_code_lists_are_enums_in_the_spec() -> None:
    document = create_app(Settings()).openapi()
    person = document["components"]["schemas"]["PersonCreate"]["properties"]
    (sex,) = [option for option in person["sex"]["anyOf"] if "enum" in option]
    assert sex["enum"] == code_list("sexes").codes()
    purpose = document["components"]["schemas"]["ConsentCreate"]["properties"]["purposes"]
    assert purpose["items"]["enum"] == code_list("purposes").codes()


def test_if_match_is_required_where_its_absence_is_refused() -> None:
    document = create_app(Settings()).openapi()
    patch = document["paths"]["/v1/persons/{person_id}"]["patch"]
    (if_match,) = [p for p in patch["parameters"] if p.get("name", "").lower() == "if-match"]
    assert if_match["required"] is True
    transition = document["paths"]["/v1/referrals/{referral_id}/transitions"]["post"]
    (optional,) = [p for p in transition["parameters"] if p.get("name", "").lower() == "if-match"]
    assert optional["required"] is False
