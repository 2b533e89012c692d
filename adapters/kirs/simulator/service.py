# ruff: noqa: RUF001 - Serbian Cyrillic words spelt only with letters that look Latin
"""The simulated readmission service's SOAP endpoint: ``POST /soap``, five operations.

Each request is read as KIRS's bus gateway reads it: refused over 1 MiB (413), parsed with
defusedxml without DTDs or entities (anything else is a ``soap:Client`` fault, 400), signed in
with the WS-Security UsernameToken (``wsse:FailedAuthentication``, 401), its ``SOAPAction``
matched to the body, then answered by the operation. An operation that fails unexpectedly
answers ``soap:Server`` with 500, as KIRS's own service does.
"""

import secrets
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar
from xml.etree.ElementTree import Element

from starlette.requests import Request
from starlette.responses import Response

from adapters.kirs import messages, soap, xmlcodec
from adapters.kirs.native import NAMESPACE, FaultCode, KirsFormatError
from adapters.kirs.simulator.receptions import ReceptionRegister
from adapters.kirs.simulator.referrals import (
    NotCancellable,
    OtherReferral,
    ReferralDesk,
    cancellation_receipt_of,
    history_of,
    receipt_of,
)
from adapters.kirs.simulator.validation import (
    cancellation_problems,
    referral_problems,
    valid_jmbg,
)

Operation = Callable[["KirsService", Element], Element]
Message = TypeVar("Message")


class SoapFailure(Exception):
    """Ends a request with a SOAP Fault and an HTTP status."""

    def __init__(self, fault: soap.Fault, status: int = 400) -> None:
        super().__init__(fault.message)
        self.fault = fault
        self.status = status


def client_fault(code: str, message: str, status: int = 400) -> SoapFailure:
    """A ``soap:Client`` fault with KIRS's code."""
    return SoapFailure(soap.Fault(code=soap.CLIENT, message=message, detail_code=code), status)


@dataclass
class KirsService:
    """The readmission service: its records, its referral desk and the one account it knows."""

    receptions: ReceptionRegister
    referrals: ReferralDesk
    credentials: soap.Credentials

    async def endpoint(self, request: Request) -> Response:
        """``POST /soap``: one SOAP 1.1 request, one SOAP response or fault."""
        try:
            message = soap.read_message(await _body(request))
            self._sign_in(message)
            operation = _operation(request, message.payload)
            answer = OPERATIONS[operation](self, message.payload)
        except soap.UnreadableMessage as error:
            status = 413 if error.code == FaultCode.MESSAGE_TOO_LARGE else 400
            return _fault(client_fault(error.code, f"Захтев није исправан: {error}.", status))
        except SoapFailure as failure:
            return _fault(failure)
        except Exception:  # KIRS answers any failure of its own with a fault, never a crash
            return _fault(SoapFailure(_server_fault(), 500))
        return Response(soap.envelope(answer), media_type=soap.CONTENT_TYPE)

    def _sign_in(self, message: soap.Message) -> None:
        given = soap.credentials_of(message)
        expected = self.credentials
        valid = given is not None and all(
            (
                secrets.compare_digest(given.username.encode(), expected.username.encode()),
                secrets.compare_digest(given.password.encode(), expected.password.encode()),
            )
        )
        if not valid:
            fault = soap.Fault(
                code=soap.FAILED_AUTHENTICATION,
                message="Корисничко име или лозинка нису исправни.",
            )
            raise SoapFailure(fault, 401)

    def get_reception(self, payload: Element) -> Element:
        """``PreuzmiPrijem``."""
        number = _required(payload, "BrojPrijema")
        reception = self.receptions.get(number)
        if reception is None:
            raise client_fault(FaultCode.RECEPTION_NOT_FOUND, "Пријем са тим бројем не постоји.")
        return messages.response(messages.GET_RECEPTION, reception)

    def search_by_jmbg(self, payload: Element) -> Element:
        """``PretraziPoJMBG``: KIRS searches by JMBG only, and checks it first."""
        jmbg = _required(payload, "JMBG")
        if not valid_jmbg(jmbg):
            raise client_fault(FaultCode.INVALID_JMBG, "ЈМБГ није исправан.")
        return messages.response(messages.SEARCH_BY_JMBG, *self.receptions.by_jmbg(jmbg))

    def receive_referral(self, payload: Element) -> Element:
        """``PrimiUput``: stored once per ``IdentifikatorZahteva``."""
        key, uput = _checked(payload, messages.read_referral_request, referral_problems)
        uput_xml = ET.tostring(xmlcodec.write_referral(uput), encoding="unicode")
        referral, duplicate = self.referrals.receive(key, uput, uput_xml)
        receipt = xmlcodec.write_receipt(receipt_of(referral, duplicate=duplicate))
        return messages.response(messages.RECEIVE_REFERRAL, receipt)

    def referral_status(self, payload: Element) -> Element:
        """``StatusUputa``: the referral's history, oldest first."""
        referral = self.referrals.find(_required(payload, "BrojUputa"))
        if referral is None:
            raise client_fault(FaultCode.REFERRAL_NOT_FOUND, "Упут са тим бројем не постоји.")
        history = xmlcodec.write_history(history_of(referral))
        return messages.response(messages.REFERRAL_STATUS, history)

    def cancel_referral(self, payload: Element) -> Element:
        """``StornirajUput``: withdrawn once; again, or withdrawn already, answers ``Duplikat``."""
        key, storno = _checked(payload, messages.read_cancellation_request, cancellation_problems)
        try:
            withdrawn = self.referrals.cancel(
                storno.broj_uputa,
                key,
                sender_number=storno.broj_uputa_posiljaoca,
                reason=storno.razlog,
                requested_at=storno.vreme_storniranja,
            )
        except NotCancellable as error:
            message = f"Упут се више не може сторнирати: {error}."
            raise client_fault(FaultCode.REFERRAL_NOT_CANCELLABLE, message) from None
        except OtherReferral as error:
            raise _invalid([str(error)]) from None
        if withdrawn is None:
            raise client_fault(FaultCode.REFERRAL_NOT_FOUND, "Упут са тим бројем не постоји.")
        referral, duplicate = withdrawn
        receipt = cancellation_receipt_of(referral, duplicate=duplicate)
        answer = xmlcodec.write_cancellation_receipt(receipt)
        return messages.response(messages.CANCEL_REFERRAL, answer)


