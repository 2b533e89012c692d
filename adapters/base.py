"""The interface every agency adapter implements, and the errors it may raise.

An adapter is the only code that speaks an agency system's native protocol. The gateway core
hands it common-schema objects (``gateway.schema.agency``) and gets common-schema objects back;
it never sees XML, Serbian field names or an agency's own code lists.

Errors: everything that goes wrong talking to an agency is an ``AdapterError``, so the core can
turn it into a per-source status and never into a 500::

    AdapterError
     ├── AdapterTimeout          the agency did not answer within the time given
     ├── AdapterUnavailable      not now: no connection, or a status below that says "later"
     ├── AdapterAuthFailure      the agency refused the adapter's own credentials
     ├── AdapterRejected         the agency understood and refused: final, not retried
     │    └── RecordNotFound     the agency has no record (person or referral) with that id
     ├── AdapterMalformedReply   the reply could not be read or does not fit the native format
     └── InvalidNativePayload    an inbound event pushed by the agency could not be read

What an HTTP status means is decided once, in ``adapters.toolkit.http.error_for_status``, and
every client (KIRS's too, for the status of its SOAP replies) applies it; a table test runs the
same statuses against each client. The delivery outbox retries every error but
``AdapterRejected``; the federated read reports ``unavailable`` for ``AdapterUnavailable``::

    401, 403                  AdapterAuthFailure    the adapter's credentials are refused
    404 on a record's path    RecordNotFound        a lookup: the agency has no such person;
                                                    a referral's status or withdrawal: the
                                                    agency does not know the referral
    404 on any other path     AdapterUnavailable    no such endpoint there (routing, deployment)
    408, 425, 429             AdapterUnavailable    "not now" (RETRYABLE_STATUSES): retried
    other 4xx                 AdapterRejected       the request is refused (400, 409 a referral
                                                    whose work started, 413, 422 ...): final
    5xx, 500 included         AdapterUnavailable    the agency's system failed: retried later
    1xx, 3xx                  AdapterMalformedReply not an answer the adapter can use

KIRS speaks SOAP: a SOAP Fault in a reply decides before the status does (a ``soap:Client``
fault is ``AdapterRejected``, or ``RecordNotFound`` for KIRS's "no such record" codes; a
``soap:Server`` fault a plain ``AdapterError``), except that 408, 425 and 429 are always
retried. KIRS posts every operation to one endpoint, so a bare 404 there is "no endpoint".

Adapters are built by configuration (see ``adapters.configured``): each agency package exposes
``create_adapter(http: httpx.AsyncClient) -> AgencyAdapter`` and reads its own settings
(``ADAPTER_<AGENCY>_...``, secrets as ``SecretStr``).

What adapters and simulators need from the gateway beyond the common schema comes through this
module: the shipped code lists and the identity helpers (JMBG, Serbian names in both scripts).
"""

from abc import ABC, abstractmethod

from pydantic import SecretStr
from pydantic_settings import BaseSettings

from gateway.codelists import Code, code_list
from gateway.identity.jmbg import InvalidJmbg, parse_jmbg
from gateway.identity.names import is_cyrillic, search_keys, to_cyrillic, to_latin
from gateway.schema.agency import (
    AgencyPersonRecord,
    InboundEvent,
    ReferralCancellation,
    ReferralDelivery,
    ReferralReceipt,
    ReferralUpdate,
)

__all__ = [
    "RETRYABLE_STATUSES",
    "AdapterAuthFailure",
    "AdapterError",
    "AdapterMalformedReply",
    "AdapterRejected",
    "AdapterSettings",
    "AdapterTimeout",
    "AdapterUnavailable",
    "AgencyAdapter",
    "Code",
    "InvalidJmbg",
    "InvalidNativePayload",
    "RecordNotFound",
    "code_list",
    "is_cyrillic",
    "parse_jmbg",
    "search_keys",
    "to_cyrillic",
    "to_latin",
]

RETRYABLE_STATUSES: frozenset[int] = frozenset({408, 425, 429})
"""HTTP 4xx answers that mean "not now" rather than "no": Request Timeout, Too Early, Too Many
Requests. They are ``AdapterUnavailable`` (the delivery outbox tries again with backoff), never
``AdapterRejected`` (which the outbox treats as final)."""


class AdapterError(Exception):
    """Talking to an agency's system failed."""

    def __init__(self, agency: str, message: str) -> None:
        super().__init__(f"{agency}: {message}")
        self.agency = agency
        self.message = message


class AdapterTimeout(AdapterError):
    """The agency did not answer in time."""


class AdapterUnavailable(AdapterError):
    """The agency's system cannot be reached or says it is down."""


class AdapterAuthFailure(AdapterError):
    """The agency refused the adapter's credentials."""


class AdapterRejected(AdapterError):
    """The agency understood the request and refused it."""


class RecordNotFound(AdapterRejected):
    """The agency holds no record with that id."""


class AdapterMalformedReply(AdapterError):
    """The agency's reply does not fit its native format."""


class InvalidNativePayload(AdapterError):
    """An event the agency pushed cannot be read; ``problems`` says where and why."""

    def __init__(self, agency: str, message: str, problems: list[str] | None = None) -> None:
        super().__init__(agency, message)
        self.problems = problems or []


class AdapterSettings(BaseSettings):
    """Settings every adapter has; each agency's settings class extends it with its secrets."""

    base_url: str
    timeout_seconds: float = 5.0
    credential: SecretStr | None = None


class AgencyAdapter(ABC):
    """One agency system, spoken to in its own language, answered in the common schema."""

    agency: str
    """The agency code (code list ``agencies``)."""

    @abstractmethod
    async def fetch_record(self, local_id: str) -> AgencyPersonRecord:
        """The agency's whole record of one person, by the agency's own id.

        Raises ``RecordNotFound`` when the agency has no such record.
        """

    @abstractmethod
    async def search(
        self, *, jmbg: str | None = None, family_name: str | None = None
    ) -> list[AgencyPersonRecord]:
        """Records matching a JMBG or a family name, where the agency allows searching.

        Raises ``AdapterRejected`` when the agency does not allow that search.
        """

    @abstractmethod
    async def send_referral(
        self, referral: ReferralDelivery, *, idempotency_key: str
    ) -> ReferralReceipt:
        """Deliver a referral; the same key delivered twice creates one referral at the agency."""

    @abstractmethod
    async def cancel_referral(
        self, cancellation: ReferralCancellation, *, idempotency_key: str
    ) -> None:
        """Tell the agency that the sender withdrew a referral it received.

        Telling it twice (the same key, or a referral the agency has as withdrawn already) is
        harmless. Raises ``RecordNotFound`` when the agency has no such referral and
        ``AdapterRejected`` when it can no longer withdraw it (its work started or ended).
        """

    @abstractmethod
    async def referral_updates(self, agency_reference: str) -> list[ReferralUpdate]:
        """What happened to a delivered referral since it was received, oldest first."""

    @abstractmethod
    def parse_event(self, body: bytes, content_type: str) -> InboundEvent:
        """Translate an event the agency pushed; raises ``InvalidNativePayload``. No I/O."""
