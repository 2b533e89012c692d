"""The simulated referral desk: NES receives referrals once per key and reports their state.

Routes (``/api/v1`` needs the API key; ``/_admin`` is the loopback tool, without one):

- ``POST /api/v1/uputi`` with an ``Idempotency-Key`` header: 201 and a receipt
  (``brojUputa``); the same key again gives 200, the first receipt and
  ``Idempotent-Replayed: true``, and stores nothing; the same key with another body is 409;
- ``GET /api/v1/uputi/{brojUputa}``: the state and its history, oldest first;
- ``POST /api/v1/uputi/{brojUputa}/otkazivanje`` with an ``Idempotency-Key`` header and an
  ``OtkazivanjeUputa`` body: the sender withdraws the referral, which becomes ``otkazan`` with
  the reason in its history; 200 and the state. Withdrawing it again (the same key, or any key
  once it is ``otkazan``) gives 200, the state and ``Idempotent-Replayed: true`` and stores
  nothing; a referral whose work started or ended (``u_realizaciji``, ``realizovan``,
  ``odbijen``) is 409 ``UPUT_SE_NE_MOZE_OTKAZATI``; an unknown number, or a ``spoljniBroj``
  that is not the referral's, is 404 ``UPUT_NE_POSTOJI``; a key already used to withdraw
  another referral is 409 ``KLJUC_VEC_ISKORISCEN``;
- ``GET /_admin/referrals``: every referral received, as stored;
- ``POST /_admin/referrals/{brojUputa}/{accept|reject|start|complete}``, body optionally
  ``{"reason": ..., "service_delivered": ...}``: what a counsellor would do.

States: ``primljen`` -> ``prihvacen`` -> ``u_realizaciji`` -> ``realizovan``, or ``odbijen``
before the work starts, or ``otkazan`` when the sender withdraws it before the work starts
(neither a counsellor's action nor the automatic progress moves it on from there). With
``auto_progress_seconds`` > 0 a referral moves one step along that path each time the delay
has passed since its last change, as if a counsellor took it up. The progress is computed when
a referral is read, so no background task is needed.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from adapters.nes.events import problems
from adapters.nes.native import REFERRAL_CANCELLED, OtkazivanjeUputa, PromenaStatusa, Uput
from adapters.nes.simulator.errors import NesError
from adapters.simulation import ADMIN_PREFIX, DocumentStore, due_steps

REFERRALS = "uputi"
KEYS = "kljucevi"
CANCELLATION_KEYS = "kljucevi_otkazivanja"
PATH = "/api/v1/uputi"
RECEIVED = "primljen"
TRANSITIONS = {
    "accept": ("prihvacen", frozenset({RECEIVED})),
    "reject": ("odbijen", frozenset({RECEIVED, "prihvacen"})),
    "start": ("u_realizaciji", frozenset({"prihvacen"})),
    "complete": ("realizovan", frozenset({"u_realizaciji"})),
}
"""Admin action: the state it leads to and the states it may start from."""
CANCELLABLE = frozenset({RECEIVED, "prihvacen"})
"""States the sender may still withdraw a referral from: its work has not started."""
AUTOMATIC = {RECEIVED: "prihvacen", "prihvacen": "u_realizaciji", "u_realizaciji": "realizovan"}
DEFAULT_REJECTION = "Lice ne ispunjava uslove za traženu uslugu."
Clock = Callable[[], dt.datetime]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class CounsellorAction(BaseModel):
    """The body of an admin action."""

    model_config = ConfigDict(extra="forbid")

    reason: str | None = Field(default=None, max_length=200)
    service_delivered: bool | None = None


class ReferralDesk:
    """Referrals by NES number, and the idempotency keys they came with."""

    def __init__(
        self, store: DocumentStore, *, auto_progress_seconds: float = 0.0, clock: Clock = _now
    ) -> None:
        self._store = store
        self._delay = dt.timedelta(seconds=auto_progress_seconds)
        self._clock = clock

    def receive(self, referral: Uput, *, key: str) -> tuple[dict[str, Any], bool]:
        """The receipt, and True when the key was seen before (nothing new is stored)."""
        fingerprint = _fingerprint(referral)
        received_at = self._clock()
        number = f"UP-{received_at.year}-{self._store.count(REFERRALS) + 1:06d}"
        # The key's row is the arbiter: whoever stores it first owns the referral.
        if not self._store.insert_new(KEYS, key, {"brojUputa": number, "otisak": fingerprint}):
            return self._replay(self._store.get(KEYS, key) or {}, fingerprint), True
        document = _new_document(referral, number=number, key=key, received_at=received_at)
        self._store.put(REFERRALS, number, document)
        return _receipt(document), False

    def status(self, number: str) -> dict[str, Any]:
        """The referral's state and history as NES reports it."""
        return _public(self._load(number))

    def everything(self) -> list[dict[str, Any]]:
        """Every referral received, as stored, with any automatic progress applied."""
        return [self._progressed(document) for _, document in self._store.all(REFERRALS)]

    def act(self, number: str, action: str, details: CounsellorAction) -> dict[str, Any]:
        """Apply a counsellor's action; NesError 409 when the state does not allow it."""
        if action not in TRANSITIONS:
            raise NesError(404, "NEPOZNATA_AKCIJA", f"Akcija '{action}' ne postoji.")
        document = self._load(number)
        target, sources = TRANSITIONS[action]
        if document["status"] not in sources:
            message = f"Uput u statusu '{document['status']}' ne može preći u '{target}'."
            raise NesError(409, "NEDOZVOLJEN_PRELAZ", message)
        _append(document, _change(target, self._clock(), details))
        self._store.put(REFERRALS, number, document)
        return _public(document)

    def cancel(
        self, number: str, withdrawal: OtkazivanjeUputa, *, key: str
    ) -> tuple[dict[str, Any], bool]:
        """The state after the withdrawal, and True when it was withdrawn already."""
        document = self._load(number)
        if document["spoljniBroj"] != withdrawal.spoljni_broj:
            message = f"Uput broj {number} sa spoljnim brojem {withdrawal.spoljni_broj} ne postoji."
            raise NesError(404, "UPUT_NE_POSTOJI", message)
        known = self._store.get(CANCELLATION_KEYS, key)
        if known is not None and known.get("brojUputa") != number:
            message = "Ključ idempotentnosti je već iskorišćen za otkazivanje drugog uputa."
            raise NesError(409, "KLJUC_VEC_ISKORISCEN", message)
        if document["status"] == REFERRAL_CANCELLED:
            return _public(document), True
        if document["status"] not in CANCELLABLE:
            message = f"Uput u statusu '{document['status']}' ne može biti otkazan."
            raise NesError(409, "UPUT_SE_NE_MOZE_OTKAZATI", message)
        self._store.put(CANCELLATION_KEYS, key, {"brojUputa": number})
        document["otkazivanje"] = withdrawal.model_dump(mode="json") | {"kljuc": key}
        reason = CounsellorAction(reason=withdrawal.razlog)
        _append(document, _change(REFERRAL_CANCELLED, self._clock(), reason))
        self._store.put(REFERRALS, number, document)
        return _public(document), False

    def _replay(self, known: dict[str, Any], fingerprint: str) -> dict[str, Any]:
        if known.get("otisak") != fingerprint:
            message = "Ključ idempotentnosti je već iskorišćen za drugačiji uput."
            raise NesError(409, "KLJUC_VEC_ISKORISCEN", message)
        return _receipt(self._load(known["brojUputa"]))

    def _load(self, number: str) -> dict[str, Any]:
        document = self._store.get(REFERRALS, number)
        if document is None:
            raise NesError(404, "UPUT_NE_POSTOJI", f"Uput broj {number} ne postoji.")
        return self._progressed(document)

    def _progressed(self, document: dict[str, Any]) -> dict[str, Any]:
        """The document moved along the automatic path as far as the delay allows, and saved."""
        since = dt.datetime.fromisoformat(document["istorija"][-1]["vreme"])
        steps = due_steps(AUTOMATIC, document["status"], since, self._delay, self._clock())
        for status, due in steps:
            _append(document, _change(status, due, CounsellorAction()))
        if steps:
            self._store.put(REFERRALS, document["brojUputa"], document)
        return document


