"""The service catalogue and routing rules: shipped as data, managed by admins."""

from collections.abc import Callable

from fastapi.testclient import TestClient

from gateway.referrals.seed import shipped_rows
from tests.conftest import Headers
from tests.referrals.helpers import grant, referral_body, register_person

SERVICE = {
    "code": "job_club",
    "agency": "nes",
    "label_en": "Job club",
    "label_sr_latn": "Klub za traženje posla",
    "label_sr_cyrl": "Клуб за тражење посла",
    "need_domains": ["employment"],
    "default_due_days": 20,
}


def test_the_shipped_catalogue_is_in_every_new_database(client: TestClient) -> None:
    services = client.get("/v1/admin/services").json()
    assert {service["code"] for service in services} == {
        row["code"] for row in shipped_rows("services")
    }
    by_agency = {(service["agency"], service["code"]) for service in services}
    assert {
        ("nes", "employment_counselling"),
        ("nes", "labour_market_training"),
        ("nes", "self_employment_subsidy"),
        ("csw", "financial_social_assistance"),
        ("csw", "one_time_aid"),
        ("csw", "residence_at_centre_address"),
        ("csw", "guardianship"),
        ("kirs", "housing_support_lap"),
        ("iom", "reintegration_grant"),
        ("iom", "in_kind_assistance"),
        ("iom", "medical_support"),
    } == by_agency
    rules = client.get("/v1/admin/routing-rules", params={"need_domain": "employment"}).json()
    assert {rule["service"] for rule in rules} >= {"employment_counselling", "reintegration_grant"}


def test_an_admin_adds_changes_and_retires_a_service(client: TestClient) -> None:
    created = client.post("/v1/admin/services", json=SERVICE)
    assert created.status_code == 201, created.text
    assert client.post("/v1/admin/services", json=SERVICE).status_code == 409
    path = "/v1/admin/services/job_club"
    assert client.patch(path, json={"default_due_days": 10}).status_code == 428
    changed = client.patch(path, json={"default_due_days": 10}, headers={"If-Match": '"1"'})
    assert changed.status_code == 200
    assert changed.json()["default_due_days"] == 10
    assert (
        client.patch(path, json={"label_en": None}, headers={"If-Match": '"2"'}).status_code == 422
    )
    retired = client.patch(path, json={"active": False}, headers={"If-Match": '"2"'})
    assert retired.json()["active"] is False
    active = client.get("/v1/referral-services").json()
    assert "job_club" not in {service["code"] for service in active}
    person = register_person(client)
    grant(client, person, "nes")
    refused = client.post("/v1/referrals", json=referral_body(person, service="job_club"))
    assert refused.status_code == 422


def test_an_admin_routes_a_need_to_a_service(client: TestClient) -> None:
    rule = {
        "need_domain": "education",
        "municipality": "nis",
        "service": "labour_market_training",
        "office": "NSZ filijala Niš",
        "rank": 5,
    }
    created = client.post("/v1/admin/routing-rules", json=rule)
    assert created.status_code == 201, created.text
    assert created.json()["agency"] == "nes"
    assert client.post("/v1/admin/routing-rules", json=rule).status_code == 409
    unknown = client.post("/v1/admin/routing-rules", json=rule | {"service": "no_such"})
    assert unknown.status_code == 422
    path = f"/v1/admin/routing-rules/{created.json()['id']}"
    changed = client.patch(path, json={"rank": 7}, headers={"If-Match": '"1"'})
    assert changed.json()["rank"] == 7
    assert client.get(path).json()["office"] == "NSZ filijala Niš"
    assert client.delete(path).status_code == 204
    assert client.get(path).status_code == 404


def test_the_catalogue_is_for_admins(client: TestClient, agency: Callable[..., Headers]) -> None:
    nes = agency("nes", "referral_handling", ("referrals:read", "referrals:write"))
    assert client.post("/v1/admin/services", json=SERVICE, headers=nes).status_code == 403
    assert client.get("/v1/admin/routing-rules", headers=nes).status_code == 403
