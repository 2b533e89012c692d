"""The KIRS readmission service's SOAP API over the gateway's shared ``httpx.AsyncClient``.

Every call posts one envelope, signed in with a WS-Security UsernameToken, to the service's
endpoint as one ``exchange`` under the settings' timeout. What goes wrong becomes an
``AdapterError``:

- no answer in time → ``AdapterTimeout``; no connection → ``AdapterUnavailable``;
- a reply that is not 200 and asks to come back later (408, 425, 429) → ``AdapterUnavailable``,
  whatever fault it carries (a bus that throttles may wrap its answer in a ``soap:Client``);
- otherwise a SOAP Fault decides when there is one: ``FailedAuthentication`` →
  ``AdapterAuthFailure``; ``soap:Client`` → ``AdapterRejected``, or ``RecordNotFound`` for
  KIRS's "no such reception / referral" codes (KIRS never says that with an HTTP 404);
  ``soap:Server`` → plain ``AdapterError``: KIRS answered and failed, neither down nor refusing;
- a status without a fault means what ``error_for_status`` says for every adapter
  (``adapters.base``); every operation posts to one endpoint, so a bare 404 is "no endpoint";
- a reply over the size limit, not well-formed, with a DTD, or not in the native format →
  ``AdapterMalformedReply``.
"""

from collections.abc import Callable
from typing import TypeVar
from xml.etree.ElementTree import Element

import httpx

from adapters.base import (
    RETRYABLE_STATUSES,
    AdapterAuthFailure,
    AdapterError,
    AdapterMalformedReply,
    AdapterRejected,
    RecordNotFound,
)
from adapters.kirs import messages, soap
from adapters.kirs.config import KirsSettings
from adapters.kirs.native import (
    NAMESPACE,
    NOT_FOUND_CODES,
    IstorijaUputa,
    KirsFormatError,
    PotvrdaStorna,
    PotvrdaUputa,
    PrijemOsobe,
    StornoUputa,
    Uput,
)
from adapters.toolkit.http import error_for_status, exchange

AGENCY = "kirs"
T = TypeVar("T")


class KirsClient:
    """The five operations of the KIRS readmission service, in native terms."""

    def __init__(self, http: httpx.AsyncClient, settings: KirsSettings) -> None:
        self.http = http
        self.settings = settings

    async def reception(self, local_id: str) -> PrijemOsobe:
        """``PreuzmiPrijem``: one reception record by its number."""
        payload = messages.request(messages.GET_RECEPTION, BrojPrijema=local_id)
        reply = await self.call(messages.GET_RECEPTION, payload)
        return _native(messages.read_reception_response, reply)

    async def receptions_by_jmbg(self, jmbg: str) -> list[PrijemOsobe]:
        """``PretraziPoJMBG``: the reception records of one JMBG."""
        payload = messages.request(messages.SEARCH_BY_JMBG, JMBG=jmbg)
        reply = await self.call(messages.SEARCH_BY_JMBG, payload)
        return _native(messages.read_search_response, reply)

    async def send_referral(self, idempotency_key: str, uput: Uput) -> PotvrdaUputa:
        """``PrimiUput``: deliver a referral under the sender's idempotency key."""
        payload = messages.referral_request(idempotency_key, uput)
        reply = await self.call(messages.RECEIVE_REFERRAL, payload)
        return _native(messages.read_receipt_response, reply)

    async def referral_history(self, reference: str) -> IstorijaUputa:
        """``StatusUputa``: a referral's status history by KIRS's number."""
        payload = messages.request(messages.REFERRAL_STATUS, BrojUputa=reference)
        reply = await self.call(messages.REFERRAL_STATUS, payload)
        return _native(messages.read_status_response, reply)

    async def cancel_referral(self, idempotency_key: str, storno: StornoUputa) -> PotvrdaStorna:
        """``StornirajUput``: withdraw a referral under the sender's idempotency key."""
        payload = messages.cancellation_request(idempotency_key, storno)
        reply = await self.call(messages.CANCEL_REFERRAL, payload)
        return _native(messages.read_cancellation_response, reply)

    async def call(self, operation: str, payload: Element) -> Element:
        """Post one operation; the response payload, or an ``AdapterError``."""
        body = soap.envelope(payload, credentials=self._credentials())
        status, reply = await self._post(operation, body)
        if status != 200:
            raise error_for_reply(status, reply)
        message = _message(reply, self.settings.max_reply_bytes)
        fault = soap.read_fault(message.payload)
        if fault is not None:
            raise error_for_fault(fault)
        if message.payload.tag != f"{{{NAMESPACE}}}{messages.response_name(operation)}":
            raise AdapterMalformedReply(AGENCY, f"the reply to {operation} is another message")
        return message.payload

    def _credentials(self) -> soap.Credentials:
        return soap.Credentials(
            username=self.settings.username.get_secret_value(),
            password=self.settings.password.get_secret_value(),
        )

    async def _post(self, operation: str, body: bytes) -> tuple[int, bytes]:
        headers = {"Content-Type": soap.CONTENT_TYPE, "SOAPAction": soap.soap_action(operation)}
        seconds = self.settings.timeout_seconds
        async with (
            exchange(AGENCY, seconds, system=f"KIRS ({operation})"),
            self.http.stream(
                "POST", self.settings.endpoint, content=body, headers=headers, timeout=seconds
            ) as response,
        ):
            return response.status_code, await self._read(response)

    async def _read(self, response: httpx.Response) -> bytes:
        """The reply body, refused unread beyond the size limit."""
        limit = self.settings.max_reply_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise AdapterMalformedReply(AGENCY, f"the reply is larger than {limit} bytes")
        body = bytearray()
        async for chunk in response.aiter_bytes():
            body += chunk
            if len(body) > limit:
                raise AdapterMalformedReply(AGENCY, f"the reply is larger than {limit} bytes")
        return bytes(body)


def _message(reply: bytes, limit: int) -> soap.Message:
    try:
        return soap.read_message(reply, limit=limit)
    except soap.UnreadableMessage as error:
        raise AdapterMalformedReply(AGENCY, f"the reply is unreadable: {error}") from None


def _native(read: Callable[[Element], T], payload: Element) -> T:
    try:
        return read(payload)
    except KirsFormatError as error:
        raise AdapterMalformedReply(AGENCY, f"the reply is not in KIRS's format: {error}") from None


def error_for_fault(fault: soap.Fault) -> AdapterError:
    """The adapter error a SOAP Fault stands for."""
    described = f"SOAP fault {fault.code}/{fault.detail_code or '-'}: {fault.message}"
    if fault.code == soap.FAILED_AUTHENTICATION:
        return AdapterAuthFailure(AGENCY, described)
    if fault.code == soap.CLIENT and fault.detail_code in NOT_FOUND_CODES:
        return RecordNotFound(AGENCY, described)
    if fault.code == soap.CLIENT:
        return AdapterRejected(AGENCY, described)
    return AdapterError(AGENCY, described)


def error_for_reply(status: int, reply: bytes) -> AdapterError:
    """The adapter error of a reply that is not 200: its SOAP Fault if any, else its status.

    A status that asks to come back later (408, 425, 429) is retried whatever fault it carries:
    a bus that throttles may wrap its answer in a ``soap:Client`` fault.
    """
    fault = None
    if status not in RETRYABLE_STATUSES:
        try:
            fault = soap.read_fault(soap.read_message(reply).payload)
        except soap.UnreadableMessage:
            fault = None
    if fault is not None:
        return error_for_fault(fault)
    return error_for_status(AGENCY, status, detail="without a SOAP fault")