OPERATIONS: dict[str, Operation] = {
    messages.GET_RECEPTION: KirsService.get_reception,
    messages.SEARCH_BY_JMBG: KirsService.search_by_jmbg,
    messages.RECEIVE_REFERRAL: KirsService.receive_referral,
    messages.REFERRAL_STATUS: KirsService.referral_status,
    messages.CANCEL_REFERRAL: KirsService.cancel_referral,
}


async def _body(request: Request) -> bytes:
    """The request body, refused unread beyond the size limit."""
    limit = soap.MAX_MESSAGE_BYTES
    too_large = soap.UnreadableMessage(f"larger than {limit} bytes", FaultCode.MESSAGE_TOO_LARGE)
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise too_large
    return bytes(body)


def _operation(request: Request, payload: Element) -> str:
    """The operation the body asks for, which the ``SOAPAction`` header must name too."""
    operation = payload.tag.rpartition("}")[2]
    if not payload.tag.startswith(f"{{{NAMESPACE}}}") or operation not in OPERATIONS:
        raise client_fault(FaultCode.UNKNOWN_OPERATION, "Операција није позната.")
    if request.headers.get("soapaction", "") != soap.soap_action(operation):
        raise client_fault(FaultCode.SOAP_ACTION_MISMATCH, "SOAPAction не одговара поруци.")
    return operation


def _required(payload: Element, name: str) -> str:
    value = (payload.findtext(xmlcodec.tag(name)) or "").strip()
    if not value:
        raise _invalid([f"{name}: missing"])
    return value


def _checked(
    payload: Element,
    read: Callable[[Element], tuple[str, Message]],
    problems_of: Callable[[Message], list[str]],
) -> tuple[str, Message]:
    """The key and the message ``read`` finds in ``payload``, refused unless KIRS's rules pass."""
    try:
        key, message = read(payload)
    except KirsFormatError as error:
        raise _invalid(error.problems) from None
    problems = problems_of(message)
    if problems:
        raise _invalid(problems)
    return key, message


def _invalid(problems: list[str]) -> SoapFailure:
    return client_fault(FaultCode.INVALID_REQUEST, "Захтев није исправан: " + "; ".join(problems))


def _server_fault() -> soap.Fault:
    message = "Унутрашња грешка сервиса."
    return soap.Fault(code=soap.SERVER, message=message, detail_code=FaultCode.INTERNAL)


def _fault(failure: SoapFailure) -> Response:
    return Response(
        soap.fault_envelope(failure.fault), status_code=failure.status, media_type=soap.CONTENT_TYPE
    )
