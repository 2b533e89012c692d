# ruff: noqa: RUF001, RUF002 - Serbian Cyrillic words whose letters all look Latin (the preposition
# "u", "baba", "NSZ" in Cyrillic) are meant, not confusables.
"""The referral desk of the simulated CSW API, and its admin controls.

``POST /api/uputi`` takes an ``Uput`` with an ``Idempotency-Key`` header: a new key gets 201 and
a receipt numbered ``УП-<year>-<serial>``; a key seen before gets 200, the first receipt and
``Idempotent-Replayed: true``, and nothing new is stored; the same key with another body is
refused with 422, as the IETF idempotency-key draft advises. ``GET /api/uputi/{broj}`` answers
the status history.

``POST /api/uputi/{broj}/otkaz`` takes the sender's withdrawal (``OtkazUputa``, with an
``Idempotency-Key`` header): a referral still примљен or прихваћен becomes отказан, its
history noting the reason; a referral отказан already, or the same key again, is answered the
same way with ``Idempotent-Replayed: true`` and nothing new noted; a referral у реализацији,
реализован or одбијен is refused with 409, an unknown number with 404, a key used for another
referral's withdrawal or a sender's number that is not the referral's with 422. A withdrawn
referral moves no further, by hand or by itself.

A referral moves примљен → прихваћен | одбијен, прихваћен → у реализацији | одбијен,
у реализацији → реализован. ``POST /_admin/referrals/{broj}/{accept|reject|start|complete}``
moves it by hand (body: ``reason``, ``service_delivered``); with ``auto_progress_seconds`` set,
each step after примљен is taken by itself once that long has passed since the last one (worked
out when the referral is next read, so no background task is needed).
"""

import datetime as dt
import hashlib
import json
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from adapters.csw.codes import NEEDS, PRIORITIES, SENDERS
from adapters.csw.native import CANCELLED, OtkazUputa, Uput
from adapters.csw.simulator.auth import error
from adapters.csw.simulator.cases import CASES
from adapters.simulation import ADMIN_PREFIX, DocumentStore, due_steps
from adapters.toolkit.http import IDEMPOTENCY_HEADER, REPLAYED_HEADER

REFERRALS = "uputi"
KEYS = "kljucevi"
CANCEL_KEYS = "kljucevi_otkaza"
BELGRADE = ZoneInfo("Europe/Belgrade")
RECEIVED = "примљен"
ACTIONS = {
    "accept": ("прихваћен", frozenset({RECEIVED})),
    "reject": ("одбијен", frozenset({RECEIVED, "прихваћен"})),
    "start": ("у реализацији", frozenset({"прихваћен"})),
    "complete": ("реализован", frozenset({"у реализацији"})),
}
"""Each admin action: the state it leads to and the states it may leave."""
AUTO_NEXT = {RECEIVED: "прихваћен", "прихваћен": "у реализацији", "у реализацији": "реализован"}
CANCELLABLE = frozenset({RECEIVED, "прихваћен"})
"""The states a sender may still withdraw a referral from: the centre's work has not begun."""


