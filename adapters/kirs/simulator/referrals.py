# ruff: noqa: RUF001, RUF002 - Serbian Cyrillic words spelt only with letters that look Latin
"""The simulated KIRS referral desk: referrals received, their numbers and status histories.

A referral is stored under the sender's ``IdentifikatorZahteva``: the same key again returns
the first receipt and stores nothing. KIRS numbers referrals ``UP-<year>-<serial>``. Statuses
move ``примљен`` → ``прихваћен`` | ``одбијен``, ``прихваћен`` → ``у обради`` → ``реализован``,
by the admin endpoint or, when ``auto_progress_seconds`` is set, by themselves: a step is due
that many seconds after the previous one and is applied when the referral is next read.
The sender may withdraw (``StornirajUput``) a referral that is ``примљен`` or ``прихваћен``: it
becomes ``сторниран``, with the reason in its history, and nothing moves it on. Withdrawing it
again answers as before and records nothing; one whose work started or ended is refused.
"""

import datetime as dt
from collections.abc import Callable
from typing import Any

from adapters.kirs.dates import BELGRADE, format_date_time
from adapters.kirs.native import (
    NO,
    YES,
    IstorijaUputa,
    PotvrdaStorna,
    PotvrdaUputa,
    PromenaStatusa,
    Uput,
)
from adapters.simulation import DocumentStore, due_steps

REFERRALS = "referrals"
NUMBERS = "referral_numbers"
RECEIVED = "примљен"
CANCELLED = "сторниран"
ACTIONS = {
    "accept": "прихваћен",
    "reject": "одбијен",
    "start": "у обради",
    "complete": "реализован",
}
NEXT: dict[str, frozenset[str]] = {
    RECEIVED: frozenset({"прихваћен", "одбијен", CANCELLED}),
    "прихваћен": frozenset({"у обради", CANCELLED}),
    "у обради": frozenset({"реализован"}),
}
"""The moves a referral may make; no admin action leads to ``сторниран``, only the sender."""
AUTOMATIC = {RECEIVED: "прихваћен", "прихваћен": "у обради", "у обради": "реализован"}

Clock = Callable[[], dt.datetime]


def belgrade_now() -> dt.datetime:
    """The time now in Belgrade."""
    return dt.datetime.now(BELGRADE)


class IllegalTransition(ValueError):
    """The referral's status cannot change that way."""


class NotCancellable(IllegalTransition):
    """The referral's work started or ended: the sender can no longer withdraw it."""


class OtherReferral(ValueError):
    """The withdrawal names a sender's number that is not the referral's."""