def _fingerprint(referral: Uput) -> str:
    canonical = json.dumps(referral.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _new_document(
    referral: Uput, *, number: str, key: str, received_at: dt.datetime
) -> dict[str, Any]:
    return {
        "brojUputa": number,
        "spoljniBroj": referral.spoljni_broj,
        "kljucIdempotentnosti": key,
        "primljenU": received_at.isoformat(),
        "uput": referral.model_dump(mode="json"),
        "status": RECEIVED,
        "istorija": [PromenaStatusa(status=RECEIVED, vreme=received_at).model_dump(mode="json")],
    }


def _change(status: str, at: dt.datetime, details: CounsellorAction) -> dict[str, Any]:
    reason = details.reason or (DEFAULT_REJECTION if status == "odbijen" else None)
    delivered = details.service_delivered
    if status == "realizovan" and delivered is None:
        delivered = True
    change = PromenaStatusa(status=status, vreme=at, razlog=reason, usluga_pruzena=delivered)
    return change.model_dump(mode="json")


def _append(document: dict[str, Any], change: dict[str, Any]) -> None:
    document["istorija"].append(change)
    document["status"] = change["status"]


def _receipt(document: dict[str, Any]) -> dict[str, Any]:
    return {
        "brojUputa": document["brojUputa"],
        "status": RECEIVED,
        "primljenU": document["primljenU"],
    }


def _public(document: dict[str, Any]) -> dict[str, Any]:
    fields = ("brojUputa", "spoljniBroj", "status", "istorija")
    return {name: document[name] for name in fields}


def routes(desk: ReferralDesk) -> list[Route]:
    """The referral endpoints and their admin tools."""

    async def receive(request: Request) -> JSONResponse:
        key = _idempotency_key(request)
        receipt, replayed = desk.receive(_referral(await request.body()), key=key)
        headers = {"Location": f"{PATH}/{receipt['brojUputa']}"}
        if replayed:
            headers["Idempotent-Replayed"] = "true"
        return JSONResponse(receipt, status_code=200 if replayed else 201, headers=headers)

    async def status(request: Request) -> JSONResponse:
        return JSONResponse(desk.status(request.path_params["broj"]))

    async def cancel(request: Request) -> JSONResponse:
        key = _idempotency_key(request)
        withdrawal = _withdrawal(await request.body())
        status, replayed = desk.cancel(request.path_params["broj"], withdrawal, key=key)
        headers = {"Idempotent-Replayed": "true"} if replayed else {}
        return JSONResponse(status, headers=headers)

    async def everything(_request: Request) -> JSONResponse:
        return JSONResponse(desk.everything())

    async def act(request: Request) -> JSONResponse:
        details = _counsellor_action(await request.body())
        params = request.path_params
        return JSONResponse(desk.act(params["reference"], params["action"], details))

    return [
        Route(PATH, receive, methods=["POST"]),
        Route(PATH + "/{broj}", status, methods=["GET"]),
        Route(PATH + "/{broj}/otkazivanje", cancel, methods=["POST"]),
        Route(f"{ADMIN_PREFIX}/referrals", everything, methods=["GET"]),
        Route(f"{ADMIN_PREFIX}/referrals/{{reference}}/{{action}}", act, methods=["POST"]),
    ]


def _idempotency_key(request: Request) -> str:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > 200:
        message = "Zaglavlje Idempotency-Key je obavezno (najviše 200 znakova)."
        raise NesError(400, "NEDOSTAJE_KLJUC_IDEMPOTENTNOSTI", message)
    return key


def _referral(body: bytes) -> Uput:
    try:
        return Uput.model_validate_json(body)
    except ValidationError as error:
        found = problems(error)
        raise NesError(422, "NEISPRAVAN_UPUT", "Uput nije ispravan.", found) from None


def _withdrawal(body: bytes) -> OtkazivanjeUputa:
    try:
        return OtkazivanjeUputa.model_validate_json(body)
    except ValidationError as error:
        found = problems(error)
        message = "Otkazivanje uputa nije ispravno."
        raise NesError(422, "NEISPRAVNO_OTKAZIVANJE", message, found) from None


def _counsellor_action(body: bytes) -> CounsellorAction:
    try:
        return CounsellorAction.model_validate_json(body or b"{}")
    except ValidationError as error:
        found = problems(error)
        raise NesError(422, "NEISPRAVAN_ZAHTEV", "Telo zahteva nije ispravno.", found) from None