class Refused(Exception):
    """A request the desk refuses; carries CSW's error response."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


class ReferralDesk:
    """Receives referrals into ``store`` and reports and moves their status."""

    def __init__(self, store: DocumentStore, *, auto_progress_seconds: float = 0.0) -> None:
        self.store = store
        self.auto_progress = dt.timedelta(seconds=auto_progress_seconds)

    def routes(self) -> list[Route]:
        """The API and admin routes of the desk."""
        return [
            Route("/api/uputi", self.receive, methods=["POST"]),
            Route("/api/uputi/{broj}", self.status, methods=["GET"]),
            Route("/api/uputi/{broj}/otkaz", self.cancel, methods=["POST"]),
            Route(f"{ADMIN_PREFIX}/referrals", self.list_all, methods=["GET"]),
            Route(f"{ADMIN_PREFIX}/referrals/{{broj}}/{{action}}", self.act, methods=["POST"]),
        ]

    async def receive(self, request: Request) -> Response:
        """Take a referral in, once per idempotency key."""
        try:
            key = _key(request)
            body = await request.body()
            referral = _referral(body, self.store)
            return self._receipt(key, referral, _fingerprint(referral))
        except Refused as refusal:
            return refusal.response

    async def status(self, request: Request) -> Response:
        """A referral's state and history."""
        referral = self._current(request.path_params["broj"])
        if referral is None:
            return error(
                404, "упут није пронађен", f"Упут {request.path_params['broj']} не постоји."
            )
        return JSONResponse(_state(referral))

    async def cancel(self, request: Request) -> Response:
        """Withdraw a referral at its sender's request, once."""
        number = request.path_params["broj"]
        try:
            key = _key(request)
            cancellation = _cancellation(await request.body())
            referral = self._current(number)
            if referral is None:
                return error(404, "упут није пронађен", f"Упут {number} не постоји.")
            return self._withdrawn(key, referral, cancellation)
        except Refused as refusal:
            return refusal.response

    async def list_all(self, _request: Request) -> Response:
        """Every referral received, with its key and history (admin)."""
        referrals = (self._current(number) for number, _ in self.store.all(REFERRALS))
        return JSONResponse({"referrals": [r for r in referrals if r is not None]})

    async def act(self, request: Request) -> Response:
        """Move a referral by hand (admin)."""
        number, action = request.path_params["broj"], request.path_params["action"]
        referral = self._current(number)
        if referral is None or action not in ACTIONS:
            return error(404, "непознат упут или радња", f"{number} / {action}")
        target, sources = ACTIONS[action]
        if referral["istorija"][-1]["status"] not in sources:
            return error(409, "недозвољена промена стања", f"{_last(referral)} → {target}")
        _append(referral, target, _now(), **_details(action, await _admin_body(request)))
        self.store.put(REFERRALS, number, referral)
        return JSONResponse(_state(referral))

    def _receipt(self, key: str, referral: Uput, fingerprint: str) -> Response:
        known = self.store.get(KEYS, key)
        if known is None:
            return self._store_new(key, referral, fingerprint)
        if known["otisak"] != fingerprint:
            raise Refused(error(422, "кључ је већ искоришћен", "Исти кључ, други упут."))
        stored = self.store.get(REFERRALS, known["broj"]) or {}
        return JSONResponse(stored["potvrda"], headers={REPLAYED_HEADER: "true"})

    def _store_new(self, key: str, referral: Uput, fingerprint: str) -> Response:
        received = _now()
        number = f"УП-{received.year}-{self.store.count(REFERRALS) + 1:06d}"
        receipt = {"broj": number, "status": RECEIVED, "primljen": received.isoformat()}
        self.store.put(KEYS, key, {"broj": number, "otisak": fingerprint})
        document: dict[str, Any] = {"broj": number, "kljuc": key, "uput": referral.wire()}
        document["potvrda"] = receipt
        document["istorija"] = [{"status": RECEIVED, "vreme": received.isoformat()}]
        self.store.put(REFERRALS, number, document)
        return JSONResponse(receipt, status_code=201, headers={REPLAYED_HEADER: "false"})

    def _withdrawn(self, key: str, referral: dict[str, Any], cancellation: OtkazUputa) -> Response:
        number = referral["broj"]
        known = self.store.get(CANCEL_KEYS, key)
        if known is not None and known["broj"] != number:
            raise Refused(error(422, "кључ је већ искоришћен", "Исти кључ, други упут."))
        if cancellation.broj_uputa_posiljaoca != referral["uput"]["brojUputaPosiljaoca"]:
            detail = f"Упут {number} није упут {cancellation.broj_uputa_posiljaoca}."
            raise Refused(error(422, "неисправан отказ", detail))
        if _last(referral) == CANCELLED:
            return JSONResponse(_state(referral), headers={REPLAYED_HEADER: "true"})
        if _last(referral) not in CANCELLABLE:
            detail = f"Упут је у стању „{_last(referral)}“ и више се не може отказати."
            raise Refused(error(409, "упут се не може отказати", detail))
        note = {"obrazlozenje": cancellation.obrazlozenje, "kljuc": key}
        _append(referral, CANCELLED, _now(), vremeOtkaza=cancellation.vreme.isoformat(), **note)
        self.store.put(CANCEL_KEYS, key, {"broj": number})
        self.store.put(REFERRALS, number, referral)
        return JSONResponse(_state(referral), headers={REPLAYED_HEADER: "false"})

    def _current(self, number: str) -> dict[str, Any] | None:
        """The referral with every automatic step that is due taken."""
        referral = self.store.get(REFERRALS, number)
        if referral is None or not self.auto_progress:
            return referral
        if _progress(referral, self.auto_progress, _now()):
            self.store.put(REFERRALS, number, referral)
        return referral


