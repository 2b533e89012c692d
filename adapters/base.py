"""The interface every agency adapter implements, and the errors it may raise.

An adapter is the only code that speaks an agency system's native protocol. The gateway core
hands it common-schema objects (``gateway.schema.agency``) and gets common-schema objects back;
it never sees XML, Serbian field names or an agency's own code lists.

Errors: everything that goes wrong talking to an agency is an ``AdapterError``, so the core can
turn it into a per-source status and never into a 500::

    AdapterError
     ├── AdapterTimeout          the agency did not answer within the time given
     ├── AdapterUnavailable      connection refused, 502/503/504, 408/425/429, or the agency says
     │                           it is down: try again later
     ├── AdapterAuthFailure      the agency refused the adapter's own credentials
     ├── AdapterRejected         the agency understood and refused (other 4xx, SOAP client fault)
     │    └── RecordNotFound     the agency has no record with that id
     ├── AdapterMalformedReply   the reply could not be read or does not fit the native format
     └── InvalidNativePayload    an inbound event pushed by the agency could not be read

Adapters are built by configuration (see ``adapters.registry``): each agency package exposes
``create_adapter(http: httpx.AsyncClient) -> AgencyAdapter`` and reads its own settings
(``ADAPTER_<AGENCY>_...``, secrets as ``SecretStr``).
"""

from abc import ABC, abstractmethod

from pydantic import SecretStr
from pydantic_settings import BaseSettings

from gateway.schema.agency import (
    AgencyPersonRecord,
    InboundEvent,
    ReferralCancellation,
    ReferralDelivery,
    ReferralReceipt,
    ReferralUpdate,
)

RETRYABLE_STATUSES: frozenset[int] = frozenset({408, 425, 429})
"""HTTP 4xx answers that mean "not now" rather than "no": Request Timeout, Too Early, Too Many
Requests. Every client maps them to ``AdapterUnavailable`` (the delivery outbox tries again
with backoff), never to ``AdapterRejected`` (which the outbox treats as final)."""


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
