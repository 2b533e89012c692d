"""What the referral and delivery routes write to the audit trail, for the route-table test.

``tests/audit/test_route_audit.py`` turns each entry into an ``Expect``: the actions a
successful call writes, how to make the call from its ``World``, its status, and what a call
naming nothing is answered (None where the path names no record: a code or an agency).
"""

from typing import Any

from gateway.delivery.settings import DeliverySettings
from tests.audit.world import Call, World
from tests.consent.conftest import consent_body

CALLBACK = "https://hooks.kirs.gov.rs/referrals"


def _nes_may_receive(world: World) -> None:
    body = consent_body(
        person_id=world.person,
        grantees=["nes"],
        purposes=["referral_handling"],
        categories=["identity", "needs"],
    )
    assert world.http.post("/v1/consents", json=body).status_code == 201


def referral_body(world: World) -> dict[str, Any]:
    _nes_may_receive(world)
    return {"person_id": world.person, "service": "employment_counselling", "needs": ["employment"]}


def referral(world: World) -> str:
    response = world.http.post("/v1/referrals", json=referral_body(world))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def job(world: World) -> str:
    made = referral(world)
    jobs = world.http.get("/v1/admin/deliveries", params={"kind": "referral"}).json()["items"]
    return str(next(item["id"] for item in jobs if item["referral_id"] == made))


def rule(world: World) -> str:
    rules = world.http.get("/v1/admin/routing-rules", params={"need_domain": "health"}).json()
    return str(rules[0]["id"])


def _allow_callbacks(world: World) -> None:
    world.http.app.state.delivery_settings = DeliverySettings(  # type: ignore[attr-defined]
        callback_hosts="kirs=hooks.kirs.gov.rs"
    )


def subscription_call(world: World) -> Call:
    _allow_callbacks(world)
    return Call(json={"callback_url": CALLBACK})


def subscription(world: World) -> str:
    _allow_callbacks(world)
    response = world.http.post("/v1/referral-subscriptions", json={"callback_url": CALLBACK})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def paused(world: World) -> Call:
    assert world.http.put("/v1/admin/delivery-pauses/nes", json={"reason": "maintenance"})
    return Call({"agency": "nes"})


def service_body() -> dict[str, Any]:
    return {
        "code": "job_club",
        "agency": "nes",
        "label_en": "Job club",
        "label_sr_latn": "Klub za traženje posla",
        "label_sr_cyrl": "Клуб за тражење посла",
        "need_domains": ["employment"],
    }


def rule_body() -> dict[str, Any]:
    return {"need_domain": "education", "service": "labour_market_training", "rank": 50}


IF_MATCH = {"If-Match": '"1"'}
ROUTES: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/v1/referrals"): {
        "success": ("referral.created",),
        "call": lambda w: Call(json=referral_body(w)),
        "status": 201,
    },
    ("GET", "/v1/referrals"): {"success": ("referral.listed",), "call": lambda w: Call()},
    ("GET", "/v1/referrals/overdue"): {"success": ("referral.listed",), "call": lambda w: Call()},
    ("POST", "/v1/referrals/suggest"): {
        "success": ("referral.suggested",),
        "call": lambda w: Call(json={"person_id": w.person}),
    },
    ("GET", "/v1/referrals/{referral_id}"): {
        "success": ("referral.read",),
        "call": lambda w: Call({"referral_id": referral(w)}),
    },
    ("POST", "/v1/referrals/{referral_id}/transitions"): {
        "success": ("referral.cancelled",),
        "call": lambda w: Call(
            {"referral_id": referral(w)}, {"status": "cancelled", "reason": "sent twice"}
        ),
    },
    ("GET", "/v1/referral-services"): {"success": (), "call": lambda w: Call()},
    ("GET", "/v1/admin/services"): {"success": (), "call": lambda w: Call()},
    ("POST", "/v1/admin/services"): {
        "success": ("service.created",),
        "call": lambda w: Call(json=service_body()),
        "status": 201,
    },
    ("GET", "/v1/admin/services/{code}"): {
        "success": (),
        "call": lambda w: Call({"code": "guardianship"}),
        "missing": None,
    },
    ("PATCH", "/v1/admin/services/{code}"): {
        "success": ("service.changed",),
        "call": lambda w: Call(
            {"code": "guardianship"}, {"default_due_days": 20}, headers=IF_MATCH
        ),
        "missing": None,
    },
    ("GET", "/v1/admin/routing-rules"): {"success": (), "call": lambda w: Call()},
    ("POST", "/v1/admin/routing-rules"): {
        "success": ("routing_rule.created",),
        "call": lambda w: Call(json=rule_body()),
        "status": 201,
    },
    ("GET", "/v1/admin/routing-rules/{rule_id}"): {
        "success": (),
        "call": lambda w: Call({"rule_id": rule(w)}),
    },
    ("PATCH", "/v1/admin/routing-rules/{rule_id}"): {
        "success": ("routing_rule.changed",),
        "call": lambda w: Call({"rule_id": rule(w)}, {"rank": 3}, headers=IF_MATCH),
    },
    ("DELETE", "/v1/admin/routing-rules/{rule_id}"): {
        "success": ("routing_rule.deleted",),
        "call": lambda w: Call({"rule_id": rule(w)}),
        "status": 204,
    },
    ("GET", "/v1/admin/deliveries"): {"success": (), "call": lambda w: Call()},
    ("POST", "/v1/admin/deliveries/redrive"): {
        "success": ("delivery.redriven",),
        "call": lambda w: Call(json={"agency": "nes"}),
    },
    ("GET", "/v1/admin/deliveries/{job_id}"): {
        "success": (),
        "call": lambda w: Call({"job_id": job(w)}),
    },
    ("POST", "/v1/admin/deliveries/{job_id}/redrive"): {
        "success": ("delivery.redriven",),
        "call": lambda w: Call({"job_id": job(w)}),
    },
    ("POST", "/v1/admin/deliveries/{job_id}/stop"): {
        "success": ("delivery.stopped",),
        "call": lambda w: Call({"job_id": job(w)}, {"reason": "NES asked us to wait"}),
    },
    ("GET", "/v1/admin/delivery-pauses"): {"success": (), "call": lambda w: Call()},
    ("GET", "/v1/admin/delivery-overview"): {"success": (), "call": lambda w: Call()},
    ("PUT", "/v1/admin/delivery-pauses/{agency}"): {
        "success": ("delivery.paused",),
        "call": lambda w: Call({"agency": "nes"}, {"reason": "NES maintenance tonight"}),
        "missing": None,
    },
    ("DELETE", "/v1/admin/delivery-pauses/{agency}"): {
        "success": ("delivery.resumed",),
        "call": paused,
        "status": 204,
        "missing": None,
    },
    ("POST", "/v1/referral-subscriptions"): {
        "success": ("referral_subscription.created",),
        "call": subscription_call,
        "status": 201,
    },
    ("GET", "/v1/referral-subscriptions"): {"success": (), "call": lambda w: Call()},
    ("DELETE", "/v1/referral-subscriptions/{subscription_id}"): {
        "success": ("referral_subscription.removed",),
        "call": lambda w: Call({"subscription_id": subscription(w)}),
        "status": 204,
    },
}