def _key(request: Request) -> str:
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if not key or len(key) > 255:
        raise Refused(error(400, "недостаје кључ", f"Заглавље {IDEMPOTENCY_HEADER} је обавезно."))
    return key


def _referral(body: bytes, store: DocumentStore) -> Uput:
    try:
        referral = Uput.model_validate_json(body)
    except ValidationError as problem:
        fields = ", ".join(".".join(map(str, e["loc"])) or "тело" for e in problem.errors())
        raise Refused(error(422, "неисправан упут", f"Неисправна поља: {fields}")) from None
    problems = _code_problems(referral)
    if referral.broj_predmeta and store.get(CASES, referral.broj_predmeta) is None:
        problems.append(f"предмет {referral.broj_predmeta} не постоји")
    if problems:
        raise Refused(error(422, "неисправан упут", "; ".join(problems)))
    return referral


def _cancellation(body: bytes) -> OtkazUputa:
    try:
        return OtkazUputa.model_validate_json(body)
    except ValidationError as problem:
        fields = ", ".join(".".join(map(str, e["loc"])) or "тело" for e in problem.errors())
        raise Refused(error(422, "неисправан отказ", f"Неисправна поља: {fields}")) from None


def _code_problems(referral: Uput) -> list[str]:
    checks = [(SENDERS.codes, referral.posiljalac), (PRIORITIES.codes, referral.hitnost)]
    checks += [(NEEDS.codes, need) for need in referral.potrebe]
    return [f"непозната вредност „{value}“" for codes, value in checks if value not in codes]


def _fingerprint(referral: Uput) -> str:
    canonical = json.dumps(referral.wire(), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _progress(referral: dict[str, Any], delay: dt.timedelta, now: dt.datetime) -> bool:
    """Take each automatic step that is due; True when any was taken."""
    since = dt.datetime.fromisoformat(referral["istorija"][-1]["vreme"])
    steps = due_steps(AUTO_NEXT, _last(referral), since, delay, now)
    for status, due in steps:
        _append(referral, status, due, **_details("complete" if status == "реализован" else ""))
    return bool(steps)


def _append(referral: dict[str, Any], status: str, when: dt.datetime, **details: Any) -> None:
    referral["istorija"].append({"status": status, "vreme": when.isoformat(), **details})


def _details(action: str, body: dict[str, Any] | None = None) -> dict[str, Any]:
    given = body or {}
    details: dict[str, Any] = {}
    if given.get("reason"):
        details["obrazlozenje"] = str(given["reason"])
    if action == "complete":
        details["uslugaPruzena"] = bool(given.get("service_delivered", True))
    return details


async def _admin_body(request: Request) -> dict[str, Any]:
    body = await request.body()
    if not body.strip():
        return {}
    try:
        parsed = json.loads(body)
    except json.JSONDecodeError:
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _state(referral: dict[str, Any]) -> dict[str, Any]:
    return {
        "broj": referral["broj"],
        "brojUputaPosiljaoca": referral["uput"]["brojUputaPosiljaoca"],
        "status": _last(referral),
        "istorija": referral["istorija"],
    }


def _last(referral: dict[str, Any]) -> str:
    return str(referral["istorija"][-1]["status"])


def _now() -> dt.datetime:
    return dt.datetime.now(BELGRADE)