class ReferralDesk:
    """Receives referrals once per key, numbers them, and keeps their status histories."""

    def __init__(
        self, store: DocumentStore, *, auto_progress_seconds: float = 0, clock: Clock = belgrade_now
    ) -> None:
        self.store = store
        self.auto_progress = dt.timedelta(seconds=auto_progress_seconds)
        self.clock = clock

    def receive(self, key: str, uput: Uput, uput_xml: str) -> tuple[dict[str, Any], bool]:
        """The stored referral for ``key`` and whether the key was known already."""
        known = self.store.get(REFERRALS, key)
        if known is not None:
            return known, True
        now = self.clock()
        # No await between counting and inserting: one event loop cannot interleave them.
        number = f"UP-{now.year}-{self.store.count(REFERRALS) + 1:06d}"
        referral = {
            **{"brojUputa": number, "identifikatorZahteva": key},
            **{"brojUputaPosiljaoca": uput.broj_uputa_posiljaoca, "posiljalac": uput.posiljalac},
            **{"usluga": uput.usluga, "vremePrijema": now.isoformat(), "uput": uput_xml},
            "promene": [_change(RECEIVED, now)],
        }
        if not self.store.insert_new(REFERRALS, key, referral):
            return self.store.get(REFERRALS, key) or referral, True
        self.store.put(NUMBERS, number, {"identifikatorZahteva": key})
        return referral, False

    def find(self, number: str) -> dict[str, Any] | None:
        """The referral with KIRS's ``number``, its due automatic steps applied."""
        index = self.store.get(NUMBERS, number)
        if index is None:
            return None
        referral = self.store.get(REFERRALS, index["identifikatorZahteva"])
        return None if referral is None else self._progressed(referral)

    def all(self) -> list[dict[str, Any]]:
        """Every referral received, in the order of their keys, with its current status."""
        referrals = [self._progressed(referral) for _, referral in self.store.all(REFERRALS)]
        return [referral | {"status": referral["promene"][-1]["status"]} for referral in referrals]

    def act(
        self, number: str, action: str, *, reason: str | None, service_delivered: bool | None
    ) -> dict[str, Any] | None:
        """Apply an admin action (accept, reject, start, complete); None for an unknown number."""
        referral = self.find(number)
        if referral is None:
            return None
        status = ACTIONS[action]
        current = referral["promene"][-1]["status"]
        if status not in NEXT.get(current, frozenset()):
            raise IllegalTransition(f"a referral that is '{current}' cannot become '{status}'")
        change = _change(status, self.clock(), reason=reason, delivered=service_delivered)
        referral["promene"].append(change)
        self.store.put(REFERRALS, referral["identifikatorZahteva"], referral)
        return referral

    def cancel(
        self, number: str, key: str, *, sender_number: str, reason: str, requested_at: str
    ) -> tuple[dict[str, Any], bool] | None:
        """Withdraw a referral at its sender's request; None for an unknown number.

        Answers the referral and whether it was withdrawn already (then nothing is recorded).
        Steps due by now are applied first: a referral that started meanwhile is not withdrawn.
        """
        referral = self.find(number)
        if referral is None:
            return None
        if referral["brojUputaPosiljaoca"] != sender_number:
            raise OtherReferral("BrojUputaPosiljaoca: not the sender's number of this referral")
        current = referral["promene"][-1]["status"]
        if current == CANCELLED:
            return referral, True
        if CANCELLED not in NEXT.get(current, frozenset()):
            raise NotCancellable(f"a referral that is '{current}' cannot be withdrawn")
        referral["promene"].append(_change(CANCELLED, self.clock(), reason=reason))
        referral["storno"] = {"identifikatorZahteva": key, "vremeStorniranja": requested_at}
        self.store.put(REFERRALS, referral["identifikatorZahteva"], referral)
        return referral, False

    def _progressed(self, referral: dict[str, Any]) -> dict[str, Any]:
        last = referral["promene"][-1]
        since = dt.datetime.fromisoformat(last["vreme"])
        steps = due_steps(AUTOMATIC, last["status"], since, self.auto_progress, self.clock())
        for status, due in steps:
            delivered = True if status == "реализован" else None
            referral["promene"].append(_change(status, due, delivered=delivered))
        if steps:
            self.store.put(REFERRALS, referral["identifikatorZahteva"], referral)
        return referral


def _change(
    status: str, moment: dt.datetime, *, reason: str | None = None, delivered: bool | None = None
) -> dict[str, Any]:
    return {
        "status": status,
        "vreme": moment.isoformat(),
        "razlog": reason,
        "uslugaPruzena": delivered,
    }


def receipt_of(referral: dict[str, Any], *, duplicate: bool) -> PotvrdaUputa:
    """The ``PotvrdaUputa`` KIRS answers for a stored referral."""
    return PotvrdaUputa(
        broj_uputa=referral["brojUputa"],
        duplikat=YES if duplicate else NO,
        vreme_prijema=format_date_time(dt.datetime.fromisoformat(referral["vremePrijema"])),
    )


def cancellation_receipt_of(referral: dict[str, Any], *, duplicate: bool) -> PotvrdaStorna:
    """The ``PotvrdaStorna`` KIRS answers for a withdrawn referral: when KIRS recorded it."""
    withdrawn = next(c for c in reversed(referral["promene"]) if c["status"] == CANCELLED)
    return PotvrdaStorna(
        broj_uputa=referral["brojUputa"],
        duplikat=YES if duplicate else NO,
        vreme_storniranja=format_date_time(dt.datetime.fromisoformat(withdrawn["vreme"])),
    )


def history_of(referral: dict[str, Any]) -> IstorijaUputa:
    """The ``IstorijaUputa`` of a stored referral."""
    return IstorijaUputa(
        broj_uputa=referral["brojUputa"],
        broj_uputa_posiljaoca=referral["brojUputaPosiljaoca"],
        promene=tuple(_native_change(change) for change in referral["promene"]),
    )


def _native_change(change: dict[str, Any]) -> PromenaStatusa:
    delivered = change["uslugaPruzena"]
    return PromenaStatusa(
        status=change["status"],
        vreme=format_date_time(dt.datetime.fromisoformat(change["vreme"])),
        razlog=change["razlog"],
        usluga_pruzena=None if delivered is None else (YES if delivered else NO),
    )
